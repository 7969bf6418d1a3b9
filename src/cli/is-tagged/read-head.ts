// The top of a delivered message on fd 0, for `qqtag is-tagged`: read until the header's blank line, at most
// HEAD_CAP bytes, so that a 20 MB message costs one read. Callers that feed the message through a pipe and
// fail when it is not read to its end (Dovecot's `execute :pipe`) get `readAll`: the rest is read and dropped.
// fd 0 is read on the fd itself, never through process.stdin (NODE-FACTS: that can make it non-blocking).
import { findHeaderEnd } from '../../header-block';
import { errCode, readSome } from '../../read-fd';

/** How much of the header is read. Our lines and qmail's sit in its first few hundred bytes. */
export const HEAD_CAP = 256 * 1024;
const CHUNK = 16 * 1024; // most headers end within the first read: only those bytes are looked at
const DRAIN_CHUNK = 64 * 1024;
const LF = 0x0a;

export type Head = { readonly ok: true; readonly head: Buffer } | { readonly ok: false; readonly cause: string };

/** The header lines: up to the blank line; else whole lines only: a line counts when it ends within the cap,
 *  or ends the input below it (the awk twin counts each line's bytes plus its newline the same way). */
function headerLines(buf: Buffer, size: number, eof: boolean): Buffer {
  const end = findHeaderEnd(buf.subarray(0, size));
  if (end >= 0) return buf.subarray(0, end);
  if (eof && size < HEAD_CAP) return buf.subarray(0, size);
  return buf.subarray(0, buf.lastIndexOf(LF, size - 1) + 1);
}

async function drain(fd: number): Promise<void> {
  const scratch = Buffer.allocUnsafe(DRAIN_CHUNK);
  while ((await readSome(fd, scratch, true)) > 0);
}

/** The header (or the first HEAD_CAP bytes of it, in whole lines); with `readAll` the input is read to EOF. */
export async function readHead(fd: number, readAll: boolean): Promise<Head> {
  const buf = Buffer.allocUnsafe(HEAD_CAP);
  let size = 0;
  let eof = false;
  try {
    while (size < HEAD_CAP) {
      const n = await readSome(fd, buf.subarray(size, Math.min(size + CHUNK, HEAD_CAP)), true);
      if (n === 0) {
        eof = true;
        break;
      }
      size += n;
      if (findHeaderEnd(buf.subarray(0, size)) >= 0) break;
    }
    if (readAll && !eof) await drain(fd);
  } catch (err) {
    return { ok: false, cause: errCode(err) };
  }
  return { ok: true, head: headerLines(buf, size, eof) };
}
