// The one summary line per message (rblsmtpd-style prefix added by log.ts):
//   done from=<a@example.org> rcpts=2 size=1834 warnings=1 action=tag qq=0 ms=38 checks=dnsbl:zen=hit
//   done from=<> rcpts=1 size=310 warnings=0 action=reject(dry-run) qq=0 ms=12
import type { Envelope } from './envelope';
import type { Settings } from './settings';
import type { Spool } from './spool';
import type { Verdict } from './verdict';
import type { Finding } from './checks/check';
import { sanitizeBytes, sanitizeText } from './sanitize';

export interface SummaryFacts {
  readonly started: number;
  readonly envelope: Envelope;
  readonly spool: Spool;
  readonly verdict: Verdict | undefined;
  readonly findings: readonly Finding[];
  readonly helo: string | undefined;
  readonly settings: Settings;
  readonly skip: string;
  readonly code: number;
}

const RANK: Record<Finding['kind'], number> = { hit: 4, allow: 3, error: 2, pass: 1, skip: 0 };

/** One word per check, the most telling of its findings: "dnsbl:zen=hit,rhsbl:dbl=pass". */
function formatOutcomes(findings: readonly Finding[]): string {
  const best = new Map<string, Finding['kind']>();
  for (const f of findings) {
    const seen = best.get(f.check);
    if (seen === undefined || RANK[f.kind] > RANK[seen]) best.set(f.check, f.kind);
  }
  return [...best].map(([check, kind]) => `${check}=${kind}`).join(',');
}

export function formatSummary(s: SummaryFacts): string {
  const v = s.verdict;
  const action = `${v?.action ?? 'pass'}${s.settings.dryRun ? '(dry-run)' : ''}`;
  const parts = [
    `done from=<${sanitizeBytes(s.envelope.sender)}>`,
    `rcpts=${s.envelope.recipients.length}`,
    ...(s.helo === undefined ? [] : [`helo=${sanitizeText(s.helo, 100)}`]),
    `size=${s.spool.size}`,
    `warnings=${v?.warnings.length ?? 0}`,
    `action=${action}`,
    `qq=${s.code}`,
    `ms=${Date.now() - s.started}`,
  ];
  if (s.findings.length > 0) parts.push(`checks=${formatOutcomes(s.findings)}`);
  if (s.skip) parts.push(`skipped=${s.skip.replace(/ /g, '_')}`);
  if (v && v.allowedBy.length > 0) parts.push(`allowed=${v.allowedBy.join(',')}`);
  if (v && v.silenced.length > 0) parts.push(`silenced=${v.silenced.join(',')}`);
  return parts.join(' ');
}
