// Queue mode, the steps in data-flow order: config -> client checks start -> fd 0 -> fd 1 -> message checks ->
// verdict -> added lines -> refusal or hand-off. Returns the exit code; never calls process.exit, never writes
// fd 1. What it learns goes into the summary record (summary.ts), which the caller prints once at the end.
//
// Which trouble costs what (STYLE §5), in one place:
//   our bug in the checks, the verdict or the added lines  -> delivered untagged (decide(), logged)
//   a check that cannot answer (DNS, a list file, a rule)  -> that check fails open (run-checks.ts)
//   the config is broken                                   -> config.ts's policy: last good copy / untagged / 55
//   reading fd 0 or fd 1, the envelope's grammar           -> qmail-queue's own codes: 54 / 91 / 11, 51 over 16 MiB
//   our files for the hand-off                             -> 53
//   the queue program                                      -> handoff.ts: its code, or 81 / 51 / 53
//   any other bug of ours                                  -> 81 (src/qqtag.ts)
import { QQ } from './contract';
import { loadConfig, type Config } from './config';
import { parseClientIp } from './client-ip';
import { logLine, setLogClient } from './log';
import { resolveSettings } from './settings';
import { readFd6 } from './launch';
import { HEAD_CAP } from './spool';
import { readEnvelope, readMessage, type Failure } from './input';
import { findHeaderBlock, lazyHeaderFields } from './header-block';
import { buildChecks } from './checks/build-checks';
import { HEADER_CAP_SKIP } from './checks/header-rules';
import { CheckRun } from './checks/run-checks';
import type { Finding, MessageFacts } from './checks/check';
import { parseOwnReceived } from './received';
import { decideVerdict, type Verdict } from './verdict';
import { formatWarningLines, LINES_MAX } from './warning-header';
import { DEPTH_VAR, handOff, MAX_DEPTH } from './handoff';
import { refuse } from './reply';
import { summary } from './summary';

const NO_LINES = Buffer.alloc(0);

interface Decided {
  readonly verdict: Verdict | undefined;
  readonly lines: Buffer;
}

function logFindings(run: CheckRun, findings: readonly Finding[]): void {
  for (const f of findings) {
    if (f.kind === 'error' || f.kind === 'note') logLine('warn', `${run.labelOf(f.check)}: ${f.reason}`);
    if (f.kind === 'hit' && f.detail) logLine('info', `${run.labelOf(f.check)}: ${f.detail}`);
  }
  if (findings.some((f) => f.kind === 'skip' && f.reason === HEADER_CAP_SKIP)) {
    logLine('warn', `header block over ${HEAD_CAP} bytes: fields beyond it were neither matched nor missing`);
  }
}

/** Message checks, the deadline, the verdict and the added lines. A bug of ours here must not cost the
 *  message: it goes on untagged. */
export async function decide(run: CheckRun, config: Config, facts: MessageFacts): Promise<Decided> {
  const waited = Date.now();
  try {
    run.start('message', facts);
    const findings = await run.finish(config.dns.deadline_ms);
    logFindings(run, findings);
    const verdict = decideVerdict(findings, {
      rejectScore: config.reject_score,
      noteUnchecked: config.dns.note_unchecked,
      describe: (id) => run.describe(id),
    });
    const formatted = formatWarningLines(config.header, verdict.warnings, LINES_MAX);
    if (formatted.dropped > 0) logLine('warn', `${formatted.dropped} warnings dropped: over ${LINES_MAX} bytes`);
    Object.assign(summary, { action: verdict.action, warnings: verdict.warnings.length - formatted.dropped, checks: run.outcomes(findings, verdict.silenced) });
    return { verdict, lines: formatted.bytes };
  } catch (err) {
    logLine('error', `checks failed, delivering untagged: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { verdict: undefined, lines: NO_LINES };
  } finally {
    summary.waitMs = Date.now() - waited;
    const dnsMs = run.dns?.elapsedMs();
    if (dnsMs) summary.dnsMs = dnsMs;
  }
}

export async function runQueueMode(env: NodeJS.ProcessEnv): Promise<number> {
  const client = parseClientIp(env['TCPREMOTEIP']);
  summary.ip = client.address;
  setLogClient(client.address || (env['TCPREMOTEIP'] ? '?' : '')); // a TCPREMOTEIP that is no address is not echoed
  if ((Number(env[DEPTH_VAR]) || 0) >= MAX_DEPTH) {
    summary.error = 'loop';
    logLine('error', `${MAX_DEPTH} qqtag processes deep: QQTAG_QMAILQUEUE or qmail_queue leads back to qqtag`);
    return QQ.internalBug;
  }
  const loaded = loadConfig(env);
  summary.config = loaded.source;
  if (loaded.problem) logLine(loaded.source === 'previous' ? 'warn' : 'error', loaded.problem);
  if (loaded.note) logLine('warn', loaded.note);
  if (loaded.source === 'unusable') {
    summary.error = 'config';
    return QQ.configError;
  }
  const { config } = loaded;
  const settings = resolveSettings(env, config);
  for (const note of settings.notes) logLine('warn', note);
  const skip = loaded.source === 'untagged' ? 'config' : settings.skip;
  summary.dryRun = settings.dryRun;
  if (skip) summary.skip = skip;
  const run = new CheckRun((signal) => (skip ? { checks: [], dns: undefined } : buildChecks(config, signal)));
  run.start('client', { ip: client.address, env }); // overlaps the DATA transfer (qmail-smtpd starts us before 354)
  return deliver(run, config, env, settings);
}

async function deliver(run: CheckRun, config: Config, env: NodeJS.ProcessEnv, settings: ReturnType<typeof resolveSettings>): Promise<number> {
  const spool = await readMessage(config, !run.running);
  if ('error' in spool) return failWith(spool);
  summary.size = spool.size;
  const envelope = await readEnvelope(!run.running);
  if ('error' in envelope) return failWith(envelope);
  Object.assign(summary, { from: envelope.sender, rcpts: envelope.recipients.length });
  const helo = parseOwnReceived(spool.head, [summary.ip, env['TCPREMOTEIP'] ?? ''])?.helo;
  if (helo !== undefined) summary.helo = helo;
  const headers = lazyHeaderFields(findHeaderBlock(spool.head, spool.size));
  const decided = await decide(run, config, { ip: summary.ip, env, envelope, helo, headers });
  const action = decided.verdict?.action ?? 'pass';
  const fd6 = readFd6(env);
  if (settings.dryRun && decided.lines.length > 0) logLine('dry-run', `would add: ${decided.lines.toString('latin1').trimEnd().replace(/\n /g, ' ').replace(/\n/g, ' | ')}`);
  if (decided.verdict && (action === 'reject' || action === 'defer')) {
    const hit = decided.verdict.decisive;
    const facts = { ip: summary.ip, label: hit ? run.describe(hit.check).label : '', reason: hit?.reason || hit?.text || '', warning: hit?.text ?? '' };
    const code = refuse(action, action === 'reject' ? config.reject_text : config.defer_text, facts, fd6, settings.dryRun);
    if (code !== QQ.ok) return code;
  }
  const lines = settings.dryRun ? NO_LINES : decided.lines;
  const result = await handOff({ queue: settings.queue, lines, spool, envelope: envelope.raw, passFd6: fd6 === 'pipe' || fd6 === 'open', env });
  if (result.problem) logLine('error', result.problem);
  if (result.pid) Object.assign(summary, { qp: result.pid, qq: result.status });
  if (result.error) summary.error = result.error;
  return result.code;
}

function failWith(f: Failure): number {
  summary.error = f.error;
  return f.code;
}
