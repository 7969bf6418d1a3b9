// Training runs that write V8's code caches (src/boot.ts): queue mode runs on a built-in sample message with
// QQTAG_CODE_CACHE=write, so that each bundle's cache holds the code a message actually runs. The build does it
// with a representative config; `qqtag compile-config` does it again on the mail host, with the host's own node
// and the administrator's config (a cache made by another node is rejected, so it would only cost a compile).
// The sample goes nowhere: dry-run, the queue program is /bin/true, and the client is RFC 5782's test point.
import type { spawnSync as SpawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Loaded when a training run happens: the CLI bundle is also what `qqtag is-tagged` starts with, for every
// delivery, and child_process with its streams costs ~3.5 ms.
const childProcess = (): { spawnSync: typeof SpawnSync } => require('node:child_process') as { spawnSync: typeof SpawnSync };
const tmpdir = (): string => (require('node:os') as typeof import('node:os')).tmpdir();

const SAMPLE =
  'Received: from mail.example.net (HELO mail.example.net) (127.0.0.2)\n  by mx.example.org with SMTP; 30 Nov 2026 12:00:00 -0000\n' +
  'From: =?utf-8?q?Caf=C3=A9?= <a@example.org>\nTo: b@example.org\nSubject: =?utf-8?q?cheap_pills?=\nMessage-ID: <1@example.org>\n\nbody\n';
const ENVELOPE = 'Fa@example.org\0Tb@example.org\0\0';

/** One queue-mode run of `launcher` with `config`, writing the caches of every bundle it loads. */
export function trainQueueMode(launcher: string, config: string, extraEnv: Record<string, string> = {}): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'qqtag-train-'));
  try {
    writeFileSync(join(dir, 'm'), SAMPLE);
    writeFileSync(join(dir, 'e'), ENVELOPE, 'latin1');
    const fds = [openSync(join(dir, 'm'), 'r'), openSync(join(dir, 'e'), 'r')];
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TMPDIR: dir, QQTAG_CONFIG: config, QQTAG_CODE_CACHE: 'write', QQTAG_DRYRUN: '1', QQTAG_QMAILQUEUE: '/bin/true', TCPREMOTEIP: '127.0.0.2', ...extraEnv };
    const r = childProcess().spawnSync(launcher, [], { env, stdio: [fds[0] ?? 'ignore', fds[1] ?? 'ignore', 'pipe'], timeout: 120_000 });
    if (process.env['QQTAG_TRAIN_DEBUG']) process.stderr.write(r.stderr);
    for (const fd of fds) closeSync(fd);
    return r.status !== null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One CLI run (the dispatcher's bundle), writing its cache. */
export function trainCli(launcher: string, args: readonly string[]): void {
  childProcess().spawnSync(launcher, [...args], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', QQTAG_CODE_CACHE: 'write' }, stdio: 'ignore', timeout: 60_000 });
}

/** After compile-config: the caches again, made by this host's node on the administrator's config. Says what it
 *  did; never fails the command (a cache is an optimisation). Only when running from an installed dist/. */
export function refreshCodeCache(config: string, say: (line: string) => void): void {
  const launcher = join(__dirname, 'qqtag');
  if (!__filename.endsWith('.cjs') || !existsSync(launcher)) return; // from the sources (tests): nothing to cache
  const dir = join(__dirname, 'cache');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    accessSync(dir, constants.W_OK);
  } catch {
    say(`code cache not refreshed: ${dir} is not writable (run compile-config as its owner to save ~10 ms a message)`);
    return;
  }
  trainQueueMode(launcher, config);
  say(`code cache refreshed in ${dir} for node ${process.version}`);
}
