// Every row of STYLE §5's table: the code qqtag exits with, and that mail is never lost on the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { isPermanent } from '../../src/contract';
import { baseEnv, fixture, makeTempDir, QQTAG, runQqtag } from '../helpers/run-qqtag';
import { assertBytesEqual } from '../helpers/bytes';

const message = fixture('messages/plain.eml');
const envelope = fixture('envelopes/simple.env');
const big = Buffer.alloc(4 * 1024 * 1024, 'x'); // over the 1 MiB memory threshold: spooled to a file

for (const code of [0, 1, 11, 31, 51, 52, 53, 54, 55, 71, 81, 91, 100, 111, 120]) {
  test(`the queue exits ${code}: qqtag exits ${code}`, async () => {
    const r = await runQqtag({ message, envelope, queueExit: code });
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stderr, new RegExp(`qq=${code} `));
  });
}

test('the queue cannot be started: 81 (temporary) and one line naming it', async () => {
  const r = await runQqtag({ message, envelope, env: { QQTAG_QMAILQUEUE: '/nonexistent/qmail-queue' } });
  assert.equal(r.code, 81);
  assert.match(r.stderr, /error: cannot run \/nonexistent\/qmail-queue: ENOENT/);
});

test('the queue is killed by a signal: 81, never 0', async () => {
  const r = await runQqtag({ message, envelope, queueMode: 'kill' });
  assert.equal(r.code, 81);
  assert.match(r.stderr, /killed by SIGKILL/);
});

for (const [what, msg] of [['in memory', Buffer.alloc(512 * 1024, 'y')], ['spooled', big]] as const) {
  test(`the queue exits 0 without reading a ${what} message: 53, not 0`, async () => {
    const r = await runQqtag({ message: msg, envelope, queueMode: 'noread' });
    assert.equal(r.code, 53, r.stderr);
  });
}

test('the queue exits 31 without reading a 4 MiB message: 31 is passed on', async () => {
  const r = await runQqtag({ message: big, envelope, queueMode: 'noread', queueExit: 31 });
  assert.equal(r.code, 31);
});

test('a spooled 4 MiB message reaches the queue whole', async () => {
  const r = await runQqtag({ message: big, envelope });
  assert.equal(r.code, 0, r.stderr);
  assertBytesEqual(r.queued?.message, big, 'message');
});

test('spool write fails (file size limit): 53, nothing queued', async () => {
  const r = await runQqtag({ message: big, envelope, shellPrefix: 'ulimit -f 1024;' });
  assert.equal(r.code, 53, r.stderr);
  assert.equal(r.queued, null);
  assert.match(r.stderr, /spool write failed in .*: EFBIG/);
});

test('spool directory missing: 53 and the reason', async () => {
  const r = await runQqtag({ message: big, envelope, config: 'spool_dir = "/nonexistent/spool"\n' });
  assert.equal(r.code, 53);
  assert.match(r.stderr, /spool write failed in \/nonexistent\/spool: ENOENT/);
});

test('a small message never touches the spool directory', async () => {
  const r = await runQqtag({ message, envelope, config: 'spool_dir = "/nonexistent/spool"\n' });
  assert.equal(r.code, 0, r.stderr);
});

const badConfigs = [
  ['dry_run = "yes"\n', /config .*qqtag\.toml:1: dry_run: /],
  ['header = "X Bad"\n', /qqtag\.toml:1: header: not a header field name/],
  ['[dns]\nservers = ["127.0.0.1"]\ndeadline_ms = 0\n', /qqtag\.toml:3: dns\.deadline_ms: /],
  ['[dns]\nservers = ["not-an-ip"]\n', /qqtag\.toml:2: dns\.servers\[0\]: not an ip or ip:port/],
  ['dyr_run = true\n', /qqtag\.toml:1: dyr_run: /],
  ['dry_run = \n', /qqtag\.toml:1: .*invalid/i],
] as const;
for (const [config, said] of badConfigs) {
  test(`invalid config ${JSON.stringify(config)}: one line with file:line and key, delivered untagged`, async () => {
    const r = await runQqtag({ message, envelope, config });
    assert.equal(r.code, 0, r.stderr);
    assertBytesEqual(r.queued?.message, message, 'message');
    const lines = r.stderr.split('\n').filter((l) => l.includes(': error: config '));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0] ?? '', said);
    assert.match(r.stderr, /skipped=invalid_config/);
  });
}

test('QQTAG_CONFIG naming a missing file is a bad config, not silence', async () => {
  const r = await runQqtag({ message, envelope, env: { QQTAG_CONFIG: '/nonexistent/qqtag.toml' } });
  assert.equal(r.code, 0);
  assert.match(r.stderr, /config \/nonexistent\/qqtag\.toml: cannot read: ENOENT; delivering untagged/);
});

test('an invalid config still honours QQTAG_QMAILQUEUE (never the default path)', async () => {
  const r = await runQqtag({ message, envelope, config: 'nonsense\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.queued);
});

test('config qmail_queue is used when QQTAG_QMAILQUEUE is unset', async () => {
  const probe = await runQqtag({ message, envelope });
  const conf = join(probe.dir, 'q.toml');
  writeFileSync(conf, `qmail_queue = "${process.cwd()}/fixtures/bin/fake-qmail-queue"\n`);
  const r = await runQqtag({ message, envelope, env: { QQTAG_QMAILQUEUE: undefined, QQTAG_CONFIG: conf } });
  assert.equal(r.code, 0, r.stderr);
  assertBytesEqual(r.queued?.message, message);
});

test('QQTAG_DRYRUN with a value other than 1/0 is logged and ignored', async () => {
  const r = await runQqtag({ message, envelope, env: { QQTAG_DRYRUN: 'yes' } });
  assert.equal(r.code, 0);
  assert.match(r.stderr, /warn: QQTAG_DRYRUN=yes ignored: use 1 or 0/);
});

test('QQTAG_DRYRUN=1 is named in the summary', async () => {
  const r = await runQqtag({ message, envelope, env: { QQTAG_DRYRUN: '1' } });
  assert.match(r.stderr, /action=pass\(dry-run\)/);
});

test('QQTAG_QMAILQUEUE pointing back at qqtag ends in 81 (temporary), not a process storm', async () => {
  const r = await runQqtag({ message, envelope, env: { QQTAG_QMAILQUEUE: QQTAG } });
  assert.equal(r.code, 81, r.stderr);
  assert.equal(r.queued, null);
  assert.match(r.stderr, /4 qqtag processes deep: QQTAG_QMAILQUEUE or qmail_queue leads back to qqtag/);
});

test('a caller that keeps fd 1 open after the final NUL does not hold qqtag (qmail-queue stops there too)', async () => {
  const dir = makeTempDir();
  const child = spawn(QQTAG, [], { env: baseEnv(dir, { message, envelope }), stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  child.stdin.end(message);
  await once(child.stdin, 'finish');
  (child.stdio[1] as unknown as Writable).write(envelope); // and never ended
  const timer = setTimeout(() => child.kill(), 5000);
  const [code] = await exited;
  clearTimeout(timer);
  assert.equal(code, 0);
});

test('no code qqtag chooses for trouble of its own is permanent (11-40 would bounce the mail)', () => {
  // 51 envelope too big, 53 write/spool, 54 read, 81 bug/queue, 91 envelope tag: all temporary to qmail.c
  for (const own of [51, 53, 54, 81, 91, 71]) assert.equal(isPermanent(own), false, String(own));
  assert.equal(isPermanent(31), true, 'reject, only where the administrator configured it');
});
