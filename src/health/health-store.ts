// The files of [health] state_dir (owned by the user qmail-smtpd runs as, qmaild):
//   health.json   the state (health-state.ts); read once per message that has DNS lists, never locked for reading
//   health.lock   one writer at a time: a writer claims it, reads health.json afresh, applies what its message
//                 learnt, writes health.json.PID.tmp and renames it over health.json (so a reader sees the old
//                 file or the new one, never half), then removes the lock. A writer that cannot claim it within
//                 LOCK_WAIT_MS drops its update: health is an optimisation and must never hold a message up long.
//   lease         one prober at a time: the message that claims it probes the zones whose back-off has ended and
//                 runs the self-test that is due; the others keep skipping those zones meanwhile.
// A claimed file holds "EXPIRES PID" (EXPIRES in ms since the epoch). Its holder removes it when done; one whose
// holder died (kill -9) is taken over once it has expired. Two processes that find the same expired file may
// both take it over: then two probe at once, which costs a little and harms nothing.
// No fsync: after a crash a damaged health.json is logged, ignored and replaced, like any other.
import { closeSync, constants, fstatSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { readRegularFile } from '../regular-file';
import { join } from 'node:path';
import { describeError } from '../errno-text';
import { EMPTY_STATE, MAX_STATE_BYTES, formatState, parseState, type HealthState } from './health-state';

export const STATE_FILE = 'health.json';
const LOCK_FILE = 'health.lock';
const LEASE_FILE = 'lease';
const LOCK_HOLD_MS = 2000; // a write takes well under a millisecond; a lock older than this lost its holder
const LOCK_WAIT_MS = 25;
const UNREADABLE_STALE_MS = 10_000; // a claim file with no readable expiry (its writer died mid-write)

export type StateRead =
  | { readonly ok: true; readonly state: HealthState }
  | { readonly ok: false; readonly why: 'missing_dir' | 'unreadable' | 'damaged'; readonly problem: string };

const codeOf = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

/** health.json; a missing file in an existing directory is an empty state (nothing learnt yet). */
export function readHealthState(dir: string): StateRead {
  const path = join(dir, STATE_FILE);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK); // a FIFO planted there must not block us
  } catch (err) {
    if (codeOf(err) !== 'ENOENT') return { ok: false, why: 'unreadable', problem: `cannot read ${path}: ${describeError(err)}` };
    const isDir = statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
    return isDir ? { ok: true, state: EMPTY_STATE } : { ok: false, why: 'missing_dir', problem: `state_dir ${dir} does not exist` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, why: 'unreadable', problem: `${path} is not a regular file` };
    const state = st.size <= MAX_STATE_BYTES ? parseState(readFileSync(fd, 'utf8')) : undefined;
    return state ? { ok: true, state } : { ok: false, why: 'damaged', problem: `${path} is damaged` };
  } catch (err) {
    return { ok: false, why: 'unreadable', problem: `cannot read ${path}: ${describeError(err)}` };
  } finally {
    closeSync(fd);
  }
}

export type Claim = { readonly held: string } | { readonly busy: true } | { readonly problem: string };

function isExpired(path: string, now: number): boolean {
  try {
    const expires = Number.parseInt(readRegularFile(path, 'latin1'), 10);
    if (Number.isSafeInteger(expires)) return expires <= now;
    return statSync(path).mtimeMs + UNREADABLE_STALE_MS <= now;
  } catch (err) {
    return codeOf(err) === 'ENOENT'; // released meanwhile: try again
  }
}

/** One attempt to create `path` exclusively (O_EXCL), taking over an expired claim. */
export function claim(path: string, expires: number): Claim {
  const token = `${expires} ${process.pid}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, token, { flag: 'wx', mode: 0o644 });
      return { held: token };
    } catch (err) {
      if (codeOf(err) !== 'EEXIST') return { problem: `cannot create ${path}: ${describeError(err)}` };
    }
    if (!isExpired(path, Date.now())) return { busy: true };
    try {
      unlinkSync(path);
    } catch {
      // another process took it over first; the next attempt tells
    }
  }
  return { busy: true };
}

/** Removes our claim; one that expired and was taken over is not ours any more. */
export function release(path: string, token: string): void {
  try {
    if (readRegularFile(path, 'latin1') === token) unlinkSync(path);
  } catch {
    // gone already
  }
}

export const leasePath = (dir: string): string => join(dir, LEASE_FILE);

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 2));

/** Applies `update` to the current health.json under the lock. Returns what went wrong, if anything. */
export async function updateHealthState(dir: string, update: (s: HealthState) => HealthState): Promise<string | undefined> {
  const lock = join(dir, LOCK_FILE);
  const giveUp = Date.now() + LOCK_WAIT_MS;
  let claimed = claim(lock, Date.now() + LOCK_HOLD_MS);
  while ('busy' in claimed && Date.now() < giveUp) {
    await pause();
    claimed = claim(lock, Date.now() + LOCK_HOLD_MS);
  }
  if ('problem' in claimed) return claimed.problem;
  if ('busy' in claimed) return undefined; // others are writing: this message's update is dropped
  const tmp = join(dir, `${STATE_FILE}.${process.pid}.tmp`);
  try {
    const current = readHealthState(dir);
    writeFileSync(tmp, formatState(update(current.ok ? current.state : EMPTY_STATE), Date.now()), { mode: 0o644 });
    renameSync(tmp, join(dir, STATE_FILE));
    return undefined;
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // never written
    }
    return `cannot write ${join(dir, STATE_FILE)}: ${describeError(err)}`;
  } finally {
    release(lock, claimed.held);
  }
}
