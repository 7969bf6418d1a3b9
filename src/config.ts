// The configuration, once per message. A config that cannot be read or validated never holds mail back: the
// caller logs the issue (file:line and key) and delivers untagged with the built-in defaults (STYLE §8).
// Fast path: `qqtag compile-config` (as tcprules compiles tcp.smtp) writes FILE.compiled, the validated config as
// JSON together with the TOML file's identity. While FILE is unchanged, queue mode reads that and never loads
// the TOML parser or the schema. Otherwise (no compiled file, or a stale one) FILE is parsed and validated.
import { readFileSync, statSync, type Stats } from 'node:fs';
import { DEFAULT_CONFIG_PATH } from './contract';
import type { Config } from './config-schema';
import { loadLazy } from './lazy';

export type { Config };

export interface ConfigIssue {
  readonly code: 'unreadable' | 'syntax' | 'invalid';
  readonly file: string;
  readonly line?: number;
  readonly key?: string;
  readonly message: string;
}
export type ConfigResult = { readonly ok: true; readonly value: Config } | { readonly ok: false; readonly issue: ConfigIssue };
export type LoadedConfig = ConfigResult & { readonly note?: string };

/** What an empty file means (test/config.test.ts holds it equal to the schema's defaults). */
const defaults: Config = {
  dry_run: false,
  header: 'X-Spam-Warning',
  spool_memory_bytes: 1024 * 1024,
  dns: { servers: [], deadline_ms: 3000, note_unchecked: false },
  dnsbl: [],
  rhsbl: [],
  dnswl: [],
  reject_score: 1,
  skip_relayclient: true,
  checks: { no_rdns: 'off', bad_helo: 'off', relay_probe: 'off', sender_domain_exists: 'off' },
  rule: [],
  local: [],
};
export const DEFAULT_CONFIG: Config = Object.freeze(defaults);

// Which schema a compiled file was validated against: the build puts a hash of config-schema.ts here.
declare const QQTAG_SCHEMA_ID: string | undefined;
export const SCHEMA_ID = typeof QQTAG_SCHEMA_ID === 'string' ? QQTAG_SCHEMA_ID : 'source';
export const COMPILED_SUFFIX = '.compiled';

export interface Compiled {
  readonly schema: string;
  readonly source: Identity;
  readonly config: Config;
}
/** Which file, and which version of it. ctime too: an edit that restores the mtime (touch -d) still moves it. */
interface Identity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}
export const identity = (st: Stats): Identity => ({ dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs });
const sameFile = (a: Partial<Identity> | undefined, b: Identity): boolean =>
  a !== undefined && a !== null && (Object.keys(b) as (keyof Identity)[]).every((k) => a[k] === b[k]);

/** "qqtag.toml:12: dns.deadline_ms: Too big: expected number to be <=60000" */
export function formatConfigIssue(i: ConfigIssue): string {
  return `config ${i.file}${i.line === undefined ? '' : `:${i.line}`}: ${i.key === undefined ? '' : `${i.key}: `}${i.message}`;
}

/** The compiled config if it was made from exactly this file by this schema; else why not (or '' if absent). */
function readCompiled(file: string, st: Stats): Config | string {
  let compiled: Partial<Compiled> | null;
  try {
    compiled = JSON.parse(readFileSync(file + COMPILED_SUFFIX, 'utf8')) as Partial<Compiled> | null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? '' : `${file}${COMPILED_SUFFIX} unreadable`;
  }
  if (typeof compiled?.config !== 'object' || compiled.config === null) return `${file}${COMPILED_SUFFIX} unreadable`;
  if (compiled.schema !== SCHEMA_ID) return `${file}${COMPILED_SUFFIX} was compiled by another qqtag`;
  if (!sameFile(compiled.source, identity(st))) return `${file}${COMPILED_SUFFIX} is older than ${file}`;
  return compiled.config;
}

/** QQTAG_CONFIG, else the default path; only the default may be absent (then: built-in defaults). */
export function loadConfig(env: NodeJS.ProcessEnv): LoadedConfig {
  const explicit = env['QQTAG_CONFIG'];
  const file = explicit || DEFAULT_CONFIG_PATH;
  let st: Stats;
  let source: string;
  try {
    st = statSync(file);
    const compiled = readCompiled(file, st);
    if (typeof compiled !== 'string') return { ok: true, value: Object.freeze(compiled) };
    source = readFileSync(file, 'utf8');
    const parsed = loadLazy('config').parseConfig(source, file);
    return compiled ? { ...parsed, note: `${compiled}: run qqtag compile-config ${file}` } : parsed;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return { ok: true, value: DEFAULT_CONFIG };
    return { ok: false, issue: { code: 'unreadable', file, message: `cannot read: ${code ?? String(err)}` } };
  }
}
