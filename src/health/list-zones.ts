// The configured DNS lists as zone health sees them: one ListZone per key (servers, kind, zone), so a zone named
// as both [[dnswl]] and [[dnsbl]] has one health; its families are those either entry asks. The key is what
// health.json files it under (health-state.ts): never the zone itself, which may hold a paid account key.
import type { Config } from '../config-schema';
import { zoneLabel } from '../config-rules';
import { compileCodes } from '../checks/answer-codes';
import type { ListZone } from './self-test';

/** FNV-1a twice (two offset bases): 64 bits, enough for a few hundred zones, and no node:crypto to load. */
export function zoneKey(servers: readonly string[], kind: 'ip' | 'domain', zone: string): string {
  const text = `${servers.join(',')}|${kind}|${zone.toLowerCase()}`;
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

type IpEntry = Config['dnsbl'][number] | Config['dnswl'][number];
type DomainEntry = Config['rhsbl'][number];

export function ipZone(config: Config, z: IpEntry): ListZone {
  const key = zoneKey(config.dns.servers, 'ip', z.zone);
  return { key, kind: 'ip', zone: z.zone, label: zoneLabel(z.zone, z.label), codes: compileCodes(z.codes), ipv4: z.ipv4, ipv6: z.ipv6 };
}

export function domainZone(config: Config, z: DomainEntry): ListZone {
  const key = zoneKey(config.dns.servers, 'domain', z.zone);
  return { key, kind: 'domain', zone: z.zone, label: zoneLabel(z.zone, z.label), codes: compileCodes(z.codes), ipv4: false, ipv6: false };
}

/** Every configured list once, in config order (allow lists, IP lists, domain lists). */
export function listZones(config: Config): ListZone[] {
  const byKey = new Map<string, ListZone>();
  const all = [...config.dnswl.map((z) => ipZone(config, z)), ...config.dnsbl.map((z) => ipZone(config, z)), ...config.rhsbl.map((z) => domainZone(config, z))];
  for (const z of all) {
    const known = byKey.get(z.key);
    byKey.set(z.key, known ? { ...known, ipv4: known.ipv4 || z.ipv4, ipv6: known.ipv6 || z.ipv6 } : z);
  }
  return [...byKey.values()];
}
