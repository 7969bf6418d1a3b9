// The literal prefilter may only ever skip what re2js would not match: held to re2js on thousands of random
// patterns and texts, with the case-folding traps (U+212A, U+017F, U+0130) in them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import { foldCase, holdsAll, requiredLiterals } from '../../src/checks/required-literals';

test('the literals of plain patterns', () => {
  assert.deepEqual(requiredLiterals('(?i)cheap\\s+pills'), [{ text: 'cheap', caseless: true }, { text: 'pills', caseless: true }]);
  assert.deepEqual(requiredLiterals('(?i)free\\s+(money|cash)'), [{ text: 'free', caseless: true }]);
  assert.deepEqual(requiredLiterals('Viagra'), [{ text: 'Viagra', caseless: false }]);
  assert.deepEqual(requiredLiterals('colou?r'), [{ text: 'colo', caseless: false }, { text: 'r', caseless: false }]);
  assert.deepEqual(requiredLiterals('ab+c'), [{ text: 'ab', caseless: false }, { text: 'c', caseless: false }]);
  assert.deepEqual(requiredLiterals('a\\.b{0,2}c'), [{ text: 'a.', caseless: false }, { text: 'c', caseless: false }]);
  assert.deepEqual(requiredLiterals('cheap|pills'), [], 'top-level alternation: nothing required');
  assert.deepEqual(requiredLiterals('\\Qa.b\\E'), []);
});

/** A seeded generator of RE2 patterns from pieces that exercise every branch of the scan. */
function random(seed: number): () => number {
  return () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
}
const rnd = random(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
const PIECES = ['a', 'b', 'k', 's', 'K', 'S', 'x', 'ab', 'ks', ' ', '.', '\\.', '\\s', '\\d', '\\w', '[a-c]', '[^k]', '[]a]', '(a|k)', '(?:s)', '(?i)', '(?-i)',
  '*', '+', '?', '{2}', '{0,2}', '{1,}', '*?', '^', '$', '|', 'é', '\u212a', '\u017f', '\\pL', '\\p{Greek}', '\\x41', '(?i:ks)', '\\b', '{', '\\-'];
const TEXT = ['a', 'b', 'k', 's', 'K', 'S', 'x', ' ', '.', '-', '\u212a', '\u017f', '\u0130', 'é', 'É', '1', '{', 'A', 'B', 'ks', 'KS', 'ab'];

test('held to re2js: missing literals => no match (4000 random patterns, 12 texts each)', () => {
  let checked = 0;
  let skipped = 0;
  for (let i = 0; i < 4000; i++) {
    const pattern = Array.from({ length: 1 + Math.floor(rnd() * 7) }, () => pick(PIECES)).join('');
    let re: RE2JS;
    try {
      re = RE2JS.compile(pattern);
    } catch {
      continue; // not RE2: queue mode's config refuses it
    }
    const literals = requiredLiterals(pattern);
    for (let t = 0; t < 12; t++) {
      const text = Array.from({ length: Math.floor(rnd() * 10) }, () => pick(TEXT)).join('');
      checked++;
      if (holdsAll(literals, text, foldCase(text))) continue;
      skipped++;
      assert.equal(re.test(text), false, `pattern ${JSON.stringify(pattern)} literals ${JSON.stringify(literals)} text ${JSON.stringify(text)}`);
    }
  }
  assert.ok(skipped > 5000 && checked > 20000, `checked ${checked}, skipped ${skipped}: the prefilter was exercised`);
});
