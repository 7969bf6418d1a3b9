// The shipped man pages through the real tools: groff with every warning on (any warning fails), both on its
// default device and as man(1) formats for an 80-column terminal, and `man -l` rendering each page whole,
// within 80 columns. groff and man are Debian's groff-base and man-db: a missing one fails with the install line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/run-qqtag';

const INSTALL = 'apt-get install -y groff-base man-db';
const PAGES = [
  { file: 'qqtag.8', sections: ['NAME', 'SYNOPSIS', 'QUEUE MODE', 'COMMANDS', 'ENVIRONMENT', 'EXIT STATUS', 'FILES', 'EXAMPLES', 'SEE ALSO'] },
  { file: 'qqtag.toml.5', sections: ['NAME', 'TOP LEVEL', '[dns]', '[[dnsbl]]', '[[rule]]', 'ANSWER CODES', 'EXAMPLES', 'SEE ALSO'] },
];
const WIDTH = 80;

/** Runs a tool; a missing one is a failure that says how to install it, never a skip. */
function run(program: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): { stdout: string; stderr: string } {
  const r = spawnSync(program, [...args], { encoding: 'utf8', env });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') assert.fail(`${program} is not on PATH: ${INSTALL}`);
  assert.equal(r.status, 0, `${program} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

for (const { file, sections } of PAGES) {
  const page = join(ROOT, 'dist', 'man', file);

  test(`groff -t -man -ww -z ${file}: no warning, on the default device and at ${WIDTH} columns`, () => {
    assert.equal(run('groff', ['-t', '-man', '-ww', '-z', page]).stderr, '');
    assert.equal(run('groff', ['-t', '-man', '-ww', '-z', '-Tutf8', `-rLL=${WIDTH}n`, page]).stderr, '');
  });

  test(`man -l ${file} renders every section within ${WIDTH} columns, without a warning`, () => {
    const { stdout, stderr } = run('man', ['-l', page], { ...process.env, MANWIDTH: String(WIDTH), MAN_KEEP_FORMATTING: '', MANPAGER: 'cat', PAGER: 'cat' });
    assert.equal(stderr, '');
    for (const name of sections) assert.match(stdout, new RegExp(`^${name.replace(/[[\]]/g, '\\$&')}$`, 'm'), `no section ${name}`);
    const wide = stdout.split('\n').filter((line) => [...line].length > WIDTH);
    assert.deepEqual(wide, [], `lines over ${WIDTH} columns`);
    assert.doesNotMatch(stdout, /&quot;|\\f[BIRP]|\bT\{/, 'roff or HTML leaked into the text');
  });
}
