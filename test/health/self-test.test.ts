// The RFC 5782 self-test in queue mode, end to end: the built qqtag, a real rbldnsd on 127.0.0.1 serving a
// healthy list, a list that lists everything (0.0.0.0/1 and 128.0.0.0/1), one that answers refusal codes, an
// IPv6 list of each kind and a domain list; and the tests' own server where a list must change its mind.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer } from 'dns-packet';
import { makeTempDir } from '../helpers/run-qqtag';
import { ZONES } from '../helpers/rbldnsd';
import { listServerForFile } from '../helpers/list-server';
import { startDnsServer } from '../helpers/dns-servers';
import { CLEAN, LISTED, deliver, healthConfig, linesMatching, stateByLabel } from './helpers';

const lists = listServerForFile([...ZONES, 'everything.test:ip4set:everything.zone', 'everything6.test:ip6trie:everything6.zone', 'refusing.test:ip4set:refusing.zone']);
let rbl: { readonly address: string };
before(async (t) => (rbl = { address: await lists.address(t as unknown as TestContext) }));
after(async () => lists.stop());

const BL = '[[dnsbl]]\nzone = "bl.test"\nlabel = "Test BL"\n';
const DBL = '[[rhsbl]]\nzone = "dbl.test"\nlabel = "Test DBL"\n';
const EVERYTHING = '[[dnsbl]]\nzone = "everything.test"\nlabel = "Everything"\naction = "reject"\n';
const BROKEN_LINE = /warn: dnsbl:Everything: BROKEN since \S+Z: it lists the RFC 5782 test point/;

test('healthy lists: the first message self-tests them and records it; the next one only reads the state', async () => {
  const stateDir = makeTempDir();
  const config = healthConfig({ server: rbl.address, stateDir, lists: BL + DBL });
  const first = await deliver(config);
  const line = /^qqtag: 192\.0\.2\.99 pid \d+: info: health: self-test: Test BL ok, Test DBL ok$/; // the client, as every line
  assert.equal(linesMatching(first.stderr, line).length, 1, first.stderr);
  assert.deepEqual([first.summary.outcome('dnsbl:Test BL'), first.summary.outcome('rhsbl:Test DBL')], ['pass', 'pass']);
  const state = stateByLabel(stateDir);
  for (const label of ['Test BL', 'Test DBL']) assert.deepEqual([state[label]?.fails, state[label]?.tested?.verdict, state[label]?.until], [0, 'ok', 0], label);
  const before = statSync(join(stateDir, 'health.json'));
  const second = await deliver(config, LISTED);
  assert.doesNotMatch(second.stderr, /health:/);
  assert.match(second.added, /^X-Spam-Warning: 192\.0\.2\.1 is listed in Test BL/, 'the lists are used');
  const afterwards = statSync(join(stateDir, 'health.json'));
  assert.deepEqual([afterwards.ino, afterwards.mtimeMs], [before.ino, before.mtimeMs], 'a healthy steady state writes nothing');
  assert.deepEqual(readdirSync(stateDir), ['health.json'], 'no lease or lock left behind');
});

test('a list that lists everything tags and rejects no clean client, from the first self-test on; one loud line per message', async () => {
  const stateDir = makeTempDir();
  const config = healthConfig({ server: rbl.address, stateDir, lists: BL + EVERYTHING });
  for (const [i, ip] of [CLEAN, '198.51.100.7', CLEAN].entries()) {
    const r = await deliver(config, ip); // exit 0 and queued: the reject of the broken list is not taken
    assert.equal(r.added, '', `message ${i + 1}: ${r.stderr}`);
    assert.equal(r.summary.outcome('dnsbl:Everything'), 'broken', r.summary.line);
    assert.equal(r.summary.outcome('dnsbl:Test BL'), 'pass');
    assert.equal(linesMatching(r.stderr, BROKEN_LINE).length, 1, r.stderr);
    assert.equal(linesMatching(r.stderr, /health: self-test/).length, i === 0 ? 1 : 0, 'the self-test ran once');
  }
  const tagged = await deliver(config, LISTED);
  assert.match(tagged.added, /listed in Test BL/, 'the healthy list still tags');
  assert.doesNotMatch(tagged.added, /Everything/);
  const state = stateByLabel(stateDir)['Everything'];
  assert.equal(state?.tested?.verdict, 'broken');
  assert.ok(state?.broken && state.broken <= Date.now());
});

test('IPv6 lists: one listing ::FFFF:7F00:1 is broken, a healthy one is used', async () => {
  const stateDir = makeTempDir();
  const lists = '[[dnsbl]]\nzone = "everything6.test"\nlabel = "Everything6"\nipv4 = false\n[[dnsbl]]\nzone = "bl6.test"\nlabel = "Test BL6"\nipv4 = false\n';
  const config = healthConfig({ server: rbl.address, stateDir, lists });
  const clean = await deliver(config, '2001:db8:1::99');
  assert.equal(clean.added, '');
  assert.deepEqual([clean.summary.outcome('dnsbl:Everything6'), clean.summary.outcome('dnsbl:Test BL6')], ['broken', 'pass']);
  assert.match(clean.stderr, /health: self-test: Everything6 broken \(lists ::FFFF:7F00:1\), Test BL6 ok/);
  assert.match((await deliver(config, '2001:db8::2')).added, /^X-Spam-Warning: 2001:db8::2 is listed in Test BL6/);
});

test('a list answering refusal codes: its self-test says refused; after `failures` refusals it is skipped', async () => {
  const stateDir = makeTempDir();
  const config = healthConfig({ server: rbl.address, stateDir, health: 'failures = 2\nbackoff_s = 3600\n', lists: '[[dnsbl]]\nzone = "refusing.test"\nlabel = "Refusing"\n' });
  const first = await deliver(config);
  assert.match(first.stderr, /warn: health: self-test: Refusing refused \(answers 127\.255\.255\.254\)/);
  assert.equal(first.summary.outcome('dnsbl:Refusing'), 'refused');
  assert.equal((await deliver(config)).summary.outcome('dnsbl:Refusing'), 'refused');
  const third = await deliver(config);
  assert.equal(third.summary.outcome('dnsbl:Refusing'), 'backoff');
  assert.match(third.stderr, /warn: dnsbl:Refusing: skipped: 2 failures in a row \(refused\); backing off until /);
  const state = stateByLabel(stateDir)['Refusing'];
  assert.deepEqual([state?.tested?.verdict, state?.fails, state?.problem], ['refused', 2, 'refused']);
});

/** A DNS list of the tests' own that lists everything, or only RFC 5782's first test point, as told. */
async function fickleList(zone: string, code: string) {
  const mode = { everything: true };
  const server = await startDnsServer((name, type): Answer[] | 'NXDOMAIN' => {
    if (!name.endsWith(`.${zone}`) || type !== 'A') return type === 'A' ? 'NXDOMAIN' : [];
    const listed = mode.everything || name === `2.0.0.127.${zone}` || name === `test.${zone}` || name === `1.2.0.192.${zone}`;
    return listed ? [{ name, type: 'A', ttl: 60, data: code }] : 'NXDOMAIN';
  });
  return { server, mode };
}

test('a domain list that lists INVALID is broken and tags no sender; one that follows RFC 5782 is ok', async () => {
  const { server } = await fickleList('anydomain.test', '127.0.1.2');
  try {
    const stateDir = makeTempDir();
    const config = healthConfig({ server: server.address, stateDir, lists: '[[rhsbl]]\nzone = "anydomain.test"\nlabel = "Any Domain"\n' });
    const r = await deliver(config);
    assert.equal(r.added, '');
    assert.equal(r.summary.outcome('rhsbl:Any Domain'), 'broken');
    assert.match(r.stderr, /health: self-test: Any Domain broken \(lists INVALID\)/);
  } finally {
    await server.stop();
  }
  const healthy = await deliver(healthConfig({ server: rbl.address, stateDir: makeTempDir(), lists: DBL }));
  assert.match(healthy.stderr, /self-test: Test DBL ok/);
});

test('a broken list is used again from the message after a self-test that passes', async () => {
  const { server, mode } = await fickleList('fickle.test', '127.0.0.2');
  try {
    const stateDir = makeTempDir();
    const config = healthConfig({ server: server.address, stateDir, lists: '[[dnsbl]]\nzone = "fickle.test"\nlabel = "Fickle"\nipv6 = false\n' });
    assert.equal((await deliver(config, LISTED)).summary.outcome('dnsbl:Fickle'), 'broken');
    mode.everything = false;
    assert.equal((await deliver(config, LISTED)).summary.outcome('dnsbl:Fickle'), 'broken', 'no self-test due yet');
    // Ten minutes pass (self_test_minutes = 10): the state says so.
    const state = stateByLabel(stateDir)['Fickle']!;
    const aged = { ...state, tested: { at: Date.now() - 11 * 60_000, verdict: 'broken' as const } };
    const file = join(stateDir, 'health.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(JSON.stringify(state), JSON.stringify(aged)));
    const retest = await deliver(config, LISTED);
    assert.match(retest.stderr, /info: health: self-test: Fickle ok/);
    assert.equal(retest.summary.outcome('dnsbl:Fickle'), 'broken', 'this message decided at its start');
    const used = await deliver(config, LISTED);
    assert.equal(used.summary.outcome('dnsbl:Fickle'), 'hit');
    assert.match(used.added, /listed in Fickle/);
    assert.equal((await deliver(config, CLEAN)).added, '');
  } finally {
    await server.stop();
  }
});

test('self_test_minutes = 0: queue mode never self-tests (lists test still can)', async () => {
  const stateDir = makeTempDir();
  const config = healthConfig({ server: rbl.address, stateDir, health: 'self_test_minutes = 0', lists: EVERYTHING.replace('reject', 'tag') });
  const r = await deliver(config);
  assert.match(r.added, /listed in Everything/, 'nothing told qqtag that the list is broken');
  assert.doesNotMatch(r.stderr, /health:/);
  assert.deepEqual(readdirSync(stateDir), [], 'nothing learnt, nothing written');
});
