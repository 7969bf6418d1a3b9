// [[dnsbl]] and [[dnswl]]: the client IP (TCPREMOTEIP) looked up in a list, RFC 5782 §2.1 (IPv4 reversed, IPv6
// in nibble form; dnsbl-lookup builds the name). Starts at process start, overlapping the DATA transfer.
import { isIPv4 } from '../ip';
import type { DnsClient } from '../dns-client';
import { loadLazy } from '../lazy';
import type { Action, Check, Finding } from './check';
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

/** "2.0.0.127.zone", or 32 nibbles for IPv6; dnsbl-lookup (the lazy dnsbl bundle) builds the name. */
export const queryName = (ip: string, zone: string): string => `${loadLazy('dnsbl').reverseIP(ip).toLowerCase()}.${zone}`;

export function ipListCheck(zone: IpListZone, dns: DnsClient): Check {
  const name = `${zone.allow ? 'dnswl' : 'dnsbl'}:${zone.zone}`;
  return {
    name,
    label: zone.label,
    stage: 'client',
    async run(facts): Promise<readonly Finding[]> {
      if (!facts.ip) return [{ kind: 'skip', check: name, reason: 'no TCPREMOTEIP' }];
      const v4 = isIPv4(facts.ip);
      if (v4 ? !zone.ipv4 : !zone.ipv6) return [{ kind: 'skip', check: name, reason: `no IPv${v4 ? 4 : 6} list` }];
      const listing = await lookupListing(dns, queryName(facts.ip, zone.zone), zone.codes);
      if (listing.kind === 'error') return [{ kind: 'error', check: name, reason: listing.reason }];
      if (listing.kind === 'not_listed') return [{ kind: 'pass', check: name }];
      const text = formatListing(facts.ip, zone.label, listing);
      return [zone.allow ? { kind: 'allow', check: name, text } : { kind: 'hit', check: name, text, action: zone.action }];
    },
  };
}
