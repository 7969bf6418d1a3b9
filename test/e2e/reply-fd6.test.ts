// notqmail's fd 6 (QMAIL-FACTS "fd 6"; issue "field mail path" §2), driven the way notqmail's qmail-smtpd does:
// fd 6 is the write end of a pipe; the caller reads it to EOF, then waits for the exit code. Exit 82 with "D..."
// is a 554 with that text, "Z..." a 451.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, openSync, promises as fsp, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, fixture, makeTempDir, QQTAG, runQqtag, type RunOptions } from '../helpers/run-qqtag';
import { assertBytesEqual } from '../helpers/bytes';
import { assertSummary } from '../helpers/summary';

const envelope = fixture('envelopes/simple.env');
const pills = Buffer.from('Subject: cheap pills\n\nbuy\n');
const rule = (action: string, extra = ''): string =>
  `${extra}[[rule]]\nname = "pills"\nheader = "Subject"\npattern = "(?i)pills"\nwarning = "subject offers pills"\naction = "${action}"\n`;

interface Notqmail {
  readonly code: number | null;
  readonly reply: string; // what came through fd 6
  readonly stderr: string;
  readonly queued: Buffer | null;
  readonly eofBeforeExitMs: number; // how long before qqtag's exit fd 6 reached EOF
}

async function runNotqmail(opts: Omit<RunOptions, 'envelope'> & { envelope?: Buffer }): Promise<Notqmail> {
  const dir = makeTempDir();
  const env = baseEnv(dir, { ...opts, envelope: opts.envelope ?? envelope });
  writeFileSync(join(dir, 'in.eml'), opts.message);
  writeFileSync(join(dir, 'in.env'), opts.envelope ?? envelope);
  const fifo = join(dir, 'reply');
  execFileSync('mkfifo', [fifo]); // a pipe, as notqmail's pipe(): the launcher sees fd 6 as a FIFO
  const fds = [openSync(join(dir, 'in.eml'), 'r'), openSync(join(dir, 'in.env'), 'r')];
  const child = spawn('/bin/sh', ['-c', 'exec 6>"$1"; exec "$2"', 'sh', fifo, QQTAG], { env, stdio: [fds[0], fds[1], 'pipe'] });
  for (const fd of fds) closeSync(fd);
  let stderr = '';
  child.stderr?.setEncoding('latin1').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'exit').then(() => Date.now());
  const reader = await fsp.open(fifo, 'r');
  const reply = (await reader.readFile()).toString('latin1'); // to EOF, as qmail-smtpd reads fd 6 first
  const eof = Date.now();
  await reader.close();
  const exitedAt = await exited;
  if (child.stderr && !child.stderr.readableEnded) await once(child.stderr, 'end');
  const queued = existsSync(join(dir, 'envelope')) ? readFileSync(join(dir, 'message')) : null;
  return { code: child.exitCode, reply, stderr, queued, eofBeforeExitMs: exitedAt - eof };
}

test('reject with fd 6 a pipe: "D" and the reply text, exit 82 (554 with why), the queue never runs', async () => {
  const r = await runNotqmail({ message: pills, config: rule('reject') });
  assert.equal(r.code, 82, r.stderr);
  assert.equal(r.reply, 'Drejected: subject offers pills');
  assert.equal(r.queued, null);
  assert.match(r.stderr, /info: rejected: 554 rejected: subject offers pills/);
  assertSummary(r.stderr, { exit: 82, result: 'refused', action: 'reject', qp: undefined });
});

test('defer with fd 6 a pipe: "Z" and the reply text, exit 82 (451 with why)', async () => {
  const r = await runNotqmail({ message: pills, config: rule('defer') });
  assert.equal(r.code, 82, r.stderr);
  assert.equal(r.reply, 'Zdeferred: subject offers pills');
  assertSummary(r.stderr, { exit: 82, result: 'deferred', action: 'defer' });
});

test('reply_text placeholders are filled in; the reply is printable ASCII without CR/LF, at most 254 bytes', async () => {
  const template = `reject_text = "no: {label} from {ip} {warning} ({reason}) ${'x'.repeat(250)}"\n`;
  const r = await runNotqmail({ message: pills, config: rule('reject', template), env: { TCPREMOTEIP: '192.0.2.7' } });
  assert.equal(r.code, 82, r.stderr);
  assert.ok(r.reply.startsWith('Dno: pills from 192.0.2.7 subject offers pills (subject offers pills) xxx'), r.reply);
  assert.equal(r.reply.length, 1 + 254);
  assert.doesNotMatch(r.reply, /[^\x20-\x7e]/);
});

test('a reply text that fills to under 2 characters is not sent as it is (qmail-smtpd would answer a plain 451): the default\'s words', async () => {
  for (const [template, env] of [['{ip}', { TCPREMOTEIP: undefined }], ['x', {}]] as const) {
    const r = await runNotqmail({ message: pills, config: rule('reject', `reject_text = "${template}"\n`), env });
    assert.equal(r.code, 82, r.stderr);
    assert.equal(r.reply, 'Drejected: subject offers pills', template);
  }
});

test('dry-run with fd 6: nothing refused, the log says what would have been replied', async () => {
  const r = await runNotqmail({ message: pills, config: rule('reject', 'dry_run = true\n') });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.reply, '');
  assertBytesEqual(r.queued, pills, 'message');
  assert.match(r.stderr, /dry-run: would reject the message \(exit 82\): 554 rejected: subject offers pills/);
});

test('without fd 6 (netqmail): exit 31 / 71 as before', async () => {
  assert.equal((await runQqtag({ message: pills, envelope, config: rule('reject') })).code, 31);
  assert.equal((await runQqtag({ message: pills, envelope, config: rule('defer') })).code, 71);
});

test('fd 6 open but not a pipe: not used for our reply (31), still handed on to the queue', async () => {
  const dir = makeTempDir();
  const file = join(dir, 'six');
  const r = await runQqtag({ message: pills, envelope, config: rule('reject'), mode: 'files', shellPrefix: `exec 6>${file};` });
  assert.equal(r.code, 31, r.stderr);
  const passed = await runQqtag({ message: pills, envelope, mode: 'files', queueMode: 'reply', env: { FAKEQQ_REPLY: 'Dfrom the queue' }, shellPrefix: `exec 6>${file};` });
  assert.equal(passed.code, 82, passed.stderr);
  assert.equal(readFileSync(file, 'latin1'), 'Dfrom the queue');
});

test('a chained filter behind qqtag answers through fd 6: the client sees its text (82 passed on), not 451 qq temporary problem', async () => {
  const r = await runNotqmail({ message: pills, queueMode: 'reply', env: { FAKEQQ_REPLY: 'Dsorry, custom policy says no (#5.7.1)' } });
  assert.equal(r.code, 82, r.stderr);
  assert.equal(r.reply, 'Dsorry, custom policy says no (#5.7.1)');
  assertSummary(r.stderr, { exit: 82, qq: 82, result: 'replied' });
});

test('qqtag holds no copy of fd 6 while it waits: the reply reaches EOF when the filter closes it, not when qqtag exits', async () => {
  const r = await runNotqmail({ message: pills, queueMode: 'reply', env: { FAKEQQ_REPLY: 'Zlater', FAKEQQ_LINGER: '1' } });
  assert.equal(r.code, 82, r.stderr);
  assert.equal(r.reply, 'Zlater');
  assert.ok(r.eofBeforeExitMs >= 700, `EOF came only ${r.eofBeforeExitMs} ms before the exit: a copy of fd 6 was held`);
});
