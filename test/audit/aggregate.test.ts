// Counting: the period's numbers from known records, and the bounded structures against exact answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Period } from '../../src/cli/audit/period';
import { parseCheck, type MessageRecord } from '../../src/cli/audit/message-record';
import { LatencyHistogram } from '../../src/cli/audit/histogram';
import { TopCounter } from '../../src/cli/audit/top-counter';
import { TimeSeries, HOUR_MS } from '../../src/cli/audit/time-series';
import { clientNetwork, parseNetworks, senderDomain } from '../../src/cli/audit/networks';
import { terminalProgress } from '../../src/cli/audit/progress';

const T0 = Date.UTC(2026, 10, 28, 10, 30);
const msg = (checks: string[], extra: Partial<MessageRecord> = {}): MessageRecord => ({
  time: T0, host: 0, result: 'queued', qp: 1, action: 'pass', dryRun: true, ip: '192.0.2.1', from: '<a@x.example>',
  error: undefined, skip: undefined, checks: checks.map((c) => parseCheck(c) ?? assert.fail(c)), ...extra,
});

test('hits, share, hits no other check made, and the overlap matrix', () => {
  const p = new Period('all');
  p.add(msg(['dnsbl:hit:5:A', 'dnsbl:hit:7:B', 'rule:pass:0:R'], { action: 'tag' }));
  p.add(msg(['dnsbl:hit:5:A', 'dnsbl:pass:7:B', 'rule:pass:0:R'], { action: 'tag' }));
  p.add(msg(['dnsbl:pass:5:A', 'dnsbl:pass:7:B', 'rule:hit:0:R'], { action: 'reject', ip: '198.51.100.7', from: '<>' }));
  p.add(msg(['dnsbl:pass:5:A', 'dnsbl:pass:7:B', 'rule:pass:0:R']));
  const r = p.report(10);
  const a = r.checks.find((c) => c.check === 'dnsbl:A');
  assert.deepEqual([a?.hits, a?.share, a?.only_hits], [2, 0.5, 1]);
  assert.deepEqual(r.checks.find((c) => c.check === 'rule:R')?.only_hits, 1);
  assert.deepEqual(r.messages.with_hits, 3);
  assert.deepEqual([r.messages.would_tag, r.messages.would_reject, r.messages.tagged], [2, 1, 0]);
  const i = r.overlap.checks.indexOf('dnsbl:A');
  const j = r.overlap.checks.indexOf('dnsbl:B');
  assert.equal(r.overlap.matrix[i]?.[j], 1);
  assert.equal(r.overlap.matrix[i]?.[i], 2);
  assert.deepEqual(r.refused_top_senders, [{ key: '<>', count: 1, error: 0 }]);
  assert.deepEqual(r.refused_top_networks, [{ key: '198.51.100.0/24', count: 1, error: 0 }]);
  assert.deepEqual(r.per_day, [{ day: '2026-11-28', messages: 4, tag: 2, reject: 1, defer: 0 }]);
  assert.equal(r.hits_by_hour_of_day[10], 3);
});

test('per zone: timeouts, refusals, failures as rates of the lookups made; skips are not lookups', () => {
  const p = new Period('all');
  for (const o of ['pass', 'pass', 'timeout', 'refused', 'failed', 'skip', 'backoff', 'hit']) p.add(msg([`dnsbl:${o}:${o === 'timeout' ? 3000 : 10}:Z`]));
  const z = p.report(10).checks[0];
  assert.equal(z?.asked, 6);
  assert.deepEqual(z?.rates, { timeout: 1 / 6, refused: 1 / 6, failed: 1 / 6 });
  assert.equal(z?.latency_ms.count, 6);
  assert.equal(z?.latency_ms.p50, 10);
  assert.ok(Math.abs((z?.latency_ms.p99 ?? 0) - 3000) <= 3000 * 0.032, String(z?.latency_ms.p99));
});

test('allow-list overrides: allowed messages, and those where a block-list hit was silenced', () => {
  const p = new Period('all');
  p.add(msg(['dnswl:allow:3:WL', 'dnsbl:silenced:5:A']));
  p.add(msg(['dnswl:allow:3:WL', 'dnsbl:pass:5:A']));
  p.add(msg(['dnswl:pass:3:WL', 'dnsbl:hit:5:A']));
  const r = p.report(10);
  assert.equal(r.overrides.messages, 1);
  assert.deepEqual(r.overrides.by_allow, [{ check: 'dnswl:WL', allowed: 2, overrode: 1 }]);
  assert.equal(r.checks.find((c) => c.check === 'dnsbl:A')?.silenced, 1);
  assert.equal(r.checks.find((c) => c.check === 'dnsbl:A')?.hits, 1, 'a silenced hit is not a hit');
});

test('latency histogram: percentiles within 3.2% of the exact ones, exact below 64 ms', () => {
  const h = new LatencyHistogram();
  const values = Array.from({ length: 10000 }, (_, i) => Math.round(Math.exp((i % 997) / 100)));
  values.forEach((v) => h.record(v));
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of [0.5, 0.95, 0.99]) {
    const exact = sorted[Math.ceil(q * sorted.length) - 1] ?? 0;
    const got = h.quantile(q) ?? NaN;
    assert.ok(Math.abs(got - exact) <= Math.max(0, exact * 0.032), `q${q}: ${got} vs ${exact}`);
  }
  const small = new LatencyHistogram();
  [1, 2, 3, 40].forEach((v) => small.record(v));
  assert.deepEqual([small.quantile(0.5), small.quantile(1)], [2, 40]);
  assert.equal(new LatencyHistogram().quantile(0.5), null);
});

test('top counter: heavy keys exact amid a million distinct ones, memory capped', () => {
  const t = new TopCounter(100);
  for (let i = 0; i < 200_000; i++) {
    t.add(`noise-${i}`);
    if (i % 10 === 0) t.add('heavy-a');
    if (i % 20 === 0) t.add('heavy-b');
  }
  const top = t.top(2);
  assert.deepEqual(top.map((e) => e.key), ['heavy-a', 'heavy-b']);
  assert.ok((top[0]?.count ?? 0) - (top[0]?.error ?? 0) <= 20000 && (top[0]?.count ?? 0) >= 20000, JSON.stringify(top[0]));
  assert.ok(t.top(1e6).length <= 200);
  assert.equal(t.total, 200_000 + 20_000 + 10_000);
});

test('time series: hourly until there are too many buckets, then wider, without losing counts', () => {
  const s = new TimeSeries(10);
  for (let h = 0; h < 25; h++) s.add(T0 + h * HOUR_MS, 0, h);
  assert.equal(s.width, 4 * HOUR_MS);
  const buckets = s.buckets(1);
  assert.ok(buckets.length <= 10);
  assert.equal(buckets.reduce((sum, b) => sum + (b.values[0] ?? 0), 0), (24 * 25) / 2);
});

test('networks and sender domains', () => {
  assert.equal(clientNetwork('192.0.2.77'), '192.0.2.0/24');
  assert.equal(clientNetwork('2001:db8:1:2::5'), '2001:db8:1::/48');
  assert.equal(clientNetwork('2001:DB8::1'), '2001:db8:0::/48');
  assert.equal(clientNetwork('::ffff:192.0.2.1'), '0:0:0::/48');
  assert.equal(clientNetwork('nonsense'), undefined);
  assert.equal(senderDomain('<Bob@Mail.Example.ORG>'), 'mail.example.org');
  assert.equal(senderDomain('<>'), '<>');
  const f = parseNetworks(['192.0.2.0/25', '2001:db8::/32']);
  assert.ok(f.ok);
  assert.deepEqual(['192.0.2.5', '192.0.2.200', '2001:db8::9', '2001:db9::1', undefined].map((ip) => f.filter.matches(ip)), [true, false, true, false, false]);
  assert.deepEqual(parseNetworks(['192.0.2.0/33']), { ok: false, bad: '192.0.2.0/33' });
});

test('progress: at most four updates a second, rewritten in place, cleared at the end', () => {
  let now = 0;
  const written: string[] = [];
  const p = terminalProgress((t) => written.push(t), () => now);
  p.file('/var/log/qmail/smtpd/current');
  for (let i = 1; i <= 10; i++) {
    now = i * 100;
    p.update(i * 1000, i * 1048576);
  }
  p.done();
  assert.equal(written.length, 4, written.join('|')); // at 300, 600 and 900 ms (250 ms apart at least), then the clear
  assert.match(written[0] ?? '', /^\rqqtag audit: 3000 lines, 3 MiB, 0\.3 s: \/var\/log\/qmail\/smtpd\/current/);
  assert.equal(written.at(-1), '\r\x1b[K');
});
