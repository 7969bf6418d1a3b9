// `npm run demo`: the built qqtag on built-in examples, no network, no root. Each example runs qqtag exactly as
// qmail-smtpd would (message on fd 0, envelope on fd 1) with the recording stand-in queue behind it, and prints
// qqtag's log and the head of what reached the queue. The DNS lists are served by a tiny DNS server of the
// demo's own on 127.0.0.1 (rbldnsd need not be installed).
import type { Answer } from 'dns-packet';
import { fixture, runQqtag } from '../helpers/run-qqtag';
import { startDnsServer } from '../helpers/dns-servers';

const ZONE_DATA: Record<string, { a: string; txt: string }> = {
  '1.2.0.192.bl.demo': { a: '127.0.0.2', txt: 'listed in the demo list, see https://bl.demo/q?192.0.2.1' },
  '2.0.0.127.bl.demo': { a: '127.0.0.2', txt: 'RFC 5782 test point' },
  'spam.example.dbl.demo': { a: '127.0.1.2', txt: 'spam.example is a spam domain (demo)' },
};

function answer(name: string, type: string): Answer[] | 'NXDOMAIN' {
  const entry = ZONE_DATA[name];
  if (!entry) return 'NXDOMAIN';
  if (type === 'A') return [{ name, type: 'A', ttl: 60, data: entry.a }];
  if (type === 'TXT') return [{ name, type: 'TXT', ttl: 60, data: entry.txt }];
  return [];
}

interface Example {
  readonly title: string;
  readonly message: string | Buffer;
  readonly envelope: string | Buffer;
  readonly env?: Record<string, string>;
  readonly extraConfig?: string;
}

const examples: Example[] = [
  { title: 'A clean message from 192.0.2.99', message: 'plain.eml', envelope: 'simple.env', env: { TCPREMOTEIP: '192.0.2.99' } },
  { title: 'A client listed in bl.demo', message: 'plain.eml', envelope: 'simple.env', env: { TCPREMOTEIP: '192.0.2.1' } },
  {
    title: 'A sender domain listed in dbl.demo',
    message: 'plain.eml',
    envelope: Buffer.from('Foffers@spam.example\0Tbob@example.org\0\0', 'latin1'),
    env: { TCPREMOTEIP: '192.0.2.99' },
  },
  { title: 'The same listed client in dry-run: byte-identical, logged', message: 'plain.eml', envelope: 'simple.env', env: { TCPREMOTEIP: '192.0.2.1', QQTAG_DRYRUN: '1' } },
  {
    title: 'A header rule (RE2) with action = "reject": exit 31, the queue never runs',
    message: Buffer.from('From: a@example.net\nSubject: CHEAP   pills\n\nbody\n'),
    envelope: 'simple.env',
    env: { TCPREMOTEIP: '192.0.2.99' },
    extraConfig: '[[rule]]\nname = "pills"\nheader = "Subject"\npattern = "(?i)cheap\\\\s+pills"\nwarning = "subject offers pills"\naction = "reject"\n',
  },
  { title: 'Latin-1 bytes and NULs pass untouched', message: 'nul-bytes.eml', envelope: '8bit-address.env' },
  { title: 'A malformed envelope: qqtag answers 91, as qmail-queue would', message: 'plain.eml', envelope: 'bad-first-tag.env' },
];

const show = (b: Buffer, lines: number): string =>
  b.toString('latin1').split('\n').slice(0, lines).map((l) => `    | ${l.replace(/[^\x20-\x7e]/g, '?')}`).join('\n');

async function main(): Promise<void> {
  const dns = await startDnsServer(answer);
  const config =
    `[dns]\nservers = ["${dns.address}"]\ndeadline_ms = 1000\n` +
    `[[dnsbl]]\nzone = "bl.demo"\nlabel = "Demo BL"\n[[rhsbl]]\nzone = "dbl.demo"\nlabel = "Demo DBL"\n`;
  try {
    for (const ex of examples) {
      const envelope = typeof ex.envelope === 'string' ? fixture(`envelopes/${ex.envelope}`) : ex.envelope;
      const message = typeof ex.message === 'string' ? fixture(`messages/${ex.message}`) : ex.message;
      const r = await runQqtag({ message, envelope, env: ex.env ?? {}, config: config + (ex.extraConfig ?? '') });
      process.stdout.write(`\n== ${ex.title}\n  exit ${r.code}\n  log:\n${r.stderr.trimEnd().split('\n').map((l) => `    ${l}`).join('\n')}\n`);
      process.stdout.write(r.queued ? `  reached the queue:\n${show(r.queued.message, 6)}\n` : '  nothing reached the queue\n');
    }
  } finally {
    await dns.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${String(err)}\n`);
  process.exitCode = 1;
});
