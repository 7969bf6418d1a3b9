// Dead zones, end to end: a list server that never answers costs `failures` messages the deadline, then none;
// when the back-off ends one message probes (the lease) while the others keep skipping; an answer resets the
// zone, a failed probe doubles the window. Many qqtag processes in sequence and at once (50) share the state
// safely. A damaged or unusable state costs no message. The tests' own DNS servers on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer } from 'dns-packet';
import { makeTempDir } from '../helpers/run-qqtag';
import { startDnsServer } from '../helpers/dns-servers';
import { CLEAN, LISTED, deliver, healthConfig, linesMatching, stateByLabel, writeState, type Delivered } from './helpers';

const DEAD = '[[dnsbl]]\nzone = "dead.test"\nlabel = "Dead"\nipv6 = false\n';

/** A list that lists 127.0.0.2 and 192.0.2.1, answering at once or when `gate` settles. */
const answering = (gate: Promise<void> = Promise.resolve()) =>
  startDnsServer(async (name, type): Promise<Answer[] | 'NXDOMAIN'> => {
    await gate;
    if (type !== 'A') return [];
    return /^(2\.0\.0\.127|1\.2\.0\.192)\./.test(name) ? [{ name, type: 'A', ttl: 60, data: '127.0.0.2' }] : 'NXDOMAIN';
  });

test('a server that never answers: after `failures` timeouts the zone is skipped at once, named in "not checked", and asked nothing', async () => {
  const silent = await startDnsServer(() => 'drop');
  try {
    const stateDir = makeTempDir();
    const config = healthConfig({ server: silent.address, stateDir, deadlineMs: 200, dns: 'note_unchecked = true', health: 'failures = 2\nbackoff_s = 3600', lists: DEAD });
    for (let i = 1; i <= 2; i++) {
      const r = await deliver(config);
      assert.equal(r.summary.outcome('dnsbl:Dead'), 'timeout');
      assert.equal(r.added, 'X-Spam-Warning: not checked: Dead\n');
      assert.equal(stateByLabel(stateDir)['Dead']?.fails, i);
    }
    const asked = silent.queries;
    const skipped = await deliver(config);
    assert.equal(skipped.summary.outcome('dnsbl:Dead'), 'backoff');
    assert.equal(skipped.added, 'X-Spam-Warning: not checked: Dead\n', 'named exactly like a zone that did not answer');
    assert.match(skipped.stderr, /warn: dnsbl:Dead: skipped: 2 failures in a row \(timeout\); backing off until \S+Z/);
    assert.equal(silent.queries, asked, 'the dead server was not asked');
    assert.equal(skipped.summary.get('dns_ms'), undefined, 'no DNS at all');
  } finally {
    await silent.stop();
  }
});

test('when the back-off ends one message probes while the others keep skipping; its answer resets the zone', async () => {
  let open = (): void => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const server = await answering(gate); // holds every answer until the other messages are done
  try {
    const stateDir = makeTempDir();
    const config = healthConfig({ server: server.address, stateDir, deadlineMs: 10_000, lists: DEAD });
    const now = Date.now();
    writeState(stateDir, server.address, {
      'dead.test': { label: 'Dead', fails: 5, level: 2, until: now - 1, seen: now, problem: 'timeout', tested: { at: now, verdict: 'no_answer' } },
    });
    const runs = Array.from({ length: 6 }, () => deliver(config, LISTED));
    const finished: Delivered[] = [];
    await new Promise<void>((resolve) => runs.forEach((r) => void r.then((d) => finished.push(d) === 5 && resolve())));
    const skipped = [...finished];
    assert.deepEqual(skipped.map((d) => d.summary.outcome('dnsbl:Dead')), Array(5).fill('backoff'), 'five skipped without waiting');
    for (const d of skipped) assert.match(d.stderr, /dnsbl:Dead: skipped: another message is probing it after 5 failures in a row/);
    open();
    const probe = (await Promise.all(runs)).find((d) => !skipped.includes(d));
    assert.equal(probe?.summary.outcome('dnsbl:Dead'), 'hit', probe?.stderr);
    assert.match(probe?.stderr ?? '', /health: self-test: Dead ok/);
    const state = stateByLabel(stateDir)['Dead'];
    assert.deepEqual([state?.fails, state?.level, state?.until, state?.tested?.verdict], [0, 0, 0, 'ok']);
    assert.deepEqual(readdirSync(stateDir), ['health.json'], 'the lease was given back');
    assert.equal((await deliver(config, LISTED)).summary.outcome('dnsbl:Dead'), 'hit');
  } finally {
    open();
    await server.stop();
  }
});

test('a probe that fails opens the next window, twice as long', async () => {
  const silent = await startDnsServer(() => 'drop');
  try {
    const stateDir = makeTempDir();
    const config = healthConfig({ server: silent.address, stateDir, deadlineMs: 200, health: 'backoff_s = 10\nbackoff_max_s = 100', lists: DEAD });
    const now = Date.now();
    writeState(stateDir, silent.address, { 'dead.test': { label: 'Dead', fails: 3, level: 0, until: now - 1, seen: now, tested: { at: now, verdict: 'no_answer' } } });
    assert.equal((await deliver(config)).summary.outcome('dnsbl:Dead'), 'timeout', 'the probe asked, and waited');
    const e = stateByLabel(stateDir)['Dead'];
    assert.deepEqual([e?.fails, e?.level, (e?.until ?? 0) - (e?.seen ?? 0)], [4, 1, 20_000]);
    assert.equal((await deliver(config)).summary.outcome('dnsbl:Dead'), 'backoff');
  } finally {
    await silent.stop();
  }
});

test('50 messages at once on a dead zone: all delivered, the state stays whole and marks it; then all skip it', async () => {
  const silent = await startDnsServer(() => 'drop');
  try {
    const stateDir = makeTempDir();
    const config = healthConfig({ server: silent.address, stateDir, deadlineMs: 300, health: 'backoff_s = 3600', lists: DEAD });
    const first = await Promise.all(Array.from({ length: 50 }, () => deliver(config)));
    assert.ok(first.every((d) => ['timeout', 'backoff'].includes(d.summary.outcome('dnsbl:Dead') ?? '')));
    const e = stateByLabel(stateDir)['Dead']; // parses: never half a file
    assert.ok(e && e.fails >= 3 && e.until > Date.now(), JSON.stringify(e));
    assert.deepEqual(readdirSync(stateDir), ['health.json'], 'no lock, lease or temporary file left');
    const asked = silent.queries;
    const second = await Promise.all(Array.from({ length: 10 }, () => deliver(config)));
    assert.deepEqual(second.map((d) => d.summary.outcome('dnsbl:Dead')), Array(10).fill('backoff'));
    assert.equal(silent.queries, asked);
  } finally {
    await silent.stop();
  }
});

test('a damaged state is logged, ignored and replaced; the lists are asked as usual', async () => {
  const server = await answering();
  try {
    const stateDir = makeTempDir();
    writeFileSync(join(stateDir, 'health.json'), '{"v":1,"zones":{"0123456789abcdef":{"label":');
    const config = healthConfig({ server: server.address, stateDir, lists: DEAD });
    const r = await deliver(config, LISTED);
    assert.equal(linesMatching(r.stderr, /health:.*health\.json is damaged: ignored, the next write replaces it/).length, 1, r.stderr);
    assert.match(r.added, /listed in Dead/);
    assert.equal(stateByLabel(stateDir)['Dead']?.tested?.verdict, 'ok', 'replaced by a whole state');
  } finally {
    await server.stop();
  }
});

test('an unusable state_dir costs one log line; the lists are asked as usual', async () => {
  const server = await answering();
  try {
    const dir = makeTempDir();
    for (const [stateDir, why] of [
      [join(dir, 'missing'), /warn: health: state_dir \S+missing does not exist: zone health is off/],
      [join(dir, 'file'), /warn: health: cannot read \S+file\/health\.json: .*ENOTDIR/],
      ['/proc', /warn: health: cannot create \/proc\/lease: .*: nothing is shared/], // read, not writable, even by root
    ] as const) {
      if (stateDir.endsWith('file')) writeFileSync(stateDir, '');
      const r = await deliver(healthConfig({ server: server.address, stateDir, lists: DEAD }), LISTED);
      assert.equal(linesMatching(r.stderr, /health:/).length, 1, r.stderr);
      assert.match(r.stderr, why);
      assert.equal(r.summary.outcome('dnsbl:Dead'), 'hit');
    }
    assert.equal(existsSync(join(dir, 'missing')), false, 'qqtag does not create it');
    assert.equal((await deliver(healthConfig({ server: server.address, stateDir: join(dir, 'missing'), lists: DEAD }), CLEAN)).added, '');
  } finally {
    await server.stop();
  }
});
