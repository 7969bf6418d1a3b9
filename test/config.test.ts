import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatConfigIssue, DEFAULT_CONFIG } from '../src/config';
import { parseConfig } from '../src/config-parse';
import { configSchema } from '../src/config-schema';
import { findKeyLine } from '../src/config-locate';
import { isServerAddress } from '../src/config-rules';

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

test('isServerAddress: ip, ip:port, [v6]:port; not names', () => {
  for (const ok of ['127.0.0.1', '127.0.0.1:5300', '::1', '[::1]:53']) assert.ok(isServerAddress(ok), ok);
  for (const bad of ['localhost', '127.0.0.1:99999', '1.2.3', '[::1]:x']) assert.ok(!isServerAddress(bad), bad);
});
