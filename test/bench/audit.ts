// Row: `qqtag audit` over one million summary lines (two hosts, multilog files with TAI64N labels, a day of a
// large site: a fifth listed, tens of thousands of sender domains and client networks), against `grep -c done`
// and `wc -l` over the same files, interleaved; and its peak RSS (test/helpers/peak-rss.py). Goals (issue 11):
// ≤ 10 s and ≤ 200 MB, memory not growing with the input (the half-size run shows it).
import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { summaryLine } from '../helpers/audit-lines';
import { formatTai64n } from '../../src/cli/audit/tai64n';
import { type Ctx, type Row, type RowResult, QQTAG, ROOT, fmt, interleave, max, median, min } from './lib';

const LINES = 1_000_000;
const FILES = 4; // two hosts, a rotated file and current each
const RUNS = 3;
const GOAL_S = 10;
const GOAL_MB = 200;
const run = promisify(execFile);

function lineOf(i: number): string {
  const listed = i % 5 === 0;
  const ip = `10.${(i * 7) % 256}.${(i * 13) % 256}.${i % 250}`;
  return summaryLine({
    pid: 10000 + (i % 30000),
    ip,
    qp: 40000 + (i % 30000),
    action: listed ? (i % 50 === 0 ? 'reject' : 'tag') : 'pass',
    from: `<user${i % 97}@d${(i * 31) % 60000}.example>`,
    checks: [`dnswl:pass:${i % 9}:DNSWL`, `dnsbl:${listed ? 'hit' : i % 200 === 1 ? 'timeout' : 'pass'}:${(i * 17) % 90}:Spamhaus ZEN`, `rhsbl:${i % 15 === 0 ? 'hit' : 'pass'}:${i % 40}:Spamhaus DBL`, 'rule:pass:0:pills'],
  });
}

/** FILES files of lines/FILES lines each, with labels over a day, and a foreign line every tenth. */
function writeCorpus(dir: string, lines: number, tag: string): string[] {
  const t0 = Date.UTC(2026, 10, 28);
  const per = lines / FILES;
  return Array.from({ length: FILES }, (_, f) => {
    const path = join(dir, `audit-${tag}-${f}.log`);
    const fd = openSync(path, 'w');
    for (let i = f * per; i < (f + 1) * per; i += 10_000) {
      let chunk = '';
      for (let j = i; j < i + 10_000; j++) {
        const label = formatTai64n(t0 + (j / lines) * 86_400_000);
        chunk += `${label} ${lineOf(j)}\n${j % 10 === 0 ? `${label} tcpserver: end ${j} status 0\n` : ''}`;
      }
      writeSync(fd, chunk);
    }
    closeSync(fd);
    return path;
  });
}

/** Wall ms of `file args >ctx.dir/audit.out` (a file, not /dev/null: GNU grep stops at the first match then). */
async function timed(ctx: Ctx, file: string, args: readonly string[]): Promise<number> {
  const out = openSync(join(ctx.dir, 'audit.out'), 'w');
  const t0 = process.hrtime.bigint();
  const child = spawn(file, [...args], { stdio: ['ignore', out, 'ignore'], env: ctx.env() });
  closeSync(out);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0 && !(file === 'grep' && code === 1)) throw new Error(`${file} exited ${code}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function peakMb(ctx: Ctx, files: readonly string[]): Promise<number> {
  const cmd = ['/bin/sh', '-c', 'exec "$@" >/dev/null', 'sh', QQTAG, 'audit', '--json', ...files];
  const { stdout } = await run(ctx.python, [join(ROOT, 'test/helpers/peak-rss.py'), '/dev/null', '/dev/null', ...cmd], { env: ctx.env() });
  const [code, kib] = stdout.trim().split(' ').map(Number) as [number, number];
  if (code !== 0) throw new Error(`qqtag audit exited ${code}`);
  return (kib * 1024) / 1e6;
}

export const auditRow: Row = {
  name: 'audit',
  async run(ctx: Ctx): Promise<RowResult[]> {
    ctx.log(`audit: writing ${LINES} summary lines`);
    const files = writeCorpus(ctx.dir, LINES, 'full');
    const half = writeCorpus(ctx.dir, LINES / 2, 'half');
    const variants = [
      () => timed(ctx, QQTAG, ['audit', '--json', ...files]),
      () => timed(ctx, 'grep', ['-c', 'done', ...files]),
      () => timed(ctx, 'wc', ['-l', ...files]),
    ];
    const [audit, grep, wc] = (await interleave(variants, RUNS)) as [number[], number[], number[]];
    const mem = [await peakMb(ctx, files), await peakMb(ctx, files), await peakMb(ctx, files)];
    const memHalf = await peakMb(ctx, half);
    const secs = audit.map((ms) => ms / 1000);
    const vsGrep = audit.map((a, i) => a / grep[i]!);
    return [
      {
        row: `Audit: ${LINES / 1e6}M summary lines, ${FILES} files, wall time`,
        figure: 's',
        median: median(secs), min: min(secs), max: max(secs), unit: ' s',
        goal: `≤ ${GOAL_S} s`, met: median(secs) <= GOAL_S,
        absolute: `÷ grep -c done ${fmt(median(vsGrep), 1)} (${fmt(min(vsGrep), 1)}–${fmt(max(vsGrep), 1)}); ÷ wc -l ${fmt(median(audit) / median(wc), 1)}; grep ${fmt(median(grep), 0)} ms, wc ${fmt(median(wc), 0)} ms; ${RUNS} interleaved runs`,
      },
      {
        row: `Audit: ${LINES / 1e6}M summary lines, peak RSS`,
        figure: 'MB',
        median: median(mem), min: min(mem), max: max(mem), unit: ' MB',
        goal: `≤ ${GOAL_MB} MB`, met: median(mem) <= GOAL_MB,
        absolute: `half the lines: ${fmt(memHalf, 1)} MB (memory does not grow with the input)`,
      },
    ];
  },
};
