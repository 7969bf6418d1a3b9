// Runs the real qmail-queue as qmail.c does: the message on its fd 0 (our added lines, then every original byte)
// and the envelope on its fd 1, each closed; then wait and pass its exit code on unchanged.
// A spooled message is handed over as the file itself, positioned so that the child reads our lines first.
// Our failures map to STYLE §5: cannot start or killed -> 81; exited 0 but did not take everything -> 53.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { QQ } from './contract';
import { SPOOL_GAP, type Spool } from './spool';

export interface HandOffResult {
  readonly code: number;
  readonly problem?: string; // why we chose the code ourselves, for the log
}

/** Puts `lines` just in front of the spooled message and moves the file offset there (Node has no lseek). */
function positionSpool(fd: number, lines: Buffer): void {
  const start = SPOOL_GAP - lines.length;
  if (lines.length > 0) writeSync(fd, lines, 0, lines.length, start);
  const skip = Buffer.allocUnsafe(SPOOL_GAP);
  for (let done = 0; done < start; ) done += readSync(fd, skip, 0, start - done, null);
}

/** After the child exits: has it read the shared file offset to the end? */
const isSpoolDrained = (fd: number): boolean => readSync(fd, Buffer.alloc(1), 0, 1, null) === 0;

/** Writes the parts (already in memory) and ends the stream; rejects on EPIPE/ECONNRESET. Not Readable's pipe
 *  method: it compares its destination with the stdout stream, and creating that puts O_NONBLOCK on fd 1. */
const write = (stream: Writable, ...parts: Buffer[]): Promise<void> =>
  new Promise((resolve, reject) => {
    stream.once('error', reject);
    for (const part of parts) if (part.length > 0) stream.write(part);
    stream.end(() => resolve());
  });

/** A child gone, but a grandchild still holding its pipes, must not hold us: wait a moment, then stop writing. */
const AFTER_EXIT_MS = 2000;

/** How many qqtag processes deep this one runs: QQTAG_QMAILQUEUE pointing back at qqtag would otherwise start
 *  one qqtag after another for every message (qmail-qfilter(1), NOTES). */
export const DEPTH_VAR = 'QQTAG_DEPTH';
export const MAX_DEPTH = 4;

export async function handOff(queue: string, lines: Buffer, spool: Spool, envelope: Buffer): Promise<HandOffResult> {
  const depth = (Number(process.env[DEPTH_VAR]) || 0) + 1;
  if (spool.fd !== null) positionSpool(spool.fd, lines);
  const env = { ...process.env, [DEPTH_VAR]: String(depth) };
  const child = spawn(queue, [], { stdio: [spool.fd ?? 'pipe', 'pipe', 'inherit'], argv0: queue, env });
  let writeFailed = '';
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const toEnvelope = child.stdio[1] as unknown as Writable; // a socketpair: writable from our side
  let settled = false;
  // qmail.c writes the envelope only after closing fd 0 because its writes block. Ours do not: both go out at once,
  // and qmail-queue still reads fd 1 only after fd 0's EOF (the socket buffers, or Node, hold the envelope).
  const sent = Promise.all([
    spool.fd === null && child.stdin ? write(child.stdin, lines, spool.memory ?? Buffer.alloc(0)) : undefined,
    write(toEnvelope, envelope),
  ])
    .catch((err: unknown) => void (writeFailed ||= (err as NodeJS.ErrnoException).code ?? String(err)))
    .finally(() => (settled = true));
  child.stdin?.on('error', () => undefined);
  toEnvelope.on('error', () => undefined);
  let code: number | null;
  let signal: NodeJS.Signals | null;
  try {
    [code, signal] = await exited;
  } catch (err) {
    return { code: QQ.internalBug, problem: `cannot run ${queue}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  if (!settled) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([sent, new Promise<void>((r) => (timer = setTimeout(r, AFTER_EXIT_MS)))]);
    clearTimeout(timer);
  }
  if (!child.stdin?.writableFinished && spool.fd === null) writeFailed ||= 'not finished when it exited';
  if (!toEnvelope.writableFinished) writeFailed ||= 'envelope not finished when it exited';
  child.stdin?.destroy();
  toEnvelope.destroy();
  if (signal !== null || code === null) return { code: QQ.internalBug, problem: `${queue} killed by ${signal ?? 'unknown'}` };
  if (code !== QQ.ok) return { code };
  if (writeFailed) return { code: QQ.writeError, problem: `${queue} exited 0 but our write failed: ${writeFailed}` };
  if (spool.fd !== null && !isSpoolDrained(spool.fd)) return { code: QQ.writeError, problem: `${queue} exited 0 without reading the whole message` };
  return { code };
}
