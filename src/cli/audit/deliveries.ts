// Where mail with hits went: qqtag's summary lines joined to qmail-send's log by qmail-queue's pid (`qp`).
// qmail-send.c logs, per message N (its queue inode) and delivery D:
//   info msg N: bytes B from <S> qp P uid U
//   starting delivery D: msg N to local|remote ADDR
//   delivery D: success|failure|deferral: TEXT
//   end msg N
// Pids are reused, so a qp matches the summary line of the same host closest before its `info msg` line (within
// MATCH_WINDOW_MS). The summary side is read first and held as numbers keyed by host and qp, up to a cap.
import type { DeliveryReport } from './report';

const QP_SPACE = 2 ** 23; // pids stay below 2^22 (Linux pid_max)
const ID_SPACE = 2 ** 32; // qmail's message (inode) and delivery numbers
const MATCH_WINDOW_MS = 6 * 3_600_000; // qmail-send may be slow to pick up a queued message, not hours late
const SKEW_MS = 10_000; // the two log lines' stamps come from separate writes
const UNTIMED = -1;
export const MAX_PENDING = 1_000_000; // summary lines awaiting their delivery (about 60 MB at worst)
const MAX_IN_FLIGHT = 100_000; // messages and deliveries of qmail-send open at once

const INFO = /^info msg (\d+): bytes \d+ from <.*> qp (\d+) uid \d+$/;
const START = /^starting delivery (\d+): msg (\d+) to (local|remote) /;
const DONE = /^delivery (\d+): (success|failure|deferral): /;
const END = /^end msg (\d+)$/;

interface Counts {
  lookedUp: number;
  found: number;
  local: number;
  remote: number;
  bounced: number;
  deferred: number;
  unfinished: number;
  overCapacity: number;
}
interface Tracked {
  readonly counts: Counts;
  local: boolean;
  remote: boolean;
  bounced: boolean;
  deferred: boolean;
}

export class DeliveryJoin {
  private readonly pending = new Map<number, number | number[]>(); // host, qp → summary times
  private readonly messages = new Map<number, Tracked>(); // host, msg N
  private readonly deliveries = new Map<number, { readonly message: number; readonly channel: string }>();
  private readonly counts: Counts[];
  private pendingSize = 0;

  constructor(periods: number, private readonly periodOf: (time: number | undefined) => number, private readonly cap = MAX_PENDING) {
    this.counts = Array.from({ length: periods }, () => ({ lookedUp: 0, found: 0, local: 0, remote: 0, bounced: 0, deferred: 0, unfinished: 0, overCapacity: 0 }));
  }

  /** A summary line with hits whose message reached qmail-queue as pid `qp`. */
  expect(host: number, qp: number, time: number | undefined): void {
    const counts = this.counts[this.periodOf(time)]!;
    if (this.pendingSize >= this.cap) {
      counts.overCapacity++;
      return;
    }
    counts.lookedUp++;
    this.pendingSize++;
    const key = host * QP_SPACE + qp;
    const t = time ?? UNTIMED;
    const seen = this.pending.get(key);
    this.pending.set(key, seen === undefined ? t : Array.isArray(seen) ? [...seen, t] : [seen, t]);
  }

  /** The summary time this `info msg` line belongs to, taken out of the pending ones; undefined if none. */
  private claim(host: number, qp: number, time: number | undefined): number | undefined {
    const key = host * QP_SPACE + qp;
    const seen = this.pending.get(key);
    if (seen === undefined) return undefined;
    const times = Array.isArray(seen) ? seen : [seen];
    const fits = (t: number): boolean => t === UNTIMED || time === undefined || (t <= time + SKEW_MS && time - t <= MATCH_WINDOW_MS);
    const best = times.filter(fits).sort((a, b) => b - a)[0]; // the latest before the info line
    if (best === undefined) return undefined;
    const rest = times.filter((t, i) => i !== times.indexOf(best));
    if (rest.length === 0) this.pending.delete(key);
    else this.pending.set(key, rest.length === 1 ? rest[0]! : rest);
    this.pendingSize--;
    return best;
  }

  /** One line of a qmail-send log (stamp removed). Returns whether it was one the join reads. */
  addLine(host: number, time: number | undefined, text: string): boolean {
    let m: RegExpExecArray | null;
    if ((m = INFO.exec(text))) this.info(host, Number(m[1]), Number(m[2]), time);
    else if ((m = START.exec(text))) this.start(host, Number(m[1]), Number(m[2]), m[3] ?? '');
    else if ((m = DONE.exec(text))) this.done(host, Number(m[1]), m[2] ?? '');
    else if ((m = END.exec(text))) this.end(host * ID_SPACE + Number(m[1]));
    else return false;
    return true;
  }

  private info(host: number, msg: number, qp: number, time: number | undefined): void {
    const at = this.claim(host, qp, time);
    if (at === undefined) return;
    const counts = this.counts[this.periodOf(at === UNTIMED ? undefined : at)]!;
    counts.found++;
    if (this.messages.size >= MAX_IN_FLIGHT) this.end(this.messages.keys().next().value as number, true);
    this.messages.set(host * ID_SPACE + msg, { counts, local: false, remote: false, bounced: false, deferred: false });
  }

  private start(host: number, delivery: number, msg: number, channel: string): void {
    const message = host * ID_SPACE + msg;
    if (!this.messages.has(message)) return;
    if (this.deliveries.size >= MAX_IN_FLIGHT) this.deliveries.delete(this.deliveries.keys().next().value as number);
    this.deliveries.set(host * ID_SPACE + delivery, { message, channel });
  }

  private done(host: number, delivery: number, status: string): void {
    const key = host * ID_SPACE + delivery;
    const d = this.deliveries.get(key);
    const t = d && this.messages.get(d.message);
    if (!d || !t) return;
    this.deliveries.delete(key);
    if (status === 'success') t[d.channel === 'local' ? 'local' : 'remote'] = true;
    else if (status === 'failure') t.bounced = true;
    else t.deferred = true;
  }

  private end(message: number, unfinished = false): void {
    const t = this.messages.get(message);
    if (!t) return;
    this.messages.delete(message);
    const c = t.counts;
    c.local += Number(t.local);
    c.remote += Number(t.remote);
    c.bounced += Number(t.bounced);
    c.deferred += Number(t.deferred);
    c.unfinished += Number(unfinished);
  }

  /** The report of each period, once every log has been read. */
  finish(): DeliveryReport[] {
    for (const key of [...this.messages.keys()]) this.end(key, true);
    return this.counts.map((c) => ({
      looked_up: c.lookedUp,
      found: c.found,
      not_found: c.lookedUp - c.found,
      delivered_local: c.local,
      delivered_remote: c.remote,
      bounced: c.bounced,
      deferred: c.deferred,
      unfinished: c.unfinished,
      over_capacity: c.overCapacity,
    }));
  }
}
