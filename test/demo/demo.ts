// `npm run demo`: the built qqtag on built-in examples, no network, no root. Each example runs qqtag exactly as
// qmail-smtpd would (message on fd 0, envelope on fd 1) with the recording stand-in queue behind it, and prints
// qqtag's log line and the head of what reached the queue.
import { fixture, runQqtag } from '../helpers/run-qqtag';

interface Example {
  readonly title: string;
  readonly message: string;
  readonly envelope: string;
  readonly env?: Record<string, string>;
  readonly config?: string;
}

const examples: Example[] = [
  { title: 'A clean message from 192.0.2.1', message: 'plain.eml', envelope: 'simple.env', env: { TCPREMOTEIP: '192.0.2.1' } },
  { title: 'Latin-1 bytes and NULs pass untouched', message: 'nul-bytes.eml', envelope: '8bit-address.env' },
  { title: 'A malformed envelope: qqtag answers 91, as qmail-queue would', message: 'plain.eml', envelope: 'bad-first-tag.env' },
];

const show = (b: Buffer, lines: number): string =>
  b.toString('latin1').split('\n').slice(0, lines).map((l) => `    | ${l.replace(/[^\x20-\x7e]/g, '?')}`).join('\n');

async function main(): Promise<void> {
  for (const ex of examples) {
    const r = await runQqtag({ message: fixture(`messages/${ex.message}`), envelope: fixture(`envelopes/${ex.envelope}`), env: ex.env ?? {}, config: ex.config ?? '' });
    process.stdout.write(`\n== ${ex.title}\n  exit ${r.code}\n  log:\n${r.stderr.trimEnd().split('\n').map((l) => `    ${l}`).join('\n')}\n`);
    process.stdout.write(r.queued ? `  reached the queue:\n${show(r.queued.message, 6)}\n` : '  nothing reached the queue\n');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${String(err)}\n`);
  process.exitCode = 1;
});
