// The lazy MIME bundle: mailsplit's Headers to split the header block, libmime to decode and encode words.
// Loaded only for a message that has a header check or a non-ASCII warning text.
import { Headers } from 'mailsplit';
import libmime = require('libmime'); // the CommonJS build, the one mailsplit requires: one copy in the bundle
import { VALUE_CAP, type HeaderField, type HeaderFields } from '../header-block';

const FOLD = /\r?\n(?=[ \t])/g;

/** The value of "Name: value\n  more" unfolded, as mailsplit gives it (latin1, one char a byte). */
const rawValue = (line: string): string => line.slice(line.indexOf(':') + 1).replace(FOLD, '').trim();

/** "=?utf-8?q?caf=C3=A9?= x" -> "café x". 8-bit bytes are taken as UTF-8; capped at VALUE_CAP. */
export function decodeValue(raw: string): string {
  const utf8 = Buffer.from(raw.slice(0, VALUE_CAP * 4), 'latin1').toString('utf8');
  return (utf8.includes('=?') ? libmime.decodeWords(utf8) : utf8).slice(0, VALUE_CAP);
}

export function parseHeaderFields(block: Buffer, complete: boolean): HeaderFields {
  const list = new Headers(block).getList();
  const fields: HeaderField[] = list.map((l) => ({ name: l.key, value: decodeValue(rawValue(l.line)) }));
  const first = list[0];
  return {
    complete,
    all: (name) => {
      const key = name.toLowerCase();
      return fields.filter((f) => f.name === key).map((f) => f.value);
    },
    first: first && { name: first.key, value: rawValue(first.line) },
  };
}

/** Non-ASCII text as RFC 2047 Q-encoded words, each within 75 characters. */
export const encodeWords = (text: string): string => libmime.encodeWords(text, 'Q', 52);
