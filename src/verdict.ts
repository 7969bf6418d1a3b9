// Findings -> warning texts and one action (a pure function: checks detect, the verdict decides).
// The action is the strongest of the hits: reject > defer > tag. With reject_score = N a reject needs at least N
// hits of any kind, or it becomes a tag; defer is not affected. A client on an allow list silences the block
// lists (DNS and local), not the header, client or envelope checks (CLARIFICATIONS).
import type { Finding } from './checks/check';

export type Outcome = 'pass' | 'tag' | 'reject' | 'defer';

export interface Verdict {
  readonly action: Outcome;
  readonly warnings: readonly string[];
  readonly allowedBy: readonly string[]; // allow lists that vouched for the client
  readonly silenced: readonly string[]; // block-list hits dropped because of them
  readonly hits: number;
}

export interface VerdictOptions {
  readonly rejectScore: number; // 1 = any reject hit rejects
  readonly noteUnchecked: boolean;
  readonly labelOf?: (check: string) => string; // header text names zones by label (paid keys stay out)
}

type Hit = Extract<Finding, { kind: 'hit' }>;
/** Block lists name themselves dnsbl:/rhsbl:/local: — those are what an allow list silences. */
export const isBlockList = (check: string): boolean => /^(dnsbl|rhsbl|local):/.test(check);

export function decideVerdict(findings: readonly Finding[], opts: VerdictOptions): Verdict {
  const allowedBy = findings.flatMap((f) => (f.kind === 'allow' ? [f.check] : []));
  const allHits = findings.filter((f): f is Hit => f.kind === 'hit');
  const hits = allowedBy.length > 0 ? allHits.filter((h) => !isBlockList(h.check)) : allHits;
  const silenced = allHits.filter((h) => !hits.includes(h)).map((h) => h.check);
  const warnings = hits.map((h) => h.text);
  const label = opts.labelOf ?? ((check: string) => check);
  const unanswered = findings.flatMap((f) => (f.kind === 'error' && f.reason === 'not answered' ? [label(f.check)] : []));
  if (opts.noteUnchecked && unanswered.length > 0) warnings.push(`not checked: ${[...new Set(unanswered)].join(', ')}`);

  let action: Outcome = hits.length > 0 ? 'tag' : 'pass';
  if (hits.some((h) => h.action === 'defer')) action = 'defer';
  if (hits.some((h) => h.action === 'reject') && hits.length >= opts.rejectScore) action = 'reject';
  return { action, warnings, allowedBy, silenced, hits: hits.length };
}
