// Reading an inherited fd with fs.read on the fd itself, never through Node's stdin stream (that would put
// O_NONBLOCK on a pipe we share with qmail-queue: NODE-FACTS).
// Asynchronous reads let DNS answers in while the client is still sending; when no check is waiting for any,
// plain blocking reads are used instead (the thread pool's start-up alone is ~1 ms of every message).
import { read, readSync } from 'node:fs';

const errCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);
export { errCode };

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

/** Reads `fd` to EOF, at most `cap` bytes (more is an issue, not a silent cut). `isComplete`, asked whenever
 *  the bytes so far end in two NULs, may end the read early: qmail-queue stops reading the envelope at its final
 *  NUL, so a writer that keeps fd 1 open after it must not hold us either. */
export async function readToEnd(fd: number, cap: number, sync = false, isComplete?: (data: Buffer) => boolean): Promise<ReadResult> {
  const parts: Buffer[] = [];
  let size = 0;
  let last = -1; // the byte before the current chunk
  const chunk = Buffer.allocUnsafe(16 * 1024);
  for (;;) {
    let n: number;
    try {
      n = await readSome(fd, chunk, sync);
    } catch (err) {
      return { ok: false, issue: { code: 'read_failed', cause: errCode(err) } };
    }
    if (n === 0) return { ok: true, value: Buffer.concat(parts, size) };
    size += n;
    if (size > cap) return { ok: false, issue: { code: 'too_big', cause: `over ${cap} bytes` } };
    parts.push(Buffer.from(chunk.subarray(0, n)));
    const endsInTwoNuls = chunk[n - 1] === 0 && (n > 1 ? chunk[n - 2] : last) === 0;
    last = chunk[n - 1] ?? -1;
    if (isComplete && endsInTwoNuls) {
      const data = Buffer.concat(parts, size);
      if (isComplete(data)) return { ok: true, value: data };
    }
  }
}
