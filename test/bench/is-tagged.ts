// Rows for users' filters: `qqtag is-tagged` on a 20 MB tagged message (fd 0 the file, as condredirect gives
// it), against `node -e 0` with the same fd 0, interleaved and paired round by round; goal: Node's start-up plus
// at most 5 ms. And the awk twin (dist/qqtag-is-tagged) under mawk and gawk, absolute; goal: at most 5 ms. The
// config is the bench's compiled one (the header name is read from it); `--header` (no config read) is timed
// for the absolute column.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type Ctx, type Row, type RowResult, MiB, NODE, QQTAG, ROOT, fmt, interleave, max, median, min, spread } from './lib';

const RUNS = 5; // each run: ROUNDS interleaved rounds, one difference of medians
const ROUNDS = 16;
const WARMUP = 3;
const GOAL_MS = 5;
const AWK_TWIN = join(ROOT, 'dist', 'qqtag-is-tagged');

/** A delivered, tagged message of `size` bytes: qmail's and qqtag's lines, the sender's header, text lines. */
function writeTagged(path: string, size: number): void {
  const head = Buffer.from(
    'Return-Path: <sender@example.net>\nDelivered-To: rcpt@example.org\n' +
      'Received: (qmail 12345 invoked from network); 30 Nov 2026 14:00:00 -0000\n' +
      'X-Spam-Warning: 192.0.2.1 is listed in Example BL (127.0.0.2)\n' +
      'Received: from mail.example.net (192.0.2.1)\n  by mx.example.org with SMTP; 30 Nov 2026 14:00:00 -0000\n' +
      'From: <sender@example.net>\nTo: rcpt@example.org\nSubject: bench\n\n',
  );
  const line = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen jugs\n';
  const block = Buffer.from(line.repeat(Math.ceil(MiB / line.length)).slice(0, MiB));
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  for (let left = size - head.length; left > 0; left -= block.length) writeSync(fd, block, 0, Math.min(left, block.length));
  closeSync(fd);
}

/** Wall time of `file args <msg`, from just before spawn to its exit; throws unless it exits 0. */
async function timed(file: string, args: readonly string[], msg: string, env: NodeJS.ProcessEnv): Promise<number> {
  const fd = openSync(msg, 'r');
  const t0 = process.hrtime.bigint();
  const child = spawn(file, [...args], { stdio: [fd, 'ignore', 'ignore'], env });
  closeSync(fd);
  const [code] = (await once(child, 'exit')) as [number | null];
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (code !== 0) throw new Error(`${file} ${args.join(' ')} <${msg} exited ${code}`);
  return ms;
}

export const isTaggedRow: Row = {
  name: 'is-tagged',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const msg = join(ctx.dir, 'is-tagged-20MB.eml');
    writeTagged(msg, 20 * 1000 * 1000);
    const e = ctx.env();
    const labels = ['node -e 0', 'qqtag is-tagged', 'qqtag is-tagged --header', 'twin, mawk', 'twin, gawk'];
    const variants = [
      () => timed(NODE, ['-e', '0'], msg, e),
      () => timed(QQTAG, ['is-tagged'], msg, e),
      () => timed(QQTAG, ['is-tagged', '--header', 'X-Spam-Warning'], msg, e),
      () => timed(AWK_TWIN, [], msg, ctx.env({ QQTAG_AWK: 'mawk' })),
      () => timed(AWK_TWIN, [], msg, ctx.env({ QQTAG_AWK: 'gawk' })),
    ];
    await interleave(variants, WARMUP);
    const all: number[][] = variants.map(() => []);
    const extra: number[] = [];
    const awk: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      ctx.log(`is-tagged run ${r + 1}/${RUNS}`);
      const times = await interleave(variants, ROUNDS);
      times.forEach((t, i) => all[i]!.push(...t));
      // paired by round (the two ran next to each other): the load of a busy machine cancels out
      const [node = [], isTagged = []] = times;
      extra.push(median(isTagged.map((t, k) => t - (node[k] ?? NaN))));
      const [, , , mawk, gawk] = times.map(median) as [number, number, number, number, number];
      awk.push(Math.max(mawk, gawk));
    }
    const abs = labels.map((l, i) => `${l} ${fmt(median(all[i]!), 1)} ms`).join(', ');
    return [
      {
        row: 'is-tagged, 20 MB message: `qqtag is-tagged` − `node -e 0`',
        figure: 'extra wall time (median of paired rounds)',
        median: median(extra),
        min: min(extra),
        max: max(extra),
        unit: ' ms',
        goal: `≤ ${GOAL_MS} ms`,
        met: median(extra) <= GOAL_MS,
        absolute: `medians: ${abs}; ${RUNS}×${ROUNDS} interleaved runs`,
      },
      {
        row: 'is-tagged, 20 MB message: the awk twin (the slower of mawk, gawk)',
        figure: 'wall time',
        median: median(awk),
        min: min(awk),
        max: max(awk),
        unit: ' ms',
        goal: `≤ ${GOAL_MS} ms`,
        met: median(awk) <= GOAL_MS,
        absolute: `run medians: ${spread(awk, 1, ' ms')}; with the dash launcher of dist/qqtag-is-tagged`,
      },
    ];
  },
};
