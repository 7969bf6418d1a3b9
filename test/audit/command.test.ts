// `qqtag audit` through the CLI dispatcher, on synthetic logs in temp dirs: hosts, rotation, gzip, filters,
// --compare, the join, outputs and exit codes. (test/e2e/audit.test.ts runs it on logs of the real binary.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { Output } from '../../src/cli/output';
import type { Report } from '../../src/cli/audit/report';
import { Multilog } from '../helpers/multilog';
import { deliveryLines, summaryLine } from '../helpers/audit-lines';

const T0 = Date.UTC(2026, 10, 28, 10);
const HOUR = 3_600_000;

async function audit(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o: Output = { print: (t) => void (out += `${t}\n`), error: (t) => void (err += `${t}\n`), interactive: false };
  const code = await runCli(['audit', ...args], o);
  return { code, out, err };
}
const json = async (args: string[]): Promise<Report> => {
  const r = await audit(['--json', ...args]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as Report;
};

/** Two hosts, each a multilog dir with a gzip'd rotated file and current; mx2 also has noise. */
function corpus(): string {
  const root = mkdtempSync(join(tmpdir(), 'qqtag-audit-'));
  const listed = (pid: number, ip: string): string => summaryLine({ pid, ip, qp: pid + 1, action: 'tag', from: '<s@spam.example>', checks: ['dnsbl:hit:12:Test BL', 'rule:pass:0:pills'] });
  const clean = (pid: number): string => summaryLine({ pid, ip: '198.51.100.9', qp: pid + 1, action: 'pass', from: '<a@good.example>', checks: ['dnsbl:pass:9:Test BL', 'rule:pass:0:pills'] });
  const mx1 = new Multilog(join(root, 'mx1'), T0);
  mx1.write(`${listed(100, '192.0.2.1')}\n${clean(102)}`, HOUR);
  mx1.rotate(true);
  mx1.write(`${listed(104, '192.0.2.2')}\n${clean(106)}`, HOUR);
  const mx2 = new Multilog(join(root, 'mx2'), T0 + 30 * 60_000);
  mx2.write(`tcpserver: status: 1/40\n${listed(200, '192.0.2.3')}\nqqtag: 192.0.2.3 pid 200: dry-run: would add: X-Spam-Warning: x`, 2 * HOUR);
  mx2.rotate(false);
  mx2.write(`${clean(202)}\nqqtag: 192.0.2.9 pid 204: info: done v=1 result=queued exit=0 from="<cut`, HOUR);
  return root;
}

test('two hosts as one directory each (gzip\'d and plain rotated files, current): every line counted', async () => {
  const root = corpus();
  const r = await json([root]);
  assert.deepEqual(r.hosts.map((h) => [h.name, h.files, h.summary_lines]), [['mx1', 2, 4], ['mx2', 2, 2]]);
  assert.deepEqual([r.input.summary_lines, r.input.counted, r.input.malformed_lines, r.input.foreign_lines], [6, 6, 1, 1]);
  assert.deepEqual(r.input.malformed, { bad_fields: 1 });
  assert.deepEqual(r.input.dry_run_lines, { would_add: 1 });
  const p = r.periods[0]!;
  assert.deepEqual([p.messages.total, p.messages.with_hits, p.messages.would_tag], [6, 3, 3]);
  assert.equal(p.checks.find((c) => c.check === 'dnsbl:Test BL')?.hits, 3);
  assert.equal(p.first, new Date(T0).toISOString());
  assert.deepEqual(p.top_sender_domains, [{ key: 'spam.example', count: 3, error: 0 }]);
});

test('--host names the files after it (a directory or single files)', async () => {
  const root = corpus();
  const r = await json(['--host', 'a', join(root, 'mx1'), '--host', 'b', join(root, 'mx2', 'current')]);
  assert.deepEqual(r.hosts.map((h) => [h.name, h.summary_lines]), [['a', 4], ['b', 1]]);
});

test('--since/--until and --network filter; what they leave out is counted', async () => {
  const root = corpus();
  const r = await json(['--since', new Date(T0 + HOUR).toISOString(), '--until', '2026-11-28T12:00Z', root]);
  assert.equal(r.periods[0]?.messages.total, 2); // mx1's second file (11:00), mx2's 10:30 is before
  assert.equal(r.input.filtered_out, 4);
  const n = await json(['--network', '192.0.2.0/24', root]);
  assert.equal(n.periods[0]?.messages.total, 3);
});

test('--compare splits the period in two', async () => {
  const r = await json(['--compare', new Date(T0 + HOUR).toISOString(), corpus()]);
  assert.deepEqual(r.periods.map((p) => [p.name, p.messages.total]), [['before', 3], ['after', 3]]);
  const text = await audit(['--compare', new Date(T0 + HOUR).toISOString(), corpus()]);
  assert.match(text.out, /^Compare: before/m);
  assert.match(text.out, /=== Period: after ===/);
});

test('--deliveries joins qmail-send\'s log by qp for the named host', async () => {
  const root = corpus();
  const send = new Multilog(join(root, 'send-mx1'), T0 + 1000);
  send.write(deliveryLines(1, 101, [[1, 'local', 'success']]).join('\n'));
  send.write(deliveryLines(2, 105, [[2, 'remote', 'failure']]).join('\n'));
  const r = await json(['--host', 'mx1', join(root, 'mx1'), '--deliveries', join(root, 'send-mx1')]);
  const d = r.periods[0]?.deliveries;
  assert.equal(d?.looked_up, 2);
  assert.equal(d?.found, 1, 'qp 105 is logged an hour before its summary line: not its delivery');
  assert.equal(d?.delivered_local, 1);
});

test('text fits 100 columns; --html writes one page without any URL to fetch', async () => {
  const root = corpus();
  const page = join(root, 'report.html');
  const r = await audit(['--html', page, root]);
  assert.equal(r.code, 0, r.err);
  for (const line of r.out.split('\n')) assert.ok(line.length <= 100, line);
  const html = readFileSync(page, 'utf8');
  assert.match(html, /<svg /);
  assert.doesNotMatch(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, ''), /(src|href)=|https?:|url\(|<script/i);
});

test('standard input, plain lines; usage and missing files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qqtag-audit-'));
  writeFileSync(join(dir, 'plain.log'), `${summaryLine({ action: 'pass' })}\n`);
  assert.equal((await json([join(dir, 'plain.log')])).periods[0]?.messages.total, 1);
  assert.equal((await audit(['--since', 'yesterday', dir])).code, 64);
  assert.equal((await audit(['--top', '0', dir])).code, 64);
  assert.equal((await audit(['--network', '10.0.0.0/99', dir])).code, 64);
  assert.equal((await audit(['--deliveries', dir, '--host', 'x', dir, '--host', 'y', dir])).code, 64);
  const missing = await audit([join(dir, 'nope')]);
  assert.equal(missing.code, 69);
  assert.match(missing.err, /nope/);
});

test('a gzip file cut short: the lines before the cut are counted, the file is named, exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qqtag-audit-'));
  const lines = Array.from({ length: 3000 }, (_, i) => summaryLine({ pid: i, action: 'pass', checks: [`dnsbl:pass:${i % 50}:Test BL`] })).join('\n');
  const gz = gzipSync(`${lines}\n`);
  writeFileSync(join(dir, 'cut.gz'), gz.subarray(0, gz.length / 2));
  const r = await audit(['--json', join(dir, 'cut.gz')]);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.out) as Report;
  assert.equal(report.input.read_errors[0]?.file, join(dir, 'cut.gz'));
  const seen = report.input.summary_lines + report.input.malformed_lines;
  assert.ok(seen > 0 && seen < 3000, String(seen));
});
