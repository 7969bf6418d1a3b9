// The one adapter between qqtag and DNS: Node's own dns.promises.Resolver (c-ares). No other module queries DNS.
// NXDOMAIN and NODATA are answers ("no such record"), not errors. c-ares's timeout is only a hint, so the hard
// deadline is ours: when the run's signal aborts, resolver.cancel() ends every outstanding query at once.
// (dnsbl-lookup's own engine has no timeout or cancel and loses listings: NODE-FACTS.md.)
import type { promises as Dns } from 'node:dns';
import type { Listing } from './checks/dns-listing';

/** `code` is TIMEOUT for a query cut off by the deadline or given up by c-ares, else c-ares's code. */
export type DnsResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: string };
export const TIMEOUT = 'TIMEOUT';

export interface DnsClient {
  a(name: string): Promise<DnsResult<string[]>>;
  aaaa(name: string): Promise<DnsResult<string[]>>;
  mx(name: string): Promise<DnsResult<string[]>>;
  /** One string per TXT record, its character-strings joined with nothing (RFC 7208 style), latin1. */
  txt(name: string): Promise<DnsResult<string[]>>;
  /** Milliseconds from the first query to the last one settled; 0 when none was sent. */
  elapsedMs(): number;
  /** Told how lookupListing read an A answer. Only qqtag check's recording client listens (src/cli/check). */
  readonly classified?: (name: string, listing: Listing) => void;
}

const EMPTY_CODES = new Set(['ENOTFOUND', 'ENODATA']);
const DNS_PORT = 53;

/** [family, address, port] for c-ares, from entries the config accepted (isServerAddress): "ip", "ip:port",
 *  "[v6]:port". */
export function serverTuples(servers: readonly string[]): [4 | 6, string, number][] {
  return servers.map((s) => {
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
    if (v6) return [6, v6[1] ?? '', Number(v6[2] ?? DNS_PORT)];
    if (s.includes(':') && s.indexOf(':') !== s.lastIndexOf(':')) return [6, s, DNS_PORT];
    const [address = '', port] = s.split(':');
    return [4, address, Number(port ?? DNS_PORT)];
  });
}

type Handle = { setServers?: (servers: [number, string, number][]) => number };

/** Node's public setServers checks each entry with node:net's IPv6 regular expression, ~3 ms of every message
 *  whose config has an ip:port or IPv6 server. The entries were checked when the config was, so the tuples go
 *  straight to its c-ares handle — the call the public path ends in. Anything unexpected there: the public path. */
export function applyServers(resolver: Dns.Resolver, servers: readonly string[], direct = true): void {
  const handle = (resolver as unknown as { _handle?: Handle })._handle;
  if (direct && typeof handle?.setServers === 'function') {
    try {
      if (handle.setServers(serverTuples(servers)) === 0) return;
    } catch {
      // an internal API that changed: the public path below
    }
  }
  resolver.setServers([...servers]);
}
const TIMEOUT_CODES = new Set(['ECANCELLED', 'ETIMEOUT']);

export function createDnsClient(servers: readonly string[], deadlineMs: number, signal: AbortSignal): DnsClient {
  // Two tries inside the deadline: one lost UDP packet must not cost the whole check.
  const dns = (require('node:dns') as { promises: typeof Dns }).promises; // only when a check needs DNS
  const resolver = new dns.Resolver({ timeout: Math.max(100, Math.floor(deadlineMs / 3)), tries: 2 });
  if (servers.length > 0) applyServers(resolver, servers);
  signal.addEventListener('abort', () => resolver.cancel(), { once: true });
  let first = 0;
  let last = 0;

  async function query<T>(run: () => Promise<T>, map: (v: T) => string[]): Promise<DnsResult<string[]>> {
    if (signal.aborted) return { ok: false, code: TIMEOUT };
    first ||= Date.now();
    try {
      return { ok: true, value: map(await run()) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      if (EMPTY_CODES.has(code)) return { ok: true, value: [] };
      return { ok: false, code: TIMEOUT_CODES.has(code) ? TIMEOUT : code };
    } finally {
      last = Date.now();
    }
  }
  const same = (v: string[]): string[] => v;
  return {
    a: (name) => query(() => resolver.resolve4(name), same),
    aaaa: (name) => query(() => resolver.resolve6(name), same),
    mx: (name) => query(() => resolver.resolveMx(name), (v) => v.map((m) => m.exchange)),
    txt: (name) => query(() => resolver.resolveTxt(name), (v) => v.map((r) => r.join(''))),
    elapsedMs: () => (first ? last - first : 0),
  };
}
