// Zone health (issue 13): what sharing it costs a message and what it saves.
//   health-read      one cold read of health.json in a fresh node (as every message with lists does), the
//                    largest state the file may hold and a 3-zone one; goal ≤ 1 ms. The whole-run difference
//                    (3 healthy zones, state on ÷ state_dir absent) is shown beside it.
//   health-dead      three zones, one on a server that never answers, marked dead: wall − the wall with all
//                    three healthy; goal ≤ 50 ms (unmarked, every message would wait the deadline).
//   health-broken    a zone listing everything: clean clients tagged, with a fresh state (the first message runs
//                    the self-test) and without zone health; goal 0.
// Configs are compiled, and each variant is verified once with the recording fake queue before it is timed.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { Answer } from 'dns-packet';
import { startDnsServer } from '../helpers/dns-servers';
import { startRbldnsd, ZONES } from '../helpers/rbldnsd';
import { formatState, MAX_ZONES, type ZoneEntry } from '../../src/health/health-state';
import { zoneKey } from '../../src/health/list-zones';
import { checkFiles, compiledConfig } from './dns';
import { type Cmd, type Ctx, type Row, type RowResult, NODE, QQTAG, writeSmallInput, fmt, interleave, max, median, min, runOk, spread } from './lib';

const READS = 40;
const ROUNDS = 12;
const toml = (server: string, stateDir: string, lists: string, extra = ''): string =>
  `[dns]\nservers = ["${server}"]\ndeadline_ms = 1000\n[health]\nstate_dir = "${stateDir}"\nbackoff_s = 3600\n${extra}\n${lists}`;
const dnsbl = (zone: string, label: string): string => `[[dnsbl]]\nzone = "${zone}"\nlabel = "${label}"\nipv6 = false\n`;
const outcome = (stderr: string, label: string): string => new RegExp(`check="?dnsbl:([a-z]+):\\d+:${label}"?`).exec(stderr)?.[1] ?? '';

/** A server for a.test b.test c.test (clean clients NXDOMAIN, RFC 5782 test points right) that drops dead.test. */
const listServer = () =>
  startDnsServer((name, type): Answer[] | 'NXDOMAIN' | 'drop' => {
    if (name.endsWith('.dead.test')) return 'drop';
    if (type !== 'A') return [];
    return name.startsWith('2.0.0.127.') ? [{ name, type: 'A', ttl: 60, data: '127.0.0.2' }] : 'NXDOMAIN';
  });

/** A state of `zones` entries with 100-character labels in `dir`; returns its size in bytes. */
function stateFile(dir: string, zones: number): number {
  mkdirSync(dir);
  const now = Date.now();
  const entry: ZoneEntry = { label: 'A list label of a hundred characters '.repeat(3).slice(0, 100), fails: 2, level: 3, until: now, seen: now, problem: 'timeout', tested: { at: now, verdict: 'ok' } };
  const entries = Array.from({ length: zones }, (_, i) => [zoneKey(['127.0.0.1'], 'ip', `zone${i}.example`), entry] as const);
  const text = formatState({ zones: Object.fromEntries(entries) }, now);
  writeFileSync(join(dir, 'health.json'), text);
  return text.length;
}

export const healthReadRow: Row = {
  name: 'health-read',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const probe = join(ctx.dir, 'health-read.cjs');
    await build({ entryPoints: [join(__dirname, 'health-read.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, outfile: probe, logLevel: 'warning' });
    const compiled = `${compiledConfig(ctx, 'health-read-probe', toml('127.0.0.1', ctx.dir, dnsbl('zone0.example', 'Z')))}.compiled`;
    const read = async (dir: string): Promise<number> => {
      const { stdout } = await promisify(execFile)(NODE, [probe, dir, compiled], { env: ctx.env() });
      return Number(stdout.split(' ')[0]);
    };
    const [full, small] = [join(ctx.dir, 'state-full'), join(ctx.dir, 'state-3')];
    const bytes = [stateFile(full, MAX_ZONES), stateFile(small, 3)];
    const [tf, ts] = (await interleave([() => read(full), () => read(small)], READS)) as [number[], number[]];
    // The whole run: three healthy zones, with the state (tested, nothing to write) and with health off.
    const server = await listServer();
    try {
      const { msg, env } = writeSmallInput(ctx.dir, 'health-read');
      const lists = dnsbl('a.test', 'A') + dnsbl('b.test', 'B') + dnsbl('c.test', 'C');
      const cmd = (label: string, stateDir: string): Cmd => ({ label, file: QQTAG, args: [], env: ctx.env({ TCPREMOTEIP: '192.0.2.99', QQTAG_CONFIG: compiledConfig(ctx, label, toml(server.address, stateDir, lists)) }) });
      mkdirSync(join(ctx.dir, 'state-on'));
      const on = cmd('health-on', join(ctx.dir, 'state-on'));
      const off = cmd('health-off', join(ctx.dir, 'state-absent'));
      await checkFiles(ctx, on, msg, env); // the first run self-tests and writes; from then on: read only
      const second = await checkFiles(ctx, on, msg, env);
      if (/health:/.test(second.stderr) || outcome(second.stderr, 'A') !== 'pass') throw new Error(`health on, steady state: ${second.stderr}`);
      const [tOn, tOff] = (await interleave([() => runOk(on, msg, env), () => runOk(off, msg, env)], ROUNDS)) as [number[], number[]];
      return [{
        row: `Zone health: reading the state, per message (fresh node, after the config read; ${MAX_ZONES} zones)`,
        figure: 'ms', median: median(tf), min: min(tf), max: max(tf), unit: ' ms', goal: '≤ 1 ms', met: median(tf) <= 1,
        absolute: `${MAX_ZONES} zones (${bytes[0]} bytes) ${spread(tf, 3, ' ms')}, 3 zones (${bytes[1]} bytes) ${spread(ts, 3, ' ms')}; ` +
          `${READS} fresh processes each; whole run, 3 healthy zones: state on ${spread(tOn, 1, ' ms')}, state_dir absent ${spread(tOff, 1, ' ms')}, ` +
          `difference of medians ${fmt(median(tOn) - median(tOff), 1)} ms`,
      }];
    } finally {
      await server.stop();
    }
  },
};

export const healthDeadRow: Row = {
  name: 'health-dead',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const server = await listServer();
    try {
      const { msg, env } = writeSmallInput(ctx.dir, 'health-dead');
      const cmd = (label: string, lists: string): Cmd => {
        mkdirSync(join(ctx.dir, `state-${label}`));
        const config = compiledConfig(ctx, label, toml(server.address, join(ctx.dir, `state-${label}`), lists));
        return { label, file: QQTAG, args: [], env: ctx.env({ TCPREMOTEIP: '192.0.2.99', QQTAG_CONFIG: config }) };
      };
      const healthy = cmd('three-healthy', dnsbl('a.test', 'A') + dnsbl('b.test', 'B') + dnsbl('c.test', 'C'));
      const dead = cmd('one-dead', dnsbl('a.test', 'A') + dnsbl('b.test', 'B') + dnsbl('dead.test', 'Dead'));
      const marking: number[] = [];
      for (let i = 0; i < 3; i++) marking.push(await runOk(dead, msg, env)); // failures = 3: each waits the deadline
      const marked = await checkFiles(ctx, dead, msg, env);
      if (outcome(marked.stderr, 'Dead') !== 'backoff' || outcome(marked.stderr, 'A') !== 'pass') throw new Error(`dead zone not marked: ${marked.stderr}`);
      ctx.log('dead zone: marked after 3 messages, then skipped (backoff): verified');
      await checkFiles(ctx, healthy, msg, env);
      const [td, th] = (await interleave([() => runOk(dead, msg, env), () => runOk(healthy, msg, env)], ROUNDS)) as [number[], number[]];
      const over = td.map((t, i) => t - th[i]!);
      return [{
        row: 'Zone health: one dead zone of three, once marked: wall − all-healthy wall',
        figure: 'difference', median: median(over), min: min(over), max: max(over), unit: ' ms', goal: '≤ 50 ms', met: median(over) <= 50,
        absolute: `one dead ${spread(td, 1, ' ms')}, three healthy ${spread(th, 1, ' ms')}; the 3 messages that marked it ${spread(marking, 0, ' ms')} ` +
          `(deadline_ms 1000); ${ROUNDS} interleaved rounds`,
      }];
    } finally {
      await server.stop();
    }
  },
};

const CLIENTS = 20;

export const healthBrokenRow: Row = {
  name: 'health-broken',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const rbl = await startRbldnsd([...ZONES, 'everything.test:ip4set:everything.zone']);
    try {
      const { msg, env } = writeSmallInput(ctx.dir, 'health-broken');
      const lists = dnsbl('bl.test', 'Test BL') + dnsbl('everything.test', 'Everything');
      const tagged = async (stateDir: string, name: string): Promise<number[]> => {
        const config = compiledConfig(ctx, name, toml(rbl.address, stateDir, lists));
        const counts: number[] = [];
        for (let i = 0; i < CLIENTS + 1; i++) {
          const ip = `198.51.100.${10 + i}`; // clean clients: on no list but one that lists everything
          const r = await checkFiles(ctx, { label: name, file: QQTAG, args: [], env: ctx.env({ TCPREMOTEIP: ip, QQTAG_CONFIG: config }) }, msg, env);
          counts.push(/listed in Everything/.test(r.added) ? 1 : 0);
        }
        return counts;
      };
      mkdirSync(join(ctx.dir, 'state-broken'));
      const withHealth = await tagged(join(ctx.dir, 'state-broken'), 'broken-health');
      const without = await tagged(join(ctx.dir, 'state-none'), 'broken-no-health');
      const after = withHealth.slice(1).reduce((a, b) => a + b, 0);
      return [{
        row: `Zone health: a zone listing everything, clean clients tagged after the first self-test (of ${CLIENTS})`,
        figure: 'count', median: after, min: after, max: after, goal: '0', met: after === 0,
        absolute: `the first message (it ran the self-test) tagged: ${withHealth[0] ? 'yes' : 'no'}; ` +
          `without zone health: ${without.reduce((a, b) => a + b, 0)} of ${CLIENTS + 1} tagged`,
      }];
    } finally {
      await rbl.stop();
    }
  },
};
