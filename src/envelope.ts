// qmail-queue(8): envelope = "F" sender NUL *( "T" recipient NUL ) NUL
// Exactly as strict as qmail-queue: EOF early -> 54, wrong tag byte -> 91. Address lengths are its job (it
// answers 11), and bytes after the final NUL are ignored, as it ignores them.
import { QQ, type QqExit } from './contract';

const NUL = 0x00;
const F = 0x46;
const T = 0x54;

export interface Envelope {
  readonly sender: Buffer; // raw bytes; empty = the null sender <>
  readonly recipients: readonly Buffer[];
  readonly raw: Buffer; // exactly the bytes to hand on, through the final NUL
}
export type EnvelopeIssue =
  | { readonly code: 'truncated'; readonly offset: number }
  | { readonly code: 'bad_tag'; readonly offset: number; readonly byte: number };
export type Parsed<T, I> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issue: I };

export const exitForEnvelopeIssue = {
  truncated: QQ.readError,
  bad_tag: QQ.envelopeFormat,
} as const satisfies Record<EnvelopeIssue['code'], QqExit>; // a new issue code will not compile until mapped

/** "envelope cut short at byte 17" / "envelope byte 0 is 0x58, expected 'F'" */
export function formatEnvelopeIssue(issue: EnvelopeIssue): string {
  if (issue.code === 'truncated') return `envelope cut short at byte ${issue.offset}`;
  const want = issue.offset === 0 ? 'F' : 'T';
  return `envelope byte ${issue.offset} is 0x${issue.byte.toString(16).padStart(2, '0')}, expected '${want}'`;
}

type Address = Parsed<{ address: Buffer; next: number }, EnvelopeIssue>;

function readAddress(raw: Buffer, pos: number, tag: number): Address {
  const byte = raw[pos];
  if (byte === undefined) return { ok: false, issue: { code: 'truncated', offset: pos } };
  if (byte !== tag) return { ok: false, issue: { code: 'bad_tag', offset: pos, byte } };
  const end = raw.indexOf(NUL, pos + 1);
  if (end < 0) return { ok: false, issue: { code: 'truncated', offset: raw.length } };
  return { ok: true, value: { address: raw.subarray(pos + 1, end), next: end + 1 } };
}

export function parseEnvelope(raw: Buffer): Parsed<Envelope, EnvelopeIssue> {
  const sender = readAddress(raw, 0, F);
  if (!sender.ok) return sender;
  const recipients: Buffer[] = [];
  let pos = sender.value.next;
  while (raw[pos] !== NUL) {
    // the extra NUL ends the list; EOF before it is a cut-short envelope
    const rcpt = readAddress(raw, pos, T);
    if (!rcpt.ok) return rcpt;
    recipients.push(rcpt.value.address);
    pos = rcpt.value.next;
  }
  return { ok: true, value: { sender: sender.value.address, recipients, raw: raw.subarray(0, pos + 1) } };
}

/** The bytes after the last '@' of an address; empty for the null sender or no '@'. */
export function addressDomain(address: Buffer): Buffer {
  const at = address.lastIndexOf(0x40);
  return at < 0 ? Buffer.alloc(0) : address.subarray(at + 1);
}
