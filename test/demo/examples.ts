// The demo's examples: what goes in (message, envelope, the client's environment as tcpserver and tcprules set
// it), what is added to the config, and the exit code qqtag must give.
import { fixture } from '../helpers/run-qqtag';

export interface Example {
  readonly title: string;
  readonly message: Buffer;
  readonly envelope: Buffer;
  readonly env: Readonly<Record<string, string>>;
  readonly extraConfig?: string;
  readonly queueExit?: number; // what the (stand-in) real qmail-queue exits with
  readonly exit: number; // qqtag's exit code, checked
  readonly note?: string;
}

const plain = fixture('messages/plain.eml');
const simple = fixture('envelopes/simple.env');
const PILLS_REJECT = '[[rule]]\nname = "pills"\nheader = "Subject"\npattern = "(?i)cheap\\\\s+pills"\nwarning = "subject offers pills"\naction = "reject"\n';

export const EXAMPLES: readonly Example[] = [
  { title: 'A clean message from 192.0.2.99', message: plain, envelope: simple, env: { TCPREMOTEIP: '192.0.2.99' }, exit: 0 },
  { title: 'A client listed in bl.test', message: plain, envelope: simple, env: { TCPREMOTEIP: '192.0.2.1' }, exit: 0 },
  {
    title: 'A sender domain listed in dbl.test',
    message: plain,
    envelope: Buffer.from('Foffers@spam.example\0Tbob@example.org\0\0', 'latin1'),
    env: { TCPREMOTEIP: '192.0.2.99' },
    exit: 0,
  },
  { title: 'The same listed client in dry-run (QQTAG_DRYRUN=1 from tcprules): nothing added, the log says what would be', message: plain, envelope: simple, env: { TCPREMOTEIP: '192.0.2.1', QQTAG_DRYRUN: '1' }, exit: 0 },
  {
    title: 'A header rule (RE2) with action = "reject": exit 31, the queue never runs',
    message: Buffer.from('From: a@example.net\nSubject: CHEAP   pills\n\nbody\n'),
    envelope: simple,
    env: { TCPREMOTEIP: '192.0.2.99' },
    extraConfig: PILLS_REJECT,
    exit: 31,
  },
  {
    title: 'NUL and 8-bit bytes (here in the body and the addresses) pass untouched',
    message: fixture('messages/nul-bytes.eml'),
    envelope: fixture('envelopes/8bit-address.env'),
    env: {},
    exit: 0,
    note: "qqtag's log writes every byte outside printable ASCII as ? (docs/log.md); what it hands on is shown escaped here",
  },
  { title: 'The real qmail-queue fails (exit 53, disk full): qqtag passes its code on', message: plain, envelope: simple, env: { TCPREMOTEIP: '192.0.2.99' }, queueExit: 53, exit: 53 },
  { title: 'A malformed envelope: qqtag answers 91, as qmail-queue would', message: plain, envelope: fixture('envelopes/bad-first-tag.env'), env: {}, exit: 91 },
];
