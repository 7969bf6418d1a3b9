// fd 0 -> memory up to a threshold, past it an unlinked 0600 file (qmail-qfilter's way): memory stays flat
// whatever the message size. A spilled message starts at offset 0 of its file and is written with positioned
// writes, so the file offset stays 0: an untagged large message is handed to qmail-queue as this very file.
// Two loops, because the two phases differ: up to the threshold fd 0 is read asynchronously into memory, so that
// DNS answers are taken in while the client sends; past it (a large message) reads and writes are synchronous
// in 1 MiB pieces — the thread pool's round trip per 64 KiB piece cost 3-5x a plain cat — yielding every 16 MiB.
import { openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { errCode, readSome } from './read-fd';

export const HEAD_CAP = 256 * 1024; // bytes kept for the header block; more is neither parsed nor matched
const CHUNK = 64 * 1024;
const SPILL_CHUNK = 1024 * 1024;
const YIELD_EVERY = 16 * 1024 * 1024;

export interface Spool {
  readonly size: number; // message bytes, as read
  readonly head: Buffer; // the first min(size, HEAD_CAP) bytes
  readonly memory: Buffer | null; // the whole message while it fit under the threshold
  readonly fd: number | null; // else the spool file, holding the message from offset 0 (its offset is 0)
  readonly dir: string; // where temporary files go (the hand-off makes its own there)
}
export type SpoolIssue =
  | { readonly code: 'read_failed'; readonly cause: string; readonly offset: number }
  | { readonly code: 'spool_failed'; readonly cause: string };
export type SpoolResult = { readonly ok: true; readonly value: Spool } | { readonly ok: false; readonly issue: SpoolIssue };

let created = 0;
let ignoringXfsz = false;
/** Creates a temporary file (O_EXCL, 0600), unlinked at once so that no path to it outlives us. `large`: it may
 *  grow past a file-size limit (softlimit -f), so a write past it must fail with EFBIG -> 53 instead of SIGXFSZ
 *  killing us. Only then: a signal handler costs start-up time, and small files never meet such a limit. */
export function openTempFile(dir: string, large: boolean): number {
  if (large && !ignoringXfsz) {
    process.on('SIGXFSZ', () => undefined);
    ignoringXfsz = true;
  }
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

export function writeAllAt(fd: number, buf: Buffer, pos: number): void {
  for (let done = 0; done < buf.length; ) done += writeSync(fd, buf, done, buf.length - done, pos + done);
}

type Step = { ok: true; size: number } | { ok: false; issue: SpoolIssue };

/** The rest of a large message: fd 0 -> spool file, synchronously, from byte `size` on. */
async function spill(input: number, file: number, size: number): Promise<Step> {
  const chunk = Buffer.allocUnsafe(SPILL_CHUNK);
  for (let sinceYield = 0; ; ) {
    let n: number;
    try {
      n = await readSome(input, chunk, true);
    } catch (err) {
      return { ok: false, issue: { code: 'read_failed', cause: errCode(err), offset: size } };
    }
    if (n === 0) return { ok: true, size };
    try {
      writeAllAt(file, chunk.subarray(0, n), size);
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
        file = openTempFile(dir, true);
        writeAllAt(file, memory, 0);
        writeAllAt(file, chunk.subarray(fit, n), memoryMax);
      } catch (err) {
        return { ok: false, issue: { code: 'spool_failed', cause: errCode(err) } };
      }
      const rest = await spill(fd, file, size + n);
      if (!rest.ok) return rest;
      return { ok: true, value: { size: rest.size, head: memory.subarray(0, HEAD_CAP), memory: null, fd: file, dir } };
    }
    chunk.copy(memory, size, 0, n);
    size += n;
  }
  return { ok: true, value: { size, head: memory.subarray(0, Math.min(size, HEAD_CAP)), memory: memory.subarray(0, size), fd: null, dir } };
}
