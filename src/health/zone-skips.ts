// Which zones a message skips, and the log line that says why (one per zone and message): a zone backing off
// after failures in a row, one whose back-off has ended while another message holds the lease to probe it, and
// one that fails its RFC 5782 self-test. A skipped zone is never queried.
import { entryOf, zoneStatus, type HealthPolicy, type HealthState } from './health-state';
import type { ListZone } from './self-test';

export type Skip = { readonly problem: 'backoff' | 'broken'; readonly reason: string };

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export const brokenReason = (since: number): string =>
  `BROKEN since ${iso(since)}: it lists the RFC 5782 test point that must never be listed (a list answering "listed" ` +
  `for everything): its answers are ignored until a self-test passes`;

/** `probing`: this message holds the lease (or there is none to be had), so zones whose back-off ended run. */
export function skipsOf(zones: readonly ListZone[], state: HealthState, now: number, p: HealthPolicy, probing: boolean): Map<string, Skip> {
  const skips = new Map<string, Skip>();
  for (const z of zones) {
    const e = entryOf(state, z.key);
    const status = zoneStatus(e, now, p);
    if (!e || status === 'ok' || (status === 'due' && probing)) continue;
    if (status === 'broken') skips.set(z.key, { problem: 'broken', reason: brokenReason(e.broken ?? now) });
    else {
      const why = `${e.fails} failures in a row (${e.problem ?? 'failed'})`;
      const reason = status === 'due' ? `skipped: another message is probing it after ${why}` : `skipped: ${why}; backing off until ${iso(e.until)}`;
      skips.set(z.key, { problem: 'backoff', reason });
    }
  }
  return skips;
}
