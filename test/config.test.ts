import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatConfigIssue, DEFAULT_CONFIG } from '../src/config';
import { parseConfig } from '../src/config-parse';
import { configSchema } from '../src/config-schema';
import { findKeyLine } from '../src/config-locate';
import { isServerAddress } from '../src/config-rules';
import { checkCompiled } from '../src/compiled-check';

test('the built-in defaults are what the schema makes of an empty file', () => {
  assert.deepEqual(configSchema.parse({}), DEFAULT_CONFIG);
});

test('an empty file is the built-in defaults', () => {
  const r = parseConfig('', 'x.toml');
  assert.ok(r.ok);
  assert.deepEqual(r.value, DEFAULT_CONFIG);
  assert.equal(r.value.header, 'X-Spam-Warning');
  assert.equal(r.value.dns.deadline_ms, 3000);
});

test('a full issue-2 config parses', () => {
  const r = parseConfig(
    'qmail_queue = "/var/qmail/bin/qmail-queue"\ndry_run = true\nheader = "X-Local-Warn"\nspool_dir = "/var/tmp"\n' +
      '[dns]\nservers = ["127.0.0.1:5300", "::1", "[::1]:53"]\ndeadline_ms = 1500\n',
    'x.toml',
  );
  assert.ok(r.ok, r.ok ? '' : formatConfigIssue(r.issue));
  assert.equal(r.value.dry_run, true);
  assert.deepEqual(r.value.dns.servers, ['127.0.0.1:5300', '::1', '[::1]:53']);
});

test('a TOML syntax error names its line', () => {
  const r = parseConfig('a = 1\nb = [\n', 'x.toml');
  assert.ok(!r.ok);
  assert.equal(r.issue.code, 'syntax');
  assert.ok(r.issue.line !== undefined && r.issue.line >= 2);
});

test('findKeyLine finds keys in tables and in arrays of tables', () => {
  const src = 'a = 1\n[dns]\nservers = []\n\n[[dnsbl]]\nzone = "a"\n[[dnsbl]]\nlabel = "x"\nzone = "b"\n';
  assert.equal(findKeyLine(src, ['a']), 1);
  assert.equal(findKeyLine(src, ['dns', 'servers']), 3);
  assert.equal(findKeyLine(src, ['dnsbl', 1, 'zone']), 9);
  assert.equal(findKeyLine(src, ['dnsbl', 0, 'zone']), 6);
  assert.equal(findKeyLine(src, ['dnsbl', 1, 'codes']), 7, 'missing key: the table header');
});

test('isServerAddress: ip, ip:port, [v6]:port with port 1-65535; not names', () => {
  for (const ok of ['127.0.0.1', '127.0.0.1:5300', '::1', '[::1]:53', '127.0.0.1:1', '[::1]:65535']) assert.ok(isServerAddress(ok), ok);
  for (const bad of ['localhost', '127.0.0.1:99999', '127.0.0.1:65536', '1.2.3', '[::1]:x']) assert.ok(!isServerAddress(bad), bad);
});

test('port 0 is a config error naming the key, not a resolver that aborts on every message', () => {
  for (const server of ['127.0.0.1:0', '[::1]:0', '127.0.0.1:00']) {
    assert.ok(!isServerAddress(server), server);
    const r = parseConfig(`[dns]\nservers = ["${server}"]\n`, 'x.toml');
    assert.ok(!r.ok, server);
    assert.match(formatConfigIssue(r.issue), /servers/);
  }
});

test('the compiled-config check and the zod schema agree: 3000 random one-value mutations of a full config', () => {
  const full = parseConfig(
    `qmail_queue = "/var/qmail/bin/qmail-queue"\nspool_dir = "/var/tmp"\n[dns]\nservers = ["127.0.0.1:5300"]\n` +
      `[[dnsbl]]\nzone = "zen.spamhaus.org"\nlabel = "ZEN"\ncodes = ["127.0.0.2-127.0.0.11", "&4"]\n` +
      `[[dnswl]]\nzone = "list.dnswl.org"\n[[rhsbl]]\nzone = "dbl.spamhaus.org"\n[checks]\nno_rdns = "tag"\n` +
      `[[rule]]\nname = "pills"\nheader = "Subject"\npattern = "pills"\nwarning = "w"\n[[rule]]\nname = "mid"\nheader = "Message-ID"\nmissing = true\nwarning = "m"\n` +
      `[[local]]\nfile = "/etc/qqtag/nets"\ntype = "ip"\n`,
    'x.toml',
  );
  assert.ok(full.ok);
  const VALUES: unknown[] = [true, false, 0, 1, -1, 2.5, 50, 3000, 60_001, 262_144, 1e9, '', 'x', '/abs', 'rel/path', '127.0.0.1', '127.0.0.1:5300',
    '[::1]:53', 'tag', 'off', 'reject', 'zen.spamhaus.org', 'bad zone', 'X-Header', 'X Bad', 'X\r\nBcc', '127.0.0.2', '&4', '&0',
    'rejected: {ip}', 'bad {place}', 'ip', 'domain', 'helo', [], ['x'], ['helo'], {}, null, undefined];
  /** Every path to a leaf (a scalar or an empty array) of the config, and to each array. */
  const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
    v !== null && typeof v === 'object' ? [...(Array.isArray(v) ? [at] : []), ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, Array.isArray(v) ? Number(k) : k]))] : [at];
  const all = paths(full.value).filter((p) => p.length > 0 && p.at(-1) !== 'pattern'); // patterns: RE2 is checked at run time only
  let seed = 5;
  const next = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
  let agreedValid = 0;
  for (let i = 0; i < 3000; i++) {
    const config = structuredClone(full.value) as Record<string, unknown>;
    const path = all[next(all.length)] ?? [];
    let parent = config as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const value = VALUES[next(VALUES.length)];
    const last = path.at(-1) ?? '';
    if (value === undefined) delete parent[last];
    else parent[last] = value;
    if (value === undefined && !String(path.at(-1) ?? '').match(/^(qmail_queue|spool_dir|label|codes|pattern|missing)$/)) continue; // a compiled config is complete; zod would fill it
    const zod = configSchema.safeParse(config).success;
    const compiled = checkCompiled(config).ok;
    assert.equal(compiled, zod, `${path.join('.')} = ${JSON.stringify(value)}: zod ${zod}, compiled check ${compiled}`);
    if (zod) agreedValid++;
  }
  assert.ok(agreedValid > 100, `the mutations include valid configs too (${agreedValid})`);
});

test('the compiled-config check refuses inherited names as keys (constructor, toString, __proto__), as zod does', () => {
  for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    const config = JSON.parse(JSON.stringify(DEFAULT_CONFIG).replace('{', `{"${key}":1,`)) as Record<string, unknown>;
    assert.ok(Object.hasOwn(config, key), key);
    assert.equal(configSchema.safeParse(config).success, false, `zod on ${key}`);
    const r = checkCompiled(config);
    assert.ok(!r.ok && r.problem.includes(key), `${key}: ${JSON.stringify(r)}`);
  }
});
