// `npm run bench`: the numbers of issue 5, as a markdown table on stdout (progress on stderr).
// No network. Every timed process gets a clean environment (no NODE_EXTRA_CA_CERTS, no NODE_OPTIONS). Every
// figure is against a baseline measured in the same run, interleaved with it, over several runs: the table
// shows the median and the min–max of the runs. Big files live in a mkdtemp dir that is removed at the end.
// `npm run bench -- startup memory` runs only the rows named.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Row, type RowResult, QQTAG, ROOT, fmt, makeCtx } from './lib';
import { startupRow } from './startup';
import { realisticRow } from './realistic';
import { copyRow } from './copy';
import { memoryRow } from './memory';
import { concurrencyRow } from './concurrency';
import { dnsDeadlineRow, dnsFanoutRow, dnsOverlapRow } from './dns';
import { auditRow } from './audit';
import { isTaggedRow } from './is-tagged';
import { healthBrokenRow, healthDeadRow, healthReadRow } from './health';

/** The rows, in the order they run and print. */
const ROWS: Row[] = [
  startupRow, // 1. start-up ÷ node -e 0, ÷ floor
  realisticRow, // per-message cost with lists and rules (clean, listed, IPv6 client) ÷ floor   goal ≤ 1.3
  copyRow, // 2. 100 MiB through qqtag ÷ through cat-queue.sh
  memoryRow, // 3. peak RSS at 1 MiB, 100 MiB, 1 GiB
  concurrencyRow, // 4. 32 sessions, 1000 messages: rate, p99, lost
  // DNS (issue 5, items 4–6), in dns.ts:
  dnsFanoutRow, // 10 DNSBL zones ÷ 1 zone, all on rbldnsd on loopback      goal ≤ 1.3
  dnsDeadlineRow, // one zone on a server that never answers: wall − D − no-lists wall   goal ≤ 50 ms
  dnsOverlapRow, // slow client (~1 s DATA) + 300 ms lookups: last byte → exit, ÷ no lists   goal ≈ 1.0
  auditRow, // qqtag audit over 1M summary lines ÷ grep -c / wc -l; peak RSS   goals ≤ 10 s, ≤ 200 MB
  isTaggedRow, // users' filters: qqtag is-tagged on 20 MB − node -e 0 (goal ≤ 5 ms); the awk twin (≤ 5 ms)
  // Zone health (issue 13), in health.ts:
  healthReadRow, // one cold read of health.json per message                                 goal ≤ 1 ms
  healthDeadRow, // one dead zone of three, marked: wall − all-healthy wall                    goal ≤ 50 ms
  healthBrokenRow, // a list-everything zone: clean clients tagged after the first self-test  goal 0
];

function table(results: readonly RowResult[]): string {
  const lines = [
    '| row | figure | median | min–max | goal | met | absolute (medians) |',
    '|---|---|---:|---:|---|:-:|---|',
  ];
  for (const r of results) {
    const d = r.figure === 'count' ? 0 : r.unit ? 1 : 2;
    const u = r.unit ?? '';
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    lines.push(
      `| ${r.row} | ${r.figure} | ${fmt(r.median, d)}${u} | ${fmt(r.min, d)}–${fmt(r.max, d)}${u} | ${r.goal} | ${met} | ${r.absolute} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !ROWS.some((r) => r.name === w));
  if (unknown.length) throw new Error(`no such row: ${unknown.join(', ')} (rows: ${ROWS.map((r) => r.name).join(', ')})`);
  const rows = wanted.length ? ROWS.filter((r) => wanted.includes(r.name)) : ROWS;
  if (!existsSync(QQTAG)) throw new Error(`${QQTAG} missing: run npm run build first`);

  const dir = mkdtempSync(join(tmpdir(), 'qqtag-bench-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    const standIn = join(dir, 'stand-in-queue');
    execFileSync('cc', ['-O2', '-o', standIn, join(ROOT, 'fixtures/bin/stand-in-queue.c')], { stdio: 'inherit' });
    const config = join(dir, 'qqtag.toml');
    writeFileSync(config, ''); // the defaults: no lists
    // Compiled, as the README tells an administrator to deploy it (queue mode then skips TOML and schema).
    execFileSync(QQTAG, ['compile-config', config], { stdio: 'ignore', env: { PATH: process.env['PATH'] } });
    const ctx = makeCtx(dir, standIn, config);
    const results: RowResult[] = [];
    for (const row of rows) {
      const t = process.hrtime.bigint();
      results.push(...(await row.run(ctx)));
      ctx.log(`${row.name} done in ${fmt(Number(process.hrtime.bigint() - t) / 1e9, 1)} s`);
    }
    const cpu = cpus();
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(
      `\n${table(results)}\n\n` +
        `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ` +
        `${process.platform} ${process.arch}; bench took ${fmt(secs, 0)} s (${new Date().toISOString().slice(0, 10)}).\n`,
    );
    const missed = results.filter((r) => r.met === false).length;
    if (missed) process.stdout.write(`${missed} goal(s) not met.\n`);
  } finally {
    cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
