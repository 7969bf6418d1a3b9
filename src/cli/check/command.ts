// qqtag check [--config FILE] [--ip ADDR] [--helo NAME] [--from SENDER] [--rcpt ADDR]... [--json] [MESSAGE|-]:
// why would this message be tagged? Queue mode's checks on a saved message (run.ts), nothing handed off.
import { fstatSync } from 'node:fs';
import { DEFAULT_CONFIG_PATH } from '../../contract';
import { describeError } from '../../errno-text';
import { EXIT, stringOf, type Command } from '../command';
import { parseIpOption, readMessage, type MessageInput } from './inputs';
import { formatReport } from './report-text';
import { runCheck } from './run';

const HELP = `Runs every check of the config on a saved message exactly as queue mode would (the same config loading,
the same checks and deadline, real DNS as configured), hands nothing off, and shows: each check with its DNS
queries (name, answers with TXT, how the answer was read: listed, refused, not listed, timeout, failed; ms),
the lines it would add, the action, and the exit code that would follow (and with notqmail's fd 6 the reply).
MESSAGE is a file, or - (or nothing) for stdin. A message stored with CRLF line ends (a saved .eml) is
converted to LF, as qmail-smtpd converts it before qmail-queue sees it; an LF message is used as it is.
Options:
  --config FILE   the config (default: $QQTAG_CONFIG, else ${DEFAULT_CONFIG_PATH}), read as queue mode reads it
                  (FILE.compiled when current, else FILE; an invalid FILE: its last good compiled copy, ...)
  --ip ADDR       the client (TCPREMOTEIP). Never guessed from the message's Received: lines, which a sender can
                  write: without --ip the client's lists and no_rdns are not checked, and the report says so
  --helo NAME     the HELO; else read from qmail-smtpd's own Received line, first in the message, if it names
                  --ip (as queue mode reads it). That line also gives the client's reverse DNS for no_rdns
                  (or set TCPREMOTEHOST); without either no_rdns is not checked
  --from SENDER   the envelope sender ("" or "<>": the null sender); without it, checks of it are not run
  --rcpt ADDR     an envelope recipient (repeat it); without any, relay_probe is not run
  --json          print one JSON object instead (documented in docs/check.md)
The environment is read as queue mode reads it: QQTAG_CONFIG, QQTAG_DRYRUN, QQTAG_SKIP, QQTAG_QMAILQUEUE,
RELAYCLIENT, TCPREMOTEHOST (so a tcprules line can be tried: RELAYCLIENT= qqtag check ...). A paid feed's key
in a query name is shown as <key>. Log lines the checks would write in queue mode go to stderr.
Exit status: 0 nothing found (the message would pass untouched); 1 it would be tagged, rejected or deferred
(also in dry-run); 78 the config is invalid or unusable (the report says what queue mode would do instead);
69 MESSAGE cannot be read; 64 usage; 70 a bug of ours in the checks (queue mode would deliver untagged).`;

/** Config sources that mean FILE is invalid or unreadable (config.ts). */
const INVALID: readonly string[] = ['previous', 'untagged', 'unusable'];

function readInput(name: string): MessageInput | string {
  if (name === '-' && fstatSync(0).isCharacterDevice()) return 'stdin is a terminal: give MESSAGE, or - with the message on stdin';
  try {
    return readMessage(name);
  } catch (err) {
    return `${name === '-' ? 'stdin' : name}: ${describeError(err)}`;
  }
}

export const command: Command = {
  synopsis: 'check [--config FILE] [--ip ADDR] [--helo NAME] [--from SENDER] [--rcpt ADDR]... [--json] [MESSAGE|-]',
  help: HELP,
  options: {
    config: { type: 'string' },
    ip: { type: 'string' },
    helo: { type: 'string' },
    from: { type: 'string' },
    rcpt: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  positionals: { min: 0, max: 1 },
  async run(args, out) {
    const v = args.values;
    const ipGiven = stringOf(v, 'ip');
    const ip = ipGiven ? parseIpOption(ipGiven) : '';
    if (ip === undefined) {
      out.error(`check: --ip ${ipGiven}: not an IPv4 or IPv6 address`);
      return EXIT.usage;
    }
    const message = readInput(args.positionals[0] ?? '-');
    if (typeof message === 'string') {
      out.error(`check: ${message}`);
      return message.startsWith('stdin is a terminal') ? EXIT.usage : EXIT.unavailable;
    }
    const rcpts = Array.isArray(v['rcpt']) ? v['rcpt'].map(String) : [];
    const has = (name: string): boolean => typeof v[name] === 'string';
    const report = await runCheck({
      configFile: has('config') ? stringOf(v, 'config') : undefined,
      message,
      ip,
      ipGiven,
      helo: has('helo') ? stringOf(v, 'helo') : undefined,
      from: has('from') ? stringOf(v, 'from') : undefined,
      rcpts,
      env: process.env,
    });
    out.print(v['json'] === true ? JSON.stringify(report, null, 2) : formatReport(report));
    if (INVALID.includes(report.config.source)) return EXIT.config;
    if (report.result.action === null) return report.result.exit === null ? EXIT.software : EXIT.config;
    return report.result.action === 'pass' ? EXIT.ok : EXIT.problems;
  },
};
