// What a broken config costs (issue "mistakes" §1, §5): never a bypassed chain, at most the tagging.
//   invalid FILE + good FILE.compiled -> the compiled copy runs (tagging goes on), a warning names the problem
//   invalid FILE that is TOML         -> delivered untagged through FILE's own qmail_queue
//   not TOML / unreadable / missing   -> exit 55 (temporary), nothing run
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_QQ, fixture, makeTempDir, QQTAG, runQqtag } from '../helpers/run-qqtag';
import { assertBytesEqual } from '../helpers/bytes';
import { assertSummary } from '../helpers/summary';

const message = fixture('messages/plain.eml');
const envelope = fixture('envelopes/simple.env');
const RULE = '[[rule]]\nname = "lunch"\nheader = "Subject"\npattern = "(?i)lunch"\nwarning = "mentions lunch"\naction = "reject"\n';

/** A chained filter (a virus scanner, say) that leaves a mark and hands on to the fake queue. */
function scanner(dir: string): string {
  const path = join(dir, 'scanner');
  writeFileSync(path, `#!/bin/sh\necho scanned >"$FAKEQQ_DIR/scanned"\nexec ${FAKE_QQ}\n`);
  chmodSync(path, 0o755);
  return path;
}

const badConfigs = [
  ['dry_run = "yes"\n', /config .*qqtag\.toml:1: dry_run: /],
  ['header = "X Bad"\n', /qqtag\.toml:1: header: not a header field name/],
  ['[dns]\nservers = ["127.0.0.1"]\ndeadline_ms = 0\n', /qqtag\.toml:3: dns\.deadline_ms: /],
  ['[dns]\nservers = ["not-an-ip"]\n', /qqtag\.toml:2: dns\.servers\[0\]: not an ip or ip:port/],
  ['dyr_run = true\n', /qqtag\.toml:1: dyr_run: /],
] as const;
for (const [config, said] of badConfigs) {
  test(`invalid config ${JSON.stringify(config)}: one line with file:line and key, delivered untagged`, async () => {
    const r = await runQqtag({ message, envelope, config: `${config}${RULE}` });
    assert.equal(r.code, 0, r.stderr);
    assertBytesEqual(r.queued?.message, message, 'message');
    const lines = r.stderr.split('\n').filter((l) => l.includes(': error: config '));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0] ?? '', said);
    assert.match(lines[0] ?? '', /delivering untagged/);
    assertSummary(r.stderr, { config: 'untagged', skip: 'config', result: 'queued' });
  });
}

test('an invalid config never bypasses the queue program it names (a chained scanner still runs)', async () => {
  const dir = makeTempDir();
  const r = await runQqtag({ message, envelope, config: `qmail_queue = "${scanner(dir)}"\ndry_run = "oops"\n`, env: { QQTAG_QMAILQUEUE: undefined, FAKEQQ_DIR: dir } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'scanned'), 'utf8'), 'scanned\n');
  assertBytesEqual(readFileSync(join(dir, 'message')), message, 'message');
});

test('an invalid config whose qmail_queue is no absolute path: 55, nothing run (we cannot tell its queue)', async () => {
  const r = await runQqtag({ message, envelope, config: 'qmail_queue = "qmail-queue"\n', env: { QQTAG_QMAILQUEUE: undefined } });
  assert.equal(r.code, 55, r.stderr);
  assert.equal(r.queued, null);
  assertSummary(r.stderr, { exit: 55, config: 'unusable', error: 'config', result: 'failed' });
});

test('a typo while editing a compiled config: its last good compiled copy keeps tagging, and the log says so', async () => {
  const probe = await runQqtag({ message, envelope, config: RULE });
  const file = join(probe.dir, 'qqtag.toml');
  execFileSync(QQTAG, ['compile-config', file], { env: { PATH: process.env['PATH'] } });
  writeFileSync(file, `${RULE}dns = nonsense\n`); // not even TOML now
  const r = await runQqtag({ message: Buffer.from('Subject: Lunch?\n\nhi\n'), envelope, env: { QQTAG_CONFIG: file } });
  assert.equal(r.code, 31, r.stderr); // the compiled copy's rule still rejects
  assert.match(r.stderr, /warn: config .*qqtag\.toml:\d+: .*running its last good compiled copy, .*qqtag\.toml\.compiled/);
  assertSummary(r.stderr, { config: 'previous', action: 'reject', exit: 31 });
});

for (const [what, config] of [['not TOML', 'dry_run = \n'], ['a bare word', 'nonsense\n']] as const) {
  test(`a config that is ${what}, with no compiled copy: 55 (temporary), the queue never runs`, async () => {
    const r = await runQqtag({ message, envelope, config });
    assert.equal(r.code, 55, r.stderr);
    assert.equal(r.queued, null);
    assert.match(r.stderr, /error: config .*qqtag\.toml:1: .*no good compiled copy: exit 55 until it is fixed/);
    assertSummary(r.stderr, { exit: 55, config: 'unusable', result: 'failed' });
  });
}

test('QQTAG_CONFIG naming a missing file: 55 and the reason', async () => {
  const r = await runQqtag({ message, envelope, env: { QQTAG_CONFIG: '/nonexistent/qqtag.toml' } });
  assert.equal(r.code, 55);
  assert.match(r.stderr, /config \/nonexistent\/qqtag\.toml: cannot read: no such file or directory \(ENOENT\)/);
});

test('QQTAG_CONFIG naming a FIFO does not hang the message: only regular files are read', async () => {
  const dir = makeTempDir();
  const fifo = join(dir, 'fifo.toml');
  execFileSync('mkfifo', [fifo]);
  const started = Date.now();
  const r = await runQqtag({ message, envelope, env: { QQTAG_CONFIG: fifo } });
  assert.ok(Date.now() - started < 5000);
  assert.equal(r.code, 55, r.stderr);
  assert.match(r.stderr, /is not a regular file/);
});

test('no config at the default path: the built-in defaults, said in the summary (config=none)', async () => {
  assert.equal(existsSync('/etc/qqtag/qqtag.toml'), false, 'this test needs a machine without /etc/qqtag/qqtag.toml');
  const r = await runQqtag({ message, envelope, env: { QQTAG_CONFIG: undefined } });
  assert.equal(r.code, 0, r.stderr);
  assertSummary(r.stderr, { config: 'none', result: 'queued' });
});

// §5: switches forgive spelling, on the safe side.
const REJECTING = { message: Buffer.from('Subject: lunch\n\nhi\n'), envelope, config: RULE };
for (const word of ['1', 'yes', 'TRUE', 'On']) {
  test(`QQTAG_DRYRUN=${word}: dry-run, so a reject is only logged (exit 0, byte-identical)`, async () => {
    const r = await runQqtag({ ...REJECTING, env: { QQTAG_DRYRUN: word } });
    assert.equal(r.code, 0, r.stderr);
    assertBytesEqual(r.queued?.message, REJECTING.message, 'message');
    assert.doesNotMatch(r.stderr, /warn: QQTAG_DRYRUN/);
    assert.match(r.stderr, /dry-run: would reject the message \(exit 31\)/);
    assertSummary(r.stderr, { dry_run: 1, action: 'reject', exit: 0 });
  });
}
for (const word of ['0', 'no', 'False', 'OFF']) {
  test(`QQTAG_DRYRUN=${word}: not dry-run, whatever the file says`, async () => {
    const r = await runQqtag({ ...REJECTING, config: `dry_run = true\n${RULE}`, env: { QQTAG_DRYRUN: word } });
    assert.equal(r.code, 31, r.stderr);
    assertSummary(r.stderr, { dry_run: 0 });
  });
}
test('QQTAG_DRYRUN with a word it does not know: dry-run ON (a typo never makes it act), with a warning', async () => {
  const r = await runQqtag({ ...REJECTING, env: { QQTAG_DRYRUN: 'ja' } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warn: QQTAG_DRYRUN=ja is not 1\/0, true\/false, yes\/no or on\/off: taken as on/);
  assertSummary(r.stderr, { dry_run: 1 });
});
for (const [word, warned] of [['yes', false], ['bogus', true]] as const) {
  test(`QQTAG_SKIP=${word}: no checks${warned ? ', with a warning' : ''}`, async () => {
    const r = await runQqtag({ ...REJECTING, env: { QQTAG_SKIP: word } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(/warn: QQTAG_SKIP/.test(r.stderr), warned);
    assertSummary(r.stderr, { skip: 'qqtag_skip', result: 'queued' });
  });
}
