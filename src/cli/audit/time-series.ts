// Counts over time in bounded memory: buckets of an hour, keyed by their start; when there would be more than
// `maxBuckets` of them, the width doubles and neighbours merge (so a week stays hourly, a year becomes
// 16-hourly). Buckets are aligned on the Unix epoch, so the result does not depend on the order lines come in.

export const HOUR_MS = 3_600_000;

export interface SeriesBucket {
  readonly start: number; // Unix ms
  readonly values: readonly number[]; // by column; missing columns are 0
}

export class TimeSeries {
  width = HOUR_MS;
  private rows = new Map<number, number[]>();

  constructor(private readonly maxBuckets = 1000) {}

  add(time: number, column: number, n = 1): void {
    const key = Math.floor(time / this.width);
    let row = this.rows.get(key);
    if (!row) {
      if (this.rows.size >= this.maxBuckets) {
        this.widen();
        this.add(time, column, n);
        return;
      }
      this.rows.set(key, (row = []));
    }
    row[column] = (row[column] ?? 0) + n;
  }

  private widen(): void {
    const merged = new Map<number, number[]>();
    for (const [key, row] of this.rows) {
      const into = merged.get(Math.floor(key / 2)) ?? [];
      row.forEach((v, i) => (into[i] = (into[i] ?? 0) + (v ?? 0)));
      merged.set(Math.floor(key / 2), into);
    }
    this.rows = merged;
    this.width *= 2;
  }

  /** Every bucket from the first to the last, empty ones included, each with `columns` values. */
  buckets(columns: number): SeriesBucket[] {
    const keys = [...this.rows.keys()];
    if (keys.length === 0) return [];
    const first = Math.min(...keys);
    const last = Math.max(...keys);
    const out: SeriesBucket[] = [];
    for (let k = first; k <= last; k++) {
      const row = this.rows.get(k) ?? [];
      out.push({ start: k * this.width, values: Array.from({ length: columns }, (_, i) => row[i] ?? 0) });
    }
    return out;
  }
}
