// A check reports what it saw. It never decides, writes, exits, or throws for expected trouble (Haraka's
// results.add({pass|fail|skip|err})). Findings name their check by its id; people see its label.
import type { Envelope } from '../envelope';
import type { HeaderFields } from '../header-block';

export type Action = 'tag' | 'reject' | 'defer';
export type CheckKind = 'dnsbl' | 'dnswl' | 'rhsbl' | 'local' | 'rule' | 'client' | 'envelope';

/** Why a check could not say: no answer by the deadline (or a rule not run before it, or past the text
 *  budget); the list answered a refusal code; anything else (SERVFAIL, a network error, an unreadable list,
 *  a rule that cannot run); the zone was skipped because it keeps failing (backoff) or fails its RFC 5782
 *  self-test (broken: its answers are ignored) — see src/health/. Every one of them fails open. */
export type Problem = 'timeout' | 'refused' | 'failed' | 'backoff' | 'broken';

export type Finding =
  | { readonly kind: 'hit'; readonly check: string; readonly text: string; readonly action: Action; readonly reason?: string; readonly detail?: string } // reason: the list's TXT; detail: for the log only
  | { readonly kind: 'allow'; readonly check: string; readonly text: string } // an allow list vouches for the client
  | { readonly kind: 'pass'; readonly check: string }
  | { readonly kind: 'skip'; readonly check: string; readonly reason: string } // e.g. no TCPREMOTEIP
  | { readonly kind: 'error'; readonly check: string; readonly problem: Problem; readonly reason: string } // logged; fails open
  | { readonly kind: 'note'; readonly check: string; readonly reason: string }; // logged only: e.g. a bad line in a list file

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

interface Base {
  /** Unique within a config; findings carry it. Never shown (a zone name may hold a paid account key). */
  readonly id: string;
  readonly kind: CheckKind;
  /** What headers and log lines call it: a zone's label (or its zone without a key), a rule's name. */
  readonly label: string;
}
/** Client checks start at process start, overlapping the DATA transfer; message checks once it has arrived. */
export interface ClientCheck extends Base {
  readonly stage: 'client';
  run(facts: ClientFacts, signal: AbortSignal): Promise<readonly Finding[]>;
}
export interface MessageCheck extends Base {
  readonly stage: 'message';
  run(facts: MessageFacts, signal: AbortSignal): Promise<readonly Finding[]>;
}
export type Check = ClientCheck | MessageCheck;
export type Stage = Check['stage'];

export const failed = (check: string, problem: Problem, reason: string): Finding => ({ kind: 'error', check, problem, reason });
