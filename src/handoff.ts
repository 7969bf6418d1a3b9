// Runs the real qmail-queue the way qmail-qfilter does: its fd 0 and fd 1 are files, complete before it starts —
// fd 0 our added lines followed by every original byte, fd 1 the envelope through its final NUL — each unlinked,
// at offset 0, holding nothing else (a queue program that rewinds, fstats or mmaps sees exactly the message).
// So no death of ours can hand on a cut message: killed at any point, the queue has whole files or none (qmail.c
// gets the same by writing the envelope only after the whole message). After it exits 0 both files must have
// been read to their end (their offsets are shared with ours), else 53: it did not take the whole message.
// notqmail's fd 6 (its reply channel) is passed on as the queue's own fd 6 and closed here at once: qmail-smtpd
// reads it to EOF before it waits for us. Codes (STYLE §5): cannot run -> 81; no resources to start it -> 51;
// killed -> 81; exited 0 without reading everything, or a file of ours not written -> 53; else its code.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, readSync } from 'node:fs';
import { FD_REPLY, QQ } from './contract';
import { describeError } from './errno-text';
import { errCode } from './read-fd';
import { openTempFile, writeAllAt, type Spool } from './spool';

export type HandOffError = 'spool' | 'queue_start' | 'queue_killed' | 'queue_short_read';
export interface HandOffResult {
  readonly code: number;
  readonly pid?: number; // the queue program's, when it ran (qmail-send logs it as qp)
  readonly status?: number | string; // its exit code, or the signal that killed it
  readonly error?: HandOffError;
  readonly problem?: string; // why we chose the code ourselves, for the log
}

/** How many qqtag processes deep this one runs: QQTAG_QMAILQUEUE pointing back at qqtag would otherwise start
 *  one qqtag after another for every message (qmail-qfilter(1), NOTES). */
export const DEPTH_VAR = 'QQTAG_DEPTH';
export const MAX_DEPTH = 4;
const SAVED = 'QQTAG_SAVED_'; // NODE_* variables the launcher set aside: the queue program gets them back
const COPY_CHUNK = 1024 * 1024;

/** The queue program's environment: ours as qmail-smtpd gave it, with the launcher's changes undone. */
export function queueEnv(env: NodeJS.ProcessEnv, depth: number): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, [DEPTH_VAR]: String(depth) };
  delete out['QQTAG_LAUNCH'];
  for (const key of Object.keys(env)) {
    if (!key.startsWith(SAVED)) continue;
    out[key.slice(SAVED.length)] = env[key];
    delete out[key];
  }
  return out;
}

/** fd 0 for the queue: lines + message in one file at offset 0. An untagged spilled message is its own file. */
function messageFile(spool: Spool, lines: Buffer): number {
  if (spool.fd !== null && lines.length === 0) return spool.fd;
  const fd = openTempFile(spool.dir, spool.fd !== null);
  writeAllAt(fd, lines, 0);
  if (spool.memory) writeAllAt(fd, spool.memory, lines.length);
  else if (spool.fd !== null) copyAll(spool.fd, fd, lines.length);
  return fd;
}

function copyAll(from: number, to: number, at: number): void {
  const chunk = Buffer.allocUnsafe(COPY_CHUNK);
  for (let pos = 0, n; (n = readSync(from, chunk, 0, COPY_CHUNK, pos)) > 0; pos += n) writeAllAt(to, chunk.subarray(0, n), at + pos);
  closeSync(from);
}

/** After the child exits: has it read the file (through the shared offset) to its end? */
const isDrained = (fd: number): boolean => readSync(fd, Buffer.alloc(1), 0, 1, null) === 0;

const NO_RESOURCES = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'ENOMEM']);
function notStarted(queue: string, err: unknown): HandOffResult {
  const short = NO_RESOURCES.has(errCode(err));
  const problem = `cannot ${short ? 'start' : 'run'} ${queue}: ${describeError(err)}`;
  return { code: short ? QQ.outOfMemory : QQ.internalBug, error: 'queue_start', problem };
}

export interface HandOff {
  readonly queue: string;
  readonly lines: Buffer;
  readonly spool: Spool;
  readonly envelope: Buffer;
  readonly passFd6: boolean; // the caller gave an fd 6 (notqmail): the queue gets it as its own
  readonly env: NodeJS.ProcessEnv;
}

export async function handOff(h: HandOff): Promise<HandOffResult> {
  let message: number;
  let envelope: number;
  try {
    message = messageFile(h.spool, h.lines);
    envelope = openTempFile(h.spool.dir, false);
    writeAllAt(envelope, h.envelope, 0);
  } catch (err) {
    return { code: QQ.writeError, error: 'spool', problem: `cannot write the message for ${h.queue} in ${h.spool.dir}: ${describeError(err)}` };
  }
  const depth = (Number(h.env[DEPTH_VAR]) || 0) + 1;
  const stdio = h.passFd6 ? [message, envelope, 2, 'ignore', 'ignore', 'ignore', FD_REPLY] : [message, envelope, 2];
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(h.queue, [], { stdio: stdio as ('ignore' | number)[], env: queueEnv(h.env, depth) });
  } catch (err) {
    return notStarted(h.queue, err);
  }
  if (h.passFd6) closeSync(FD_REPLY); // the queue holds it now; a copy here would delay qmail-smtpd's reply
  let code: number | null;
  let signal: NodeJS.Signals | null;
  try {
    [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  } catch (err) {
    return notStarted(h.queue, err); // 'error' came first: it never ran
  }
  const ran = { pid: child.pid ?? 0 };
  if (signal !== null || code === null) return { ...ran, status: signal ?? 'unknown', code: QQ.internalBug, error: 'queue_killed', problem: `${h.queue} killed by ${signal ?? 'unknown'}` };
  if (code !== QQ.ok) return { ...ran, status: code, code };
  const unread = !isDrained(message) ? 'the whole message' : !isDrained(envelope) ? 'the whole envelope' : '';
  if (unread) return { ...ran, status: code, code: QQ.writeError, error: 'queue_short_read', problem: `${h.queue} exited 0 without reading ${unread}` };
  return { ...ran, status: code, code };
}
