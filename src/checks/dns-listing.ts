// One DNS list lookup: the A query decides, the TXT query (sent at the same time, to save a round trip) gives the
// reason. A listing stays a listing when the TXT is missing, fails or is cut off by the deadline.
import { TIMEOUT, type DnsClient } from '../dns-client';
import { sanitizeText } from '../sanitize';
import { classifyAnswers, type Codes } from './answer-codes';
import type { Problem } from './check';

export type Listing =
  | { readonly kind: 'listed'; readonly codes: readonly string[]; readonly reason: string }
  | { readonly kind: 'not_listed' }
  | { readonly kind: 'error'; readonly problem: Extract<Problem, 'timeout' | 'refused' | 'failed'>; readonly reason: string }; // what a lookup can tell

/** TXT bytes arrive as latin1; a list publishing UTF-8 gets it back, then it is made printable ASCII. */
const formatReason = (records: readonly string[]): string =>
  sanitizeText(records.map((r) => Buffer.from(r, 'latin1').toString('utf8')).join('; '));

export async function lookupListing(dns: DnsClient, name: string, codes: Codes): Promise<Listing> {
  const listing = await readListing(dns, name, codes);
  dns.classified?.(name, listing);
  return listing;
}

async function readListing(dns: DnsClient, name: string, codes: Codes): Promise<Listing> {
  const [a, txt] = await Promise.all([dns.a(name), dns.txt(name)]);
  if (!a.ok) return a.code === TIMEOUT ? { kind: 'error', problem: 'timeout', reason: 'no answer by the deadline' } : { kind: 'error', problem: 'failed', reason: a.code };
  const answer = classifyAnswers(a.value, codes);
  if (answer.kind === 'refused') return { kind: 'error', problem: 'refused', reason: `answer ${answer.answer} is not a listing (the list refuses this resolver?)` };
  if (answer.kind === 'not_listed') return answer;
  return { kind: 'listed', codes: answer.codes, reason: txt.ok ? formatReason(txt.value) : '' };
}

/** "192.0.2.1 is listed in Example BL (127.0.0.2): see https://bl.example/q?192.0.2.1" */
export function formatListing(what: string, label: string, listing: Extract<Listing, { kind: 'listed' }>): string {
  const reason = listing.reason ? `: ${listing.reason}` : '';
  return `${what} is listed in ${label} (${listing.codes.join(', ')})${reason}`;
}
