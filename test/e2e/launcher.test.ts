// The first step, dist/qqtag (src/launcher.sh), as real sites run it (issue "field mail path" §1): under the
// soft limits of qmail-smtpd's run script, with qmail-smtpd's environment, and with Node's own failures kept
// away from the permanent exit codes. Soft limits are set with sh's `ulimit -S` exactly as daemontools'
// softlimit sets them (-m N: data, stack, memlock and address space; -d, -a: one each), hard ones untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_QQ, fixture, makeTempDir, runQqtag } from '../helpers/run-qqtag';
import { assertBytesEqual } from '../helpers/bytes';
import { assertSummary } from '../helpers/summary';

const message = fixture('messages/plain.eml');
const envelope = fixture('envelopes/simple.env');
const TAG = '[[rule]]\nname = "all"\nheader = "Subject"\npattern = "."\nwarning = "tagged"\n';

/** softlimit's options as `ulimit -S` in kilobytes (dash). */
function softlimit(option: string, bytes: number): string {
  const kb = Math.floor(bytes / 1024);
  const which = { '-m': ['-d', '-s', '-l', '-v'], '-d': ['-d'], '-a': ['-v'] }[option] ?? [];
  return `${which.map((w) => `ulimit -S ${w} ${kb};`).join(' ')}`;
}

const RUN_SCRIPTS = [
  ['-m', 3_000_000],
  ['-m', 20_000_000],
  ['-m', 50_000_000],
  ['-d', 20_000_000],
  ['-a', 300_000_000],
] as const;
for (const [option, bytes] of RUN_SCRIPTS) {
  for (const size of [4096, 3 * 1024 * 1024]) {
    test(`under softlimit ${option} ${bytes} (hard limits unlimited): starts and delivers a ${size}-byte message, tagged`, async () => {
      const msg = Buffer.concat([Buffer.from('Subject: s\n\n'), Buffer.alloc(size, 'q')]);
      const r = await runQqtag({ message: msg, envelope, config: TAG, mode: 'files', shellPrefix: softlimit(option, bytes) });
      assert.equal(r.code, 0, r.stderr);
      assertBytesEqual(r.queued?.message, Buffer.concat([Buffer.from('X-Spam-Warning: tagged\n'), msg]), 'message');
      assertSummary(r.stderr, { result: 'queued', warnings: 1 });
    });
  }
}

for (const [what, limit] of [['address-space', 'ulimit -v 500000;'], ['data', 'ulimit -d 20000;']] as const) {
  test(`a hard ${what} limit too low for Node: 51 (temporary) at once, one line saying why, never a hang`, async () => {
    const started = Date.now();
    const r = await runQqtag({ message, envelope, mode: 'files', shellPrefix: limit });
    assert.ok(Date.now() - started < 3000, 'bounded');
    assert.equal(r.code, 51, r.stderr);
    assert.equal(r.queued, null);
    assert.match(r.stderr, new RegExp(`error: hard ${what} limit \\d+ KiB is below`));
    assertSummary(r.stderr, { exit: 51, error: 'limits', result: 'failed' });
  });
}

test('NODE_OPTIONS from qmail-smtpd\'s environment cannot make Node exit 14 (a bounce); the queue gets it back', async () => {
  const dir = makeTempDir();
  const queue = join(dir, 'queue');
  writeFileSync(queue, `#!/bin/sh\nprintf '%s' "$NODE_OPTIONS" >"$FAKEQQ_DIR/node_options"\nexec ${FAKE_QQ}\n`);
  chmodSync(queue, 0o755);
  const options = '--snapshot-blob=/nonexistent/snap.blob';
  const r = await runQqtag({ message, envelope, env: { NODE_OPTIONS: options, QQTAG_QMAILQUEUE: queue, FAKEQQ_DIR: dir } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'node_options'), 'utf8'), options);
});

test('OPENSSL_CONF naming a file Node cannot open cannot make Node exit 20 (a bounce); the queue gets it back', async () => {
  const dir = makeTempDir();
  const queue = join(dir, 'queue');
  writeFileSync(queue, `#!/bin/sh\nprintf '%s' "$OPENSSL_CONF" >"$FAKEQQ_DIR/openssl_conf"\nexec ${FAKE_QQ}\n`);
  chmodSync(queue, 0o755);
  const conf = '/etc/passwd/openssl.cnf'; // node itself exits 20 (ENOTDIR) on this
  const r = await runQqtag({ message, envelope, env: { OPENSSL_CONF: conf, QQTAG_QMAILQUEUE: queue, FAKEQQ_DIR: dir } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'openssl_conf'), 'utf8'), conf);
});

test('a hard address-space limit of 1.5 GB (the launcher\'s threshold) is enough: a 3 MiB message is tagged and queued', async () => {
  const msg = Buffer.concat([Buffer.from('Subject: s\n\n'), Buffer.alloc(3 * 1024 * 1024, 'q')]);
  const r = await runQqtag({ message: msg, envelope, config: TAG, mode: 'files', shellPrefix: 'ulimit -v 1500000;' });
  assert.equal(r.code, 0, r.stderr);
  assertBytesEqual(r.queued?.message, Buffer.concat([Buffer.from('X-Spam-Warning: tagged\n'), msg]), 'message');
});

test('no node on the PATH: 81 (temporary) and one line saying so', async () => {
  const r = await runQqtag({ message, envelope, mode: 'files', env: { PATH: '/nonexistent' }, shellPrefix: 'PATH=/nonexistent;' });
  assert.equal(r.code, 81, r.stderr);
  assert.match(r.stderr, /error: cannot find node on PATH/);
  assertSummary(r.stderr, { exit: 81, error: 'node' });
});
