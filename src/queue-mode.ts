// Queue mode, the steps in data-flow order: config -> client checks start -> fd 0 -> fd 1 -> message checks ->
// verdict -> added lines -> hand-off. Returns the exit code; never calls process.exit, never writes fd 1.
import { tmpdir } from 'node:os';
import { FD_ENVELOPE, FD_MESSAGE, QQ } from './contract';
import { DEFAULT_CONFIG, formatConfigIssue, loadConfig, type Config } from './config';
import { parseClientIp } from './client-ip';
import { logLine, setLogClient } from './log';
import { resolveSettings, type Settings } from './settings';
import { readSpool, SPOOL_GAP, type Spool } from './spool';
import { readToEnd } from './read-fd';
import { exitForEnvelopeIssue, formatEnvelopeIssue, parseEnvelope, type Envelope } from './envelope';
import { findHeaderBlock, lazyHeaderFields } from './header-block';
import { buildChecks } from './checks/build-checks';
import { CheckRun } from './checks/run-checks';
import type { Finding } from './checks/check';
import { decideVerdict, type Verdict } from './verdict';
import { formatWarningLines } from './warning-header';
import { handOff } from './handoff';
import { formatSummary } from './summary';

const ENVELOPE_CAP = 16 * 1024 * 1024; // ~16000 recipients of 1000 bytes: past qmail-smtpd's practical reach
const NO_LINES = Buffer.alloc(0);

function loadSettings(env: NodeJS.ProcessEnv): { config: Config; settings: Settings } {
  const loaded = loadConfig(env);
  if (!loaded.ok) logLine('error', `${formatConfigIssue(loaded.issue)}; delivering untagged`);
  const config = loaded.ok ? loaded.value : DEFAULT_CONFIG;
  const settings = resolveSettings(env, config);
  for (const note of settings.notes) logLine('warn', note);
  // An invalid config is not used at all: no checks run (the queue path still honours QQTAG_QMAILQUEUE).
  return { config, settings: loaded.ok ? settings : { ...settings, skip: 'invalid config' } };
}

async function readInput(config: Config): Promise<{ spool: Spool; envelope: Envelope } | { code: number }> {
  const spooled = await readSpool(FD_MESSAGE, config.spool_memory_bytes, config.spool_dir ?? tmpdir());
  if (!spooled.ok) {
    const i = spooled.issue;
    if (i.code === 'read_failed') logLine('error', `message read failed at byte ${i.offset}: ${i.cause}`);
    else logLine('error', `spool write failed in ${config.spool_dir ?? tmpdir()}: ${i.cause}`);
    return { code: i.code === 'read_failed' ? QQ.readError : QQ.writeError };
  }
  const raw = await readToEnd(FD_ENVELOPE, ENVELOPE_CAP);
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

export async function runQueueMode(env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const client = parseClientIp(env['TCPREMOTEIP']);
  setLogClient(client.address || env['TCPREMOTEIP'] || '');
  const { config, settings } = loadSettings(env);
  const run = new CheckRun((signal) => (settings.skip ? [] : buildChecks(config, signal)));
  run.start('client', { ip: client.address, env }); // overlaps the DATA transfer (qmail-smtpd starts us before 354)

  const input = await readInput(config);
  if ('code' in input) return input.code;
  const { spool, envelope } = input;

  let verdict: Verdict | undefined;
  let findings: readonly Finding[] = [];
  let lines: Buffer = NO_LINES;
  try {
    const headers = lazyHeaderFields(findHeaderBlock(spool.head, spool.size));
    run.start('message', { ip: client.address, env, envelope, headers });
    findings = await run.finish(config.dns.deadline_ms);
    for (const f of findings) if (f.kind === 'error') logLine('warn', `${f.check}: ${f.reason}`);
    verdict = decideVerdict(findings, { rejectScore: 1, noteUnchecked: config.dns.note_unchecked });
    const formatted = formatWarningLines(config.header, verdict.warnings, SPOOL_GAP);
    if (formatted.dropped > 0) logLine('warn', `${formatted.dropped} warnings dropped: over ${SPOOL_GAP} bytes`);
    lines = formatted.bytes;
  } catch (err) {
    // A bug of ours in the checks must not cost the message: it goes on untagged.
    logLine('error', `checks failed, delivering untagged: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  const action = verdict?.action ?? 'pass';
  if (settings.dryRun) {
    if (lines.length > 0) logLine('dry-run', `would add: ${lines.toString('latin1').trimEnd().replace(/\n /g, ' ').replace(/\n/g, ' | ')}`);
    lines = NO_LINES;
  }
  const summary = { started, envelope, spool, verdict, findings, settings, skip: settings.skip };
  if (!settings.dryRun && (action === 'reject' || action === 'defer')) {
    const code = action === 'reject' ? QQ.refusedPermanently : QQ.refusedTemporarily;
    logLine('info', formatSummary({ ...summary, code }));
    return code;
  }
  const result = await handOff(settings.queue, lines, spool, envelope.raw);
  if (result.problem) logLine('error', result.problem);
  logLine('info', formatSummary({ ...summary, code: result.code }));
  return result.code;
}
