// The .qmail + condredirect recipes of docs/filtering.md, delivered by the qmail-local stand-in with the
// condredirect stand-in (both keep qmail's behaviour: test/helpers/qmail-local.ts, fixtures/bin/condredirect),
// on every message of the set. A forward is queued through the recording fake qmail-queue, then delivered by
// ~/.qmail-spam as qmail-send would hand it to qmail-local.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { messageSetForFile, RECIPIENT, SENDER, type Delivered } from '../helpers/message-set';
import { deliverLocal, dtLine, rpLine, type LocalDelivery } from '../helpers/qmail-local';
import { delivered, type Home, homeWithFolders, makeHome, placement, runShellStep } from '../helpers/mailbox';
import { handOver } from '../helpers/mail-user';
import { recipe } from '../helpers/recipes';
import { FAKE_QQ } from '../helpers/run-qqtag';
import { runIsTagged } from '../helpers/run-is-tagged';

const DOT_QMAIL = recipe('# ~/.qmail');
const PER_LIST = recipe('# ~/.qmail (per list)');
const FORWARDS: Record<string, string> = {
  'joe-spam@example.org': recipe('# ~/.qmail-spam'),
  'joe-listed@example.org': recipe('# ~/.qmail-listed'),
};
const PATH = `${dirname(process.execPath)}:/usr/bin:/bin`; // node for the stand-in and the launcher

const messageSet = messageSetForFile();


/** One delivery as qmail-send and qmail-local do it, following a condredirect forward to its .qmail-EXT. */
async function deliver(h: Home, dotQmail: string, queued: Buffer, recipient = RECIPIENT): Promise<LocalDelivery[]> {
  const queue = join(h.dir, `queue-${Math.random().toString(36).slice(2)}`);
  mkdirSync(queue);
  handOver(queue);
  const env = { PATH, QMAILQUEUE: FAKE_QQ, FAKEQQ_DIR: queue };
  const first = await deliverLocal({ home: h.home, dotQmail, queued, sender: SENDER, recipient, work: h.dir, env });
  if (!existsSync(join(queue, 'envelope'))) return [first];
  const envelope = readFileSync(join(queue, 'envelope'), 'latin1');
  const to = /^F[^\0]*\0T([^\0]*)\0\0$/.exec(envelope)?.[1] ?? '';
  assert.equal(envelope, `F${SENDER}\0T${to}\0\0`, 'condredirect queues from the sender to one address');
  const forwarded = readFileSync(join(queue, 'message'));
  assert.ok(forwarded.equals(Buffer.concat([Buffer.from(dtLine(recipient)), queued])), 'DTLINE, then the message');
  // qmail-queue's line for a message queued by a local user, then qmail-local for the -EXT address
  const next = Buffer.concat([Buffer.from('Received: (qmail 23457 invoked by uid 65534); 30 Nov 2026 14:00:02 -0000\n'), forwarded]);
  const dot = FORWARDS[to];
  assert.ok(dot, `forwarded to ${to}`);
  return [first, ...(await deliver(h, dot, next, to))];
}

test('~/.qmail with condredirect: tagged mail to Spam, the rest to INBOX, byte for byte', async () => {
  assert.ok(messageSet().length >= 14);
  for (const m of messageSet()) {
    const h = homeWithFolders('.Spam');
    const results = await deliver(h, DOT_QMAIL, m.queued);
    assert.deepEqual(results.map((r) => r.status), m.tagged ? ['delivered', 'delivered'] : ['delivered'], `${m.name}: ${results.map((r) => r.output).join('')}`);
    assert.deepEqual(placement(h), [m.tagged ? 'Spam' : 'INBOX'], m.name);
    const [stored] = delivered(h, m.tagged ? '.Spam' : '');
    assert.ok(stored, m.name);
    assert.ok(stored.subarray(stored.length - m.queued.length).equals(m.queued), `${m.name}: the message arrives unchanged`);
    if (m.tagged) {
      assert.ok(stored.toString('latin1').startsWith(`${rpLine(SENDER)}${dtLine('joe-spam@example.org')}Received: (qmail 23457 invoked by uid`));
      assert.equal((await runIsTagged(h.dir, stored)).code, 0, `${m.name}: the copy in Spam still reads as tagged`);
    }
  }
});

test('per list: "listed in Spamhaus" to Listed, other tagged mail to Spam, the rest to INBOX', async () => {
  for (const m of messageSet()) {
    const h = homeWithFolders('.Spam', '.Listed');
    await deliver(h, PER_LIST, m.queued);
    assert.deepEqual(placement(h), [m.listed ? 'Listed' : m.tagged ? 'Spam' : 'INBOX'], m.name);
  }
});

test('the awk twin in the same line makes the same choices', async () => {
  const line = DOT_QMAIL.replace(/\/dist\/qqtag is-tagged$/m, '/dist/qqtag-is-tagged');
  assert.notEqual(line, DOT_QMAIL);
  for (const m of messageSet()) {
    const h = homeWithFolders('.Spam');
    await deliver(h, line, m.queued);
    assert.deepEqual(placement(h), [m.tagged ? 'Spam' : 'INBOX'], m.name);
  }
});

const tagged = (): Delivered => {
  const m = messageSet().find((x) => x.name === 'one line');
  assert.ok(m);
  return m;
};

test('a typo in the program path: condredirect delivers normally, the filter is silently off', async () => {
  const h = homeWithFolders('.Spam');
  const [r] = await deliver(h, DOT_QMAIL.replace('/dist/qqtag is-tagged', '/dist/qqtagg is-tagged'), tagged().queued);
  assert.equal(r?.status, 'delivered');
  assert.deepEqual(placement(h), ['INBOX']);
});

test('no ~/Maildir/.Spam: the forward is queued, its delivery deferred (the message waits in the queue)', async () => {
  const h = homeWithFolders();
  const results = await deliver(h, DOT_QMAIL, tagged().queued);
  assert.deepEqual(results.map((r) => r.status), ['delivered', 'deferred']);
  assert.deepEqual(placement(h), []);
});

test('condredirect: a program exiting 111 or killed by a signal defers the whole delivery', async () => {
  for (const program of ['/bin/sh -c "exit 111"', '/bin/sh -c "kill -KILL \\$\\$"']) {
    const h = homeWithFolders('.Spam');
    const [r] = await deliver(h, `| ${join(dirname(FAKE_QQ), 'condredirect')} joe-spam@example.org ${program}\n./Maildir/\n`, tagged().queued);
    assert.equal(r?.status, 'deferred', program);
    assert.deepEqual(placement(h), []);
  }
});

test('never `| qqtag is-tagged` as a .qmail line of its own: qmail-local defers on its exit 1', async () => {
  const h = homeWithFolders('.Spam');
  const untagged = messageSet().find((x) => x.name === 'untagged');
  assert.ok(untagged);
  const line = DOT_QMAIL.replace(/^\| \S+condredirect joe-spam@example.org /m, '| ');
  assert.match(line, /^\| \S+\/dist\/qqtag is-tagged$/m);
  const [r] = await deliver(h, line, untagged.queued);
  assert.equal(r?.status, 'deferred');
});
