// qqtag check's report for a person, from the same object --json prints (report.ts). Sample:
//   checks (deadline 3000 ms):
//     dnsbl Spamhaus ZEN: hit, 4 ms
//       A 2.0.0.127.zen.spamhaus.org: 127.0.0.2 -> listed, 3 ms
//       TXT 2.0.0.127.zen.spamhaus.org: "https://check.spamhaus.org/...", 3 ms
//       hit: 127.0.0.2 is listed in Spamhaus ZEN (127.0.0.2): https://check.spamhaus.org/...
import type { CheckReport, CheckResult, TracedCheck } from './report';

const FROM_TEXT = { option: 'from --helo', received: "from qmail-smtpd's Received line", environment: 'from TCPREMOTEHOST' } as const;
const SKIP_TEXT = {
  relayclient: 'RELAYCLIENT is set and skip_relayclient = true: a trusted client',
  qqtag_skip: 'QQTAG_SKIP is on',
  config: 'the config is invalid and has no good compiled copy: delivered untagged',
} as const;

function clientLine(c: CheckReport['client']): string {
  const helo = c.helo === null ? 'HELO unknown' : `HELO ${c.helo} (${FROM_TEXT[c.helo_from ?? 'option']})`;
  const host = c.host === null ? 'reverse DNS unknown' : c.host === '' ? `no reverse DNS (${FROM_TEXT[c.host_from ?? 'received']})` : `reverse DNS ${c.host} (${FROM_TEXT[c.host_from ?? 'received']})`;
  return `client: ${c.ip ?? 'not given (--ip)'}; ${helo}; ${host}`;
}

function queryLines(check: TracedCheck): string[] {
  return check.queries.map((q) => {
    const answer = q.error ?? (q.answers === null ? 'no answer' : q.answers.length === 0 ? 'no record' : q.answers.map((a) => (q.type === 'TXT' ? JSON.stringify(a) : a)).join(', '));
    const how = q.classified ? ` -> ${q.classified.replace('_', ' ')}` : '';
    return `    ${q.type} ${q.name}: ${answer}${how}, ${q.ms} ms`;
  });
}

function checkLines(report: CheckReport): string[] {
  if (report.skipped) return [`checks skipped: ${SKIP_TEXT[report.skipped]}`];
  if (report.config.source === 'unusable') return ['checks: not run (no usable config)'];
  if (report.checks.length === 0) return [report.not_checked.length > 0 ? 'checks: none run (see not checked)' : 'checks: none configured'];
  return [
    `checks (deadline ${report.deadline_ms} ms):`,
    ...report.checks.flatMap((c) => [
      `  ${c.kind} ${c.label}: ${c.outcome}, ${c.ms} ms`,
      ...queryLines(c),
      ...c.findings.map((f) => `    ${f.kind}${f.text ? `: ${f.text}` : ''}`),
    ]),
  ];
}

function resultLines(r: CheckResult, dryRun: boolean): string[] {
  const handOff = `exit: the queue program's, ${r.queue ?? '?'} (0 when it queues the message)`;
  if (r.action === null) {
    if (r.exit !== null) return ['action: none (no usable config)', `exit: ${r.exit}: qmail-smtpd answers "${r.reply}"`];
    return ['action: none: the checks failed (a bug of ours, see stderr): queue mode delivers the message untagged', handOff];
  }
  const lines = [`action: ${r.action}${dryRun && r.action !== 'pass' ? ' (dry-run: nothing is added or refused; the message is handed on unchanged)' : ''}`];
  if (r.exit !== null) lines.push(`exit: ${r.exit}: qmail-smtpd answers "${r.reply}"; the queue program is not run`);
  else lines.push(handOff);
  if (r.refusal) {
    const f = r.refusal;
    lines.push(`  ${dryRun ? `without dry-run: exit ${f.exit} ("${f.reply}"); ` : ''}with notqmail's fd 6: exit ${f.fd6_exit}, and the client sees "${f.fd6_reply}"`);
  }
  return lines;
}

export function formatReport(report: CheckReport): string {
  const m = report.message;
  const c = report.config;
  const converted = m.crlf_converted > 0 ? ` (${m.crlf_converted} CRLF line ends turned into LF, as qmail-smtpd does)` : '';
  const e = report.envelope;
  const rcpts = e.rcpts.length === 0 ? 'no recipients given' : `to ${e.rcpts.map((r) => `<${r}>`).join(', ')}`;
  const lines = report.lines.length === 0 ? ['lines it would add: none'] : ['lines it would add:', ...report.lines.flatMap((l) => l.split('\n').map((x) => `  ${x}`))];
  return [
    `message: ${m.file}, ${m.size} bytes${converted}`,
    `config: ${c.file} (${c.source === 'none' ? 'none: no file at the default path, the built-in defaults run' : c.source})`,
    ...(c.problem ? [`  problem: ${c.problem}`] : []),
    ...(c.note ? [`  note: ${c.note}`] : []),
    clientLine(report.client),
    `envelope: ${e.from === null ? 'sender not given (--from)' : `from <${e.from}>`}, ${rcpts}`,
    ...(report.dry_run ? ['dry-run: on'] : []),
    ...report.notes.map((n) => `note: ${n}`),
    ...(report.not_checked.length > 0 ? ['not checked:', ...report.not_checked.map((n) => `  ${n.kind === 'input' ? '' : `${n.kind} `}${n.label}: ${n.why}`)] : []),
    ...checkLines(report),
    ...lines,
    ...resultLines(report.result, report.dry_run),
  ].join('\n');
}
