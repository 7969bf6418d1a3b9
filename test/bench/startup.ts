// Row 1, start-up: one queue-mode run of qqtag (4 KiB message, no lists, the C stand-in queue) against
// `node -e 0`, and against the floor (floor.cjs: read fd 0 and fd 1, spawn the queue, wait), interleaved.
// qqtag is started as qmail-smtpd starts it: dist/qqtag, the sh launcher (limits, fds, NODE_* set aside), which
// execs node on dist/qqtag.cjs, with its config compiled (qqtag compile-config). The launcher's own cost is a row
// of its own: qqtag ÷ the same bundle started as `node dist/qqtag.cjs`. The same run with the TOML not compiled (parsed and validated every
// time) and the stand-in queue alone are timed alongside, for the absolute column only.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import {
  type Cmd, type Ctx, type Row, type RowResult, NODE, QQTAG, QQTAG_JS,
  writeSmallInput, fmt, interleave, max, median, min, runOk, spread,
} from './lib';
import { verifyHandOff } from './verify';

const RUNS = 5; // each run: ROUNDS interleaved rounds, one ratio of medians
const ROUNDS = 16;
const WARMUP = 3;

export const startupRow: Row = {
  name: 'startup',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const { msg, env } = writeSmallInput(ctx.dir, 'startup');
    const e = ctx.env();
    const tomlOnly = join(ctx.dir, 'uncompiled.toml'); // the same empty config, never compiled
    writeFileSync(tomlOnly, '');
    const cmds: Cmd[] = [
      { label: 'node -e 0', file: NODE, args: ['-e', '0'], env: e },
      // started like qqtag, through its #!/usr/bin/env node line: a QMAILQUEUE program is exec'd by qmail
      { label: 'floor', file: join(__dirname, 'floor.cjs'), args: [], env: e },
      { label: 'qqtag', file: QQTAG, args: [], env: e },
      { label: 'qqtag, config not compiled', file: QQTAG, args: [], env: ctx.env({ QQTAG_CONFIG: tomlOnly }) },
      { label: 'qqtag as `node dist/qqtag.cjs`', file: NODE, args: [QQTAG_JS], env: e },
      { label: 'stand-in alone', file: ctx.standIn, args: [], env: e },
    ];
    for (const c of cmds.slice(1)) await verifyHandOff(ctx, c, msg, env);
    const variants = cmds.map((c) => () => runOk(c, msg, env));
    await interleave(variants, WARMUP);

    const all: number[][] = cmds.map(() => []);
    const vsNode: number[] = [];
    const vsFloor: number[] = [];
    const vsBundle: number[] = [];
    const launcherMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      ctx.log(`start-up run ${r + 1}/${RUNS}`);
      const times = await interleave(variants, ROUNDS);
      times.forEach((t, i) => all[i]!.push(...t));
      const [node, floor, qqtag, , bundle] = times.map(median) as [number, number, number, number, number];
      vsNode.push(qqtag / node);
      vsFloor.push(qqtag / floor);
      vsBundle.push(qqtag / bundle);
      launcherMs.push(qqtag - bundle);
    }
    const abs = cmds.map((c, i) => `${c.label} ${fmt(median(all[i]!), 1)} ms`).join(', ');
    const floorVsNode = all[1]!.length ? median(all[1]!) / median(all[0]!) : NaN;
    return [
      {
        row: 'Start-up: qqtag ÷ `node -e 0`',
        figure: 'wall time ratio',
        median: median(vsNode),
        min: min(vsNode),
        max: max(vsNode),
        goal: '≤ 1.2',
        met: median(vsNode) <= 1.2,
        absolute: `medians: ${abs}; ${RUNS}×${ROUNDS} interleaved runs`,
      },
      {
        row: 'Start-up: qqtag ÷ floor',
        figure: 'wall time ratio',
        median: median(vsFloor),
        min: min(vsFloor),
        max: max(vsFloor),
        goal: '≤ 1.1',
        met: median(vsFloor) <= 1.1,
        absolute: `floor ÷ node -e 0 = ${fmt(floorVsNode)}; run medians of qqtag: ${spread(
          chunk(all[2]!, ROUNDS).map(median), 1, ' ms')}`,
      },
      {
        row: 'Launcher: qqtag (sh step, then node) ÷ `node dist/qqtag.cjs`',
        figure: 'wall time ratio',
        median: median(vsBundle),
        min: min(vsBundle),
        max: max(vsBundle),
        goal: '– (report)',
        met: undefined,
        absolute: `launcher cost per message (run medians): ${spread(launcherMs, 1, ' ms')}`,
      },
    ];
  },
};

const chunk = (xs: readonly number[], n: number): number[][] => {
  const out: number[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};
