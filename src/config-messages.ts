// A schema issue (zod) in the words of a TOML error: what is wrong with the value and what to write instead,
// e.g. "missing: give one of "ip", "domain"" rather than zod's "Invalid input: expected string, received
// undefined". Whether a key is missing is read from the parsed TOML itself (zod does not keep the input).
// Part of the lazy config bundle: queue mode loads it only for a config it must parse.

/** The fields of a zod issue this module reads (zod/mini's $ZodIssue, loosely). */
export interface SchemaIssue {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly keys?: readonly string[];
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a text in quotes',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list [ ... ]',
  object: 'a table',
};

/** What a TOML value is, for "not ..." (never more than 60 characters of it). */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object' && value !== null) return 'a table';
  const shown = JSON.stringify(value) ?? String(value);
  const cut = shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  if (typeof value === 'string') return `the text ${cut}`;
  return typeof value === 'number' || typeof value === 'bigint' ? `the number ${cut}` : cut;
}

/** The parsed TOML's value at a path (undefined when a key on the way is absent). */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

const oneOf = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');
const entries = (n: number | bigint): string => (Number(n) === 1 ? '1 entry' : `${n} entries`);

function sizeProblem(issue: SchemaIssue, value: unknown, big: boolean): string {
  const limit = (big ? issue.maximum : issue.minimum) ?? 0;
  if (issue.origin === 'string') {
    if (!big && Number(limit) === 1) return 'empty: give a text';
    return `${big ? 'too long' : 'too short'}: ${String(value).length} characters, at ${big ? 'most' : 'least'} ${limit}`;
  }
  if (issue.origin === 'array') return `${big ? 'too many entries' : 'too few entries'}: at ${big ? 'most' : 'least'} ${entries(limit)}`;
  return `${describeValue(value)} is ${big ? 'too large' : 'too small'}: at ${big ? 'most' : 'least'} ${limit}`;
}

/** One issue's text, without file, line or key (the caller adds them). */
export function describeIssue(issue: SchemaIssue, data: unknown): string {
  const value = valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const want = TYPE_WORDS[issue.expected ?? ''] ?? issue.expected ?? 'another value';
      return value === undefined ? `missing: give ${want}` : `not ${want}: found ${describeValue(value)}`;
    }
    case 'invalid_value':
      return value === undefined ? `missing: give one of ${oneOf(issue.values ?? [])}` : `${describeValue(value)} is not one of ${oneOf(issue.values ?? [])}`;
    case 'too_small':
      return sizeProblem(issue, value, false);
    case 'too_big':
      return sizeProblem(issue, value, true);
    case 'unrecognized_keys':
      return 'unknown key: not a qqtag setting here (misspelt, or in the wrong table?)';
    case 'invalid_format':
      return `${issue.message}: found ${describeValue(value)}`;
    default:
      return issue.message; // custom: our own words (config-schema.ts)
  }
}
