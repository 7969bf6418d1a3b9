// The two ways README's Install section offers, done for real into temporary directories: the npm tarball
// (`npm pack`, then `npm install -g` offline with an empty cache: no build step, nothing fetched) and the manual
// copy of dist/ with a symlink on the PATH. Each installed qqtag then runs in queue mode, from elsewhere than the
// project, on a message with a header rule (so its lazy bundles load from the installed files). dist/ is as
// `npm test` built it: packing runs without the prepack build, which would rebuild dist/ under the other tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertBytesEqual } from '../helpers/bytes';
import { baseEnv, fixture, makeTempDir, ROOT } from '../helpers/run-qqtag';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const message = fixture('messages/plain.eml');
const envelope = fixture('envelopes/simple.env');
const RULE = '[[rule]]\nname = "lunch"\nheader = "Subject"\npattern = "(?i)^lunch$"\nwarning = "subject is lunch"\n';
const ADDED = 'X-Spam-Warning: subject is lunch\n';

/** npm without this test run's own npm_* settings (npm test exports its config to scripts). */
function npm(args: readonly string[], cwd: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--no-update-notifier'], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The installed qqtag: --version, then `qqtag <msg 1<env` in queue mode with the fake queue, run from `dir`. */
function checkInstalled(bin: string, dir: string): void {
  const path = `${dirname(process.execPath)}:/usr/bin:/bin`; // node, sh; nothing of the project
  const v = spawnSync(bin, ['--version'], { cwd: dir, env: { PATH: path }, encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout.trim(), `qqtag ${version}`);
  writeFileSync(join(dir, 'in.eml'), message);
  writeFileSync(join(dir, 'in.env'), envelope);
  const fds = [openSync(join(dir, 'in.eml'), 'r'), openSync(join(dir, 'in.env'), 'r')];
  const env = { ...baseEnv(dir, { message, envelope, config: RULE }), PATH: path };
  const r = spawnSync(bin, [], { cwd: dir, env, stdio: [fds[0], fds[1], 'pipe'], encoding: 'latin1' });
  for (const fd of fds) closeSync(fd);
  assert.equal(r.status, 0, r.stderr);
  assertBytesEqual(readFileSync(join(dir, 'message')), Buffer.concat([Buffer.from(ADDED), message]), 'queued message');
  assertBytesEqual(readFileSync(join(dir, 'envelope')), envelope, 'queued envelope');
}

test('npm pack makes a tarball of dist/ and the package files only', () => {
  const dir = makeTempDir();
  const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as { filename: string; files: { path: string }[] }[];
  assert.equal(packed?.filename, `qqtag-${version}.tgz`);
  const files = (sub: string): string[] =>
    readdirSync(join(ROOT, sub), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(`${sub}/${e.name}`) : [`${sub}/${e.name}`]));
  const expected = ['LICENSE', 'README.md', 'package.json', ...files('dist')];
  assert.deepEqual(packed.files.map((f) => f.path).sort(), expected.sort());
});

test('npm install -g of the tarball, offline with an empty cache: qqtag on the PATH, its man pages linked, no dependencies, queue mode works', () => {
  const dir = makeTempDir();
  npm(['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
  const prefix = join(dir, 'prefix');
  npm(['install', '-g', '--prefix', prefix, '--offline', '--cache', join(dir, 'empty-cache'), `./qqtag-${version}.tgz`], dir);
  const installed = join(prefix, 'lib', 'node_modules', 'qqtag');
  assert.ok(existsSync(join(installed, 'dist', 'qqtag.cjs')));
  assert.ok(!existsSync(join(installed, 'node_modules')), 'the bundles need no dependencies installed');
  for (const page of ['man8/qqtag.8', 'man5/qqtag.toml.5']) {
    const linked = join(prefix, 'share', 'man', page);
    assert.ok(existsSync(linked), `npm did not link ${linked} (package.json man)`);
    assert.equal(realpathSync(linked), realpathSync(join(installed, 'dist', 'man', page.slice(5))), `${linked} is the installed page`);
  }
  const run = join(dir, 'run');
  mkdirSync(run);
  checkInstalled(join(prefix, 'bin', 'qqtag'), run);
});

test('the manual copy of dist/ to /usr/local/lib/qqtag, with /usr/local/bin/qqtag a symlink to dist/qqtag, works', () => {
  const dir = makeTempDir();
  const lib = join(dir, 'usr', 'local', 'lib', 'qqtag');
  const bin = join(dir, 'usr', 'local', 'bin');
  mkdirSync(lib, { recursive: true });
  mkdirSync(bin, { recursive: true });
  cpSync(join(ROOT, 'dist'), join(lib, 'dist'), { recursive: true });
  symlinkSync(join(lib, 'dist', 'qqtag'), join(bin, 'qqtag'));
  const run = join(dir, 'run');
  mkdirSync(run);
  checkInstalled(join(bin, 'qqtag'), run);
});
