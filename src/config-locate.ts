// Where in the TOML source a key path such as ["dnsbl", 1, "zone"] is written, so that a validation error can name
// file:line. TOML parsers give positions only for syntax errors; this scan covers the plain shapes a qqtag
// config uses (tables, arrays of tables, `key = value` lines). Returns undefined when it cannot tell.

const TABLE = /^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$/;
const ARRAY_TABLE = /^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]\s*(#.*)?$/;
const KEY = /^\s*([A-Za-z0-9_-]+)\s*=/;

export function findKeyLine(source: string, path: readonly (string | number)[]): number | undefined {
  const [first, second, third] = path;
  if (first === undefined) return undefined;
  // Which table the key lives in, which occurrence of it, and the key itself.
  const inArray = typeof second === 'number';
  const table = path.length === 1 ? '' : String(first);
  const key = path.length === 1 ? String(first) : inArray ? third : second;
  const wantIndex = inArray ? second : 0;
  let current = '';
  let index = -1;
  let tableLine: number | undefined;
  const lines = source.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const text = lines[n] ?? '';
    const arr = ARRAY_TABLE.exec(text);
    const tab = arr ? null : TABLE.exec(text);
    if (arr || tab) {
      current = (arr ?? tab)?.[1] ?? '';
      if (current === table) index += arr ? 1 : 0;
      if (current === table && (arr ? index === wantIndex : true)) tableLine = n + 1;
      continue;
    }
    const here = current === table && (table === '' || !inArray || index === wantIndex);
    if (here && key !== undefined && KEY.exec(text)?.[1] === String(key)) return n + 1;
  }
  return tableLine;
}
