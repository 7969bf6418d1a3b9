// What one message learnt about each zone (zone-health.ts writes it): the zone answered — any lookup or test
// point, even "listed" for everything — or it failed (a timeout, SERVFAIL or refusal: the problems that count
// towards a back-off), and its self-test's verdict when the message ran one.
import type { Finding, Problem } from '../checks/check';
import type { Observation } from './health-state';
import type { ListZone, ZoneTest } from './self-test';

export type Tested = readonly (readonly [ListZone, ZoneTest])[];

const COUNTED: readonly Problem[] = ['timeout', 'failed', 'refused'];

/** `keyOf`: check id -> zone key; `labels`: zone key -> label. */
export function observationsOf(
  findings: readonly Finding[],
  tested: Tested,
  keyOf: ReadonlyMap<string, string>,
  labels: ReadonlyMap<string, string>,
): Map<string, Observation> {
  const seen = new Map<string, { label: string; answered?: boolean; problem?: Problem; verdict?: ZoneTest['verdict'] }>();
  const of = (key: string) => seen.get(key) ?? seen.set(key, { label: labels.get(key) ?? '' }).get(key)!;
  for (const f of findings) {
    const key = keyOf.get(f.check);
    if (key === undefined) continue;
    if (f.kind === 'hit' || f.kind === 'allow' || f.kind === 'pass') of(key).answered = true;
    if (f.kind === 'error' && COUNTED.includes(f.problem)) of(key).problem ??= f.problem;
  }
  for (const [z, t] of tested) {
    const o = of(z.key);
    o.verdict = t.verdict;
    if (t.verdict === 'refused') o.problem ??= 'refused';
    else if (t.verdict === 'no_answer') o.problem ??= t.families.some((f) => f.points.some((p) => p.error === 'timeout')) ? 'timeout' : 'failed';
    else o.answered = true;
  }
  return seen;
}
