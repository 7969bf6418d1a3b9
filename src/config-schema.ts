// The shape of /etc/qqtag/qqtag.toml, validated with zod/mini (classic zod alone adds ~27 ms to every message).
// Unknown keys are errors: a misspelt key must not silently switch a check off. The rules themselves are in
// config-rules.ts, which the fast check of a compiled config (compiled-check.ts) shares.
import * as z from 'zod/mini';
import { loadLazy } from './lazy';
import * as R from './config-rules';
import { DEFAULT_STATE_DIR } from './contract';

const zone = z.string().check(z.regex(R.ZONE, { message: 'not a DNS zone name' }));
const label = z.optional(z.string().check(z.minLength(1), z.maxLength(R.LABEL_MAX)));
const codes = z.optional(z.array(z.string().check(z.refine(R.isCodeSpec, { message: 'not an address, a-b range, CIDR or &mask' }))));
const action = z._default(z.enum(R.ACTIONS), 'tag');
const ipv = z._default(z.boolean(), true);
const absolute = z.string().check(z.regex(R.ABSOLUTE, { message: 'must be an absolute path' }));
const int = ([min, max]: readonly [number, number], fallback: number) => z._default(z.int().check(z.minimum(min), z.maximum(max)), fallback);
const reply = (fallback: string) =>
  z._default(
    z.string().check(z.minLength(1), z.maxLength(R.REPLY_MAX), z.refine(R.isReplyTemplate, { message: 'placeholders are {ip}, {label}, {reason}, {warning}' })),
    fallback,
  );

const dnsblSchema = z.strictObject({ zone, label, codes, action, ipv4: ipv, ipv6: ipv });
const dnswlSchema = z.strictObject({ zone, label, codes, ipv4: ipv, ipv6: ipv });
const rhsblSchema = z.strictObject({
  zone,
  label,
  codes,
  action,
  check: z._default(z.array(z.enum(R.DOMAIN_SOURCES)).check(z.minLength(1)), ['envelope-sender', 'header-from']),
});

const checkSwitch = z._default(z.enum(R.SWITCHES), 'off');
const checksSchema = z.strictObject({ no_rdns: checkSwitch, bad_helo: checkSwitch, relay_probe: checkSwitch, sender_domain_exists: checkSwitch });

/** A rule pattern must be valid RE2 of a bounded size; re2js is loaded for this only when a config has patterns. */
function patternProblem(source: string): string | undefined {
  const compiled = loadLazy('re2').compilePattern(source);
  return typeof compiled === 'string' ? compiled : undefined;
}
const ruleSchema = z
  .strictObject({
    name: z.string().check(z.regex(R.RULE_NAME, { message: 'letters, digits, _ . - only' })),
    header: z.string().check(z.regex(R.HEADER_NAME, { message: 'not a header field name' })),
    pattern: z.optional(
      z.string().check(
        z.superRefine((source, ctx) => {
          const problem = patternProblem(source);
          if (problem) ctx.issues.push({ code: 'custom', message: `not a usable RE2 pattern: ${problem}`, input: source });
        }),
      ),
    ),
    missing: z.optional(z.literal(true)),
    warning: z.string().check(z.minLength(1), z.maxLength(R.WARNING_MAX)),
    action,
  })
  .check(z.refine((r) => (r.pattern === undefined) !== (r.missing === undefined), { message: 'give either pattern or missing = true' }));

const localSchema = z.strictObject({
  file: absolute,
  type: z.enum(R.LOCAL_TYPES),
  allow: z._default(z.boolean(), false),
  label,
  action,
});

const dnsSchema = z.strictObject({
  servers: z._default(z.array(z.string().check(z.refine(R.isServerAddress, { message: 'not an ip or ip:port' }))), []),
  deadline_ms: int(R.RANGE.deadline_ms, 3000),
  note_unchecked: z._default(z.boolean(), false),
});

const healthSchema = z.strictObject({
  state_dir: z._default(absolute, DEFAULT_STATE_DIR),
  failures: int(R.RANGE.failures, 3),
  backoff_s: int(R.RANGE.backoff_s, 30),
  backoff_max_s: int(R.RANGE.backoff_max_s, 900),
  self_test_minutes: int(R.RANGE.self_test_minutes, 10),
});

export const configSchema = z.strictObject({
  qmail_queue: z.optional(absolute),
  dry_run: z._default(z.boolean(), false),
  header: z._default(z.string().check(z.regex(R.HEADER_NAME, { message: 'not a header field name' })), 'X-Spam-Warning'),
  spool_dir: z.optional(absolute),
  spool_memory_bytes: int(R.RANGE.spool_memory_bytes, 1024 * 1024),
  reject_text: reply(R.DEFAULT_REJECT_TEXT),
  defer_text: reply(R.DEFAULT_DEFER_TEXT),
  dns: z.prefault(dnsSchema, {}),
  health: z.prefault(healthSchema, {}),
  dnsbl: z._default(z.array(dnsblSchema), []),
  rhsbl: z._default(z.array(rhsblSchema), []),
  dnswl: z._default(z.array(dnswlSchema), []),
  reject_score: int(R.RANGE.reject_score, 1),
  skip_relayclient: z._default(z.boolean(), true),
  checks: z.prefault(checksSchema, {}),
  rule: z._default(z.array(ruleSchema), []),
  local: z._default(z.array(localSchema), []),
});

export type Config = z.infer<typeof configSchema>;
