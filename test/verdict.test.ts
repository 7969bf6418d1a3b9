import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideVerdict } from '../src/verdict';
import type { Finding } from '../src/checks/check';

const hit = (check: string, action: 'tag' | 'reject' | 'defer' = 'tag'): Finding => ({ kind: 'hit', check, text: check, action });
const opts = { rejectScore: 1, noteUnchecked: false };

test('the strongest action wins: reject > defer > tag', () => {
  assert.equal(decideVerdict([], opts).action, 'pass');
  assert.equal(decideVerdict([hit('dnsbl:a')], opts).action, 'tag');
  assert.equal(decideVerdict([hit('dnsbl:a'), hit('rule:b', 'defer')], opts).action, 'defer');
  assert.equal(decideVerdict([hit('rule:b', 'defer'), hit('dnsbl:a', 'reject')], opts).action, 'reject');
});

test('reject_score: below N hits a reject becomes a tag; defer stays', () => {
  const two = { ...opts, rejectScore: 2 };
  assert.equal(decideVerdict([hit('dnsbl:a', 'reject')], two).action, 'tag');
  assert.equal(decideVerdict([hit('dnsbl:a', 'reject'), hit('rule:b')], two).action, 'reject');
  assert.equal(decideVerdict([hit('dnsbl:a', 'reject'), hit('rule:b', 'defer')], { ...opts, rejectScore: 3 }).action, 'defer');
});

test('an allow list silences block lists, not rules', () => {
  const v = decideVerdict([{ kind: 'allow', check: 'dnswl:w', text: '' }, hit('dnsbl:a', 'reject'), hit('rule:b')], opts);
  assert.equal(v.action, 'tag');
  assert.deepEqual(v.warnings, ['rule:b']);
  assert.deepEqual(v.silenced, ['dnsbl:a']);
});

test('note_unchecked adds one line naming the zones that did not answer', () => {
  const f: Finding[] = [{ kind: 'error', check: 'dnsbl:a', reason: 'not answered' }, { kind: 'error', check: 'rhsbl:b', reason: 'not answered' }];
  assert.deepEqual(decideVerdict(f, { ...opts, noteUnchecked: true }).warnings, ['not checked: dnsbl:a, rhsbl:b']);
  assert.equal(decideVerdict(f, opts).warnings.length, 0);
});
