// Header rules, client/envelope/local checks, actions and per-client control, end to end.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, makeTempDir, runQqtag, type RunOptions, type RunResult } from '../helpers/run-qqtag';
import { listServerForFile } from '../helpers/list-server';
import { assertBytesEqual } from '../helpers/bytes';
import { assertSummary, summaryOf } from '../helpers/summary';

const plain = fixture('messages/plain.eml');
const envelope = fixture('envelopes/simple.env');
const listServer = listServerForFile(); // only the two tests with DNS lookups start it
after(() => listServer.stop());

const RECEIVED = 'Received: from mail.example.net (HELO mail.example.net) (192.0.2.99)\n  by mx.example.org with SMTP; 26 Nov 2026 05:16:25 -0000\n';
const msg = (headers: string, received = RECEIVED): Buffer => Buffer.from(`${received}${headers}\nbody\n`, 'latin1');
const CLIENT = { TCPREMOTEIP: '192.0.2.99', TCPREMOTEHOST: 'mail.example.net' };

/** Runs with the client above; returns the run and the added lines (unfolded), checking that nothing else changed. */
async function run(config: string, opts: Partial<RunOptions> = {}): Promise<RunResult & { added: string }> {
  const message = opts.message ?? plain;
  const r = await runQqtag({ message, envelope: opts.envelope ?? envelope, config, env: { ...CLIENT, ...opts.env } });
  if (!r.queued) return { ...r, added: '' };
  const added = r.queued.message.subarray(0, r.queued.message.length - message.length);
  assertBytesEqual(r.queued.message.subarray(added.length), message, 'message after the added lines');
  return { ...r, added: added.toString('latin1').replace(/\n /g, ' ') };
}

const PILLS = '[[rule]]\nname = "pills"\nheader = "Subject"\npattern = "(?i)cheap\\\\s+pills"\nwarning = "subject offers pills"\n';
const NO_MSGID = '[[rule]]\nname = "no-message-id"\nheader = "Message-ID"\nmissing = true\nwarning = "no Message-ID header"\n';

test('a pattern rule matches the unfolded, decoded value; the warning is the header text', async () => {
  const r = await run(PILLS, { message: msg('Subject: =?utf-8?q?CHEAP?=\n  Pills here\n') });
  assert.equal(r.added, 'X-Spam-Warning: subject offers pills\n');
  assert.equal(summaryOf(r.stderr).outcome('rule:pills'), 'hit');
  assert.equal((await run(PILLS)).added, '');
});

test('a missing rule hits when the field is absent, passes when present', async () => {
  assert.equal((await run(NO_MSGID, { message: msg('Subject: x\n') })).added, 'X-Spam-Warning: no Message-ID header\n');
  assert.equal((await run(NO_MSGID)).added, '');
});

test('beyond the header-block cap a field is neither matched nor missing, and the log says so', async () => {
  const r = await run(NO_MSGID, { message: fixture('messages/long-header-line.eml') });
  assert.equal(r.added, '');
  assert.equal(summaryOf(r.stderr).outcome('rule:no-message-id'), 'skip');
  assert.match(r.stderr, /warn: header block over 262144 bytes: fields beyond it were neither matched nor missing/);
});

test('a ReDoS pattern against a long header finishes quickly (linear-time engine)', async () => {
  const cfg = '[[rule]]\nname = "redos"\nheader = "Subject"\npattern = "^(a+)+$"\nwarning = "x"\n';
  const t0 = performance.now();
  const r = await run(cfg, { message: msg(`Subject: ${'a'.repeat(8000)}!\n`) });
  const ms = performance.now() - t0;
  assert.equal(r.code, 0);
  assert.equal(r.added, '');
  assert.ok(ms < 3000, `took ${ms} ms`);
});

test('a pattern that is not RE2 is a config error with file:line and why; delivered untagged', async () => {
  const r = await run('[[rule]]\nname = "bad"\nheader = "Subject"\npattern = "(?<=x)y"\nwarning = "w"\n');
  assert.equal(r.code, 0);
  assert.match(r.stderr, /qqtag\.toml:4: rule\[0\]\.pattern: not a usable RE2 pattern: .+; delivering untagged/);
});

test('no_rdns: TCPREMOTEHOST unset is a hit, set is a pass', async () => {
  const cfg = '[checks]\nno_rdns = "tag"\n';
  assert.equal((await run(cfg, { env: { TCPREMOTEHOST: undefined } })).added, 'X-Spam-Warning: 192.0.2.99 has no reverse DNS\n');
  assert.equal((await run(cfg)).added, '');
});

test('HELO comes from our own first Received line only; a forged one further down is not trusted', async () => {
  const cfg = '[checks]\nbad_helo = "tag"\n';
  const own = RECEIVED.replace('(HELO mail.example.net)', '(HELO friend)');
  const r = await run(cfg, { message: msg('Subject: x\n', own) });
  assert.equal(r.added, 'X-Spam-Warning: HELO friend is not a domain or address literal\n');
  assert.match(r.stderr, / helo=friend /);
  // first line is not qmail-smtpd's (local injection): a Received below with a bad HELO is the sender's
  const forged = msg(`Subject: x\n${own}`, '');
  const f = await run(cfg, { message: forged });
  assert.equal(f.added, '');
  assert.equal(summaryOf(f.stderr).outcome('client:bad_helo'), 'skip');
  // a first Received naming another IP than TCPREMOTEIP is not ours either
  const other = await run(cfg, { message: msg('Subject: x\n', own.replace('192.0.2.99', '192.0.2.98')) });
  assert.equal(summaryOf(other.stderr).outcome('client:bad_helo'), 'skip');
});

test('an address-literal HELO passes, as qmail-smtpd writes it ([ and ] become ? in djb qmail)', async () => {
  const cfg = '[checks]\nbad_helo = "tag"\n';
  for (const helo of ['?192.0.2.99?', '[192.0.2.99]', '?IPv6:2001:db8::1?', 'mx_1.example.org']) {
    const r = await run(cfg, { message: msg('Subject: x\n', RECEIVED.replace('(HELO mail.example.net)', `(HELO ${helo})`)) });
    assert.equal(r.added, '', helo);
    assert.equal(summaryOf(r.stderr).outcome('client:bad_helo'), 'pass', helo);
  }
  const masked = await run(cfg, { message: msg('Subject: x\n', RECEIVED.replace('(HELO mail.example.net)', '(HELO m?il.example.net)')) });
  assert.equal(masked.added, '');
  assert.equal(summaryOf(masked.stderr).outcome('client:bad_helo'), 'skip');
});

test('an IPv4-mapped TCPREMOTEIP: qmail-smtpd names it as tcpserver wrote it, and the HELO is still ours', async () => {
  const cfg = '[checks]\nbad_helo = "tag"\n';
  const own = RECEIVED.replace('(HELO mail.example.net)', '(HELO friend)').replace('(192.0.2.99)', '(::ffff:192.0.2.99)');
  const r = await run(cfg, { message: msg('Subject: x\n', own), env: { TCPREMOTEIP: '::ffff:192.0.2.99' } });
  assert.equal(r.added, 'X-Spam-Warning: HELO friend is not a domain or address literal\n');
});

test('no (HELO x) part means the HELO was the host name', async (t) => {
  const cfg = `[dns]\nservers = ["${await listServer.address(t)}"]\n[[rhsbl]]\nzone = "dbl.test"\ncheck = ["helo"]\n`;
  const received = 'Received: from a.spammy.example (192.0.2.99)\n  by mx.example.org with SMTP; 26 Nov 2026 05:16:25 -0000\n';
  const r = await run(cfg, { message: msg('Subject: x\n', received), env: { TCPREMOTEHOST: 'a.spammy.example' } });
  assert.match(r.added, /^X-Spam-Warning: a\.spammy\.example \(HELO\) is listed in dbl\.test/);
});

test('relay probes: %, ! or a second @ in a recipient local part', async () => {
  const cfg = '[checks]\nrelay_probe = "tag"\n';
  for (const rcpt of ['a%b@example.org', 'b!a@example.org', 'a@b@example.org']) {
    const r = await run(cfg, { envelope: Buffer.from(`Fa@example.net\0Tok@example.org\0T${rcpt}\0\0`) });
    // the address goes to the log only: it may be a Bcc the other recipients must not see
    assert.equal(r.added, 'X-Spam-Warning: relay probe: a recipient with %, ! or a second @ in its local part\n');
    assert.ok(r.stderr.includes(`info: envelope:relay_probe: recipient ${rcpt}\n`), r.stderr);
  }
  assert.equal((await run(cfg)).added, '');
});

test('sender_domain_exists: MX or A is enough; none, or NXDOMAIN, is a hit; <> is exempt', async (t) => {
  const cfg = `[dns]\nservers = ["${await listServer.address(t)}"]\n[checks]\nsender_domain_exists = "tag"\n`;
  const env = (d: string): Buffer => Buffer.from(`Fa@${d}\0Tb@example.org\0\0`);
  assert.equal((await run(cfg, { envelope: env('withmx.mail.test') })).added, '');
  assert.equal((await run(cfg, { envelope: env('witha.mail.test') })).added, '');
  assert.equal((await run(cfg, { envelope: env('textonly.mail.test') })).added, 'X-Spam-Warning: sender domain textonly.mail.test has no MX, A or AAAA record\n');
  assert.equal((await run(cfg, { envelope: env('nowhere.mail.test') })).added, 'X-Spam-Warning: sender domain nowhere.mail.test has no MX, A or AAAA record\n');
  const nul = await run(cfg, { envelope: Buffer.from('F\0Tb@example.org\0\0') });
  assert.equal(nul.added, '');
  assert.equal(summaryOf(nul.stderr).outcome('envelope:sender_domain_exists'), 'skip');
  const refused = await run(cfg, { envelope: env('example.com') }); // outside every zone of the list server: REFUSED
  assert.equal(refused.added, '');
  assert.match(refused.stderr, /warn: envelope:sender_domain_exists: example\.com: EREFUSED/);
});

function listFile(text: string): string {
  const path = join(makeTempDir(), 'list');
  writeFileSync(path, text);
  return path;
}

test('a local IP list (CIDR, IPv6) tags; a bad line is reported with file:line, the rest still works', async () => {
  const file = listFile('# blocked nets\n198.51.100.7\n192.0.2.0/24 # whole net\nnot-an-ip\n2001:db8::/32\n');
  const cfg = `[[local]]\nfile = "${file}"\ntype = "ip"\nlabel = "local blocklist"\n`;
  const r = await run(cfg);
  assert.equal(r.added, 'X-Spam-Warning: 192.0.2.99 is listed in local blocklist\n');
  assert.match(r.stderr, new RegExp(`warn: local:local blocklist: ${file}:4: not an IP or CIDR: not-an-ip`));
  assert.match((await run(cfg, { env: { TCPREMOTEIP: '2001:db8::5' } })).added, /2001:db8::5 is listed/);
  assert.equal((await run(cfg, { env: { TCPREMOTEIP: '203.0.113.1' } })).added, '');
});

test('a local list that is a FIFO or /dev/stdin: the message is not held and not read twice; the list fails, the mail goes', async () => {
  const fifo = join(makeTempDir(), 'list');
  execFileSync('mkfifo', [fifo]); // no writer: a blocking open would wait for ever
  for (const file of [fifo, '/dev/stdin']) {
    const started = Date.now();
    const r = await run(`[[local]]\nfile = "${file}"\ntype = "ip"\nlabel = "nets"\n`);
    assert.ok(Date.now() - started < 5000, 'bounded');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.added, ''); // run() has checked the message arrived whole
    assert.equal(summaryOf(r.stderr).outcome('local:nets'), 'failed');
    assert.match(r.stderr, /is not a regular file/);
  }
});

test('a local domain list matches the sender and From: domains, subdomains included', async () => {
  const file = listFile('spam.example\n');
  const cfg = `[[local]]\nfile = "${file}"\ntype = "domain"\nlabel = "bad domains"\n`;
  const r = await run(cfg, { envelope: Buffer.from('Fa@mx.Spam.Example\0Tb@example.org\0\0') });
  assert.equal(r.added, 'X-Spam-Warning: mx.spam.example is listed in bad domains\n');
  assert.equal((await run(cfg, { message: msg('From: x@spam.example\n') })).added, 'X-Spam-Warning: spam.example is listed in bad domains\n');
  assert.equal((await run(cfg, { envelope: Buffer.from('Fa@notspam.example\0Tb@x\0\0') })).added, '');
});

test('a local allow list silences DNS and local block lists, not rules', async () => {
  const allow = listFile('192.0.2.99\n');
  const block = listFile('192.0.2.0/24\n');
  const cfg = `[[local]]\nfile = "${allow}"\ntype = "ip"\nallow = true\nlabel = "friends"\n[[local]]\nfile = "${block}"\ntype = "ip"\nlabel = "nets"\naction = "reject"\n${PILLS}`;
  const r = await run(cfg, { message: msg('Subject: cheap pills\n') });
  assert.equal(r.code, 0);
  assert.equal(r.added, 'X-Spam-Warning: subject offers pills\n');
  assert.equal(summaryOf(r.stderr).outcome('local:friends'), 'allow');
  assert.equal(summaryOf(r.stderr).outcome('local:nets'), 'silenced');
});

test('action reject: exit 31 and the queue never runs', async () => {
  const r = await run(PILLS.replace('warning', 'action = "reject"\nwarning'), { message: msg('Subject: cheap pills\n') });
  assert.equal(r.code, 31);
  assert.equal(r.queued, null);
  assertSummary(r.stderr, { action: 'reject', exit: 31, qq: undefined, result: 'refused' });
});

test('action defer: exit 71 and the queue never runs', async () => {
  const r = await run(PILLS.replace('warning', 'action = "defer"\nwarning'), { message: msg('Subject: cheap pills\n') });
  assert.equal(r.code, 71);
  assert.equal(r.queued, null);
});

test('reject_score = 2: one hit only tags, two hits reject', async () => {
  const cfg = `reject_score = 2\n[checks]\nno_rdns = "tag"\n${PILLS.replace('warning', 'action = "reject"\nwarning')}`;
  const one = await run(cfg, { message: msg('Subject: cheap pills\n') });
  assert.equal(one.code, 0);
  assert.equal(one.added, 'X-Spam-Warning: subject offers pills\n');
  const two = await run(cfg, { message: msg('Subject: cheap pills\n'), env: { TCPREMOTEHOST: undefined } });
  assert.equal(two.code, 31);
});

test('dry-run with reject configured: delivered byte-identical, exit 0, the log says what would have happened', async () => {
  const message = msg('Subject: cheap pills\n');
  const r = await run(`dry_run = true\n${PILLS.replace('warning', 'action = "reject"\nwarning')}`, { message });
  assert.equal(r.code, 0);
  assertBytesEqual(r.queued?.message, message);
  assert.match(r.stderr, /dry-run: would add: X-Spam-Warning: subject offers pills/);
  assert.match(r.stderr, /dry-run: would reject the message \(exit 31\)/);
  assertSummary(r.stderr, { action: 'reject', dry_run: 1, exit: 0, qq: 0, result: 'queued' });
});

test('RELAYCLIENT set (even empty): no checks; skip_relayclient = false checks it anyway', async () => {
  const message = msg('Subject: cheap pills\n');
  const r = await run(PILLS, { message, env: { RELAYCLIENT: '' } });
  assert.equal(r.added, '');
  assertSummary(r.stderr, { skip: 'relayclient' });
  const checked = await run(`skip_relayclient = false\n${PILLS}`, { message, env: { RELAYCLIENT: '' } });
  assert.equal(checked.added, 'X-Spam-Warning: subject offers pills\n');
});

test('QQTAG_SKIP=1 from tcprules: no checks, delivered untouched', async () => {
  const message = msg('Subject: cheap pills\n');
  const r = await run(PILLS.replace('warning', 'action = "reject"\nwarning'), { message, env: { QQTAG_SKIP: '1' } });
  assert.equal(r.code, 0);
  assert.equal(r.added, '');
  assertSummary(r.stderr, { skip: 'qqtag_skip' });
});

test('QQTAG_DRYRUN=0 turns off dry_run = true from the file', async () => {
  const r = await run(`dry_run = true\n${PILLS}`, { message: msg('Subject: cheap pills\n'), env: { QQTAG_DRYRUN: '0' } });
  assert.equal(r.added, 'X-Spam-Warning: subject offers pills\n');
});

test('a spooled (3 MiB) message gets its line in front of the file handed to the queue, every byte after it intact', async () => {
  const message = Buffer.concat([msg('Subject: cheap pills\n'), Buffer.alloc(3 * 1024 * 1024, 'body line\n')]);
  const r = await run(PILLS, { message });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.added, 'X-Spam-Warning: subject offers pills\n');
});

test('a crafted header block (alternating fields and continuation lines, 256 KiB) is split in linear time', async () => {
  const crafted = msg(`${'X-A: a\n b\n'.repeat(26000)}Subject: cheap pills\n`);
  const t0 = performance.now();
  const r = await run(PILLS, { message: crafted });
  const ms = performance.now() - t0;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.added, 'X-Spam-Warning: subject offers pills\n');
  assert.ok(ms < 1000, `took ${ms} ms`); // mailsplit's own continuation handling took ~2 s here
});
