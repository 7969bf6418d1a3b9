// TAI64N labels and the stamps of log lines (multilog, tai64nlocal, none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTai64n, parseTai64n } from '../../src/cli/audit/tai64n';
import { splitStamp } from '../../src/cli/audit/stamp';

test('a label is 2^62 + 10 + Unix seconds, then nanoseconds (libtai, tai64nlocal)', () => {
  // 0x69299c9e = 1764334750 s; minus libtai's 10 s
  assert.equal(parseTai64n('@4000000069299c9e1b2f5e4c'), (1764334750 - 10) * 1000 + 456);
  assert.equal(new Date(parseTai64n('@400000005ebc4a640000000a') ?? 0).toISOString(), '2020-05-13T19:28:26.000Z');
});

test('format and parse agree to the millisecond', () => {
  for (const ms of [0, 1, 999, 1764334750123, 2 ** 32 * 1000 + 5]) assert.equal(parseTai64n(formatTai64n(ms)), ms);
  assert.match(formatTai64n(Date.UTC(2026, 10, 30)), /^@400000006b[0-9a-f]{14}$/);
});

test('what is not a label: wrong length, not hex, nanoseconds ≥ 10^9, before 1970', () => {
  for (const bad of ['@4000000069299c9e1b2f5e4', '@4000000069299c9e1b2f5e4cc', '@40000000g9299c9e1b2f5e4c', '@4000000069299c9e3b9aca00', '@3fffffff69299c9e1b2f5e4c']) {
    assert.equal(parseTai64n(bad), null, bad);
  }
});

test('a multilog line: the label, one space, the text', () => {
  assert.deepEqual(splitStamp('@4000000069299c9e1b2f5e4c qqtag: x'), { time: (1764334750 - 10) * 1000 + 456, text: 'qqtag: x' });
});

test('a tai64nlocal line is local time with nanoseconds', () => {
  const s = splitStamp('2026-11-30 14:05:06.250000000 qqtag: x');
  assert.equal(s.text, 'qqtag: x');
  assert.equal(s.time, new Date(2026, 10, 30, 14, 5, 6, 250).getTime());
});

test('plain lines and broken labels have no time and keep their text whole', () => {
  assert.deepEqual(splitStamp('qqtag: x'), { time: undefined, text: 'qqtag: x' });
  assert.deepEqual(splitStamp('@zzzz000069299c9e1b2f5e4c qqtag: x'), { time: undefined, text: '@zzzz000069299c9e1b2f5e4c qqtag: x' });
  assert.deepEqual(splitStamp(''), { time: undefined, text: '' });
});
