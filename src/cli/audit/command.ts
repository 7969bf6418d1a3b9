// `qqtag audit`: reads qmail-smtpd logs (and optionally qmail-send's) and reports what qqtag's checks did or, in
// dry-run, would do. The whole story is in docs/audit.md; this file turns the command line into AuditOptions
// and the Report into the outputs asked for.
import { writeFileSync } from 'node:fs';
import { EXIT, stringOf, type Args, type Command } from '../command';
import type { Output } from '../output';
import { runAudit, type AuditOptions } from './audit-run';
import { formatHtml } from './format-html';
import { formatText } from './format-text';
import { parseNetworks } from './networks';
import { terminalProgress } from './progress';
import { planSources, type Token } from './sources';
import { parseTimeOption } from './time-option';

const HELP = `Reads qmail-smtpd logs (multilog's current and @….s files, gzip'd or not, plain lines, or standard
input) from one host or many, takes qqtag's summary lines (docs/log.md) and reports: messages, tagged and
would-be-tagged, would reject / defer per day and their top senders; per list and rule its hits, share,
hits no other check made, overlap, allow-list overrides; per DNS zone timeouts, refusals, failures and
latency p50/p95/p99; top client networks and sender domains among hits; hits per hour.

  FILE|DIR ...          log files or multilog directories (a directory of such directories: one per
                        host); none or '-': standard input
  --host NAME           the host of the files after it (default: the name of their directory)
  --deliveries FILE|DIR qmail-send's log: where mail with hits went, joined by qmail-queue's pid (qp)
  --since TIME          count messages from TIME on (ISO 8601, UTC unless a zone is given, or @tai64n)
  --until TIME          count messages before TIME
  --network CIDR        only clients in CIDR (may be repeated)
  --compare TIME        report the periods before TIME and from TIME on side by side
  --top N               rows in the top lists (default 10)
  --json                print the report as one JSON object (docs/audit.md) instead of text
  --html FILE           also write the report as one self-contained HTML page with charts

Malformed and cut lines are counted, never fatal; lines that are not qqtag's are skipped and counted.
Exit status: 0 done; 1 done, but a file could not be read to its end (named in the report); 64 usage;
69 a file or directory does not exist or cannot be opened.`;

function fail(out: Output, code: number, message: string): number {
  out.error(`audit: ${message}`);
  return code;
}

/** The --since/--until/--compare values, or the text of the first bad one. */
function parseTimes(args: Args): { ok: true; times: Record<'since' | 'until' | 'compare', number | undefined> } | { ok: false; bad: string } {
  const times: Record<string, number | undefined> = {};
  for (const name of ['since', 'until', 'compare'] as const) {
    const text = stringOf(args.values, name);
    const ms = text === '' ? undefined : parseTimeOption(text);
    if (ms === null) return { ok: false, bad: `--${name} ${text}: not a time (use 2026-11-30, 2026-11-30T14:00, ...Z or +01:00, or @tai64n)` };
    times[name] = ms;
  }
  return { ok: true, times: times as Record<'since' | 'until' | 'compare', number | undefined> };
}

async function run(args: Args, out: Output): Promise<number> {
  const times = parseTimes(args);
  if (!times.ok) return fail(out, EXIT.usage, times.bad);
  const top = stringOf(args.values, 'top') || '10';
  if (!/^\d{1,4}$/.test(top) || Number(top) === 0) return fail(out, EXIT.usage, `--top ${top}: a number from 1 to 9999`);
  const cidrs = (args.values['network'] ?? []) as string[];
  const networks = parseNetworks(cidrs);
  if (!networks.ok) return fail(out, EXIT.usage, `--network ${networks.bad}: not an address or CIDR range`);
  const tokens = (args.tokens ?? args.positionals.map((value) => ({ kind: 'positional', value }))) as readonly Token[];
  const plan = planSources(tokens);
  if (!plan.ok) return fail(out, plan.unavailable ? EXIT.unavailable : EXIT.usage, plan.error);
  const options: AuditOptions = {
    sources: plan.sources,
    ...times.times,
    networks: cidrs.length ? { texts: cidrs, filter: networks.filter } : undefined,
    top: Number(top),
    progress: out.interactive ? terminalProgress((t) => void process.stderr.write(t)) : undefined,
  };
  const report = await runAudit(options);
  const html = stringOf(args.values, 'html');
  if (html) writeFileSync(html, formatHtml(report));
  out.print(args.values['json'] ? JSON.stringify(report, null, 2) : formatText(report, options.top));
  return report.input.read_errors.length ? EXIT.problems : EXIT.ok;
}

export const command: Command = {
  synopsis: 'audit [--host NAME] [--deliveries FILE|DIR] [--since TIME] [--until TIME] [--network CIDR] [--compare TIME] [--top N] [--json] [--html FILE] [FILE|DIR|-]...',
  help: HELP,
  options: {
    host: { type: 'string', multiple: true },
    deliveries: { type: 'string', multiple: true },
    since: { type: 'string' },
    until: { type: 'string' },
    network: { type: 'string', multiple: true },
    compare: { type: 'string' },
    top: { type: 'string' },
    json: { type: 'boolean' },
    html: { type: 'string' },
  },
  positionals: { min: 0, max: Number.MAX_SAFE_INTEGER },
  run,
};
