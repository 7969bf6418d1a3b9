// The lazy header bundle: mailsplit's Headers splits the capped header block into fields. Values are unfolded
// and, only when they hold an RFC 2047 encoded-word, decoded with libmime (the separate lazy `mime` bundle).
// The block is unfolded before mailsplit sees it: its continuation-line handling splices an array once per
// line, quadratic — a crafted 256 KiB block of alternating fields and continuations took 2 s.
import { Headers } from 'mailsplit';
import { unfoldBlock, VALUE_CAP, type HeaderField } from '../header-block';
import { loadLazy } from '../lazy';

/** The value of "Name: value", as mailsplit gives it (latin1, one char a byte), trimmed. */
const rawValue = (line: string): string => line.slice(line.indexOf(':') + 1).trim();

/** "=?utf-8?q?caf=C3=A9?= x" -> "café x". 8-bit bytes are taken as UTF-8; capped at VALUE_CAP. */
export function decodeValue(raw: string): string {
  const utf8 = Buffer.from(raw.slice(0, VALUE_CAP * 4), 'latin1').toString('utf8');
  return (utf8.includes('=?') ? loadLazy('mime').decodeWords(utf8) : utf8).slice(0, VALUE_CAP);
}

export function parseHeaderFields(block: Buffer, complete: boolean): { readonly complete: boolean; all(name: string): readonly string[] } {
  const unfolded = Buffer.from(unfoldBlock(block), 'latin1');
  const list = new Headers(unfolded).getList();
  const fields: HeaderField[] = list.map((l) => ({ name: l.key, value: decodeValue(rawValue(l.line)) }));
  return {
    complete,
    all: (name) => {
      const key = name.toLowerCase();
      return fields.filter((f) => f.name === key).map((f) => f.value);
    },
  };
}
