// [[rule]]: a header field matched against an admin's RE2 pattern (unfolded, RFC 2047-decoded, first 8 KiB), or
// required to be present (`missing = true`). A header block cut at the cap can neither match nor be "missing"
// for the fields beyond it: such a rule is skipped, and the log says why.
// The RE2 engine is the expensive part of a rule (~10 ms to load and compile), so it is consulted last: a
// `missing` rule needs only a scan for the field's name; a pattern's required literals (required-literals.ts)
// missing from the header block, or from a value, mean no match without it; the pattern is compiled once, when
// a value first needs it (so a pattern that cannot be compiled here is `failed` whenever it is consulted).
// Rules are bounded in time like DNS is: every value matched draws on one text budget per message, the rules
// yield to the event loop between values (DNS answers keep coming in), and once the deadline has passed no
// further value is matched. A rule that did not finish is `timeout`, never a hit and never "missing"; a rule
// whose pattern cannot be compiled here is `failed`, never a hit.
import type { Pattern } from '../lazy/re2';
import { failed, type Action, type Finding, type MessageCheck } from './check';
import { foldCase, holdsAll, requiredLiterals } from './required-literals';

export interface HeaderRule {
  readonly name: string;
  readonly header: string;
  readonly pattern: string | undefined; // undefined: a `missing` rule
  readonly warning: string;
  readonly action: Action;
}
/** The RE2 engine: a compiled pattern, or why the source cannot be one. */
export type Compile = (source: string) => Pattern | string;

export const HEADER_CAP_SKIP = 'header block over the cap';
const TEXT_BUDGET = 256 * 1024; // characters matched per message, all rules together (the header cap's size)
const SLICE_MS = 5; // at most this long without letting the event loop run

/** Shared by the rules of one message: one text budget, and one time slice at a time. A rule matches a value
 *  only in a young slice, checked in the same synchronous step as the match itself: otherwise every rule woken by
 *  the same event-loop turn would match a value in it, and timers (the deadline) would wait for all of them. */
export class MatchBudget {
  private left = TEXT_BUDGET;
  private sliceStart = Date.now();
  private turn: Promise<void> | undefined;

  private nextTurn(): Promise<void> {
    this.turn ??= new Promise((resolve) =>
      setImmediate(() => {
        this.turn = undefined;
        this.sliceStart = Date.now();
        resolve();
      }),
    );
    return this.turn;
  }

  /** Whether `pattern` matches `value`; 'timeout' once the deadline has passed, 'spent' past the text budget. */
  async match(pattern: Pattern, value: string, signal: AbortSignal): Promise<boolean | 'timeout' | 'spent'> {
    while (Date.now() - this.sliceStart >= SLICE_MS) await this.nextTurn();
    if (signal.aborted) return 'timeout';
    this.left -= value.length;
    return this.left < 0 ? 'spent' : pattern.test(value);
  }
}

export function headerRuleCheck(rule: HeaderRule, budget: MatchBudget, compile: Compile): MessageCheck {
  const id = `rule:${rule.name}`;
  const source = rule.pattern;
  const literals = source === undefined ? [] : requiredLiterals(source);
  let compiled: Pattern | string | undefined;
  return {
    id,
    kind: 'rule',
    label: rule.name,
    stage: 'message',
    async run({ headers }, signal): Promise<readonly Finding[]> {
      const hit: Finding = { kind: 'hit', check: id, text: rule.warning, action: rule.action };
      const pass: Finding = { kind: 'pass', check: id };
      if (source === undefined) {
        if (headers.has(rule.header)) return [pass];
        return headers.complete ? [hit] : [{ kind: 'skip', check: id, reason: HEADER_CAP_SKIP }];
      }
      const plain = literals.length > 0 ? headers.plainText() : undefined;
      if (plain && !holdsAll(literals, plain.text, plain.folded)) return [pass]; // no field can match
      const values = headers.all(rule.header);
      for (const value of values) {
        if (literals.length > 0 && !holdsAll(literals, value, foldCase(value))) continue;
        compiled ??= compile(source);
        if (typeof compiled === 'string') return [failed(id, 'failed', `pattern cannot be used: ${compiled}`)];
        const matched = await budget.match(compiled, value, signal);
        if (matched === 'timeout') return [failed(id, 'timeout', 'not run: the deadline passed')];
        if (matched === 'spent') return [failed(id, 'timeout', `not run: over ${TEXT_BUDGET} characters of header text matched`)];
        if (matched) return [hit];
      }
      return headers.complete || values.length > 0 ? [pass] : [{ kind: 'skip', check: id, reason: HEADER_CAP_SKIP }];
    },
  };
}
