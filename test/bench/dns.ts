// Rows 4–6 of issue 5, DNS: fan-out (10 DNSBL zones ÷ 1, all on one rbldnsd on loopback), deadline (one zone
// on a server that never answers: wall − D − the no-lists wall), overlap (a client that sends its message over
// ~1 s while the lookups take 300 ms: last byte → exit, with the list ÷ without). No network: rbldnsd
// (test/helpers/rbldnsd.ts) and the tests' own small UDP server (test/helpers/dns-servers.ts), both on 127.0.0.1.
// Each config is written here and compiled (qqtag compile-config), as an administrator deploys it. Before a
// variant is timed, one run of it with the recording fake-qmail-queue shows it exits 0 and adds what it should.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Answer } from 'dns-packet';
import { startDnsServer } from '../helpers/dns-servers';
import { startRbldnsd } from '../helpers/rbldnsd';
import { FAKE_QQ, makeTempDir, spawnWithPipes } from '../helpers/run-qqtag';
import {
  type Cmd, type Ctx, type Row, type RowResult, KiB, QQTAG,
  envelopeBytes, writeSmallInput, fmt, interleave, max, median, min, runOk, runTimed, spread, writeMessage,
} from './lib';

const LISTED = '192.0.2.1'; // in fixtures/zones/bl.zone: 127.0.0.2 with a TXT record
const WARNING = /^X-Spam-Warning:/gm;

/** Writes `toml` to ctx.dir/NAME.toml and compiles it; returns the TOML path (qqtag then reads NAME.toml.compiled). */
export function compiledConfig(ctx: Ctx, name: string, toml: string): string {
  const file = join(ctx.dir, `${name}.toml`);
  writeFileSync(file, toml);
  execFileSync(QQTAG, ['compile-config', file], { stdio: ['ignore', 'ignore', 'inherit'], env: ctx.env() });
  return file;
}

const dnsblConfig = (server: string, zones: readonly string[], deadlineMs = 3000): string =>
  `[dns]\nservers = ["${server}"]\ndeadline_ms = ${deadlineMs}\n` + zones.map((z) => `[[dnsbl]]\nzone = "${z}"\n`).join('');

interface Checked {
  readonly added: string; // the lines qqtag put in front of the message, unfolded
  readonly stderr: string;
}

let seq = 0;
/** What a run hands to the fake qmail-queue: fails unless it exited 0 and the message reached it, changed only by
 *  lines put in front. `run` starts qqtag with the extra env given and resolves to its exit code and stderr. */
async function checkAdded(
  ctx: Ctx,
  label: string,
  message: Buffer,
  run: (extra: Record<string, string>) => Promise<{ code: number | null; stderr: string }>,
): Promise<Checked> {
  const dir = join(ctx.dir, `dns-check-${++seq}`);
  mkdirSync(dir);
  const r = await run({ QQTAG_QMAILQUEUE: FAKE_QQ, FAKEQQ_DIR: dir });
  let queued = Buffer.alloc(0);
  try {
    queued = readFileSync(join(dir, 'message'));
  } catch {
    // nothing reached the queue
  }
  const added = queued.subarray(0, queued.length - message.length);
  if (r.code !== 0 || !queued.subarray(added.length).equals(message)) {
    throw new Error(`${label}: exit ${r.code}, the queue got ${queued.length} bytes, not the message behind added lines; stderr: ${r.stderr.trim()}`);
  }
  // unfolded (RFC 5322 2.2.3: a line break followed by white space is removed), so a reason reads as one piece
  return { added: added.toString('latin1').replace(/\r?\n(?=[ \t])/g, ''), stderr: r.stderr };
}

/** checkAdded for a run with fd 0 and fd 1 from files (stderr to a file, read back). */
export function checkFiles(ctx: Ctx, cmd: Cmd, msg: string, env: string): Promise<Checked> {
  return checkAdded(ctx, cmd.label, readFileSync(msg), async (extra) => {
    const errPath = join(extra['FAKEQQ_DIR']!, 'qqtag.err');
    const errFd = openSync(errPath, 'w');
    const r = await runTimed({ ...cmd, env: { ...cmd.env, ...extra } }, msg, env, errFd);
    closeSync(errFd);
    return { code: r.code, stderr: readFileSync(errPath, 'latin1') };
  });
}

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

// ── Row 4: fan-out ──────────────────────────────────────────────────────────────────────────────────────────

const FANOUT_ZONES = 10;
const FANOUT_RUNS = 5; // each run: ROUNDS interleaved rounds, one ratio of medians
const FANOUT_ROUNDS = 10;

export const dnsFanoutRow: Row = {
  name: 'fanout',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const { msg, env } = writeSmallInput(ctx.dir, 'fanout');
    const zones = Array.from({ length: FANOUT_ZONES }, (_, i) => `bl${i}.test`);
    // bl.test too: startRbldnsd waits until 2.0.0.127.bl.test answers
    const rbldnsd = await startRbldnsd(['bl.test', ...zones].map((z) => `${z}:ip4set:bl.zone`));
    try {
      const cmd = (label: string, config: string): Cmd => ({
        label, file: QQTAG, args: [], env: ctx.env({ QQTAG_CONFIG: config, TCPREMOTEIP: LISTED }),
      });
      const cmds = [
        cmd(`${FANOUT_ZONES} zones`, compiledConfig(ctx, 'fanout-10', dnsblConfig(rbldnsd.address, zones))),
        cmd('1 zone', compiledConfig(ctx, 'fanout-1', dnsblConfig(rbldnsd.address, zones.slice(0, 1)))),
        cmd('no lists', ctx.config),
      ];
      const want = [FANOUT_ZONES, 1, 0];
      for (const [i, c] of cmds.entries()) {
        const { added, stderr } = await checkFiles(ctx, c, msg, env);
        const n = count(added, WARNING);
        // every warning carries the TXT reason: the A and the TXT answers were both real
        const withTxt = count(added, /listed by qqtag test for 192\.0\.2\.1/g);
        const zonesNamed = zones.filter((z) => added.includes(` listed in ${z} (127.0.0.2)`)).length;
        if (n !== want[i] || withTxt !== want[i] || zonesNamed !== want[i]) {
          throw new Error(`${c.label}: ${n} warning lines (${withTxt} with the TXT reason), want ${want[i]}: ${JSON.stringify(added)}; stderr: ${stderr.trim()}`);
        }
        ctx.log(`${c.label}: ${n} X-Spam-Warning lines added, verified`);
      }
      const variants = cmds.map((c) => () => runOk(c, msg, env));
      await interleave(variants, 3);
      const all: number[][] = cmds.map(() => []);
      const ratios: number[] = [];
      for (let r = 0; r < FANOUT_RUNS; r++) {
        ctx.log(`fan-out run ${r + 1}/${FANOUT_RUNS}`);
        const times = await interleave(variants, FANOUT_ROUNDS);
        times.forEach((t, i) => all[i]!.push(...t));
        ratios.push(median(times[0]!) / median(times[1]!));
      }
      return [{
        row: `DNS fan-out: ${FANOUT_ZONES} DNSBL zones ÷ 1 zone (rbldnsd, listed client)`,
        figure: 'wall time ratio',
        median: median(ratios),
        min: min(ratios),
        max: max(ratios),
        goal: '≤ 1.3',
        met: median(ratios) <= 1.3,
        absolute: `medians: ${cmds.map((c, i) => `${c.label} ${fmt(median(all[i]!), 1)} ms`).join(', ')}; ` +
          `${FANOUT_RUNS}×${FANOUT_ROUNDS} interleaved runs`,
      }];
    } finally {
      await rbldnsd.stop();
    }
  },
};

// ── Row 5: deadline ─────────────────────────────────────────────────────────────────────────────────────────

const DEADLINE_MS = 500;
const DEADLINE_ROUNDS = 9; // each round: the silent-server run and the no-lists run

export const dnsDeadlineRow: Row = {
  name: 'deadline',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const { msg, env } = writeSmallInput(ctx.dir, 'deadline');
    const silent = await startDnsServer(() => 'drop');
    try {
      // Zone health would skip the dead zone after a few messages (its own row measures that): here every message
      // must meet it, so health gets a state of its own that never backs off within the row's runs.
      const health = `[health]\nstate_dir = "${ctx.dir}"\nfailures = 100\nself_test_minutes = 0\n`;
      const config = compiledConfig(ctx, 'deadline', health + dnsblConfig(silent.address, ['bl.test'], DEADLINE_MS));
      const slow: Cmd = { label: 'silent server', file: QQTAG, args: [], env: ctx.env({ QQTAG_CONFIG: config, TCPREMOTEIP: LISTED }) };
      const base: Cmd = { label: 'no lists', file: QQTAG, args: [], env: ctx.env({ TCPREMOTEIP: LISTED }) };
      const { added, stderr } = await checkFiles(ctx, slow, msg, env);
      if (added !== '' || !/dnsbl:bl\.test: no answer by the deadline/.test(stderr) || silent.queries === 0) {
        throw new Error(`silent server: want nothing added and "no answer by the deadline" logged after ${silent.queries} queries; ` +
          `added ${JSON.stringify(added)}; stderr: ${stderr.trim()}`);
      }
      ctx.log(`silent server: queried, not answered, nothing added, delivered: verified`);
      await checkFiles(ctx, base, msg, env);
      const variants = [slow, base].map((c) => () => runOk(c, msg, env));
      await interleave(variants, 1);
      ctx.log(`deadline: ${DEADLINE_ROUNDS} rounds of ~${DEADLINE_MS + 100} ms`);
      const [ts, tb] = (await interleave(variants, DEADLINE_ROUNDS)) as [number[], number[]];
      const over = ts.map((t, i) => t - DEADLINE_MS - tb[i]!);
      return [{
        row: `DNS deadline: a server that never answers, D = ${DEADLINE_MS} ms: wall − D − no-lists wall`,
        figure: 'overshoot',
        median: median(over),
        min: min(over),
        max: max(over),
        unit: ' ms',
        goal: '≤ 50 ms',
        met: median(over) <= 50,
        absolute: `silent server ${spread(ts, 1, ' ms')}, no lists ${spread(tb, 1, ' ms')}; ${DEADLINE_ROUNDS} interleaved rounds`,
      }];
    } finally {
      await silent.stop();
    }
  },
};

// ── Row 6: overlap ──────────────────────────────────────────────────────────────────────────────────────────

const PIECES = 10; // the message arrives in 10 pieces, 100 ms apart: ~1 s of DATA
const PIECE_GAP_MS = 100;
const LOOKUP_MS = 300; // every answer of the list server comes this late
const OVERLAP_ROUNDS = 8; // each round: with the list, without

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ended = (w: Writable, chunk?: Buffer): Promise<void> =>
  new Promise((resolve) => (chunk ? w.end(chunk, () => resolve()) : w.end(() => resolve())));

interface SlowRun {
  readonly tailMs: number; // from the envelope's last byte written to qqtag's exit
  readonly code: number | null;
  readonly stderr: string;
}

/** qqtag as qmail-smtpd runs it, fd 0 and fd 1 pipes: the message in PIECES over ~1 s, fd 0 closed, then the
 *  envelope written to fd 1 and closed; timed from just before that last write to the exit. */
async function slowClient(env: NodeJS.ProcessEnv, message: Buffer, envelope: Buffer): Promise<SlowRun> {
  const fifoDir = makeTempDir();
  const { child, message: stdin, envelope: envelopeIn } = spawnWithPipes(QQTAG, fifoDir, env);
  let stderr = '';
  child.stderr!.setEncoding('latin1').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const step = Math.ceil(message.length / PIECES);
  for (let i = 0; i < PIECES; i++) {
    await sleep(PIECE_GAP_MS);
    await new Promise<void>((resolve) => stdin.write(message.subarray(i * step, (i + 1) * step), () => resolve()));
  }
  await ended(stdin);
  const t0 = process.hrtime.bigint();
  await ended(envelopeIn, envelope);
  const [code, signal] = await exited;
  const tailMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!child.stderr!.readableEnded) await once(child.stderr!, 'end');
  rmSync(fifoDir, { recursive: true });
  return { tailMs, code: code ?? (signal ? -1 : null), stderr };
}

export const dnsOverlapRow: Row = {
  name: 'overlap',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const msgPath = join(ctx.dir, 'overlap.eml');
    writeMessage(msgPath, 4 * KiB, 'overlap');
    const message = readFileSync(msgPath);
    const envelope = envelopeBytes('sender@example.net');
    const listed = '1.2.0.192.bl.test';
    const slowList = await startDnsServer((name, type): Answer[] | 'NXDOMAIN' => {
      if (name !== listed) return 'NXDOMAIN';
      if (type === 'A') return [{ name, type: 'A', ttl: 60, data: '127.0.0.2' }];
      if (type === 'TXT') return [{ name, type: 'TXT', ttl: 60, data: 'slow list: 192.0.2.1 is listed' }];
      return [];
    }, LOOKUP_MS);
    try {
      const config = compiledConfig(ctx, 'overlap', dnsblConfig(slowList.address, ['bl.test']));
      const withList = ctx.env({ QQTAG_CONFIG: config, TCPREMOTEIP: LISTED });
      const noLists = ctx.env({ TCPREMOTEIP: LISTED });
      for (const [label, env, want] of [['with the list', withList, 1], ['no lists', noLists, 0]] as const) {
        const { added, stderr } = await checkAdded(ctx, `overlap, ${label}`, message, (extra) =>
          slowClient({ ...env, ...extra }, message, envelope));
        if (count(added, WARNING) !== want || (want === 1 && !added.includes('slow list: 192.0.2.1 is listed'))) {
          throw new Error(`overlap, ${label}: want ${want} warning line(s) with the TXT reason, got ${JSON.stringify(added)}; stderr: ${stderr.trim()}`);
        }
        ctx.log(`overlap, ${label}: ${want} X-Spam-Warning line(s) added, verified`);
      }
      const run = (env: NodeJS.ProcessEnv) => async (): Promise<number> => {
        const r = await slowClient(env, message, envelope);
        if (r.code !== 0) throw new Error(`overlap run exited ${r.code}: ${r.stderr.trim()}`);
        return r.tailMs;
      };
      ctx.log(`overlap: ${OVERLAP_ROUNDS} rounds of 2 × ~${(PIECES * PIECE_GAP_MS) / 1000} s`);
      const [tw, tn] = (await interleave([run(withList), run(noLists)], OVERLAP_ROUNDS)) as [number[], number[]];
      const ratios = tw.map((t, i) => t / tn[i]!);
      return [{
        row: `DNS overlap: DATA over ~${(PIECES * PIECE_GAP_MS) / 1000} s, lookups ${LOOKUP_MS} ms: last byte → exit, list ÷ no lists`,
        figure: 'time ratio',
        median: median(ratios),
        min: min(ratios),
        max: max(ratios),
        goal: '≈ 1.0 (≤ 1.2)',
        met: median(ratios) <= 1.2,
        absolute: `last byte → exit: with the list ${spread(tw, 1, ' ms')}, no lists ${spread(tn, 1, ' ms')}; ` +
          `difference per round ${spread(tw.map((t, i) => t - tn[i]!), 1, ' ms')} (the lookups take ${LOOKUP_MS} ms); ` +
          `${OVERLAP_ROUNDS} interleaved rounds`,
      }];
    } finally {
      await slowList.stop();
    }
  },
};
