// The top header block of the spooled message, read-only. Bounded by HEAD_CAP: a block that does not end within
// it is parsed as far as it goes and marked incomplete, so that a header beyond the cap is neither matched nor
// taken as missing. The fields are parsed (mailsplit's Headers, in the lazy mime bundle) only when a check asks.
import { loadLazy } from './lazy';

export interface HeaderField {
  readonly name: string; // lower-case
  readonly value: string; // unfolded, RFC 2047 decoded, at most VALUE_CAP characters
}
export interface HeaderFields {
  readonly complete: boolean;
  /** Values of every field of that name, in order (name case-insensitive). */
  all(name: string): readonly string[];
}

export const VALUE_CAP = 8 * 1024; // rule values are matched on their first 8 KiB (CLARIFICATIONS)

/** Where the header block ends: the offset of its empty line, or -1 if none within `head`. */
export function findHeaderEnd(head: Buffer): number {
  if (head[0] === 0x0a || (head[0] === 0x0d && head[1] === 0x0a)) return 0;
  const lf = head.indexOf('\n\n');
  const crlf = head.indexOf('\n\r\n');
  if (lf < 0) return crlf < 0 ? -1 : crlf + 1;
  return crlf < 0 || lf < crlf ? lf + 1 : crlf + 1;
}

export interface HeaderBlock {
  readonly bytes: Buffer;
  readonly complete: boolean;
}

export function findHeaderBlock(head: Buffer, messageSize: number): HeaderBlock {
  const end = findHeaderEnd(head);
  if (end >= 0) return { bytes: head.subarray(0, end), complete: true };
  return { bytes: head, complete: head.length === messageSize }; // header only, or cut at the cap
}

/** Parses on first use and remembers: most messages with no header checks never load mailsplit. */
export function lazyHeaderFields(block: HeaderBlock): HeaderFields {
  let parsed: HeaderFields | undefined;
  const get = (): HeaderFields => (parsed ??= loadLazy('headers').parseHeaderFields(block.bytes, block.complete));
  return {
    complete: block.complete,
    all: (name) => get().all(name),
  };
}
