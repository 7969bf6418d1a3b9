// [[dnsbl]] and [[dnswl]]: the client IP (TCPREMOTEIP) looked up in a list, RFC 5782 §2.1 (IPv4 reversed, IPv6
// in nibble form). Starts at process start, overlapping the DATA transfer.
import { isIPv4, reverseName } from '../ip';
import type { DnsClient } from '../dns-client';
import { failed, type Action, type ClientCheck, type Finding } from './check';
import type { Codes } from './answer-codes';
import { formatListing, lookupListing } from './dns-listing';

export interface IpListZone {
  readonly zone: string;
  readonly label: string;
  readonly codes: Codes;
  readonly action: Action;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  readonly allow: boolean; // a [[dnswl]]: a listing vouches for the client instead of tagging it
}

/** "2.0.0.127.zone", or 32 nibbles for IPv6. */
export const queryName = (ip: string, zone: string): string => `${reverseName(ip)}.${zone}`;

export function ipListCheck(zone: IpListZone, dns: DnsClient, index: number): ClientCheck {
  const kind = zone.allow ? 'dnswl' : 'dnsbl';
  const id = `${kind}:${index}`;
  return {
    id,
    kind,
    label: zone.label,
    stage: 'client',
    async run(facts): Promise<readonly Finding[]> {
      if (!facts.ip) return [{ kind: 'skip', check: id, reason: 'no TCPREMOTEIP' }];
      const v4 = isIPv4(facts.ip);
      if (v4 ? !zone.ipv4 : !zone.ipv6) return [{ kind: 'skip', check: id, reason: `no IPv${v4 ? 4 : 6} list` }];
      const listing = await lookupListing(dns, queryName(facts.ip, zone.zone), zone.codes);
      if (listing.kind === 'error') return [failed(id, listing.problem, listing.reason)];
      if (listing.kind === 'not_listed') return [{ kind: 'pass', check: id }];
      const text = formatListing(facts.ip, zone.label, listing);
      return [zone.allow ? { kind: 'allow', check: id, text } : { kind: 'hit', check: id, text, action: zone.action, reason: listing.reason }];
    },
  };
}
