// Before a command is timed, one run of it with the stand-in recording: exit 0, and the queue got the message
// byte-exact (no lists, so nothing is added) and the envelope. A benchmark of a broken hand-off is worthless.
import { closeSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Cmd, type Ctx, runTimed, standInRecord } from './lib';

let seq = 0;
const records = new Map<string, string>(); // message path + envelope path -> expected record (hashing is slow)

/** `hash`: compare the content too (FNV-1a in JS, ~0.5 s per 100 MiB); else the byte count and envelope only. */
export async function verifyHandOff(ctx: Ctx, cmd: Cmd, msg: string, env: string, hash = true): Promise<void> {
  const log = join(ctx.dir, `verify-${++seq}.log`);
  const errPath = join(ctx.dir, `verify-${seq}.err`);
  const errFd = openSync(errPath, 'w');
  const r = await runTimed({ ...cmd, env: { ...cmd.env, STANDIN_LOG: log } }, msg, env, errFd);
  closeSync(errFd);
  const stderr = readFileSync(errPath, 'latin1');
  let got = '';
  try {
    got = readFileSync(log, 'latin1').trimEnd();
  } catch {
    // no record: the queue never finished
  }
  const envelope = readFileSync(env);
  const key = `${msg}\0${env}`;
  if (hash && !records.has(key)) records.set(key, standInRecord(readFileSync(msg), envelope));
  const want = hash
    ? records.get(key)!
    : `${statSync(msg).size} * ${envelope.toString('latin1').replace(/\0/g, '|')}`;
  const same = hash ? got === want : got.replace(/ [0-9a-f]{16} /, ' * ') === want;
  rmSync(log, { force: true });
  rmSync(errPath, { force: true });
  if (r.code !== 0 || !same) {
    throw new Error(
      `${cmd.label} did not hand the message over intact: exit ${r.code ?? r.signal}, queue got ${JSON.stringify(got)}, ` +
        `want ${JSON.stringify(want)}; stderr: ${stderr.trim()}`,
    );
  }
  ctx.log(`${cmd.label}: hand-off of ${msg.split('/').pop()} verified`);
}
