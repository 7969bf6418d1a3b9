// Zone health's state, without files: how observations change an entry, what a message does with a zone, what
// is read back as a state, and how the file stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  changes, entryOf, formatState, isTestDue, MAX_STATE_BYTES, MAX_ZONES, observe, parseState, zoneStatus,
  type HealthPolicy, type ZoneEntry,
} from '../../src/health/health-state';
import { zoneKey } from '../../src/health/list-zones';
import { judgePoints, worstOf, type PointResult } from '../../src/health/self-test';
import { compileCodes } from '../../src/checks/answer-codes';
import { decideVerdict } from '../../src/verdict';

const P: HealthPolicy = { failures: 3, backoffMs: 30_000, backoffMaxMs: 120_000, testEveryMs: 600_000 };
const T0 = 1_800_000_000_000;
const fail = { label: 'L', problem: 'timeout' as const };

function failTimes(n: number, from?: ZoneEntry, now = T0): ZoneEntry | undefined {
  let e = from;
  for (let i = 0; i < n; i++) e = observe(e, fail, now, P);
  return e;
}

test('K consecutive failures open a back-off window; fewer only count', () => {
  const two = failTimes(2);
  assert.equal(two?.fails, 2);
  assert.equal(two?.until, 0);
  assert.equal(zoneStatus(two, T0, P), 'ok');
  const three = failTimes(1, two);
  assert.deepEqual([three?.fails, three?.level, three?.until], [3, 0, T0 + 30_000]);
  assert.equal(zoneStatus(three, T0 + 29_999, P), 'backoff');
  assert.equal(zoneStatus(three, T0 + 30_000, P), 'due', 'the window has ended: a probe is due');
});

test('failures inside a window only count; a failed probe opens the next window, twice as long, up to the cap', () => {
  const open = failTimes(3);
  const inside = failTimes(5, open, T0 + 1000);
  assert.equal(inside?.until, T0 + 30_000, 'stragglers do not move the window');
  let e = inside;
  const windows: number[] = [];
  let now = T0 + 30_000;
  for (let i = 0; i < 4; i++) {
    e = observe(e, fail, now, P); // the probe fails
    windows.push((e.until - now) / 1000);
    now = e.until;
  }
  assert.deepEqual(windows, [60, 120, 120, 120]);
});

test('an answer ends it all: failures, level and window; the problem is forgotten', () => {
  const e = observe(failTimes(4), { label: 'L', answered: true }, T0 + 5, P);
  assert.deepEqual([e.fails, e.level, e.until, e.problem], [0, 0, 0, undefined]);
  assert.equal(zoneStatus(e, T0 + 5, P), 'ok');
});

test('a broken self-test marks the zone broken since then, until a test passes; refused or silent keeps the mark', () => {
  const broken = observe(undefined, { label: 'L', verdict: 'broken', answered: true }, T0, P);
  assert.equal(broken.broken, T0);
  assert.equal(zoneStatus(broken, T0, P), 'broken');
  const again = observe(broken, { label: 'L', verdict: 'broken', answered: true }, T0 + 1000, P);
  assert.equal(again.broken, T0, 'since the first time');
  assert.equal(observe(again, { label: 'L', verdict: 'no_answer', problem: 'timeout' }, T0 + 2000, P).broken, T0);
  assert.equal(observe(again, { label: 'L', verdict: 'refused', problem: 'refused' }, T0 + 2000, P).broken, T0);
  const fixed = observe(again, { label: 'L', verdict: 'ok', answered: true }, T0 + 3000, P);
  assert.equal(fixed.broken, undefined);
  assert.deepEqual(fixed.tested, { at: T0 + 3000, verdict: 'ok' });
  assert.equal(observe(again, { label: 'L', verdict: 'incomplete', answered: true }, T0 + 3000, P).broken, undefined);
});

test('a self-test is due when never run or older than the interval, never when the interval is 0', () => {
  const tested = observe(undefined, { label: 'L', verdict: 'ok', answered: true }, T0, P);
  assert.equal(isTestDue(undefined, T0, P), true);
  assert.equal(isTestDue(tested, T0 + 599_999, P), false);
  assert.equal(isTestDue(tested, T0 + 600_000, P), true);
  assert.equal(isTestDue(undefined, T0, { ...P, testEveryMs: 0 }), false);
});

test('only what changes something is written: failures, self-tests, the first answer after failures', () => {
  const healthy = observe(undefined, { label: 'L', verdict: 'ok', answered: true }, T0, P);
  assert.equal(changes(undefined, { label: 'L', answered: true }), false);
  assert.equal(changes(healthy, { label: 'L', answered: true }), false, 'the steady state writes nothing');
  assert.equal(changes(healthy, fail), true);
  assert.equal(changes(failTimes(1), { label: 'L', answered: true }), true);
  assert.equal(changes(healthy, { label: 'L', verdict: 'ok', answered: true }), true);
});

test('the key hides the zone (a paid key never reaches the file) and tells servers and kinds apart', () => {
  const k = zoneKey(['127.0.0.1'], 'ip', 'S3cr3tK3yABCDEF0123.zen.dq.spamhaus.net');
  assert.match(k, /^[0-9a-f]{16}$/);
  assert.equal(k, zoneKey(['127.0.0.1'], 'ip', 's3cr3tk3yabcdef0123.ZEN.dq.spamhaus.net'), 'case does not matter in DNS');
  const others = [zoneKey([], 'ip', 'bl.test'), zoneKey(['127.0.0.1'], 'ip', 'bl.test'), zoneKey(['127.0.0.1'], 'domain', 'bl.test')];
  assert.equal(new Set(others).size, 3);
});

test('parseState reads back what formatState wrote, and nothing that is not a state', () => {
  const e = failTimes(3);
  const text = formatState({ zones: { '0123456789abcdef': e! } }, T0);
  assert.deepEqual(parseState(text), { zones: { '0123456789abcdef': e } });
  for (const bad of ['', 'null', '[]', '{"v":2,"zones":{}}', '{"v":1,"zones":[]}', '{"v":1,"zones":null}', text.slice(0, -5)]) {
    assert.equal(parseState(bad), undefined, bad);
  }
});

test('a damaged entry is no entry: readers pass it by, the next write drops it', () => {
  const good = failTimes(3)!;
  const text = JSON.stringify({ v: 1, zones: { '0123456789abcdef': good, 'fedcba9876543210': { ...good, fails: -1 }, x: good, '00000000000000ff': { label: 'L' } } });
  const state = parseState(text);
  assert.ok(state);
  assert.deepEqual(entryOf(state, '0123456789abcdef'), good);
  assert.equal(entryOf(state, 'fedcba9876543210'), undefined);
  assert.equal(entryOf(state, 'toString'), undefined, 'only the entries themselves');
  assert.deepEqual(Object.keys(parseState(formatState(state, T0))?.zones ?? {}), ['0123456789abcdef']);
});

test('the file is bounded: at most MAX_ZONES entries, the newest, none untouched for a week', () => {
  const zones: Record<string, ZoneEntry> = {};
  for (let i = 0; i < MAX_ZONES + 20; i++) zones[i.toString(16).padStart(16, '0')] = { ...failTimes(1)!, label: 'x'.repeat(100), seen: T0 + i };
  zones['ffffffffffffffff'] = { ...failTimes(1)!, seen: T0 - 8 * 24 * 3600 * 1000 };
  const text = formatState({ zones }, T0 + 1000);
  const kept = parseState(text);
  assert.ok(kept);
  assert.equal(Object.keys(kept.zones).length, MAX_ZONES);
  assert.ok(!('ffffffffffffffff' in kept.zones) && !('0000000000000000' in kept.zones), 'the oldest went first');
  assert.ok(text.length < MAX_STATE_BYTES, `${text.length} bytes`);
});

const point = (p: string, listed: boolean, answers: string[] | undefined): PointResult => ({ point: p, listed, answers, ...(answers ? {} : { error: 'timeout' }) });

test('self-test verdicts: ok, broken, refused, no_answer, incomplete; answers judged by the zone codes', () => {
  const any = compileCodes(undefined);
  const judge = (yes: string[] | undefined, no: string[] | undefined, codes = any) => judgePoints([point('127.0.0.2', true, yes), point('127.0.0.1', false, no)], codes);
  assert.equal(judge(['127.0.0.2'], []), 'ok');
  assert.equal(judge(['127.0.0.2'], ['127.0.0.2']), 'broken');
  assert.equal(judge(['127.0.0.2'], ['127.0.0.4', '127.0.0.10']), 'broken');
  assert.equal(judge(['127.255.255.254'], ['127.255.255.254']), 'refused');
  assert.equal(judge(['127.0.0.2'], undefined), 'no_answer');
  assert.equal(judge([], []), 'incomplete');
  assert.equal(judge(['127.0.0.2'], ['127.0.0.2'], compileCodes(['127.0.0.3'])), 'incomplete', 'an answer the zone would not use lists nothing');
  assert.equal(worstOf(['ok', 'incomplete', 'broken', 'refused']), 'broken');
  assert.equal(worstOf([]), 'ok');
});

test('note_unchecked names a zone skipped for back-off like one that did not answer; not a broken one', () => {
  const describe = (id: string) => ({ kind: 'dnsbl' as const, label: `label of ${id}` });
  const v = decideVerdict(
    [
      { kind: 'error', check: 'dnsbl:0', problem: 'backoff', reason: 'skipped' },
      { kind: 'error', check: 'dnsbl:1', problem: 'timeout', reason: 'no answer' },
      { kind: 'error', check: 'dnsbl:2', problem: 'broken', reason: 'BROKEN' },
    ],
    { rejectScore: 1, noteUnchecked: true, describe },
  );
  assert.deepEqual(v.warnings, ['not checked: label of dnsbl:0, label of dnsbl:1']);
  assert.equal(v.action, 'pass');
});
