// The check of a compiled config (FILE.compiled) before queue mode trusts it: as strict as the TOML schema
// (config-schema.ts) on the filled-in config, with the same rules (config-rules.ts), but without zod, whose
// schema construction alone costs ~3.5 ms of every message. A damaged or hand-edited file (a negative size, a
// header name holding CR LF) is then not used. test/config.test.ts holds the two to the same verdicts.
// Rule patterns are not compiled here (that would load re2js for every message): a pattern that does not
// compile at run time makes its rule `failed`, never a hit.
import type { Config } from './config-schema';
import * as R from './config-rules';

/** Returns what is wrong at a path ("dnsbl[0].zone: not a DNS zone name"), or '' when nothing is. */
type Check = (v: unknown, path: string) => string;

const bool: Check = (v, p) => (typeof v === 'boolean' ? '' : `${p}: not true or false`);
const int = ([min, max]: readonly [number, number]): Check => (v, p) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? '' : `${p}: not an integer from ${min} to ${max}`;
const str = (ok: (s: string) => boolean, what: string): Check => (v, p) => (typeof v === 'string' && ok(v) ? '' : `${p}: ${what}`);
const re = (pattern: RegExp, what: string): Check => str((s) => pattern.test(s), what);
const len = (max: number): Check => str((s) => s.length >= 1 && s.length <= max, `not a text of 1 to ${max} characters`);
const oneOf = (words: readonly string[]): Check => str((s) => words.includes(s), `not one of ${words.join(', ')}`);
const optional = (check: Check): Check => (v, p) => (v === undefined ? '' : check(v, p));
const array = (item: Check, min = 0): Check => (v, p) => {
  if (!Array.isArray(v) || v.length < min) return `${p}: not a list${min ? ` of at least ${min}` : ''}`;
  for (const [i, x] of v.entries()) {
    const problem = item(x, `${p}[${i}]`);
    if (problem) return problem;
  }
  return '';
};
const object = (shape: Record<string, Check>, also?: (o: Record<string, unknown>) => string): Check => (v, p) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${p}: not a table`;
  const o = v as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !Object.hasOwn(shape, k)); // not `in`: "constructor" is in every object
  if (unknown !== undefined) return `${p}${p ? '.' : ''}${unknown}: unknown key`;
  for (const [key, check] of Object.entries(shape)) {
    const problem = check(o[key], p ? `${p}.${key}` : key);
    if (problem) return problem;
  }
  return also?.(o) ? `${p}: ${also(o)}` : '';
};

const zone = re(R.ZONE, 'not a DNS zone name');
const label = optional(len(R.LABEL_MAX));
const codes = optional(array(str(R.isCodeSpec, 'not an address, a-b range, CIDR or &mask')));
const action = oneOf(R.ACTIONS);
const absolute = re(R.ABSOLUTE, 'must be an absolute path');
const reply = str((s) => s.length >= 1 && s.length <= R.REPLY_MAX && R.isReplyTemplate(s), 'not a reply template');
const onePatternOrMissing = (r: Record<string, unknown>): string =>
  (r['pattern'] === undefined) !== (r['missing'] === undefined) ? '' : 'give either pattern or missing = true';

const configCheck = object({
  qmail_queue: optional(absolute),
  dry_run: bool,
  header: re(R.HEADER_NAME, 'not a header field name'),
  spool_dir: optional(absolute),
  spool_memory_bytes: int(R.RANGE.spool_memory_bytes),
  reject_text: reply,
  defer_text: reply,
  dns: object({ servers: array(str(R.isServerAddress, 'not an ip or ip:port')), deadline_ms: int(R.RANGE.deadline_ms), note_unchecked: bool }),
  health: object({
    state_dir: absolute,
    failures: int(R.RANGE.failures),
    backoff_s: int(R.RANGE.backoff_s),
    backoff_max_s: int(R.RANGE.backoff_max_s),
    self_test_minutes: int(R.RANGE.self_test_minutes),
  }),
  dnsbl: array(object({ zone, label, codes, action, ipv4: bool, ipv6: bool })),
  rhsbl: array(object({ zone, label, codes, action, check: array(oneOf(R.DOMAIN_SOURCES), 1) })),
  dnswl: array(object({ zone, label, codes, ipv4: bool, ipv6: bool })),
  reject_score: int(R.RANGE.reject_score),
  skip_relayclient: bool,
  checks: object(Object.fromEntries(R.CHECK_NAMES.map((n) => [n, oneOf(R.SWITCHES)]))),
  rule: array(
    object(
      {
        name: re(R.RULE_NAME, 'letters, digits, _ . - only'),
        header: re(R.HEADER_NAME, 'not a header field name'),
        pattern: optional(str(() => true, 'not a text')),
        missing: optional((v, p) => (v === true ? '' : `${p}: only true`)),
        warning: len(R.WARNING_MAX),
        action,
      },
      onePatternOrMissing,
    ),
  ),
  local: array(object({ file: absolute, type: oneOf(R.LOCAL_TYPES), allow: bool, label, action })),
});

/** The config if it has exactly the shape the schema gives a valid file, else what is wrong with it. */
export function checkCompiled(config: unknown): { ok: true; value: Config } | { ok: false; problem: string } {
  const problem = configCheck(config, '');
  return problem ? { ok: false, problem } : { ok: true, value: config as Config };
}
