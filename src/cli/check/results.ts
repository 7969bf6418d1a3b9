// The parts of qqtag check's report that follow from the run: each check with its findings and DNS queries, and
// what queue mode would do next — the exit code, what qmail-smtpd answers, and with notqmail's fd 6 the reply
// (as queue-mode.ts's refuse() builds it: formatReply on reject_text / defer_text, exit 31 / 71, or 82).
import type { LoadedConfig, Config } from '../../config';
import { isKeyedZone } from '../../config-rules';
import { QQ } from '../../contract';
import type { Check, Finding } from '../../checks/check';
import type { CheckRun } from '../../checks/run-checks';
import type { decide } from '../../queue-mode';
import { formatReply } from '../../reply';
import type { Settings } from '../../settings';
import type { Verdict } from '../../verdict';
import type { DnsTrace } from './dns-trace';
import { QMAIL_REPLY, type CheckResult, type Refusal, type TracedCheck } from './report';

function describeFinding(f: Finding): { kind: string; text: string } {
  if (f.kind === 'hit') return { kind: f.kind, text: f.detail ? `${f.text} (${f.detail})` : f.text };
  if (f.kind === 'allow') return { kind: f.kind, text: f.text };
  if (f.kind === 'error') return { kind: f.problem, text: f.reason };
  return { kind: f.kind, text: f.kind === 'pass' ? '' : f.reason };
}

/** A query name with a paid feed's account key shown as <key>: the key stays in the config. */
function maskKeys(config: Config, name: string): string {
  for (const { zone } of [...config.dnsbl, ...config.dnswl, ...config.rhsbl]) {
    if (!isKeyedZone(zone) || !name.toLowerCase().endsWith(zone.toLowerCase())) continue;
    const at = name.length - zone.length;
    return `${name.slice(0, at)}<key>${zone.slice(zone.indexOf('.'))}`;
  }
  return name;
}

/** Every check that ran, in the order CheckRun started them (each stage's checks in the order built). */
export function traceChecks(run: CheckRun & { findings: readonly Finding[] }, kept: readonly Check[], verdict: Verdict | undefined, trace: DnsTrace, config: Config): TracedCheck[] {
  const order = [...kept.filter((c) => c.stage === 'client'), ...kept.filter((c) => c.stage === 'message')];
  const outcomes = run.outcomes(run.findings, verdict?.silenced ?? []);
  return order.map((check, i) => ({
    kind: check.kind,
    label: check.label,
    outcome: outcomes[i]?.outcome ?? 'timeout',
    ms: outcomes[i]?.ms ?? 0,
    findings: run.findings.filter((f) => f.check === check.id && f.kind !== 'pass').map(describeFinding),
    queries: trace.of(check.id).map(({ type, name, ms, answers, error, classified }) => ({ type, name: maskKeys(config, name), ms, answers, error, classified })),
  }));
}

function refusalOf(action: 'reject' | 'defer', verdict: Verdict, config: Config, ip: string, run: CheckRun): Refusal {
  const hit = verdict.decisive;
  const facts = { ip, label: hit ? run.describe(hit.check).label : '', reason: hit?.reason || hit?.text || '', warning: hit?.text ?? '' };
  const text = formatReply(action === 'reject' ? config.reject_text : config.defer_text, facts);
  const exit = action === 'reject' ? QQ.refusedPermanently : QQ.refusedTemporarily;
  return { exit, reply: QMAIL_REPLY[exit] ?? '', fd6_exit: QQ.reply, fd6_reply: `${action === 'reject' ? 554 : 451} ${text}` };
}

export interface Outcome {
  readonly loaded: LoadedConfig;
  readonly decided: Awaited<ReturnType<typeof decide>> | undefined;
  readonly settings: Settings;
  readonly ip: string;
  readonly run: CheckRun;
  readonly config: Config;
}

export function describeResult({ loaded, decided, settings, ip, run, config }: Outcome): CheckResult {
  if (loaded.source === 'unusable') return { action: null, lines_added: false, exit: QQ.configError, reply: QMAIL_REPLY[QQ.configError] ?? '', queue: null, refusal: null };
  const verdict = decided?.verdict;
  if (!verdict) return { action: null, lines_added: false, exit: null, reply: null, queue: settings.queue, refusal: null }; // a bug: untagged
  const { action } = verdict;
  const refusal = action === 'reject' || action === 'defer' ? refusalOf(action, verdict, config, ip, run) : null;
  const refused = refusal !== null && !settings.dryRun;
  return {
    action,
    lines_added: !settings.dryRun && !refused && (decided?.lines.length ?? 0) > 0,
    exit: refused ? refusal.exit : null,
    reply: refused ? refusal.reply : null,
    queue: refused ? null : settings.queue,
    refusal,
  };
}
