// The message set the recipes are tried on holds what its names say (checked on qqtag's own output), and
// `qqtag is-tagged --list` / `--match` read qqtag's real lines: unfolded, encoded-words decoded, per list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageSetForFile, type Delivered } from '../helpers/message-set';
import { makeTempDir } from '../helpers/run-qqtag';
import { runIsTagged } from '../helpers/run-is-tagged';

const messageSet = messageSetForFile();

const get = (name: string): Delivered => {
  const m = messageSet().find((x) => x.name === name);
  assert.ok(m, name);
  return m;
};
const LISTED = '192.0.2.1 is listed in Spamhaus ZEN (127.0.0.2): listed by qqtag test for 192.0.2.1, see https://bl.test/q?192.0.2.1';

test('a folded list line: folded in the message, one line in --list', async () => {
  const m = get('a folded list line');
  assert.match(m.stored.toString('latin1'), /^X-Spam-Warning: [^\n]*\n [^\n]*\nReceived: from /m, 'qqtag folded it');
  const r = await runIsTagged(makeTempDir(), m.stored, ['--list']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `${LISTED}\n`);
});

test('an encoded-word label: encoded in the message, decoded for --list and --match', async () => {
  const m = get('an encoded-word label');
  assert.match(m.stored.toString('latin1'), /=\?UTF-8\?Q\?=C3=96sterreich\?=/);
  const dir = makeTempDir();
  const list = await runIsTagged(dir, m.stored, ['--list']);
  assert.equal(list.stdout, `${LISTED.replace('Spamhaus ZEN', 'Liste Österreich')}\n`);
  assert.equal((await runIsTagged(dir, m.stored, ['--match', 'listed in Liste Österreich'])).code, 0);
  assert.equal((await runIsTagged(dir, m.stored, ['--match', 'listed in Spamhaus'])).code, 1);
});

test('three lines, in the order qqtag wrote them; --match picks the list line', async () => {
  const m = get('three lines');
  const dir = makeTempDir();
  const r = await runIsTagged(dir, m.stored, ['--list']);
  assert.equal(r.stdout, `${LISTED}\nsubject offers pills\nno Message-ID header\n`);
  const one = await runIsTagged(dir, m.stored, ['--list', '--match', 'listed in Spamhaus']);
  assert.equal(one.stdout, `${LISTED}\n`);
});

test('every message: --list is empty exactly when untagged; the forged and quoted lines never show', async () => {
  const dir = makeTempDir();
  for (const m of messageSet()) {
    const r = await runIsTagged(dir, m.stored, ['--list']);
    assert.equal(r.code, m.tagged ? 0 : 1, m.name);
    assert.equal(r.stdout === '', !m.tagged, m.name);
    assert.doesNotMatch(r.stdout, /forged|^listed in Spamhaus$/m, m.name);
  }
});
