// `qqtag audit` end to end: the built qqtag runs in dry-run on listed and clean clients (a real rbldnsd on
// 127.0.0.1, the recording fake queue); its stderr goes through a multilog-style writer (TAI64N labels) into
// two hosts' log directories, one with a gzip'd rotated file; a qmail-send log is made for the qp values it
// logged; foreign and cut lines are mixed in. The built `qqtag audit` must then report what was sent.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { QQTAG, makeTempDir, runQqtag } from '../helpers/run-qqtag';
import { listServerForFile } from '../helpers/list-server';
import { summaryOf } from '../helpers/summary';
import { Multilog } from '../helpers/multilog';
import { deliveryLines } from '../helpers/audit-lines';
import type { Report } from '../../src/cli/audit/report';

const T0 = Date.UTC(2026, 10, 28, 10);
const STEP = 10 * 60_000;

interface Sent {
  readonly name: string;
  readonly ip: string;
  readonly sender: string;
  readonly subject: string;
}
// A–D through mx1 (A, B then a gzip'd rotation), E–H through mx2.
const MX1: Sent[] = [
  { name: 'A', ip: '192.0.2.1', sender: 'a@example.org', subject: 'hello' }, // Test BL
  { name: 'B', ip: '192.0.2.3', sender: 'b@example.org', subject: 'hello' }, // Test BL, no TXT
  { name: 'C', ip: '192.0.2.50', sender: 'c@spam.example', subject: 'hello' }, // allow-listed: BL and DBL silenced
  { name: 'D', ip: '192.0.2.99', sender: 'bulk@spam.example', subject: 'hello' }, // Test DBL
];
const MX2: Sent[] = [
  { name: 'E', ip: '192.0.2.99', sender: 'e@example.org', subject: 'cheap pills' }, // rule pills: would reject
  { name: 'F', ip: '192.0.2.1', sender: 'f@spam.example', subject: 'hello' }, // Test BL and Test DBL
  { name: 'G', ip: '198.51.100.7', sender: 'g@example.org', subject: 'hello' }, // clean
  { name: 'H', ip: '198.51.100.8', sender: '', subject: 'bounce' }, // clean, null sender
];

const lists = listServerForFile();
let rbl: { readonly address: string };
let report: Report;
let text: string;
const qp = new Map<string, number>();

const config = (dns: string): string =>
  `dry_run = true\n[dns]\nservers = ["${dns}"]\ndeadline_ms = 2000\n` +
  `[[dnswl]]\nzone = "wl.test"\nlabel = "Test WL"\n[[dnsbl]]\nzone = "bl.test"\nlabel = "Test BL"\n[[rhsbl]]\nzone = "dbl.test"\nlabel = "Test DBL"\n` +
  `[[rule]]\nname = "pills"\nheader = "Subject"\npattern = "(?i)cheap\\\\s+pills"\nwarning = "subject offers pills"\naction = "reject"\n`;

async function send(log: Multilog, m: Sent, foreign: boolean): Promise<void> {
  const message = Buffer.from(`From: x@example.org\nSubject: ${m.subject}\n\nbody\n`);
  const envelope = Buffer.from(`F${m.sender}\0Trcpt@example.org\0\0`, 'latin1');
  const r = await runQqtag({ message, envelope, config: config(rbl.address), env: { TCPREMOTEIP: m.ip } });
  assert.equal(r.code, 0, r.stderr);
  qp.set(m.name, Number(summaryOf(r.stderr).get('qp')));
  if (foreign) log.write(`tcpserver: pid 9${m.name.charCodeAt(0)} from ${m.ip}\ntcpserver: ok 9${m.name.charCodeAt(0)} mx:127.0.0.1:25 :${m.ip}::4242`);
  log.write(r.stderr, STEP);
}

before(async (t) => {
  rbl = { address: await lists.address(t as unknown as TestContext) };
  const dir = makeTempDir();
  const mx1 = new Multilog(join(dir, 'logs', 'mx1'), T0);
  const mx2 = new Multilog(join(dir, 'logs', 'mx2'), T0 + STEP / 2);
  for (const [i, m] of MX1.entries()) {
    await send(mx1, m, false);
    if (i === 1) mx1.rotate(true);
  }
  for (const m of MX2) await send(mx2, m, true);
  const cut = `qqtag: 192.0.2.1 pid 4242: info: done v=1 result=queued exit=0 qp=1 qq=0 action=tag dry_run=1 check="dnsbl:hit:3:Test`;
  mx2.write(`${cut}\nqqtag: 192.0.2.1 pi\n`);
  // qmail-send on mx1, an hour later: A delivered locally, B bounced, D local + a remote deferral (not ended).
  const send1 = new Multilog(join(dir, 'send-mx1'), T0 + 3_600_000);
  send1.write(deliveryLines(101, qp.get('A') ?? 0, [[1, 'local', 'success']]).join('\n'));
  send1.write(deliveryLines(102, qp.get('B') ?? 0, [[2, 'remote', 'failure']]).join('\n'));
  send1.write(deliveryLines(103, qp.get('D') ?? 0, [[3, 'local', 'success'], [4, 'remote', 'deferral']], false).join('\n'));
  send1.write(deliveryLines(104, 1, [[5, 'local', 'success']]).join('\n')); // someone else's message
  const args = ['audit', join(dir, 'logs'), '--host', 'mx1', '--deliveries', join(dir, 'send-mx1')];
  report = JSON.parse(execFileSync(QQTAG, [...args, '--json'], { encoding: 'utf8' })) as Report;
  text = execFileSync(QQTAG, args, { encoding: 'utf8' });
});
after(async () => lists.stop());

const period = (): Report['periods'][number] => report.periods[0] ?? assert.fail('no period');
const check = (name: string) => period().checks.find((c) => c.check === name) ?? assert.fail(`no ${name}`);

test('both hosts, every file (the gzip\'d rotated one too), every message sent', () => {
  assert.deepEqual(report.hosts.map((h) => [h.name, h.files, h.summary_lines]), [['mx1', 2, 4], ['mx2', 1, 4]]);
  assert.equal(period().messages.total, MX1.length + MX2.length);
  assert.equal(period().first, new Date(T0).toISOString()); // the TAI64N label of the first line
  assert.equal(period().last, new Date(T0 + STEP / 2 + (MX2.length - 1) * STEP).toISOString());
});

test('foreign lines skipped and counted, cut lines counted as malformed', () => {
  assert.equal(report.input.foreign_lines, 2 * MX2.length);
  assert.equal(report.input.malformed_lines, 2);
  assert.deepEqual(report.input.malformed, { bad_fields: 1, bad_prefix: 1 });
});

test('tagged, would reject and the dry-run lines match what was sent', () => {
  const m = period().messages;
  assert.deepEqual([m.with_hits, m.would_tag, m.would_reject, m.tagged, m.dry_run], [5, 4, 1, 0, 8]); // A B D F tag, E reject
  assert.deepEqual(report.input.dry_run_lines, { would_add: 5, would_reject: 1 });
  assert.deepEqual(period().refused_top_networks, [{ key: '192.0.2.0/24', count: 1, error: 0 }]);
});

test('per list: hits, hits no other check made, overlap, allow-list overrides', () => {
  assert.deepEqual([check('dnsbl:Test BL').hits, check('dnsbl:Test BL').only_hits, check('dnsbl:Test BL').silenced], [3, 2, 1]); // A B F; C silenced
  assert.deepEqual([check('rhsbl:Test DBL').hits, check('rhsbl:Test DBL').only_hits, check('rhsbl:Test DBL').silenced], [2, 1, 1]); // D F; C
  assert.equal(check('rule:pills').hits, 1);
  const o = period().overlap;
  assert.equal(o.matrix[o.checks.indexOf('dnsbl:Test BL')]?.[o.checks.indexOf('rhsbl:Test DBL')], 1); // F
  assert.deepEqual(period().overrides, { messages: 1, by_allow: [{ check: 'dnswl:Test WL', allowed: 1, overrode: 1 }] });
  assert.equal(check('dnsbl:Test BL').asked, 8);
  assert.equal(check('dnsbl:Test BL').rates.timeout, 0);
  assert.ok((check('dnsbl:Test BL').latency_ms.p99 ?? Infinity) < 2000);
});

test('the qmail-send log joined by qp: where mail with hits went', () => {
  assert.deepEqual(period().deliveries, {
    looked_up: 3, found: 3, not_found: 0, delivered_local: 2, delivered_remote: 0, bounced: 1, deferred: 1, unfinished: 1, over_capacity: 0,
  });
  assert.equal(report.input.delivery_lines, 4 * 3 + 5); // info, start, done, end; D has no end
});

test('the text report fits 100 columns and names the hosts', () => {
  for (const line of text.split('\n')) assert.ok(line.length <= 100, line);
  assert.match(text, /^qqtag audit: 2026-11-28 10:00 to .* 2 host\(s\): mx1, mx2$/m);
});
