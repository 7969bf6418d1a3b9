// qqtag compile-config [FILE]: check FILE's syntax and keys as check-config does, then write FILE.compiled,
// which queue mode reads instead of parsing and validating FILE for every message (as tcprules compiles
// tcp.smtp). Written beside FILE and renamed, with FILE's mode and (as root) its owner.
import { chmodSync, chownSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { COMPILED_SUFFIX, formatConfigIssue, identity, SCHEMA_ID, type Compiled, type Config } from '../../config';
import { describeError } from '../../errno-text';
import { EXIT, type Command } from '../command';
import type { Output } from '../output';
import { configFileOf, readConfigFile } from './config-file';
import { refreshCodeCache } from '../code-cache';

/** Writes the compiled copy; a problem (a directory we may not write, a full disk) in words, else undefined. */
function writeCompiled(file: string, st: Stats, config: Config): string | undefined {
  const compiled: Compiled = { schema: SCHEMA_ID, source: identity(st), config };
  const target = file + COMPILED_SUFFIX;
  // Renamed into place: a message starting meanwhile sees the old file or the new, never half of one.
  const tmp = `${target}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(compiled)}\n`, { mode: 0o600 });
    // Same mode and owner as FILE: a config kept 0640 for its list keys must not get a world-readable copy.
    if (process.getuid?.() === 0) chownSync(tmp, st.uid, st.gid);
    chmodSync(tmp, st.mode & 0o666);
    renameSync(tmp, target);
    return undefined;
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // not ours to remove: the message below says what to fix
    }
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'EACCES' || code === 'EPERM' ? `; run it as a user who may write ${dirname(target)} (FILE's owner, or root)` : '';
    return `cannot write ${tmp}: ${describeError(err)}: nothing was compiled${hint}`;
  }
}

function noteOwner(file: string, st: Stats, out: Output): void {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0 || uid === st.uid) return;
  out.print(`note: ${file}${COMPILED_SUFFIX} belongs to uid ${uid}, not to FILE's owner (uid ${st.uid}): only root can give it FILE's owner`);
}

export const command: Command = {
  synopsis: 'compile-config [FILE]',
  help: `Checks FILE (default: $QQTAG_CONFIG, else the default path) like check-config does its syntax and keys, then
writes FILE${COMPILED_SUFFIX}: the checked config with FILE's identity, which queue mode reads instead of parsing FILE
for every message (as tcprules compiles tcp.smtp). Run it again after every edit of FILE; until then queue mode
notices the difference and reads FILE itself. FILE${COMPILED_SUFFIX} gets FILE's mode, and when run as root FILE's owner
and group. It does not check list files, spool_dir or qmail_queue: check-config does.
Exit status: 0 written; 78 FILE is invalid or unreadable (nothing written; every problem on stderr); 73 FILE is
valid but ${'FILE' + COMPILED_SUFFIX} cannot be written (a directory this user may not write); 64 usage.`,
  options: {},
  positionals: { min: 0, max: 1 },
  async run(args, out) {
    const file = configFileOf(args);
    const st = statSync(file, { throwIfNoEntry: false });
    const read = readConfigFile(file);
    for (const issue of read.issues) out.error(formatConfigIssue(issue));
    if (!st || !read.config) return EXIT.config;
    const problem = writeCompiled(file, st, read.config);
    if (problem) {
      out.error(`compile-config: ${problem}`);
      return EXIT.cantCreate;
    }
    noteOwner(file, st, out);
    out.print(`${file}: ok, compiled to ${file}${COMPILED_SUFFIX}`);
    refreshCodeCache(file, out.print);
    return EXIT.ok;
  },
};
