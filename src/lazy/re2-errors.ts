// re2js's syntax errors ("missing closing )", "invalid or unsupported Perl syntax: `(?=`") in words an
// administrator can act on: what is unbalanced, or which Perl feature RE2 leaves out on purpose (lookaround and
// backreferences cannot run in linear time). re2js's own words follow in brackets.

/** Perl constructs RE2 refuses, by the text re2js quotes. */
const UNSUPPORTED: readonly (readonly [RegExp, string])[] = [
  [/^\(\?=/, 'lookahead (?=...) is not supported: RE2 has no lookaround'],
  [/^\(\?!/, 'negative lookahead (?!...) is not supported: RE2 has no lookaround'],
  [/^\(\?<=/, 'lookbehind (?<=...) is not supported: RE2 has no lookaround'],
  [/^\(\?<!/, 'negative lookbehind (?<!...) is not supported: RE2 has no lookaround'],
  [/^\(\?>/, 'atomic groups (?>...) are not supported'],
  [/^\(\?#/, 'comments (?#...) are not supported'],
  [/^\\[1-9]/, 'backreferences (\\1) are not supported'],
];

function explain(error: string, input: string): string | undefined {
  for (const [quoted, words] of UNSUPPORTED) if (quoted.test(input)) return words;
  if (error === 'missing closing )') return 'unbalanced parentheses: a ( is never closed';
  if (error === 'unexpected )') return 'unbalanced parentheses: a ) without its (';
  if (error === 'missing closing ]') return 'unbalanced brackets: a [ is never closed';
  if (error === 'invalid repeat count') return `repeat count ${input}: at most 1000, and {m,n} needs m <= n`;
  if (error === 'invalid nested repetition operator') return `${input}: a repetition of a repetition (possessive quantifiers are not supported)`;
  if (error === 'trailing backslash at end of expression') return 'a \\ at the end escapes nothing';
  if (error === 'invalid or unsupported Perl syntax') return `${input}: not RE2 syntax (flags are written (?i) or (?i:...))`;
  return undefined;
}

/** The reason a pattern does not compile, from re2js's exception (or any error). */
export function describePatternError(err: unknown): string {
  const e = err as { error?: unknown; input?: unknown; message?: unknown };
  const raw = err instanceof Error ? err.message : String(err);
  if (typeof e.error !== 'string') return raw;
  const input = typeof e.input === 'string' ? e.input : '';
  const words = explain(e.error, input);
  return words ? `${words} [${raw}]` : raw;
}
