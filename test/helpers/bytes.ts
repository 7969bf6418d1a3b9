// Buffer comparison that fails with the first differing offset and a hex window around it.
import assert from 'node:assert/strict';

const hex = (b: Buffer, from: number): string =>
  [...b.subarray(from, from + 16)].map((x) => x.toString(16).padStart(2, '0')).join(' ');

export function assertBytesEqual(actual: Buffer | null | undefined, expected: Buffer, what = 'bytes'): void {
  assert.ok(actual, `${what}: nothing recorded`);
  if (actual.equals(expected)) return;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const from = Math.max(0, i - 8);
  assert.fail(
    `${what} differ at offset ${i} (lengths ${actual.length} vs ${expected.length})\n` +
      `  actual   @${from}: ${hex(actual, from)}\n  expected @${from}: ${hex(expected, from)}`,
  );
}
