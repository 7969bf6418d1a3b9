// A block without an encoded-word is split here, not by mailsplit; has() and plainText() never load it: all held
// to what mailsplit's parse gives, on random header blocks with the odd shapes (folds, CRLF, no colon, an mbox
// From line, 8-bit bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lazyHeaderFields, plainValue, splitFields, unfoldBlock } from '../src/header-block';
import { parseHeaderFields } from '../src/lazy/headers';

const NAMES = ['Subject', 'subject', 'From', 'X-Spam', 'Message-ID', 'Date', 'To', ''];
const LINES = ['Subject: cheap pills', 'subject : lower', 'From: a@example.org', ' folded continuation', '\tfolded tab', 'X-Spam:x', 'no colon here',
  'Message-ID: <1@x>', 'From a@b Mon Jan 1', 'Date: today', 'To:\xe9t\xe9', 'Subject: caf\xc3\xa9 \xe2\x84\xaa', ': no name', 'POST /x'];

test('all(name) and has(name) agree with mailsplit; every value is part of plainText (3000 random blocks)', () => {
  let seed = 11;
  const next = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
  for (let i = 0; i < 3000; i++) {
    const eol = next(3) === 0 ? '\r\n' : '\n';
    const text = Array.from({ length: 1 + next(6) }, () => LINES[next(LINES.length)]).join(eol) + eol;
    const bytes = Buffer.from(text, 'latin1');
    const lazy = lazyHeaderFields({ bytes, complete: true });
    const parsed = parseHeaderFields(bytes);
    assert.deepEqual(splitFields(unfoldBlock(bytes), plainValue), parsed, JSON.stringify(text));
    const byMailsplit = (name: string): string[] => parsed.filter((f) => f.name === name.toLowerCase()).map((f) => f.value);
    for (const name of NAMES) {
      assert.deepEqual(lazy.all(name), byMailsplit(name), `${JSON.stringify(text)} ${name}`);
      assert.equal(lazy.has(name), byMailsplit(name).length > 0, `${JSON.stringify(text)} ${name}`);
    }
    const plain = lazy.plainText();
    assert.ok(plain, 'no encoded-word, complete: a plain text');
    for (const name of NAMES) for (const v of byMailsplit(name)) assert.ok(plain.text.includes(v), `${JSON.stringify(v)} in ${JSON.stringify(plain.text)}`);
  }
});

test('plainText is withheld where values may hold what the raw block hides: an encoded-word, a block cut at the cap', () => {
  assert.equal(lazyHeaderFields({ bytes: Buffer.from('Subject: =?utf-8?q?cheap?=\n'), complete: true }).plainText(), undefined);
  assert.equal(lazyHeaderFields({ bytes: Buffer.from('Subject: cheap\n'), complete: false }).plainText(), undefined);
});

test('a block with an encoded-word is parsed by mailsplit and decoded', () => {
  const fields = lazyHeaderFields({ bytes: Buffer.from('Subject: =?utf-8?q?caf=C3=A9?= ok\nFrom: a@b\n'), complete: true });
  assert.deepEqual(fields.all('subject'), ['café ok']);
  assert.deepEqual(fields.all('From'), ['a@b']);
});
