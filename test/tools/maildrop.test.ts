// The maildrop recipes of docs/filtering.md with Debian's maildrop, on every message of the set as
// `| preline maildrop` hands it over. maildrop runs in manual mode (the filter file named on its command line)
// as the mail user, with one line put in front of the recipe: HOME="<the test's home>" — in delivery mode
// maildrop would take the home from the passwd entry (nobody's is /nonexistent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageSetForFile } from '../helpers/message-set';
import { delivered, type Home, homeWithFolders, makeHome, placement, runShellStep } from '../helpers/mailbox';
import { AS_ROOT, handOver, runAsMailUser, type Ran } from '../helpers/mail-user';
import { recipe } from '../helpers/recipes';

const FILTER = recipe('# ~/.mailfilter');
const PER_LIST = recipe('# ~/.mailfilter (per list)');
const EX_TEMPFAIL = 75;

const messageSet = messageSetForFile('maildrop');


async function maildrop(h: Home, filter: string, message: Buffer): Promise<Ran> {
  const file = join(h.home, '.mailfilter');
  writeFileSync(file, `HOME="${h.home}"\n${filter}`, { mode: 0o600 });
  writeFileSync(join(h.dir, 'message'), message);
  handOver(h.dir);
  const fd = openSync(join(h.dir, 'message'), 'r');
  try {
    return await runAsMailUser('maildrop', [file], { stdin: fd, cwd: h.home, env: { PATH: '/usr/bin:/bin' } });
  } finally {
    closeSync(fd);
  }
}

test('~/.mailfilter: tagged mail to Spam, the rest to INBOX', async () => {
  assert.ok(messageSet().length >= 14);
  for (const m of messageSet()) {
    const h = homeWithFolders('.Spam');
    const r = await maildrop(h, FILTER, m.prelined);
    assert.equal(r.code, 0, `${m.name}: ${r.output}`);
    assert.deepEqual(placement(h), [m.tagged ? 'Spam' : 'INBOX'], m.name);
    const [stored] = delivered(h, m.tagged ? '.Spam' : '');
    assert.ok(stored?.subarray(stored.length - m.queued.length).equals(m.queued), `${m.name}: the message arrives unchanged`);
  }
});

test('per list: "listed in Spamhaus" to Listed, other tagged mail to Spam, the rest to INBOX', async () => {
  for (const m of messageSet()) {
    const h = homeWithFolders('.Spam', '.Listed');
    const r = await maildrop(h, PER_LIST, m.prelined);
    assert.equal(r.code, 0, `${m.name}: ${r.output}`);
    assert.deepEqual(placement(h), [m.listed ? 'Listed' : m.tagged ? 'Spam' : 'INBOX'], m.name);
  }
});

test('without SHELL="/bin/sh", a user whose login shell is nologin gets every message in INBOX, silently', async () => {
  assert.ok(AS_ROOT, 'needs root, to run maildrop as nobody (login shell /usr/sbin/nologin): .ci/run runs as root');
  const noShell = FILTER.replace('SHELL="/bin/sh"\n', '');
  assert.notEqual(noShell, FILTER);
  const m = messageSet().find((x) => x.name === 'one line');
  assert.ok(m);
  const h = homeWithFolders('.Spam');
  const r = await maildrop(h, noShell, m.prelined);
  assert.equal(r.code, 0);
  assert.deepEqual(placement(h), ['INBOX']);
  const fixed = homeWithFolders('.Spam');
  await maildrop(fixed, FILTER, m.prelined);
  assert.deepEqual(placement(fixed), ['Spam']);
});

test('no ~/Maildir/.Spam: maildrop defers the delivery (EX_TEMPFAIL)', async () => {
  const m = messageSet().find((x) => x.name === 'one line');
  assert.ok(m);
  const h = homeWithFolders();
  const r = await maildrop(h, FILTER, m.prelined);
  assert.equal(r.code, EX_TEMPFAIL, r.output);
  assert.deepEqual(placement(h), []);
});

test("maildrop's own header pattern files a forged line and an attached message's header to Spam: why the recipe asks qqtag is-tagged", async () => {
  const pattern = 'DEFAULT="$HOME/Maildir/"\nif (/^X-Spam-Warning:/)\n{\n  to "$HOME/Maildir/.Spam/"\n}\n';
  for (const name of ['a sender-forged field', 'a tagged message attached as message/rfc822']) {
    const m = messageSet().find((x) => x.name === name);
    assert.ok(m);
    const h = homeWithFolders('.Spam');
    await maildrop(h, pattern, m.prelined);
    assert.deepEqual(placement(h), ['Spam'], name);
    const right = homeWithFolders('.Spam');
    await maildrop(right, FILTER, m.prelined);
    assert.deepEqual(placement(right), ['INBOX'], name);
  }
});
