// The lazy header bundle, for a header block that holds an RFC 2047 encoded-word: mailsplit's Headers splits it
// into fields, and values with an encoded-word are decoded with libmime (the separate lazy `mime` bundle). A block
// without one is split by header-block.ts, in the same way, without loading either.
// The block is unfolded before mailsplit sees it: its continuation-line handling splices an array once per
// line, quadratic — a crafted 256 KiB block of alternating fields and continuations took 2 s.
import { Headers } from 'mailsplit';
import { plainValue, unfoldBlock, VALUE_CAP, type HeaderField } from '../header-block';
import { loadLazy } from '../lazy';

/** The value of "Name: value", as mailsplit gives it (latin1, one char a byte), trimmed. */
const rawValue = (line: string): string => line.slice(line.indexOf(':') + 1).trim();

/** "=?utf-8?q?caf=C3=A9?= x" -> "café x". 8-bit bytes are taken as UTF-8; capped at VALUE_CAP. */
export function decodeValue(raw: string): string {
  if (!raw.includes('=?')) return plainValue(raw);
  const utf8 = Buffer.from(raw.slice(0, VALUE_CAP * 4), 'latin1').toString('utf8');
  return loadLazy('mime').decodeWords(utf8).slice(0, VALUE_CAP);
}

export function parseHeaderFields(block: Buffer): HeaderField[] {
  const list = new Headers(Buffer.from(unfoldBlock(block), 'latin1')).getList();
  return list.map((l) => ({ name: l.key, value: decodeValue(rawValue(l.line)) }));
}
