// `npm run build`: dist/ as it is installed. Each bundle is its own file so that queue mode loads only what a
// message needs (src/lazy.ts); the CLI and each heavy subcommand are bundles of their own too.
//   dist/qqtag          the POSIX sh launcher named in QMAILQUEUE (src/launcher.sh): limits, fds, then node
//   dist/qqtag-is-tagged  `qqtag is-tagged` in sh and awk, for mail filters without Node (src/qqtag-is-tagged.sh)
//   dist/qqtag.cjs      the boot: loads the bundles with V8's code cache (src/boot.ts)
//   dist/main.cjs       queue mode and the CLI dispatch
//   dist/<name>.cjs     the lazy parts
//   dist/cache/         V8 code caches, written by training runs on sample messages (src/cli/code-cache.ts)
//   dist/man/           qqtag(8) and qqtag.toml(5), rendered from docs/man/*.md (src/build/man-pages.ts)
import { build, type BuildOptions } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMMANDS } from '../cli/commands';
import { trainCli, trainQueueMode } from '../cli/code-cache';
import { renderManPages } from './man-pages';

const ROOT = resolve(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const src = (path: string): string => join(ROOT, 'src', path);
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: { QQTAG_VERSION: JSON.stringify(version) },
};

/** Lazy bundles: dist/<name>.cjs from a source (the names src/lazy.ts and src/cli/commands.ts load). */
const LAZY: Record<string, string> = {
  config: 'config-parse.ts',
  mime: 'lazy/mime.ts',
  re2: 'lazy/re2.ts',
  health: 'lazy/health.ts',
  cli: 'cli/main.ts',
};

async function bundle(name: string, entry: string, extra: BuildOptions = {}): Promise<void> {
  await build({ ...common, ...extra, define: { ...common.define, ...extra.define }, entryPoints: [src(entry)], outfile: join(DIST, `${name}.cjs`) });
}

const hashOf = (...files: string[]): string => {
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(join(DIST, f)));
  return h.update(version).digest('hex').slice(0, 16);
};

async function main(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST);
  // A compiled config is trusted only by the qqtag whose validation made it: the schema and RE2 bundles, and
  // the version (whose fast check of a compiled file is in the main bundle). Every bundle that reads or writes
  // compiled files gets this identity.
  await Promise.all([bundle('config', LAZY['config'] ?? ''), bundle('re2', LAZY['re2'] ?? '')]);
  common.define = { ...common.define, QQTAG_SCHEMA_ID: JSON.stringify(hashOf('config.cjs', 're2.cjs')) };
  const rest = Object.entries(LAZY).filter(([name]) => name !== 'config' && name !== 're2');
  const commands = Object.entries(COMMANDS).flatMap(([name, e]) => (e.source ? [[`cli-${name}`, `${e.source}.ts`] as const] : []));
  await Promise.all([...rest, ...commands, ['main', 'qqtag.ts'] as const].map(([name, entry]) => bundle(name, entry)));
  // mailsplit's Headers without libmime: it only uses libmime to decode and fold, which qqtag never asks of it.
  await bundle('headers', 'lazy/headers.ts', { alias: { libmime: src('lazy/libmime-unused.ts') } });
  const bundles = readdirSync(DIST).filter((f) => f.endsWith('.cjs')).map((f) => f.slice(0, -'.cjs'.length));
  const hashes = Object.fromEntries(bundles.map((name) => [name, hashOf(`${name}.cjs`)]));
  await bundle('qqtag', 'boot.ts', { define: { QQTAG_BUNDLE_HASHES: JSON.stringify(hashes) } });
  writeFileSync(join(DIST, 'qqtag'), readFileSync(src('launcher.sh')));
  chmodSync(join(DIST, 'qqtag'), 0o755);
  writeFileSync(join(DIST, 'qqtag-is-tagged'), readFileSync(src('qqtag-is-tagged.sh')));
  chmodSync(join(DIST, 'qqtag-is-tagged'), 0o755);
  await renderManPages(join(ROOT, 'docs', 'man'), join(DIST, 'man'), version);
  train();
}

/** Code caches for the node that builds: a config with every kind of check (its lists on a closed port). */
function train(): void {
  const dir = mkdtempSync(join(tmpdir(), 'qqtag-build-'));
  const config = join(dir, 'qqtag.toml');
  writeFileSync(config, `[health]\nstate_dir = "${dir}"\n${TRAINING_CONFIG}`); // zone health with a state, as installed
  const launcher = join(DIST, 'qqtag');
  trainQueueMode(launcher, config); // the TOML read and checked: the config bundle's cache
  trainCli(launcher, ['compile-config', config]);
  trainCli(launcher, ['is-tagged']); // users' filters run it once per delivery
  trainQueueMode(launcher, config); // compiled, as deployed: last, so main's cache is of this path
  rmSync(dir, { recursive: true, force: true });
}

const TRAINING_CONFIG = `
[dns]
servers = ["127.0.0.1:9"]
deadline_ms = 200
[[dnswl]]
zone = "wl.invalid"
[[dnsbl]]
zone = "bl.invalid"
[[rhsbl]]
zone = "dbl.invalid"
[checks]
no_rdns = "tag"
bad_helo = "tag"
relay_probe = "tag"
sender_domain_exists = "tag"
[[rule]]
name = "pills"
header = "Subject"
pattern = '(?i)cheap\\s+pills'
warning = "subject offers pills — café"
[[rule]]
name = "no-date"
header = "Date"
missing = true
warning = "no Date header"
`;

main().catch((err: unknown) => {
  process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
