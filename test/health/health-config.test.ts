// The [health] keys: the TOML schema (zod) and the fast check of a compiled config agree on every value, good
// and bad, and the defaults are the documented ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/config';
import { configSchema } from '../../src/config-schema';
import { checkCompiled } from '../../src/compiled-check';
import { parseConfig } from '../../src/config-parse';

const GOOD: Record<string, unknown>[] = [
  {},
  { state_dir: '/srv/qqtag' },
  { failures: 1 },
  { failures: 100 },
  { backoff_s: 86_400, backoff_max_s: 1 },
  { self_test_minutes: 0 },
  { self_test_minutes: 10_080 },
];
const BAD: Record<string, unknown>[] = [
  { state_dir: 'var/lib/qqtag' },
  { state_dir: 5 },
  { failures: 0 },
  { failures: 101 },
  { failures: 2.5 },
  { backoff_s: 0 },
  { backoff_max_s: 86_401 },
  { self_test_minutes: -1 },
  { self_test_minutes: 10_081 },
  { self_test_minutes: '10' },
  { stat_dir: '/srv/qqtag' },
];

test('the [health] defaults', () => {
  assert.deepEqual(DEFAULT_CONFIG.health, { state_dir: '/var/lib/qqtag', failures: 3, backoff_s: 30, backoff_max_s: 900, self_test_minutes: 10 });
  const r = parseConfig('[health]\nfailures = 5\n', 'x.toml');
  assert.ok(r.ok);
  assert.deepEqual(r.value.health, { ...DEFAULT_CONFIG.health, failures: 5 });
});

test('zod and the compiled-config check agree on every [health] value, good and bad', () => {
  for (const health of [...GOOD, ...BAD]) {
    const zod = configSchema.safeParse({ health }).success;
    const compiled = checkCompiled({ ...DEFAULT_CONFIG, health: { ...DEFAULT_CONFIG.health, ...health } }).ok;
    assert.equal(zod, GOOD.includes(health), `zod on ${JSON.stringify(health)}`);
    assert.equal(compiled, zod, `compiled check on ${JSON.stringify(health)}`);
  }
  assert.equal(checkCompiled({ ...DEFAULT_CONFIG, health: undefined }).ok, false, 'a compiled config without [health] is not ours');
});
