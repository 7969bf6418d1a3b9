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
  const bundle = readFileSync(join(ROOT, 'dist', 'qqtag.cjs'), 'utf8');
  // Strings only the CLI (usage texts, argument parsing), smol-toml and zod contain.
  // The CLI is dist/cli.cjs and its commands' bundles (dist/cli-*.cjs): the config commands carry TOML and zod.
  const cli = readdirSync(join(ROOT, 'dist'))
    .filter((f) => /^cli(-.+)?\.cjs$/.test(f))
    .map((f) => readFileSync(join(ROOT, 'dist', f), 'utf8'))
    .join('\n');
  for (const marker of ['usage: qqtag', 'parseArgs', 'Invalid TOML', 'ZodError']) {
    assert.ok(cli.includes(marker), `the marker is real: the CLI bundle has ${marker}`);
    assert.equal(bundle.includes(marker), false, `dist/qqtag.cjs contains ${marker}`);
  }
});
