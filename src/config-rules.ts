// The rules a config value must follow, shared by the TOML schema (config-schema.ts, zod) and the fast check of a
// compiled config (compiled-check.ts), so that both accept exactly the same (test/config.test.ts proves it).
import { ipFamily } from './ip';
import { parseCodeSpec } from './code-spec';

export const HEADER_NAME = /^[!-9;-~]{1,76}$/; // RFC 5322 ftext, short enough to leave room for a value
export const ZONE = /^(?=.{1,200}$)([a-z0-9_-]{1,63}\.)*[a-z0-9_-]{1,63}$/i;
export const RULE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
export const ABSOLUTE = /^\//;
export const ACTIONS = ['tag', 'reject', 'defer'] as const;
export const SWITCHES = ['off', ...ACTIONS] as const;
export const DOMAIN_SOURCES = ['envelope-sender', 'header-from', 'helo'] as const;
export const LOCAL_TYPES = ['ip', 'domain'] as const;
export const CHECK_NAMES = ['no_rdns', 'bad_helo', 'relay_probe', 'sender_domain_exists'] as const;

/** Integer ranges: [min, max]. */
export const RANGE = {
  spool_memory_bytes: [256 * 1024, 64 * 1024 * 1024],
  deadline_ms: [50, 60_000],
  reject_score: [1, 100],
  // [health]: consecutive failures before a zone is skipped; the first back-off and its cap; self-test interval
  failures: [1, 100],
  backoff_s: [1, 86_400],
  backoff_max_s: [1, 86_400],
  self_test_minutes: [0, 10_080], // 0: queue mode never self-tests (qqtag lists test still does)
} as const;
export const LABEL_MAX = 100;
export const WARNING_MAX = 300;
export const REPLY_MAX = 300; // the template; the reply sent is cut to 254 bytes after filling in

export const isCodeSpec = (spec: string): boolean => parseCodeSpec(spec) !== null;

/** `ip` or `ip:port`, `[v6]:port`: what c-ares' setServers accepts, one server per entry. */
export function isServerAddress(s: string): boolean {
  const v6 = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s);
  if (v6) return ipFamily(v6[1] ?? '') === 6 && (v6[2] === undefined || isPort(v6[2]));
  if (ipFamily(s) !== 0) return true;
  const v4 = /^([\d.]+):(\d{1,5})$/.exec(s);
  return v4 !== null && ipFamily(v4[1] ?? '') === 4 && isPort(v4[2] ?? '');
}

// Port 0 passes a range check but Node's resolver aborts on it, on every message.
const isPort = (p: string): boolean => Number(p) >= 1 && Number(p) <= 65535;

/** A reply template's placeholders: {ip} {label} {reason} {warning}; any other {word} is a mistake. */
export const REPLY_FIELDS = ['ip', 'label', 'reason', 'warning'] as const;
export const isReplyTemplate = (t: string): boolean =>
  [...t.matchAll(/\{([^{}]*)\}/g)].every((m) => (REPLY_FIELDS as readonly string[]).includes(m[1] ?? ''));
export const DEFAULT_REJECT_TEXT = 'rejected: {warning}';
export const DEFAULT_DEFER_TEXT = 'deferred: {warning}';

// Paid feeds put an account key in the query name: Spamhaus DQS "KEY.zen.dq.spamhaus.net", abusix
// "KEY.combined.mail.abusix.zone". Such a zone must never be shown: not in a header, not in a log line.
const KEYED_SUFFIX = /\.(?:dq\.spamhaus\.(?:net|com)|mail\.abusix\.zone)$/i;
const LIST_LABELS = 2; // KEY.<list>.<vendor suffix>: the key is the label in front of the list's name

/** Whether a zone's first label looks like an account key: a known paid feed's form, or a long random token. */
export function isKeyedZone(zone: string): boolean {
  const labels = zone.split('.');
  const first = labels[0] ?? '';
  if (labels.length < 3) return false;
  const suffix = KEYED_SUFFIX.exec(zone);
  if (suffix && labels.length - suffix[0].split('.').length + 1 >= LIST_LABELS) return true;
  return first.length >= 16 && /^[a-z0-9]+$/i.test(first) && /\d/.test(first) && /[a-z]/i.test(first);
}

/** What a zone is called where people see it: its label, else the zone without a key label in front. */
export const zoneLabel = (zone: string, label: string | undefined): string =>
  label ?? (isKeyedZone(zone) ? zone.slice(zone.indexOf('.') + 1) : zone);
