// The one quoting rule of qqtag's log lines (logfmt's): a field is `key=value`; a value that is empty or holds a
// space, `"`, `=` or `\` is written in double quotes, with `\"` and `\\` inside. Every other value is bare. Values
// are printable ASCII already (sanitize.ts), so nothing else needs escaping. Keys are [a-z0-9_]+.
//   from=<a@example.org> helo="mail example" check="dnsbl:hit:12:Spamhaus ZEN"
// parseFields is the reader of the same rule (the audit command, the tests); queue mode only formats.

const BARE = /^[!#-<>-[\]-~]+$/; // printable ASCII without space, '"', '=' and '\'

export const formatValue = (value: string): string => (BARE.test(value) ? value : `"${value.replace(/[\\"]/g, '\\$&')}"`);

export const formatField = (key: string, value: string | number): string => `${key}=${formatValue(String(value))}`;

export type Fields = readonly (readonly [key: string, value: string])[];

const KEY = /[a-z0-9_]/;

/** The fields of `text` in order (a key may repeat), or null when `text` does not follow the rule. */
export function parseFields(text: string): Fields | null {
  const fields: [string, string][] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    const keyStart = i;
    while (i < n && KEY.test(text[i] ?? '')) i++;
    if (i === keyStart || text[i] !== '=') return null;
    const key = text.slice(keyStart, i++);
    let value = '';
    if (text[i] === '"') {
      for (i++; ; i++) {
        const c = text[i];
        if (c === undefined) return null; // unterminated: a cut line
        if (c === '"') break;
        if (c === '\\') {
          const next = text[++i];
          if (next !== '"' && next !== '\\') return null;
          value += next;
        } else value += c;
      }
      i++;
      if (i < n && text[i] !== ' ') return null;
    } else {
      const end = text.indexOf(' ', i);
      value = text.slice(i, end < 0 ? n : end);
      if (!BARE.test(value)) return null;
      i += value.length;
    }
    fields.push([key, value]);
  }
  return fields;
}
