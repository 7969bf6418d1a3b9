// qqtag check's run: queue mode's own steps on a saved message, without the hand-off — the same config loading
// (config.ts), the same settings from the environment, the same checks (buildChecks, with a recording DNS client),
// the same CheckRun and deadline, and the same decide() that queue-mode.ts calls. A check whose input is not
// known here (the client's reverse DNS, the recipients, the envelope sender) is left out rather than run on a
// guess, and the report says so.
import { loadConfig, type Config } from '../../config';
import { buildChecks, type BuiltChecks } from '../../checks/build-checks';
import type { Check, Finding } from '../../checks/check';
import { CheckRun } from '../../checks/run-checks';
import { findHeaderBlock, lazyHeaderFields } from '../../header-block';
import { setLogClient } from '../../log';
import { decide } from '../../queue-mode';
import { resolveSettings } from '../../settings';
import { HEAD_CAP } from '../../spool';
import { DnsTrace } from './dns-trace';
import { findClient, makeEnvelope, type Client, type MessageInput } from './inputs';
import type { CheckReport } from './report';
import { describeResult, traceChecks } from './results';

export interface CheckRequest {
  readonly configFile: string | undefined; // --config; else $QQTAG_CONFIG, else the default path
  readonly message: MessageInput;
  readonly ip: string; // '' without --ip
  readonly ipGiven: string;
  readonly helo: string | undefined;
  readonly from: string | undefined;
  readonly rcpts: readonly string[];
  readonly env: NodeJS.ProcessEnv; // the caller's: QQTAG_*, RELAYCLIENT and TCPREMOTEHOST are read as queue mode reads them
}

/** CheckRun, keeping the findings that decide() does not hand back. */
class RecordingRun extends CheckRun {
  findings: readonly Finding[] = [];
  override async finish(deadlineMs: number): Promise<readonly Finding[]> {
    this.findings = await super.finish(deadlineMs);
    return this.findings;
  }
}

/** Why a check cannot be judged from what is given (it would pass or hit on a guess), or undefined. */
function whyNotRun(check: Check, client: Client, req: CheckRequest): string | undefined {
  const is = (kind: string, label: string): boolean => check.kind === kind && check.label === label;
  if (is('client', 'no_rdns') && client.ip && client.host === undefined) {
    return "the client's reverse DNS is unknown: set TCPREMOTEHOST, or give a message whose first line is qmail-smtpd's Received line naming --ip";
  }
  if (is('envelope', 'relay_probe') && req.rcpts.length === 0) return 'no --rcpt given';
  if (is('envelope', 'sender_domain_exists') && req.from === undefined) return 'no --from given';
  return undefined;
}

function missingInputs(config: Config, client: Client, req: CheckRequest): CheckReport['not_checked'] {
  const out: { kind: 'input'; label: string; why: string }[] = [];
  const ipUsed = config.dnsbl.length + config.dnswl.length > 0 || config.local.some((l) => l.type === 'ip') || config.checks.no_rdns !== 'off';
  if (ipUsed && !client.ip) out.push({ kind: 'input', label: 'client address', why: 'no --ip given: it is not guessed from Received: lines (a sender can write them), so DNS and local IP lists and no_rdns skip the client' });
  const heloUsed = config.checks.bad_helo !== 'off' || config.rhsbl.some((z) => z.check.includes('helo'));
  if (heloUsed && client.helo === undefined) out.push({ kind: 'input', label: 'HELO', why: "no --helo given, and no Received line of qmail-smtpd's naming --ip first in the message" });
  const senderUsed = config.rhsbl.some((z) => z.check.includes('envelope-sender')) || config.local.some((l) => l.type === 'domain');
  if (senderUsed && req.from === undefined) out.push({ kind: 'input', label: 'envelope sender', why: 'no --from given: [[rhsbl]] and [[local]] domain lists looked at From: only' });
  return out;
}

const pick = (env: NodeJS.ProcessEnv, names: readonly string[]): NodeJS.ProcessEnv =>
  Object.fromEntries(names.flatMap((n) => (env[n] === undefined ? [] : [[n, env[n]]])));

/** The checks of the config less those that cannot be judged here, each with its own recording DNS client. */
class TracedChecks {
  readonly trace = new DnsTrace();
  readonly notChecked: { kind: Check['kind']; label: string; why: string }[] = [];
  kept: readonly Check[] = [];

  constructor(
    private readonly config: Config,
    private readonly client: Client,
    private readonly req: CheckRequest,
  ) {}

  readonly build = (signal: () => AbortSignal): BuiltChecks => {
    const built = buildChecks(this.config, signal, { traceDns: this.trace.wrap });
    this.kept = built.checks.filter((c) => {
      const why = whyNotRun(c, this.client, this.req);
      if (why) this.notChecked.push({ kind: c.kind, label: c.label, why });
      return !why;
    });
    return { checks: this.kept, dns: built.dns };
  };
}

export async function runCheck(req: CheckRequest): Promise<CheckReport> {
  const loaded = loadConfig({ QQTAG_CONFIG: req.configFile ?? req.env['QQTAG_CONFIG'] });
  const { config } = loaded;
  const settings = resolveSettings(pick(req.env, ['QQTAG_DRYRUN', 'QQTAG_SKIP', 'RELAYCLIENT', 'QQTAG_QMAILQUEUE']), config);
  const skip = loaded.source === 'untagged' ? 'config' : settings.skip;
  const runs = !skip && loaded.source !== 'unusable';
  const bytes = req.message.bytes;
  const client = findClient(bytes, req.ip, req.ipGiven, req.helo, req.env);
  const env: NodeJS.ProcessEnv = { ...(client.ip ? { TCPREMOTEIP: req.ipGiven } : {}), ...(client.host ? { TCPREMOTEHOST: client.host } : {}) };
  const traced = new TracedChecks(config, client, req);
  const run = new RecordingRun((signal) => (runs ? traced.build(signal) : { checks: [], dns: undefined }));
  setLogClient(client.ip); // decide()'s log lines (stderr) read as queue mode's would
  run.start('client', { ip: client.ip, env });
  const envelope = makeEnvelope(req.from, req.rcpts);
  const headers = lazyHeaderFields(findHeaderBlock(bytes.subarray(0, HEAD_CAP), bytes.length));
  const decided = loaded.source === 'unusable' ? undefined : await decide(run, config, { ip: client.ip, env, envelope, helo: client.helo, headers });
  return {
    version: 1,
    message: { file: req.message.name, size: bytes.length, crlf_converted: req.message.converted },
    config: { file: loaded.file, source: loaded.source, problem: loaded.problem ?? null, note: loaded.note ?? null },
    client: { ip: client.ip || null, helo: client.helo ?? null, helo_from: client.heloFrom ?? null, host: client.host ?? null, host_from: client.hostFrom ?? null },
    envelope: { from: req.from === undefined ? null : envelope.sender.toString('latin1'), rcpts: envelope.recipients.map((r) => r.toString('latin1')) },
    dry_run: settings.dryRun,
    skipped: skip || null,
    deadline_ms: config.dns.deadline_ms,
    notes: settings.notes,
    not_checked: runs ? [...missingInputs(config, client, req), ...traced.notChecked] : [],
    checks: traceChecks(run, traced.kept, decided?.verdict, traced.trace, config),
    lines: decided ? splitFields(decided.lines) : [],
    result: describeResult({ loaded, decided, settings, ip: client.ip, run, config }),
  };
}

/** The added bytes as header fields, folds kept ("X-Spam-Warning: a\n b"), without the final LF. */
const splitFields = (lines: Buffer): string[] => lines.toString('latin1').split(/\n(?! )/).filter(Boolean);
