// What an rbldnsd listing answers: an A address and a TXT template, written `:127.0.0.2:listed, see $` (rbldnsd(8),
// "Resulting A values and TXT templates"; parse_a_txt and txtsubst in rbldnsd_util.c). Zone files are read as
// latin1, so one character here is one byte on the wire.

export interface Listing {
  readonly a: string;
  readonly txt: string; // a template; '' = no TXT record (unless a base template `$=` says otherwise)
}

/** Where no default line `:A:TXT` is given: A 127.0.0.2 and no TXT. */
export const NO_DEFAULT: Listing = { a: '127.0.0.2', txt: '' };

/** The `$n text` and `$= text` lines of a dataset (the first of each counts). */
export type Substitutions = Map<string, string>;

const TXT_MAX = 255; // a TXT template is cut here when read
const EXPANDED_MAX = 254; // and the expanded text here (txtsubst's buffer)

/** rbldnsd's ip4prefix: 1 to 4 dotted octets from the start of `s` → [value as a /32, prefix bits, rest]. */
export function parseIp4Prefix(s: string): { value: number; bits: number; rest: string } | null {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?/.exec(s);
  if (!m) return null;
  const octets = m.slice(1).filter((o): o is string => o !== undefined).map(Number);
  if (octets.some((o) => o > 255) || s[m[0].length] === '.') return null;
  const value = octets.reduce((v, o, i) => v + o * 256 ** (3 - i), 0);
  return { value, bits: 8 * octets.length, rest: s.slice(m[0].length) };
}

/** inet_aton's reading (rbldnsd's ip4addr): "127.2" is 127.0.0.2, "1.2.3" is 1.2.0.3, "7" is 0.0.0.7. */
export function parseIp4Addr(s: string): { value: number; bits: number; rest: string } | null {
  const p = parseIp4Prefix(s);
  if (!p) return null;
  const top = Math.floor(p.value / 2 ** 24) * 2 ** 24;
  const last = Math.floor(p.value / 256 ** (4 - p.bits / 8)) % 256; // the last octet given
  const value = p.bits === 8 ? last : p.bits === 16 ? top + last : p.bits === 24 ? Math.floor(p.value / 2 ** 16) * 2 ** 16 + last : p.value;
  return { ...p, value };
}

export const formatIp4 = (v: number): string => [24, 16, 8, 0].map((s) => Math.floor(v / 2 ** s) % 256).join('.');

/**
 * A value as written after an entry or on a default line: `:A:TXT` (A and TXT), `:A` (A, the default TXT),
 * `:A:` (A, no TXT), `TXT` (the default A). A lone octet `:3` means 127.0.0.3. null: not a valid value.
 */
export function parseListing(text: string, scope: Listing): Listing | null {
  const s = text.replace(/^[ \t]+/, '');
  if (!s.startsWith(':')) return { a: scope.a, txt: s.slice(0, TXT_MAX) };
  const a = parseIp4Addr(s.slice(1));
  if (!a || a.value === 0) return null;
  const addr = formatIp4(a.bits === 8 ? 127 * 2 ** 24 + a.value : a.value);
  const rest = a.rest.replace(/^[ \t]+/, '');
  if (rest === '') return { a: addr, txt: scope.txt };
  if (!rest.startsWith(':')) return null;
  return { a: addr, txt: rest.slice(1).replace(/^[ \t]+/, '').slice(0, TXT_MAX) };
}

/**
 * The TXT text of a listing: `$` is the listed subject (the queried address, or the listed domain), `$$` a
 * dollar, `$0`..`$9` the dataset's substitutions; a base template `$=` wraps every entry's text (`$=` inside it
 * is that text) unless the entry's text starts with `=`. '' means no TXT record.
 */
export function expandTxt(template: string, subject: string, subst: Substitutions): string {
  let txt = template;
  let entryText: string;
  const base = subst.get('=');
  if (txt.startsWith('=')) entryText = txt = txt.slice(1);
  else if (base) {
    entryText = txt || subject;
    txt = base;
  } else entryText = txt;
  let out = '';
  for (let i = 0; i < txt.length; i++) {
    const c = txt[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = txt[i + 1] ?? '';
    if (next === '$') out += '$';
    else if (/[0-9]/.test(next)) out += subst.get(next) ?? `$${next}`;
    else if (next === '=') out += entryText;
    else {
      out += subject;
      continue; // the character after a lone `$` is ordinary text
    }
    i++;
  }
  return out.slice(0, EXPANDED_MAX);
}
