// The is-tagged decision (src/cli/is-tagged/): which lines are trusted, how fd 0 is read (cap, read errors),
// where the header name comes from, and that a bug answers "not tagged". Pipes: test/e2e/is-tagged.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DECISION_CASES } from '../helpers/is-tagged-cases';
import { makeTempDir } from '../helpers/run-qqtag';
import { HEAD_CAP, readHead } from '../../src/cli/is-tagged/read-head';
import { parseFields, taggedLines } from '../../src/cli/is-tagged/tagged-lines';
import { headerNameFromConfig } from '../../src/cli/is-tagged/header-name';
import { command } from '../../src/cli/is-tagged/command';
import { EXIT } from '../../src/cli/command';
import type { Output } from '../../src/cli/output';

/** The trusted texts of a message read from a file, as `qqtag is-tagged` reads fd 0. */
async function linesOfFile(dir: string, message: Buffer, name = 'X-Spam-Warning'): Promise<string[]> {
  const path = join(dir, 'm.eml');
  writeFileSync(path, message);
  const fd = openSync(path, 'r');
  try {
    const read = await readHead(fd, false);
    assert.ok(read.ok, 'a file reads');
    return taggedLines(read.head, name);
  } finally {
    closeSync(fd);
  }
}

for (const c of DECISION_CASES) {
  test(`decision: ${c.name}`, async () => {
    const lines = await linesOfFile(makeTempDir(), Buffer.from(c.message, 'latin1'), c.header);
    assert.deepEqual(lines, c.lines ?? []);
    assert.equal(lines.length > 0, c.tagged);
  });
}

test('fields: a continuation is joined without its line break; names are lower-cased; CR dropped', () => {
  assert.deepEqual(parseFields('A: one\r\n\ttwo\r\nB-C :x\r\n\r\nD: body\r\n'), [
    { name: 'a', text: 'one\ttwo' },
    { name: 'b-c', text: 'x' },
  ]);
});

test('the cap counts whole lines: a last line without newline counts one byte more, as in awk', async () => {
  const dir = makeTempDir();
  const line = 'Delivered-To: x\n';
  // a leading block of Delivered-To lines and our line last, without a final newline, of exactly `total` bytes
  const exact = (total: number): Buffer => {
    const last = 'X-Spam-Warning: end';
    const room = total - last.length;
    const n = Math.floor(room / line.length);
    const pad = room - n * line.length; // make up the rest with a longer first line
    const first = pad > 0 ? `Delivered-To: ${'y'.repeat(pad)}x\n` : '';
    const lines = first ? line.repeat(n - 1) : line.repeat(n);
    return Buffer.from(`${first}${lines}${last}`, 'latin1');
  };
  assert.equal(exact(HEAD_CAP - 1).length, HEAD_CAP - 1);
  assert.equal(exact(HEAD_CAP).length, HEAD_CAP);
  assert.deepEqual(await linesOfFile(dir, exact(HEAD_CAP - 1)), ['end']);
  assert.deepEqual(await linesOfFile(dir, exact(HEAD_CAP)), []);
  // with its newline, a line ending exactly at the cap counts
  assert.deepEqual(await linesOfFile(dir, Buffer.concat([exact(HEAD_CAP - 1), Buffer.from('\n')])), ['end']);
});

test('fd 0 that cannot be read (a directory) is an issue with its cause, not an empty message', async () => {
  const dir = makeTempDir();
  mkdirSync(join(dir, 'd'));
  const fd = openSync(join(dir, 'd'), 'r');
  try {
    assert.deepEqual(await readHead(fd, false), { ok: false, cause: 'EISDIR' });
  } finally {
    closeSync(fd);
  }
});

test('header name: the config when it is readable and valid, the default otherwise, never an error', async () => {
  const dir = makeTempDir();
  const good = join(dir, 'good.toml');
  writeFileSync(good, 'header = "X-Local-Tag"\n');
  assert.equal(headerNameFromConfig(good), 'X-Local-Tag');
  const bad = join(dir, 'bad.toml');
  writeFileSync(bad, 'header = "not a name:"\n');
  assert.equal(headerNameFromConfig(bad), 'X-Spam-Warning');
  writeFileSync(join(dir, 'syntax.toml'), 'header = \n');
  assert.equal(headerNameFromConfig(join(dir, 'syntax.toml')), 'X-Spam-Warning');
  assert.equal(headerNameFromConfig(join(dir, 'missing.toml')), 'X-Spam-Warning');
  assert.equal(headerNameFromConfig(dir), 'X-Spam-Warning'); // a directory: unreadable
});

test('a bug inside is answered 1 (deliver normally), with a line on stderr', async () => {
  const errors: string[] = [];
  const out: Output = { print: () => undefined, error: (t) => void errors.push(t), interactive: false };
  const values = new Proxy({}, { get: () => { throw new Error('boom'); } });
  assert.equal(await command.run({ values, positionals: [] }, out), EXIT.problems);
  assert.match(errors.join('\n'), /internal bug, answering "not tagged": boom/);
});
