// A config file as check-config and compile-config judge it: read as queue mode reads it (regular files only),
// parsed, validated, and held to the rules only a person can act on (a paid-feed key needs a label). Every
// problem is kept, not only the first, each with file:line and key.
import { DEFAULT_CONFIG_PATH } from '../../contract';
import { type Config, type ConfigIssue } from '../../config';
import { readRegularFile } from '../../regular-file';
import { parseConfig } from '../../config-parse';
import { isKeyedZone } from '../../config-rules';
import { findKeyLine } from '../../config-locate';
import { describeError } from '../../errno-text';
import type { Args } from '../command';

export interface ConfigFile {
  readonly file: string;
  readonly source: string | undefined; // the text, when it could be read
  readonly data: unknown; // the TOML, when it parsed (even when invalid)
  readonly config: Config | undefined; // when valid
  readonly issues: readonly ConfigIssue[]; // config errors, by line
}

/** FILE, else $QQTAG_CONFIG, else the default path: the file queue mode would read. */
export const configFileOf = (args: Args): string => args.positionals[0] ?? (process.env['QQTAG_CONFIG'] || DEFAULT_CONFIG_PATH);

const LISTS = ['dnsbl', 'dnswl', 'rhsbl'] as const;

/** Zones that look like "KEY.zen.dq.spamhaus.net" and have no label: the key would be shown in added lines. */
export function findKeyedZones(data: unknown, source: string, file: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const kind of LISTS) {
    const zones = (data as Record<string, unknown> | null)?.[kind];
    if (!Array.isArray(zones)) continue;
    zones.forEach((z: unknown, i) => {
      const { zone, label } = (z ?? {}) as { zone?: unknown; label?: unknown };
      if (typeof zone !== 'string' || label !== undefined || !isKeyedZone(zone)) return;
      const line = findKeyLine(source, [kind, i, 'zone']);
      const message = 'missing: the zone looks like a paid feed with an account key in front; add a label (label = "Spamhaus ZEN") so that the key never appears in headers or logs';
      issues.push({ code: 'invalid', file, ...(line ? { line } : {}), key: `${kind}[${i}].label`, message });
    });
  }
  return issues;
}

const byLine = (a: ConfigIssue, b: ConfigIssue): number => (a.line ?? 0) - (b.line ?? 0);

export function readConfigFile(file: string): ConfigFile {
  let source: string;
  try {
    source = readRegularFile(file);
  } catch (err) {
    const issue: ConfigIssue = { code: 'unreadable', file, message: `cannot read: ${describeError(err)}` };
    return { file, source: undefined, data: undefined, config: undefined, issues: [issue] };
  }
  const parsed = parseConfig(source, file);
  const schemaIssues = parsed.ok ? [] : (parsed.issues ?? [parsed.issue]);
  const data = parsed.ok ? parsed.value : parsed.data;
  const issues = [...schemaIssues, ...findKeyedZones(data, source, file)].sort(byLine);
  return { file, source, data, config: parsed.ok && issues.length === 0 ? parsed.value : undefined, issues };
}
