// The admin CLI: `qqtag COMMAND [OPTIONS] [ARGS]`. The only code allowed to write to stdout; queue mode never
// loads it (it is dist/cli.cjs, loaded by src/qqtag.ts only when there are arguments or fd 0 is a terminal).
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_PATH } from '../contract';
import { EXIT, type Args, type Command } from './command';
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
    'Exit status of the commands: 0 ok; 1 problems found (qqtag help COMMAND says which); 64 usage; 69 an input',
    'cannot be read; 70 a bug of ours; 73 an output file cannot be written; 78 the config is invalid or unreadable.',
  ].join('\n');
}

const helpOf = (_name: string, c: Command): string => `usage: qqtag ${c.synopsis}\n\n${c.help}`;

function usageError(out: Output, message: string, name?: string, c?: Command): number {
  out.error(message);
  out.error(c && name ? `usage: qqtag ${c.synopsis} (qqtag help ${name} for more)` : 'usage: qqtag COMMAND [OPTIONS] [ARGS] (qqtag --help for the commands)');
  return EXIT.usage;
}

function runHelp(rest: readonly string[], out: Output): number {
  if (rest.length === 0) {
    out.print(overview());
    return EXIT.ok;
  }
  if (rest.length > 1) return usageError(out, `help: one command at a time: ${rest.join(' ')}`);
  const name = rest[0] ?? '';
  const entry = COMMANDS[name];
  if (!entry) return usageError(out, `help: no such command: ${name}`);
  out.print(helpOf(name, loadCommand(name, entry)));
  return EXIT.ok;
}

/** The command's arguments checked by util.parseArgs and its positional count, or a usage error's exit code. */
function parseFor(name: string, command: Command, rest: readonly string[], out: Output): Args | number {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    // Node's first sentence ("Unknown option '--x'", "Option '--ip <value>' argument missing") says it all.
    const text = err instanceof Error ? (err.message.split('. ')[0] ?? err.message) : String(err);
    return usageError(out, `${name}: ${text}`, name, command);
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  const count = parsed.positionals.length;
  if (count < min || count > max) {
    const what = count < min ? 'missing argument' : `unexpected argument: ${parsed.positionals[max] ?? ''}`;
    return usageError(out, `${name}: ${what}`, name, command);
  }
  return { values: parsed.values, positionals: parsed.positionals, tokens: parsed.tokens ?? [] };
}

export async function runCli(args: readonly string[], out: Output = consoleOutput): Promise<number> {
  const [first = '', ...rest] = args;
  const name = first === '--help' || first === '-h' ? 'help' : first; // qqtag --help [COMMAND] = qqtag help [COMMAND]
  if (name === '--version' || name === '-V' || name === 'version') {
    if (rest.length > 0) return usageError(out, `${name} takes no arguments`);
    out.print(`qqtag ${VERSION}`);
    return EXIT.ok;
  }
  if (name === 'help') return runHelp(rest, out);
  const entry = COMMANDS[name];
  if (!entry) return usageError(out, name === '' ? 'no command' : `unknown command: ${name}`);
  const command = loadCommand(name, entry);
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest; // after --, a file may be called --help
  if (options.includes('--help') || options.includes('-h')) {
    out.print(helpOf(name, command));
    return EXIT.ok;
  }
  const parsed = parseFor(name, command, rest, out);
  if (typeof parsed === 'number') return parsed;
  try {
    return await command.run(parsed, out);
  } catch (err) {
    out.error(`${name}: internal bug: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return EXIT.software;
  }
}
