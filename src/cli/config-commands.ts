// qqtag check-config [FILE] and qqtag compile-config [FILE]: validate a config before it is deployed, and write
// FILE.compiled, which queue mode reads instead of parsing and validating FILE for every message.
import { chmodSync, chownSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { COMPILED_SUFFIX, formatConfigIssue, identity, SCHEMA_ID, type Compiled, type ConfigResult } from '../config';
import { parseConfig } from '../config-parse';
import type { Output } from './output';

export const EX_CONFIG = 78; // sysexits EX_CONFIG

function validate(file: string, out: Output): ConfigResult | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    out.error(`config ${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return undefined;
  }
  const result = parseConfig(source, file);
  if (!result.ok) out.error(formatConfigIssue(result.issue));
  return result;
}

export function checkConfig(file: string, out: Output): number {
  const result = validate(file, out);
  if (!result?.ok) return EX_CONFIG;
  out.print(`${file}: ok`);
  return 0;
}

export function compileConfig(file: string, out: Output): number {
  const st = statSync(file, { throwIfNoEntry: false });
  const result = st && validate(file, out);
  if (!st) out.error(`config ${file}: cannot read: ENOENT`);
  if (!st || !result?.ok) return EX_CONFIG;
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
  return 0;
}
