// TOML text -> a validated Config, or every issue with file:line and key. The slow path of config loading
// (smol-toml and the zod/mini schema cost ~6 ms of start-up), so it lives in the lazy `config` bundle: queue
// mode loads it only when no up-to-date compiled config is there (config.ts), the CLI always. Messages are our
// own (config-messages.ts): no zod locale is loaded.
import { parse as parseToml } from 'smol-toml';
import { configSchema } from './config-schema';
import { findKeyLine } from './config-locate';
import { describeIssue, type SchemaIssue } from './config-messages';
import type { ConfigIssue, ConfigResult } from './config';

/** `data`: the TOML as parsed, when it is TOML at all (an invalid config's qmail_queue is still honoured).
 *  `issues`: every problem, in the schema's order (`issue` is the first of them). */
export type ParsedConfig = ConfigResult & { readonly data?: unknown; readonly issues?: readonly ConfigIssue[] };

/** "dnsbl[1].zone" */
export const formatKeyPath = (path: readonly (string | number)[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/** One ConfigIssue per problem; an unknown-keys issue becomes one per key, each on its own line. */
function toConfigIssues(issue: SchemaIssue, data: unknown, source: string, file: string): ConfigIssue[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const paths = issue.code === 'unrecognized_keys' && issue.keys?.length ? issue.keys.map((k) => [...path, k]) : [path];
  const message = describeIssue(issue, data);
  return paths.map((keyPath) => {
    const line = findKeyLine(source, keyPath);
    const key = formatKeyPath(keyPath);
    return { code: 'invalid', file, ...(line ? { line } : {}), ...(key ? { key } : {}), message };
  });
}

export function parseConfig(source: string, file: string): ParsedConfig {
  let data: unknown;
  try {
    data = parseToml(source);
  } catch (err) {
    const e = err as { line?: number; message?: string };
    const message = (e.message ?? String(err)).split('\n')[0] ?? 'invalid TOML';
    const issue: ConfigIssue = { code: 'syntax', file, ...(e.line ? { line: e.line } : {}), message };
    return { ok: false, issue, issues: [issue] };
  }
  const parsed = configSchema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.flatMap((i) => toConfigIssues(i as SchemaIssue, data, source, file));
  const first = issues[0] ?? { code: 'invalid', file, message: 'invalid' };
  return { ok: false, data, issue: first, issues };
}
