// What qqtag check found, as one object: `--json` prints it as it is, the text report is made from it
// (report-text.ts). docs/check.md documents every field; a change here is a change of that contract.
import type { CheckKind } from '../../checks/check';
import type { Outcome as CheckWord } from '../../checks/run-checks';
import type { ConfigSource } from '../../summary';
import type { Outcome as Action } from '../../verdict';
import type { QueryType, Classified } from './dns-trace';

export interface CheckReport {
  readonly version: 1;
  readonly message: { readonly file: string; readonly size: number; readonly crlf_converted: number };
  readonly config: { readonly file: string; readonly source: Exclude<ConfigSource, 'env'>; readonly problem: string | null; readonly note: string | null };
  readonly client: {
    readonly ip: string | null;
    readonly helo: string | null;
    readonly helo_from: 'option' | 'received' | null;
    readonly host: string | null; // TCPREMOTEHOST; '' = unset (no reverse DNS); null = unknown
    readonly host_from: 'environment' | 'received' | null;
  };
  readonly envelope: { readonly from: string | null; readonly rcpts: readonly string[] };
  readonly dry_run: boolean;
  readonly skipped: 'relayclient' | 'qqtag_skip' | 'config' | null;
  readonly deadline_ms: number;
  readonly notes: readonly string[];
  readonly not_checked: readonly { readonly kind: CheckKind | 'input'; readonly label: string; readonly why: string }[];
  readonly checks: readonly TracedCheck[];
  readonly lines: readonly string[];
  readonly result: CheckResult;
}

export interface TracedCheck {
  readonly kind: CheckKind;
  readonly label: string;
  readonly outcome: CheckWord; // the summary line's word (docs/log.md)
  readonly ms: number;
  readonly findings: readonly { readonly kind: string; readonly text: string }[];
  readonly queries: readonly {
    readonly type: QueryType;
    readonly name: string;
    readonly ms: number;
    readonly answers: readonly string[] | null;
    readonly error: string | null;
    readonly classified: Classified | null;
  }[];
}

export interface Refusal {
  readonly exit: number; // 31 or 71: netqmail, or notqmail without an fd 6 pipe
  readonly reply: string; // what qmail-smtpd answers for it
  readonly fd6_exit: number; // 82: notqmail with fd 6
  readonly fd6_reply: string; // the reply the client then sees: "554 rejected: ..."
}

export interface CheckResult {
  readonly action: Action | null; // null: the checks did not decide (no usable config, or a bug of ours)
  readonly lines_added: boolean; // false in dry-run, and when nothing was found
  readonly exit: number | null; // qqtag's own exit code; null: the queue program's (hand-off)
  readonly reply: string | null; // what qmail-smtpd answers for `exit`
  readonly queue: string | null; // the queue program it would hand the message to
  readonly refusal: Refusal | null; // for reject and defer (in dry-run: what would be done)
}

/** qmail-smtpd's answers for the codes qqtag itself chooses here (qmail.c; ../QMAIL-FACTS). */
export const QMAIL_REPLY: Readonly<Record<number, string>> = {
  31: '554 mail server permanently rejected message (#5.3.0)',
  55: '451 qq unable to read configuration (#4.3.0)',
  71: '451 mail server temporarily rejected message (#4.3.0)',
};
