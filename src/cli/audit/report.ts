// The audit's result: one object, the `--json` output as it is (docs/audit.md documents every field), from which
// the text and HTML outputs are rendered. Names are snake_case and stable; new fields may be added.

export interface TopItem {
  readonly key: string;
  readonly count: number; // an upper bound when error > 0 (top-counter.ts)
  readonly error: number;
}

export interface Latency {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number;
}

export interface CheckReport {
  readonly check: string; // "KIND:LABEL", e.g. "dnsbl:Spamhaus ZEN"
  readonly kind: string;
  readonly label: string;
  readonly hits: number; // messages it hit (outcome hit)
  readonly share: number; // hits ÷ messages of the period
  readonly only_hits: number; // messages no other check hit
  readonly allow: number; // messages it vouched for (allow lists)
  readonly silenced: number; // its hits that an allow list overrode
  readonly outcomes: Readonly<Record<string, number>>;
  readonly asked: number; // lookups made: every outcome but skip, backoff, broken
  readonly rates: { readonly timeout: number; readonly refused: number; readonly failed: number }; // ÷ asked
  readonly latency_ms: Latency; // of the lookups made
}

export interface DayReport {
  readonly day: string; // YYYY-MM-DD, UTC
  readonly messages: number;
  readonly tag: number; // action tag, done or (dry-run) would be done
  readonly reject: number;
  readonly defer: number;
}

export interface MessageCounts {
  readonly total: number;
  readonly dry_run: number;
  readonly with_hits: number;
  readonly tagged: number;
  readonly would_tag: number;
  readonly rejected: number;
  readonly would_reject: number;
  readonly deferred: number;
  readonly would_defer: number;
  readonly by_result: Readonly<Record<string, number>>;
  readonly by_action: Readonly<Record<string, number>>; // "none" when the checks were not decided
  readonly errors: Readonly<Record<string, number>>;
  readonly skipped: Readonly<Record<string, number>>;
}

export interface DeliveryReport {
  readonly looked_up: number; // messages with a hit and a qp, of the hosts with a qmail-send log
  readonly found: number; // joined to a qmail-send `info msg … qp P` line
  readonly not_found: number;
  readonly delivered_local: number; // at least one local delivery succeeded
  readonly delivered_remote: number;
  readonly bounced: number; // at least one delivery failed permanently
  readonly deferred: number; // at least one delivery was deferred
  readonly unfinished: number; // no `end msg` before the log ended
  readonly over_capacity: number; // not looked up: more pending than the join holds
}

export interface Timeline {
  readonly bucket_hours: number;
  readonly starts: readonly string[]; // ISO times, one per bucket
  readonly messages: readonly number[];
  readonly with_hits: readonly number[];
  readonly hits: Readonly<Record<string, readonly number[]>>; // by check
}

export interface PeriodReport {
  readonly name: string; // "all", or "before" / "after" with --compare
  readonly first: string | null; // ISO time of the first and last message counted
  readonly last: string | null;
  readonly days: number; // last − first in days (at least 1/24)
  readonly messages: MessageCounts;
  readonly per_day: readonly DayReport[];
  readonly refused_top_senders: readonly TopItem[]; // sender domains of (would be) rejected or deferred mail
  readonly refused_top_networks: readonly TopItem[];
  readonly checks: readonly CheckReport[];
  readonly overlap: { readonly checks: readonly string[]; readonly matrix: readonly (readonly number[])[] };
  readonly overrides: {
    readonly messages: number; // messages with a block-list hit silenced by an allow list
    readonly by_allow: readonly { readonly check: string; readonly allowed: number; readonly overrode: number }[];
  };
  readonly top_networks: readonly TopItem[]; // among messages with hits
  readonly top_sender_domains: readonly TopItem[];
  readonly hits_by_hour_of_day: readonly number[]; // 24 values, UTC
  readonly timeline: Timeline;
  readonly deliveries: DeliveryReport | null; // null without --deliveries
}

export interface HostReport {
  readonly name: string;
  readonly files: number; // qmail-smtpd logs
  readonly delivery_files: number; // qmail-send logs (--deliveries)
  readonly summary_lines: number;
}

export interface InputReport {
  readonly files: number;
  readonly bytes: number;
  readonly lines: number;
  readonly summary_lines: number;
  readonly counted: number; // summary lines inside the filters
  readonly filtered_out: number; // outside --since/--until/--network
  readonly untimed: number; // summary lines without a time stamp
  readonly foreign_lines: number; // not qqtag's
  readonly other_qqtag_lines: number;
  readonly malformed_lines: number;
  readonly malformed: Readonly<Record<string, number>>;
  readonly dry_run_lines: Readonly<Record<string, number>>;
  readonly delivery_lines: number;
  readonly read_errors: readonly { readonly file: string; readonly error: string }[];
}

export interface Report {
  readonly report: 'qqtag-audit';
  readonly version: 1;
  readonly generated: string;
  readonly filters: {
    readonly since: string | null;
    readonly until: string | null;
    readonly networks: readonly string[];
    readonly compare: string | null;
  };
  readonly input: InputReport;
  readonly hosts: readonly HostReport[];
  readonly periods: readonly PeriodReport[];
}

export const iso = (ms: number): string => new Date(ms).toISOString();
