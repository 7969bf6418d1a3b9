// qqtag lists status: the shared zone health (src/health/) as queue mode sees it, per configured list, then any
// entry of the state that this config does not name (another config sharing state_dir, or a list removed).
import type { Config } from '../../config-schema';
import { zoneLabel } from '../../config-rules';
import { entriesOf, entryOf, isTestDue, policyOf, zoneStatus, type HealthPolicy, type ZoneEntry } from '../../health/health-state';
import { readHealthState, STATE_FILE } from '../../health/health-store';
import { listZones } from '../../health/list-zones';
import { EXIT } from '../command';
import type { Output } from '../output';
import { formatTable, isoTime } from './table';

interface Row {
  readonly label: string;
  readonly zone: string | null; // null: not in this config
  readonly key: string;
  readonly entry: ZoneEntry | undefined;
}

function describeState(e: ZoneEntry | undefined, now: number, p: HealthPolicy): string {
  const failures = e && e.fails > 0 ? ` (${e.fails} failures in a row: ${e.problem ?? 'failed'})` : '';
  switch (zoneStatus(e, now, p)) {
    case 'broken':
      return `broken since ${isoTime(e?.broken ?? 0)}`;
    case 'backoff':
      return `backing off until ${isoTime(e?.until ?? 0)}${failures}`;
    case 'due':
      return `back-off ended: the next message probes it${failures}`;
    default:
      return `healthy${failures}`;
  }
}

function describeTest(e: ZoneEntry | undefined, now: number, p: HealthPolicy): string {
  if (!e?.tested) return p.testEveryMs > 0 ? 'never (due)' : 'never';
  return `${e.tested.verdict} at ${isoTime(e.tested.at)}${isTestDue(e, now, p) ? ' (due)' : ''}`;
}

const toJson = (r: Row, now: number, p: HealthPolicy): unknown => ({
  label: r.label,
  zone: r.zone,
  key: r.key,
  configured: r.zone !== null,
  status: zoneStatus(r.entry, now, p),
  fails: r.entry?.fails ?? 0,
  problem: r.entry?.problem ?? null,
  backoff_until: r.entry?.until ? isoTime(r.entry.until) : null,
  broken_since: r.entry?.broken === undefined ? null : isoTime(r.entry.broken),
  self_test: r.entry?.tested ? { at: isoTime(r.entry.tested.at), verdict: r.entry.tested.verdict } : null,
});

export function runListsStatus(config: Config, json: boolean, out: Output): number {
  const dir = config.health.state_dir;
  const read = readHealthState(dir);
  if (!read.ok) {
    const fix = read.why === 'missing_dir' ? ': zone health is off (create it, owned by the user qmail-smtpd runs as: qmaild)' : read.why === 'damaged' ? ': queue mode ignores it and its next write replaces it' : '';
    out.error(`${read.problem}${fix}`);
    return EXIT.unavailable;
  }
  const now = Date.now();
  const policy = policyOf(config.health);
  const configured: Row[] = listZones(config).map((z) => ({ label: z.label, zone: zoneLabel(z.zone, undefined), key: z.key, entry: entryOf(read.state, z.key) }));
  const known = new Set(configured.map((r) => r.key));
  const others: Row[] = entriesOf(read.state)
    .filter(([key]) => !known.has(key))
    .map(([key, entry]) => ({ label: entry.label, zone: null, key, entry }));
  const rows = [...configured, ...others];
  if (json) {
    out.print(JSON.stringify({ state: `${dir}/${STATE_FILE}`, zones: rows.map((r) => toJson(r, now, policy)) }, null, 2));
    return EXIT.ok;
  }
  out.print(`${dir}/${STATE_FILE}${rows.length === 0 ? ': no DNS lists configured, nothing recorded' : ''}`);
  if (rows.length > 0) {
    const cells = rows.map((r) => [r.label, r.zone ?? '(not in this config)', describeState(r.entry, now, policy), describeTest(r.entry, now, policy)]);
    out.print(formatTable(['LABEL', 'ZONE', 'STATE', 'LAST SELF-TEST'], cells));
  }
  return EXIT.ok;
}
