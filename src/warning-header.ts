// Warning texts -> the bytes of the added header lines, e.g.
//   X-Spam-Warning: 192.0.2.1 is listed in Example BL (127.0.0.2): see
//    https://bl.example/q?192.0.2.1
// LF-terminated (qmail-smtpd already turned CRLF into LF), ASCII only (non-ASCII admin text becomes RFC 2047
// encoded words), folded at spaces to stay within 78 characters where a word allows, never over 998.
// Folding is done here rather than with libmime.foldLines: that folds with CRLF and loading libmime costs a
// tagged message ~40 ms.
import { loadLazy } from './lazy';

const SOFT = 78;
export const LINES_MAX = 64 * 1024; // most bytes of added lines: beyond it warnings are dropped (and logged)
const WORD_MAX = 900; // a longer token is cut: it is our text, and a line must stay within RFC 5322's 998
const CONTROL = /[\x00-\x1f\x7f]+/g; // CR, LF, TAB and friends from outside data never reach the header

/** Collapses controls and runs of spaces: a text can never start a new header line. */
export function cleanText(text: string): string {
  return text.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}

const isAscii = (s: string): boolean => !/[^\x20-\x7e]/.test(s);

/** Folds "Name: words..." at spaces: continuation lines start with one space. */
export function foldLine(name: string, text: string): string {
  const words = text.split(' ').map((w) => (w.length > WORD_MAX ? w.slice(0, WORD_MAX) : w));
  let out = `${name}:`;
  let lineLength = out.length;
  for (const word of words) {
    if (lineLength + 1 + word.length > SOFT && lineLength > name.length + 1) {
      out += '\n';
      lineLength = 0;
    }
    out += ` ${word}`;
    lineLength += 1 + word.length;
  }
  return `${out}\n`;
}

/** One header line per text, in order; stops before `budget` bytes (the room in front of a spooled message). */
export function formatWarningLines(name: string, texts: readonly string[], budget: number): { bytes: Buffer; dropped: number } {
  const lines: string[] = [];
  let size = 0;
  for (const [i, text] of texts.entries()) {
    const clean = cleanText(text) || '-';
    const ascii = isAscii(clean) ? clean : loadLazy('mime').encodeWords(clean);
    const line = foldLine(name, ascii);
    if (size + line.length > budget) return { bytes: Buffer.from(lines.join(''), 'ascii'), dropped: texts.length - i };
    lines.push(line);
    size += line.length;
  }
  return { bytes: Buffer.from(lines.join(''), 'ascii'), dropped: 0 };
}

