// qqtag judges an envelope exactly as qmail-queue does, in its order (issue "field mail path" §4): 2000+
// random and mutated envelopes, each checked against a byte-by-byte reference of qmail-queue.c's loop, whole and
// fed in random pieces (as reads deliver it); a sample of them through the built qqtag end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitForEnvelopeIssue, parseEnvelope, scanEnvelope } from '../src/envelope';
import { qmailQueueEnvelope } from './helpers/qmail-queue-grammar';
import { fixture, runQqtag } from './helpers/run-qqtag';

/** A small seeded generator (mulberry32): every run tests the same envelopes. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(5782);
const int = (n: number): number => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;

function address(): Buffer {
  const len = pick([0, 1, 5, 30, 1001, 1002, 1003, 1004, 1500, int(1100)]);
  return Buffer.from(Array.from({ length: len }, () => pick([0x61, 0x40, 0x2e, 0xe9, 0x54, 0x46])));
}
function valid(): Buffer {
  const parts = [Buffer.from('F'), address(), Buffer.from([0])];
  for (let i = int(4); i > 0; i--) parts.push(Buffer.from('T'), address(), Buffer.from([0]));
  parts.push(Buffer.from([0]));
  if (rnd() < 0.2) parts.push(Buffer.from('trailing junk\0'));
  return Buffer.concat(parts);
}
function mutate(b: Buffer): Buffer {
  const out = Buffer.from(b);
  switch (int(5)) {
    case 0:
      return out.subarray(0, int(out.length + 1)); // cut short anywhere
    case 1:
      if (out.length) out[int(out.length)] = pick([0x00, 0x46, 0x54, 0x58, 0x52, 0xff]); // a byte changed
      return out;
    case 2: {
      const at = int(out.length + 1); // a byte inserted
      return Buffer.concat([out.subarray(0, at), Buffer.from([pick([0x00, 0x54, 0x61])]), out.subarray(at)]);
    }
    case 3:
      return Buffer.from(Array.from({ length: int(40) }, () => pick([0x00, 0x46, 0x54, 0x61]))); // noise
    default:
      return out;
  }
}

/** qqtag's judgement: 0, or the code its issue maps to; and where it stopped when fed in random pieces. */
function judge(raw: Buffer): number {
  const parsed = parseEnvelope(raw);
  return parsed.ok ? 0 : exitForEnvelopeIssue[parsed.issue.code];
}
function stopFedInPieces(raw: Buffer): number | undefined {
  let next = 0;
  for (let end = 0; end < raw.length; ) {
    end = Math.min(raw.length, end + 1 + int(1500));
    const step = scanEnvelope(raw.subarray(0, end), next);
    if (step.done) return end;
    next = step.next;
  }
  return undefined;
}

const cases: Buffer[] = [];
for (let i = 0; i < 2400; i++) cases.push(i % 3 === 0 ? valid() : mutate(valid()));

test(`${cases.length} random and mutated envelopes: qqtag's code is qmail-queue's, whole or fed in pieces`, () => {
  const seen = new Map<number, number>();
  for (const raw of cases) {
    const ref = qmailQueueEnvelope(raw);
    seen.set(ref.code, (seen.get(ref.code) ?? 0) + 1);
    assert.equal(judge(raw), ref.code, `envelope ${raw.toString('latin1').slice(0, 80)}...`);
    // Fed as reads deliver it, the scan stops no earlier than qmail-queue's last byte read: it never decides on
    // bytes qmail-queue would not have read, nor waits for more once qmail-queue would have stopped.
    const stop = stopFedInPieces(raw);
    if (ref.code !== 54) assert.ok(stop !== undefined && stop >= ref.read, `stopped at ${stop}, qmail-queue read ${ref.read}`);
    else assert.equal(stop, undefined, 'a cut-short envelope waits for EOF');
  }
  for (const code of [0, 11, 54, 91]) assert.ok((seen.get(code) ?? 0) >= 50, `the cases cover exit ${code}: ${[...seen]}`);
});

test('the built qqtag gives qmail-queue\'s code for a sample of them, and queues only the good ones', async () => {
  const message = fixture('messages/plain.eml');
  const sample = cases.filter((_, i) => i % 97 === 0);
  for (const raw of sample) {
    const want = qmailQueueEnvelope(raw).code;
    const r = await runQqtag({ message, envelope: raw });
    assert.equal(r.code, want, `${raw.toString('latin1').slice(0, 60)}\n${r.stderr}`);
    assert.equal(r.queued !== null, want === 0);
  }
});
