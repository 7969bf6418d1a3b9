// The top header block of the spooled message, read-only. Bounded by HEAD_CAP: a block that does not end within
// it is parsed as far as it goes and marked incomplete, so that a header beyond the cap is neither matched nor
// taken as missing. A block with an RFC 2047 encoded-word is parsed by mailsplit's Headers (the lazy headers
// bundle) and its values decoded with libmime; any other block's fields are its lines, split here as mailsplit
// splits them (test/header-block.test.ts holds the two to the same answers), so most messages load neither.
import { loadLazy } from './lazy';
import { foldCase } from './checks/required-literals';

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

export interface HeaderField {
  readonly name: string; // lower-case
  readonly value: string; // unfolded, RFC 2047 decoded, at most VALUE_CAP characters
}

/** The fields as mailsplit's Headers derives them: one a line of the unfolded block, named by what comes before
 *  its colon (lower-case, trimmed; '' without a colon); an mbox "From " (or "POST ") first line is no field.
 *  `decode` turns a raw value (after the colon, trimmed, one character a byte) into the value. */
export function splitFields(unfolded: string, decode: (raw: string) => string): HeaderField[] {
  const lines = unfolded.replace(/[\r\n]+$/, '').split(/\r?\n/);
  if (/^(From|POST) /i.test(lines[0] ?? '')) lines.shift();
  return lines.map((l) => {
    const colon = l.indexOf(':');
    return { name: l.slice(0, Math.max(0, colon)).trim().toLowerCase(), value: decode(l.slice(colon + 1).trim()) };
  });
}

/** A raw value with no encoded-word: its 8-bit bytes taken as UTF-8, capped at VALUE_CAP. */
export const plainValue = (raw: string): string => Buffer.from(raw.slice(0, VALUE_CAP * 4), 'latin1').toString('utf8').slice(0, VALUE_CAP);

const valuesOf = (fields: readonly HeaderField[], name: string): string[] => {
  const key = name.toLowerCase();
  return fields.filter((f) => f.name === key).map((f) => f.value);
};

/** Splits on first use and remembers: a message with no header checks splits nothing. */
export function lazyHeaderFields(block: HeaderBlock): HeaderFields {
  let unfolded: string | undefined;
  let fields: readonly HeaderField[] | undefined;
  let names: Set<string> | undefined;
  const text = (): string => (unfolded ??= unfoldBlock(block.bytes));
  const values = (): readonly HeaderField[] =>
    (fields ??= text().includes('=?') ? loadLazy('headers').parseHeaderFields(block.bytes) : splitFields(text(), plainValue));
  return {
    complete: block.complete,
    all: (name) => valuesOf(values(), name),
    has: (name) => (names ??= new Set(splitFields(text(), () => '').map((f) => f.name))).has(name.toLowerCase()),
    plainText() {
      if (!block.complete || text().includes('=?')) return undefined;
      const utf8 = Buffer.from(text(), 'latin1').toString('utf8');
      return { text: utf8, folded: foldCase(utf8) };
    },
  };
}
