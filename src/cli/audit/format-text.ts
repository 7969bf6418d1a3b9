// The default output: the report as text that fits 100 columns (text-table.ts), for a terminal or a mail.
import type { CheckReport, PeriodReport, Report, TopItem } from './report';
import { bar, entries, formatTable, ms, pct, wrap } from './text-table';
import { formatComparison } from './format-compare';

const DNS_KINDS = new Set(['dnsbl', 'dnswl', 'rhsbl']);
const OVERLAP_MAX = 8; // checks in the text matrix (the JSON and HTML have up to 32)

const when = (iso: string | null): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');
const approx = (t: TopItem): string => (t.error > 0 ? `~${t.count}` : String(t.count));

function header(r: Report): string {
  const p = r.periods;
  const first = p[0]?.first ?? null;
  const last = p[p.length - 1]?.last ?? null;
  const i = r.input;
  return [
    `qqtag audit: ${when(first)} to ${when(last)} UTC, ${r.hosts.length} host(s): ${r.hosts.map((h) => h.name).join(', ')}`,
    wrap(`Input: ${i.files} file(s), ${i.lines} lines: ${i.summary_lines} summary lines (${i.counted} counted, ${i.filtered_out} outside the filters, ${i.untimed} without a time), ${i.foreign_lines} foreign, ${i.other_qqtag_lines} other qqtag lines, ${i.malformed_lines} malformed (${entries(i.malformed)}); dry-run lines: ${entries(i.dry_run_lines)}; qmail-send lines joined: ${i.delivery_lines}`),
    ...r.hosts.map((h) => `  host ${h.name}: ${h.files} file(s), ${h.summary_lines} summary lines`),
    ...i.read_errors.map((e) => `  read error: ${e.file}: ${e.error}`),
    ...(r.filters.since || r.filters.until || r.filters.networks.length ? [`Filters: since ${when(r.filters.since)}, until ${when(r.filters.until)}, networks ${r.filters.networks.join(' ') || 'all'}`] : []),
  ].join('\n');
}

function messages(p: PeriodReport): string {
  const m = p.messages;
  const share = (n: number): string => pct(m.total ? n / m.total : 0);
  const rows: (readonly (string | number)[])[] = [
    ['messages', m.total, ''],
    ['with hits', m.with_hits, share(m.with_hits)],
    ['tagged / would be tagged (dry-run)', `${m.tagged} / ${m.would_tag}`, share(m.tagged + m.would_tag)],
    ['rejected / would be rejected', `${m.rejected} / ${m.would_reject}`, share(m.rejected + m.would_reject)],
    ['deferred / would be deferred', `${m.deferred} / ${m.would_defer}`, share(m.deferred + m.would_defer)],
    ['in dry-run', m.dry_run, share(m.dry_run)],
  ];
  const perDay = p.days > 0 ? ` (${p.days.toFixed(1)} days)` : '';
  return [
    `Messages${perDay}, ${when(p.first)} to ${when(p.last)}`,
    formatTable(['', 'count', 'share'], rows),
    wrap(`  results: ${entries(m.by_result)}; actions: ${entries(m.by_action)}; errors: ${entries(m.errors)}; skipped: ${entries(m.skipped)}`, '    '),
  ].join('\n');
}

function refusals(p: PeriodReport, top: number): string {
  const days = p.per_day.filter((d) => d.reject + d.defer > 0);
  const lines = ['Rejected or deferred, done or in dry-run, per day (UTC)'];
  lines.push(days.length ? formatTable(['day', 'messages', 'tag', 'reject', 'defer'], days.map((d) => [d.day, d.messages, d.tag, d.reject, d.defer])) : '  none');
  if (p.refused_top_senders.length) {
    lines.push('Their top sender domains and client networks');
    const n = Math.min(top, Math.max(p.refused_top_senders.length, p.refused_top_networks.length));
    const rows = Array.from({ length: n }, (_, i) => {
      const s = p.refused_top_senders[i];
      const c = p.refused_top_networks[i];
      return [s?.key ?? '', s ? approx(s) : '', c?.key ?? '', c ? approx(c) : ''];
    });
    lines.push(formatTable(['sender domain', 'messages', 'client network', 'messages'], rows));
  }
  return lines.join('\n');
}

function checks(list: readonly CheckReport[]): string {
  const rows = list.map((c) => [c.check, c.hits, pct(c.share), c.only_hits, c.silenced, c.allow]);
  return ['Checks: hits, share of messages, hits no other check made, silenced by an allow list, allowed', formatTable(['check', 'hits', 'share', 'only', 'silenced', 'allowed'], rows)].join('\n');
}

function zones(list: readonly CheckReport[]): string {
  const dns = list.filter((c) => DNS_KINDS.has(c.kind));
  const rows = dns.map((c) => [c.check, c.asked, `${c.outcomes['timeout'] ?? 0} ${pct(c.rates.timeout)}`, `${c.outcomes['refused'] ?? 0} ${pct(c.rates.refused)}`, `${c.outcomes['failed'] ?? 0} ${pct(c.rates.failed)}`, ms(c.latency_ms.p50), ms(c.latency_ms.p95), ms(c.latency_ms.p99)]);
  return ['DNS zones: lookups, timed out, refused, failed (rate of lookups), latency in ms', dns.length ? formatTable(['zone', 'asked', 'timeout', 'refused', 'failed', 'p50', 'p95', 'p99'], rows) : '  none'].join('\n');
}

function overlap(p: PeriodReport): string {
  const names = p.overlap.checks.slice(0, OVERLAP_MAX);
  if (names.length < 2) return 'Overlap: fewer than two checks hit';
  const rows = names.map((n, i) => [`${i + 1} ${n}`, ...names.map((_, j) => p.overlap.matrix[i]?.[j] ?? 0)]);
  return ['Overlap: messages both checks hit (the diagonal: the check\'s hits)', formatTable(['check', ...names.map((_, j) => `#${j + 1}`)], rows)].join('\n');
}

function overrides(p: PeriodReport): string {
  const o = p.overrides;
  const rows = o.by_allow.map((a) => [a.check, a.allowed, a.overrode]);
  return [`Allow lists: ${o.messages} message(s) had a block-list hit silenced`, rows.length ? formatTable(['allow list', 'allowed', 'overrode a hit'], rows) : '  no allow-list answers'].join('\n');
}

function tops(p: PeriodReport, top: number): string {
  const n = Math.min(top, Math.max(p.top_networks.length, p.top_sender_domains.length));
  const rows = Array.from({ length: n }, (_, i) => {
    const c = p.top_networks[i];
    const s = p.top_sender_domains[i];
    return [c?.key ?? '', c ? approx(c) : '', s?.key ?? '', s ? approx(s) : ''];
  });
  return ['Among messages with hits: top client networks and sender domains (~: an estimate)', n ? formatTable(['client network', 'messages', 'sender domain', 'messages'], rows) : '  none'].join('\n');
}

function hours(p: PeriodReport): string {
  const max = Math.max(...p.hits_by_hour_of_day);
  const rows = p.hits_by_hour_of_day.map((n, h) => [`${String(h).padStart(2, '0')}:00`, n, bar(n, max)]);
  return ['Messages with hits per hour of the day (UTC)', formatTable(['hour', 'messages', ''], rows)].join('\n');
}

function deliveries(p: PeriodReport): string {
  const d = p.deliveries;
  if (!d) return '';
  return wrap(`Where mail with hits went (qmail-send log, by qp): ${d.looked_up} looked up, ${d.found} found, ${d.not_found} not found; delivered locally ${d.delivered_local}, remotely ${d.delivered_remote}; bounced ${d.bounced}; deferred at least once ${d.deferred}; unfinished ${d.unfinished}${d.over_capacity ? `; not looked up (over capacity) ${d.over_capacity}` : ''}`);
}

function period(p: PeriodReport, top: number): string {
  const title = p.name === 'all' ? [] : [`=== Period: ${p.name} ===`];
  const parts = [messages(p), refusals(p, top), checks(p.checks), zones(p.checks), overlap(p), overrides(p), tops(p, top), hours(p), deliveries(p)];
  return [...title, ...parts.filter(Boolean)].join('\n\n');
}

export function formatText(r: Report, top: number): string {
  const comparison = r.periods.length === 2 ? [formatComparison(r)] : [];
  return [header(r), ...comparison, ...r.periods.map((p) => period(p, top))].join('\n\n');
}
