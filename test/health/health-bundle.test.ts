// Zone health costs a message without DNS lists nothing: its code is the lazy bundle dist/health.cjs, which
// queue mode loads only when lists are configured (src/checks/build-checks.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/run-qqtag';

test('the queue-mode bundle holds no zone health code; dist/health.cjs does', () => {
  const main = readFileSync(join(ROOT, 'dist', 'qqtag.cjs'), 'utf8');
  const health = readFileSync(join(ROOT, 'dist', 'health.cjs'), 'utf8');
  for (const marker of ['health.json', 'health: self-test', 'must never be listed', '::FFFF:7F00:1']) {
    assert.ok(health.includes(marker), `the marker is real: dist/health.cjs has ${marker}`);
    assert.equal(main.includes(marker), false, `dist/qqtag.cjs contains ${marker}`);
  }
});
