// Queue mode must never create Node's stdio streams or use Readable's pipe method: each can put O_NONBLOCK on a
// pipe shared with qmail-queue (fd 1 is the envelope pipe). Only the CLI (src/cli/) and the build may write to stdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/run-qqtag';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'cli' || name === 'build' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

test('no stdio streams, pipe(), console or top-level await outside src/cli', () => {
  const banned = [/process\.std(out|in|err)\b/, /\.pipe\(/, /\bconsole\./, /^await /m];
  const hits = sources(join(ROOT, 'src')).flatMap((file) => {
    const code = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, ''); // comments may name them
    return banned.filter((re) => re.test(code)).map((re) => `${file}: ${re}`);
  });
  assert.deepEqual(hits, []);
});

test('the queue-mode bundle holds no CLI code: the CLI, the TOML parser and the schema are bundles of their own', () => {
  const bundle = readFileSync(join(ROOT, 'dist', 'main.cjs'), 'utf8') + readFileSync(join(ROOT, 'dist', 'qqtag.cjs'), 'utf8');
  // Strings only the CLI (usage texts, argument parsing), smol-toml and zod contain.
  // The CLI is dist/cli.cjs and its commands' bundles (dist/cli-*.cjs): the config commands carry TOML and zod.
  const cli = readdirSync(join(ROOT, 'dist'))
    .filter((f) => /^cli(-.+)?\.cjs$/.test(f))
    .map((f) => readFileSync(join(ROOT, 'dist', f), 'utf8'))
    .join('\n');
  for (const marker of ['usage: qqtag', 'parseArgs', 'Invalid TOML', 'ZodError']) {
    assert.ok(cli.includes(marker), `the marker is real: the CLI or config bundle has ${marker}`);
    assert.equal(bundle.includes(marker), false, `dist/main.cjs or dist/qqtag.cjs (the boot) contains ${marker}`);
  }
});

test('the CLI dispatch bundle loads no child_process at start: `qqtag is-tagged` starts through it for every delivery', async () => {
  const { execFileSync } = await import('node:child_process');
  // The list is taken before process.stdout exists: creating it loads streams of its own.
  const script = `const before = new Set(process.moduleLoadList); require(${JSON.stringify(join(ROOT, 'dist', 'cli.cjs'))});
    const added = process.moduleLoadList.filter((m) => !before.has(m)).join('\\n'); process.stdout.write(added);`;
  const loaded = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { PATH: process.env['PATH'] } });
  assert.doesNotMatch(loaded, /NativeModule (child_process|net|os)$/m);
});
