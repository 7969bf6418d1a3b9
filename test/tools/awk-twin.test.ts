// The awk twin (dist/qqtag-is-tagged) makes the same decisions with the same exit codes as `qqtag is-tagged`,
// under mawk and under gawk: on the hand-written headers and on the messages qqtag tagged itself, in every form
// a filter sees them (queue file, Maildir file, after preline).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { DECISION_CASES } from '../helpers/is-tagged-cases';
import { messageSetForFile } from '../helpers/message-set';
import { makeTempDir } from '../helpers/run-qqtag';
import { AWK_TWIN, runIsTagged, runWithFd, type Answer } from '../helpers/run-is-tagged';

const AWKS = ['mawk', 'gawk'] as const;
const messageSet = messageSetForFile(...AWKS);

const envFor = (awk: string): NodeJS.ProcessEnv => ({ PATH: process.env['PATH'], QQTAG_AWK: awk });
const twin = (awk: string, dir: string, message: Buffer, args: string[] = []): Promise<Answer> =>
  runIsTagged(dir, message, args, { program: AWK_TWIN, env: envFor(awk) });

for (const awk of AWKS) {
  test(`${awk}: the hand-written headers, as qqtag is-tagged decides them`, async () => {
    const dir = makeTempDir();
    for (const c of DECISION_CASES) {
      const args = c.header ? ['--header', c.header] : [];
      const r = await twin(awk, dir, Buffer.from(c.message, 'latin1'), args);
      assert.equal(r.code, c.tagged ? 0 : 1, `${c.name}: ${r.stderr}`);
      assert.equal(r.stderr, '', c.name);
    }
  });

  test(`${awk}: the messages qqtag tagged, in all three delivered forms, as qqtag is-tagged answers`, async () => {
    const dir = makeTempDir();
    assert.ok(messageSet().length >= 14);
    for (const m of messageSet()) {
      for (const form of ['queued', 'stored', 'prelined'] as const) {
        const node = await runIsTagged(dir, m[form]);
        const r = await twin(awk, dir, m[form]);
        assert.equal(node.code, m.tagged ? 0 : 1, `qqtag is-tagged, ${m.name} (${form}): ${node.stderr}`);
        assert.equal(r.code, node.code, `${awk}, ${m.name} (${form}): ${r.stderr}`);
      }
    }
  });

  test(`${awk}: fd 0 a directory or closed: 111; a bad --header or option: 64`, async () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, 'd'));
    const fd = openSync(join(dir, 'd'), 'r');
    const r = await runWithFd(fd, [], { program: AWK_TWIN, env: envFor(awk) });
    closeSync(fd);
    assert.equal(r.code, 111);
    assert.match(r.stderr, /cannot read the message on fd 0/);
    const closed = spawnSync('/bin/sh', ['-c', 'exec "$0" <&-', AWK_TWIN], { env: envFor(awk), encoding: 'utf8' });
    assert.equal(closed.status, 111);
    const m = Buffer.from('X-Spam-Warning: x\n\n');
    assert.equal((await twin(awk, dir, m, ['--header', 'X Spam'])).code, 64);
    assert.equal((await twin(awk, dir, m, ['--header', 'a\\b:'])).code, 64);
    assert.equal((await twin(awk, dir, m, ['--match', 'x'])).code, 64, '--match is not supported: a usage error');
    assert.equal((await twin(awk, dir, m, ['--header=X-Spam-Warning'])).code, 0);
  });

  test(`${awk}: through a pipe it leaves after the header; with --read-all it reads to the end`, async () => {
    const big = messageSet().find((m) => m.name.startsWith('a 20 MB'));
    assert.ok(big);
    for (const readAll of [false, true]) {
      const result: { error?: string } = {};
      const feed = async (stdin: NodeJS.WritableStream): Promise<void> => {
        stdin.on('error', (e: NodeJS.ErrnoException) => (result.error = e.code ?? 'error'));
        await new Promise<void>((resolve) => stdin.end(big.stored, () => resolve()));
      };
      const r = await runWithFd('pipe', readAll ? ['--read-all'] : [], { program: AWK_TWIN, env: envFor(awk), feed });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(result.error, readAll ? undefined : 'EPIPE');
    }
  });
}
