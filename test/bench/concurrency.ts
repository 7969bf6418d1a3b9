// Row 4, concurrency: 32 sessions at once, 1000 messages of 4 KiB in total, each its own message and envelope
// (files on fd 0 and fd 1). qqtag (with the recording C stand-in behind it) against the stand-in queue alone,
// whole runs interleaved. A message is lost if its run exited 0 but the stand-in's log has no record of
// exactly its bytes (length and FNV-1a 64) and its envelope.
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Cmd, type Ctx, type Row, type RowResult, KiB, NODE, QQTAG,
  envelopeBytes, fmt, max, median, min, quantile, runTimed, spread, standInRecord, writeMessage,
} from './lib';

const SESSIONS = 32;
const MESSAGES = 1000;
const RUNS = 3; // A B A B A B, each run all MESSAGES

interface RunStats {
  readonly perSecond: number;
  readonly p99: number;
  readonly p50: number;
  readonly failed: number; // exited non-zero (or killed)
  readonly lost: number; // exited 0, but the queue did not get it byte-exact
}

async function runMany(ctx: Ctx, cmd: Cmd, msgs: readonly string[], envs: readonly string[], want: readonly string[], tag: string): Promise<RunStats> {
  const log = join(ctx.dir, `concurrency-${tag}.log`);
  rmSync(log, { force: true });
  const errFd = openSync(join(ctx.dir, `concurrency-${tag}.err`), 'a');
  const c: Cmd = { ...cmd, env: { ...cmd.env, STANDIN_LOG: log } };
  const latency: number[] = [];
  const codes: (number | null)[] = new Array(msgs.length).fill(null);
  let next = 0;
  const t0 = process.hrtime.bigint();
  const session = async (): Promise<void> => {
    for (let i = next++; i < msgs.length; i = next++) {
      const r = await runTimed(c, msgs[i]!, envs[i]!, errFd);
      latency.push(r.ms);
      codes[i] = r.code;
    }
  };
  await Promise.all(Array.from({ length: SESSIONS }, session));
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  closeSync(errFd);
  let got = new Set<string>();
  try {
    got = new Set(readFileSync(log, 'latin1').split('\n'));
  } catch {
    // nothing recorded at all
  }
  let failed = 0;
  let lost = 0;
  codes.forEach((code, i) => {
    if (code !== 0) failed++;
    else if (!got.has(want[i]!)) lost++;
  });
  return { perSecond: msgs.length / wallS, p99: quantile(latency, 0.99), p50: median(latency), failed, lost };
}

export const concurrencyRow: Row = {
  name: 'concurrency',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const msgs: string[] = [];
    const envs: string[] = [];
    const want: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const m = join(ctx.dir, `c-${i}.eml`);
      const e = join(ctx.dir, `c-${i}.env`);
      writeMessage(m, 4 * KiB, `concurrency-${i}`);
      const envelope = envelopeBytes(`bench-${i}@example.net`);
      writeFileSync(e, envelope);
      msgs.push(m);
      envs.push(e);
      want.push(standInRecord(readFileSync(m), envelope));
    }
    const env = ctx.env();
    const qqtag: Cmd = { label: 'qqtag', file: QQTAG, args: [], env };
    const alone: Cmd = { label: 'stand-in alone', file: ctx.standIn, args: [], env };
    const q: RunStats[] = [];
    const s: RunStats[] = [];
    for (let r = 0; r < RUNS; r++) {
      ctx.log(`concurrency run ${r + 1}/${RUNS}: ${MESSAGES} messages, ${SESSIONS} at once`);
      q.push(await runMany(ctx, qqtag, msgs, envs, want, `qqtag-${r}`));
      s.push(await runMany(ctx, alone, msgs, envs, want, `standin-${r}`));
    }
    for (let i = 0; i < MESSAGES; i++) {
      rmSync(msgs[i]!, { force: true });
      rmSync(envs[i]!, { force: true });
    }
    const rate = q.map((x, i) => x.perSecond / s[i]!.perSecond);
    const p99 = q.map((x, i) => x.p99 / s[i]!.p99);
    const lost = q.reduce((n, x) => n + x.lost, 0);
    const failed = q.reduce((n, x) => n + x.failed, 0);
    const baseLost = s.reduce((n, x) => n + x.lost + x.failed, 0);
    const pick = (xs: RunStats[], k: 'perSecond' | 'p99' | 'p50', d = 1): string => spread(xs.map((x) => x[k]), d);
    return [
      {
        row: `Concurrency (${SESSIONS} at once): messages/s, qqtag ÷ stand-in alone`,
        figure: 'throughput ratio',
        median: median(rate),
        min: min(rate),
        max: max(rate),
        goal: '– (report)',
        met: undefined,
        absolute: `qqtag ${pick(q, 'perSecond')}/s, stand-in ${pick(s, 'perSecond')}/s`,
      },
      {
        row: `Concurrency (${SESSIONS} at once): p99 latency, qqtag ÷ stand-in alone`,
        figure: 'latency ratio',
        median: median(p99),
        min: min(p99),
        max: max(p99),
        goal: '– (report)',
        met: undefined,
        absolute: `qqtag p99 ${pick(q, 'p99')} ms (p50 ${pick(q, 'p50')}), stand-in p99 ${pick(s, 'p99')} ms`,
      },
      {
        row: `Concurrency: messages lost of ${RUNS}×${MESSAGES}`,
        figure: 'count',
        median: lost,
        min: lost,
        max: lost,
        goal: '0',
        met: lost === 0 && failed === 0,
        absolute: `lost ${lost}, failed (exit ≠ 0) ${failed}; stand-in alone lost or failed ${baseLost}; ${fmt(median(q.map((x) => x.perSecond)), 0)} messages/s`,
      },
    ];
  },
};
