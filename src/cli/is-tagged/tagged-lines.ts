// Which lines of a delivered message qqtag added: the decision of `qqtag is-tagged` (and of its awk twin,
// src/qqtag-is-tagged.sh, which must decide the same). Pure: header bytes in, the trusted lines' texts out.
//
// Where the lines sit (QMAIL-FACTS, "Where the lines end up"), top down: qmail-local's Return-Path and
// Delivered-To, qmail-queue's `Received: (qmail N invoked …)`, qqtag's lines (and a chained filter's), then
// qmail-smtpd's `Received: from …`, then whatever the sender wrote. So only fields above the first
// `Received: from ` are trusted. Mail that did not come in by SMTP has none: then only the leading block of
// Return-Path / Delivered-To / `Received: (qmail N invoked …)` fields and our own lines is trusted.

/** One header field: its name in lower case and its text (after the colon, unfolded, no CR, no outer blanks). */
export interface Field {
  readonly name: string;
  readonly text: string;
}

const FIELD = /^([!-9;-~]+)[ \t]*:[ \t]*/; // RFC 5322 ftext, optional blanks before the colon (obsolete syntax)
const BLANKS = /^[ \t]+|[ \t]+$/g; // only space and tab: String.trim() would also take latin1 0xA0
const FROM_LINE = 'From '; // an mbox separator as first line (procmail, preline)
const SMTP_RECEIVED = /^from[ \t]/i; // qmail-smtpd: "Received: from host (HELO h) (ip)\n  by …"
const QMAIL_RECEIVED = /^\(qmail [0-9]+ invoked /; // qmail-queue: "Received: (qmail 123 invoked from network); …"

/** The header fields in order, up to the blank line or the first line that is neither a field nor a
 *  continuation (a malformed header ends there, as a body would start). */
export function parseFields(head: string): Field[] {
  const lines = head.split('\n');
  if (lines[0]?.startsWith(FROM_LINE)) lines.shift();
  const fields: { name: string; text: string }[] = [];
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const last = fields[fields.length - 1];
    if (line === '') break;
    if (line[0] === ' ' || line[0] === '\t') {
      if (!last) break;
      last.text += line;
      continue;
    }
    const m = FIELD.exec(line);
    if (!m) break;
    fields.push({ name: (m[1] ?? '').toLowerCase(), text: line.slice(m[0].length) });
  }
  return fields.map((f) => ({ name: f.name, text: f.text.replace(BLANKS, '') }));
}

const isSmtpReceived = (f: Field): boolean => f.name === 'received' && SMTP_RECEIVED.test(f.text);

/** The fields written on this side of qmail-smtpd (see the top of this file). */
export function trustedFields(fields: readonly Field[], name: string): readonly Field[] {
  const smtp = fields.findIndex(isSmtpReceived);
  if (smtp >= 0) return fields.slice(0, smtp);
  const own = name.toLowerCase();
  const inBlock = (f: Field): boolean =>
    f.name === 'return-path' || f.name === 'delivered-to' || f.name === own || (f.name === 'received' && QMAIL_RECEIVED.test(f.text));
  const end = fields.findIndex((f) => !inBlock(f));
  return end < 0 ? fields : fields.slice(0, end);
}

/** The texts of the trusted NAME fields, unfolded, as raw bytes (latin1: one char a byte). */
export function taggedLines(head: Buffer, name: string): string[] {
  const own = name.toLowerCase();
  return trustedFields(parseFields(head.toString('latin1')), name)
    .filter((f) => f.name === own)
    .map((f) => f.text);
}
