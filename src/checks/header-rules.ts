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

/** Shared by the rules of one message. */
export class MatchBudget {
  private left = TEXT_BUDGET;
  private sliceStart = Date.now();

  /** Takes `chars` from the budget; false when it is spent. */
  take(chars: number): boolean {
    this.left -= chars;
    return this.left >= 0;
  }

  /** Lets timers and DNS answers in when this slice has run long enough. */
  async pause(): Promise<void> {
    if (Date.now() - this.sliceStart < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.sliceStart = Date.now();
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
        await budget.pause();
        if (signal.aborted) return [failed(id, 'timeout', 'not run: the deadline passed')];
        if (!budget.take(value.length)) return [failed(id, 'timeout', `not run: over ${TEXT_BUDGET} characters of header text matched`)];
        if (pattern.test(value)) return [hit];
      }
      return headers.complete || values.length > 0 ? [{ kind: 'pass', check: id }] : [{ kind: 'skip', check: id, reason: HEADER_CAP_SKIP }];
    },
  };
}
