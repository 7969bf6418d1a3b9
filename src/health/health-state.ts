// Zone health shared between messages (issue 13): what is kept per zone, and how observations change it. Pure:
// the files are health-store.ts, the per-message use zone-health.ts.
//
// The state is one small JSON file, STATE_DIR/health.json, replaced whole (written beside, then renamed):
//   {"v":1,"zones":{"<key>":{"label":"Spamhaus ZEN","fails":0,"level":0,"until":0,"seen":1764590000000,
//                            "problem":"timeout","tested":{"at":1764590000000,"verdict":"ok"},"broken":1764...}}}
// key     16 hex digits, a hash of the DNS servers, the list's kind (ip/domain) and its zone (list-zones.ts): a zone may
//         hold a paid account key, and the file never does (labels are what people see anyway)
// fails   consecutive failures (timeouts, SERVFAILs, refusals) seen by any message; an answer resets it
// until   ms since the epoch: past `failures` in a row the zone is skipped ("backoff") until then; the window
//         is backoff_s × 2^level, capped at backoff_max_s, and level grows each time a probe fails again
// tested  the last RFC 5782 self-test: when, and its verdict; broken: since when it has been found broken
// seen    the last change, for pruning: at most MAX_ZONES entries, none untouched for PRUNE_AFTER_MS
// A reader checks only the entries it uses (entryOf: a message, its own few zones; cold, checking all 128 would
// cost more than the rest of the read); a writer keeps only whole entries under well-formed keys.
import type { Problem } from '../checks/check';
import type { Config } from '../config-schema';

/** What a self-test found (self-test.ts): from worst to best. */
export const VERDICTS = ['broken', 'refused', 'no_answer', 'incomplete', 'ok'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface ZoneEntry {
  readonly label: string;
  readonly fails: number;
  readonly level: number;
  readonly until: number;
  readonly seen: number;
  readonly problem?: string;
  readonly tested?: { readonly at: number; readonly verdict: Verdict };
  readonly broken?: number;
}
export interface HealthState {
  readonly zones: Readonly<Record<string, unknown>>; // by key; an entry is checked when used: entryOf
}
export interface HealthPolicy {
  readonly failures: number;
  readonly backoffMs: number;
  readonly backoffMaxMs: number;
  readonly testEveryMs: number; // 0: never
}

/** The [health] keys of the config, in milliseconds. */
export const policyOf = (h: Config['health']): HealthPolicy => ({
  failures: h.failures,
  backoffMs: h.backoff_s * 1000,
  backoffMaxMs: h.backoff_max_s * 1000,
  testEveryMs: h.self_test_minutes * 60_000,
});

export const EMPTY_STATE: HealthState = { zones: {} };
export const MAX_ZONES = 128;
export const MAX_STATE_BYTES = 64 * 1024; // 128 entries of ~250 bytes fit; anything larger is not ours
const PRUNE_AFTER_MS = 7 * 24 * 3600 * 1000;
const MAX_LEVEL = 30;

const KEY = /^[0-9a-f]{16}$/;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
function isEntry(e: unknown): e is ZoneEntry {
  if (typeof e !== 'object' || e === null) return false;
  const z = e as Record<string, unknown>;
  const t = z['tested'] as Record<string, unknown> | undefined;
  return typeof z['label'] === 'string' && isCount(z['fails']) && isCount(z['level']) && isCount(z['until']) && isCount(z['seen']) &&
    (z['problem'] === undefined || typeof z['problem'] === 'string') && (z['broken'] === undefined || isCount(z['broken'])) &&
    (t === undefined || (typeof t === 'object' && t !== null && isCount(t['at']) && (VERDICTS as readonly unknown[]).includes(t['verdict'])));
}

/** A zone's entry, if the state holds a whole one. */
export const entryOf = (s: HealthState, key: string): ZoneEntry | undefined => {
  const e = Object.hasOwn(s.zones, key) ? s.zones[key] : undefined;
  return isEntry(e) ? e : undefined;
};

/** Every whole entry under a well-formed key. */
export const entriesOf = (s: HealthState): [string, ZoneEntry][] =>
  Object.entries(s.zones).flatMap(([key, e]) => (KEY.test(key) && isEntry(e) ? [[key, e] as [string, ZoneEntry]] : []));

/** The state in `text`, or undefined when it is not a state this qqtag wrote (then it is ignored and replaced). */
export function parseState(text: string): HealthState | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { v, zones } = (typeof data === 'object' && data !== null ? data : {}) as { v?: unknown; zones?: unknown };
  if (v !== 1 || typeof zones !== 'object' || zones === null || Array.isArray(zones)) return undefined;
  if (Object.keys(zones).length > MAX_ZONES) return undefined;
  return { zones: zones as Record<string, unknown> };
}

/** The file's text: the newest MAX_ZONES entries touched in the last PRUNE_AFTER_MS. */
export function formatState(state: HealthState, now: number): string {
  const kept = entriesOf(state)
    .filter(([, e]) => now - e.seen < PRUNE_AFTER_MS)
    .sort(([, a], [, b]) => b.seen - a.seen)
    .slice(0, MAX_ZONES);
  return `${JSON.stringify({ v: 1, zones: Object.fromEntries(kept) })}\n`;
}

/** How a message treats a zone: use it, skip it, or (holding the lease) probe it because its back-off ended. */
export type ZoneStatus = 'ok' | 'backoff' | 'due' | 'broken';
export function zoneStatus(e: ZoneEntry | undefined, now: number, p: HealthPolicy): ZoneStatus {
  if (!e) return 'ok';
  if (e.broken !== undefined) return 'broken';
  if (e.fails < p.failures) return 'ok';
  return e.until > now ? 'backoff' : 'due';
}

export const isTestDue = (e: ZoneEntry | undefined, now: number, p: HealthPolicy): boolean =>
  p.testEveryMs > 0 && (e?.tested === undefined || now - e.tested.at >= p.testEveryMs);

/** What one message learnt about a zone: it answered, or it failed (and how); and its self-test, if it ran one. */
export interface Observation {
  readonly label: string;
  readonly answered?: boolean;
  readonly problem?: Problem;
  readonly verdict?: Verdict;
}

/** The entry after an observation. A failure past the threshold opens a window (or, when the last one has
 *  ended, the next and longer one); failures inside a window only count. An answer ends it all. */
export function observe(old: ZoneEntry | undefined, o: Observation, now: number, p: HealthPolicy): ZoneEntry {
  const base = old ?? { label: o.label, fails: 0, level: 0, until: 0, seen: now };
  const tested = o.verdict ? { at: now, verdict: o.verdict } : base.tested;
  const passed = o.verdict === 'ok' || o.verdict === 'incomplete';
  const broken = o.verdict === 'broken' ? (base.broken ?? now) : passed ? undefined : base.broken;
  let { fails, level, until, problem } = base;
  if (o.answered) [fails, level, until, problem] = [0, 0, 0, undefined];
  else if (o.problem) {
    fails += 1;
    problem = o.problem;
    if (fails >= p.failures && until <= now) {
      level = until > 0 ? Math.min(level + 1, MAX_LEVEL) : 0;
      until = now + Math.min(p.backoffMs * 2 ** level, p.backoffMaxMs);
    }
  }
  return {
    label: o.label, fails, level, until, seen: now,
    ...(problem === undefined ? {} : { problem }),
    ...(tested ? { tested } : {}),
    ...(broken === undefined ? {} : { broken }),
  };
}

/** Whether writing an observation is worth a file write: failures, self-tests, and an answer that ends a run of failures. */
export const changes = (old: ZoneEntry | undefined, o: Observation): boolean =>
  o.verdict !== undefined || (o.answered ? (old?.fails ?? 0) > 0 || (old?.until ?? 0) > 0 : o.problem !== undefined);
