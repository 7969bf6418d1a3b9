import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAnswers, compileCodes, isRefusal } from '../../src/checks/answer-codes';
import { isCodeSpec } from '../../src/config-rules';

test('code specs: address, range, CIDR, bitmask; junk rejected', () => {
  for (const ok of ['127.0.0.2', '127.0.0.2-127.0.0.11', '127.0.0.4/30', '&4', '&255']) assert.ok(isCodeSpec(ok), ok);
  for (const bad of ['127.0.0', '127.0.0.9-127.0.0.2', '127.0.0.0/33', '&0', '&256', 'any', '']) assert.ok(!isCodeSpec(bad), bad);
});

test('no codes: any 127/8 answer but 127.0.0.1 and the refusals is a listing', () => {
  const none = compileCodes(undefined);
  assert.deepEqual(classifyAnswers(['127.0.0.2'], none), { kind: 'listed', codes: ['127.0.0.2'] });
  assert.deepEqual(classifyAnswers(['127.0.0.10', '127.0.0.4'], none), { kind: 'listed', codes: ['127.0.0.10', '127.0.0.4'] });
  assert.deepEqual(classifyAnswers([], none), { kind: 'not_listed' });
  assert.deepEqual(classifyAnswers(['127.0.0.1'], none), { kind: 'refused', answer: '127.0.0.1' });
});

test('refusal codes are never a listing, even when codes would match them', () => {
  for (const a of ['127.255.255.254', '127.255.255.252', '127.0.0.255', '127.0.1.255', '10.0.0.1', '192.0.2.1']) {
    assert.ok(isRefusal(a), a);
    assert.equal(classifyAnswers([a], compileCodes(['&255', '0.0.0.0/0'])).kind, 'refused', a);
  }
  assert.equal(classifyAnswers(['127.0.0.2', '127.255.255.254'], compileCodes(undefined)).kind, 'refused');
});

test('codes select; 127.0.0.1 counts only when named', () => {
  const codes = compileCodes(['127.0.0.4/30', '&64', '127.0.0.1']);
  assert.deepEqual(classifyAnswers(['127.0.0.6'], codes), { kind: 'listed', codes: ['127.0.0.6'] });
  assert.deepEqual(classifyAnswers(['127.0.0.8'], codes), { kind: 'not_listed' });
  assert.deepEqual(classifyAnswers(['127.0.0.66'], codes), { kind: 'listed', codes: ['127.0.0.66'] });
  assert.deepEqual(classifyAnswers(['127.0.0.1'], codes), { kind: 'listed', codes: ['127.0.0.1'] });
});
