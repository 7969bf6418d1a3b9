// Synthetic qqtag log lines in the docs/log.md format, for the audit's unit tests and the bench: written with
// src/log-fields.ts's formatter, the writer of the quoting rule the audit reads.
import { formatField } from '../../src/log-fields';

export interface SummarySpec {
  readonly pid?: number;
  readonly ip?: string;
  readonly result?: string;
  readonly exit?: number;
  readonly qp?: number;
  readonly action?: string;
  readonly dryRun?: boolean;
  readonly from?: string;
  readonly checks?: readonly string[]; // "dnsbl:hit:11:Test BL"
  readonly extra?: string; // raw fields appended (unknown keys)
}

export function summaryLine(s: SummarySpec): string {
  const f: string[] = [formatField('v', 1), formatField('result', s.result ?? 'queued'), formatField('exit', s.exit ?? 0)];
  if (s.qp !== undefined) f.push(formatField('qp', s.qp), formatField('qq', 0));
  if (s.action) f.push(formatField('action', s.action));
  f.push(formatField('dry_run', s.dryRun === false ? 0 : 1));
  if (s.ip) f.push(formatField('ip', s.ip));
  if (s.from) f.push(formatField('from', s.from), formatField('rcpts', 1), formatField('size', 1000));
  f.push(formatField('ms', 40), formatField('config', 'compiled'));
  for (const c of s.checks ?? []) f.push(formatField('check', c));
  if (s.extra) f.push(s.extra);
  return `qqtag: ${s.ip ?? '-'} pid ${s.pid ?? 1000}: info: done ${f.join(' ')}`;
}

/** qmail-send's lines for one message: info, one delivery per recipient, end. */
export function deliveryLines(msg: number, qp: number, deliveries: readonly (readonly [id: number, channel: 'local' | 'remote', status: 'success' | 'failure' | 'deferral'])[], end = true): string[] {
  return [
    `new msg ${msg}`,
    `info msg ${msg}: bytes 1234 from <a@example.org> qp ${qp} uid 1004`,
    ...deliveries.flatMap(([id, channel, status]) => [
      `starting delivery ${id}: msg ${msg} to ${channel} rcpt@example.org`,
      'status: local 1/10 remote 0/20',
      `delivery ${id}: ${status}: ${status === 'success' ? 'did_0+0+1/' : 'Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/'}`,
    ]),
    ...(end ? [`end msg ${msg}`] : []),
  ];
}
