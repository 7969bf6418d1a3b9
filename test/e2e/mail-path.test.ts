// The mail path end to end: the built qqtag between a qmail_open-style driver and the recording fake queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, ROOT, runQqtag } from '../helpers/run-qqtag';
import { assertBytesEqual } from '../helpers/bytes';
import { assertSummary, summaryOf } from '../helpers/summary';

const messages = readdirSync(join(ROOT, 'fixtures', 'messages')).filter((f) => f.endsWith('.eml'));
const simple = fixture('envelopes/simple.env');

for (const name of messages) {
  for (const mode of ['pipes', 'files'] as const) {
    test(`${name} reaches the queue byte for byte (${mode})`, async () => {
      const message = fixture(`messages/${name}`);
      const r = await runQqtag({ message, envelope: simple, mode });
      assert.equal(r.code, 0, r.stderr);
      assertBytesEqual(r.queued?.message, message, 'message');
      assertBytesEqual(r.queued?.envelope, simple, 'envelope');
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, `the summary line only:\n${r.stderr}`);
      assertSummary(r.stderr, { result: 'queued', exit: 0, qq: 0, action: 'pass', from: '<alice@example.net>', rcpts: 1, size: message.length, warnings: 0 });
    });
  }
}

const goodEnvelopes = [
  ['null-sender.env', 'from=<>'],
  ['8bit-address.env', 'from=<ren?@example.net>'],
  ['many-recipients.env', 'rcpts=2000'],
  ['no-recipients.env', 'rcpts=0'],
  ['empty-recipient.env', 'rcpts=1'],
] as const;
for (const [name, logged] of goodEnvelopes) {
  test(`envelope ${name} is handed on exactly as received`, async () => {
    const envelope = fixture(`envelopes/${name}`);
    const r = await runQqtag({ message: fixture('messages/plain.eml'), envelope });
    assert.equal(r.code, 0, r.stderr);
    assertBytesEqual(r.queued?.envelope, envelope, 'envelope');
    assert.ok(r.stderr.includes(logged), r.stderr);
  });
}

test('bytes after the final NUL are not handed on (qmail-queue ignores them too)', async () => {
  const envelope = fixture('envelopes/trailing-bytes.env');
  const r = await runQqtag({ message: fixture('messages/plain.eml'), envelope });
  assert.equal(r.code, 0, r.stderr);
  assertBytesEqual(r.queued?.envelope, envelope.subarray(0, envelope.indexOf('\0\0') + 2), 'envelope');
});

const badEnvelopes = [
  ['bad-empty.env', 54, /envelope cut short at byte 0/],
  ['bad-no-final-nul.env', 54, /envelope cut short at byte 30/],
  ['bad-cut-address.env', 54, /envelope cut short at byte 21/],
  ['bad-first-tag.env', 91, /envelope byte 0 is 0x58, expected 'F'/],
  ['bad-recipient-tag.env', 91, /envelope byte 15 is 0x52, expected 'T'/],
  ['long-address.env', 11, /envelope address at byte 1 is 1003 bytes or longer/], // qmail-queue's 11, given as it would
] as const;
for (const [name, code, said] of badEnvelopes) {
  test(`malformed envelope ${name} exits ${code}, says where, queues nothing`, async () => {
    const r = await runQqtag({ message: fixture('messages/plain.eml'), envelope: fixture(`envelopes/${name}`) });
    assert.equal(r.code, code, r.stderr);
    assert.equal(r.queued, null);
    assert.match(r.stderr, said);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 2, 'one error line, one summary line');
    assertSummary(r.stderr, { exit: code, qq: undefined, qp: undefined, result: code === 11 ? 'refused' : 'failed' });
  });
}

test('qmail-smtpd gave up mid-DATA: a prefix on fd 0, empty fd 1 -> 54, nothing queued', async () => {
  const r = await runQqtag({ message: fixture('messages/plain.eml').subarray(0, 57), envelope: Buffer.alloc(0) });
  assert.equal(r.code, 54);
  assert.equal(r.queued, null);
  assertSummary(r.stderr, { exit: 54, error: 'envelope_truncated', size: 57, qp: undefined });
});

test('a real shell pipe on fd 0, as qmail-inject | qqtag would have it', async () => {
  const message = fixture('messages/binary-body.eml');
  const r = await runQqtag({ message, envelope: simple, mode: 'files', shellPrefix: 'cat <&0 |' });
  assert.equal(r.code, 0, r.stderr);
  assertBytesEqual(r.queued?.message, message, 'message');
});

test('log lines never carry a raw control or 8-bit byte, whatever the environment and the envelope hold', async () => {
  const hostile = '\x1b[31mred\r\nqqtag: - pid 1: info: done v=1 result=queued\x07\xe9';
  const sender = Buffer.from(`Fa\x1b]0;x\x07\r\n\xe9@example.org\0Tb@example.org\0\0`, 'latin1');
  const r = await runQqtag({ message: fixture('messages/plain.eml'), envelope: sender, env: { QQTAG_DRYRUN: hostile, QQTAG_SKIP: hostile, TCPREMOTEIP: hostile } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warn: QQTAG_DRYRUN=\?\[31mred\?\?qqtag: /, 'the note is there, sanitised');
  assert.doesNotMatch(r.stderr, /[^\n\x20-\x7e]/);
  summaryOf(r.stderr); // exactly one summary line: the hostile text forged no second one

});
