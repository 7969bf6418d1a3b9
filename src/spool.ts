// fd 0 -> memory up to a threshold, past it an unlinked 0600 file (qmail-qfilter's way): memory stays flat
// whatever the message size. A spilled message is written at offset SPOOL_GAP, leaving room in front for the
// added header lines, so the hand-off can give the file itself to qmail-queue as its fd 0 (no second copy).
// Up to the threshold fd 0 is read asynchronously, so that DNS answers are taken in while the client sends.
// Past it (a large message) reads and writes are synchronous in 1 MiB pieces — the thread pool's round trip
// per 64 KiB piece cost 3-5x a plain cat — yielding to the event loop every 16 MiB.
import { openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { errCode, readSome } from './read-fd';

export const HEAD_CAP = 256 * 1024; // bytes kept for the header block; more is neither parsed nor matched
export const SPOOL_GAP = 64 * 1024; // most bytes of added lines in front of a spilled message
const CHUNK = 64 * 1024;
const SPILL_CHUNK = 1024 * 1024;
const YIELD_EVERY = 16 * 1024 * 1024;

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

let created = 0;
/** Creates the spool file (O_EXCL, 0600), unlinked at once so that no path to it outlives us. */
function openSpoolFile(dir: string): number {
  // A write past RLIMIT_FSIZE (softlimit -f) then fails with EFBIG -> 53, instead of SIGXFSZ killing us.
  // Installed here, not at start: a signal handler costs every message start-up time.
  if (created === 0) process.on('SIGXFSZ', () => undefined);
  for (;;) {
    const path = join(dir, `qqtag.${process.pid}.${Date.now()}.${created++}`);
    try {
      const fd = openSync(path, 'wx+', 0o600);
      unlinkSync(path);
      return fd;
    } catch (err) {
      if (errCode(err) !== 'EEXIST' || created > 100) throw err;
    }
  }
}

function writeAllAt(fd: number, buf: Buffer, pos: number): void {
  for (let done = 0; done < buf.length; ) done += writeSync(fd, buf, done, buf.length - done, pos + done);
}

type Step = { ok: true; size: number } | { ok: false; issue: SpoolIssue };

/** The rest of a large message: fd 0 -> spool file, synchronously, from byte `size` on. */
async function spill(input: number, file: number, size: number): Promise<Step> {
  const chunk = Buffer.allocUnsafe(SPILL_CHUNK);
  for (let sinceYield = 0; ; ) {
    let n: number;
    try {
      n = readSync(input, chunk, 0, SPILL_CHUNK, null);
    } catch (err) {
      if (errCode(err) !== 'EAGAIN') return { ok: false, issue: { code: 'read_failed', cause: errCode(err), offset: size } };
      n = await readSome(input, chunk); // a non-blocking fd: wait for it the asynchronous way
    }
    if (n === 0) return { ok: true, size };
    try {
      writeAllAt(file, chunk.subarray(0, n), SPOOL_GAP + size);
    } catch (err) {
      return { ok: false, issue: { code: 'spool_failed', cause: errCode(err) } };
    }
    size += n;
    sinceYield += n;
    if (sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve)); // let DNS answers and timers in
    }
  }
}

export async function readSpool(fd: number, memoryMax: number, dir: string, sync = false): Promise<SpoolResult> {
  const memory = Buffer.allocUnsafe(memoryMax); // untouched pages cost no RSS
  const chunk = Buffer.allocUnsafe(CHUNK);
  let size = 0;
  for (;;) {
    let n: number;
    try {
      n = await readSome(fd, chunk, sync);
    } catch (err) {
      return { ok: false, issue: { code: 'read_failed', cause: errCode(err), offset: size } };
    }
    if (n === 0) break;
    if (size + n > memoryMax) {
      const fit = memoryMax - size; // fill memory first: the head is always the first HEAD_CAP bytes
      chunk.copy(memory, size, 0, fit);
      let file: number;
      try {
        file = openSpoolFile(dir);
        writeAllAt(file, memory, SPOOL_GAP);
        writeAllAt(file, chunk.subarray(fit, n), SPOOL_GAP + memoryMax);
      } catch (err) {
        return { ok: false, issue: { code: 'spool_failed', cause: errCode(err) } };
      }
      const rest = await spill(fd, file, size + n);
      if (!rest.ok) return rest;
      return { ok: true, value: { size: rest.size, head: memory.subarray(0, HEAD_CAP), memory: null, fd: file } };
    }
    chunk.copy(memory, size, 0, n);
    size += n;
  }
  return { ok: true, value: { size, head: memory.subarray(0, Math.min(size, HEAD_CAP)), memory: memory.subarray(0, size), fd: null } };
}
