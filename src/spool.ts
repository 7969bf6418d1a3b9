// fd 0 -> memory up to a threshold, past it an unlinked 0600 file (qmail-qfilter's way): memory stays flat
// whatever the message size. A spilled message is written at offset SPOOL_GAP, leaving room in front for the
// added header lines, so the hand-off can give the file itself to qmail-queue as its fd 0 (no second copy).
import { open, write, unlinkSync, type OpenMode } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { errCode, readSome } from './read-fd';

export const HEAD_CAP = 256 * 1024; // bytes kept for the header block; more is neither parsed nor matched
export const SPOOL_GAP = 64 * 1024; // most bytes of added lines in front of a spilled message
const CHUNK = 64 * 1024;

export interface Spool {
  readonly size: number; // message bytes, as read
  readonly head: Buffer; // the first min(size, HEAD_CAP) bytes
  readonly memory: Buffer | null; // the whole message while it fit under the threshold
  readonly fd: number | null; // else the spool file; the message starts at SPOOL_GAP
}
export type SpoolIssue =
  | { readonly code: 'read_failed'; readonly cause: string; readonly offset: number }
  | { readonly code: 'spool_failed'; readonly cause: string };
export type SpoolResult = { readonly ok: true; readonly value: Spool } | { readonly ok: false; readonly issue: SpoolIssue };

const writeAt = (fd: number, buf: Buffer, pos: number): Promise<number> =>
  new Promise((resolve, reject) => write(fd, buf, 0, buf.length, pos, (e, n) => (e ? reject(e) : resolve(n))));
const openAsync = (path: string, flags: OpenMode, mode: number): Promise<number> =>
  new Promise((resolve, reject) => open(path, flags, mode, (e, fd) => (e ? reject(e) : resolve(fd))));

/** Creates the spool file, unlinked at once so that no path to it outlives us. */
async function openSpoolFile(dir: string): Promise<number> {
  const path = join(dir, `qqtag.${process.pid}.${randomBytes(6).toString('hex')}`);
  const fd = await openAsync(path, 'wx+', 0o600);
  unlinkSync(path);
  return fd;
}

async function writeAll(fd: number, buf: Buffer, pos: number): Promise<void> {
  for (let done = 0; done < buf.length; ) done += await writeAt(fd, buf.subarray(done), pos + done);
}

export async function readSpool(fd: number, memoryMax: number, dir: string): Promise<SpoolResult> {
  const memory = Buffer.allocUnsafe(memoryMax); // untouched pages cost no RSS
  const chunk = Buffer.allocUnsafe(CHUNK);
  let size = 0;
  let file: number | null = null;
  for (;;) {
    let n: number;
    try {
      n = await readSome(fd, chunk);
    } catch (err) {
      return { ok: false, issue: { code: 'read_failed', cause: errCode(err), offset: size } };
    }
    if (n === 0) break;
    try {
      if (file === null && size + n > memoryMax) {
        file = await openSpoolFile(dir);
        await writeAll(file, memory.subarray(0, size), SPOOL_GAP);
      }
      if (file === null) chunk.copy(memory, size, 0, n);
      else await writeAll(file, chunk.subarray(0, n), SPOOL_GAP + size);
    } catch (err) {
      return { ok: false, issue: { code: 'spool_failed', cause: errCode(err) } };
    }
    size += n;
  }
  const head = memory.subarray(0, Math.min(size, HEAD_CAP));
  return { ok: true, value: { size, head, memory: file === null ? memory.subarray(0, size) : null, fd: file } };
}
