// The configuration, once per message, and what happens when it is broken (STYLE §5, issue "mistakes"):
//   compiled  FILE.compiled, made by `qqtag compile-config` from exactly this FILE by this qqtag: no TOML parser,
//             no schema (the fast path; its shape is still checked: compiled-check.ts)
//   file      FILE parsed and validated (no compiled copy, or a stale one: the log says to recompile)
//   previous  FILE is invalid or unreadable, but a good compiled copy of an earlier version is there: it runs,
//             so a typo while editing never stops the checks; the log names FILE and its first problem
//   untagged  FILE is invalid, no good compiled copy, but FILE is TOML: no checks, delivered through FILE's own
//             qmail_queue (a configured chain is never bypassed)
//   unusable  none of that: exit 55, qmail-queue's "unable to read configuration" (temporary; nothing lost)
//   none      no file at the default path: the built-in defaults, no checks (said in the summary line)
// Only regular files are read: a FIFO or a device named by QQTAG_CONFIG must not hang a message.
import { statSync, type Stats } from 'node:fs';
import { readRegularFile } from './regular-file';
import { DEFAULT_CONFIG_PATH, DEFAULT_STATE_DIR } from './contract';
import type { Config } from './config-schema';
import { DEFAULT_DEFER_TEXT, DEFAULT_REJECT_TEXT, ABSOLUTE } from './config-rules';
import { checkCompiled } from './compiled-check';
import { describeError } from './errno-text';
import { loadLazy } from './lazy';
import type { ConfigSource } from './summary';

export type { Config };

export interface ConfigIssue {
  readonly code: 'unreadable' | 'syntax' | 'invalid';
  readonly file: string;
  readonly line?: number;
  readonly key?: string;
  readonly message: string;
}
export type ConfigResult = { readonly ok: true; readonly value: Config } | { readonly ok: false; readonly issue: ConfigIssue };

export interface LoadedConfig {
  readonly source: Exclude<ConfigSource, 'env'>;
  readonly config: Config; // for untagged and unusable: the defaults (with FILE's qmail_queue for untagged)
  readonly file: string;
  readonly problem?: string; // what is wrong with FILE, for an error line
  readonly note?: string; // something to fix that costs nothing now (a stale compiled file), for a warning
}

/** What an empty file means (test/config.test.ts holds it equal to the schema's defaults). */
const defaults: Config = {
  dry_run: false,
  header: 'X-Spam-Warning',
  spool_memory_bytes: 1024 * 1024,
  reject_text: DEFAULT_REJECT_TEXT,
  defer_text: DEFAULT_DEFER_TEXT,
  dns: { servers: [], deadline_ms: 3000, note_unchecked: false },
  health: { state_dir: DEFAULT_STATE_DIR, failures: 3, backoff_s: 30, backoff_max_s: 900, self_test_minutes: 10 },
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

// Which validation a compiled file passed: the build puts a hash of the schema and RE2 bundles and the version here.
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
  typeof a === 'object' && a !== null && (Object.keys(b) as (keyof Identity)[]).every((k) => a[k] === b[k]);

/** "qqtag.toml:12: dns.deadline_ms: Too big: expected number to be <=60000" */
export function formatConfigIssue(i: ConfigIssue): string {
  return `config ${i.file}${i.line === undefined ? '' : `:${i.line}`}: ${i.key === undefined ? '' : `${i.key}: `}${i.message}`;
}

/** A regular file's text; anything else (missing, a FIFO, a device, unreadable) is an error with its errno code. */
type CompiledCopy = { readonly config: Config; readonly source: unknown } | { readonly absent: true } | { readonly problem: string };

/** FILE.compiled if it is there, was made by this qqtag, and has a valid config's shape. */
function readCompiled(file: string): CompiledCopy {
  const path = file + COMPILED_SUFFIX;
  let compiled: Partial<Compiled> | null;
  try {
    compiled = JSON.parse(readRegularFile(path)) as Partial<Compiled> | null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { absent: true };
    return { problem: `${path} unreadable: ${describeError(err)}` };
  }
  if (compiled?.schema !== SCHEMA_ID) return { problem: `${path} was compiled by another qqtag` };
  const checked = checkCompiled(compiled.config);
  if (!checked.ok) return { problem: `${path} is damaged: ${checked.problem}` };
  return { config: Object.freeze(checked.value), source: compiled.source };
}

/** An invalid FILE that is still TOML: deliver untagged through its qmail_queue, if it names a usable one. */
function untagged(file: string, data: unknown, problem: string): LoadedConfig {
  const queue = (data as { qmail_queue?: unknown } | null)?.qmail_queue;
  if (queue !== undefined && (typeof queue !== 'string' || !ABSOLUTE.test(queue))) {
    return { source: 'unusable', config: DEFAULT_CONFIG, file, problem: `${problem}; and its qmail_queue is not an absolute path` };
  }
  const config: Config = Object.freeze({ ...DEFAULT_CONFIG, ...(queue === undefined ? {} : { qmail_queue: queue }) });
  return { source: 'untagged', config, file, problem };
}

/** QQTAG_CONFIG, else the default path; only the default may be absent (then: built-in defaults). */
export function loadConfig(env: NodeJS.ProcessEnv): LoadedConfig {
  const explicit = env['QQTAG_CONFIG'];
  const file = explicit || DEFAULT_CONFIG_PATH;
  let st: Stats | undefined;
  try {
    st = statSync(file, { throwIfNoEntry: false });
    if (!st && !explicit) return { source: 'none', config: DEFAULT_CONFIG, file };
  } catch {
    // a directory on the way that we may not search: the same as an unreadable file, below
  }
  const compiled = readCompiled(file);
  if ('config' in compiled && st?.isFile() && sameFile(compiled.source as Partial<Identity>, identity(st))) {
    return { source: 'compiled', config: compiled.config, file };
  }
  let problem: string;
  let data: unknown;
  try {
    const parsed = loadLazy('config').parseConfig(readRegularFile(file), file);
    if (parsed.ok) {
      const stale = 'config' in compiled ? `${file}${COMPILED_SUFFIX} is older than ${file}` : 'problem' in compiled ? compiled.problem : '';
      return { source: 'file', config: parsed.value, file, ...(stale ? { note: `${stale}: run qqtag compile-config ${file}` } : {}) };
    }
    problem = formatConfigIssue(parsed.issue);
    data = parsed.data;
  } catch (err) {
    problem = `config ${file}: cannot read: ${describeError(err)}`;
  }
  if ('config' in compiled) return { source: 'previous', config: compiled.config, file, problem: `${problem}; running its last good compiled copy, ${file}${COMPILED_SUFFIX}` };
  if (data !== undefined) return untagged(file, data, `${problem}; delivering untagged`);
  const why = 'problem' in compiled ? ` (${compiled.problem})` : '';
  return { source: 'unusable', config: DEFAULT_CONFIG, file, problem: `${problem}; no good compiled copy${why}: exit 55 until it is fixed` };
}
