// qqtag check-config [FILE] and qqtag compile-config [FILE]: validate a config before it is deployed, and write
// FILE.compiled, which queue mode reads instead of parsing and validating FILE for every message.
import { chmodSync, chownSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { DEFAULT_CONFIG_PATH } from '../contract';
import { COMPILED_SUFFIX, formatConfigIssue, identity, SCHEMA_ID, type Compiled, type ConfigResult } from '../config';
import { loadLazy } from '../lazy';
import { EXIT, type Args, type Command } from './command';
import { refreshCodeCache } from './code-cache';
import type { Output } from './output';

const configFile = (args: Args): string => args.positionals[0] ?? (process.env['QQTAG_CONFIG'] || DEFAULT_CONFIG_PATH);

function validate(file: string, out: Output): ConfigResult | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    out.error(`config ${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return undefined;
  }
  const result = loadLazy('config').parseConfig(source, file);
  if (!result.ok) out.error(formatConfigIssue(result.issue));
  return result;
}

export const checkConfigCommand: Command = {
  synopsis: 'check-config [FILE]',
  help: `Checks FILE (default: $QQTAG_CONFIG, else ${DEFAULT_CONFIG_PATH}) as queue mode would read it.
Exit 0 when it is fine, 78 when it is not (each problem on stderr as FILE:LINE: KEY: what is wrong).`,
  options: {},
  positionals: { min: 0, max: 1 },
  async run(args, out) {
    const file = configFile(args);
    const result = validate(file, out);
    if (!result?.ok) return EXIT.config;
    out.print(`${file}: ok`);
    return EXIT.ok;
  },
};

export const compileConfigCommand: Command = {
  synopsis: 'compile-config [FILE]',
  help: `Checks FILE like check-config, then writes FILE${COMPILED_SUFFIX}: the checked config with FILE's identity, which
queue mode reads instead of parsing FILE for every message (as tcprules compiles tcp.smtp). Run it again after
every edit of FILE; until then queue mode notices the difference and reads FILE itself.
Exit 0 when written, 78 when FILE is not valid.`,
  options: {},
  positionals: { min: 0, max: 1 },
  async run(args, out) {
    const file = configFile(args);
    const st = statSync(file, { throwIfNoEntry: false });
    const result = st && validate(file, out);
    if (!st) out.error(`config ${file}: cannot read: ENOENT`);
    if (!st || !result?.ok) return EXIT.config;
    const compiled: Compiled = { schema: SCHEMA_ID, source: identity(st), config: result.value };
    const target = file + COMPILED_SUFFIX;
    // Written beside and renamed: a message starting meanwhile sees the old file or the new, never half of one.
    // Same mode and owner as FILE: a config kept 0640 for its list keys must not get a world-readable copy.
    const tmp = `${target}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(compiled)}\n`, { mode: 0o600 });
    if (process.getuid?.() === 0) chownSync(tmp, st.uid, st.gid);
    chmodSync(tmp, st.mode & 0o666);
    renameSync(tmp, target);
    out.print(`${file}: ok, compiled to ${target}`);
    refreshCodeCache(file, out.print);
    return EXIT.ok;
  },
};
