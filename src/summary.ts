// The one summary line per message, the contract of docs/log.md (the audit command reads it):
//   done v=1 result=queued exit=0 qp=4243 qq=0 action=tag dry_run=0 ip=192.0.2.1 from=<a@example.org> rcpts=2
//        size=1834 warnings=1 ms=38 wait_ms=9 dns_ms=12 config=compiled check="dnsbl:hit:11:Spamhaus ZEN"
// Queue mode fills the record as it learns things; whatever ends the run (an answer, or a bug) prints it once.
import { resultOf } from './contract';
import { formatField } from './log-fields';
import { LOG_TEXT_MAX, logLine } from './log';
import { sanitizeBytes, sanitizeText } from './sanitize';
import type { CheckOutcome } from './checks/run-checks';

export type ConfigSource = 'compiled' | 'file' | 'previous' | 'untagged' | 'unusable' | 'none' | 'env';
export type ErrorToken =
  | 'message_read' | 'envelope_read' | 'envelope_truncated' | 'envelope_bad_tag' | 'address_too_long' | 'envelope_too_big'
  | 'fd1_unreadable' | 'spool' | 'queue_start' | 'queue_killed' | 'queue_short_read' | 'config' | 'loop' | 'bug';

export interface SummaryRecord {
  started: number;
  reply?: string; // the first byte of our own fd 6 reply (D or Z), when we sent one
  qp?: number;
  qq?: number | string;
  action?: string;
  dryRun: boolean;
  ip: string;
  helo?: string;
  from?: Buffer;
  rcpts?: number;
  size?: number;
  warnings?: number;
  waitMs?: number;
  dnsMs?: number;
  config?: ConfigSource;
  skip?: string;
  error?: ErrorToken;
  checks: readonly CheckOutcome[];
}

/** The record of this process's message (one per process). */
export const summary: SummaryRecord = { started: Date.now(), dryRun: false, ip: '', checks: [] };
let printed = false;

const opt = (key: string, value: string | number | undefined): string[] => (value === undefined || value === '' ? [] : [formatField(key, value)]);

export function formatSummary(s: SummaryRecord, exit: number): string {
  const checks = s.checks.map((c) => formatField('check', `${c.kind}:${c.outcome}:${c.ms}:${sanitizeText(c.label, 100)}`));
  const head = [
    'done',
    formatField('v', 1),
    formatField('result', resultOf(exit, s.reply)),
    formatField('exit', exit),
    ...opt('qp', s.qp),
    ...opt('qq', s.qq),
    ...opt('action', s.action),
    formatField('dry_run', s.dryRun ? 1 : 0),
    ...opt('ip', s.ip),
    ...opt('helo', s.helo === undefined ? undefined : sanitizeText(s.helo, 100)),
    ...opt('from', s.from === undefined ? undefined : `<${sanitizeBytes(s.from)}>`),
    ...opt('rcpts', s.rcpts),
    ...opt('size', s.size),
    ...opt('warnings', s.warnings),
    formatField('ms', Date.now() - s.started),
    ...opt('wait_ms', s.waitMs),
    ...opt('dns_ms', s.dnsMs),
    ...opt('config', s.config),
    ...opt('skip', s.skip),
    ...opt('error', s.error),
  ].join(' ');
  // A line is one write of at most LOG_TEXT_MAX: past it, the last check fields give way, and say so.
  let line = [head, ...checks].join(' ');
  for (let kept = checks.length; line.length > LOG_TEXT_MAX && kept > 0; ) {
    kept--;
    line = [head, ...checks.slice(0, kept), formatField('checks_cut', checks.length - kept)].join(' ');
  }
  return line;
}

/** Prints the summary line, once: the first exit code to be decided is the one that is told. */
export function printSummary(exit: number): void {
  if (printed) return;
  printed = true;
  logLine('info', formatSummary(summary, exit));
}
