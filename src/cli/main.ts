// The admin CLI: the only code allowed to write to stdout. Queue mode never loads it.
import { DEFAULT_CONFIG_PATH } from '../contract';
import { checkConfig, compileConfig } from './config-commands';
import { consoleOutput as out } from './output';

const USAGE = `usage: qqtag                        queue mode: set QMAILQUEUE to qqtag for qmail-smtpd
       qqtag check-config [FILE]     validate a config file
       qqtag compile-config [FILE]   validate it and write FILE.compiled, which queue mode reads instead
       qqtag help
FILE defaults to $QQTAG_CONFIG, else ${DEFAULT_CONFIG_PATH}.
qqtag reads a message on fd 0 and its envelope on fd 1, prepends X-Spam-Warning lines, and hands both on to
the real qmail-queue ($QQTAG_QMAILQUEUE, else the config's qmail_queue, else /var/qmail/bin/qmail-queue).`;

const EX_USAGE = 64;

export async function runCli(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  const file = rest[0] ?? (process.env['QQTAG_CONFIG'] || DEFAULT_CONFIG_PATH);
  switch (command) {
    case 'check-config':
      return checkConfig(file, out);
    case 'compile-config':
      return compileConfig(file, out);
    case 'help':
    case '--help':
    case '-h':
      out.print(USAGE);
      return 0;
    default:
      out.error(command === undefined ? `no command\n${USAGE}` : `unknown command ${command}\n${USAGE}`);
      return EX_USAGE;
  }
}
