// One audit: read every source once, in order (qmail-smtpd logs, then qmail-send logs for the join), feed each
// counted summary line to its period, and assemble the Report. Memory is bounded by the structures of period.ts
// and deliveries.ts, never by the number of lines.
import { count as bump } from './check-stats';
import { DeliveryJoin } from './deliveries';
import { parseLogLine } from './log-line';
import { parseMessageRecord } from './message-record';
import type { NetworkFilter } from './networks';
import { Period } from './period';
import type { Progress } from './progress';
import { readLines } from './line-reader';
import { iso, type HostReport, type InputReport, type Report } from './report';
import type { Source } from './sources';
import { splitStamp } from './stamp';

export interface AuditOptions {
  readonly sources: readonly Source[];
  readonly since?: number | undefined; // Unix ms, inclusive
  readonly until?: number | undefined; // exclusive
  readonly compare?: number | undefined; // split: before < compare ≤ after
  readonly networks?: { readonly texts: readonly string[]; readonly filter: NetworkFilter } | undefined;
  readonly top: number;
  readonly progress?: Progress | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Counts = Mutable<Omit<InputReport, 'malformed' | 'dry_run_lines' | 'read_errors'>>;

class Run {
  readonly input: Counts = { files: 0, bytes: 0, lines: 0, summary_lines: 0, counted: 0, filtered_out: 0, untimed: 0, foreign_lines: 0, other_qqtag_lines: 0, malformed_lines: 0, delivery_lines: 0 };
  readonly malformed = new Map<string, number>();
  readonly dryRunLines = new Map<string, number>();
  readonly readErrors: { file: string; error: string }[] = [];
  readonly hostNames: string[] = [];
  readonly hosts: HostReport[] = [];
  readonly periods: Period[];
  readonly join: DeliveryJoin | undefined;
  readonly timeFiltered: boolean;
  private readonly joined: ReadonlySet<string>; // hosts with a qmail-send log: only their messages are looked up

  constructor(readonly o: AuditOptions) {
    this.periods = o.compare === undefined ? [new Period('all')] : [new Period('before'), new Period('after')];
    this.join = o.sources.some((s) => s.role === 'deliveries') ? new DeliveryJoin(this.periods.length, (t) => this.periodOf(t)) : undefined;
    this.joined = new Set(o.sources.filter((s) => s.role === 'deliveries').map((s) => s.host));
    this.timeFiltered = o.since !== undefined || o.until !== undefined || o.compare !== undefined;
  }

  periodOf(time: number | undefined): number {
    return this.o.compare === undefined || time === undefined || time < this.o.compare ? 0 : 1;
  }

  hostIndex(name: string): number {
    let i = this.hostNames.indexOf(name);
    if (i < 0) {
      i = this.hostNames.push(name) - 1;
      this.hosts.push({ name, files: 0, delivery_files: 0, summary_lines: 0 });
    }
    return i;
  }

  private inWindow(time: number | undefined): boolean {
    if (time === undefined) return !this.timeFiltered;
    return (this.o.since === undefined || time >= this.o.since) && (this.o.until === undefined || time < this.o.until);
  }

  smtpdLine(host: number, line: string): void {
    this.input.lines++;
    const { time, text } = splitStamp(line);
    const parsed = parseLogLine(text);
    if (parsed.kind === 'foreign') this.input.foreign_lines++;
    else if (parsed.kind === 'other') this.input.other_qqtag_lines++;
    else if (parsed.kind === 'dry_run') bump(this.dryRunLines, parsed.line);
    else if (parsed.kind === 'malformed') this.countMalformed(parsed.reason);
    else {
      const record = parseMessageRecord(parsed.fields, time, host);
      if (!record.ok) return this.countMalformed(record.reason);
      this.input.summary_lines++;
      (this.hosts[host] as Mutable<HostReport>).summary_lines++;
      if (time === undefined) this.input.untimed++;
      if (!this.inWindow(time) || (this.o.networks && !this.o.networks.filter.matches(record.value.ip))) {
        this.input.filtered_out++;
        return;
      }
      this.input.counted++;
      this.periods[this.periodOf(time)]!.add(record.value);
      const { qp, checks } = record.value;
      if (this.join && qp !== undefined && this.joined.has(this.hostNames[host] ?? '') && checks.some((c) => c.outcome === 'hit')) {
        this.join.expect(host, qp, time);
      }
    }
  }

  private countMalformed(reason: string): void {
    this.input.malformed_lines++;
    bump(this.malformed, reason);
  }

  deliveryLine(host: number, line: string): void {
    this.input.lines++;
    const { time, text } = splitStamp(line);
    if (this.join?.addLine(host, time, text)) this.input.delivery_lines++;
  }
}

const record = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

async function readSource(run: Run, source: Source): Promise<void> {
  const host = run.hostIndex(source.host);
  run.input.files++;
  (run.hosts[host] as Mutable<HostReport>)[source.role === 'smtpd' ? 'files' : 'delivery_files']++;
  run.o.progress?.file(source.path);
  const onLine = source.role === 'smtpd' ? (l: string): void => run.smtpdLine(host, l) : (l: string): void => run.deliveryLine(host, l);
  const result = await readLines(source.path, onLine, (n) => {
    run.input.bytes += n;
    run.o.progress?.update(run.input.lines, run.input.bytes);
  });
  if (result.error) run.readErrors.push({ file: source.path, error: result.error });
}

export async function runAudit(o: AuditOptions): Promise<Report> {
  const run = new Run(o);
  for (const s of o.sources.filter((x) => x.role === 'smtpd')) await readSource(run, s);
  for (const s of o.sources.filter((x) => x.role === 'deliveries')) await readSource(run, s);
  o.progress?.done();
  const deliveries = run.join?.finish();
  run.periods.forEach((p, i) => (p.deliveries = deliveries?.[i] ?? null));
  const at = (ms: number | undefined): string | null => (ms === undefined ? null : iso(ms));
  return {
    report: 'qqtag-audit',
    version: 1,
    generated: iso(Date.now()),
    filters: { since: at(o.since), until: at(o.until), networks: o.networks?.texts ?? [], compare: at(o.compare) },
    input: { ...run.input, malformed: record(run.malformed), dry_run_lines: record(run.dryRunLines), read_errors: run.readErrors },
    hosts: run.hosts,
    periods: run.periods.map((p) => p.report(o.top)),
  };
}
