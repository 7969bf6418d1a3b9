// DNS lists end to end: the built qqtag, a DNS list server on 127.0.0.1 (rbldnsd, or where it is not installed
// the zone server with the same zone files: test/helpers/list-server.ts), the recording fake queue.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, runQqtag, type RunOptions } from '../helpers/run-qqtag';
import { listServerForFile } from '../helpers/list-server';
import { startDnsServer } from '../helpers/dns-servers';
import { assertBytesEqual } from '../helpers/bytes';
import { assertSummary, summaryOf } from '../helpers/summary';

const message = fixture('messages/plain.eml');
const envelope = fixture('envelopes/simple.env');
const listServer = listServerForFile();
after(() => listServer.stop());
const dns = (t: TestContext): Promise<string> => listServer.address(t);

const lists = (address: string, extra = ''): string =>
  `[dns]\nservers = ["${address}"]\ndeadline_ms = 2000\n` +
  `[[dnswl]]\nzone = "wl.test"\nlabel = "Test WL"\n` +
  `[[dnsbl]]\nzone = "bl.test"\nlabel = "Test BL"\n` +
  `[[dnsbl]]\nzone = "bl6.test"\nlabel = "Test BL6"\nipv4 = false\n` +
  `[[rhsbl]]\nzone = "dbl.test"\nlabel = "Test DBL"\n${extra}`;

/** `added` as it reached the queue; `text` the same with folds undone, for matching. */
async function tagged(t: TestContext, ip: string | undefined, opts: Partial<RunOptions> = {}): Promise<{ added: string; text: string; stderr: string; code: number | null }> {
  const msg = opts.message ?? message;
  const config = opts.config ?? lists(await dns(t));
  const r = await runQqtag({ message: msg, envelope: opts.envelope ?? envelope, config, env: { TCPREMOTEIP: ip, ...opts.env } });
  assert.ok(r.queued, r.stderr);
  assertBytesEqual(r.queued.envelope, opts.envelope ?? envelope, 'envelope');
  const added = r.queued.message.subarray(0, r.queued.message.length - msg.length);
  assertBytesEqual(r.queued.message.subarray(added.length), msg, 'message after the added lines');
  const text = added.toString('latin1');
  return { added: text, text: text.replace(/\n /g, ' '), stderr: r.stderr, code: r.code };
}

test('a clean IPv4 client: nothing added, every list asked', async (t) => {
  const r = await tagged(t, '192.0.2.99');
  assert.equal(r.added, '');
  const s = summaryOf(r.stderr);
  assert.deepEqual(s.checks.map((c) => `${c.kind}:${c.label}=${c.outcome}`), ['dnswl:Test WL=pass', 'dnsbl:Test BL=pass', 'dnsbl:Test BL6=skip', 'rhsbl:Test DBL=pass']);
  assert.ok(s.checks.every((c) => c.ms >= 0 && c.ms < 2000), s.line);
  assert.ok(Number(s.get('dns_ms')) >= 0, s.line);
});

test('a listed IPv4 client: one line with label, code and the TXT reason', async (t) => {
  const r = await tagged(t, '192.0.2.1');
  assert.equal(r.added, 'X-Spam-Warning: 192.0.2.1 is listed in Test BL (127.0.0.2): listed by qqtag\n test for 192.0.2.1, see https://bl.test/q?192.0.2.1\n');
  assertSummary(r.stderr, { warnings: 1, action: 'tag', qq: 0, ip: '192.0.2.1' });
  assert.equal(summaryOf(r.stderr).outcome('dnsbl:Test BL'), 'hit');
});

test('RFC 5782 test points: 127.0.0.2 listed, 127.0.0.1 not', async (t) => {
  const cfg = `[dns]\nservers = ["${await dns(t)}"]\n[[dnsbl]]\nzone = "bl.test"\nlabel = "Test BL"\n`;
  assert.match((await tagged(t, '127.0.0.2', { config: cfg })).text, /127\.0\.0\.2 is listed in Test BL \(127\.0\.0\.2\)/);
  assert.equal((await tagged(t, '127.0.0.1', { config: cfg })).added, '');
});

test('a listed IPv6 client is looked up in RFC 5782 nibble form', async (t) => {
  const r = await tagged(t, '2001:db8::2');
  assert.equal(r.text, 'X-Spam-Warning: 2001:db8::2 is listed in Test BL6 (127.0.0.2): listed by qqtag v6 test for 2001:db8::2\n');
});

test('an IPv4-mapped client (::ffff:a.b.c.d) is the IPv4 client it is', async (t) => {
  const r = await tagged(t, '::ffff:192.0.2.1');
  assert.match(r.added, /^X-Spam-Warning: 192\.0\.2\.1 is listed in Test BL \(127\.0\.0\.2\)/);
  assert.match(r.stderr, /^qqtag: 192\.0\.2\.1 pid/);
});

test('a listing without TXT is still a listing', async (t) => {
  assert.equal((await tagged(t, '192.0.2.3')).added, 'X-Spam-Warning: 192.0.2.3 is listed in Test BL (127.0.0.3)\n');
});

test('a hostile TXT (CR, 8-bit, BEL) cannot start a header line and arrives printable ASCII', async (t) => {
  const { added } = await tagged(t, '192.0.2.11');
  assert.ok(/^[\x20-\x7e\n]*$/.test(added), JSON.stringify(added));
  assert.equal(added.split('\n').filter((l) => l && !l.startsWith(' ')).length, 1, added);
  assert.match(added.replace(/\n /g, ' '), /bad\?Bcc: victim@example\.org caf\? \?bell/);
});

for (const [ip, answer] of [['192.0.2.251', '10.0.0.1'], ['192.0.2.252', '127.0.1.255'], ['192.0.2.253', '127.0.0.255'], ['192.0.2.254', '127.0.0.1'], ['192.0.2.255', '127.255.255.254']] as const) {
  test(`answer ${answer} means the list refused us: an error of the zone, never a listing`, async (t) => {
    const r = await tagged(t, ip);
    assert.equal(r.added, '');
    assert.match(r.stderr, new RegExp(`warn: dnsbl:Test BL: answer ${answer.replace(/\./g, '\\.')} is not a listing`));
    assert.equal(summaryOf(r.stderr).outcome('dnsbl:Test BL'), 'refused');
  });
}

test('codes: only the answers a zone names count; 127.0.0.1 counts when named', async (t) => {
  const cfg = `[dns]\nservers = ["${await dns(t)}"]\n[[dnsbl]]\nzone = "bl.test"\ncodes = ["127.0.0.3-127.0.0.4", "127.0.0.1", "&8"]\n`;
  assert.equal((await tagged(t, '192.0.2.1', { config: cfg })).added, '', '127.0.0.2 not in codes');
  assert.match((await tagged(t, '192.0.2.4', { config: cfg })).text, /\(127\.0\.0\.4\): policy listing for 192\.0\.2\.4/);
  assert.match((await tagged(t, '192.0.2.254', { config: cfg })).added, /\(127\.0\.0\.1\)/);
  assert.match((await tagged(t, '192.0.2.10', { config: cfg })).added, /\(127\.0\.0\.10\)/, '&8 matches .10');
});

test('the envelope sender domain is looked up in the RHSBL', async (t) => {
  const env = Buffer.from('Fbulk@Spam.Example.\0Tb@example.org\0\0', 'latin1');
  const r = await tagged(t, '192.0.2.99', { envelope: env });
  assert.equal(r.text, 'X-Spam-Warning: spam.example (envelope sender) is listed in Test DBL (127.0.1.2): domain spam.example listed by qqtag test\n');
});

test('the From: domain (RFC 2047-decoded, IDN as A-label) is looked up, once when both name it', async (t) => {
  const msg = Buffer.from('From: =?utf-8?q?B=C3=BCcher?= <info@b\xc3\xbccher.example>\nSubject: x\n\nbody\n', 'latin1');
  const r = await tagged(t, '192.0.2.99', { message: msg });
  assert.match(r.text, /^X-Spam-Warning: xn--bcher-kva\.example \(From:\) is listed in Test DBL \(127\.0\.1\.2\)/);
  const both = Buffer.from('From: x@a.spammy.example\n\nbody\n');
  const env = Buffer.from('Fx@a.spammy.example\0Tb@example.org\0\0');
  const r2 = await tagged(t, '192.0.2.99', { message: both, envelope: env });
  assert.equal(r2.added.split('\n').filter((l) => l.startsWith('X-')).length, 1);
  assert.match(r2.text, /a\.spammy\.example \(envelope sender, From:\) is listed/);
});

test('the null sender and IP literals are never queried', async (t) => {
  const env = Buffer.from('F\0Tb@example.org\0\0');
  const msg = Buffer.from('From: x@[192.0.2.1]\n\nbody\n');
  const r = await tagged(t, '192.0.2.99', { envelope: env, message: msg });
  assert.equal(r.added, '');
  assert.equal(summaryOf(r.stderr).outcome('rhsbl:Test DBL'), 'skip');
});

test('an allow-listed client silences the block lists, and the log says so', async (t) => {
  const env = Buffer.from('Fx@spam.example\0Tb@example.org\0\0');
  const r = await tagged(t, '192.0.2.50', { envelope: env });
  assert.equal(r.added, '');
  const s = summaryOf(r.stderr);
  assert.equal(s.outcome('dnswl:Test WL'), 'allow');
  assert.equal(s.outcome('dnsbl:Test BL'), 'silenced');
  assert.equal(s.outcome('rhsbl:Test DBL'), 'silenced');
  assert.equal(s.get('action'), 'pass');
});

test('a refusal from the allow list is an error, not an allowance', async (t) => {
  const r = await tagged(t, '192.0.2.60');
  assert.match(r.stderr, /warn: dnswl:Test WL: answer 127\.0\.0\.255 is not a listing/);
  assert.equal(summaryOf(r.stderr).outcome('dnswl:Test WL'), 'refused');
});

test('no TCPREMOTEIP (local injection): IP lists are skipped, not failed', async (t) => {
  const r = await tagged(t, undefined);
  assert.equal(summaryOf(r.stderr).outcome('dnsbl:Test BL'), 'skip');
  assert.doesNotMatch(r.stderr, /: (error|warn): /);
});

test('dry-run with a listed client: byte-identical, the log says what would have been added', async (t) => {
  const r = await runQqtag({ message, envelope, config: `dry_run = true\n${lists(await dns(t))}`, env: { TCPREMOTEIP: '192.0.2.1' } });
  assert.equal(r.code, 0);
  assertBytesEqual(r.queued?.message, message, 'message');
  assertBytesEqual(r.queued?.envelope, envelope, 'envelope');
  assert.match(r.stderr, /dry-run: would add: X-Spam-Warning: 192\.0\.2\.1 is listed in Test BL/);
  assertSummary(r.stderr, { action: 'tag', dry_run: 1, warnings: 1 });
});

test('a list server that never answers: the deadline holds, the mail goes on, the zone is named', async (t) => {
  const silent = await startDnsServer(() => 'drop');
  try {
    const cfg = `[dns]\nservers = ["${silent.address}"]\ndeadline_ms = 300\nnote_unchecked = true\n[[dnsbl]]\nzone = "bl.test"\n`;
    const t0 = performance.now();
    const { added, stderr } = await tagged(t, '192.0.2.1', { config: cfg });
    const ms = performance.now() - t0;
    assert.equal(added, 'X-Spam-Warning: not checked: bl.test\n');
    assert.match(stderr, /warn: dnsbl:bl\.test: no answer by the deadline/);
    assert.equal(summaryOf(stderr).outcome('dnsbl:bl.test'), 'timeout');
    assert.ok(ms < 2000, `took ${ms} ms`);
    assert.ok(silent.queries > 0);
  } finally {
    await silent.stop();
  }
});

test('a paid zone that does not answer is named by its label, never by the zone holding the key', async (t) => {
  const silent = await startDnsServer(() => 'drop');
  try {
    const cfg = `[dns]\nservers = ["${silent.address}"]\ndeadline_ms = 200\nnote_unchecked = true\n[[dnsbl]]\nzone = "s3cr3tk3y.zen.dq.example"\nlabel = "Spamhaus ZEN"\n`;
    const { added, stderr } = await tagged(t, '192.0.2.1', { config: cfg });
    assert.equal(added, 'X-Spam-Warning: not checked: Spamhaus ZEN\n');
    assert.match(stderr, /warn: dnsbl:Spamhaus ZEN: no answer by the deadline/);
    assert.doesNotMatch(stderr, /s3cr3tk3y/, 'a key never leaves the config: not in the log either');
  } finally {
    await silent.stop();
  }
});

test('SERVFAIL is an error of the zone: logged, nothing added, delivered', async (t) => {
  const failing = await startDnsServer(() => 'SERVFAIL');
  try {
    const cfg = `[dns]\nservers = ["${failing.address}"]\n[[dnsbl]]\nzone = "bl.test"\n`;
    const { added, stderr } = await tagged(t, '192.0.2.1', { config: cfg });
    assert.equal(added, '');
    assert.match(stderr, /warn: dnsbl:bl\.test: ESERVFAIL/);
    assert.equal(summaryOf(stderr).outcome('dnsbl:bl.test'), 'failed');
  } finally {
    await failing.stop();
  }
});

test('a listing whose TXT never comes (cut by the deadline) is still a listing', async (t) => {
  const aOnly = await startDnsServer((name, type) =>
    type === 'A' && name === '1.2.0.192.bl.test' ? [{ name, type: 'A', ttl: 60, data: '127.0.0.2' }] : 'drop',
  );
  try {
    const cfg = `[dns]\nservers = ["${aOnly.address}"]\ndeadline_ms = 300\n[[dnsbl]]\nzone = "bl.test"\n`;
    assert.equal((await tagged(t, '192.0.2.1', { config: cfg })).added, 'X-Spam-Warning: 192.0.2.1 is listed in bl.test (127.0.0.2)\n');
  } finally {
    await aOnly.stop();
  }
});
