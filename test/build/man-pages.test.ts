// The markdown → roff rendering of the man pages (src/build/man-pages.ts): what it adds to marked-man.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderManPage } from '../../src/build/man-pages';

const page = (body: string): Promise<string> => renderManPage(`# x(8) -- a page\n\n## DESCRIPTION\n\n${body}\n`, '1.2.3');

test('a list of "TERM:" items becomes .TP definitions, with paragraphs and code kept under the term', async () => {
  const roff = await page('* `QQTAG_SKIP`=`1`:\n  No checks.\n\n  More.\n\n  ```\n  .dot line\n  ```\n\n* `TMPDIR`:\n  Spool.');
  assert.match(roff, /^\.TP\n\\fB\\%QQTAG_SKIP\\fP=\\fB1\\fP\nNo checks\\\.\n\.IP\nMore\\\.\n\.IP\n\.RS\n\.RS 2\n\.nf\n\\&\.dot line\n\.fi\n\.RE\n\.RE\n/m);
  assert.match(roff, /^\.TP\n\\fB\\%TMPDIR\\fP\nSpool\\\.$/m);
  assert.doesNotMatch(roff, /\\\(bu/);
});

test('plain bullets stay bullets; a list mixing them with "TERM:" items stops the build', async () => {
  assert.match(await page('* one\n* two'), /^\.IP \\\(bu 2\none$/m);
  await assert.rejects(page('* `a`:\n  text\n* a bullet'), /mixes "TERM:" items and bullets/);
});

test('inline code: quotes as they are, never hyphenated, the space after it kept', async () => {
  const roff = await page('Set `QMAILQUEUE="/usr/local/bin/qqtag" x` in tcprules.');
  assert.match(roff, /Set \\fB\\%QMAILQUEUE="\/usr\/local\/bin\/qqtag" \\%x\\fP in tcprules\\\./);
});

test('tables: tbl asked for on the first line, narrow columns at their width, the prose column gets the rest', async () => {
  const roff = await page(`| exit | meaning |\n|---|---|\n| 64 | usage: ${'an unknown command or option, '.repeat(4)}|`);
  assert.equal(roff.split('\n')[0], `'\\" t`);
  assert.match(roff, /^\.TS\nbox;\nlw\(4n\) lw\(57n\)\.$/m);
  assert.match(roff, /^\.TE\n\.sp\n/m);
});
