// qmail-queue(8): envelope = "F" sender NUL *( "T" recipient NUL ) NUL
// Exactly as strict as qmail-queue.c, in its order: it reads front to back and stops at the first fault.
//   a tag byte that is not 'F' (first) or 'T' (later) -> 91
//   an address of 1003 bytes or more -> 11, as soon as the 1003rd byte is read (what follows is never read)
//   EOF anywhere before the final NUL, an empty envelope included -> 54
// Bytes after the final NUL are never read, as qmail-queue never reads them. The parser is fed as the bytes
// arrive, so reading can stop the moment qmail-queue would have stopped.
import { QQ, type QqExit } from './contract';

const NUL = 0x00;
const F = 0x46;
const T = 0x54;
export const ADDRESS_MAX = 1002; // qmail-queue's ADDR is 1003: an address must end within 1003 bytes

export interface Envelope {
  readonly sender: Buffer; // raw bytes; empty = the null sender <>
  readonly recipients: readonly Buffer[];
  readonly raw: Buffer; // exactly the bytes to hand on, through the final NUL
}
export type EnvelopeIssue =
  | { readonly code: 'truncated'; readonly offset: number }
  | { readonly code: 'bad_tag'; readonly offset: number; readonly byte: number }
  | { readonly code: 'too_long'; readonly offset: number }; // offset of the address's first byte
export type Parsed<T, I> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issue: I };

export const exitForEnvelopeIssue = {
  truncated: QQ.readError,
  bad_tag: QQ.envelopeFormat,
  too_long: QQ.addressTooLong,
} as const satisfies Record<EnvelopeIssue['code'], QqExit>; // a new issue code will not compile until mapped

/** "envelope cut short at byte 17" / "envelope byte 0 is 0x58, expected 'F'" / "envelope address at byte 1 ..." */
export function formatEnvelopeIssue(issue: EnvelopeIssue): string {
  if (issue.code === 'truncated') return `envelope cut short at byte ${issue.offset}`;
  if (issue.code === 'too_long') return `envelope address at byte ${issue.offset} is ${ADDRESS_MAX + 1} bytes or longer (qmail-queue's limit)`;
  const want = issue.offset === 0 ? 'F' : 'T';
  return `envelope byte ${issue.offset} is 0x${issue.byte.toString(16).padStart(2, '0')}, expected '${want}'`;
}

export type Step =
  | { readonly done: false; readonly next: number } // resume the scan here once more bytes arrived
  | { readonly done: true; readonly result: Parsed<number, EnvelopeIssue> }; // the envelope's length, or a fault

/** Where qmail-queue would stop in `raw` so far: at the end of the envelope, at a fault, or not yet (it needs
 *  more bytes). `from` is a `next` of an earlier scan of the same, shorter bytes: each byte is scanned once. */
export function scanEnvelope(raw: Buffer, from = 0): Step {
  let pos = from;
  for (let first = from === 0; ; first = false) {
    const tag = raw[pos];
    if (tag === undefined) return { done: false, next: pos };
    if (!first && tag === NUL) return { done: true, result: { ok: true, value: pos + 1 } };
    if (tag !== (first ? F : T)) return { done: true, result: { ok: false, issue: { code: 'bad_tag', offset: pos, byte: tag } } };
    const start = pos + 1;
    const end = raw.indexOf(NUL, start);
    if (end >= 0 && end - start <= ADDRESS_MAX) {
      pos = end + 1;
      continue;
    }
    if (raw.length - start > ADDRESS_MAX) return { done: true, result: { ok: false, issue: { code: 'too_long', offset: start } } };
    return { done: false, next: pos };
  }
}

/** The whole of what arrived (EOF reached): an envelope, or the fault qmail-queue would have exited for. */
export function parseEnvelope(raw: Buffer): Parsed<Envelope, EnvelopeIssue> {
  const step = scanEnvelope(raw);
  if (!step.done) return { ok: false, issue: { code: 'truncated', offset: raw.length } };
  if (!step.result.ok) return step.result;
  const end = step.result.value;
  const parts: Buffer[] = [];
  for (let pos = 1; pos < end - 1; ) {
    const nul = raw.indexOf(NUL, pos);
    parts.push(raw.subarray(pos, nul));
    pos = nul + 2; // past the NUL and the next tag
  }
  const [sender = Buffer.alloc(0), ...recipients] = parts;
  return { ok: true, value: { sender, recipients, raw: raw.subarray(0, end) } };
}

/** The bytes after the last '@' of an address; empty for the null sender or no '@'. */
export function addressDomain(address: Buffer): Buffer {
  const at = address.lastIndexOf(0x40);
  return at < 0 ? Buffer.alloc(0) : address.subarray(at + 1);
}
