// The files of state_dir: reading the state whatever is found there, the O_EXCL claims (write lock, lease) with
// their expiry, and the locked read-change-rename. Many processes at once: test/health/zone-health.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claim, leasePath, readHealthState, release, STATE_FILE, updateHealthState } from '../../src/health/health-store';
import { MAX_STATE_BYTES, entryOf, formatState, observe, type HealthState } from '../../src/health/health-state';
import { makeTempDir } from '../helpers/run-qqtag';

const P = { failures: 3, backoffMs: 1000, backoffMaxMs: 8000, testEveryMs: 60_000 };
const KEY = '0123456789abcdef';
const addFailure = (s: HealthState): HealthState => ({ zones: { ...s.zones, [KEY]: observe(entryOf(s, KEY), { label: 'L', problem: 'timeout' }, Date.now(), P) } });
const failsIn = (dir: string): number | undefined => {
  const read = readHealthState(dir);
  return read.ok ? entryOf(read.state, KEY)?.fails : undefined;
};

test('reading: a missing directory, a missing file, a damaged or oversized file, a directory in its place', () => {
  const dir = makeTempDir();
  const missing = readHealthState(join(dir, 'nope'));
  assert.ok(!missing.ok && missing.why === 'missing_dir', JSON.stringify(missing));
  assert.deepEqual(readHealthState(dir), { ok: true, state: { zones: {} } }, 'nothing learnt yet');
  writeFileSync(join(dir, STATE_FILE), '{"v":1,"zones":{');
  const damaged = readHealthState(dir);
  assert.ok(!damaged.ok && damaged.why === 'damaged');
  writeFileSync(join(dir, STATE_FILE), `{"v":1,"zones":{}}${' '.repeat(MAX_STATE_BYTES)}`);
  assert.equal((readHealthState(dir) as { why?: string }).why, 'damaged', 'not parsed at all past the bound');
  const other = makeTempDir();
  mkdirSync(join(other, STATE_FILE));
  assert.equal((readHealthState(other) as { why?: string }).why, 'unreadable');
  const notDir = join(dir, STATE_FILE);
  assert.equal((readHealthState(notDir) as { why?: string }).why, 'unreadable', 'state_dir is a file: ENOTDIR');
});

test('a claim is exclusive until released or expired; only its holder releases it', () => {
  const path = leasePath(makeTempDir());
  const first = claim(path, Date.now() + 60_000);
  assert.ok('held' in first);
  assert.deepEqual(claim(path, Date.now() + 60_000), { busy: true });
  release(path, 'someone else\n');
  assert.deepEqual(claim(path, Date.now() + 60_000), { busy: true }, 'a wrong token removes nothing');
  release(path, first.held);
  const second = claim(path, Date.now() - 1); // already expired: its holder died, say
  assert.ok('held' in second);
  const third = claim(path, Date.now() + 60_000);
  assert.ok('held' in third, 'an expired claim is taken over');
  release(path, second.held);
  assert.deepEqual(claim(path, Date.now() + 60_000), { busy: true }, 'the old holder cannot release the new claim');
});

test('a claim file without a readable expiry (its writer died mid-write) is taken over once old', () => {
  const path = leasePath(makeTempDir());
  writeFileSync(path, '');
  assert.deepEqual(claim(path, Date.now() + 1000), { busy: true }, 'a fresh one may still be being written');
  const old = (Date.now() - 60_000) / 1000;
  utimesSync(path, old, old);
  assert.ok('held' in claim(path, Date.now() + 1000));
});

test('a claim in a directory that does not exist is a problem, not a hang', () => {
  const c = claim(join(makeTempDir(), 'no', 'lease'), Date.now() + 1000);
  assert.ok('problem' in c && /ENOENT/.test(c.problem), JSON.stringify(c));
});

test('update: read afresh, changed, renamed into place; no lock or temporary file left behind', async () => {
  const dir = makeTempDir();
  assert.equal(await updateHealthState(dir, addFailure), undefined);
  assert.equal(await updateHealthState(dir, addFailure), undefined);
  assert.equal(failsIn(dir), 2, 'the second update saw the first');
  assert.deepEqual(readdirSync(dir), [STATE_FILE]);
});

test('update: a damaged file is replaced; a held lock drops the update; an unwritable place is a problem', async () => {
  const dir = makeTempDir();
  writeFileSync(join(dir, STATE_FILE), 'garbage');
  assert.equal(await updateHealthState(dir, addFailure), undefined);
  assert.equal(failsIn(dir), 1);
  const lock = claim(join(dir, 'health.lock'), Date.now() + 60_000);
  assert.ok('held' in lock);
  const before = readFileSync(join(dir, STATE_FILE), 'utf8');
  assert.equal(await updateHealthState(dir, addFailure), undefined, 'dropped quietly');
  assert.equal(readFileSync(join(dir, STATE_FILE), 'utf8'), before);
  release(join(dir, 'health.lock'), lock.held);
  assert.match((await updateHealthState(join(dir, 'gone'), addFailure)) ?? '', /cannot create .*health\.lock: .*ENOENT/);
  assert.equal(formatState({ zones: {} }, Date.now()), '{"v":1,"zones":{}}\n');
});
