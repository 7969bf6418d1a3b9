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

/** The fields the audit reads: the first of each key (only `check` repeats). A switch, not a Map: the hot path. */
interface Known {
  result: string | undefined;
  exit: string | undefined;
  qp: string | undefined;
  action: string | undefined;
  dry_run: string | undefined;
  ip: string | undefined;
  from: string | undefined;
  error: string | undefined;
  skip: string | undefined;
}

function pick(fields: Fields): { known: Known; checks: CheckResult[] } | null {
  const known: Known = { result: undefined, exit: undefined, qp: undefined, action: undefined, dry_run: undefined, ip: undefined, from: undefined, error: undefined, skip: undefined }; // one shape
  const checks: CheckResult[] = [];
  for (const [key, value] of fields) {
    switch (key) {
      case 'check': {
        const check = parseCheck(value);
        if (!check) return null;
        checks.push(check);
        break;
      }
      case 'result':
        known.result ??= value;
        break;
      case 'exit':
        known.exit ??= value;
        break;
      case 'qp':
        known.qp ??= value;
        break;
      case 'action':
        known.action ??= value;
        break;
      case 'dry_run':
        known.dry_run ??= value;
        break;
      case 'ip':
        known.ip ??= value;
        break;
      case 'from':
        known.from ??= value;
        break;
      case 'error':
        known.error ??= value;
        break;
      case 'skip':
        known.skip ??= value;
        break;
      default: // a key of a later version, or one the audit does not use
    }
  }
  return { known, checks };
}

export function parseMessageRecord(fields: Fields, time: number | undefined, host: number): Parsed<MessageRecord> {
  const picked = pick(fields);
  if (!picked) return { ok: false, reason: 'bad_check' };
  const { result, exit, qp, action, dry_run: dryRun, ip, from, error, skip } = picked.known;
  if (result === undefined || dryRun === undefined || exit === undefined) return { ok: false, reason: 'missing_field' };
  if ((qp !== undefined && !DIGITS.test(qp)) || (dryRun !== '0' && dryRun !== '1')) return { ok: false, reason: 'bad_value' };
  const value: MessageRecord = {
    time, host, result, qp: qp === undefined ? undefined : Number(qp), action, dryRun: dryRun === '1', ip, from, error, skip, checks: picked.checks,
  };
  return { ok: true, value };
}
