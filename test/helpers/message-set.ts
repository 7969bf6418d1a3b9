// The messages the filter recipes are tried on, tagged by qqtag itself (the built dist/qqtag, a real rbldnsd
// for the list lines, rules for the others) and then delivered as qmail delivers them:
//   queued  the queue file: qmail-queue's "Received: (qmail N invoked from network)" on top of what qqtag
//           handed on; what qmail-local gives a .qmail program on fd 0
//   stored  as qmail-local writes it into a Maildir: Return-Path and Delivered-To on top of `queued`
//   prelined  what `| preline cmd` hands cmd: an mbox From line, Return-Path, Delivered-To, then `queued`
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_QQ, fixture, makeTempDir, runQqtag } from './run-qqtag';
import { dtLine, rpLine } from './qmail-local';
import { requireTools } from './mail-user';
import { startRbldnsd, type DnsServer } from './rbldnsd';

export interface Delivered {
  readonly name: string;
  readonly queued: Buffer;
  readonly stored: Buffer;
  readonly prelined: Buffer;
  readonly tagged: boolean; // qqtag's lines are there
  readonly listed: boolean; // one of them says "listed in Spamhaus" (the per-list recipes)
}

export const SENDER = 'alice@example.net';
export const RECIPIENT = 'joe@example.org';
const DATE = '30 Nov 2026 14:00:00 -0000';
const QUEUE_RECEIVED = `Received: (qmail 12345 invoked from network); ${DATE}\n`;
const SMTP_RECEIVED = `Received: from mail.example.net (HELO mail.example.net) (CLIENT)\n  by mx.example.org with SMTP; ${DATE}\n`;
const LISTED_IP = '192.0.2.1'; // on bl.test (fixtures/zones/bl.zone)
const CLEAN_IP = '192.0.2.99';
const envelope = fixture('envelopes/simple.env');

const rulesConfig = (dns: string, label: string): string =>
  `[dns]\nservers = ["${dns}"]\n[[dnsbl]]\nzone = "bl.test"\nlabel = "${label}"\n` +
  '[[rule]]\nname = "pills"\nheader = "Subject"\npattern = "(?i)cheap\\\\s+pills"\nwarning = "subject offers pills"\n' +
  '[[rule]]\nname = "no-message-id"\nheader = "Message-ID"\nmissing = true\nwarning = "no Message-ID header"\n';

const header = (subject: string, extra = '', msgId = true): string =>
  `From: Alice <${SENDER}>\nTo: ${RECIPIENT}\nSubject: ${subject}\nDate: Mon, 30 Nov 2026 13:59:00 +0000\n` +
  `${msgId ? 'Message-ID: <m1@example.net>\n' : ''}${extra}`;

/** The three forms of a queue file's content. */
export function deliveredForms(name: string, queued: Buffer, tagged: boolean, listed: boolean): Delivered {
  const top = Buffer.from(rpLine(SENDER) + dtLine(RECIPIENT), 'latin1');
  const from = Buffer.from(`From ${SENDER} Mon Nov 30 14:00:00 2026\n`, 'latin1');
  return { name, queued, stored: Buffer.concat([top, queued]), prelined: Buffer.concat([from, top, queued]), tagged, listed };
}

const crlf = (b: Buffer): Buffer => Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');

interface Input {
  readonly ip: string;
  readonly text: Buffer; // the message as the SMTP client sent it (after qmail-smtpd's Received line)
  readonly label?: string;
  readonly lines: number; // how many lines qqtag must add
  readonly chain?: boolean; // a chained QMAILQUEUE filter after qqtag adds a field above ours
}

/** Runs the built qqtag on one message; returns the queue file (qmail-queue's line on top of what it got). */
async function tag(dns: string, input: Input): Promise<Buffer> {
  const message = Buffer.concat([Buffer.from(SMTP_RECEIVED.replace('CLIENT', input.ip), 'latin1'), input.text]);
  const env: Record<string, string> = { TCPREMOTEIP: input.ip, TCPREMOTEHOST: 'mail.example.net' };
  if (input.chain) {
    const dir = makeTempDir();
    const chained = join(dir, 'chained-filter');
    // A QMAILQUEUE filter of the kind qmail-qfilter runs: adds its field, hands message and envelope on.
    writeFileSync(chained, `#!/bin/sh\n{ printf 'X-Chained-Filter: checked\\n'; cat; } | exec ${FAKE_QQ}\n`);
    chmodSync(chained, 0o755);
    env['QQTAG_QMAILQUEUE'] = chained;
  }
  const r = await runQqtag({ message, envelope, config: rulesConfig(dns, input.label ?? 'Spamhaus ZEN'), env, mode: 'files' });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.queued, 'queued');
  const added = r.queued.message.subarray(0, r.queued.message.length - message.length).toString('latin1');
  assert.equal(added.match(/^X-Spam-Warning:/gm)?.length ?? 0, input.lines, `${added}\n${r.stderr}`);
  return Buffer.concat([Buffer.from(QUEUE_RECEIVED, 'latin1'), r.queued.message]);
}

const text = (s: string): Buffer => Buffer.from(s, 'latin1');
const BIG_BODY = 20 * 1024 * 1024;

/** Every message of the set. `dns` is the rbldnsd serving fixtures/zones ("127.0.0.1:port"). */
export async function makeMessageSet(dns: string): Promise<Delivered[]> {
  const t = (input: Input): Promise<Buffer> => tag(dns, input);
  const oneLine = await t({ ip: CLEAN_IP, text: text(`${header('cheap pills')}\nBuy now.\n`), lines: 1 });
  const oneStored = deliveredForms('one line', oneLine, true, false).stored;
  const attached =
    `${header('fwd: look at this', 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n')}\n` +
    '--b1\nContent-Type: text/plain\n\nSee the attached message.\n' +
    `--b1\nContent-Type: message/rfc822\n\n${oneStored.toString('latin1')}\n--b1--\n`;
  const pasted = `${header('fwd: look at this')}\n---------- Forwarded message ----------\n${oneStored.toString('latin1')}`;
  const forwarded = (queued: Buffer): Buffer =>
    Buffer.concat([text(`Received: (qmail 23456 invoked by uid 1001); ${DATE}\n${dtLine('joe-fwd@example.org')}`), queued]);
  const set: [string, Buffer, boolean, boolean][] = [
    ['untagged', await t({ ip: CLEAN_IP, text: text(`${header('lunch')}\nSee you at noon.\n`), lines: 0 }), false, false],
    ['one line', oneLine, true, false],
    ['three lines', await t({ ip: LISTED_IP, text: text(`${header('cheap pills', '', false)}\nBuy now.\n`), lines: 3 }), true, true],
    ['a folded list line', await t({ ip: LISTED_IP, text: text(`${header('lunch')}\nHi.\n`), lines: 1 }), true, true],
    ['an encoded-word label', await t({ ip: LISTED_IP, label: 'Liste Österreich', text: text(`${header('lunch')}\nHi.\n`), lines: 1 }), true, false],
    ['a sender-forged field', await t({ ip: CLEAN_IP, text: text(`${header('lunch', 'X-Spam-Warning: listed in Spamhaus (forged by the sender)\n')}\nHi.\n`), lines: 0 }), false, false],
    ['the string only in the body', await t({ ip: CLEAN_IP, text: text(`${header('lunch')}\nX-Spam-Warning: listed in Spamhaus\n`), lines: 0 }), false, false],
    ['a tagged message attached as message/rfc822', await t({ ip: CLEAN_IP, text: text(attached), lines: 0 }), false, false],
    ['a tagged message pasted inline', await t({ ip: CLEAN_IP, text: text(pasted), lines: 0 }), false, false],
    ['a 20 MB tagged message', await t({ ip: CLEAN_IP, text: Buffer.concat([text(`${header('cheap pills')}\n`), Buffer.alloc(BIG_BODY, 'body line\n')]), lines: 1 }), true, false],
    ['CRLF-stored, tagged', oneLine, true, false],
    ['CRLF-stored, the string only in the body', await t({ ip: CLEAN_IP, text: text(`${header('lunch')}\nX-Spam-Warning: listed in Spamhaus\n`), lines: 0 }), false, false],
    ['a chained filter\'s field above ours', await t({ ip: CLEAN_IP, chain: true, text: text(`${header('cheap pills')}\nBuy now.\n`), lines: 1 }), true, false],
    ['a .qmail forward', forwarded(oneLine), true, false],
  ];
  return set.map(([name, queued, tagged, listed]) => {
    const d = deliveredForms(name, queued, tagged, listed);
    // as a store that keeps CRLF line ends (an IMAP upload, a copy from elsewhere) holds it: every form
    return name.startsWith('CRLF') ? { ...d, queued: crlf(d.queued), stored: crlf(d.stored), prelined: crlf(d.prelined) } : d;
  });
}

/** For a tools test file: before its tests, checks that `tools` (and rbldnsd) are installed, starts rbldnsd and
 *  makes the set; stops rbldnsd after them. The set, once made. */
export function messageSetForFile(...tools: string[]): () => Delivered[] {
  let rbl: DnsServer | undefined;
  let set: Delivered[] = [];
  before(async () => {
    requireTools(...tools, 'rbldnsd');
    rbl = await startRbldnsd();
    set = await makeMessageSet(rbl.address);
  });
  after(async () => rbl?.stop());
  return () => set;
}
