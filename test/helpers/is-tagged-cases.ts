// Hand-written headers for the is-tagged decision, each with the answer both `qqtag is-tagged` and its awk twin
// must give (test/cli/is-tagged.test.ts, test/e2e/is-tagged.test.ts, test/tools/awk-twin.test.ts). The
// messages made by qqtag itself and delivered as qmail would are in message-set.ts.

export interface DecisionCase {
  readonly name: string;
  readonly message: string; // latin1
  readonly header?: string; // --header
  readonly tagged: boolean;
  readonly lines?: readonly string[]; // the trusted texts, unfolded (default: none when untagged)
}

const TOP = 'Return-Path: <alice@example.net>\nDelivered-To: joe@example.org\nReceived: (qmail 12345 invoked from network); 30 Nov 2026 14:00:00 -0000\n';
const SMTP = 'Received: from mail.example.net (HELO mail.example.net) (192.0.2.1)\n  by mx.example.org with SMTP; 30 Nov 2026 13:59:59 -0000\n';
const SENDER = 'From: Alice <alice@example.net>\nTo: joe@example.org\nSubject: lunch\n';
const BODY = '\nSee you at noon.\n';
const crlf = (s: string): string => s.replace(/\n/g, '\r\n');
const MBOX = 'From alice@example.net Mon Nov 30 14:00:00 2026\n';
const INJECTED = 'Received: (qmail 4242 invoked by uid 1000); 30 Nov 2026 14:00:00 -0000\n';
const FORWARD =
  'Return-Path: <alice@example.net>\nDelivered-To: joe-fwd@example.org\nReceived: (qmail 23456 invoked by uid 1001); 30 Nov 2026 14:00:01 -0000\n' +
  'Delivered-To: joe@example.org\nReceived: (qmail 12345 invoked from network); 30 Nov 2026 14:00:00 -0000\n';
const padding = (bytes: number): string => `X-Padding: ${'p'.repeat(70)}\n`.repeat(Math.ceil(bytes / 82));
const tagged = (lines: readonly string[], at = TOP): string => `${at}${lines.map((l) => `X-Spam-Warning: ${l}\n`).join('')}${SMTP}${SENDER}${BODY}`;

export const DECISION_CASES: readonly DecisionCase[] = [
  { name: 'untagged', message: TOP + SMTP + SENDER + BODY, tagged: false },
  { name: 'one line', message: tagged(['subject offers pills']), tagged: true, lines: ['subject offers pills'] },
  { name: 'three lines', message: tagged(['a', 'b', 'c']), tagged: true, lines: ['a', 'b', 'c'] },
  {
    name: 'a folded line, unfolded',
    message: tagged(['192.0.2.1 is listed in Example BL (127.0.0.2): see\n https://bl.example/q?192.0.2.1']),
    tagged: true,
    lines: ['192.0.2.1 is listed in Example BL (127.0.0.2): see https://bl.example/q?192.0.2.1'],
  },
  { name: 'the name in another case', message: `${TOP}x-spam-warning: low\n${SMTP}${SENDER}${BODY}`, tagged: true, lines: ['low'] },
  { name: 'blanks before the colon and around the text', message: `${TOP}X-Spam-Warning :  spaced \n${SMTP}${SENDER}${BODY}`, tagged: true, lines: ['spaced'] },
  { name: 'an empty line of ours', message: `${TOP}X-Spam-Warning:\n${SMTP}${SENDER}${BODY}`, tagged: true, lines: [''] },
  { name: 'forged by the sender, below Received: from', message: `${TOP}${SMTP}X-Spam-Warning: forged\n${SENDER}${BODY}`, tagged: false },
  {
    name: 'ours and a forged one: only ours listed',
    message: `${TOP}X-Spam-Warning: ours\n${SMTP}X-Spam-Warning: forged\n${SENDER}${BODY}`,
    tagged: true,
    lines: ['ours'],
  },
  { name: 'only in the body', message: `${TOP}${SMTP}${SENDER}\nX-Spam-Warning: in the body\n`, tagged: false },
  { name: 'a blank first line: all body', message: '\nX-Spam-Warning: body\n', tagged: false },
  { name: 'CRLF, tagged', message: crlf(tagged(['crlf'])), tagged: true, lines: ['crlf'] },
  { name: 'CRLF, the string only in the body', message: crlf(`${TOP}${SMTP}${SENDER}\nX-Spam-Warning: body\n`), tagged: false },
  { name: 'CRLF, folded', message: crlf(tagged(['one\n two'])), tagged: true, lines: ['one two'] },
  { name: 'an mbox From line first, tagged', message: MBOX + tagged(['m']), tagged: true, lines: ['m'] },
  { name: 'an mbox From line first, untagged', message: MBOX + TOP + SMTP + SENDER + BODY, tagged: false },
  { name: 'a chained filter above ours', message: tagged(['c'], `${TOP}X-Other-Filter: seen\n`), tagged: true, lines: ['c'] },
  { name: 'a .qmail forward on top', message: tagged(['f'], FORWARD), tagged: true, lines: ['f'] },
  { name: 'Received: from with a tab', message: `${TOP}Received:\tfrom x (1.2.3.4)\nX-Spam-Warning: below\n${SENDER}${BODY}`, tagged: false },
  { name: 'RECEIVED: FROM in capitals', message: `${TOP}RECEIVED: FROM x\nX-Spam-Warning: below\n${SENDER}${BODY}`, tagged: false },
  { name: 'Received: folded before from', message: `${TOP}Received:\n from x\nX-Spam-Warning: below\n${SENDER}${BODY}`, tagged: false },
  { name: 'injected (no Received: from), ours in the leading block', message: `${INJECTED}X-Spam-Warning: local\n${SENDER}${BODY}`, tagged: true, lines: ['local'] },
  { name: "injected, the line after the sender's From:", message: `${INJECTED}${SENDER}X-Spam-Warning: local\n${BODY}`, tagged: false },
  {
    name: 'injected and delivered: Return-Path and Delivered-To on top',
    message: `Return-Path: <a@b>\nDelivered-To: joe@example.org\n${INJECTED}X-Spam-Warning: x\n${SENDER}${BODY}`,
    tagged: true,
    lines: ['x'],
  },
  { name: "injected, a chained filter's field ends the block", message: `${INJECTED}X-Other-Filter: seen\nX-Spam-Warning: x\n${SENDER}${BODY}`, tagged: false },
  { name: "Received: (qmail without a number) is not qmail-queue's", message: `Received: (qmail x invoked by uid 1)\nX-Spam-Warning: x\n${SENDER}${BODY}`, tagged: false },
  { name: 'a header-only message without a final newline', message: `${INJECTED}X-Spam-Warning: last`, tagged: true, lines: ['last'] },
  { name: 'an empty message', message: '', tagged: false },
  { name: 'no header at all', message: 'just text\nX-Spam-Warning: x\n', tagged: false },
  { name: 'a continuation line first', message: ' X-Spam-Warning: x\n', tagged: false },
  { name: 'a malformed line ends the header', message: `${TOP}garbage without colon\nX-Spam-Warning: x\n${SMTP}${SENDER}${BODY}`, tagged: false },
  { name: 'another header name, asked for', message: `${TOP}X-Local-Tag: mine\n${SMTP}${SENDER}${BODY}`, header: 'X-Local-Tag', tagged: true, lines: ['mine'] },
  { name: 'another header name, not asked for', message: `${TOP}X-Local-Tag: mine\n${SMTP}${SENDER}${BODY}`, tagged: false },
  { name: '8-bit bytes pass unchanged', message: tagged(['caf\xe9']), tagged: true, lines: ['caf\xe9'] },
  {
    name: 'over the 256 KiB cap, ours near the top: no Received: from read, the leading block holds it',
    message: `${TOP}X-Spam-Warning: top\n${padding(300 * 1024)}${SMTP}${SENDER}${BODY}`,
    tagged: true,
    lines: ['top'],
  },
  {
    name: 'over the cap, a line of ours past it is not read (it would count without the cap)',
    message: `${TOP}${padding(300 * 1024)}X-Spam-Warning: late\n${SMTP}${SENDER}${BODY}`,
    tagged: false,
  },
];
