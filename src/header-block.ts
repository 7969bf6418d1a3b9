// The top header block of the spooled message, read-only. Bounded by HEAD_CAP: a block that does not end within
// it is parsed as far as it goes and marked incomplete, so that a header beyond the cap is neither matched nor
// taken as missing. The fields' values are parsed (mailsplit's Headers, in the lazy headers bundle) only when a
// check asks for them; whether a field is there, and the block as plain text (for a rule's literal prefilter),
// come from a scan of the block that loads nothing.
import { loadLazy } from './lazy';
import { foldCase } from './checks/required-literals';

export interface HeaderField {
  readonly name: string; // lower-case
  readonly value: string; // unfolded, RFC 2047 decoded, at most VALUE_CAP characters
}
export interface HeaderFields {
  readonly complete: boolean;
  /** Values of every field of that name, in order (name case-insensitive). */
  all(name: string): readonly string[];
  /** Whether a field of that name is there: all(name).length > 0, without parsing the values. */
  has(name: string): boolean;
  /** The unfolded block as text (UTF-8) and case-folded (required-literals.ts), which every value of every field
   *  is a part of; undefined when that cannot be said: an encoded-word (its decoded value holds what the raw
   *  text hides), or a block cut at the cap. */
  plainText(): { readonly text: string; readonly folded: string } | undefined;
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

const FOLD = /\r?\n(?=[ \t])/g;

/** The block with folded lines joined (RFC 5322 unfolding), one character a byte: what mailsplit is given. */
export const unfoldBlock = (bytes: Buffer): string => bytes.toString('latin1').replace(FOLD, '');

/** The field names in the block, lower-case, as mailsplit's Headers derives them (an mbox "From " first line is
 *  no field; a line without a colon has the name ''). */
function fieldNames(unfolded: string): Set<string> {
  const lines = unfolded.replace(/[\r\n]+$/, '').split(/\r?\n/);
  if (/^(From|POST) /i.test(lines[0] ?? '')) lines.shift();
  return new Set(lines.map((l) => l.slice(0, Math.max(0, l.indexOf(':'))).trim().toLowerCase()));
}

/** Parses on first use and remembers: most messages with no header checks never load mailsplit. */
export function lazyHeaderFields(block: HeaderBlock): HeaderFields {
  let parsed: ReturnType<typeof parse> | undefined;
  let unfolded: string | undefined;
  let names: Set<string> | undefined;
  const parse = () => loadLazy('headers').parseHeaderFields(block.bytes, block.complete);
  const text = (): string => (unfolded ??= unfoldBlock(block.bytes));
  return {
    complete: block.complete,
    all: (name) => (parsed ??= parse()).all(name),
    has: (name) => (names ??= fieldNames(text())).has(name.toLowerCase()),
    plainText() {
      if (!block.complete || text().includes('=?')) return undefined;
      const utf8 = Buffer.from(text(), 'latin1').toString('utf8');
      return { text: utf8, folded: foldCase(utf8) };
    },
  };
}
