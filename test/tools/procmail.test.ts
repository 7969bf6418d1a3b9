// The procmail recipes of docs/filtering.md with Debian's procmail, on every message of the set as
// `| preline procmail` hands it over (an mbox From line first). procmail runs as the mail user with the rcfile
// named on its command line and two lines put in front of the recipe: HOME (procmail takes it from the passwd
// entry) and ORGMAIL (its last resort, here inside the test's directory, so that a failure shows and never
// reaches /var/mail). -m (mail filter mode) only so that procmail, setuid root, does not create the user's
// empty system mailbox in /var/mail on this machine: the rcfile is processed the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageSetForFile } from '../helpers/message-set';
import { delivered, makeHome, placement, type Home } from '../helpers/mailbox';
import { handOver, runAsMailUser, type Ran } from '../helpers/mail-user';
import { recipe } from '../helpers/recipes';

const RC = recipe('# ~/.procmailrc');
const PER_LIST = recipe('# ~/.procmailrc (per list)');

const messageSet = messageSetForFile('procmail');

async function procmail(h: Home, rc: string, message: Buffer): Promise<Ran> {
  const file = join(h.home, '.procmailrc');
  writeFileSync(file, `HOME=${h.home}\nORGMAIL=${h.dir}/orgmail\n${rc}`, { mode: 0o600 });
  writeFileSync(join(h.dir, 'message'), message);
  handOver(h.dir);
  const fd = openSync(join(h.dir, 'message'), 'r');
  try {
    return await runAsMailUser('procmail', ['-m', file], { stdin: fd, cwd: h.home, env: { PATH: '/usr/bin:/bin' } });
  } finally {
    closeSync(fd);
  }
}

test('~/.procmailrc: tagged mail to the Spam maildir (created by procmail), the rest to INBOX', async () => {
  assert.ok(messageSet().length >= 14);
  for (const m of messageSet()) {
    const h = makeHome(); // no .Spam: procmail makes the maildir itself
    const r = await procmail(h, RC, m.prelined);
    assert.equal(r.code, 0, `${m.name}: ${r.output}`);
    assert.deepEqual(placement(h), [m.tagged ? 'Spam' : 'INBOX'], m.name);
    assert.ok(!existsSync(join(h.dir, 'orgmail')), `${m.name}: nothing fell back to ORGMAIL`);
    const [stored] = delivered(h, m.tagged ? '.Spam' : '');
    assert.ok(stored?.subarray(stored.length - m.queued.length).equals(m.queued), `${m.name}: the message arrives unchanged`);
  }
});

test('per list: "listed in Spamhaus" to Listed, other tagged mail to Spam, the rest to INBOX', async () => {
  for (const m of messageSet()) {
    const h = makeHome();
    const r = await procmail(h, PER_LIST, m.prelined);
    assert.equal(r.code, 0, `${m.name}: ${r.output}`);
    assert.deepEqual(placement(h), [m.listed ? 'Listed' : m.tagged ? 'Spam' : 'INBOX'], m.name);
  }
});

test("the plain header pattern misreads a CRLF-stored message: why the recipe asks qqtag is-tagged", async () => {
  const m = messageSet().find((x) => x.name === 'CRLF-stored, the string only in the body');
  assert.ok(m);
  const h = makeHome();
  await procmail(h, 'MAILDIR=$HOME/Maildir/\nDEFAULT=$MAILDIR\n:0\n* ^X-Spam-Warning:\n.Spam/\n', m.prelined);
  assert.deepEqual(placement(h), ['Spam'], 'procmail took the body line for a header field');
  const right = makeHome();
  await procmail(right, RC, m.prelined);
  assert.deepEqual(placement(right), ['INBOX']);
});
