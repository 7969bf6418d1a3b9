// Our own reject or defer told through notqmail's fd 6 (QMAIL-FACTS "fd 6"): "D" (554) or "Z" (451), then one
// line of text, then exit 82 — so the client sees why, as rblsmtpd's replies say. The text is the config's
// reject_text / defer_text with {ip} {label} {reason} {warning} filled in, printable ASCII without CR/LF, cut
// to 254 bytes (qmail-smtpd's limit). Without fd 6 as a pipe (netqmail), exit 31 / 71 as before.
import { closeSync, writeSync } from 'node:fs';
import { FD_REPLY, QQ } from './contract';
import { DEFAULT_DEFER_TEXT, DEFAULT_REJECT_TEXT } from './config-rules';
import type { Fd6 } from './launch';
import { logLine } from './log';
import { sanitizeText } from './sanitize';
import { summary } from './summary';

export const REPLY_TEXT_MAX = 254;

export interface ReplyFacts {
  readonly ip: string;
  readonly label: string; // the check that decided: a zone's label, a rule's name
  readonly reason: string; // the list's TXT, else the warning text
  readonly warning: string;
}

/** "rejected: 192.0.2.1 is listed in Spamhaus ZEN (127.0.0.2): https://..." */
export function formatReply(template: string, facts: ReplyFacts): string {
  const filled = template.replace(/\{(ip|label|reason|warning)\}/g, (_, key: keyof ReplyFacts) => facts[key] || '-');
  const clean = sanitizeText(filled.replace(/[\r\n\t]+/g, ' '), REPLY_TEXT_MAX * 2);
  return Buffer.from(clean, 'latin1').subarray(0, REPLY_TEXT_MAX).toString('latin1');
}

// qmail-smtpd takes fd 6 only when more than 2 bytes came: "D" and one character would be a plain 451, a
// reject turned into a retry. A template that fills to less (say "{ip}" with no client IP) gets the default's.
const REPLY_MIN = 2;
const DEFAULT_FOR = { reject: DEFAULT_REJECT_TEXT, defer: DEFAULT_DEFER_TEXT } as const;

function replyText(action: 'reject' | 'defer', template: string, facts: ReplyFacts): string {
  const text = formatReply(template, facts);
  return text.length >= REPLY_MIN ? text : formatReply(DEFAULT_FOR[action], facts);
}

/** Writes "D<text>" or "Z<text>" to fd 6 and closes it; false when that failed (then exit 31 / 71). */
export function writeReply(kind: 'D' | 'Z', text: string): boolean {
  try {
    const bytes = Buffer.from(kind + text, 'latin1');
    for (let done = 0; done < bytes.length; ) done += writeSync(FD_REPLY, bytes, done);
    closeSync(FD_REPLY);
    return true;
  } catch {
    return false;
  }
}

const EXIT_FOR = { reject: QQ.refusedPermanently, defer: QQ.refusedTemporarily } as const;
const SMTP_FOR = { reject: 554, defer: 451 } as const;

/** The configured refusal: with notqmail's fd 6 a pipe, a reply of our own and exit 82, else 31 / 71. In dry-run
 *  only a log line of what would have been done (and exit 0: the message goes on). */
export function refuse(action: 'reject' | 'defer', template: string, facts: ReplyFacts, fd6: Fd6, dryRun: boolean): number {
  const text = replyText(action, template, facts);
  if (dryRun) {
    const how = fd6 === 'pipe' ? `(exit ${QQ.reply}): ${SMTP_FOR[action]} ${text}` : `(exit ${EXIT_FOR[action]})`;
    logLine('dry-run', `would ${action} the message ${how}`);
    return QQ.ok;
  }
  const kind = action === 'reject' ? 'D' : 'Z';
  if (fd6 === 'pipe' && writeReply(kind, text)) {
    summary.reply = kind;
    logLine('info', `${action}ed: ${SMTP_FOR[action]} ${text}`);
    return QQ.reply;
  }
  return EXIT_FOR[action];
}
