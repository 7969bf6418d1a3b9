// The one quoting rule of qqtag's log lines (logfmt's): a field is `key=value`; a value that is empty or holds a
// space, `"`, `=` or `\` is written in double quotes, with `\"` and `\\` inside. Every other value is bare. Values
// are printable ASCII already (sanitize.ts), so nothing else needs escaping. Keys are [a-z0-9_]+.
//   from=<a@example.org> helo="mail example" check="dnsbl:hit:12:Spamhaus ZEN"
// parseFields is the reader of the same rule (the audit command, the tests); queue mode only formats.

const BARE = /^[!#-<>-[\]-~]+$/; // printable ASCII without space, '"', '=' and '\'

export const formatValue = (value: string): string => (BARE.test(value) ? value : `"${value.replace(/[\\"]/g, '\\$&')}"`);

export const formatField = (key: string, value: string | number): string => `${key}=${formatValue(String(value))}`;

export type Fields = readonly (readonly [key: string, value: string])[];

const SPACE = 0x20;
const QUOTE = 0x22;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
/** Printable ASCII without space, '"', '=' and '\\': what BARE allows, one character at a time (the hot path). */
const isBareChar = (c: number): boolean => c > SPACE && c < 0x7f && c !== QUOTE && c !== EQUALS && c !== BACKSLASH;
const isKeyChar = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f; // a-z 0-9 _

/** The value of a quoted field starting after its opening quote at `i`: [value, index after the closing quote]. */
function readQuoted(text: string, i: number): readonly [string, number] | null {
  let value = '';
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return null; // unterminated: a cut line
    const backslash = text.indexOf('\\', i);
    if (backslash < 0 || backslash > quote) return [value + text.slice(i, quote), quote + 1];
    const next = text[backslash + 1];
    if (next !== '"' && next !== '\\') return null;
    value += text.slice(i, backslash) + next;
    i = backslash + 2;
  }
}

/** The fields of `text` in order (a key may repeat), or null when `text` does not follow the rule. */
export function parseFields(text: string): Fields | null {
  const fields: [string, string][] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text.charCodeAt(i) === SPACE) {
      i++;
      continue;
    }
    const keyStart = i;
    while (i < n && isKeyChar(text.charCodeAt(i))) i++;
    if (i === keyStart || text.charCodeAt(i) !== EQUALS) return null;
    const key = text.slice(keyStart, i++);
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      const quoted = readQuoted(text, i + 1);
      if (!quoted) return null;
      [value, i] = quoted;
      if (i < n && text.charCodeAt(i) !== SPACE) return null;
    } else {
      const start = i;
      while (i < n && isBareChar(text.charCodeAt(i))) i++;
      if (i === start || (i < n && text.charCodeAt(i) !== SPACE)) return null;
      value = text.slice(start, i);
    }
    fields.push([key, value]);
  }
  return fields;
}
