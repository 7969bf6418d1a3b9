// check-config catches what fails at delivery (issue 10 §2), on real files with real permissions: every problem
// listed on its own line, messages that say what to do, list files parsed, spool_dir and qmail_queue checked, and
// with --as USER what that user may not do. Exit 78 for config errors, 1 when only delivery would fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { qqtag } from '../helpers/cli';
import { FAKE_QQ, makeTempDir, ROOT } from '../helpers/run-qqtag';

/** A directory of the test's own, searchable by everyone (mkdtemp makes 0700), with FILE in it. */
function setUp(toml: (dir: string) => string): { dir: string; file: string } {
  const dir = makeTempDir();
  chmodSync(dir, 0o755);
  const file = join(dir, 'qqtag.toml');
  writeFileSync(file, toml(dir));
  return { dir, file };
}
/** A config whose queue and spool exist, so that only what a test adds can be a problem. */
const deployable = (dir: string, more = ''): string => `qmail_queue = "${FAKE_QQ}"\nspool_dir = "${dir}"\n${more}`;
const problemLines = (stderr: string): string[] => stderr.split('\n').filter(Boolean);

test("the README's own example config fails: its /etc/qqtag/blocked-nets does not exist (exit 1)", async () => {
  const example = /## Configuration[\s\S]*?```toml\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'))?.[1];
  assert.ok(example, 'README.md has a TOML example under Configuration');
  assert.equal(existsSync('/etc/qqtag/blocked-nets'), false, 'precondition: this machine has no /etc/qqtag/blocked-nets');
  const { file } = setUp(() => example);
  const r = await qqtag(['check-config', file]);
  assert.equal(r.code, 1, r.stderr);
  const line = example.split('\n').findIndex((l) => l.includes('/etc/qqtag/blocked-nets')) + 1;
  assert.match(r.stderr, new RegExp(`^qqtag: config ${file}:${line}: local\\[0\\]\\.file: /etc/qqtag/blocked-nets: no such file or directory \\(ENOENT\\): .*create it`, 'm'));
  assert.match(r.stdout, new RegExp(`${file}: 0 config errors, \\d+ problems? at delivery\n$`));
});

test('every problem is listed, each on its own line by line number, and a config error exits 78', async () => {
  const { file } = setUp(
    () => 'dry_run = "yes"\ndry_rum = true\n[[local]]\nfile = "/nonexistent/list"\n[[rule]]\nname = "r"\nheader = "Subject"\npattern = "(cheap"\nwarning = "w"\n[dns]\ndeadline_ms = 5\n',
  );
  const r = await qqtag(['check-config', file]);
  assert.equal(r.code, 78);
  const at = (n: number, key: string, what: string): string => `qqtag: config ${file}:${n}: ${key}: ${what}`;
  // Config errors first, by line; then what would fail at delivery (here at most the default qmail_queue).
  assert.deepEqual(problemLines(r.stderr).slice(0, 5), [
    at(1, 'dry_run', 'not true or false: found the text "yes"'),
    at(2, 'dry_rum', 'unknown key: not a qqtag setting here (misspelt, or in the wrong table?)'),
    at(3, 'local[0].type', 'missing: give one of "ip", "domain"'),
    at(8, 'rule[0].pattern', 'not a usable RE2 pattern: unbalanced parentheses: a ( is never closed [error parsing regexp: missing closing ): `(cheap`]'),
    at(11, 'dns.deadline_ms', 'the number 5 is too small: at least 50'),
  ]);
  assert.ok(!r.stderr.includes('/nonexistent/list'), 'a list whose entry is invalid is reported once, as a config error');
  assert.match(r.stdout, /: 5 config errors, \d+ problems? at delivery\n$/);
});

test('a missing key says "missing" and what to give, not what zod expected', async () => {
  const { file } = setUp((dir) => deployable(dir, '[[rule]]\nname = "r"\nheader = "Subject"\nmissing = true\n[[dnsbl]]\nlabel = "L"\n'));
  const r = await qqtag(['check-config', file]);
  assert.equal(r.code, 78);
  assert.match(r.stderr, /rule\[0\]\.warning: missing: give a text in quotes\n/);
  assert.match(r.stderr, /dnsbl\[0\]\.zone: missing: give a text in quotes\n/);
  assert.doesNotMatch(r.stderr, /received undefined|Invalid input/);
});

const PATTERNS: [string, RegExp][] = [
  ['(?=cheap)pills', /lookahead \(\?=\.\.\.\) is not supported: RE2 has no lookaround/],
  ['(?<!x)pills', /negative lookbehind \(\?<!\.\.\.\) is not supported/],
  ['pills)', /unbalanced parentheses: a \) without its \(/],
  ['[pills', /unbalanced brackets: a \[ is never closed/],
  ['(a)\\1', /backreferences \(\\1\) are not supported/],
];
for (const [pattern, why] of PATTERNS) {
  test(`a pattern that is not RE2 says why: ${pattern}`, async () => {
    const { file } = setUp((dir) => deployable(dir, `[[rule]]\nname = "r"\nheader = "Subject"\npattern = '${pattern}'\nwarning = "w"\n`));
    const r = await qqtag(['check-config', file]);
    assert.equal(r.code, 78);
    assert.match(r.stderr, new RegExp(`:6: rule\\[0\\]\\.pattern: not a usable RE2 pattern: ${why.source}`));
  });
}

test('a paid-feed zone (an account key in front) without a label is an error that does not repeat the key', async () => {
  const key = 'a1b2c3d4e5f6g7h8i9j0';
  const { file } = setUp((dir) => deployable(dir, `[[dnsbl]]\nzone = "${key}.zen.dq.spamhaus.net"\n[[rhsbl]]\nzone = "${key}.dbl.dq.spamhaus.net"\nlabel = "DBL"\n`));
  const r = await qqtag(['check-config', file]);
  assert.equal(r.code, 78);
  assert.deepEqual(problemLines(r.stderr), [`qqtag: config ${file}:4: dnsbl[0].label: missing: the zone looks like a paid feed with an account key in front; add a label (label = "Spamhaus ZEN") so that the key never appears in headers or logs`]);
  assert.ok(!(r.stdout + r.stderr).includes(key), 'the key is not printed');
});

test('a [[local]] file: missing, and lines that are not entries (each with LIST:LINE), exit 1', async () => {
  const { dir, file } = setUp((d) => deployable(d, `[[local]]\nfile = "${d}/nets"\ntype = "ip"\n[[local]]\nfile = "${d}/domains"\ntype = "domain"\n[[local]]\nfile = "${d}/absent"\ntype = "ip"\n`));
  writeFileSync(join(dir, 'nets'), '192.0.2.1\n10.0.0.0/33\n# a comment\n2001:db8::/32\nnot-an-ip\n');
  writeFileSync(join(dir, 'domains'), 'spam.example\nbad..example\n');
  const r = await qqtag(['check-config', file]);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(problemLines(r.stderr), [
    `qqtag: ${dir}/nets:2: not an IP or CIDR: 10.0.0.0/33: the line is skipped; fix or remove it`,
    `qqtag: ${dir}/nets:5: not an IP or CIDR: not-an-ip: the line is skipped; fix or remove it`,
    `qqtag: ${dir}/domains:2: not a domain: bad..example: the line is skipped; fix or remove it`,
    `qqtag: config ${file}:10: local[2].file: ${dir}/absent: no such file or directory (ENOENT): this list would fail on every message; create it (one entry a line, # comments) or fix the path`,
  ]);
});

test('spool_dir: missing, or not a directory, is a problem at delivery (every message would get 53)', async () => {
  for (const [make, said] of [
    [(d: string) => join(d, 'missing'), 'no such file or directory \\(ENOENT\\)'],
    [(d: string) => (writeFileSync(join(d, 'plain'), ''), join(d, 'plain')), 'not a directory'],
  ] as const) {
    const { file, dir } = setUp(() => '');
    const spool = make(dir);
    writeFileSync(file, `qmail_queue = "${FAKE_QQ}"\nspool_dir = "${spool}"\n`);
    const r = await qqtag(['check-config', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^qqtag: config ${file}:2: spool_dir: ${spool}: ${said}: every message would be deferred \\(exit 53`));
  }
});

test('qmail_queue: a typo, a file that is not executable, a directory: every message would get 81', async () => {
  const { dir } = setUp(() => '');
  writeFileSync(join(dir, 'queue.txt'), '#!/bin/sh\n');
  mkdirSync(join(dir, 'queue.d'));
  for (const [queue, said] of [
    ['/var/qmail/bin/qmail-quue', 'no such file or directory \\(ENOENT\\)'],
    [join(dir, 'queue.txt'), 'not executable \\(mode 644\\)'],
    [join(dir, 'queue.d'), 'not a regular file'],
  ]) {
    const file = join(dir, 'qqtag.toml');
    writeFileSync(file, `spool_dir = "${dir}"\nqmail_queue = "${queue}"\n`);
    const r = await qqtag(['check-config', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(problemLines(r.stderr).length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^qqtag: config ${file}:2: qmail_queue: ${queue}: ${said}: every message would be deferred \\(exit 81`));
  }
});

test('qmail_queue not set: the default /var/qmail/bin/qmail-queue is checked', async () => {
  const { file, dir } = setUp((d) => `spool_dir = "${d}"\n`);
  const r = await qqtag(['check-config', file]);
  if (existsSync('/var/qmail/bin/qmail-queue')) {
    assert.equal(r.code, 0, r.stderr);
  } else {
    assert.equal(r.code, 1);
    assert.match(r.stderr, /qmail_queue \(not set: \/var\/qmail\/bin\/qmail-queue\): \/var\/qmail\/bin\/qmail-queue: no such file or directory/);
  }
  assert.ok(dir);
});

test('a config file that cannot be read names the path and the cause, exit 78', async () => {
  const dir = makeTempDir();
  for (const [file, said] of [
    [join(dir, 'missing.toml'), 'cannot read: no such file or directory \\(ENOENT\\)'],
    [dir, 'cannot read: .* is not a regular file'],
  ] as const) {
    const r = await qqtag(['check-config', file]);
    assert.equal(r.code, 78);
    assert.match(r.stderr, new RegExp(`^qqtag: config ${file}: ${said}\n`));
  }
});

test('a good config: ok, exit 0, and without --as the qmail-smtpd user is named as not checked', async () => {
  const { file } = setUp((dir) => deployable(dir));
  const r = await qqtag(['check-config', file]);
  assert.deepEqual({ code: r.code, stderr: r.stderr }, { code: 0, stderr: '' });
  assert.match(r.stdout, /^note: the qmail-smtpd user is unknown, so whether it may read these files, write spool_dir and run qmail_queue was not checked: give --as USER/);
  assert.match(r.stdout, new RegExp(`\n${file}: ok\n$`));
});

test('--as a user that does not exist is a usage error (64)', async () => {
  const { file } = setUp((dir) => deployable(dir));
  const r = await qqtag(['check-config', '--as', 'no-such-user-qqtag', file]);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /--as no-such-user-qqtag: no such user/);
});

test('a block-list zone that dnsbl-lookup\'s catalogue of public lists does not know is a note (misspelt?), not a problem', async () => {
  const lists = '[[dnsbl]]\nzone = "zen.spamhause.org"\nlabel = "typo"\n[[dnsbl]]\nzone = "zen.spamhaus.org"\n[[rhsbl]]\nzone = "dbl.spamhaus.org"\n' +
    '[[dnswl]]\nzone = "list.dnswl.org"\n[[dnsbl]]\nzone = "a1b2c3d4e5f6g7h8i9j0.zen.dq.spamhaus.net"\nlabel = "Spamhaus DQS"\n';
  const { file } = setUp((dir) => deployable(dir, lists));
  const r = await qqtag(['check-config', file]);
  assert.equal(r.code, 0, r.stderr);
  const notes = r.stdout.split('\n').filter((l) => l.includes('dnsbl-lookup knows'));
  assert.equal(notes.length, 1, r.stdout); // not the real lists, not the allow list, not the paid (keyed) zone
  assert.match(notes[0] ?? '', new RegExp(`^note: ${file}:4: dnsbl\\[0\\]\\.zone: zen\\.spamhause\\.org is not among the \\d+ public lists`));
});
