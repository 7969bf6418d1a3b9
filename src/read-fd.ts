// Reading an inherited fd with fs.read on the fd itself, never through Node's stdin stream (that would put
// O_NONBLOCK on a pipe we share with qmail-queue: NODE-FACTS).
// Asynchronous reads let DNS answers in while the client is still sending; when no check is waiting for any,
// plain blocking reads are used instead (the thread pool's start-up alone is ~1 ms of every message).
import { read, readSync } from 'node:fs';

export const errCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);

const readAsync = (fd: number, buf: Buffer): Promise<number> =>
  new Promise((resolve, reject) => read(fd, buf, 0, buf.length, null, (e, n) => (e ? reject(e) : resolve(n))));

/** One read; an fd inherited non-blocking answers EAGAIN: wait a moment and read again. */
export async function readSome(fd: number, buf: Buffer, sync = false): Promise<number> {
  if (sync) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (err) {
      if (errCode(err) !== 'EAGAIN') throw err;
    }
  }
  for (;;) {
    try {
      return await readAsync(fd, buf);
    } catch (err) {
      if (errCode(err) !== 'EAGAIN') throw err;
      await new Promise((r) => setTimeout(r, 2));
    }
  }
}

export type ReadResult =
  | { readonly ok: true; readonly value: Buffer }
  | { readonly ok: false; readonly issue: { readonly code: 'read_failed' | 'too_big'; readonly cause: string } };

/** Reads `fd` to EOF, at most `cap` bytes (more is an issue, not a silent cut). `isDone`, asked after every read
 *  with all bytes so far, may end the read early: qmail-queue stops reading the envelope where its grammar
 *  ends (or fails), so a writer that keeps fd 1 open after that must not hold us either. */
export async function readToEnd(fd: number, cap: number, sync = false, isDone?: (data: Buffer) => boolean): Promise<ReadResult> {
  let buf = Buffer.allocUnsafe(16 * 1024);
  let size = 0;
  for (;;) {
    if (size === buf.length) {
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, cap + 1));
      buf.copy(bigger, 0, 0, size);
      buf = bigger;
    }
    let n: number;
    try {
      n = await readSome(fd, buf.subarray(size), sync);
    } catch (err) {
      return { ok: false, issue: { code: 'read_failed', cause: errCode(err) } };
    }
    if (n === 0) return { ok: true, value: buf.subarray(0, size) };
    size += n;
    if (size > cap) return { ok: false, issue: { code: 'too_big', cause: `over ${cap} bytes` } };
    if (isDone?.(buf.subarray(0, size))) return { ok: true, value: buf.subarray(0, size) };
  }
}
