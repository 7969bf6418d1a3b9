// Everything counted for one period (the whole input, or one side of --compare), in bounded memory: counters,
// the check registry, top-N sketches, an adaptive time series and per-day counts.
import { CheckRegistry, checkReport, count } from './check-stats';
import type { MessageRecord } from './message-record';
import { clientNetwork, senderDomain } from './networks';
import { iso, type DayReport, type DeliveryReport, type PeriodReport } from './report';
import { HOUR_MS, TimeSeries } from './time-series';
import { TopCounter } from './top-counter';

const DAY_MS = 24 * HOUR_MS;
const MAX_DAYS = 3660; // ten years of per-day rows; later days are not listed (the totals still count them)
const OVERLAP_MAX = 32; // checks in the overlap matrix, most hits first
const COL_MESSAGES = 0;
const COL_WITH_HITS = 1;
const COL_FIRST_CHECK = 2;

const sorted = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

interface Day {
  messages: number;
  tag: number;
  reject: number;
  defer: number;
}

export class Period {
  private total = 0;
  private dryRun = 0;
  private withHits = 0;
  private first = Infinity;
  private last = -Infinity;
  private readonly byResult = new Map<string, number>();
  private readonly byAction = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly skipped = new Map<string, number>();
  private readonly acted = new Map<string, number>(); // "tag:live", "reject:dry", …
  private readonly days = new Map<number, Day>(); // by day number since 1970 (toISOString per line is slow)
  private readonly hourOfDay = new Array<number>(24).fill(0);
  private readonly series = new TimeSeries();
  private overridden = 0;
  readonly registry = new CheckRegistry();
  private readonly networks = new TopCounter();
  private readonly domains = new TopCounter();
  private readonly refusedDomains = new TopCounter();
  private readonly refusedNetworks = new TopCounter();
  deliveries: DeliveryReport | null = null;

  constructor(readonly name: string) {}

  add(m: MessageRecord): void {
    this.total++;
    if (m.dryRun) this.dryRun++;
    count(this.byResult, m.result);
    count(this.byAction, m.action ?? 'none');
    count(this.errors, m.error);
    count(this.skipped, m.skip);
    if (m.action === 'tag' || m.action === 'reject' || m.action === 'defer') count(this.acted, `${m.action}:${m.dryRun ? 'dry' : 'live'}`);
    const hits = this.registry.addMessage(m.checks);
    if (m.checks.some((c) => c.outcome === 'silenced')) this.overridden++;
    if (hits.length > 0) {
      this.withHits++;
      this.networks.add(clientNetwork(m.ip) ?? '(no address)');
      this.domains.add(senderDomain(m.from));
    }
    if (m.action === 'reject' || m.action === 'defer') {
      this.refusedDomains.add(senderDomain(m.from));
      this.refusedNetworks.add(clientNetwork(m.ip) ?? '(no address)');
    }
    if (m.time !== undefined) this.addTimed(m.time, m.action, hits);
  }

  private addTimed(time: number, action: string | undefined, hits: readonly number[]): void {
    this.first = Math.min(this.first, time);
    this.last = Math.max(this.last, time);
    this.series.add(time, COL_MESSAGES);
    if (hits.length > 0) {
      this.series.add(time, COL_WITH_HITS);
      this.hourOfDay[new Date(time).getUTCHours()]! += 1;
    }
    for (const i of hits) this.series.add(time, COL_FIRST_CHECK + i);
    const key = Math.floor(time / DAY_MS);
    let day = this.days.get(key);
    if (!day && this.days.size < MAX_DAYS) this.days.set(key, (day = { messages: 0, tag: 0, reject: 0, defer: 0 }));
    if (!day) return;
    day.messages++;
    if (action === 'tag' || action === 'reject' || action === 'defer') day[action]++;
  }

  private messageCounts(): PeriodReport['messages'] {
    const acted = (a: string): number => this.acted.get(a) ?? 0;
    return {
      total: this.total,
      dry_run: this.dryRun,
      with_hits: this.withHits,
      tagged: acted('tag:live'),
      would_tag: acted('tag:dry'),
      rejected: acted('reject:live'),
      would_reject: acted('reject:dry'),
      deferred: acted('defer:live'),
      would_defer: acted('defer:dry'),
      by_result: sorted(this.byResult),
      by_action: sorted(this.byAction),
      errors: sorted(this.errors),
      skipped: sorted(this.skipped),
    };
  }

  private timeline(): PeriodReport['timeline'] {
    const checks = this.registry.checks;
    const buckets = this.series.buckets(COL_FIRST_CHECK + checks.length);
    const column = (i: number): number[] => buckets.map((b) => b.values[i] ?? 0);
    return {
      bucket_hours: this.series.width / HOUR_MS,
      starts: buckets.map((b) => iso(b.start)),
      messages: column(COL_MESSAGES),
      with_hits: column(COL_WITH_HITS),
      hits: Object.fromEntries(checks.filter((s) => s.hits > 0).map((s) => [s.name, column(COL_FIRST_CHECK + s.index)])),
    };
  }

  report(top: number): PeriodReport {
    const checks = this.registry.checks;
    const hitting = checks.filter((s) => s.hits > 0).sort((a, b) => b.hits - a.hits).slice(0, OVERLAP_MAX);
    const timed = this.first <= this.last;
    return {
      name: this.name,
      first: timed ? iso(this.first) : null,
      last: timed ? iso(this.last) : null,
      days: timed ? Math.max(1 / 24, (this.last - this.first) / DAY_MS) : 0,
      messages: this.messageCounts(),
      per_day: [...this.days].sort(([a], [b]) => a - b).map(([day, d]): DayReport => ({ day: iso(day * DAY_MS).slice(0, 10), ...d })),
      refused_top_senders: this.refusedDomains.top(top),
      refused_top_networks: this.refusedNetworks.top(top),
      checks: checks.map((s) => checkReport(s, this.total)).sort((a, b) => b.hits - a.hits || (a.check < b.check ? -1 : 1)),
      overlap: { checks: hitting.map((s) => s.name), matrix: hitting.map((a) => hitting.map((b) => this.registry.both(a.index, b.index))) },
      overrides: {
        messages: this.overridden,
        by_allow: checks.filter((s) => s.allowedMessages > 0).map((s) => ({ check: s.name, allowed: s.allowedMessages, overrode: s.overrode })),
      },
      top_networks: this.networks.top(top),
      top_sender_domains: this.domains.top(top),
      hits_by_hour_of_day: [...this.hourOfDay],
      timeline: this.timeline(),
      deliveries: this.deliveries,
    };
  }
}
