// The lazy RE2 bundle: header-rule patterns run on re2js, a linear-time engine (RE2 syntax, inline flags such as
// (?i)). A backtracking engine on a crafted 5 KB subject can stall the queue for minutes. Linear is not enough
// by itself: time is program size x text length, and a counted repetition copies its group ({1,1000} makes a
// program of thousands of instructions: ~1 s on one 8 KiB value). So, like RE2's max_mem, a pattern whose
// program is larger than PROGRAM_MAX is refused (at config time; at run time the rule cannot run). test() uses
// re2js's lazy DFA, which falls back to its NFA when the DFA outgrows its memory: at PROGRAM_MAX that NFA worst
// case is ~25 ns x 400 x 8192 = ~80 ms per value. Loaded only when a config has [[rule]] patterns.
import { RE2JS } from 're2js';
import { describePatternError } from './re2-errors';

export const PROGRAM_MAX = 400;

export interface Pattern {
  test(value: string): boolean;
}

/** A compiled pattern, or why it cannot be used: not valid RE2, or too large. */
export function compilePattern(source: string): Pattern | string {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (err) {
    return describePatternError(err);
  }
  const size = re.programSize();
  if (size > PROGRAM_MAX) {
    return `too large: its program has ${size} instructions, at most ${PROGRAM_MAX} (a counted repetition {m,n} copies its group n times)`;
  }
  return { test: (value) => re.test(value) };
}
