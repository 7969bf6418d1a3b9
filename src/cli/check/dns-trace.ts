// qqtag check's view of DNS: a DnsClient that passes every query on to the real one (the run's, with its
// servers and deadline) and records it — which check asked, the name, the answers or the error, how long it
// took — and how lookupListing classified each A answer. buildChecks wraps the client once per check with it;
// queue mode never does.
import type { DnsClient, DnsResult } from '../../dns-client';
import type { Listing } from '../../checks/dns-listing';

export type QueryType = 'A' | 'AAAA' | 'MX' | 'TXT';
export type Classified = 'listed' | 'not_listed' | 'refused' | 'timeout' | 'failed';

export interface TracedQuery {
  readonly check: string; // the check's id (never shown: it is joined to the check's label)
  readonly type: QueryType;
  readonly name: string;
  ms: number;
  answers: string[] | null; // null: no answer (see error); [] = NXDOMAIN or NODATA
  error: string | null; // TIMEOUT (the deadline, or c-ares gave up), or c-ares's code (ESERVFAIL, EREFUSED, ...)
  classified: Classified | null; // for the A query of a DNS list: how its answer was read
}

const classify = (listing: Listing): Classified => (listing.kind === 'error' ? listing.problem : listing.kind);

export class DnsTrace {
  readonly queries: TracedQuery[] = [];

  /** For buildChecks: the client one check sees; `checkId` names the check once it is built. */
  readonly wrap = (dns: DnsClient, checkId: () => string): DnsClient => {
    const record = (type: QueryType, ask: (name: string) => Promise<DnsResult<string[]>>) => async (name: string) => {
      const started = Date.now();
      const q: TracedQuery = { check: checkId(), type, name, ms: 0, answers: null, error: null, classified: null };
      this.queries.push(q);
      const result = await ask(name);
      q.ms = Date.now() - started;
      if (result.ok) q.answers = result.value;
      else q.error = result.code;
      return result;
    };
    return {
      a: record('A', (n) => dns.a(n)),
      aaaa: record('AAAA', (n) => dns.aaaa(n)),
      mx: record('MX', (n) => dns.mx(n)),
      txt: record('TXT', (n) => dns.txt(n)),
      elapsedMs: () => dns.elapsedMs(),
      classified: (name, listing) => {
        const q = this.queries.find((x) => x.type === 'A' && x.name === name && x.check === checkId() && x.classified === null);
        if (q) q.classified = classify(listing);
      },
    };
  };

  of(check: string): TracedQuery[] {
    return this.queries.filter((q) => q.check === check);
  }
}
