// The literal texts every match of an RE2 pattern must contain, so that a header block holding none of them can
// skip the pattern without loading the RE2 engine (re2js: ~10 ms of a message's start-up). Conservative: only
// runs of literal characters at the top level of the pattern, in sequence, count; anything the scan is unsure
// of ends a run, and top-level alternation or \Q...\E give up entirely ([]: the engine decides). With (?i) a run
// is ASCII only and is compared with the ASCII case folded, plus the two non-ASCII characters RE2 folds onto ASCII
// letters (U+212A KELVIN SIGN onto k, U+017F LONG S onto s). test/checks/required-literals.test.ts holds it to
// re2js: when these literals are missing, re2js never matches.

export interface Literal {
  readonly text: string; // lower-case when caseless
  readonly caseless: boolean;
}

const REPEAT = /^\{(\d+)(,\d*)?\}/;
const CLASS_ESCAPES = 'dDsSwWbBAzpP';
const isPunct = (c: string): boolean => /^[!-/:-@[-`{-~]$/.test(c);

/** Where a [...] class ends (the index after its ']'), or -1 if the scan cannot tell. */
function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++; // a leading ']' is a literal member
  while (j < p.length) {
    if (p[j] === '\\') j += 2;
    else if (p.startsWith('[:', j)) j = p.indexOf(':]', j + 2) < 0 ? -1 : p.indexOf(':]', j + 2) + 2;
    else if (p[j] === ']') return j + 1;
    else j++;
    if (j < 0) return -1;
  }
  return -1;
}

/** The literal runs every match of `pattern` contains; [] when there is nothing safe to say. */
export function requiredLiterals(pattern: string): Literal[] {
  const runs: Literal[] = [];
  let run = '';
  let caseless = false;
  let depth = 0;
  const end = (): void => {
    if (run && depth === 0) runs.push({ text: run, caseless });
    run = '';
  };
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i] ?? '';
    if (depth === 0 && (c === '*' || c === '?' || c === '+' || (c === '{' && REPEAT.test(pattern.slice(i))))) {
      const min = c === '+' ? 1 : c === '{' ? Number(REPEAT.exec(pattern.slice(i))?.[1]) : 0;
      if (min === 0) run = run.slice(0, -1); // the last literal may be absent
      end();
      i += c === '{' ? (REPEAT.exec(pattern.slice(i))?.[0].length ?? 1) : 1;
      if (pattern[i] === '?' || pattern[i] === '+') i++; // lazy or possessive: the same minimum
      continue;
    }
    if (c === '|' && depth === 0) return [];
    if (c === '(') {
      const flags = /^\(\?([imsU-]*)\)/.exec(pattern.slice(i));
      end();
      // A repetition right after a flag group repeats what came before it: too clever to follow.
      if (flags && /^[*+?{]/.test(pattern.slice(i + flags[0].length))) return [];
      if (flags && depth === 0) {
        const [on = '', off = ''] = (flags[1] ?? '').split('-');
        if (on.includes('i')) caseless = true;
        if (off.includes('i')) caseless = false;
        i += flags[0].length;
        continue;
      }
      if (flags) {
        i += flags[0].length; // flags inside a group: that group's business, and it is skipped anyway
        continue;
      }
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      end();
      depth--;
      if (depth < 0) return [];
      i++;
      continue;
    }
    if (c === '[') {
      end();
      i = classEnd(pattern, i);
      if (i < 0) return [];
      continue;
    }
    if (c === '\\') {
      const e = pattern[i + 1] ?? '';
      if (e === 'Q') return [];
      if (isPunct(e) && depth === 0 && (!caseless || e.charCodeAt(0) < 0x80)) {
        run += caseless ? e.toLowerCase() : e;
        i += 2;
        continue;
      }
      end();
      if (!isPunct(e) && !CLASS_ESCAPES.includes(e) && !'afnrtv'.includes(e)) return []; // \x, \0.., \C…: unsure
      i += 2;
      if ((e === 'p' || e === 'P') && pattern[i] === '{') i = pattern.indexOf('}', i) + 1 || pattern.length;
      else if (e === 'p' || e === 'P') i++;
      continue;
    }
    // U+FFFD: a value cut inside a UTF-8 sequence may end in one that the whole block does not have.
    if (c === '.' || c === '^' || c === '$' || depth > 0 || (caseless && c.charCodeAt(0) >= 0x80) || c === '\ufffd') {
      end();
      i++;
      continue;
    }
    run += caseless ? c.toLowerCase() : c;
    i++;
  }
  end();
  return depth === 0 ? runs : [];
}

/** `text` folded as a caseless literal is compared: ASCII lower-cased, U+212A and U+017F onto k and s. */
export const foldCase = (text: string): string => text.replace(/[A-Z\u212a\u017f]/g, (c) => (c === '\u212a' ? 'k' : c === '\u017f' ? 's' : c.toLowerCase()));

/** Whether `text` (and its folded form) holds every literal. */
export function holdsAll(literals: readonly Literal[], text: string, folded: string): boolean {
  return literals.every((l) => (l.caseless ? folded : text).includes(l.text));
}
