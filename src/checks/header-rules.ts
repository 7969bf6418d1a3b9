// [[rule]]: a header field matched against an admin's RE2 pattern (unfolded, RFC 2047-decoded, first 8 KiB), or
// required to be present (`missing = true`). A header block cut at the cap can neither match nor be "missing"
// for the fields beyond it: such a rule is skipped, and the log says why.
// Rules are bounded in time like DNS is: every value matched draws on one text budget per message, the rules
// yield to the event loop between values (DNS answers keep coming in), and once the deadline has passed no
// further value is matched. A rule that did not finish is `timeout`, never a hit and never "missing"; a rule
// whose pattern cannot be compiled here is `failed`, never a hit.
import type { Pattern } from '../lazy/re2';
import { failed, type Action, type Finding, type MessageCheck } from './check';

export interface HeaderRule {
  readonly name: string;
  readonly header: string;
  /** undefined: a `missing` rule; a string: the pattern could not be compiled here (why). */
  readonly pattern: Pattern | string | undefined;
  readonly warning: string;
  readonly action: Action;
}

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

export function headerRuleCheck(rule: HeaderRule, budget: MatchBudget): MessageCheck {
  const id = `rule:${rule.name}`;
  return {
    id,
    kind: 'rule',
    label: rule.name,
    stage: 'message',
    async run({ headers }, signal): Promise<readonly Finding[]> {
      const pattern = rule.pattern;
      if (typeof pattern === 'string') return [failed(id, 'failed', `pattern cannot be used: ${pattern}`)];
      const values = headers.all(rule.header);
      const hit: Finding = { kind: 'hit', check: id, text: rule.warning, action: rule.action };
      if (pattern === undefined) {
        if (values.length > 0) return [{ kind: 'pass', check: id }];
        return headers.complete ? [hit] : [{ kind: 'skip', check: id, reason: HEADER_CAP_SKIP }];
      }
      for (const value of values) {
        const matched = await budget.match(pattern, value, signal);
        if (matched === 'timeout') return [failed(id, 'timeout', 'not run: the deadline passed')];
        if (matched === 'spent') return [failed(id, 'timeout', `not run: over ${TEXT_BUDGET} characters of header text matched`)];
        if (matched) return [hit];
      }
      return headers.complete || values.length > 0 ? [{ kind: 'pass', check: id }] : [{ kind: 'skip', check: id, reason: HEADER_CAP_SKIP }];
    },
  };
}
