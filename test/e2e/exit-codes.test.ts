// Every row of the README's exit-code table: the code qqtag exits with, and that mail is never lost on the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { resultOf } from '../../src/contract';
import { baseEnv, fixture, makeTempDir, QQTAG, runQqtag, spawnWithPipes } from '../helpers/run-qqtag';
import { assertBytesEqual } from '../helpers/bytes';
import { assertSummary } from '../helpers/summary';

const message = fixture('messages/plain.eml');
const envelope = fixture('envelopes/simple.env');
const big = Buffer.alloc(4 * 1024 * 1024, 'x'); // over the 1 MiB memory threshold: spooled to a file
const bigWithHeader = Buffer.concat([Buffer.from('Subject: a large one\n\n'), big]);
const TAG = '[[rule]]\nname = "all"\nheader = "Subject"\npattern = "."\nwarning = "tagged"\n';

for (const code of [0, 1, 11, 31, 51, 52, 53, 54, 55, 71, 81, 82, 91, 100, 111, 120]) {
  test(`the queue exits ${code}: qqtag exits ${code}, and the summary names its pid`, async () => {
    const r = await runQqtag({ message, envelope, queueExit: code });
    assert.equal(r.code, code, r.stderr);
    const pid = readFileSync(join(r.dir, 'pid'), 'utf8').trim();
    assertSummary(r.stderr, { exit: code, qq: code, qp: pid, result: resultOf(code) });
  });
}

test('the queue cannot be started: 81 (temporary) and one line naming it and why', async () => {
  const r = await runQqtag({ message, envelope, env: { QQTAG_QMAILQUEUE: '/nonexistent/qmail-queue' } });
  assert.equal(r.code, 81);
  assert.match(r.stderr, /error: cannot run \/nonexistent\/qmail-queue: no such file or directory \(ENOENT\)/);
  assertSummary(r.stderr, { exit: 81, error: 'queue_start', qp: undefined, qq: undefined });
});

test('no file descriptors left to start the queue (EMFILE): a temporary code with a clear line, not "internal bug"', async () => {
  const r = await runQqtag({ message, envelope, mode: 'files', shellPrefix: 'ulimit -n 20;' });
  // With 20 fds Node itself starts; the hand-off needs more (its files, the child's pipes): whatever fails, it
  // is named, temporary, and not 81.
  assert.notEqual(r.code, 0);
  assert.ok(r.code === 51 || r.code === 53, `${r.code}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal bug|TypeError/);
  assertSummary(r.stderr, { result: 'failed' });
});

test('the queue is killed by a signal: 81, never 0', async () => {
  const r = await runQqtag({ message, envelope, queueMode: 'kill' });
  assert.equal(r.code, 81);
  assert.match(r.stderr, /killed by SIGKILL/);
  assertSummary(r.stderr, { exit: 81, qq: 'SIGKILL', error: 'queue_killed' });
});

// A real qmail-queue reads fd 0 to EOF and fd 1 to its final NUL; a broken chained filter may not.
const partial = [
  ['reads nothing of a message in memory', Buffer.alloc(512 * 1024, 'y'), 'noread'],
  ['reads nothing of a spooled message', big, 'noread'],
  ['reads 1 KiB of a 4 KiB message', Buffer.alloc(4096, 'y'), 'head:1024'],
  ['reads 64 KiB of a 512 KiB message', Buffer.alloc(512 * 1024, 'y'), 'head:65536'],
  ['reads all but the last 100 KB of 900 KiB', Buffer.alloc(900 * 1024, 'y'), `head:${900 * 1024 - 100_000}`],
  ['reads all but the last byte of a spooled message', big, `head:${big.length - 1}`],
  ['reads the message but never the envelope', message, 'noenvelope'],
] as const;
for (const [what, msg, mode] of partial) {
  test(`the queue exits 0 but ${what}: 53, not 0`, async () => {
    const r = await runQqtag({ message: msg, envelope, queueMode: mode });
    assert.equal(r.code, 53, r.stderr);
    assertSummary(r.stderr, { exit: 53, qq: 0, error: 'queue_short_read', result: 'failed' });
  });
}

test('the queue exits 31 without reading a 4 MiB message: 31 is passed on', async () => {
  const r = await runQqtag({ message: big, envelope, queueMode: 'noread', queueExit: 31 });
  assert.equal(r.code, 31);
});

for (const [what, msg] of [['in memory', message], ['spooled', bigWithHeader]] as const) {
  test(`fd 0 of the queue holds exactly the added lines and the message, read on or from offset 0 (${what})`, async () => {
    const r = await runQqtag({ message: msg, envelope, queueMode: 'rewind', config: TAG });
    assert.equal(r.code, 0, r.stderr);
    const expected = Buffer.concat([Buffer.from('X-Spam-Warning: tagged\n'), msg]);
    assertBytesEqual(r.queued?.message, expected, 'read from its offset');
    assertBytesEqual(readFileSync(join(r.dir, 'message0')), expected, 'read from offset 0');
  });
}

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
  assertSummary(r.stderr, { exit: 53, error: 'spool', size: undefined });
});

test('spool directory missing: 53 for every message (the hand-off writes there too), and the reason', async () => {
  for (const msg of [big, message]) {
    const r = await runQqtag({ message: msg, envelope, config: 'spool_dir = "/nonexistent/spool"\n' });
    assert.equal(r.code, 53, r.stderr);
    assert.match(r.stderr, /(spool write failed in|cannot write the message for .* in) \/nonexistent\/spool: (no such file or directory \()?ENOENT/);
    assertSummary(r.stderr, { exit: 53, error: 'spool' });
  }
});

test('disk full while writing only the added lines: 53 (a write error), not 81', async () => {
  // A full disk cannot be made here; a file-size limit does the same to one write: the spool file (the message)
  // fits under it, the hand-off file of the tagged message (23 bytes of lines more) does not. /bin/sh is dash:
  // ulimit -f counts 512-byte blocks.
  const blocks = 8200;
  const msg = Buffer.concat([Buffer.from('Subject: a large one\n\n'), Buffer.alloc(blocks * 512 - 10 - 22, 'x')]);
  const r = await runQqtag({ message: msg, envelope, config: TAG, shellPrefix: `ulimit -f ${blocks};` });
  assert.equal(r.code, 53, r.stderr);
  assert.match(r.stderr, /error: cannot write the message for .*: file too large \(EFBIG\)/);
  assert.doesNotMatch(r.stderr, /internal bug/);
  assertSummary(r.stderr, { exit: 53, error: 'spool' });
});

test('fd 0 closed: 54 as qmail-queue answers (Node would otherwise read /dev/null: an empty message)', async () => {
  const r = await runQqtag({ message, envelope, mode: 'files', shellPrefix: 'exec 0<&-;' });
  assert.equal(r.code, 54, r.stderr);
  assert.equal(r.queued, null);
  assert.match(r.stderr, /fd 0 is closed/);
  assertSummary(r.stderr, { exit: 54, error: 'message_read' });
});

test('fd 1 not open for reading (qqtag run under condredirect): 54 and a line saying what qqtag is', async () => {
  const r = await runQqtag({ message, envelope, mode: 'files', shellPrefix: 'exec 1>/dev/null;' });
  assert.equal(r.code, 54, r.stderr);
  assert.match(r.stderr, /fd 1 is not open for reading: .*qqtag is-tagged/);
  assertSummary(r.stderr, { exit: 54, error: 'fd1_unreadable' });
});

test('an envelope over 16 MiB: 51, nothing queued', async () => {
  const rcpt = Buffer.from(`T${'r'.repeat(990)}@example.org\0`);
  const huge = Buffer.concat([Buffer.from('Fa@example.org\0'), Buffer.concat(Array(17 * 1024).fill(rcpt)), Buffer.from('\0')]);
  const r = await runQqtag({ message, envelope: huge });
  assert.equal(r.code, 51, r.stderr);
  assert.equal(r.queued, null);
  assertSummary(r.stderr, { exit: 51, error: 'envelope_too_big' });
});

test('no code qqtag chooses for trouble of its own is permanent (11-40 would bounce the mail)', () => {
  // 51 envelope too big / no resources, 53 write/spool, 54 read, 55 config, 81 bug/queue, 91 envelope tag
  for (const own of [51, 53, 54, 55, 81, 91]) assert.equal(resultOf(own), 'failed', String(own));
  assert.equal(resultOf(71), 'deferred', 'defer, only where the administrator configured it');
  assert.equal(resultOf(31), 'refused', 'reject, only where the administrator configured it');
  assert.equal(resultOf(11), 'refused', 'an address qmail-queue would refuse');
  assert.equal(resultOf(82, 'D'), 'refused');
  assert.equal(resultOf(82, 'Z'), 'deferred');
  assert.equal(resultOf(82), 'replied', '82 from the queue program: its reply is not ours to see');
});

test('QQTAG_QMAILQUEUE pointing back at qqtag ends in 81 (temporary), not a process storm', async () => {
  const r = await runQqtag({ message, envelope, env: { QQTAG_QMAILQUEUE: QQTAG } });
  assert.equal(r.code, 81, r.stderr);
  assert.equal(r.queued, null);
  assert.match(r.stderr, /4 qqtag processes deep: QQTAG_QMAILQUEUE or qmail_queue leads back to qqtag/);
});

test('a caller that keeps fd 1 open after the final NUL does not hold qqtag (qmail-queue stops there too)', async () => {
  const dir = makeTempDir();
  const { child, message: fd0, envelope: fd1 } = spawnWithPipes(QQTAG, dir, baseEnv(dir, { message, envelope }));
  const exited = once(child, 'exit');
  fd0.end(message);
  await once(fd0, 'finish');
  fd1.write(envelope); // and never ended
  const timer = setTimeout(() => child.kill(), 5000);
  const [code] = await exited;
  clearTimeout(timer);
  assert.equal(code, 0);
});
