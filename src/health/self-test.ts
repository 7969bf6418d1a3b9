// The RFC 5782 §5 self-test of a DNS list: every list must list its test point and must not list the other.
//   IPv4 lists   127.0.0.2 listed, 127.0.0.1 not        IPv6 lists   ::FFFF:7F00:2 listed, ::FFFF:7F00:1 not
//   domain lists TEST listed, INVALID not
// A list that lists the second point lists everything (a shut-down list wildcarding the address space so that
// people remove it): broken, its answers must not be used. Refusal codes (a public or over-quota resolver):
// refused. No answer or SERVFAIL: no_answer. The first point not listed: incomplete (the list does not follow
// §5, or `codes` excludes the test code), harmless. Answers are judged by the zone's own `codes`, as lookups are.
import { TIMEOUT, type DnsClient } from '../dns-client';
import { classifyAnswers, type Codes } from '../checks/answer-codes';
import { queryName } from '../checks/dnsbl';
import { VERDICTS, type Verdict } from './health-state';

/** A configured list as health sees it: one per key (a zone named twice, as dnswl and dnsbl, is one). */
export interface ListZone {
  readonly key: string;
  readonly kind: 'ip' | 'domain';
  readonly zone: string;
  readonly label: string;
  readonly codes: Codes;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
}

export type Family = 'ipv4' | 'ipv6' | 'domain';
export interface PointResult {
  readonly point: string; // "127.0.0.2", "::FFFF:7F00:1", "TEST"
  readonly listed: boolean; // whether RFC 5782 says it must be listed
  readonly answers: readonly string[] | undefined; // undefined: no answer (see error)
  readonly error?: string; // "timeout", or c-ares's code (ESERVFAIL, ECONNREFUSED)
}
export interface FamilyResult {
  readonly family: Family;
  readonly points: readonly [PointResult, PointResult]; // must be listed, must not be
  readonly verdict: Verdict;
}
export interface ZoneTest {
  readonly verdict: Verdict;
  readonly families: readonly FamilyResult[];
  readonly ms: number;
}

const POINTS: Record<Family, readonly [string, string]> = {
  ipv4: ['127.0.0.2', '127.0.0.1'],
  ipv6: ['::FFFF:7F00:2', '::FFFF:7F00:1'],
  domain: ['TEST', 'INVALID'],
};

export function familiesOf(z: ListZone): Family[] {
  if (z.kind === 'domain') return ['domain'];
  return [...(z.ipv4 ? ['ipv4' as const] : []), ...(z.ipv6 ? ['ipv6' as const] : [])];
}

const nameOf = (family: Family, point: string, zone: string): string =>
  family === 'domain' ? `${point.toLowerCase()}.${zone}` : queryName(point.toLowerCase(), zone);

/** The worst of several verdicts (VERDICTS is ordered from worst to best). */
export const worstOf = (verdicts: readonly Verdict[]): Verdict => VERDICTS.find((v) => verdicts.includes(v)) ?? 'ok';

export function judgePoints(points: readonly PointResult[], codes: Codes): Verdict {
  if (points.some((p) => p.answers === undefined)) return 'no_answer';
  const judged = points.map((p) => ({ listed: p.listed, answer: classifyAnswers(p.answers ?? [], codes).kind }));
  if (judged.some((p) => !p.listed && p.answer === 'listed')) return 'broken';
  if (judged.some((p) => p.answer === 'refused')) return 'refused';
  return judged.some((p) => p.listed && p.answer !== 'listed') ? 'incomplete' : 'ok';
}

async function queryPoint(dns: DnsClient, family: Family, point: string, listed: boolean, zone: string): Promise<PointResult> {
  const r = await dns.a(nameOf(family, point, zone));
  if (r.ok) return { point, listed, answers: r.value };
  return { point, listed, answers: undefined, error: r.code === TIMEOUT ? 'timeout' : r.code };
}

/** Both test points of every family the zone serves, all at once; the DNS client's deadline bounds it. */
export async function runSelfTest(dns: DnsClient, z: ListZone): Promise<ZoneTest> {
  const started = Date.now();
  const families = await Promise.all(
    familiesOf(z).map(async (family): Promise<FamilyResult> => {
      const [yes, no] = POINTS[family];
      const points = await Promise.all([queryPoint(dns, family, yes, true, z.zone), queryPoint(dns, family, no, false, z.zone)] as const);
      return { family, points, verdict: judgePoints(points, z.codes) };
    }),
  );
  return { verdict: worstOf(families.map((f) => f.verdict)), families, ms: Date.now() - started };
}

const EVIDENCE: Record<Exclude<Verdict, 'ok'>, (yes: PointResult, no: PointResult) => string> = {
  broken: (_yes, no) => `lists ${no.point}`,
  refused: (yes, no) => `answers ${[...new Set([...(yes.answers ?? []), ...(no.answers ?? [])])].join(',')}`,
  no_answer: (yes, no) => yes.error ?? no.error ?? '',
  incomplete: (yes) => `${yes.point} not listed`,
};

/** "broken (lists 127.0.0.1)", "refused (answers 127.255.255.254)", "no_answer (timeout)": verdict and evidence. */
export function describeTest(t: ZoneTest): string {
  const family = t.families.find((f) => f.verdict === t.verdict);
  if (!family || t.verdict === 'ok') return t.verdict;
  return `${t.verdict} (${EVIDENCE[t.verdict](...family.points)})`;
}
