// Zone health in one message's run (issue 13; the files: health-store.ts). At the start, one read of health.json:
// a zone that keeps failing is skipped while its back-off lasts (`backoff`), a zone that failed its self-test
// is skipped until one passes (`broken`). When a back-off has ended or a self-test is due, the message tries
// the lease; holding it, it probes those zones (their lookups run) and queries the RFC 5782 test points,
// alongside its own lookups and inside its deadline. At the end (settle): a zone the self-test has just found
// broken loses its findings in this very message, and what was learnt is written — only when it changes
// something, so a healthy steady state costs one small file read and no write. Nothing here may cost a message:
// a missing, unreadable or damaged state, or a bug here, leaves the checks as they would be without health.
import type { Config } from '../config-schema';
import { DEFAULT_STATE_DIR } from '../config-rules';
import type { DnsClient } from '../dns-client';
import { logLine } from '../log';
import { failed, type Check, type Finding, type Problem } from '../checks/check';
import { changes, EMPTY_STATE, entryOf, isTestDue, observe, policyOf, zoneStatus, type HealthPolicy, type HealthState, type Observation } from './health-state';
import { claim, leasePath, readHealthState, release, updateHealthState } from './health-store';
import { describeTest, runSelfTest, type ListZone, type ZoneTest } from './self-test';
import { brokenReason, skipsOf, type Skip } from './zone-skips';

/** What the check run needs: the self-test to wait for (within the deadline), and the end of the run. */
export interface HealthHook {
  readonly done: Promise<unknown>;
  settle(findings: readonly Finding[]): Promise<readonly Finding[]>;
}
type Tested = readonly (readonly [ListZone, ZoneTest])[];

const LEASE_MARGIN_MS = 5000; // the holder's deadline plus this: a holder killed mid-run frees it by then
const COUNTED: readonly Problem[] = ['timeout', 'failed', 'refused'];

export class ZoneHealth implements HealthHook {
  private readonly keyOf = new Map<string, string>(); // check id -> zone key
  private readonly labels: Map<string, string>;

  constructor(
    private readonly dir: string,
    private readonly policy: HealthPolicy,
    private readonly state: HealthState,
    private readonly skips: ReadonlyMap<string, Skip>,
    readonly done: Promise<Tested>,
    private readonly lease: string | undefined,
    private readonly writable: boolean, // false once the lease could not be created: one log line is enough
    zones: readonly ListZone[],
  ) {
    this.labels = new Map(zones.map((z) => [z.key, z.label]));
  }

  /** The check as it runs in this message: unchanged, or skipped with a `backoff` / `broken` finding. */
  guard<C extends Check>(check: C, key: string): C {
    this.keyOf.set(check.id, key);
    const skip = this.skips.get(key);
    return skip ? { ...check, run: async () => [failed(check.id, skip.problem, skip.reason)] } : check;
  }

  async settle(findings: readonly Finding[]): Promise<readonly Finding[]> {
    try {
      const tested = await this.done;
      if (tested.length > 0) {
        const words = tested.map(([z, t]) => `${z.label} ${describeTest(t)}`);
        logLine(tested.every(([, t]) => t.verdict === 'ok') ? 'info' : 'warn', `health: self-test: ${words.join(', ')}`);
      }
      await this.write(this.observations(findings, tested));
      return this.dropBroken(findings, new Set(tested.filter(([, t]) => t.verdict === 'broken').map(([z]) => z.key)));
    } catch (err) {
      logLine('error', `health: bug, checks used as they are: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return findings;
    } finally {
      if (this.lease) release(leasePath(this.dir), this.lease);
    }
  }

  /** Per zone: it answered (any lookup or test point), or it failed, and its self-test's verdict. */
  private observations(findings: readonly Finding[], tested: Tested): Map<string, Observation> {
    const seen = new Map<string, { label: string; answered?: boolean; problem?: Problem; verdict?: ZoneTest['verdict'] }>();
    const of = (key: string) => seen.get(key) ?? seen.set(key, { label: this.labels.get(key) ?? '' }).get(key)!;
    for (const f of findings) {
      const key = this.keyOf.get(f.check);
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

  private async write(observations: Map<string, Observation>): Promise<void> {
    const changed = [...observations].filter(([key, o]) => changes(entryOf(this.state, key), o));
    if (changed.length === 0 || !this.writable) return;
    const problem = await updateHealthState(this.dir, (s) => {
      const now = Date.now();
      const zones = { ...s.zones };
      for (const [key, o] of changed) zones[key] = observe(entryOf(s, key), o, now, this.policy);
      return { zones };
    });
    if (problem) logLine('warn', `health: ${problem}: what this message learnt is not shared`);
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
      return [failed(f.check, 'broken', brokenReason(entryOf(this.state, key)?.broken ?? Date.now()))];
    });
  }
}

/** Reads the state and decides this message's part; undefined when health is off (state_dir unusable). */
export function startZoneHealth(config: Config, zones: readonly ListZone[], dns: DnsClient): ZoneHealth | undefined {
  const dir = config.health.state_dir;
  const read = readHealthState(dir);
  if (!read.ok && read.why !== 'damaged') {
    // Only the default may be absent silently, as with the config file: health is then simply off.
    if (read.why !== 'missing_dir' || dir !== DEFAULT_STATE_DIR) logLine('warn', `health: ${read.problem}: zone health is off, lists are asked as usual`);
    return undefined;
  }
  if (!read.ok) logLine('warn', `health: ${read.problem}: ignored, the next write replaces it`);
  const state = read.ok ? read.state : EMPTY_STATE;
  const now = Date.now();
  const policy = policyOf(config.health);
  const toTest = zones.filter((z) => zoneStatus(entryOf(state, z.key), now, policy) === 'due' || isTestDue(entryOf(state, z.key), now, policy));
  const lease = toTest.length > 0 ? claim(leasePath(dir), now + config.dns.deadline_ms + LEASE_MARGIN_MS) : { busy: true as const };
  if ('problem' in lease) logLine('warn', `health: ${lease.problem}: nothing is shared, zones whose back-off ended are asked as usual`);
  const held = 'held' in lease ? lease.held : undefined;
  const tests: Promise<Tested> = held
    ? Promise.all(toTest.map(async (z) => [z, await runSelfTest(dns, z)] as const)).catch((err: unknown) => {
        logLine('error', `health: bug in the self-test: ${String(err)}`);
        return [];
      })
    : Promise.resolve([]);
  const probing = !('busy' in lease); // held, or no lease to be had: then as without health
  return new ZoneHealth(dir, policy, state, skipsOf(zones, state, now, policy, probing), tests, held, !('problem' in lease), zones);
}
