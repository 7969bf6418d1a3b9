import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideVerdict } from '../src/verdict';
import type { Finding } from '../src/checks/check';

const hit = (check: string, action: 'tag' | 'reject' | 'defer' = 'tag'): Finding => ({ kind: 'hit', check, text: check, action });
// Check ids are "kind:name" here; the verdict learns a check's kind and label through `describe`.
const describe = (id: string) => ({ kind: id.split(':')[0] as 'dnsbl', label: `label of ${id}` });
const opts = { rejectScore: 1, noteUnchecked: false, describe };

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

test('note_unchecked adds one line naming, by label, the checks that did not answer in time (not other errors)', () => {
  const f: Finding[] = [
    { kind: 'error', check: 'dnsbl:a', problem: 'timeout', reason: 'no answer' },
    { kind: 'error', check: 'rhsbl:b', problem: 'timeout', reason: 'no answer' },
    { kind: 'error', check: 'dnsbl:c', problem: 'refused', reason: 'answer 127.255.255.254' },
  ];
  assert.deepEqual(decideVerdict(f, { ...opts, noteUnchecked: true }).warnings, ['not checked: label of dnsbl:a, label of rhsbl:b']);
  assert.equal(decideVerdict(f, opts).warnings.length, 0);
});

test('the decisive hit is the one whose action was taken (its text goes into a reply)', () => {
  assert.equal(decideVerdict([hit('rule:b'), hit('dnsbl:a', 'reject')], opts).decisive?.check, 'dnsbl:a');
  assert.equal(decideVerdict([hit('rule:b'), hit('dnsbl:a', 'defer')], opts).decisive?.check, 'dnsbl:a');
  assert.equal(decideVerdict([hit('rule:b'), hit('dnsbl:a')], opts).decisive?.check, 'rule:b');
  assert.equal(decideVerdict([hit('rule:b', 'reject')], { ...opts, rejectScore: 2 }).decisive?.check, 'rule:b');
});
