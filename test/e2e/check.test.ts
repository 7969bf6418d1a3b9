// qqtag check (issue 10 §1): queue mode's checks on a saved message, against a real rbldnsd, with a trace of
// every query and how its answer was read; what it predicts (lines, action, exit code, fd 6 reply) is held to
// what queue mode then does with the same config, message and client.
import { after, before, test, type TestContext } from 'node:test';
import { readFile } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckReport } from '../../src/cli/check/report';
import { qqtag, type CliResult } from '../helpers/cli';
import { startDnsServer } from '../helpers/dns-servers';
import { ZONES } from '../helpers/rbldnsd';
import { listServerForFile } from '../helpers/list-server';
import { baseEnv, FAKE_QQ, fixture, makeTempDir, QQTAG, ROOT, runQqtag } from '../helpers/run-qqtag';

const KEY = 'a1b2c3d4e5f6g7h8i9j0'; // looks like a paid feed's account key (isKeyedZone)
const lists = listServerForFile([...ZONES, `${KEY}.keyed.test:ip4set:bl.zone`]);
let rbl: { readonly address: string };
before(async (t) => {
  rbl = { address: await lists.address(t as unknown as TestContext) };
});
after(() => lists.stop());

const BL = (action = 'tag'): string => `[[dnsbl]]\nzone = "bl.test"\nlabel = "Test BL"\naction = "${action}"\n`;
const PILLS = '[[rule]]\nname = "pills"\nheader = "Subject"\npattern = "(?i)pills"\nwarning = "subject offers pills"\n';
const RECEIVED = 'Received: from unknown (HELO mail.example.net) (192.0.2.1)\n  by mx.example.org with SMTP; 26 Nov 2026 05:16:25 -0000\n';

function configFile(body: string, server = rbl.address, deadline = 2000): string {
  const file = join(makeTempDir(), 'qqtag.toml');
  writeFileSync(file, `qmail_queue = "${FAKE_QQ}"\n[dns]\nservers = ["${server}"]\ndeadline_ms = ${deadline}\n${body}`);
  return file;
}
function messageFile(bytes: Buffer | string): string {
  const file = join(makeTempDir(), 'message.eml');
  writeFileSync(file, bytes);
  return file;
}
async function check(args: string[], env: Record<string, string> = {}): Promise<CliResult & { report: CheckReport }> {
  const r = await qqtag(['check', '--json', ...args], { env });
  assert.ok(r.stdout.startsWith('{'), `no JSON: ${r.stderr}`);
  return { ...r, report: JSON.parse(r.stdout) as CheckReport };
}
const only = <T>(items: readonly T[]): T => {
  assert.equal(items.length, 1, JSON.stringify(items));
  return items[0] as T;
};

test('a listed client: its A and TXT queries, the answer read as listed, the line, tag, exit 1; queue mode adds that line', async () => {
  const config = configFile(BL());
  const message = fixture('messages/plain.eml');
  const { code, report } = await check(['--config', config, '--ip', '192.0.2.1', messageFile(message)]);
  assert.equal(code, 1);
  const c = only(report.checks);
  assert.deepEqual([c.kind, c.label, c.outcome], ['dnsbl', 'Test BL', 'hit']);
  const [a, txt] = c.queries;
  assert.deepEqual(a && { type: a.type, name: a.name, answers: a.answers, error: a.error, classified: a.classified }, { type: 'A', name: '1.2.0.192.bl.test', answers: ['127.0.0.2'], error: null, classified: 'listed' });
  assert.deepEqual(txt && [txt.type, txt.answers, txt.classified], ['TXT', ['listed by qqtag test for 192.0.2.1, see https://bl.test/q?192.0.2.1'], null]);
  assert.ok(c.queries.every((q) => Number.isInteger(q.ms) && q.ms >= 0 && q.ms <= c.ms + 1));
  assert.deepEqual(report.result, { action: 'tag', lines_added: true, exit: null, reply: null, queue: FAKE_QQ, refusal: null });
  assert.equal(report.config.source, 'file');
  assert.equal(report.deadline_ms, 2000);
  const q = await runQqtag({ message, envelope: fixture('envelopes/simple.env'), env: { QQTAG_CONFIG: config, TCPREMOTEIP: '192.0.2.1' } });
  assert.equal(q.code, 0, q.stderr);
  assert.equal(q.queued?.message.toString('latin1'), `${report.lines.join('\n')}\n${message.toString('latin1')}`);
});

const CLASSIFIED: [string, string, string, string | null][] = [
  ['192.0.2.255', 'refused', 'refused', null], // 127.255.255.254: Spamhaus's "public resolver" refusal
  ['192.0.2.254', 'refused', 'refused', null], // 127.0.0.1 is never a listing
  ['192.0.2.99', 'not_listed', 'pass', null],
  ['192.0.2.3', 'listed', 'hit', null], // listed without a TXT record
];
for (const [ip, classified, outcome, error] of CLASSIFIED) {
  test(`${ip}: the A answer is read as ${classified} (${outcome})`, async () => {
    const { report } = await check(['--config', configFile(BL()), '--ip', ip, messageFile(fixture('messages/plain.eml'))]);
    const c = only(report.checks);
    assert.equal(c.outcome, outcome);
    const a = c.queries.find((q) => q.type === 'A');
    assert.deepEqual(a && [a.classified, a.error], [classified, error]);
    if (classified === 'not_listed') assert.deepEqual(a?.answers, []);
    if (classified === 'refused') assert.match(only(c.findings).text, /is not a listing \(the list refuses this resolver\?\)/);
  });
}

test('a server that never answers: each query ends at the deadline as TIMEOUT, read as timeout; SERVFAIL is failed', async () => {
  const silent = await startDnsServer(() => 'drop');
  const failing = await startDnsServer(() => 'SERVFAIL');
  try {
    const msg = messageFile(fixture('messages/plain.eml'));
    const t = (await check(['--config', configFile(BL(), silent.address, 300), '--ip', '192.0.2.1', msg])).report;
    const c = only(t.checks);
    assert.equal(c.outcome, 'timeout');
    assert.deepEqual(c.queries.map((q) => [q.type, q.error, q.classified]), [['A', 'TIMEOUT', 'timeout'], ['TXT', 'TIMEOUT', null]]);
    assert.deepEqual(t.result.action, 'pass');
    const f = (await check(['--config', configFile(BL(), failing.address), '--ip', '192.0.2.1', msg])).report;
    assert.deepEqual(only(f.checks).queries.map((q) => [q.type, q.error, q.classified]), [['A', 'ESERVFAIL', 'failed'], ['TXT', 'ESERVFAIL', null]]);
  } finally {
    await silent.stop();
    await failing.stop();
  }
});

test('the text report: each check, its queries and findings, the lines, the action and the exit', async () => {
  const r = await qqtag(['check', '--config', configFile(BL()), '--ip', '192.0.2.1', messageFile(fixture('messages/plain.eml'))]);
  assert.equal(r.code, 1);
  for (const line of [
    /^config: \S+ \(file\)$/m,
    /^client: 192\.0\.2\.1; HELO mail\.example\.net \(from qmail-smtpd's Received line\); reverse DNS mail\.example\.net \(from qmail-smtpd's Received line\)$/m,
    /^checks \(deadline 2000 ms\):$/m,
    /^ {2}dnsbl Test BL: hit, \d+ ms$/m,
    /^ {4}A 1\.2\.0\.192\.bl\.test: 127\.0\.0\.2 -> listed, \d+ ms$/m,
    /^ {4}TXT 1\.2\.0\.192\.bl\.test: "listed by qqtag test for 192\.0\.2\.1, see https:\/\/bl\.test\/q\?192\.0\.2\.1", \d+ ms$/m,
    /^lines it would add:\n {2}X-Spam-Warning: 192\.0\.2\.1 is listed in Test BL \(127\.0\.0\.2\): listed by qqtag\n {3}test for/m,
    /^action: tag$/m,
    new RegExp(`^exit: the queue program's, ${FAKE_QQ} \\(0 when it queues the message\\)$`, 'm'),
  ]) {
    assert.match(r.stdout, line);
  }
});

/** Queue mode with notqmail's fd 6 (a FIFO as fd 6, read to EOF as qmail-smtpd does): its exit code and reply. */
async function notqmail(config: string, message: Buffer, ip: string): Promise<{ code: number | null; reply: string }> {
  const dir = makeTempDir();
  const env = { ...baseEnv(dir, { message, envelope: fixture('envelopes/simple.env') }), QQTAG_CONFIG: config, TCPREMOTEIP: ip };
  writeFileSync(join(dir, 'in.eml'), message);
  writeFileSync(join(dir, 'in.env'), fixture('envelopes/simple.env'));
  execFileSync('mkfifo', [join(dir, 'reply')]);
  const fds = [openSync(join(dir, 'in.eml'), 'r'), openSync(join(dir, 'in.env'), 'r')];
  const child = spawn('/bin/sh', ['-c', 'exec 6>"$1"; exec "$2"', 'sh', join(dir, 'reply'), QQTAG], { env, stdio: [fds[0], fds[1], 'ignore'] });
  for (const fd of fds) closeSync(fd);
  // Read without blocking the event loop: the test's own DNS server (where rbldnsd is not installed) runs in it.
  const reply = (await readFile(join(dir, 'reply'))).toString('latin1'); // until qqtag opens fd 6 and closes it
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, reply };
}

for (const [action, exit, smtp, kind] of [['reject', 31, '554', 'D'], ['defer', 71, '451', 'Z']] as const) {
  test(`action = "${action}": exit ${exit}, or 82 with the reply with notqmail's fd 6 — what queue mode then does`, async () => {
    const config = configFile(BL(action));
    const message = fixture('messages/plain.eml');
    const { code, report } = await check(['--config', config, '--ip', '192.0.2.1', messageFile(message)]);
    assert.equal(code, 1);
    const text = `${action === 'reject' ? 'rejected' : 'deferred'}: 192.0.2.1 is listed in Test BL (127.0.0.2): listed by qqtag test for 192.0.2.1, see https://bl.test/q?192.0.2.1`;
    assert.deepEqual(report.result, {
      action,
      lines_added: false,
      exit,
      reply: exit === 31 ? '554 mail server permanently rejected message (#5.3.0)' : '451 mail server temporarily rejected message (#4.3.0)',
      queue: null,
      refusal: { exit, reply: report.result.reply, fd6_exit: 82, fd6_reply: `${smtp} ${text}` },
    });
    const plain = await runQqtag({ message, envelope: fixture('envelopes/simple.env'), env: { QQTAG_CONFIG: config, TCPREMOTEIP: '192.0.2.1' } });
    assert.deepEqual([plain.code, plain.queued], [exit, null]);
    const fd6 = await notqmail(config, message, '192.0.2.1');
    assert.deepEqual(fd6, { code: 82, reply: `${kind}${text}` });
  });
}

test('dry-run (QQTAG_DRYRUN from the environment, as tcprules sets it): the decision and the refusal it would make, nothing added', async () => {
  const { code, report } = await check(['--config', configFile(BL('reject')), '--ip', '192.0.2.1', messageFile(fixture('messages/plain.eml'))], { QQTAG_DRYRUN: '1' });
  assert.equal(code, 1);
  assert.equal(report.dry_run, true);
  assert.deepEqual([report.result.action, report.result.lines_added, report.result.exit, report.result.queue, report.result.refusal?.exit], ['reject', false, null, FAKE_QQ, 31]);
  assert.equal(report.lines.length, 1);
});

test('a CRLF message (a saved .eml) is converted to LF as qmail-smtpd does; an LF message is used as it is', async () => {
  const config = configFile(PILLS);
  const lf = `${RECEIVED}From: a@example.net\nSubject: Cheap PILLS\n\nbody\nbare\rcr\n`;
  const crlf = lf.replace(/\n/g, '\r\n');
  const asLf = (await check(['--config', config, messageFile(lf)])).report;
  const asCrlf = (await check(['--config', config, messageFile(crlf)])).report;
  assert.deepEqual([asLf.message.crlf_converted, asLf.message.size], [0, Buffer.byteLength(lf)]); // a bare CR stays
  assert.equal(asCrlf.message.crlf_converted, 7);
  assert.equal(asCrlf.message.size, asLf.message.size);
  for (const r of [asLf, asCrlf]) assert.deepEqual(r.lines, ['X-Spam-Warning: subject offers pills']);
});

test('without --ip the client is not guessed from Received: what was not checked and why; no query is sent', async () => {
  const { code, report } = await check(['--config', configFile(BL()), messageFile(fixture('messages/plain.eml'))]);
  assert.equal(code, 0);
  assert.equal(report.client.ip, null);
  assert.match(report.not_checked.find((n) => n.label === 'client address')?.why ?? '', /no --ip given: it is not guessed from Received: lines/);
  const c = only(report.checks);
  assert.deepEqual([c.outcome, c.queries], ['skip', []]);
});

test("HELO: from qmail-smtpd's Received line only when it names --ip; --helo wins; a forged Received further down is not read", async () => {
  const config = configFile('[checks]\nbad_helo = "tag"\n');
  const msg = messageFile(fixture('messages/forged-received.eml'));
  const named = (await check(['--config', config, '--ip', '192.0.2.1', msg])).report;
  assert.deepEqual([named.client.helo, named.client.helo_from], ['mail.example.net', 'received']);
  const other = (await check(['--config', config, '--ip', '127.0.0.1', msg])).report;
  assert.deepEqual([other.client.helo, other.client.helo_from], [null, null]);
  assert.ok(other.not_checked.some((n) => n.label === 'HELO'));
  const given = (await check(['--config', config, '--ip', '127.0.0.1', '--helo', 'localhost', msg])).report;
  assert.deepEqual([given.client.helo, given.client.helo_from, given.result.action], ['localhost', 'option', 'tag']);
});

test("no_rdns: not run without the client's reverse DNS; from the Received line or TCPREMOTEHOST it runs", async () => {
  const config = configFile('[checks]\nno_rdns = "tag"\n');
  const bare = (await check(['--config', config, '--ip', '192.0.2.1', messageFile('Subject: x\n\nbody\n')])).report;
  assert.deepEqual(bare.checks, []);
  assert.match(bare.not_checked.find((n) => n.label === 'no_rdns')?.why ?? '', /reverse DNS is unknown/);
  const unknown = (await check(['--config', config, '--ip', '192.0.2.1', messageFile(`${RECEIVED}Subject: x\n\nbody\n`)])).report;
  assert.deepEqual([unknown.client.host, unknown.client.host_from, only(unknown.checks).outcome], ['', 'received', 'hit']);
  const named = (await check(['--config', config, '--ip', '192.0.2.1', messageFile('Subject: x\n\nbody\n')], { TCPREMOTEHOST: 'mail.example.net' })).report;
  assert.deepEqual([named.client.host_from, only(named.checks).outcome], ['environment', 'pass']);
});

test('relay_probe and sender_domain_exists run only with --rcpt and --from; then with their own queries', async () => {
  const config = configFile('[checks]\nrelay_probe = "tag"\nsender_domain_exists = "tag"\n');
  const msg = messageFile(fixture('messages/plain.eml'));
  const none = (await check(['--config', config, msg])).report;
  assert.deepEqual(none.not_checked.filter((n) => n.kind === 'envelope').map((n) => n.label), ['relay_probe', 'sender_domain_exists']);
  const given = (await check(['--config', config, '--from', '<a@textonly.mail.test>', '--rcpt', 'b@example.org', '--rcpt', 'c%d@example.org', msg])).report;
  assert.deepEqual(given.envelope, { from: 'a@textonly.mail.test', rcpts: ['b@example.org', 'c%d@example.org'] });
  assert.deepEqual(given.checks.map((c) => [c.label, c.outcome]), [['relay_probe', 'hit'], ['sender_domain_exists', 'hit']]);
  assert.deepEqual(given.checks[1]?.queries.map((q) => [q.type, q.name, q.answers]).sort(), [['A', 'textonly.mail.test', []], ['AAAA', 'textonly.mail.test', []], ['MX', 'textonly.mail.test', []]]);
  const mx = (await check(['--config', config, '--from', 'a@withmx.mail.test', '--rcpt', 'b@example.org', msg])).report;
  assert.deepEqual(mx.checks[1]?.queries.find((q) => q.type === 'MX')?.answers, ['mx.withmx.mail.test']);
});

test("a paid feed's key never leaves the config: the query names show <key>", async () => {
  const config = configFile(`[[dnsbl]]\nzone = "${KEY}.keyed.test"\nlabel = "Keyed"\n`);
  const args = ['--config', config, '--ip', '192.0.2.1', messageFile(fixture('messages/plain.eml'))];
  const r = await check(args);
  assert.equal(only(r.report.checks).queries[0]?.name, '1.2.0.192.<key>.keyed.test');
  assert.equal(only(r.report.checks).outcome, 'hit');
  const text = await qqtag(['check', ...args]);
  assert.ok(!(r.stdout + r.stderr + text.stdout + text.stderr).includes(KEY));
});

test('the message from stdin, with - or with nothing', async () => {
  const config = configFile(PILLS);
  for (const args of [['-'], []]) {
    const r = await qqtag(['check', '--json', '--config', config, ...args], { stdin: Buffer.from('Subject: pills\n\nx\n') });
    assert.equal(r.code, 1, r.stderr);
    assert.equal((JSON.parse(r.stdout) as CheckReport).message.file, '-');
  }
});

test('exit codes: 0 clean, 69 an unreadable MESSAGE, 78 an invalid or unusable config (and what queue mode would do)', async () => {
  const msg = messageFile('Subject: hello\n\nx\n');
  assert.equal((await qqtag(['check', '--config', configFile(PILLS), msg])).code, 0);
  const missing = await qqtag(['check', '--config', configFile(PILLS), join(makeTempDir(), 'nope.eml')]);
  assert.equal(missing.code, 69);
  assert.match(missing.stderr, /nope\.eml: no such file or directory \(ENOENT\)/);
  const invalid = await check(['--config', configFile('[checks]\nno_rdns = "maybe"\n'), msg]);
  assert.equal(invalid.code, 78);
  assert.deepEqual([invalid.report.config.source, invalid.report.skipped, invalid.report.result.queue], ['untagged', 'config', FAKE_QQ]);
  assert.match(invalid.report.config.problem ?? '', /checks\.no_rdns: the text "maybe" is not one of/);
  const unusable = await check(['--config', join(makeTempDir(), 'absent.toml'), msg]);
  assert.equal(unusable.code, 78);
  assert.deepEqual([unusable.report.config.source, unusable.report.result.exit, unusable.report.result.reply], ['unusable', 55, '451 qq unable to read configuration (#4.3.0)']);
});

test('RELAYCLIENT from the environment (a tcprules line): checks skipped, as queue mode would', async () => {
  const { code, report } = await check(['--config', configFile(BL()), '--ip', '192.0.2.1', messageFile(fixture('messages/plain.eml'))], { RELAYCLIENT: '' });
  assert.equal(code, 0);
  assert.deepEqual([report.skipped, report.checks, report.not_checked, report.result.action], ['relayclient', [], [], 'pass']);
});

test("queue mode's bundle holds none of qqtag check: the trace and report are in dist/cli-check.cjs only", () => {
  const queue = readFileSync(join(ROOT, 'dist', 'qqtag.cjs'), 'utf8');
  const cli = readFileSync(join(ROOT, 'dist', 'cli-check.cjs'), 'utf8');
  for (const marker of ['crlf_converted', 'not_checked', 'lines it would add']) {
    assert.ok(cli.includes(marker), marker);
    assert.equal(queue.includes(marker), false, marker);
  }
});
