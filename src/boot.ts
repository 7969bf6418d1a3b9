// dist/qqtag.cjs, what the launcher runs: loads the bundles (dist/main.cjs first: queue mode and the CLI
// dispatch) the way require would, but with V8's code cache. Compiling a bundle's functions is a large part of
// every message's start-up (~10 ms with lists and rules), and every message compiles the same code.
// The cache of a bundle is dist/cache/<name>.<hash>.v8: V8's own serialized code for exactly that bundle (the hash
// is of its bytes, fixed at build time — V8 itself checks only the source's length). V8 rejects a cache made by
// another V8 version or with other flags, and then compiles as if there were none; a missing or stale cache is
// simply not found. So a cache never costs more than a compile, and never runs other code. A cache file is
// trusted only when it has the bundle's owner and no one else may write it (it is code, run as whoever runs us).
// With QQTAG_CODE_CACHE=write (the build's and compile-config's training runs) the caches of the bundles this
// process loaded are written at exit, from the code it compiled while it ran; with QQTAG_CODE_CACHE=report one
// line per bundle on stderr says whether its cache was used (after a Node upgrade: rerun compile-config).
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

declare const QQTAG_BUNDLE_HASHES: Record<string, string>;
const CACHE_DIR = join(__dirname, 'cache');
const loaded: { readonly name: string; readonly path: string; readonly script: Script; readonly had: boolean }[] = [];

function readTrusted(path: string, owner: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK); // a FIFO planted in cache/ must not block
  } catch {
    return undefined; // none yet, or a stale name: a compile
  }
  try {
    const st = fstatSync(fd);
    return st.isFile() && st.uid === owner && (st.mode & 0o022) === 0 ? readFileSync(fd) : undefined;
  } finally {
    closeSync(fd);
  }
}

const exported = new Map<string, unknown>(); // each bundle once per process, whichever bundle asks for it

/** The exports of dist/<name>.cjs, compiled with its code cache when there is a good one. */
function loadBundle(name: string): unknown {
  if (exported.has(name)) return exported.get(name);
  const file = join(__dirname, `${name}.cjs`);
  const source = readFileSync(file, 'utf8');
  const hash = QQTAG_BUNDLE_HASHES[name] ?? 'none';
  const path = join(CACHE_DIR, `${name}.${hash}.v8`);
  const cachedData = readTrusted(path, statSync(file).uid);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  loaded.push({ name, path, script, had: cachedData !== undefined });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, require, module, file, __dirname);
  exported.set(name, module.exports);
  return module.exports;
}

function writeCaches(): void {
  try {
    mkdirSync(CACHE_DIR, { recursive: true, mode: 0o755 });
    for (const { path, script } of loaded) {
      const tmp = `${path}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData(), { mode: 0o644 });
      renameSync(tmp, path); // a message starting meanwhile reads the old cache or the new, never half of one
    }
  } catch {
    // not ours to write (a read-only install): messages compile as before
  }
}

function report(): void {
  for (const { name, script, had } of loaded) {
    writeSync(2, `qqtag: code cache ${name}: ${!had ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  }
}

/** A command (`qqtag is-tagged`, run by users' filters for every delivery, among them): straight to the CLI
 *  bundle, past queue mode's modules (child_process and its streams, ~3.5 ms). A failure the command did not
 *  handle ends in EX_SOFTWARE (70), which no filter recipe takes for "tagged". */
function runCommand(args: readonly string[]): void {
  const fail = (err: unknown): void => {
    writeSync(2, `qqtag: internal bug: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(EX_SOFTWARE);
  };
  process.on('uncaughtException', fail);
  const cli = loadBundle('cli') as { runCli(args: readonly string[]): Promise<number> };
  cli.runCli(args).then((code) => void (process.exitCode = code), fail);
}
const EX_SOFTWARE = 70;

module.exports = { loadBundle };
const mode = process.env['QQTAG_CODE_CACHE'];
if (mode === 'write') process.on('exit', writeCaches);
if (mode === 'report') process.on('exit', report);
const args = process.argv.slice(2);
if (args.length > 0) runCommand(args);
else loadBundle('main'); // queue mode (or, on a terminal, the CLI's usage)
