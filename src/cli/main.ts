// The admin CLI: `qqtag COMMAND [OPTIONS] [ARGS]`. The only code allowed to write to stdout; queue mode never
// loads it (it is dist/cli.cjs, loaded by src/qqtag.ts only when there are arguments or fd 0 is a terminal).
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_PATH } from '../contract';
import { EXIT, type Command } from './command';
import { COMMANDS, loadCommand } from './commands';
import { consoleOutput, type Output } from './output';

declare const QQTAG_VERSION: string | undefined;
export const VERSION = typeof QQTAG_VERSION === 'string' ? QQTAG_VERSION : 'source';

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, e]) => `  ${name.padEnd(width)}  ${e.summary}`);
  return [
    'usage: qqtag                 queue mode: qmail-smtpd runs it as QMAILQUEUE (message on fd 0, envelope on fd 1)',
    '       qqtag COMMAND [OPTIONS] [ARGS]',
    '       qqtag help COMMAND | --help | --version',
    '',
    'commands:',
    ...lines,
    '',
    `The config is $QQTAG_CONFIG, else ${DEFAULT_CONFIG_PATH}. See qqtag(8) and qqtag.toml(5).`,
  ].join('\n');
}

const helpOf = (_name: string, c: Command): string => `usage: qqtag ${c.synopsis}\n\n${c.help}`;

function usageError(out: Output, message: string, name?: string, c?: Command): number {
  out.error(message);
  out.error(c && name ? `usage: qqtag ${c.synopsis} (qqtag help ${name} for more)` : 'usage: qqtag COMMAND [OPTIONS] [ARGS] (qqtag --help for the commands)');
  return EXIT.usage;
}

export async function runCli(args: readonly string[], out: Output = consoleOutput): Promise<number> {
  const [name = '', ...rest] = args;
  if (name === '--version' || name === '-V' || name === 'version') {
    out.print(`qqtag ${VERSION}`);
    return EXIT.ok;
  }
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    out.print(overview());
    return EXIT.ok;
  }
  if (name === 'help') {
    const entry = COMMANDS[rest[0] ?? ''];
    if (!entry || rest.length > 1) return usageError(out, `help: no such command: ${rest.join(' ')}`);
    out.print(helpOf(rest[0] ?? '', loadCommand(rest[0] ?? '', entry)));
    return EXIT.ok;
  }
  const entry = COMMANDS[name];
  if (!entry) return usageError(out, name === '' ? 'no command' : `unknown command: ${name}`);
  const command = loadCommand(name, entry);
  if (rest.includes('--help') || rest.includes('-h')) {
    out.print(helpOf(name, command));
    return EXIT.ok;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
  } catch (err) {
    return usageError(out, `${name}: ${err instanceof Error ? err.message : String(err)}`, name, command);
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  const count = parsed.positionals.length;
  if (count < min || count > max) {
    const what = count < min ? 'missing argument' : `unexpected argument: ${parsed.positionals[max] ?? ''}`;
    return usageError(out, `${name}: ${what}`, name, command);
  }
  return command.run({ values: parsed.values, positionals: parsed.positionals }, out);
}

// Started as a program (the launcher does so for `qqtag is-tagged`, which users' filters run once per delivery):
// this skips qqtag.cjs, whose queue-mode modules (child_process, streams) cost ~3.5 ms to load. A failure
// outside a command's own handling ends in EXIT.software, which no filter recipe reads as "tagged".
if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => void (process.exitCode = code),
    (err: unknown) => {
      consoleOutput.error(`internal bug: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(EXIT.software);
    },
  );
}
