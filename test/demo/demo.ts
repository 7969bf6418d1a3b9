// `npm run demo`: the built qqtag on the examples of ./examples.ts; no network, no root, no rbldnsd. Each example
// runs dist/qqtag with the message on fd 0 and the envelope on fd 1, as `qqtag <msg 1<env`, with the recording
// stand-in queue (fixtures/bin/fake-qmail-queue) behind it, and prints: the same run as a shell line, the exit
// code and the SMTP reply it becomes, qqtag's log, the lines it added, and sha256 sums showing that everything
// else reached the queue unchanged. DNS lists: the zone files of fixtures/zones (rbldnsd's format) served on
// 127.0.0.1 by the tests' own DNS server. `npm run demo -- --hold` keeps that server up to replay the lines.
import { join } from 'node:path';
import { runQqtag, FAKE_QQ, QQTAG, ROOT, type RunResult } from '../helpers/run-qqtag';
import { startZoneServer } from '../helpers/zones/zone-server';
import { EXAMPLES, type Example } from './examples';
import { escapeBytes, escapeLines, indent, sha256 } from './show';
import { smtpReply } from './smtp-reply';

const ZONES = ['bl.test:ip4set:bl.zone', 'dbl.test:dnset:dbl.zone'];
const out = (s: string): boolean => process.stdout.write(s);

const configFor = (dns: string): string =>
  `[dns]\nservers = ["${dns}"]\ndeadline_ms = 1000\n` +
  `[[dnsbl]]\nzone = "bl.test"\nlabel = "Test BL"\n` +
  `[[rhsbl]]\nzone = "dbl.test"\nlabel = "Test DBL"\n`;

/** The shell line that repeats the example's run exactly (runQqtag's 'files' mode, in its own directory). */
function byHand(r: RunResult, ex: Example): string {
  const env = { QQTAG_CONFIG: '"$PWD/qqtag.toml"', QQTAG_QMAILQUEUE: FAKE_QQ, FAKEQQ_DIR: '.', ...(ex.queueExit ? { FAKEQQ_EXIT: String(ex.queueExit) } : {}), ...ex.env };
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
  return `cd ${r.dir} && env -i PATH="$PATH" TMPDIR=. ${vars} ${QQTAG} <in.eml 1<in.env; echo "exit $?"`;
}

/** Prints one example; false when its exit code or the bytes after the added lines are not as they must be. */
function report(n: number, ex: Example, r: RunResult): boolean {
  out(`\n== ${n}. ${ex.title}\n`);
  out(`  by hand:  ${byHand(r, ex)}\n`);
  const { reply, meaning } = smtpReply(r.code, /pid (\d+)/.exec(r.stderr)?.[1] ?? '<pid>');
  out(`  exit ${r.code ?? r.signal}  ->  qmail-smtpd replies: ${reply}   (${meaning})\n`);
  if (ex.extraConfig) out(`  added to the config for this example:\n${indent(ex.extraConfig.trimEnd().split('\n'), '    | ')}`);
  out(`  envelope:  ${escapeBytes(ex.envelope)}\n  log (fd 2):\n${indent(r.stderr.trimEnd().split('\n'), '    ')}`);
  if (ex.note) out(`  note: ${ex.note}\n`);
  if (!r.queued) {
    out('  nothing reached the queue\n');
    return r.code === ex.exit;
  }
  const added = r.queued.message.subarray(0, Math.max(0, r.queued.message.length - ex.message.length));
  const rest = r.queued.message.subarray(added.length);
  const same = sha256(rest) === sha256(ex.message) && sha256(r.queued.envelope) === sha256(ex.envelope);
  out(added.length ? `  added by qqtag:\n${indent(escapeLines(added), '    | ')}` : '  added by qqtag: nothing\n');
  out(`  message in:                     sha256 ${sha256(ex.message)}  ${ex.message.length} bytes\n`);
  out(`  queued, after the added lines:  sha256 ${sha256(rest)}  ${rest.length} bytes\n`);
  out(`  envelope in / queued:           sha256 ${sha256(ex.envelope)} / ${sha256(r.queued.envelope) === sha256(ex.envelope) ? 'the same' : sha256(r.queued.envelope)}\n`);
  out(`  ${same ? 'identical: every byte but the added lines reached the queue unchanged' : 'DIFFERENT: the queue did not get the bytes qqtag was given'}\n`);
  out(`  the queued message begins:\n${indent(escapeLines(r.queued.message).slice(0, added.length ? 8 : 6), '    | ')}`);
  return same && r.code === ex.exit;
}

async function main(hold: boolean): Promise<number> {
  const dns = await startZoneServer(ZONES);
  try {
    const config = configFor(dns.address);
    out(`qqtag demo: ${QQTAG} on ${EXAMPLES.length} examples, as qmail-smtpd runs it (message on fd 0, envelope on fd 1).\n`);
    out(`The config (each example's directory holds it as qqtag.toml):\n${indent(config.trimEnd().split('\n'), '  | ')}`);
    out(`DNS lists: bl.test and dbl.test from ${join(ROOT, 'fixtures/zones')}/{bl,dbl}.zone (rbldnsd's format), served on ${dns.address}\n`);
    out(`by the demo while it runs. Behind qqtag, instead of qmail-queue: ${FAKE_QQ}, which stores what it gets in\n`);
    out(`the example's directory (files "message" and "envelope") and exits as qmail-queue would.\n`);
    let ok = true;
    for (const [i, ex] of EXAMPLES.entries()) {
      const r = await runQqtag({ message: ex.message, envelope: ex.envelope, env: ex.env, config: config + (ex.extraConfig ?? ''), mode: 'files', ...(ex.queueExit ? { queueExit: ex.queueExit } : {}) });
      ok = report(i + 1, ex, r) && ok;
    }
    out(`\n${ok ? 'All examples gave the exit code they must, with the bytes unchanged.' : 'SOME EXAMPLES WENT WRONG: see above.'}\n`);
    if (hold) {
      out(`The DNS server stays up on ${dns.address} for the "by hand" lines; Ctrl-C stops it.\n`);
      await new Promise((resolve) => process.once('SIGINT', resolve));
    } else out(`(Its DNS server is gone now: \`npm run demo -- --hold\` keeps it up to replay the "by hand" lines.)\n`);
    return ok ? 0 : 1;
  } finally {
    await dns.stop();
  }
}

main(process.argv.includes('--hold')).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
