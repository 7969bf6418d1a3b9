// [[rhsbl]]: domains looked up in a domain list — the envelope sender's domain (<> skipped) and the From:
// header's domain, as the zone's `check` chooses. Each distinct domain is queried once; all in parallel.
import type { DnsClient } from '../dns-client';
import { failed, type Action, type Finding, type MessageCheck, type MessageFacts } from './check';
import type { Codes } from './answer-codes';
import { formatListing, lookupListing } from './dns-listing';
import { fromHeaderDomain, senderDomain, toQueryDomain } from './domains';

export type DomainSource = 'envelope-sender' | 'header-from' | 'helo';
export interface DomainListZone {
  readonly zone: string;
  readonly label: string;
  readonly codes: Codes;
  readonly action: Action;
  readonly sources: readonly DomainSource[];
}

const SOURCE_TEXT: Record<DomainSource, string> = { 'envelope-sender': 'envelope sender', 'header-from': 'From:', helo: 'HELO' };

function domainOf(facts: MessageFacts, source: DomainSource): string {
  if (source === 'envelope-sender') return senderDomain(facts.envelope.sender);
  if (source === 'helo') return toQueryDomain(facts.helo ?? '');
  const from = facts.headers.all('from')[0];
  return from ? fromHeaderDomain(from) : '';
}

function domainsOf(facts: MessageFacts, sources: readonly DomainSource[]): Map<string, DomainSource[]> {
  const found = new Map<string, DomainSource[]>();
  for (const source of sources) {
    const domain = domainOf(facts, source);
    if (domain) found.set(domain, [...(found.get(domain) ?? []), source]);
  }
  return found;
}

export function domainListCheck(zone: DomainListZone, dns: DnsClient, index: number): MessageCheck {
  const name = `rhsbl:${index}`;
  return {
    id: name,
    kind: 'rhsbl',
    label: zone.label,
    stage: 'message',
    async run(facts): Promise<readonly Finding[]> {
      const domains = domainsOf(facts, zone.sources);
      if (domains.size === 0) return [{ kind: 'skip', check: name, reason: 'no domain to look up' }];
      const results = await Promise.all(
        [...domains].map(async ([domain, sources]): Promise<Finding> => {
          const listing = await lookupListing(dns, `${domain}.${zone.zone}`, zone.codes);
          if (listing.kind === 'error') return failed(name, listing.problem, `${domain}: ${listing.reason}`);
          if (listing.kind === 'not_listed') return { kind: 'pass', check: name };
          const what = `${domain} (${sources.map((s) => SOURCE_TEXT[s]).join(', ')})`;
          return { kind: 'hit', check: name, text: formatListing(what, zone.label, listing), action: zone.action, reason: listing.reason };
        }),
      );
      return results;
    },
  };
}
