import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanText, foldLine, formatWarningLines } from '../src/warning-header';

test('a short warning is one LF-terminated line', () => {
  const { bytes } = formatWarningLines('X-Spam-Warning', ['192.0.2.1 is listed in Example BL (127.0.0.2)'], 65536);
  assert.equal(bytes.toString(), 'X-Spam-Warning: 192.0.2.1 is listed in Example BL (127.0.0.2)\n');
});

test('long warnings fold at spaces under 78 characters, continuation lines start with a space', () => {
  const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
  const out = foldLine('X-Spam-Warning', text);
  const lines = out.slice(0, -1).split('\n');
  assert.ok(lines.length > 1);
  for (const l of lines) assert.ok(l.length <= 78, l);
  for (const l of lines.slice(1)) assert.ok(l.startsWith(' '));
  assert.equal(out.replace(/\n /g, ' '), `X-Spam-Warning: ${text}\n`);
});

test('a single huge token never makes a line over 998', () => {
  const out = foldLine('X-Spam-Warning', `see ${'x'.repeat(5000)}`);
  for (const l of out.split('\n')) assert.ok(l.length <= 998);
});

test('CR, LF and controls from outside data cannot start a new header line', () => {
  assert.equal(cleanText('listed\r\nBcc: victim@example.org\x00\x07 end'), 'listed Bcc: victim@example.org end');
  const { bytes } = formatWarningLines('X-W', ['a\nX-Injected: 1'], 65536);
  assert.equal(bytes.toString(), 'X-W: a X-Injected: 1\n');
});

test('non-ASCII admin text becomes RFC 2047 encoded words, ASCII only', () => {
  const { bytes } = formatWarningLines('X-W', ['Betreff enthält Werbung'], 65536);
  const text = bytes.toString('latin1');
  assert.ok(/^[\x20-\x7e\n]*$/.test(text), text);
  assert.match(text, /=\?UTF-8\?Q\?/i);
});

test('lines stop before the byte budget and say how many were dropped', () => {
  const r = formatWarningLines('X-W', ['one', 'two', 'three'], 20);
  assert.equal(r.bytes.toString(), 'X-W: one\nX-W: two\n');
  assert.equal(r.dropped, 1);
});
