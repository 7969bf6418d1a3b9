// The one executable (started by the launcher, src/launcher.sh). No arguments and fd 0 not a terminal: queue mode
// (the program named in $QMAILQUEUE). Anything else: the admin CLI, loaded lazily so that it costs queue mode
// nothing. Node exits 12, 13 or 14 by itself on some failures, all permanent codes to qmail: so there is no
// top-level await and every path ends in an explicit exit code of ours, after the one summary line.
import { fstatSync } from 'node:fs';
import { QQ } from './contract';
import { logLine } from './log';
import { loadLazy } from './lazy';
import { runQueueMode } from './queue-mode';
import { printSummary, summary } from './summary';

let queueMode = false;
let answered = false; // set once an exit code of ours is chosen
const die = (err: unknown): never => {
  answered = true;
  logLine('fatal', `internal bug: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  if (queueMode) {
    summary.error ??= 'bug';
    printSummary(QQ.internalBug);
  }
  process.exit(QQ.internalBug);
};
process.on('uncaughtException', die);
process.on('unhandledRejection', die);

/** A terminal on fd 0 means a person, not qmail-smtpd. node:tty loads node:net: ask only for a char device. */
const isTerminal = (fd: number): boolean =>
  fstatSync(fd).isCharacterDevice() && (require('node:tty') as typeof import('node:tty')).isatty(fd);

const args = process.argv.slice(2);
if (args.length === 0 && !isTerminal(0)) {
  queueMode = true;
  // Safety net: if the event loop ever ran dry before queue mode answered, Node would exit 0 — "queued" to
  // qmail-smtpd with nothing queued. Only a code of ours may end queue mode.
  process.on('exit', () => {
    if (answered) return;
    logLine('fatal', 'internal bug: queue mode ended without an answer');
    summary.error ??= 'bug';
    printSummary(QQ.internalBug);
    process.exitCode = QQ.internalBug;
  });
  runQueueMode(process.env).then((code) => {
    answered = true;
    printSummary(code);
    process.exit(code);
  }, die);
} else {
  loadLazy('cli')
    .runCli(args)
    .then((code) => void (process.exitCode = code), die);
}
