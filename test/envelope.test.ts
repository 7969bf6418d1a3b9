import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressDomain, parseEnvelope } from '../src/envelope';
import { fixture } from './helpers/run-qqtag';

test('parses sender and recipients as raw bytes, raw ends at the final NUL', () => {
  const r = parseEnvelope(fixture('envelopes/8bit-address.env'));
  assert.ok(r.ok);
  assert.deepEqual(r.value.sender, Buffer.from('ren\xe9@example.net', 'latin1'));
  assert.deepEqual(r.value.recipients, [Buffer.from('b\xe9b@example.org', 'latin1')]);
  assert.equal(r.value.raw.length, fixture('envelopes/8bit-address.env').length);
});

test('null sender, zero recipients and an empty recipient are accepted, as qmail-queue accepts them', () => {
  const nul = parseEnvelope(fixture('envelopes/null-sender.env'));
  assert.ok(nul.ok && nul.value.sender.length === 0);
  const none = parseEnvelope(fixture('envelopes/no-recipients.env'));
  assert.ok(none.ok && none.value.recipients.length === 0);
  const empty = parseEnvelope(fixture('envelopes/empty-recipient.env'));
  assert.ok(empty.ok && empty.value.recipients.length === 1 && empty.value.recipients[0]?.length === 0);
});

test('each malformed kind gives its code and offset', () => {
  const cases = [
    ['bad-empty.env', { code: 'truncated', offset: 0 }],
    ['bad-no-final-nul.env', { code: 'truncated', offset: 30 }],
    ['bad-cut-address.env', { code: 'truncated', offset: 21 }],
    ['bad-first-tag.env', { code: 'bad_tag', offset: 0, byte: 0x58 }],
    ['bad-recipient-tag.env', { code: 'bad_tag', offset: 15, byte: 0x52 }],
  ] as const;
  for (const [name, issue] of cases) {
    const r = parseEnvelope(fixture(`envelopes/${name}`));
    assert.ok(!r.ok, name);
    assert.deepEqual(r.issue, issue, name);
  }
});

test('a sender with only F and NUL, then EOF, is cut short (qmail-queue: 54)', () => {
  const r = parseEnvelope(Buffer.from('F\0', 'latin1'));
  assert.deepEqual(r, { ok: false, issue: { code: 'truncated', offset: 2 } });
});

test('addressDomain: the bytes after the last @; none for <> or no @', () => {
  assert.equal(addressDomain(Buffer.from('"a@b"@Example.NET')).toString(), 'Example.NET');
  assert.equal(addressDomain(Buffer.alloc(0)).length, 0);
  assert.equal(addressDomain(Buffer.from('postmaster')).length, 0);
});
