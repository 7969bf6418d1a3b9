// Per check (a list, a rule, a local file: "KIND:LABEL"): its outcomes, latency, hits no other check made,
// allow-list overrides, and how often two checks hit the same message (the overlap matrix). Check names come
// from the administrator's config, so there are few; past MAX_CHECKS distinct names the rest share one entry.
import { LatencyHistogram } from './histogram';
import type { CheckResult } from './message-record';
import type { CheckReport } from './report';
import { detach } from './top-counter';

export const MAX_CHECKS = 256;
const OVERFLOW = 'other:(more checks)';
/** Outcomes that mean no lookup (or rule) was made: not part of the rates and latencies. */
const NOT_ASKED = new Set(['skip', 'backoff', 'broken']);

export interface CheckStats {
  readonly name: string;
  readonly index: number;
  readonly kind: string;
  readonly label: string;
  readonly outcomes: Map<string, number>;
  readonly latency: LatencyHistogram;
  hits: number;
  only: number;
  allowedMessages: number;
  overrode: number; // messages it allowed in which a block-list hit was silenced
}

/** Adds one to m[key]; a new key is detached from the line it was sliced from (top-counter.ts). */
export function count(m: Map<string, number>, key: string | undefined): void {
  if (key === undefined) return;
  const n = m.get(key);
  if (n === undefined) m.set(detach(key), 1);
  else m.set(key, n + 1);
}

export class CheckRegistry {
  readonly checks: CheckStats[] = [];
  private readonly byName = new Map<string, CheckStats>();
  private readonly byKind = new Map<string, Map<string, CheckStats>>(); // kind → label → stats: no string built per line
  private readonly pairs = new Map<number, number>(); // i * MAX_CHECKS + j (i < j) → messages both hit

  private statsOf(kind: string, label: string): CheckStats {
    let labels = this.byKind.get(kind);
    const seen = labels?.get(label);
    if (seen) return seen;
    const stats = this.create(kind, label);
    if (stats.name === OVERFLOW) return stats; // not remembered: the maps stay bounded
    if (!labels) this.byKind.set(detach(kind), (labels = new Map()));
    labels.set(detach(label), stats);
    return stats;
  }

  private create(kind: string, label: string): CheckStats {
    const name = `${kind}:${label}`;
    const known = this.byName.get(name) ?? (this.checks.length >= MAX_CHECKS ? this.byName.get(OVERFLOW) : undefined);
    if (known) return known;
    const full = this.checks.length >= MAX_CHECKS - 1;
    const stats: CheckStats = {
      name: full ? OVERFLOW : detach(name),
      index: this.checks.length,
      kind: full ? 'other' : detach(kind),
      label: full ? '(more checks)' : detach(label),
      outcomes: new Map(),
      latency: new LatencyHistogram(),
      hits: 0,
      only: 0,
      allowedMessages: 0,
      overrode: 0,
    };
    this.checks.push(stats);
    this.byName.set(stats.name, stats);
    return stats;
  }

  /** Counts one message's checks; returns the indexes of the checks that hit it. */
  addMessage(results: readonly CheckResult[]): number[] {
    const hit: number[] = [];
    const allowed: CheckStats[] = [];
    let silenced = false;
    for (const r of results) {
      const s = this.statsOf(r.kind, r.label);
      count(s.outcomes, r.outcome);
      if (!NOT_ASKED.has(r.outcome)) s.latency.record(r.ms);
      if (r.outcome === 'hit' && !hit.includes(s.index)) hit.push(s.index);
      if (r.outcome === 'allow') allowed.push(s);
      if (r.outcome === 'silenced') silenced = true;
    }
    for (const i of hit) this.checks[i]!.hits++;
    if (hit.length === 1) this.checks[hit[0]!]!.only++;
    for (const s of new Set(allowed)) {
      s.allowedMessages++;
      if (silenced) s.overrode++;
    }
    const sorted = [...hit].sort((a, b) => a - b);
    for (let a = 0; a < sorted.length; a++)
      for (let b = a + 1; b < sorted.length; b++) {
        const key = sorted[a]! * MAX_CHECKS + sorted[b]!;
        this.pairs.set(key, (this.pairs.get(key) ?? 0) + 1);
      }
    return hit;
  }

  /** Messages that both checks hit; a check with itself: its hits. */
  both(i: number, j: number): number {
    if (i === j) return this.checks[i]?.hits ?? 0;
    return this.pairs.get(Math.min(i, j) * MAX_CHECKS + Math.max(i, j)) ?? 0;
  }
}

const rate = (n: number, of: number): number => (of === 0 ? 0 : n / of);

export function checkReport(s: CheckStats, messages: number): CheckReport {
  const outcomes = Object.fromEntries([...s.outcomes].sort(([a], [b]) => (a < b ? -1 : 1)));
  const asked = [...s.outcomes].reduce((sum, [o, n]) => sum + (NOT_ASKED.has(o) ? 0 : n), 0);
  const of = (o: string): number => s.outcomes.get(o) ?? 0;
  return {
    check: s.name,
    kind: s.kind,
    label: s.label,
    hits: s.hits,
    share: rate(s.hits, messages),
    only_hits: s.only,
    allow: s.allowedMessages,
    silenced: of('silenced'),
    outcomes,
    asked,
    rates: { timeout: rate(of('timeout'), asked), refused: rate(of('refused'), asked), failed: rate(of('failed'), asked) },
    latency_ms: {
      count: s.latency.count,
      p50: s.latency.quantile(0.5),
      p95: s.latency.quantile(0.95),
      p99: s.latency.quantile(0.99),
      max: s.latency.max,
    },
  };
}
