// qqtag lists test: the RFC 5782 self-test of every configured list, now (src/health/self-test.ts), as a table
// or JSON. Zones are shown without a paid-feed key (zoneLabel). The shared state is not written: queue mode
// keeps its own schedule.
import type { Config } from '../../config-schema';
import { zoneLabel } from '../../config-rules';
import { createDnsClient } from '../../dns-client';
import { listZones } from '../../health/list-zones';
import { describeTest, runSelfTest, type ListZone, type PointResult, type ZoneTest } from '../../health/self-test';
import { EXIT } from '../command';
import type { Output } from '../output';
import { formatTable } from './table';

const FAILING: readonly ZoneTest['verdict'][] = ['broken', 'refused', 'no_answer'];

const answersOf = (p: PointResult): string => (p.answers === undefined ? (p.error ?? 'no answer') : p.answers.join(',') || '-');

function toJson(z: ListZone, t: ZoneTest): unknown {
  return {
    label: z.label,
    zone: zoneLabel(z.zone, undefined),
    kind: z.kind,
    verdict: t.verdict,
    ms: t.ms,
    families: t.families.map((f) => ({
      family: f.family,
      verdict: f.verdict,
      points: f.points.map((p) => ({ point: p.point, must: p.listed ? 'listed' : 'not_listed', answers: p.answers ?? null, ...(p.error ? { error: p.error } : {}) })),
    })),
  };
}

function toRows(z: ListZone, t: ZoneTest): string[][] {
  return t.families.map((f) => [
    z.label,
    zoneLabel(z.zone, undefined),
    f.family,
    ...f.points.map((p) => `${p.point}: ${answersOf(p)}`),
    String(t.ms),
    f.verdict,
  ]);
}

export async function runListsTest(config: Config, json: boolean, out: Output): Promise<number> {
  const zones = listZones(config);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), config.dns.deadline_ms);
  const dns = createDnsClient(config.dns.servers, config.dns.deadline_ms, deadline.signal);
  const results = await Promise.all(zones.map(async (z) => [z, await runSelfTest(dns, z)] as const));
  clearTimeout(timer);
  if (json) out.print(JSON.stringify(results.map(([z, t]) => toJson(z, t)), null, 2));
  else if (zones.length === 0) out.print('no DNS lists configured');
  else out.print(formatTable(['LABEL', 'ZONE', 'FAMILY', 'MUST BE LISTED', 'MUST NOT BE LISTED', 'MS', 'VERDICT'], results.flatMap(([z, t]) => toRows(z, t))));
  const failing = results.filter(([, t]) => FAILING.includes(t.verdict));
  for (const [z, t] of failing) out.error(`${z.label}: ${describeTest(t)}`);
  return failing.length > 0 ? EXIT.problems : EXIT.ok;
}
