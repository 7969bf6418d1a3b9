// qqtag check-config / compile-config, and queue mode's fast path through FILE.compiled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_QQ, fixture, makeTempDir, QQTAG, runQqtag } from '../helpers/run-qqtag';
import { configFile, qqtag, type CliResult } from '../helpers/cli';

const RULE = '[[rule]]\nname = "lunch"\nheader = "Subject"\npattern = "lunch"\nwarning = "mentions lunch"\n';

const cli = (...args: string[]): Promise<CliResult> => qqtag(args);

const deliver = (file: string) =>
  runQqtag({ message: fixture('messages/plain.eml'), envelope: fixture('envelopes/simple.env'), env: { QQTAG_CONFIG: file } });

test('check-config: ok, or the issue with file:line and exit 78', async () => {
  const good = configFile(`qmail_queue = "${FAKE_QQ}"\n${RULE}`);
  const ok = await cli('check-config', good);
  assert.deepEqual({ code: ok.code, stderr: ok.stderr }, { code: 0, stderr: '' });
  assert.ok(ok.stdout.endsWith(`\n${good}: ok\n`), ok.stdout);
  const bad = configFile('[dns]\ndeadline_ms = "soon"\n');
  const r = await cli('check-config', bad);
  assert.equal(r.code, 78);
  assert.match(r.stderr, new RegExp(`^qqtag: config ${bad}:2: dns\\.deadline_ms: `));
});

test('compile-config writes FILE.compiled, and queue mode then reads it instead of the TOML', async () => {
  const file = configFile(RULE);
  const r = await cli('compile-config', file);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.split('\n')[0], `${file}: ok, compiled to ${file}.compiled`);
  // Prove which one is read: change the compiled copy only (the TOML file is untouched, so it is not stale).
  const compiled = JSON.parse(readFileSync(`${file}.compiled`, 'utf8'));
  compiled.config.header = 'X-Compiled';
  writeFileSync(`${file}.compiled`, JSON.stringify(compiled));
  const q = await deliver(file);
  assert.equal(q.code, 0, q.stderr);
  assert.ok(q.queued?.message.toString('latin1').startsWith('X-Compiled: mentions lunch\n'), q.stderr);
});

test('a compiled file older than its TOML is not used: the TOML is, and the log says to recompile', async () => {
  const file = configFile(RULE);
  assert.equal((await cli('compile-config', file)).code, 0);
  writeFileSync(file, `header = "X-Fresh"\n${RULE}`);
  const q = await deliver(file);
  assert.ok(q.queued?.message.toString('latin1').startsWith('X-Fresh: mentions lunch\n'), q.stderr);
  assert.match(q.stderr, new RegExp(`warn: ${file}\\.compiled is older than ${file}: run qqtag compile-config`));
});

test('a compiled file from another qqtag (schema) is not used', async () => {
  const file = configFile(RULE);
  assert.equal((await cli('compile-config', file)).code, 0);
  const compiled = JSON.parse(readFileSync(`${file}.compiled`, 'utf8'));
  writeFileSync(`${file}.compiled`, JSON.stringify({ ...compiled, schema: 'other', config: { ...compiled.config, header: 'X-Old' } }));
  const q = await deliver(file);
  assert.ok(q.queued?.message.toString('latin1').startsWith('X-Spam-Warning: mentions lunch\n'), q.stderr);
  assert.match(q.stderr, /was compiled by another qqtag/);
});

test('compile-config refuses an invalid file and writes nothing', async () => {
  const file = configFile('[[rule]]\nname = "x"\nheader = "Subject"\nwarning = "w"\n');
  const r = await cli('compile-config', file);
  assert.equal(r.code, 78);
  assert.match(r.stderr, /rule\[0\]: give either pattern or missing = true/);
  assert.equal(existsSync(`${file}.compiled`), false);
});

test('the CLI without a command prints usage and exits 64', async () => {
  const r = await cli('frobnicate');
  assert.equal(r.code, 64);
  assert.match(r.stderr, /unknown command: frobnicate/);
});

test('an edit that restores the mtime (touch -d) still makes the compiled file stale: ctime moved', async () => {
  const file = configFile(RULE);
  assert.equal((await cli('compile-config', file)).code, 0);
  const before = statSync(file);
  execFileSync('touch', ['-r', file, `${file}.ref`]); // keep the exact timestamps
  await new Promise((r) => setTimeout(r, 20));
  writeFileSync(file, RULE.replace('mentions lunch', 'mentions LUNCH')); // same size
  execFileSync('touch', ['-r', `${file}.ref`, file]); // and the mtime put back
  assert.equal(statSync(file).size, before.size);
  assert.equal(statSync(file).mtimeMs, before.mtimeMs);
  const q = await deliver(file);
  assert.match(q.stderr, /is older than/);
  assert.ok(q.queued?.message.toString('latin1').startsWith('X-Spam-Warning: mentions LUNCH\n'), 'the edited TOML is in force');
});

test('a compiled file that is valid JSON but no config is not trusted', async () => {
  const file = configFile(RULE);
  assert.equal((await cli('compile-config', file)).code, 0);
  for (const junk of ['null', '{"config":null}', '[]']) {
    writeFileSync(`${file}.compiled`, junk);
    const q = await deliver(file);
    assert.equal(q.code, 0, q.stderr);
    assert.match(q.stderr, /compiled was compiled by another qqtag: run qqtag compile-config/);
    assert.ok(q.queued?.message.toString('latin1').startsWith('X-Spam-Warning: mentions lunch\n'), junk);
  }
});

// Issue "mistakes" §2: a hand-edited or damaged compiled file is checked as strictly as the TOML.
const damage: [string, (c: Record<string, unknown>) => void, RegExp][] = [
  ['a negative spool size', (c) => (c['spool_memory_bytes'] = -1), /spool_memory_bytes: not an integer/],
  ['a spool size that is a string', (c) => (c['spool_memory_bytes'] = '1M'), /spool_memory_bytes: not an integer/],
  ['a header name holding CR LF', (c) => (c['header'] = 'X-Evil\r\nBcc: victim@example.org\r\nX-A'), /header: not a header field name/],
  ['an unknown key', (c) => (c['dry_rum'] = true), /dry_rum: unknown key/],
  ['a missing key', (c) => delete c['dns'], /dns: not a table/],
  ['a rule with neither pattern nor missing', (c) => ((c['rule'] as Record<string, unknown>[])[0]!['pattern'] = undefined), /rule\[0\]: give either pattern or missing/],
  ['a zone that is no zone', (c) => (c['dnsbl'] = [{ zone: 'bad zone', codes: [], action: 'tag', ipv4: true, ipv6: true }]), /dnsbl\[0\]\.zone: not a DNS zone name/],
];
for (const [what, edit, said] of damage) {
  test(`a compiled file with ${what} is not used: the TOML is, and the log says why`, async () => {
    const file = configFile(RULE);
    assert.equal((await cli('compile-config', file)).code, 0);
    const compiled = JSON.parse(readFileSync(`${file}.compiled`, 'utf8'));
    edit(compiled.config);
    writeFileSync(`${file}.compiled`, JSON.stringify(compiled));
    const q = await deliver(file);
    assert.equal(q.code, 0, q.stderr);
    assert.match(q.stderr, /compiled is damaged: /);
    assert.match(q.stderr, said);
    assert.ok(q.queued?.message.toString('latin1').startsWith('X-Spam-Warning: mentions lunch\n'), q.stderr);
  });
}

test('compile-config gives FILE.compiled the mode of FILE (a 0640 config stays unreadable to others)', async () => {
  const file = configFile(RULE);
  chmodSync(file, 0o640);
  assert.equal((await cli('compile-config', file)).code, 0);
  assert.equal(statSync(`${file}.compiled`).mode & 0o777, 0o640);
});
