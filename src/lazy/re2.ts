// The lazy RE2 bundle: header-rule patterns run on re2js, a linear-time engine (RE2 syntax, inline flags such as
// (?i)). A backtracking engine on a crafted 5 KB subject can stall the queue for minutes. Loaded only when a
// config has [[rule]] patterns.
import { RE2JS } from 're2js';

export interface Pattern {
  test(value: string): boolean;
}

/** A compiled pattern, or the reason it is not valid RE2. */
export function compilePattern(source: string): Pattern | string {
  try {
    const re = RE2JS.compile(source);
    return { test: (value) => re.matcher(value).find() };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
