// `npm run demo` as a newcomer meets it: it runs without network, root or rbldnsd, checks its own examples, escapes
// what is not printable ASCII, and its "by hand" lines repeat its runs exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/run-qqtag';

const demo = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/demo/demo.ts')], { cwd: ROOT, encoding: 'latin1', timeout: 60_000 });
const sections = demo.stdout.split('\n== ').slice(1);
const section = (n: number): string => sections.find((s) => s.startsWith(`${n}. `)) ?? assert.fail(`no example ${n} in:\n${demo.stdout}`);

test('the demo runs its examples and finds each exit code and the bytes as they must be', () => {
  assert.equal(demo.status, 0, demo.stdout + demo.stderr);
  assert.equal(sections.length, 8);
  assert.match(demo.stdout, /All examples gave the exit code they must/);
  assert.match(demo.stdout, /^ {2}\| servers = \["127\.0\.0\.1:\d+"\]$/m, 'the config is shown');
  assert.match(section(5), /exit 31 {2}-> {2}qmail-smtpd replies: 554 mail server permanently rejected message \(#5\.3\.0\)/);
  assert.match(section(7), /exit 53 {2}-> {2}qmail-smtpd replies: 451 qq write error or disk full \(#4\.3\.0\)/);
  assert.match(section(2), /^ {4}\| X-Spam-Warning: 192\.0\.2\.1 is listed in Test BL \(127\.0\.0\.2\)/m);
});

test('NUL and 8-bit bytes are shown escaped, never as ?', () => {
  const nul = section(6);
  assert.match(nul, /envelope: {2}Fren\\xE9@example\.net\\0Tb\\xE9b@example\.org\\0\\0$/m);
  assert.match(nul, /^ {4}\| body\\0with\\0nuls$/m);
  assert.doesNotMatch(nul.split('\n').filter((l) => l.startsWith('    | ')).join('\n'), /\?/);
});

for (const n of [5, 6]) {
  test(`the "by hand" line of example ${n} gives the same exit code and queued bytes`, () => {
    const line = /^ {2}by hand: {2}(.*)$/m.exec(section(n))?.[1] ?? assert.fail('no by-hand line');
    const dir = /^cd (\S+) /.exec(line)?.[1] ?? assert.fail(line);
    const printed = /queued, after the added lines: +sha256 ([0-9a-f]{64})/.exec(section(n))?.[1];
    rmSync(join(dir, 'message'), { force: true }); // the demo's own run left one
    const exit = execFileSync('/bin/sh', ['-c', line], { encoding: 'latin1', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    assert.equal(exit, `exit ${/^ {2}exit (\d+)/m.exec(section(n))?.[1]}`);
    if (printed) assert.equal(createHash('sha256').update(readFileSync(join(dir, 'message'))).digest('hex'), printed);
  });
}
