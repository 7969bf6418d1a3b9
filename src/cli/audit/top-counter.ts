// The most frequent keys of a stream in bounded memory: Space-Saving (Metwally, Agrawal, El Abbadi 2005),
// evicting in batches. At most 2 × capacity keys are held; when full, the lower half is dropped and the highest
// count dropped becomes the floor: a key that arrives later starts at floor + 1 and carries `error` = floor, so
// its true count lies in [count − error, count]. Keys counted more than the floor are never lost. A batch sort
// every `capacity` new keys costs O(log capacity) a key, where Space-Saving's min-scan would cost O(capacity).

export interface TopEntry {
  readonly key: string;
  readonly count: number; // an upper bound of the true count
  readonly error: number; // count − error is a lower bound; 0 = exact
}

interface Slot {
  count: number;
  error: number;
}

/** A copy of `s` that holds no reference to the large chunk string a log line was sliced from. */
export const detach = (s: string): string => Buffer.from(s, 'latin1').toString('latin1');

export class TopCounter {
  private readonly slots = new Map<string, Slot>();
  private floor = 0;
  total = 0;

  constructor(private readonly capacity = 1000) {}

  add(key: string, n = 1): void {
    this.total += n;
    const slot = this.slots.get(key);
    if (slot) {
      slot.count += n;
      return;
    }
    if (this.slots.size >= 2 * this.capacity) this.prune();
    this.slots.set(detach(key), { count: this.floor + n, error: this.floor });
  }

  private prune(): void {
    const sorted = [...this.slots].sort((a, b) => b[1].count - a[1].count);
    for (const [key, slot] of sorted.slice(this.capacity)) {
      this.floor = Math.max(this.floor, slot.count);
      this.slots.delete(key);
    }
  }

  /** The n largest, by count (then key, so equal counts print in a stable order). */
  top(n: number): TopEntry[] {
    return [...this.slots]
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([key, s]) => ({ key, count: s.count, error: s.error }));
  }
}
