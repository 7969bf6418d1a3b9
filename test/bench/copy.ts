// Row 2, copy: a 100 MiB message through qqtag ÷ the same bytes through cat-queue.sh (cat spools fd 0 to a
// file and hands it to the same C stand-in queue), interleaved. Twice: fd 0 an open file (qmail-qfilter,
// `qqtag <m.eml`), and fd 0 a pipe fed by cat (qmail-smtpd) — the feeding cat runs on both sides alike.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import {
  type Cmd, type Ctx, type Row, type RowResult, MiB, NODE, QQTAG,
  envelopeBytes, fmt, interleave, max, median, min, runOk, spread, writeMessage,
} from './lib';
import { verifyHandOff } from './verify';

const RUNS = 7; // one round (A, B) per run; the ratio of that round is the run's figure
const SIZE = 100 * MiB;

/** `cat MSG | cmd` with fd 1 (the envelope) inherited by cmd. */
const viaPipe = (c: Cmd, msg: string): Cmd => ({
  label: `${c.label} (pipe)`,
  file: '/bin/sh',
  args: ['-c', 'm=$1; shift; cat "$m" | "$@"', 'sh', msg, c.file, ...c.args],
  env: c.env,
});

export const copyRow: Row = {
  name: 'copy',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const msg = join(ctx.dir, 'copy.eml');
    const env = join(ctx.dir, 'copy.env');
    writeMessage(msg, SIZE, 'copy');
    writeFileSync(env, envelopeBytes('sender@example.net'));
    const e = ctx.env();
    const qqtag: Cmd = { label: 'qqtag', file: QQTAG, args: [], env: e };
    const cat: Cmd = { label: 'cat-queue.sh', file: '/bin/sh', args: [join(__dirname, 'cat-queue.sh')], env: e };
    const out: RowResult[] = [];
    for (const mode of ['file', 'pipe'] as const) {
      const [a, b] = mode === 'file' ? [qqtag, cat] : [viaPipe(qqtag, msg), viaPipe(cat, msg)];
      const stdin = mode === 'file' ? msg : '/dev/null';
      for (const c of [a, b]) await verifyHandOff(ctx, c, msg, env, mode === 'file');
      const variants = [a, b].map((c) => () => runOk(c, stdin, env));
      await interleave(variants, 1);
      ctx.log(`copy, fd 0 a ${mode}: ${RUNS} runs`);
      const [ta, tb] = (await interleave(variants, RUNS)) as [number[], number[]];
      const ratios = ta.map((t, i) => t / tb[i]!);
      out.push({
        row: `Copy 100 MiB, fd 0 a ${mode}: qqtag ÷ cat-queue.sh`,
        figure: 'wall time ratio',
        median: median(ratios),
        min: min(ratios),
        max: max(ratios),
        goal: '≤ 2.0',
        met: median(ratios) <= 2.0,
        absolute: `qqtag ${spread(ta, 0, ' ms')}, cat ${spread(tb, 0, ' ms')}; qqtag ${fmt(SIZE / MiB / (median(ta) / 1000), 0)} MiB/s`,
      });
    }
    return out;
  },
};
