// A check reports what it saw. It never decides, writes, exits, or throws for expected trouble (Haraka's
// results.add({pass|fail|skip|err})). Its name ("dnsbl:bl.example", "rule:pills") is its log word.
import type { Envelope } from '../envelope';
import type { HeaderFields } from '../header-block';

export type Action = 'tag' | 'reject' | 'defer';

export type Finding =
  | { readonly kind: 'hit'; readonly check: string; readonly text: string; readonly action: Action; readonly detail?: string } // detail: for the log only
  | { readonly kind: 'allow'; readonly check: string; readonly text: string } // an allow list vouches for the client
  | { readonly kind: 'pass'; readonly check: string }
  | { readonly kind: 'skip'; readonly check: string; readonly reason: string } // e.g. no TCPREMOTEIP
  | { readonly kind: 'error'; readonly check: string; readonly reason: string }; // logged; fails open

/** What is known about a message, stage by stage: the client at start, then the envelope, then the headers. */
export interface ClientFacts {
  readonly ip: string; // '' when TCPREMOTEIP is unset (local injection)
  readonly env: NodeJS.ProcessEnv;
}
export interface MessageFacts extends ClientFacts {
  readonly envelope: Envelope;
  readonly headers: HeaderFields;
  readonly helo: string | undefined; // from qmail-smtpd's own Received line; undefined when there is none
}

/** When a check can start: client checks at process start, overlapping the DATA transfer. */
export type Stage = 'client' | 'message';

export interface Check {
  readonly name: string;
  /** What a header may call it: a zone's label, never a zone name that can hold a paid account key. */
  readonly label?: string;
  readonly stage: Stage;
  run(facts: MessageFacts | ClientFacts, signal: AbortSignal): Promise<readonly Finding[]>;
}
