// One summary line's fields as the audit uses them (docs/log.md, "Fields" and "The check field"). Keys it does
// not know are ignored (later versions add fields); a field it needs that is missing or not of its shape makes
// the line malformed.
import type { Fields } from '../../log-fields';
import type { MalformedReason } from './log-line';

export interface CheckResult {
  readonly kind: string; // dnsbl, dnswl, rhsbl, local, rule, client, envelope
  readonly outcome: string; // hit, allow, silenced, pass, skip, timeout, refused, failed, backoff, broken (or newer)
  readonly ms: number;
  readonly label: string;
}

export interface MessageRecord {
  readonly time: number | undefined; // Unix ms of the line's stamp
  readonly host: number; // index into the run's host names
  readonly result: string; // queued, refused, deferred, failed
  readonly qp: number | undefined;
  readonly action: string | undefined; // pass, tag, reject, defer
  readonly dryRun: boolean;
  readonly ip: string | undefined;
  readonly from: string | undefined; // with its angle brackets
  readonly error: string | undefined;
  readonly skip: string | undefined;
  readonly checks: readonly CheckResult[];
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: MalformedReason };

const DIGITS = /^\d+$/;

/** "dnsbl:hit:11:Spamhaus ZEN": split at the first three colons; the label is the rest. */
export function parseCheck(value: string): CheckResult | null {
  const a = value.indexOf(':');
  const b = value.indexOf(':', a + 1);
  const c = value.indexOf(':', b + 1);
  if (a <= 0 || b <= a + 1 || c <= b + 1) return null;
  const ms = value.slice(b + 1, c);
  if (!DIGITS.test(ms)) return null;
  return { kind: value.slice(0, a), outcome: value.slice(a + 1, b), ms: Number(ms), label: value.slice(c + 1) };
}

export function parseMessageRecord(fields: Fields, time: number | undefined, host: number): Parsed<MessageRecord> {
  const one = new Map<string, string>();
  const checks: CheckResult[] = [];
  for (const [key, value] of fields) {
    if (key !== 'check') {
      if (!one.has(key)) one.set(key, value);
      continue;
    }
    const check = parseCheck(value);
    if (!check) return { ok: false, reason: 'bad_check' };
    checks.push(check);
  }
  const result = one.get('result');
  const dryRun = one.get('dry_run');
  if (result === undefined || dryRun === undefined || !one.has('exit')) return { ok: false, reason: 'missing_field' };
  const qp = one.get('qp');
  if ((qp !== undefined && !DIGITS.test(qp)) || (dryRun !== '0' && dryRun !== '1')) return { ok: false, reason: 'bad_value' };
  return {
    ok: true,
    value: {
      time,
      host,
      result,
      qp: qp === undefined ? undefined : Number(qp),
      action: one.get('action'),
      dryRun: dryRun === '1',
      ip: one.get('ip'),
      from: one.get('from'),
      error: one.get('error'),
      skip: one.get('skip'),
      checks,
    },
  };
}
