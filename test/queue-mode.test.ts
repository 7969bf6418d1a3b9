// A bug of ours in the checks or the verdict costs the message nothing: it goes on untagged (not 81).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../src/config';
import { decide } from '../src/queue-mode';
import { CheckRun } from '../src/checks/run-checks';
import type { MessageCheck, MessageFacts } from '../src/checks/check';
import { lazyHeaderFields } from '../src/header-block';

const facts: MessageFacts = {
  ip: '192.0.2.1',
  env: {},
  helo: undefined,
  envelope: { sender: Buffer.from('a@example.org'), recipients: [Buffer.from('b@example.org')], raw: Buffer.from('Fa@example.org\0Tb@example.org\0\0') },
  headers: lazyHeaderFields({ bytes: Buffer.from('Subject: hi\n'), complete: true }),
};
const hit: MessageCheck = { id: 'rule:x', kind: 'rule', label: 'x', stage: 'message', run: async () => [{ kind: 'hit', check: 'rule:x', text: 'tagged', action: 'reject' }] };

test('a check that throws is a `failed` finding of that check, not a bug of the message', async () => {
  const throwing: MessageCheck = { ...hit, id: 'rule:y', label: 'y', run: async () => { throw new Error('boom'); } };
  const run = new CheckRun(() => ({ checks: [hit, throwing], dns: undefined }));
  const decided = await decide(run, DEFAULT_CONFIG, facts);
  assert.equal(decided.verdict?.action, 'reject');
  assert.equal(decided.lines.toString(), 'X-Spam-Warning: tagged\n');
});

test('a bug in the verdict or the added lines: delivered untagged, nothing refused', async () => {
  // A check object whose kind cannot be read: decideVerdict (through describe) throws.
  const broken = new Proxy(hit, { get: (t, p) => (p === 'kind' ? (() => { throw new Error('bug'); })() : Reflect.get(t, p)) });
  const run = new CheckRun(() => ({ checks: [broken], dns: undefined }));
  const decided = await decide(run, DEFAULT_CONFIG, facts);
  assert.equal(decided.verdict, undefined);
  assert.equal(decided.lines.length, 0);
});
