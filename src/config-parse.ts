// TOML text -> a validated Config, or the first issue with file:line and key. The slow path of config loading
// (smol-toml and the zod/mini schema cost ~6 ms of start-up), so it lives in the lazy `config` bundle: queue
// mode loads it only when no up-to-date compiled config is there (config.ts), the CLI always.
import { parse as parseToml } from 'smol-toml';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js'; // only English: z.locales would bundle all ~50 (300 KB, ~25 ms)
import { configSchema } from './config-schema';
import { findKeyLine } from './config-locate';
import type { ConfigResult } from './config';

/** `data`: the TOML as parsed, when it is TOML at all (an invalid config's qmail_queue is still honoured). */
export function parseConfig(source: string, file: string): ConfigResult & { readonly data?: unknown } {
  let data: unknown;
  try {
    data = parseToml(source);
  } catch (err) {
    const e = err as { line?: number; message?: string };
    const message = (e.message ?? String(err)).split('\n')[0] ?? 'invalid TOML';
    return { ok: false, issue: { code: 'syntax', file, ...(e.line ? { line: e.line } : {}), message } };
  }
  const parsed = configSchema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
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
    data,
    issue: { code: 'invalid', file, ...(line ? { line } : {}), ...(key ? { key } : {}), message: issue?.message ?? 'invalid' },
  };
}
