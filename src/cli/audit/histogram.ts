// Latency percentiles in fixed memory: a log-bucketed histogram of whole milliseconds (the summary line's MS).
// Values below 64 ms have a bucket each; above, every power of two is split into 32 buckets, so a reported
// percentile is within 3.2% of the true one. 864 counters, whatever the input.

const EXACT = 64; // 0..63 ms: one bucket each
const SUB_BITS = 5; // 32 buckets per power of two
const SUB = 1 << SUB_BITS;
const FIRST_EXP = 6; // 2^6 = 64
const LAST_EXP = 30; // values from 2^31 ms (24 days) on share the last bucket
const SIZE = EXACT + (LAST_EXP - FIRST_EXP + 1) * SUB;

function bucketOf(ms: number): number {
  const v = Math.max(0, Math.floor(ms));
  if (v < EXACT) return v;
  const exp = Math.min(31 - Math.clz32(v), LAST_EXP);
  if (exp === LAST_EXP && v >= 2 ** (LAST_EXP + 1)) return SIZE - 1;
  return EXACT + (exp - FIRST_EXP) * SUB + ((v >>> (exp - SUB_BITS)) & (SUB - 1));
}

/** The middle of a bucket's range, rounded to a millisecond (the exact value below 64 ms). */
function valueOf(bucket: number): number {
  if (bucket < EXACT) return bucket;
  const exp = FIRST_EXP + Math.floor((bucket - EXACT) / SUB);
  const width = 2 ** (exp - SUB_BITS);
  const low = 2 ** exp + ((bucket - EXACT) % SUB) * width;
  return Math.round(low + (width - 1) / 2);
}

export class LatencyHistogram {
  private readonly buckets = new Float64Array(SIZE);
  count = 0;
  max = 0;

  record(ms: number): void {
    this.buckets[bucketOf(ms)]! += 1;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** The q-quantile (0 < q ≤ 1) by nearest rank, or null when nothing was recorded. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let b = 0; b < SIZE; b++) {
      seen += this.buckets[b]!;
      if (seen >= rank) return Math.min(valueOf(b), this.max);
    }
    return this.max;
  }
}
