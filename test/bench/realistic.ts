// Issue "per-message cost": qqtag with the configuration administrators run, against the floor (read fd 0 and fd 1,
// spawn the queue, wait) and `node -e 0`, interleaved: 3 DNSBLs (one IPv6-only), 1 DNSWL, 1 RHSBL and 3 header
// rules, compiled, with zone health, on rbldnsd on loopback, a 4 KiB message; a clean IPv4 client, a listed one
// and an IPv6 one.
// qqtag is started as qmail starts it (dist/qqtag, the launcher: its cost counts). Each variant is first run once
// against the recording fake queue to show it exits 0 and adds exactly the lines it must.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startRbldnsd } from '../helpers/rbldnsd';
import { checkFiles, compiledConfig } from './dns';
import { type Cmd, type Ctx, type Row, type RowResult, NODE, QQTAG, writeSmallInput, fmt, interleave, max, median, min, runOk } from './lib';

const RUNS = 5;
const ROUNDS = 12;

const realisticConfig = (server: string, stateDir: string): string => `[dns]
servers = ["${server}"]
deadline_ms = 3000
[health]
state_dir = "${stateDir}"
[[dnswl]]
zone = "wl.test"
label = "Test WL"
[[dnsbl]]
zone = "bl.test"
label = "Test BL"
[[dnsbl]]
zone = "bl2.test"
label = "Test BL2"
[[dnsbl]]
zone = "bl6.test"
label = "Test BL6"
ipv4 = false
[[rhsbl]]
zone = "dbl.test"
label = "Test DBL"
[[rule]]
name = "pills"
header = "Subject"
pattern = '(?i)cheap\\s+pills'
warning = "subject offers pills"
[[rule]]
name = "no-message-id"
header = "Message-ID"
missing = true
warning = "no Message-ID header"
[[rule]]
name = "free-money"
header = "Subject"
pattern = '(?i)free\\s+(money|cash)'
warning = "subject offers free money"
`;

const CLIENTS = [
  { label: 'clean IPv4 client', ip: '192.0.2.99', lines: 0 },
  { label: 'listed IPv4 client', ip: '192.0.2.1', lines: 2 }, // bl.test and bl2.test
  { label: 'IPv6 client', ip: '2001:db8::99', lines: 0 },
] as const;

export const realisticRow: Row = {
  name: 'realistic',
  async run(ctx: Ctx): Promise<RowResult[]> {
    const { msg, env } = writeSmallInput(ctx.dir, 'realistic');
    const zones = ['wl.test:ip4set:wl.zone', 'bl.test:ip4set:bl.zone', 'bl2.test:ip4set:bl.zone', 'bl6.test:ip6trie:bl6.zone', 'dbl.test:dnset:dbl.zone'];
    const rbldnsd = await startRbldnsd(zones);
    try {
      // Zone health on, with its state directory, as an installed site runs (README: Install).
      const stateDir = join(ctx.dir, 'state');
      mkdirSync(stateDir);
      const config = compiledConfig(ctx, 'realistic', realisticConfig(rbldnsd.address, stateDir));
      const e = ctx.env();
      const cmds: Cmd[] = [
        { label: 'node -e 0', file: NODE, args: ['-e', '0'], env: e },
        { label: 'floor', file: join(__dirname, 'floor.cjs'), args: [], env: e },
        { label: 'qqtag, no checks', file: QQTAG, args: [], env: e },
        ...CLIENTS.map((c) => ({ label: `qqtag, ${c.label}`, file: QQTAG, args: [], env: ctx.env({ QQTAG_CONFIG: config, TCPREMOTEIP: c.ip }) })),
      ];
      for (const [i, c] of CLIENTS.entries()) {
        const { added, stderr } = await checkFiles(ctx, cmds[3 + i]!, msg, env);
        const lines = added.match(/^X-Spam-Warning:/gm)?.length ?? 0;
        if (lines !== c.lines || !/ config=compiled /.test(stderr)) throw new Error(`${c.label}: ${lines} lines, want ${c.lines}; ${stderr.trim()}`);
        ctx.log(`${c.label}: ${lines} lines added, the compiled config read, verified`);
      }
      const variants = cmds.map((c) => () => runOk(c, msg, env));
      await interleave(variants, 3);
      const all: number[][] = cmds.map(() => []);
      const ratios: number[][] = cmds.map(() => []);
      for (let r = 0; r < RUNS; r++) {
        ctx.log(`realistic config run ${r + 1}/${RUNS}`);
        const times = await interleave(variants, ROUNDS);
        times.forEach((t, i) => all[i]!.push(...t));
        const floor = median(times[1]!);
        times.forEach((t, i) => ratios[i]!.push(median(t) / floor));
      }
      const abs = cmds.map((c, i) => `${c.label} ${fmt(median(all[i]!), 1)} ms`).join(', ');
      return CLIENTS.map((c, k) => {
        const xs = ratios[3 + k]!;
        return {
          row: `Per-message cost, realistic config (3 DNSBLs, DNSWL, RHSBL, 3 rules), ${c.label}: qqtag ÷ floor`,
          figure: 'wall time ratio',
          median: median(xs),
          min: min(xs),
          max: max(xs),
          goal: '≤ 1.3',
          met: median(xs) <= 1.3,
          absolute: k === 0 ? `medians: ${abs}; no checks ÷ floor ${fmt(median(ratios[2]!))}; ${RUNS}×${ROUNDS} interleaved runs` : `qqtag ${fmt(median(all[3 + k]!), 1)} ms`,
        };
      });
    } finally {
      await rbldnsd.stop();
    }
  },
};
