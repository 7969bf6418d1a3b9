// V8 code caches (src/boot.ts) are an optimisation that must never change what a message gets: a damaged,
// foreign, stale, missing or untrusted cache costs a compile and nothing else. Run on copies of dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, makeTempDir, ROOT, runQqtag } from '../helpers/run-qqtag';
import { assertBytesEqual } from '../helpers/bytes';

const TAG = '[[rule]]\nname = "all"\nheader = "Subject"\npattern = "(?i)lunch"\nwarning = "tagged"\n';
const message = fixture('messages/plain.eml');
const envelope = fixture('envelopes/simple.env');

function distCopy(): string {
  const dir = join(makeTempDir(), 'dist');
  cpSync(join(ROOT, 'dist'), dir, { recursive: true });
  return dir;
}

/** Delivers a message through `dist` and returns how each bundle's cache was taken: used, rejected, none. */
async function delivered(dist: string): Promise<Record<string, string>> {
  const r = await runQqtag({ message, envelope, config: TAG, launcher: join(dist, 'qqtag'), env: { QQTAG_CODE_CACHE: 'report' } });
  assert.equal(r.code, 0, r.stderr);
  assertBytesEqual(r.queued?.message, Buffer.concat([Buffer.from('X-Spam-Warning: tagged\n'), message]), 'message');
  return Object.fromEntries([...r.stderr.matchAll(/^qqtag: code cache (\w+): (\w+)$/gm)].map((m) => [m[1], m[2]]));
}

const caches = (dist: string): string[] => readdirSync(join(dist, 'cache')).filter((f) => f.endsWith('.v8'));

test('the build wrote a cache for every bundle a message loads, and a message uses them', async () => {
  const names = caches(join(ROOT, 'dist')).map((f) => f.split('.')[0]);
  for (const bundle of ['main', 'config', 're2', 'headers', 'mime', 'cli']) assert.ok(names.includes(bundle), `${bundle}: ${names}`);
  const taken = await delivered(distCopy());
  assert.equal(taken['main'], 'used', JSON.stringify(taken));
});

test('damaged caches (garbage, another bundle\'s code, truncated) are rejected: the message is the same', async () => {
  const dist = distCopy();
  const files = caches(dist);
  const other = readFileSync(join(dist, 'cache', files.find((f) => f.startsWith('cli.')) ?? ''));
  for (const [i, f] of files.entries()) {
    const path = join(dist, 'cache', f);
    const data = readFileSync(path);
    writeFileSync(path, i % 3 === 0 ? Buffer.alloc(data.length, 0x5a) : i % 3 === 1 ? other : data.subarray(0, data.length >> 1));
  }
  const taken = await delivered(dist);
  assert.ok(Object.keys(taken).length > 0 && Object.values(taken).every((t) => t === 'rejected'), JSON.stringify(taken));
});

test('no cache at all, and caches anyone may write (not trusted): the message is the same', async () => {
  const dist = distCopy();
  for (const f of caches(dist)) chmodSync(join(dist, 'cache', f), 0o666);
  assert.ok(Object.values(await delivered(dist)).every((t) => t === 'none'), 'untrusted: not read');
  rmSync(join(dist, 'cache'), { recursive: true });
  assert.ok(Object.values(await delivered(dist)).every((t) => t === 'none'));
});

test('compile-config writes the caches again with this host\'s node', () => {
  const dist = distCopy();
  rmSync(join(dist, 'cache'), { recursive: true });
  const config = join(makeTempDir(), 'qqtag.toml');
  writeFileSync(config, TAG);
  const out = execFileSync(join(dist, 'qqtag'), ['compile-config', config], { env: { PATH: process.env['PATH'] }, encoding: 'utf8' });
  assert.match(out, /code cache refreshed in .*\/cache for node v\d+/);
  assert.ok(caches(dist).some((f) => f.startsWith('main.')), caches(dist).join(' '));
});
