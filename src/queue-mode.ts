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
import { FD_ENVELOPE, FD_MESSAGE, QQ } from './contract';
import { loadConfig, type Config } from './config';
import { parseClientIp } from './client-ip';
import { logLine, setLogClient } from './log';
import { resolveSettings } from './settings';
import { readFd6, type Fd6 } from './launch';
import { HEAD_CAP, readSpool, type Spool } from './spool';
import { readToEnd } from './read-fd';
import { exitForEnvelopeIssue, formatEnvelopeIssue, parseEnvelope, scanEnvelope, type Envelope } from './envelope';
import { findHeaderBlock, lazyHeaderFields } from './header-block';
import { buildChecks } from './checks/build-checks';
import { HEADER_CAP_SKIP } from './checks/header-rules';
import { CheckRun } from './checks/run-checks';
import type { Finding, MessageFacts } from './checks/check';
import { parseOwnReceived } from './received';
import { decideVerdict, type Verdict } from './verdict';
import { formatWarningLines, LINES_MAX } from './warning-header';
import { DEPTH_VAR, handOff, MAX_DEPTH } from './handoff';
import { formatReply, writeReply } from './reply';
import { summary, type ErrorToken } from './summary';

const ENVELOPE_CAP = 16 * 1024 * 1024; // ~16000 recipients of 1000 bytes: past qmail-smtpd's practical reach
const NO_LINES = Buffer.alloc(0);

/** os.tmpdir()'s rule, without loading node:os for every message. */
const tmpdir = (): string => (process.env['TMPDIR'] || '/tmp').replace(/(.)\/$/, '$1');

type Failure = { readonly code: number; readonly error: ErrorToken };
const fail = (code: number, error: ErrorToken, line: string): Failure => {
  logLine('error', line);
  return { code, error };
};

async function readMessage(config: Config, sync: boolean): Promise<Spool | Failure> {
  const dir = config.spool_dir ?? tmpdir();
  const spooled = await readSpool(FD_MESSAGE, config.spool_memory_bytes, dir, sync);
  if (spooled.ok) return spooled.value;
  const i = spooled.issue;
  if (i.code === 'read_failed') return fail(QQ.readError, 'message_read', `message read failed at byte ${i.offset}: ${i.cause}`);
  return fail(QQ.writeError, 'spool', `spool write failed in ${dir}: ${i.cause}`);
}

/** fd 1, read only as far as qmail-queue would read it, and judged by its grammar. */
async function readEnvelope(sync: boolean): Promise<Envelope | Failure> {
  let next = 0;
  const isDone = (data: Buffer): boolean => {
    const step = scanEnvelope(data, next);
    if (!step.done) next = step.next;
    return step.done;
  };
  const raw = await readToEnd(FD_ENVELOPE, ENVELOPE_CAP, sync, isDone);
  if (!raw.ok && raw.issue.cause === 'EBADF') {
    return fail(QQ.readError, 'fd1_unreadable', 'fd 1 is not open for reading: with no arguments qqtag is the QMAILQUEUE program and reads the envelope there (to test a delivered message: qqtag is-tagged)');
  }
  if (!raw.ok && raw.issue.code === 'too_big') return fail(QQ.outOfMemory, 'envelope_too_big', `envelope over ${ENVELOPE_CAP} bytes`);
  if (!raw.ok) return fail(QQ.readError, 'envelope_read', `envelope read failed: ${raw.issue.cause}`);
  const envelope = parseEnvelope(raw.value);
  if (envelope.ok) return envelope.value;
  const error = ({ truncated: 'envelope_truncated', bad_tag: 'envelope_bad_tag', too_long: 'address_too_long' } as const)[envelope.issue.code];
  return fail(exitForEnvelopeIssue[envelope.issue.code], error, `${formatEnvelopeIssue(envelope.issue)}: message not queued`);
}

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

const EXIT_FOR = { reject: QQ.refusedPermanently, defer: QQ.refusedTemporarily } as const;
const SMTP_FOR = { reject: 554, defer: 451 } as const;

/** The configured refusal: with notqmail's fd 6 a reply of our own (exit 82), else 31 / 71. Dry-run: a log line. */
function refuse(action: 'reject' | 'defer', verdict: Verdict, config: Config, fd6: Fd6, dryRun: boolean, run: CheckRun): number {
  const hit = verdict.decisive;
  const facts = { ip: summary.ip, label: hit ? run.describe(hit.check).label : '', reason: hit?.reason || hit?.text || '', warning: hit?.text ?? '' };
  const text = formatReply(action === 'reject' ? config.reject_text : config.defer_text, facts);
  const replied = fd6 === 'pipe' ? ` (exit ${QQ.reply}): ${SMTP_FOR[action]} ${text}` : ` (exit ${EXIT_FOR[action]})`;
  if (dryRun) {
    logLine('dry-run', `would ${action} the message${replied}`);
    return QQ.ok;
  }
  const kind = action === 'reject' ? 'D' : 'Z';
  if (fd6 === 'pipe' && writeReply(kind, text)) {
    summary.reply = kind;
    logLine('info', `${action}ed: ${SMTP_FOR[action]} ${text}`);
    return QQ.reply;
  }
  return EXIT_FOR[action];
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
    const code = refuse(action, decided.verdict, config, fd6, settings.dryRun, run);
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
