// Findings -> warning texts and one action (a pure function: checks detect, the verdict decides).
// The action is the strongest of the hits: reject > defer > tag. With reject_score = N a reject needs at least N
// hits of any kind, or it becomes a tag; defer is not affected. A client on an allow list silences the block
// lists (DNS and local), not the header, client or envelope checks (CLARIFICATIONS).
import type { CheckKind, Finding, Problem } from './checks/check';

export type Outcome = 'pass' | 'tag' | 'reject' | 'defer';
type Hit = Extract<Finding, { kind: 'hit' }>;

export interface Verdict {
  readonly action: Outcome;
  readonly warnings: readonly string[];
  readonly allowedBy: readonly string[]; // allow lists that vouched for the client (check ids)
  readonly silenced: readonly string[]; // block-list hits dropped because of them (check ids)
  readonly decisive: Hit | undefined; // the hit whose action was taken (its text goes into a reply)
}

export interface VerdictOptions {
  readonly rejectScore: number; // 1 = any reject hit rejects
  readonly noteUnchecked: boolean;
  /** A check's kind and the name headers may show (its label: paid keys stay out). */
  readonly describe: (check: string) => { readonly kind: CheckKind; readonly label: string };
}

const BLOCK_LISTS: readonly CheckKind[] = ['dnsbl', 'rhsbl', 'local'];
/** "not checked": no answer in time, or skipped because the zone keeps not answering (zone health). */
const UNCHECKED: readonly Problem[] = ['timeout', 'backoff'];

export function decideVerdict(findings: readonly Finding[], opts: VerdictOptions): Verdict {
  const allowedBy = findings.flatMap((f) => (f.kind === 'allow' ? [f.check] : []));
  const allHits = findings.filter((f): f is Hit => f.kind === 'hit');
  const isBlockList = (h: Hit): boolean => BLOCK_LISTS.includes(opts.describe(h.check).kind);
  const hits = allowedBy.length > 0 ? allHits.filter((h) => !isBlockList(h)) : allHits;
  const silenced = allHits.filter((h) => !hits.includes(h)).map((h) => h.check);
  const warnings = hits.map((h) => h.text);
  const unanswered = findings.flatMap((f) => (f.kind === 'error' && UNCHECKED.includes(f.problem) ? [opts.describe(f.check).label] : []));
  if (opts.noteUnchecked && unanswered.length > 0) warnings.push(`not checked: ${[...new Set(unanswered)].join(', ')}`);

  let action: Outcome = hits.length > 0 ? 'tag' : 'pass';
  let decisive = hits[0];
  const deferring = hits.find((h) => h.action === 'defer');
  if (deferring) [action, decisive] = ['defer', deferring];
  const rejecting = hits.find((h) => h.action === 'reject');
  if (rejecting && hits.length >= opts.rejectScore) [action, decisive] = ['reject', rejecting];
  return { action, warnings, allowedBy, silenced, decisive };
}
