// Which A answers of a DNS list count as a listing (RFC 5782 §2.1, and what real lists do).
// A zone's `codes` entries: "127.0.0.2", "127.0.0.2-127.0.0.11", "127.0.0.4/30", or "&4" (a bitmask on the last
// octet: URIBL/SURBL). No `codes`: any 127/8 answer but 127.0.0.1 and the refusal codes.
// Refusals — outside 127/8, 127.255.255.0/24 (Spamhaus), 127.0.0.255 (dnswl), 127.0.1.255 (DBL) — are never a
// listing whatever `codes` says: they mean the list will not answer this resolver. 127.0.0.1 counts only where
// `codes` names it explicitly.
import { isIPv4 } from '../ip';

import { ipToInt as toInt, parseCodeSpec, type CodeMatcher } from '../code-spec';

export function isRefusal(ip: string): boolean {
  if (!isIPv4(ip) || !ip.startsWith('127.')) return true;
  return ip.startsWith('127.255.255.') || ip === '127.0.0.255' || ip === '127.0.1.255';
}

export type AnswerClass =
  | { readonly kind: 'listed'; readonly codes: readonly string[] }
  | { readonly kind: 'not_listed' }
  | { readonly kind: 'refused'; readonly answer: string };

export interface Codes {
  readonly matchers: readonly CodeMatcher[]; // empty = the default rule
  readonly namesLoopbackOne: boolean;
}

export function compileCodes(specs: readonly string[] | undefined): Codes {
  const matchers = (specs ?? []).map((s) => parseCodeSpec(s)).filter((m): m is CodeMatcher => m !== null);
  return { matchers, namesLoopbackOne: (specs ?? []).some((s) => s === '127.0.0.1') };
}

export function classifyAnswers(answers: readonly string[], codes: Codes): AnswerClass {
  const refused = answers.find((a) => isRefusal(a) || (a === '127.0.0.1' && !codes.namesLoopbackOne));
  if (refused !== undefined) return { kind: 'refused', answer: refused };
  const listed = codes.matchers.length === 0 ? answers : answers.filter((a) => codes.matchers.some((m) => m(toInt(a))));
  return listed.length > 0 ? { kind: 'listed', codes: listed } : { kind: 'not_listed' };
}

