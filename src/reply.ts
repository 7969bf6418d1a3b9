// Our own reject or defer told through notqmail's fd 6 (QMAIL-FACTS "fd 6"): "D" (554) or "Z" (451), then one
// line of text, then exit 82 — so the client sees why, as rblsmtpd's replies say. The text is the config's
// reject_text / defer_text with {ip} {label} {reason} {warning} filled in, printable ASCII without CR/LF, cut
// to 254 bytes (qmail-smtpd's limit). Without fd 6 as a pipe (netqmail), exit 31 / 71 as before.
import { closeSync, writeSync } from 'node:fs';
import { FD_REPLY } from './contract';
import { sanitizeText } from './sanitize';

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
