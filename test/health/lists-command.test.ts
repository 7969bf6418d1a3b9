// qqtag lists test|status, the built CLI against a real rbldnsd (and the tests' own servers for a list that never
// answers and a paid feed's zone): the table, JSON, exit codes, and no paid key anywhere.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer } from 'dns-packet';
import { makeTempDir, QQTAG } from '../helpers/run-qqtag';
import { ZONES } from '../helpers/rbldnsd';
import { listServerForFile } from '../helpers/list-server';
import { startDnsServer } from '../helpers/dns-servers';
import { deliver, healthConfig, writeState } from './helpers';
import { configFile, qqtag, type CliResult } from '../helpers/cli';

const lists = listServerForFile([...ZONES, 'everything.test:ip4set:everything.zone', 'refusing.test:ip4set:refusing.zone']);
let rbl: { readonly address: string };
before(async (t) => (rbl = { address: await lists.address(t as unknown as TestContext) }));
after(async () => lists.stop());

const cli = (...args: string[]): Promise<CliResult> => qqtag(args);

const HEALTHY = '[[dnsbl]]\nzone = "bl.test"\nlabel = "Test BL"\nipv6 = false\n[[rhsbl]]\nzone = "dbl.test"\nlabel = "Test DBL"\n';
const SICK = '[[dnsbl]]\nzone = "everything.test"\nlabel = "Everything"\nipv6 = false\n[[dnsbl]]\nzone = "refusing.test"\nlabel = "Refusing"\nipv6 = false\n';
const row = (stdout: string, label: string): string[] => stdout.split('\n').filter((l) => l.startsWith(`${label} `)).map((l) => l.split(/ {2,}/).join('|'));

test('lists test: every list and family with its test points, ms and verdict; exit 1 for broken and refused', async () => {
  const file = configFile(healthConfig({ server: rbl.address, stateDir: makeTempDir(), lists: HEALTHY + SICK }));
  const r = await cli('lists', 'test', '--config', file);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^LABEL +ZONE +FAMILY +MUST BE LISTED +MUST NOT BE LISTED +MS +VERDICT\n/);
  assert.match(row(r.stdout, 'Test BL')[0] ?? '', /^Test BL\|bl\.test\|ipv4\|127\.0\.0\.2: 127\.0\.0\.2\|127\.0\.0\.1: -\|\d+\|ok$/);
  assert.match(row(r.stdout, 'Test DBL')[0] ?? '', /^Test DBL\|dbl\.test\|domain\|TEST: 127\.0\.1\.2\|INVALID: -\|\d+\|ok$/);
  assert.match(row(r.stdout, 'Everything')[0] ?? '', /\|127\.0\.0\.1: 127\.0\.0\.2\|\d+\|broken$/);
  assert.match(row(r.stdout, 'Refusing')[0] ?? '', /\|127\.0\.0\.2: 127\.255\.255\.254\|127\.0\.0\.1: 127\.255\.255\.254\|\d+\|refused$/);
  assert.equal(r.stderr, 'qqtag: Everything: broken (lists 127.0.0.1)\nqqtag: Refusing: refused (answers 127.255.255.254)\n');
});

test('lists test: all healthy is exit 0; --json has every answer', async () => {
  const file = configFile(healthConfig({ server: rbl.address, stateDir: makeTempDir(), lists: HEALTHY }));
  assert.equal((await cli('lists', 'test', '--config', file)).code, 0);
  const r = await cli('lists', 'test', '--json', '--config', file);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { label: string; verdict: string; families: { family: string; points: { point: string; must: string; answers: string[] }[] }[] }[];
  assert.deepEqual(json.map((z) => [z.label, z.verdict]), [['Test BL', 'ok'], ['Test DBL', 'ok']]);
  assert.deepEqual(json[1]?.families[0]?.points, [{ point: 'TEST', must: 'listed', answers: ['127.0.1.2'] }, { point: 'INVALID', must: 'not_listed', answers: [] }]);
});

test('lists test: a list that never answers is no_answer within the deadline, exit 1', async () => {
  const silent = await startDnsServer(() => 'drop');
  try {
    const file = configFile(healthConfig({ server: silent.address, stateDir: makeTempDir(), deadlineMs: 300, lists: '[[dnsbl]]\nzone = "dead.test"\nlabel = "Dead"\nipv6 = false\n' }));
    const r = await cli('lists', 'test', '--config', file);
    assert.equal(r.code, 1);
    assert.match(row(r.stdout, 'Dead')[0] ?? '', /\|127\.0\.0\.2: timeout\|127\.0\.0\.1: timeout\|\d+\|no_answer$/);
    assert.equal(r.stderr, 'qqtag: Dead: no_answer (timeout)\n');
  } finally {
    await silent.stop();
  }
});

test('a paid feed key never shows: not in lists test, lists status, the state file or the log', async () => {
  const KEY = 'S3cr3tK3y0123456789ab';
  const server = await startDnsServer((name, type): Answer[] | 'NXDOMAIN' =>
    type === 'A' && name.startsWith('2.0.0.127.') ? [{ name, type: 'A', ttl: 60, data: '127.0.0.2' }] : 'NXDOMAIN');
  try {
    const stateDir = makeTempDir();
    const config = healthConfig({ server: server.address, stateDir, lists: `[[dnsbl]]\nzone = "${KEY}.zen.dq.spamhaus.net"\n` });
    const file = configFile(config);
    const test = await cli('lists', 'test', '--config', file);
    assert.equal(test.code, 0, test.stderr);
    assert.match(test.stdout, /\nzen\.dq\.spamhaus\.net +zen\.dq\.spamhaus\.net +ipv4 /);
    const message = await deliver(config);
    const status = await cli('lists', 'status', '--json', '--config', file);
    const state = readFileSync(join(stateDir, 'health.json'), 'utf8');
    for (const text of [test.stdout, test.stderr, message.stderr, status.stdout, state]) assert.doesNotMatch(text, new RegExp(KEY, 'i'));
  } finally {
    await server.stop();
  }
});

test('lists status: healthy, backing off until, broken since, the last self-test, and entries of other configs', async () => {
  const stateDir = makeTempDir();
  const lists = '[[dnsbl]]\nzone = "a.test"\nlabel = "A"\n[[dnsbl]]\nzone = "b.test"\nlabel = "B"\n[[dnsbl]]\nzone = "c.test"\nlabel = "C"\n[[dnsbl]]\nzone = "d.test"\nlabel = "D"\n';
  const file = configFile(healthConfig({ server: '127.0.0.1:5300', stateDir, lists }));
  const at = Date.parse('2026-11-30T10:00:00Z');
  const now = Date.now();
  writeState(stateDir, '127.0.0.1:5300', {
    'a.test': { label: 'A', fails: 0, level: 0, until: 0, seen: now, tested: { at, verdict: 'ok' } },
    'b.test': { label: 'B', fails: 4, level: 1, until: now + 3_600_000, seen: now, problem: 'timeout' },
    'c.test': { label: 'C', fails: 0, level: 0, until: 0, seen: now, broken: at, tested: { at, verdict: 'broken' } },
    'gone.test': { label: 'Gone', fails: 1, level: 0, until: 0, seen: now, problem: 'failed' },
  });
  const r = await cli('lists', 'status', '--config', file);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.split('\n')[0], `${stateDir}/health.json`);
  assert.match(row(r.stdout, 'A')[0] ?? '', /^A\|a\.test\|healthy\|ok at 2026-11-30T10:00:00Z( \(due\))?$/);
  assert.match(row(r.stdout, 'B')[0] ?? '', /^B\|b\.test\|backing off until \S+Z \(4 failures in a row: timeout\)\|never \(due\)$/);
  assert.match(row(r.stdout, 'C')[0] ?? '', /^C\|c\.test\|broken since 2026-11-30T10:00:00Z\|broken at 2026-11-30T10:00:00Z/);
  assert.match(row(r.stdout, 'D')[0] ?? '', /^D\|d\.test\|healthy\|never \(due\)$/);
  assert.match(row(r.stdout, 'Gone')[0] ?? '', /^Gone\|\(not in this config\)\|healthy \(1 failures in a row: failed\)/);
  const json = JSON.parse((await cli('lists', 'status', '--json', '--config', file)).stdout) as { zones: Record<string, unknown>[] };
  assert.deepEqual(json.zones.map((z) => [z['label'], z['status'], z['configured']]), [['A', 'ok', true], ['B', 'backoff', true], ['C', 'broken', true], ['D', 'ok', true], ['Gone', 'ok', false]]);
  assert.equal(json.zones[2]?.['broken_since'], '2026-11-30T10:00:00Z');
});

test('lists: a missing state_dir is 69, an invalid config 78, a wrong verb 64, no lists at all exit 0', async () => {
  const missing = configFile(healthConfig({ server: rbl.address, stateDir: join(makeTempDir(), 'nope'), lists: HEALTHY }));
  const status = await cli('lists', 'status', '--config', missing);
  assert.equal(status.code, 69);
  assert.match(status.stderr, /state_dir \S+nope does not exist: zone health is off \(create it, owned by the user qmail-smtpd runs as: qmaild\)/);
  const invalid = await cli('lists', 'test', '--config', configFile('[health]\nfailures = 0\n'));
  assert.equal(invalid.code, 78);
  assert.match(invalid.stderr, /health\.failures/);
  assert.equal((await cli('lists', 'fix')).code, 64);
  assert.equal((await cli('lists')).code, 64);
  assert.deepEqual(await cli('lists', 'test', '--config', configFile('')), { code: 0, stdout: 'no DNS lists configured\n', stderr: '' });
});
