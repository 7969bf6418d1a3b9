// `qqtag is-tagged` as users' filters run it: the built launcher, fd 0 a file (condredirect) or a pipe
// (maildrop, procmail, Sieve). Exit codes, --list, --match, the header name's sources, fd 0 trouble.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DECISION_CASES } from '../helpers/is-tagged-cases';
import { makeTempDir, QQTAG } from '../helpers/run-qqtag';
import { runIsTagged, runWithFd } from '../helpers/run-is-tagged';

const TOP = 'Return-Path: <a@example.net>\nDelivered-To: joe@example.org\nReceived: (qmail 1 invoked from network); 30 Nov 2026 14:00:00 -0000\n';
const SMTP = 'Received: from mail.example.net (192.0.2.1)\n  by mx.example.org with SMTP; 30 Nov 2026 13:59:59 -0000\n';
const msg = (ours: string, rest = 'Subject: x\n\nbody\n'): Buffer => Buffer.from(`${TOP}${ours}${SMTP}${rest}`, 'latin1');
const LISTED =
  'X-Spam-Warning: 192.0.2.1 is listed in Example BL (127.0.0.2): listed by qqtag test\n for 192.0.2.1\n' +
  'X-Spam-Warning: =?UTF-8?Q?192=2E0=2E2=2E1_is_listed_in_Liste_=C3=96sterreich?=\n' +
  'X-Spam-Warning: subject offers pills\n';

for (const c of DECISION_CASES) {
  test(`dist/qqtag is-tagged: ${c.name}`, async () => {
    const dir = makeTempDir();
    const message = Buffer.from(c.message, 'latin1');
    const header = c.header ? ['--header', c.header] : [];
    const plain = await runIsTagged(dir, message, header);
    assert.equal(plain.code, c.tagged ? 0 : 1, plain.stderr);
    assert.equal(plain.stdout, '');
    const listed = await runIsTagged(dir, message, [...header, '--list']);
    assert.equal(listed.code, plain.code);
    const utf8 = (c.lines ?? []).map((l) => Buffer.from(l, 'latin1').toString('utf8'));
    assert.equal(listed.stdout, utf8.length ? `${utf8.join('\n')}\n` : '');
  });
}

test('--match tests the unfolded, decoded text: per-list filtering, across a fold and in encoded-words', async () => {
  const dir = makeTempDir();
  const m = msg(LISTED);
  const code = async (...args: string[]): Promise<number | null> => (await runIsTagged(dir, m, args)).code;
  assert.equal(await code('--match', 'listed in Example BL'), 0);
  assert.equal(await code('--match', 'test for 192\\.0\\.2\\.1$'), 0, 'the fold is gone');
  assert.equal(await code('--match', 'listed in Liste Österreich'), 0, 'encoded-words decoded');
  assert.equal(await code('--match', '(?i)SPAMHAUS'), 1);
  assert.equal(await code('--match', '^subject offers'), 0, 'anchored at the text, after "NAME: "');
  const listed = await runIsTagged(dir, m, ['--list', '--match', 'listed in']);
  assert.equal(listed.code, 0);
  assert.equal(
    listed.stdout,
    '192.0.2.1 is listed in Example BL (127.0.0.2): listed by qqtag test for 192.0.2.1\n192.0.2.1 is listed in Liste Österreich\n',
  );
  // a forged line below Received: from is not matched either
  assert.equal((await runIsTagged(dir, msg('', 'X-Spam-Warning: listed in Example BL\n\n'), ['--match', 'Example'])).code, 1);
});

test('a --match that is not RE2, a bad --header, an unknown option: 64, before fd 0 is read', async () => {
  const dir = makeTempDir();
  const bad = await runIsTagged(dir, msg(LISTED), ['--match', '(?<=x)y']);
  assert.equal(bad.code, 64);
  assert.match(bad.stderr, /--match: not a valid RE2 pattern/);
  const header = await runIsTagged(dir, msg(LISTED), ['--header', 'X Spam']);
  assert.equal(header.code, 64);
  assert.match(header.stderr, /--header: not a header field name/);
  assert.equal((await runIsTagged(dir, msg(LISTED), ['--bogus'])).code, 64);
});

test('the header name: --header, else --config, else $QQTAG_CONFIG, else the default; a bad config is no error', async () => {
  const dir = makeTempDir();
  const m = msg('X-Local-Tag: mine\n');
  const local = join(dir, 'local.toml');
  writeFileSync(local, 'header = "X-Local-Tag"\n');
  const other = join(dir, 'other.toml');
  writeFileSync(other, 'header = "X-Other"\n');
  const invalid = join(dir, 'invalid.toml');
  writeFileSync(invalid, 'header = 42\n');
  const env = (config: string): NodeJS.ProcessEnv => ({ PATH: process.env['PATH'], QQTAG_CONFIG: config });
  const run = async (config: string, args: string[] = []): Promise<number | null> => (await runIsTagged(dir, m, args, { env: env(config) })).code;
  assert.equal(await run(local), 0, '$QQTAG_CONFIG');
  assert.equal(await run(other), 1);
  assert.equal(await run(other, ['--config', local]), 0, '--config over $QQTAG_CONFIG');
  assert.equal(await run(local, ['--config', other]), 1);
  assert.equal(await run(other, ['--header', 'X-Local-Tag']), 0, '--header over any config');
  const dflt = msg('X-Spam-Warning: x\n');
  for (const config of [invalid, join(dir, 'missing.toml'), dir]) {
    const r = await runIsTagged(dir, dflt, [], { env: env(config) });
    assert.equal(r.code, 0, `${config}: falls back to X-Spam-Warning`);
    assert.equal(r.stderr, '', 'and says nothing: the delivery goes on');
  }
  // a compiled config is read like queue mode reads it
  assert.equal(spawnSync(QQTAG, ['compile-config', local], { env: env(local) }).status, 0);
  assert.equal(await run(local), 0);
});

test('fd 0 a directory or closed: 111 (condredirect defers the delivery), with the reason on stderr', async () => {
  const dir = makeTempDir();
  mkdirSync(join(dir, 'd'));
  const fd = openSync(join(dir, 'd'), 'r');
  const r = await runWithFd(fd, []);
  closeSync(fd);
  assert.equal(r.code, 111);
  assert.match(r.stderr, /cannot read the message on fd 0: EISDIR/);
  const closed = spawnSync('/bin/sh', ['-c', `exec "$0" is-tagged <&-`, QQTAG], { encoding: 'utf8', env: { PATH: process.env['PATH'] } });
  assert.equal(closed.status, 111);
  assert.match(closed.stderr, /cannot read the message on fd 0: it is closed/);
});

const BIG = 20 * 1024 * 1024;
const bigMessage = (): Buffer => Buffer.concat([msg('X-Spam-Warning: big\n'), Buffer.alloc(BIG, 'y\n')]);

/** Writes `message` into is-tagged's fd 0 pipe; resolves with the write error code, if any. */
const feedAll = (message: Buffer, result: { error?: string }) => async (stdin: NodeJS.WritableStream): Promise<void> => {
  stdin.on('error', (e: NodeJS.ErrnoException) => (result.error = e.code ?? 'error'));
  await new Promise<void>((resolve) => stdin.end(message, () => resolve()));
};

test('fd 0 a pipe (maildrop, procmail): answers after the header and leaves the rest unread', async () => {
  const result: { error?: string } = {};
  const r = await runWithFd('pipe', [], { feed: feedAll(bigMessage(), result) });
  assert.equal(r.code, 0);
  assert.equal(result.error, 'EPIPE', 'the writer saw the reader leave early');
});

test('--read-all (Sieve execute :pipe) reads the pipe to its end: the writer sees no broken pipe', async () => {
  const result: { error?: string } = {};
  const r = await runWithFd('pipe', ['--read-all'], { feed: feedAll(bigMessage(), result) });
  assert.equal(r.code, 0);
  assert.equal(result.error, undefined);
});

test('a pipe its writer holds open: answered on the blank line, without waiting for EOF', async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const feed = async (stdin: NodeJS.WritableStream): Promise<void> => {
    stdin.on('error', () => undefined);
    stdin.write(`${TOP}X-Spam-Warning: a\n`);
    stdin.write(`${SMTP}Subject: b\n\nbody`);
    void held.then(() => stdin.end());
  };
  const answer = runWithFd('pipe', [], { feed });
  const r = await answer;
  release();
  assert.equal(r.code, 0);
});
