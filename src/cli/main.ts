// The admin CLI: the only code allowed to write to stdout. Queue mode never loads it.
import { formatConfigIssue, parseConfig } from '../config';
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG_PATH } from '../contract';

const USAGE = `usage: qqtag                      queue mode: set QMAILQUEUE to qqtag for qmail-smtpd
       qqtag check-config [FILE]   validate a config file (default $QQTAG_CONFIG or ${DEFAULT_CONFIG_PATH})
       qqtag help
qqtag reads a message on fd 0 and its envelope on fd 1, prepends X-Spam-Warning lines, and hands both on to
the real qmail-queue ($QQTAG_QMAILQUEUE, else the config's qmail_queue, else /var/qmail/bin/qmail-queue).
`;

const EX_USAGE = 64;
const EX_CONFIG = 78;

function checkConfig(file: string): number {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`qqtag: config ${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return EX_CONFIG;
  }
  const result = parseConfig(source, file);
  if (!result.ok) {
    process.stderr.write(`qqtag: ${formatConfigIssue(result.issue)}\n`);
    return EX_CONFIG;
  }
  process.stdout.write(`${file}: ok\n`);
  return 0;
}

export async function runCli(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'check-config':
      return checkConfig(rest[0] ?? process.env['QQTAG_CONFIG'] ?? DEFAULT_CONFIG_PATH);
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(command === undefined ? USAGE : `qqtag: unknown command ${command}\n${USAGE}`);
      return EX_USAGE;
  }
}
