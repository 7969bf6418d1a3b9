// [[rule]]: a header field matched against an admin's RE2 pattern (unfolded, RFC 2047-decoded, first 8 KiB), or
// required to be present (`missing = true`). A header block cut at the cap can neither match nor be "missing"
// for the fields beyond it: such a rule is skipped, and the log says why.
import type { Pattern } from '../lazy/re2';
import type { Action, Check, Finding, MessageFacts } from './check';

export interface HeaderRule {
  readonly name: string;
  readonly header: string;
  readonly pattern: Pattern | undefined; // undefined: a `missing` rule
  readonly warning: string;
  readonly action: Action;
}

export const HEADER_CAP_SKIP = 'header block over the cap';

export function headerRuleCheck(rule: HeaderRule): Check {
  const name = `rule:${rule.name}`;
  return {
    name,
    stage: 'message',
    async run(facts): Promise<readonly Finding[]> {
      const { headers } = facts as MessageFacts;
      const values = headers.all(rule.header);
      const hit: Finding = { kind: 'hit', check: name, text: rule.warning, action: rule.action };
      if (rule.pattern === undefined) {
        if (values.length > 0) return [{ kind: 'pass', check: name }];
        return headers.complete ? [hit] : [{ kind: 'skip', check: name, reason: HEADER_CAP_SKIP }];
      }
      const pattern = rule.pattern;
      if (values.some((v) => pattern.test(v))) return [hit];
      return headers.complete || values.length > 0 ? [{ kind: 'pass', check: name }] : [{ kind: 'skip', check: name, reason: HEADER_CAP_SKIP }];
    },
  };
}
