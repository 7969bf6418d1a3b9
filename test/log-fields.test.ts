// The quoting rule of docs/log.md, read back: parseFields against formatField and the edge cases of a log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatField, parseFields } from '../src/log-fields';

test('bare and quoted values, repeated keys, in order', () => {
  assert.deepEqual(parseFields('v=1 check="dnsbl:hit:11:Spamhaus ZEN" check=rule:pass:0:pills from=<a@b.example>'), [
    ['v', '1'], ['check', 'dnsbl:hit:11:Spamhaus ZEN'], ['check', 'rule:pass:0:pills'], ['from', '<a@b.example>'],
  ]);
});

test('escapes inside quotes: \\" and \\\\ only', () => {
  assert.deepEqual(parseFields('a="x \\"y\\" \\\\z" b=""'), [['a', 'x "y" \\z'], ['b', '']]);
  assert.equal(parseFields('a="\\n"'), null, 'no other escape');
});

test('a line cut inside a quoted value, after "=", or mid-key is not a field list', () => {
  for (const cut of ['a="unterminated', 'a=', 'a', 'a=1 b', 'a=1 b="x\\']) assert.equal(parseFields(cut), null, cut);
});

test('what is never written is refused: upper-case keys, "=" or "\\" in a bare value, text glued to a quote', () => {
  for (const bad of ['A=1', 'a=b=c', 'a=b\\c', 'a="x"y', 'a=é']) assert.equal(parseFields(bad), null, bad);
});

test('extra spaces between fields are tolerated; an empty text has no fields', () => {
  assert.deepEqual(parseFields(' a=1   b=2 '), [['a', '1'], ['b', '2']]);
  assert.deepEqual(parseFields(''), []);
});

test('every printable ASCII value survives formatField then parseFields', () => {
  let seed = 7;
  const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let i = 0; i < 2000; i++) {
    const value = Array.from({ length: rand(12) }, () => String.fromCharCode(0x20 + rand(95))).join('');
    assert.deepEqual(parseFields(`${formatField('k', value)} ${formatField('z', 'end')}`), [['k', value], ['z', 'end']], JSON.stringify(value));
  }
});
