// All checks of a message under one hard deadline. Client checks start at process start; message checks once
// the envelope and headers are known. The deadline counts from the envelope's arrival (CLARIFICATIONS: it bounds
// what the SMTP client waits for after its final dot). When it passes, the signal aborts the stragglers (the DNS
// adapter cancels its queries, the rules stop) and each becomes a `timeout` error. Zone health (src/health/), when
// the checks have it, is waited for under the same deadline and has the last word on DNS list findings. Never throws.
import type { DnsClient } from '../dns-client';
import type { BuiltChecks } from './build-checks';
import { failed, type Check, type CheckKind, type ClientFacts, type Finding, type MessageFacts, type Problem } from './check';

/** One word per check for the summary line (docs/log.md). */
export type Outcome = 'hit' | 'allow' | 'silenced' | 'pass' | 'skip' | Problem;
export interface CheckOutcome {
  readonly kind: CheckKind;
  readonly label: string;
  readonly outcome: Outcome;
  readonly ms: number;
}

interface Pending {
  readonly check: Check;
  readonly started: number;
  ended: number;
  done: readonly Finding[] | null;
  readonly promise: Promise<void>;
}

const RANK: Record<Finding['kind'], number> = { hit: 5, allow: 4, error: 3, pass: 2, skip: 1, note: 0 };

export class CheckRun {
  private readonly pending: Pending[] = [];
  private controller: AbortController | undefined; // made on first use: a message with no checks needs none
  private readonly built: BuiltChecks;

  /** `make` gets the run's signal on demand: the DNS client cancels its queries when it aborts. */
  constructor(make: (signal: () => AbortSignal) => BuiltChecks) {
    this.built = make(() => this.signal);
  }

  private get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  get dns(): DnsClient | undefined {
    return this.built.dns;
  }

  /** A check's kind and label (never a zone that may hold a key). */
  describe(id: string): { readonly kind: CheckKind; readonly label: string } {
    return this.built.checks.find((c) => c.id === id) ?? { kind: 'rule', label: id };
  }

  /** How log lines name a check: "dnsbl:Spamhaus ZEN". */
  labelOf(id: string): string {
    const { kind, label } = this.describe(id);
    return `${kind}:${label}`;
  }

  /** Whether any started check may still be waiting (for DNS, a file). */
  get running(): boolean {
    return this.pending.some((p) => p.done === null);
  }

  /** Starts every check of the stage; the promise settles by itself, a throw becomes a `failed` finding. */
  start(stage: 'client', facts: ClientFacts): void;
  start(stage: 'message', facts: MessageFacts): void;
  start(stage: Check['stage'], facts: ClientFacts | MessageFacts): void {
    for (const check of this.built.checks) {
      if (check.stage !== stage) continue;
      const run = (): Promise<readonly Finding[]> =>
        check.stage === 'client' ? check.run(facts, this.signal) : check.run(facts as MessageFacts, this.signal);
      const entry: Pending = {
        check,
        started: Date.now(),
        ended: 0,
        done: null,
        promise: Promise.resolve()
          .then(run)
          .then(
            (findings) => void (entry.done = findings),
            (err: unknown) => void (entry.done = [failed(check.id, 'failed', `bug: ${String(err)}`)]),
          )
          .finally(() => void (entry.ended ||= Date.now())),
      };
      this.pending.push(entry);
    }
  }

  /** Waits for all started checks, at most `deadlineMs`; whatever has not answered by then is a timeout. */
  async finish(deadlineMs: number): Promise<readonly Finding[]> {
    if (this.pending.length === 0) return [];
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
    await Promise.race([Promise.all([...this.pending.map((p) => p.promise), this.built.health?.done]), expired]);
    clearTimeout(timer);
    const cut = this.pending.some((p) => p.done === null);
    this.controller?.abort();
    // Cancelled queries settle in the next turn: a check then reports what it has (an A answer without its TXT).
    // When every check had answered, there is nothing to wait for.
    if (cut) await new Promise((resolve) => setImmediate(resolve));
    const now = Date.now();
    for (const p of this.pending) p.ended ||= now;
    const findings = this.pending.flatMap((p) => p.done ?? [failed(p.check.id, 'timeout', 'no answer by the deadline')]);
    return this.built.health ? this.built.health.settle(findings) : findings;
  }

  /** Each started check's most telling finding, with how long it took. `silenced`: hits an allow list overrode. */
  outcomes(findings: readonly Finding[], silenced: readonly string[]): CheckOutcome[] {
    return this.pending.map(({ check, started, ended }) => {
      let best: Finding | undefined;
      for (const f of findings) if (f.check === check.id && (!best || RANK[f.kind] > RANK[best.kind])) best = f;
      const word: Outcome = !best || best.kind === 'note' ? 'timeout' : best.kind === 'error' ? best.problem : best.kind;
      return { kind: check.kind, label: check.label, outcome: word === 'hit' && silenced.includes(check.id) ? 'silenced' : word, ms: Math.max(0, (ended || Date.now()) - started) };
    });
  }
}
