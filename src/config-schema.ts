// The shape of /etc/qqtag/qqtag.toml, validated with zod/mini (classic zod alone adds ~27 ms to every message).
// Unknown keys are errors: a misspelt key must not silently switch a check off.
import * as z from 'zod/mini';
import { ipFamily as isIP } from './ip';
import { isCodeSpec } from './checks/answer-codes';
import { loadLazy } from './lazy';

const HEADER_NAME = /^[!-9;-~]{1,76}$/; // RFC 5322 ftext, short enough to leave room for a value

/** `ip` or `ip:port`, `[v6]:port`: what c-ares' setServers accepts, one server per entry. */
export function isServerAddress(s: string): boolean {
  const v6 = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s);
  if (v6) return isIP(v6[1] ?? '') === 6 && (v6[2] === undefined || Number(v6[2]) <= 65535);
  if (isIP(s) !== 0) return true;
  const v4 = /^([\d.]+):(\d{1,5})$/.exec(s);
  return v4 !== null && isIP(v4[1] ?? '') === 4 && Number(v4[2]) <= 65535;
}

const ZONE = /^(?=.{1,200}$)([a-z0-9_-]{1,63}\.)*[a-z0-9_-]{1,63}$/i;
const zone = z.string().check(z.regex(ZONE, { message: 'not a DNS zone name' }));
const label = z.optional(z.string().check(z.minLength(1), z.maxLength(100)));
const codes = z.optional(z.array(z.string().check(z.refine(isCodeSpec, { message: 'not an address, a-b range, CIDR or &mask' }))));
export const ACTIONS = ['tag', 'reject', 'defer'] as const;
const action = z._default(z.enum(ACTIONS), 'tag');
const ipv = z._default(z.boolean(), true);

const dnsblSchema = z.strictObject({ zone, label, codes, action, ipv4: ipv, ipv6: ipv });
const dnswlSchema = z.strictObject({ zone, label, codes, ipv4: ipv, ipv6: ipv });
const rhsblSchema = z.strictObject({
  zone,
  label,
  codes,
  action,
  check: z._default(
    z.array(z.enum(['envelope-sender', 'header-from', 'helo'])).check(z.minLength(1)),
    ['envelope-sender', 'header-from'],
  ),
});

const checkSwitch = z._default(z.enum(['off', ...ACTIONS]), 'off');
const checksSchema = z.strictObject({
  no_rdns: checkSwitch,
  bad_helo: checkSwitch,
  relay_probe: checkSwitch,
  sender_domain_exists: checkSwitch,
});

/** A rule pattern must be valid RE2; re2js is loaded for this only when a config has patterns. */
function isRe2(source: string): boolean {
  return typeof loadLazy('re2').compilePattern(source) !== 'string';
}
const ruleSchema = z
  .strictObject({
    name: z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'letters, digits, _ . - only' })),
    header: z.string().check(z.regex(/^[!-9;-~]{1,76}$/, { message: 'not a header field name' })),
    pattern: z.optional(z.string().check(z.refine(isRe2, { message: 'not a valid RE2 pattern' }))),
    missing: z.optional(z.literal(true)),
    warning: z.string().check(z.minLength(1), z.maxLength(300)),
    action,
  })
  .check(z.refine((r) => (r.pattern === undefined) !== (r.missing === undefined), { message: 'give either pattern or missing = true' }));

const localSchema = z.strictObject({
  file: z.string().check(z.regex(/^\//, { message: 'must be an absolute path' })),
  type: z.enum(['ip', 'domain']),
  allow: z._default(z.boolean(), false),
  label: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  action,
});

const dnsSchema = z.strictObject({
  servers: z._default(z.array(z.string().check(z.refine(isServerAddress, { message: 'not an ip or ip:port' }))), []),
  deadline_ms: z._default(z.int().check(z.minimum(50), z.maximum(60_000)), 3000),
  note_unchecked: z._default(z.boolean(), false),
});

export const configSchema = z.strictObject({
  qmail_queue: z.optional(z.string().check(z.regex(/^\//, { message: 'must be an absolute path' }))),
  dry_run: z._default(z.boolean(), false),
  header: z._default(z.string().check(z.regex(HEADER_NAME, { message: 'not a header field name' })), 'X-Spam-Warning'),
  spool_dir: z.optional(z.string().check(z.regex(/^\//, { message: 'must be an absolute path' }))),
  spool_memory_bytes: z._default(z.int().check(z.minimum(256 * 1024), z.maximum(64 * 1024 * 1024)), 1024 * 1024),
  dns: z.prefault(dnsSchema, {}),
  dnsbl: z._default(z.array(dnsblSchema), []),
  rhsbl: z._default(z.array(rhsblSchema), []),
  dnswl: z._default(z.array(dnswlSchema), []),
  reject_score: z._default(z.int().check(z.minimum(1), z.maximum(100)), 1),
  skip_relayclient: z._default(z.boolean(), true),
  checks: z.prefault(checksSchema, {}),
  rule: z._default(z.array(ruleSchema), []),
  local: z._default(z.array(localSchema), []),
});

export type Config = z.infer<typeof configSchema>;
