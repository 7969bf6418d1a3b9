// All checks of a message under one hard deadline. Client checks start at process start; message checks once
// the envelope and headers are known. The deadline counts from the envelope's arrival (CLARIFICATIONS: it bounds
// what the SMTP client waits for after its final dot). When it passes, the signal aborts the stragglers (the DNS
// adapter cancels its queries) and each becomes an `error` finding "not answered". Never throws.
import type { Check, ClientFacts, Finding, MessageFacts } from './check';

interface Pending {
  readonly name: string;
  done: readonly Finding[] | null;
  readonly promise: Promise<void>;
}

export class CheckRun {
  private readonly pending: Pending[] = [];
  private controller: AbortController | undefined; // made on first use: a message with no checks needs none
  private readonly checks: readonly Check[];

  /** `make` gets the run's signal on demand: the DNS client cancels its queries when it aborts. */
  constructor(make: (signal: () => AbortSignal) => readonly Check[]) {
    this.checks = make(() => this.signal);
  }

  private get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  /** The name a header may show for a check (its label), else its log name. */
  labelOf(check: string): string {
    const found = this.checks.find((c) => c.name === check);
    return found?.label ?? check;
  }

  /** Whether any started check may still be waiting (for DNS, a file). */
  get running(): boolean {
    return this.pending.some((p) => p.done === null);
  }

  /** Starts every check of the stage; the promise settles by itself, a throw becomes an `error` finding. */
  start(stage: Check['stage'], facts: ClientFacts | MessageFacts): void {
    for (const check of this.checks) {
      if (check.stage !== stage) continue;
      const entry: Pending = {
        name: check.name,
        done: null,
        promise: Promise.resolve()
          .then(() => check.run(facts, this.signal))
          .then(
            (findings) => void (entry.done = findings),
            (err: unknown) => void (entry.done = [{ kind: 'error', check: check.name, reason: `bug: ${String(err)}` }]),
          ),
      };
      this.pending.push(entry);
    }
  }

  /** Waits for all started checks, at most `deadlineMs`; whatever has not answered by then is an error. */
  async finish(deadlineMs: number): Promise<readonly Finding[]> {
    if (this.pending.length === 0) return [];
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
    await Promise.race([Promise.all(this.pending.map((p) => p.promise)), expired]);
    clearTimeout(timer);
    this.controller?.abort();
    // Cancelled queries settle in the next turn: a check then reports what it has (an A answer without its TXT).
    await new Promise((resolve) => setImmediate(resolve));
    return this.pending.flatMap((p) => p.done ?? [{ kind: 'error', check: p.name, reason: 'not answered' } as const]);
  }
}
