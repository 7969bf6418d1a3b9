// Queue mode, the steps in data-flow order: config -> client checks start -> fd 0 -> fd 1 -> message checks ->
// verdict -> added lines -> hand-off. Returns the exit code; never calls process.exit, never writes fd 1.
import { FD_ENVELOPE, FD_MESSAGE, QQ } from './contract';
import { DEFAULT_CONFIG, formatConfigIssue, loadConfig, type Config } from './config';
import { parseClientIp } from './client-ip';
import { logLine, setLogClient } from './log';
import { resolveSettings, type Settings } from './settings';
import { HEAD_CAP, readSpool, SPOOL_GAP, type Spool } from './spool';
import { readToEnd } from './read-fd';
import { exitForEnvelopeIssue, formatEnvelopeIssue, parseEnvelope, type Envelope } from './envelope';
import { findHeaderBlock, lazyHeaderFields } from './header-block';
import { buildChecks } from './checks/build-checks';
import { HEADER_CAP_SKIP } from './checks/header-rules';
import { CheckRun } from './checks/run-checks';
import type { Finding, MessageFacts } from './checks/check';
import { parseOwnReceived } from './received';
import { decideVerdict, type Verdict } from './verdict';
import { formatWarningLines } from './warning-header';
import { DEPTH_VAR, handOff, MAX_DEPTH } from './handoff';
import { formatSummary } from './summary';

const ENVELOPE_CAP = 16 * 1024 * 1024; // ~16000 recipients of 1000 bytes: past qmail-smtpd's practical reach
const NO_LINES = Buffer.alloc(0);

function loadSettings(env: NodeJS.ProcessEnv): { config: Config; settings: Settings } {
  const loaded = loadConfig(env);
  if (loaded.note) logLine('warn', loaded.note);
  if (!loaded.ok) logLine('error', `${formatConfigIssue(loaded.issue)}; delivering untagged`);
  const config = loaded.ok ? loaded.value : DEFAULT_CONFIG;
  const settings = resolveSettings(env, config);
  for (const note of settings.notes) logLine('warn', note);
  // An invalid config is not used at all: no checks run (the queue path still honours QQTAG_QMAILQUEUE).
  // RELAYCLIENT (qmail's relaying permission; tcprules sets it, often to "") marks a trusted client.
  const trusted = config.skip_relayclient && env['RELAYCLIENT'] !== undefined ? 'RELAYCLIENT' : '';
  const skip = !loaded.ok ? 'invalid config' : settings.skip || trusted;
  return { config, settings: { ...settings, skip } };
}

/** os.tmpdir()'s rule, without loading node:os for every message. */
const tmpdir = (): string => (process.env['TMPDIR'] || '/tmp').replace(/(.)\/$/, '$1');

/** `sync`: no check is waiting for DNS answers, so blocking reads lose nothing. */
async function readInput(config: Config, sync: boolean): Promise<{ spool: Spool; envelope: Envelope } | { code: number }> {
  const spooled = await readSpool(FD_MESSAGE, config.spool_memory_bytes, config.spool_dir ?? tmpdir(), sync);
  if (!spooled.ok) {
    const i = spooled.issue;
    if (i.code === 'read_failed') logLine('error', `message read failed at byte ${i.offset}: ${i.cause}`);
    else logLine('error', `spool write failed in ${config.spool_dir ?? tmpdir()}: ${i.cause}`);
    return { code: i.code === 'read_failed' ? QQ.readError : QQ.writeError };
  }
  const raw = await readToEnd(FD_ENVELOPE, ENVELOPE_CAP, sync, (data) => parseEnvelope(data).ok);
  if (!raw.ok) {
    logLine('error', `envelope read failed: ${raw.issue.cause}`);
    return { code: raw.issue.code === 'too_big' ? QQ.outOfMemory : QQ.readError };
  }
  const envelope = parseEnvelope(raw.value);
  if (!envelope.ok) {
    logLine('error', `${formatEnvelopeIssue(envelope.issue)} (message of ${spooled.value.size} bytes not queued)`);
    return { code: exitForEnvelopeIssue[envelope.issue.code] };
  }
  return { spool: spooled.value, envelope: envelope.value };
}

/** Checks that cannot even be set up (a bug of ours) cost the message nothing: it goes on unchecked. */
function safely<T>(make: () => readonly T[]): readonly T[] {
  try {
    return make();
  } catch (err) {
    logLine('error', `checks not set up, delivering untagged: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}

const EXIT_FOR = { reject: QQ.refusedPermanently, defer: QQ.refusedTemporarily } as const;

interface Decided {
  readonly verdict: Verdict | undefined;
  readonly findings: readonly Finding[];
  readonly lines: Buffer;
}

/** Message checks, the deadline, the verdict and the added lines. A bug of ours here must not cost the
 *  message: it goes on untagged. */
async function decide(run: CheckRun, config: Config, facts: MessageFacts): Promise<Decided> {
  try {
    run.start('message', facts);
    const findings = await run.finish(config.dns.deadline_ms);
    for (const f of findings) if (f.kind === 'error') logLine('warn', `${f.check}: ${f.reason}`);
    if (findings.some((f) => f.kind === 'skip' && f.reason === HEADER_CAP_SKIP)) {
      logLine('warn', `header block over ${HEAD_CAP} bytes: fields beyond it were neither matched nor missing`);
    }
    for (const f of findings) if (f.kind === 'hit' && f.detail) logLine('info', `${f.check}: ${f.detail}`);
    const verdict = decideVerdict(findings, {
      rejectScore: config.reject_score,
      noteUnchecked: config.dns.note_unchecked,
      labelOf: (check) => run.labelOf(check),
    });
    const formatted = formatWarningLines(config.header, verdict.warnings, SPOOL_GAP);
    if (formatted.dropped > 0) logLine('warn', `${formatted.dropped} warnings dropped: over ${SPOOL_GAP} bytes`);
    return { verdict, findings, lines: formatted.bytes };
  } catch (err) {
    logLine('error', `checks failed, delivering untagged: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { verdict: undefined, findings: [], lines: NO_LINES };
  }
}

export async function runQueueMode(env: NodeJS.ProcessEnv): Promise<number> {
  const started = Date.now(); // not performance.now(): the global loads perf_hooks, ~0.7 ms of start-up
  const client = parseClientIp(env['TCPREMOTEIP']);
  setLogClient(client.address || env['TCPREMOTEIP'] || '');
  if ((Number(env[DEPTH_VAR]) || 0) >= MAX_DEPTH) {
    logLine('error', `${MAX_DEPTH} qqtag processes deep: QQTAG_QMAILQUEUE or qmail_queue leads back to qqtag`);
    return QQ.internalBug;
  }
  const { config, settings } = loadSettings(env);
  const run = new CheckRun((signal) => (settings.skip ? [] : safely(() => buildChecks(config, signal))));
  run.start('client', { ip: client.address, env }); // overlaps the DATA transfer (qmail-smtpd starts us before 354)

  const input = await readInput(config, !run.running);
  if ('code' in input) return input.code;
  const { spool, envelope } = input;

  const helo = parseOwnReceived(spool.head, [client.address, env['TCPREMOTEIP'] ?? ''])?.helo;
  const decided = await decide(run, config, { ip: client.address, env, envelope, helo, headers: lazyHeaderFields(findHeaderBlock(spool.head, spool.size)) });
  let lines = decided.lines;
  const action = decided.verdict?.action ?? 'pass';
  if (settings.dryRun) {
    if (lines.length > 0) logLine('dry-run', `would add: ${lines.toString('latin1').trimEnd().replace(/\n /g, ' ').replace(/\n/g, ' | ')}`);
    if (action === 'reject' || action === 'defer') logLine('dry-run', `would ${action} the message (exit ${EXIT_FOR[action]})`);
    lines = NO_LINES;
  }
  const summary = { started, envelope, spool, helo, ...decided, settings, skip: settings.skip };
  if (!settings.dryRun && (action === 'reject' || action === 'defer')) {
    logLine('info', formatSummary({ ...summary, code: EXIT_FOR[action] }));
    return EXIT_FOR[action];
  }
  const result = await handOff(settings.queue, lines, spool, envelope.raw);
  if (result.problem) logLine('error', result.problem);
  logLine('info', formatSummary({ ...summary, code: result.code }));
  return result.code;
}
