// How the demo prints bytes: every byte outside printable ASCII escaped (\0, \r, \xE9), never replaced by a
// `?` that would look like damage; and a sha256 to show that bytes arrived unchanged instead of saying so.
import { createHash } from 'node:crypto';

const NAMED: Record<number, string> = { 0x00: '\\0', 0x09: '\\t', 0x0d: '\\r', 0x5c: '\\\\' };

/** The bytes as text, printable ASCII as it is, every other byte but LF escaped: \0 \t \r \xE9 (and \\). */
export const escapeBytes = (b: Buffer): string =>
  [...b].map((c) => NAMED[c] ?? (c === 0x0a || (c >= 0x20 && c < 0x7f) ? String.fromCharCode(c) : `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** One text line per LF-ended line of `b`, escaped; a missing final LF is said. */
export function escapeLines(b: Buffer): string[] {
  const lines = escapeBytes(b).split('\n');
  if (lines.at(-1) === '') lines.pop();
  else lines.push(`${lines.pop() ?? ''}  (no final LF)`);
  return lines;
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export const indent = (lines: readonly string[], prefix: string): string => lines.map((l) => `${prefix}${l}\n`).join('');
