// A crash can never queue a cut message (issue "field mail path" §3). qqtag is killed — SIGKILL (the OOM
// killer) or SIGTERM (a shutdown) — at random points of its run, in-memory and spooled messages, while the queue
// program behind it goes on by itself as a real qmail-queue would. Then: whatever the queue program would have
// queued (it read a complete envelope, by qmail-queue's grammar) must be the whole message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, fixture, makeTempDir, QQTAG } from '../helpers/run-qqtag';
import { qmailQueueEnvelope } from '../helpers/qmail-queue-grammar';

const envelope = fixture('envelopes/simple.env');
const TAG = '[[rule]]\nname = "all"\nheader = "Subject"\npattern = "."\nwarning = "tagged"\n';
const LINES = Buffer.from('X-Spam-Warning: tagged\n');
const body = (size: number): Buffer => Buffer.concat([Buffer.from('Subject: hello\n\n'), Buffer.alloc(size, 'z')]);
const MESSAGES = [body(512 * 1024), body(3 * 1024 * 1024)]; // in memory, spooled

/** Running: neither gone nor a zombie (orphans of a killed qqtag may wait long for a reaper here). */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
};

async function killedRun(i: number): Promise<'whole' | 'nothing'> {
  const message = MESSAGES[i % 2] as Buffer;
  const dir = makeTempDir();
  writeFileSync(join(dir, 'in.eml'), message);
  writeFileSync(join(dir, 'in.env'), envelope);
  const fds = [openSync(join(dir, 'in.eml'), 'r'), openSync(join(dir, 'in.env'), 'r')];
  const child = spawn(QQTAG, [], { env: baseEnv(dir, { message, envelope, config: TAG, queueMode: 'slow' }), stdio: [fds[0], fds[1], 'ignore'] });
  for (const fd of fds) closeSync(fd);
  const exited = once(child, 'exit');
  const delay = 30 + ((i * 7919) % 170); // spread over start-up, reading, checks and the hand-off
  await new Promise((r) => setTimeout(r, delay));
  child.kill(i % 4 < 2 ? 'SIGKILL' : 'SIGTERM');
  await exited;
  // The queue program, if it was started, finishes on its own: wait for it.
  const pidFile = join(dir, 'pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    for (let t = 0; t < 500 && alive(pid); t++) await new Promise((r) => setTimeout(r, 10));
  }
  const recorded = join(dir, 'envelope');
  if (!existsSync(recorded) || qmailQueueEnvelope(readFileSync(recorded)).code !== 0) return 'nothing';
  const queued = readFileSync(join(dir, 'message'));
  assert.ok(queued.equals(Buffer.concat([LINES, message])), `run ${i} (killed after ${delay} ms): queued ${queued.length} bytes of ${LINES.length + message.length}`);
  return 'whole';
}

test('120 kills at random points of the run: a message is queued whole or not at all', async () => {
  const outcomes: string[] = [];
  for (let i = 0; i < 120; i += 4) outcomes.push(...(await Promise.all([0, 1, 2, 3].map((k) => killedRun(i + k)))));
  const whole = outcomes.filter((o) => o === 'whole').length;
  // Both sides of the hand-off were hit, or the test proved nothing.
  assert.ok(whole >= 10 && outcomes.length - whole >= 10, `queued whole ${whole}, nothing ${outcomes.length - whole}`);
});
