// What one (unstamped) line of a qmail-smtpd log is to the audit, after docs/log.md:
//   qqtag: <client> pid <pid>: <level>: <text>
// The summary line (`info: done …`) is the source; the dry-run lines (`would add`, `would reject`, …) are
// counted; other qqtag lines are counted as such; anything else (qmail-smtpd, tcpserver, rblsmtpd) is foreign.
import { parseFields, type Fields } from '../../log-fields';

export type DryRunLine = 'would_add' | 'would_reject' | 'would_defer' | 'would_reply';
export type MalformedReason = 'bad_prefix' | 'bad_fields' | 'no_version' | 'missing_field' | 'bad_value' | 'bad_check';

export type LogLine =
  | { readonly kind: 'summary'; readonly pid: number; readonly fields: Fields }
  | { readonly kind: 'dry_run'; readonly line: DryRunLine }
  | { readonly kind: 'other' } // a qqtag line that is neither: warnings, errors, …
  | { readonly kind: 'foreign' }
  | { readonly kind: 'malformed'; readonly reason: MalformedReason };

const PREFIX = 'qqtag: ';
const LEVELS = new Set(['info', 'warn', 'error', 'fatal', 'dry-run']);
const DIGITS = /^\d+$/;

/** "qqtag: <client> pid <pid>: <level>: " → pid, level, where the text starts; null if cut or mangled. */
function parseHead(text: string): { pid: number; level: string; rest: number } | null {
  const pidAt = text.indexOf(' pid ', PREFIX.length);
  const pidEnd = pidAt < 0 ? -1 : text.indexOf(': ', pidAt + 5);
  const levelEnd = pidEnd < 0 ? -1 : text.indexOf(': ', pidEnd + 2);
  if (levelEnd < 0 || pidAt === PREFIX.length || text.lastIndexOf(' ', pidAt - 1) >= PREFIX.length) return null;
  const pid = text.slice(pidAt + 5, pidEnd);
  const level = text.slice(pidEnd + 2, levelEnd);
  return DIGITS.test(pid) && LEVELS.has(level) ? { pid: Number(pid), level, rest: levelEnd + 2 } : null;
}
const DONE = 'done ';
const DRY_RUN: readonly (readonly [string, DryRunLine])[] = [
  ['would add: ', 'would_add'],
  ['would reject ', 'would_reject'],
  ['would defer ', 'would_defer'],
  ['would reply: ', 'would_reply'],
];

const OTHER: LogLine = { kind: 'other' };
const FOREIGN: LogLine = { kind: 'foreign' };
const malformed = (reason: MalformedReason): LogLine => ({ kind: 'malformed', reason });

export function parseLogLine(text: string): LogLine {
  if (!text.startsWith(PREFIX)) return FOREIGN;
  const head = parseHead(text);
  if (!head) return malformed('bad_prefix'); // qqtag's, but cut short or mangled before its text
  const rest = text.slice(head.rest);
  const level = head.level;
  if (level === 'dry-run') {
    const found = DRY_RUN.find(([start]) => rest.startsWith(start));
    return found ? { kind: 'dry_run', line: found[1] } : OTHER;
  }
  if (level !== 'info' || !rest.startsWith(DONE)) return OTHER;
  const fields = parseFields(rest.slice(DONE.length));
  if (!fields) return malformed('bad_fields');
  if (!fields.some(([k]) => k === 'v')) return malformed('no_version'); // an older qqtag's line
  return { kind: 'summary', pid: head.pid, fields };
}
