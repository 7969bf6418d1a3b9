// Row 3, memory: peak RSS of qqtag (and its children: python's RUSAGE_CHILDREN, see test/helpers/peak-rss.py)
// for 1 MiB, 100 MiB and 1 GiB messages, with fd 0 an open file and with fd 0 a pipe fed by cat; the
// baseline is `node -e 0` measured the same way, interleaved. One line per size: the worse of the two modes.
import { execFile } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type Ctx, type Row, type RowResult, KiB, MiB, NODE, QQTAG, ROOT,
  envelopeBytes, fmt, interleave, max, median, min, writeMessage,
} from './lib';

const RUNS = 3;
const SIZES = [
  ['1 MiB', MiB],
  ['100 MiB', 100 * MiB],
  ['1 GiB', 1024 * MiB],
] as const;
const GOAL_MIB = 64;

const run = promisify(execFile);

/** Peak RSS in KiB of `cmd <msg 1<env`, or a thrown error unless it exited 0. */
async function peakRss(ctx: Ctx, msg: string, env: string, cmd: readonly string[]): Promise<number> {
  const { stdout } = await run(ctx.python, [join(ROOT, 'test/helpers/peak-rss.py'), msg, env, ...cmd], { env: ctx.env() });
  const [code, kib] = stdout.trim().split(' ').map(Number) as [number, number];
  if (code !== 0) throw new Error(`${cmd.join(' ')} <${msg} exited ${code}`);
  return kib;
}

export const memoryRow: Row = {
  name: 'memory',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const env = join(ctx.dir, 'memory.env');
    writeFileSync(env, envelopeBytes('sender@example.net'));
    const msgs = SIZES.map(([label, size]) => {
      const path = join(ctx.dir, `memory-${label.replace(' ', '')}.eml`);
      writeMessage(path, size, `memory-${label}`);
      return path;
    });
    const qqtag = [QQTAG];
    const viaPipe = ['/bin/sh', '-c', 'cat | exec "$@"', 'sh', ...qqtag];
    const variants: (() => Promise<number>)[] = [() => peakRss(ctx, msgs[0]!, env, [NODE, '-e', '0'])];
    for (const m of msgs) {
      variants.push(() => peakRss(ctx, m, env, qqtag));
      variants.push(() => peakRss(ctx, m, env, viaPipe));
    }
    ctx.log(`memory: ${RUNS} runs of ${variants.length} measurements (up to 1 GiB each)`);
    const kib = await interleave(variants, RUNS);
    for (const m of msgs) rmSync(m, { force: true });
    const toMiB = (k: number): number => k / KiB;
    const node = kib[0]!.map(toMiB);
    return SIZES.map(([label], s) => {
      const file = kib[1 + 2 * s]!.map(toMiB);
      const pipe = kib[2 + 2 * s]!.map(toMiB);
      const worst = file.map((f, i) => Math.max(f, pipe[i]!));
      return {
        row: `Memory, ${label} message: qqtag peak RSS`,
        figure: 'MiB (worse of file, pipe)',
        median: median(worst),
        min: min(worst),
        max: max(worst),
        unit: ' MiB',
        goal: `≤ ${GOAL_MIB} MiB`,
        met: median(worst) <= GOAL_MIB,
        absolute: `file ${fmt(median(file), 1)} MiB, pipe ${fmt(median(pipe), 1)} MiB; ÷ node -e 0 (${fmt(median(node), 1)} MiB) = ${fmt(median(worst) / median(node))}`,
      };
    });
  },
};
