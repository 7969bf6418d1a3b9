// The shape of /etc/qqtag/qqtag.toml, validated with zod/mini (classic zod alone adds ~27 ms to every message).
// Unknown keys are errors: a misspelt key must not silently switch a check off.
import * as z from 'zod/mini';
import { isIP } from 'node:net';

const HEADER_NAME = /^[!-9;-~]{1,76}$/; // RFC 5322 ftext, short enough to leave room for a value

/** `ip` or `ip:port`, `[v6]:port`: what c-ares' setServers accepts, one server per entry. */
export function isServerAddress(s: string): boolean {
  const v6 = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s);
  if (v6) return isIP(v6[1] ?? '') === 6 && (v6[2] === undefined || Number(v6[2]) <= 65535);
  if (isIP(s) !== 0) return true;
  const v4 = /^([\d.]+):(\d{1,5})$/.exec(s);
  return v4 !== null && isIP(v4[1] ?? '') === 4 && Number(v4[2]) <= 65535;
}

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
});

export type Config = z.infer<typeof configSchema>;
export const DEFAULT_CONFIG: Config = Object.freeze(configSchema.parse({}));
