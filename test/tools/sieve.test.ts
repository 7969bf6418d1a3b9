// The Sieve recipes of docs/filtering.md with Debian's Dovecot (dovecot-lda, Pigeonhole's sieve_extprograms),
// on every message of the set as qmail-local hands it to `| dovecot-lda`. Each home has a private Dovecot
// config: a Maildir, the user's ~/.dovecot.sieve, and the documented plugin block with its program directory
// made the documented way (mkdir, ln -s) inside the test's directory. dovecot-lda runs as the mail user
// (Dovecot refuses root) with only HOME and USER: it gives executed programs no PATH either.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeMessageSet, RECIPIENT, SENDER, type Delivered } from '../helpers/message-set';
import { delivered, makeHome, placement, runShellStep, type Home } from '../helpers/mailbox';
import { AS_ROOT, handOver, requireTools, runAsMailUser, type Ran } from '../helpers/mail-user';
import { recipe } from '../helpers/recipes';
import { startRbldnsd, type DnsServer } from '../helpers/rbldnsd';
import { AWK_TWIN } from '../helpers/run-is-tagged';

const LDA = '/usr/lib/dovecot/dovecot-lda';
const BIN_DIR = '/usr/lib/dovecot/sieve-execute';
const PLAIN = recipe('# ~/.dovecot.sieve');
const EXECUTE = recipe('# ~/.dovecot.sieve (execute)');
const PER_LIST = recipe('# ~/.dovecot.sieve (execute, per list)');

let rbl: DnsServer | undefined;
let set: Delivered[] = [];
before(async () => {
  requireTools(LDA, 'rbldnsd');
  // Dovecot runs programs without PATH: the shell's default path must find node (docs/filtering.md).
  const node = execFileSync('/usr/bin/env', ['-i', '/bin/sh', '-c', 'command -v node || true'], { encoding: 'utf8' }).trim();
  assert.ok(node, 'node is not on the default PATH of /bin/sh (/usr/local/bin, /usr/bin): Dovecot could not run qqtag');
  rbl = await startRbldnsd();
  set = await makeMessageSet(rbl.address);
});
after(async () => rbl?.stop());

/** A home whose private dovecot.conf enables the documented plugin block, with ~/.dovecot.sieve = `script`. */
function sieveHome(script: string): Home {
  const h = makeHome();
  const bin = join(h.dir, 'sieve-execute');
  runShellStep(h, recipe('mkdir -p /usr/lib/dovecot/sieve-execute', [[BIN_DIR, bin]]));
  runShellStep(h, `ln -s ${AWK_TWIN} ${bin}/`); // the page's line for the twin
  const config =
    'mail_location = maildir:~/Maildir\nprotocols =\nlog_path = /dev/stderr\n' +
    'protocol lda {\n  mail_plugins = sieve\n}\nplugin {\n  sieve = file:~/sieve;active=~/.dovecot.sieve\n}\n' +
    recipe('# /etc/dovecot/conf.d/90-sieve-extprograms.conf', [[BIN_DIR, bin]]) +
    (AS_ROOT ? 'mail_uid = nobody\nmail_gid = nogroup\n' : '');
  writeFileSync(join(h.dir, 'dovecot.conf'), config);
  writeFileSync(join(h.home, '.dovecot.sieve'), script);
  handOver(h.dir);
  return h;
}

async function lda(h: Home, message: Buffer): Promise<Ran> {
  writeFileSync(join(h.dir, 'message'), message);
  handOver(h.dir);
  const fd = openSync(join(h.dir, 'message'), 'r');
  try {
    const env = { HOME: h.home, USER: AS_ROOT ? 'nobody' : (process.env['USER'] ?? '') };
    return await runAsMailUser(LDA, ['-c', join(h.dir, 'dovecot.conf'), '-f', SENDER, '-a', RECIPIENT], { stdin: fd, cwd: h.home, env });
  } finally {
    closeSync(fd);
  }
}

/** A sender-forged field is the one thing the plain form gets wrong: it files such mail to Spam. */
const forged = (m: Delivered): boolean => m.name === 'a sender-forged field';

test('the plain form: tagged mail to Spam, and also the sender-forged field (its stated limit)', async () => {
  assert.ok(set.length >= 14);
  for (const m of set) {
    const h = sieveHome(PLAIN);
    const r = await lda(h, m.queued);
    assert.equal(r.code, 0, `${m.name}: ${r.output}`);
    assert.deepEqual(placement(h), [m.tagged || forged(m) ? 'Spam' : 'INBOX'], m.name);
  }
});

test('execute :pipe "qqtag" ["is-tagged", "--read-all"]: exactly the tagged mail to Spam', async () => {
  for (const m of set) {
    const h = sieveHome(EXECUTE);
    const r = await lda(h, m.queued);
    assert.equal(r.code, 0, `${m.name}: ${r.output}`);
    assert.deepEqual(placement(h), [m.tagged ? 'Spam' : 'INBOX'], `${m.name}: ${r.output}`);
    const [stored] = delivered(h, m.tagged ? '.Spam' : '');
    const lf = (b: Buffer): string => b.toString('latin1').replace(/\r\n/g, '\n'); // Dovecot stores LF line ends
    assert.ok(stored && lf(stored).endsWith(lf(m.queued)), `${m.name}: the message arrives whole`);
  }
});

test('per list and without Node: "listed in Spamhaus" to Listed, other tagged mail to Spam (qqtag-is-tagged)', async () => {
  for (const m of set) {
    const h = sieveHome(PER_LIST);
    const r = await lda(h, m.queued);
    assert.equal(r.code, 0, `${m.name}: ${r.output}`);
    assert.deepEqual(placement(h), [m.listed ? 'Listed' : m.tagged ? 'Spam' : 'INBOX'], `${m.name}: ${r.output}`);
  }
});

test('without --read-all a large message breaks the pipe and stays in INBOX: why the recipe has it', async () => {
  const big = set.find((m) => m.name.startsWith('a 20 MB'));
  assert.ok(big);
  const h = sieveHome(EXECUTE.replace('["is-tagged", "--read-all"]', '["is-tagged"]'));
  const r = await lda(h, big.queued);
  assert.equal(r.code, 0);
  assert.deepEqual(placement(h), ['INBOX']);
  assert.match(r.output, /Broken pipe|failed to execute/);
});
