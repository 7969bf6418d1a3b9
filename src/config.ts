// Read and validate the configuration once. A config that cannot be read or validated never holds mail back:
// the caller logs the issue (file:line and key) and delivers untagged with the built-in defaults (STYLE §8).
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js'; // only English: z.locales would bundle all ~50 (300 KB, ~25 ms)
import { DEFAULT_CONFIG_PATH } from './contract';
import { configSchema, DEFAULT_CONFIG, type Config } from './config-schema';
import { findKeyLine } from './config-locate';

export { DEFAULT_CONFIG, type Config };

export interface ConfigIssue {
  readonly code: 'unreadable' | 'syntax' | 'invalid';
  readonly file: string;
  readonly line?: number;
  readonly key?: string;
  readonly message: string;
}
export type ConfigResult = { readonly ok: true; readonly value: Config } | { readonly ok: false; readonly issue: ConfigIssue };

/** "qqtag.toml:12: dns.deadline_ms: Too big: expected number to be <=60000" */
export function formatConfigIssue(i: ConfigIssue): string {
  return `config ${i.file}${i.line === undefined ? '' : `:${i.line}`}: ${i.key === undefined ? '' : `${i.key}: `}${i.message}`;
}

/** QQTAG_CONFIG, else the default path; only the default may be absent (then: built-in defaults). */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const explicit = env['QQTAG_CONFIG'];
  const file = explicit || DEFAULT_CONFIG_PATH;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return { ok: true, value: DEFAULT_CONFIG };
    return { ok: false, issue: { code: 'unreadable', file, message: `cannot read: ${code ?? String(err)}` } };
  }
  return parseConfig(source, file);
}

export function parseConfig(source: string, file: string): ConfigResult {
  let data: unknown;
  try {
    data = parseToml(source);
  } catch (err) {
    const e = err as { line?: number; message?: string };
    const message = (e.message ?? String(err)).split('\n')[0] ?? 'invalid TOML';
    return { ok: false, issue: { code: 'syntax', file, ...(e.line ? { line: e.line } : {}), message } };
  }
  const parsed = configSchema.safeParse(data);
  if (parsed.success) return { ok: true, value: Object.freeze(parsed.data) };
  // Readable messages cost ~2 ms of start-up: load the English locale only on this (rare) path.
  z.config(en());
  const again = configSchema.safeParse(data);
  const issue = (again.success ? undefined : again.error.issues[0]) ?? parsed.error.issues[0];
  const path = issue?.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) ?? [];
  const unknown = issue?.code === 'unrecognized_keys' ? issue.keys : [];
  const keyPath = unknown.length > 0 ? [...path, unknown[0] ?? ''] : path;
  const line = findKeyLine(source, keyPath);
  const key = keyPath.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return {
    ok: false,
    issue: { code: 'invalid', file, ...(line ? { line } : {}), ...(key ? { key } : {}), message: issue?.message ?? 'invalid' },
  };
}
