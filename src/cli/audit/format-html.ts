// --html FILE: the report as one self-contained page: inline CSS and SVG (svg-charts.ts), no script, no URL
// to fetch. Key numbers carry data-k="PERIOD.FIELD" so that tests (and scrapers) find them.
import type { CheckReport, PeriodReport, Report, TopItem } from './report';
import { columnChart, esc, heatMap, latencyBars, lineChart } from './svg-charts';
import { pct } from './text-table';

const DNS_KINDS = new Set(['dnsbl', 'dnswl', 'rhsbl']);
const STYLE = `body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ddd;padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
th{background:#f3f3f3}h2{border-bottom:2px solid #1f77b4}.note{color:#666;font-size:90%}`;

type Cell = string | number | { readonly k: string; readonly v: string | number };

const td = (c: Cell): string => (typeof c === 'object' ? `<td data-k="${esc(c.k)}">${esc(String(c.v))}</td>` : `<td>${esc(String(c))}</td>`);

function table(head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) return '<p class="note">none</p>';
  return `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('')}</table>`;
}

const tops = (items: readonly TopItem[]): Cell[][] => items.map((t) => [t.key, t.error ? `~${t.count}` : t.count]);

function messages(p: PeriodReport): string {
  const m = p.messages;
  const k = (f: keyof typeof m, v: number): Cell => ({ k: `${p.name}.messages.${f}`, v });
  return table(['messages', 'count'], [
    ['all', k('total', m.total)],
    ['with hits', k('with_hits', m.with_hits)],
    ['tagged', k('tagged', m.tagged)],
    ['would be tagged (dry-run)', k('would_tag', m.would_tag)],
    ['rejected', k('rejected', m.rejected)],
    ['would be rejected', k('would_reject', m.would_reject)],
    ['deferred', k('deferred', m.deferred)],
    ['would be deferred', k('would_defer', m.would_defer)],
  ]);
}

function checks(p: PeriodReport): string {
  const k = (c: CheckReport, f: string, v: number | string): Cell => ({ k: `${p.name}.check.${c.check}.${f}`, v });
  const rows = p.checks.map((c) => [c.check, k(c, 'hits', c.hits), pct(c.share), k(c, 'only_hits', c.only_hits), k(c, 'silenced', c.silenced), k(c, 'allow', c.allow)]);
  return table(['check', 'hits', 'share', 'hits no other check made', 'silenced by an allow list', 'allowed'], rows);
}

function zones(p: PeriodReport): string {
  const dns = p.checks.filter((c) => DNS_KINDS.has(c.kind));
  const rows = dns.map((c) => [c.check, c.asked, `${c.outcomes['timeout'] ?? 0} (${pct(c.rates.timeout)})`, `${c.outcomes['refused'] ?? 0} (${pct(c.rates.refused)})`, `${c.outcomes['failed'] ?? 0} (${pct(c.rates.failed)})`, c.latency_ms.p50 ?? '-', c.latency_ms.p95 ?? '-', c.latency_ms.p99 ?? '-']);
  const bars = dns.filter((c) => c.latency_ms.count > 0).map((c) => ({ name: c.check, p50: c.latency_ms.p50 ?? 0, p95: c.latency_ms.p95 ?? 0, p99: c.latency_ms.p99 ?? 0 }));
  return table(['zone', 'lookups', 'timed out', 'refused', 'failed', 'p50 ms', 'p95 ms', 'p99 ms'], rows) + (bars.length ? latencyBars(bars, 'Latency per zone') : '');
}

function charts(p: PeriodReport): string {
  const series = Object.entries(p.timeline.hits).map(([name, values]) => ({ name, values }));
  const over = p.timeline.starts.length > 1 && series.length ? lineChart(series, p.timeline.starts, 'Hits per check over time') : '<p class="note">not enough time covered for a chart</p>';
  const o = p.overlap;
  const heat = o.checks.length >= 2 ? heatMap(o.checks, o.matrix, 'Overlap between checks') : '<p class="note">fewer than two checks hit</p>';
  return `<h3>Hits per check over time (buckets of ${p.timeline.bucket_hours} h)</h3>${over}<h3>Overlap: messages both checks hit</h3>${heat}` +
    `<h3>Messages with hits per hour of the day (UTC)</h3>${columnChart(p.hits_by_hour_of_day, 'Messages with hits per hour of the day')}`;
}

function deliveries(p: PeriodReport): string {
  const d = p.deliveries;
  if (!d) return '';
  const k = (f: keyof typeof d): Cell => ({ k: `${p.name}.deliveries.${f}`, v: d[f] });
  return `<h3>Where mail with hits went (qmail-send log, joined by qp)</h3>` + table(['', 'messages'], [
    ['looked up', k('looked_up')], ['found', k('found')], ['not found', k('not_found')], ['delivered locally', k('delivered_local')],
    ['delivered remotely', k('delivered_remote')], ['bounced', k('bounced')], ['deferred at least once', k('deferred')], ['unfinished', k('unfinished')],
  ]);
}

function period(p: PeriodReport): string {
  const title = p.name === 'all' ? 'Report' : `Period: ${p.name}`;
  const days = p.per_day.map((d) => [d.day, d.messages, d.tag, d.reject, d.defer]);
  return `<section id="period-${esc(p.name)}"><h2>${esc(title)}: ${esc(p.first ?? '-')} to ${esc(p.last ?? '-')}</h2>${messages(p)}` +
    `<h3>Per day (UTC): tag, reject, defer, done or in dry-run</h3>${table(['day', 'messages', 'tag', 'reject', 'defer'], days)}` +
    `<h3>Top senders and networks of (would be) rejected or deferred mail</h3>${table(['sender domain', 'messages'], tops(p.refused_top_senders))}${table(['client network', 'messages'], tops(p.refused_top_networks))}` +
    `<h3>Checks</h3>${checks(p)}<h3>DNS zones</h3>${zones(p)}${charts(p)}` +
    `<h3>Allow-list overrides: ${p.overrides.messages} message(s)</h3>${table(['allow list', 'allowed', 'overrode a hit'], p.overrides.by_allow.map((a) => [a.check, a.allowed, a.overrode]))}` +
    `<h3>Among messages with hits</h3>${table(['client network', 'messages'], tops(p.top_networks))}${table(['sender domain', 'messages'], tops(p.top_sender_domains))}${deliveries(p)}</section>`;
}

export function formatHtml(r: Report): string {
  const i = r.input;
  const k = (f: keyof typeof i, v: number): Cell => ({ k: `input.${f}`, v });
  const input = table(['input', 'count'], [['files', k('files', i.files)], ['lines', k('lines', i.lines)], ['summary lines', k('summary_lines', i.summary_lines)], ['counted', k('counted', i.counted)], ['foreign lines', k('foreign_lines', i.foreign_lines)], ['malformed lines', k('malformed_lines', i.malformed_lines)], ['qmail-send lines joined', k('delivery_lines', i.delivery_lines)]]);
  const hosts = table(['host', 'files', 'summary lines'], r.hosts.map((h) => [h.name, h.files, { k: `host.${h.name}.summary_lines`, v: h.summary_lines }]));
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>qqtag audit</title><style>${STYLE}</style></head><body>` +
    `<h1>qqtag audit</h1><p class="note">generated ${esc(r.generated)}; times in UTC</p>${input}${hosts}${r.periods.map(period).join('')}</body></html>\n`;
}
