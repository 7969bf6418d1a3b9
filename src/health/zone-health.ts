// Zone health in one message's run (issue 13; the files: health-store.ts). At the start, one read of health.json:
// a zone that keeps failing is skipped while its back-off lasts (`backoff`), a zone that failed its self-test
// is skipped until one passes (`broken`). When a back-off has ended or a self-test is due, the message tries
// the lease; holding it, it probes those zones (their lookups run) and queries the RFC 5782 test points,
// alongside its own lookups and inside its deadline. At the end (settle): a zone the self-test has just found
// broken loses its findings in this very message, and what was learnt is written — only when it changes
// something, so a healthy steady state costs one small file read and no write. Nothing here may cost a message:
// a missing, unreadable or damaged state, or a bug here, leaves the checks as they would be without health.
// This is the lazy bundle dist/health.cjs (src/lazy/health.ts): a message without DNS lists compiles none of it.
// Its log lines go through the caller's logLine (a copy of log.ts in this bundle would not know the client).
import type { Config } from '../config-schema';
import { DEFAULT_STATE_DIR } from '../contract';
import type { DnsClient } from '../dns-client';
import type { Level } from '../log';
import { failed, type Check, type Finding } from '../checks/check';
import { changes, EMPTY_STATE, entryOf, isTestDue, observe, policyOf, zoneStatus, type HealthPolicy, type HealthState, type Observation } from './health-state';
import { claim, leasePath, readHealthState, release, updateHealthState } from './health-store';
import { describeTest, runSelfTest, type ListZone } from './self-test';
import { brokenReason, skipsOf, type Skip } from './zone-skips';
import { observationsOf, type Tested } from './observations';

/** What the check run needs: the self-test to wait for (within the deadline), and the end of the run. */
export interface HealthHook {
  readonly done: Promise<unknown>;
  settle(findings: readonly Finding[]): Promise<readonly Finding[]>;
}
type Log = (level: Level, text: string) => void;

/** What a message decided at its start. */
interface Decided {
  readonly dir: string;
  readonly policy: HealthPolicy;
  readonly state: HealthState;
  readonly skips: ReadonlyMap<string, Skip>;
  readonly tests: Promise<Tested>;
  readonly lease: string | undefined;
  readonly writable: boolean; // false once the lease could not be created: one log line is enough
  readonly labels: ReadonlyMap<string, string>;
  readonly log: Log;
}

// The lease lasts the deadline plus this: a holder killed mid-run frees it by then. (A slow DATA transfer may
// outlast it: then one more message may probe as well, which costs little.)
const LEASE_MARGIN_MS = 5000;

export class ZoneHealth implements HealthHook {
  private readonly keyOf = new Map<string, string>(); // check id -> zone key
  readonly done: Promise<Tested>;

  constructor(private readonly d: Decided) {
    this.done = d.tests;
  }

  /** The check of a list (the zone `key`) as it runs in this message: unchanged, or skipped (`backoff`, `broken`). */
  guard<C extends Check>(check: C, key: string): C {
    this.keyOf.set(check.id, key);
    const skip = this.d.skips.get(key);
    return skip ? { ...check, run: async () => [failed(check.id, skip.problem, skip.reason)] } : check;
  }

  async settle(findings: readonly Finding[]): Promise<readonly Finding[]> {
    try {
      const tested = await this.done;
      if (tested.length > 0) {
        const words = tested.map(([z, t]) => `${z.label} ${describeTest(t)}`);
        this.d.log(tested.every(([, t]) => t.verdict === 'ok') ? 'info' : 'warn', `health: self-test: ${words.join(', ')}`);
      }
      await this.write(observationsOf(findings, tested, this.keyOf, this.d.labels));
      return this.dropBroken(findings, new Set(tested.filter(([, t]) => t.verdict === 'broken').map(([z]) => z.key)));
    } catch (err) {
      this.d.log('error', `health: bug, checks used as they are: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return findings;
    } finally {
      if (this.d.lease) release(leasePath(this.d.dir), this.d.lease);
    }
  }

  private async write(observations: Map<string, Observation>): Promise<void> {
    const changed = [...observations].filter(([key, o]) => changes(entryOf(this.d.state, key), o));
    if (changed.length === 0 || !this.d.writable) return;
    const problem = await updateHealthState(this.d.dir, (s) => {
      const now = Date.now();
      const zones = { ...s.zones };
      for (const [key, o] of changed) zones[key] = observe(entryOf(s, key), o, now, this.d.policy);
      return { zones };
    });
    if (problem) this.d.log('warn', `health: ${problem}: what this message learnt is not shared`);
  }

  /** A zone found broken by this message's self-test: its findings are replaced by one `broken` each check. */
  private dropBroken(findings: readonly Finding[], broken: ReadonlySet<string>): readonly Finding[] {
    if (broken.size === 0) return findings;
    const done = new Set<string>();
    return findings.flatMap((f) => {
      const key = this.keyOf.get(f.check);
      if (key === undefined || !broken.has(key)) return [f];
      if (done.has(f.check)) return [];
      done.add(f.check);
      return [failed(f.check, 'broken', brokenReason(entryOf(this.d.state, key)?.broken ?? Date.now()))];
    });
  }
}

/** Reads the state and decides this message's part; undefined when health is off (state_dir unusable).
 *  `zones`: listZones(config), which the caller has made already. */
export function startZoneHealth(config: Config, zones: readonly ListZone[], dns: DnsClient, log: Log): ZoneHealth | undefined {
  const dir = config.health.state_dir;
  const read = readHealthState(dir);
  if (!read.ok && read.why !== 'damaged') {
    // Only the default may be absent silently, as with the config file: health is then simply off.
    if (read.why !== 'missing_dir' || dir !== DEFAULT_STATE_DIR) log('warn', `health: ${read.problem}: zone health is off, lists are asked as usual`);
    return undefined;
  }
  if (!read.ok) log('warn', `health: ${read.problem}: ignored, the next write replaces it`);
  const state = read.ok ? read.state : EMPTY_STATE;
  const now = Date.now();
  const policy = policyOf(config.health);
  const toTest = zones.filter((z) => zoneStatus(entryOf(state, z.key), now, policy) === 'due' || isTestDue(entryOf(state, z.key), now, policy));
  const lease = toTest.length > 0 ? claim(leasePath(dir), now + config.dns.deadline_ms + LEASE_MARGIN_MS) : { busy: true as const };
  if ('problem' in lease) log('warn', `health: ${lease.problem}: nothing is shared, zones whose back-off ended are asked as usual`);
  const held = 'held' in lease ? lease.held : undefined;
  const tests: Promise<Tested> = held && policy.testEveryMs > 0 // 0: the probe is the message's own lookup
    ? Promise.all(toTest.map(async (z) => [z, await runSelfTest(dns, z)] as const)).catch((err: unknown) => {
        log('error', `health: bug in the self-test: ${String(err)}`);
        return [];
      })
    : Promise.resolve([]);
  const probing = !('busy' in lease); // held, or no lease to be had: then as without health
  return new ZoneHealth({
    dir, policy, state, tests, lease: held, log,
    skips: skipsOf(zones, state, now, policy, probing),
    writable: !('problem' in lease),
    labels: new Map(zones.map((z) => [z.key, z.label])),
  });
}
