// The mail tools of `npm run test:tools` run as a mail user would: when the tests run as root (.ci/run does),
// as `nobody` — whose login shell is nologin, like a mail-only account's, and Dovecot refuses to deliver as root.
// A tool that is missing is a failure that names the install line, never a skip.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './run-qqtag';

export const INSTALL = 'apt-get install -y rbldnsd maildrop procmail dovecot-core dovecot-sieve gawk mawk';
export const AS_ROOT = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534, name: 'nobody', group: 'nogroup' };

/** Fails (in before()) unless every program is on the PATH or at its absolute path. */
export function requireTools(...programs: string[]): void {
  const missing = programs.filter((p) => {
    try {
      execFileSync('/bin/sh', ['-c', 'command -v "$1"', 'sh', p], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length) throw new Error(`missing: ${missing.join(', ')}; install with: ${INSTALL}`);
  // As root the tools run as nobody, who must reach dist/ (a checkout under a 0700 directory is out of reach).
  const cli = join(ROOT, 'dist', 'cli.cjs');
  const asNobody = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '/bin/sh', '-c', 'test -r "$1"', 'sh', cli];
  if (AS_ROOT && spawnSync('setpriv', asNobody).status !== 0) {
    throw new Error(`the tool tests run the mail tools as nobody, who cannot read ${cli}: make the checkout's directories world-searchable`);
  }
}

/** Hands a directory tree to the mail user (when we are root). */
export function handOver(path: string): void {
  if (!AS_ROOT) return;
  chownSync(path, NOBODY.uid, NOBODY.gid);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) handOver(join(path, entry));
}

export interface Ran {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string; // stdout and stderr
}

export interface RunOptions {
  readonly stdin: number; // a file descriptor: the message
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv; // exactly this environment
  /** fds 1 and 2: a write-only file, as qmail-local gives a program a pipe's write end (reading it fails at
   *  once). Default: pipes, whose text comes back as `output`. */
  readonly outFd?: number;
}

/** Runs `file args` as the mail user. */
export async function runAsMailUser(file: string, args: readonly string[], opts: RunOptions): Promise<Ran> {
  const [cmd, argv] = AS_ROOT
    ? ['setpriv', [`--reuid=${NOBODY.name}`, `--regid=${NOBODY.group}`, '--clear-groups', file, ...args]]
    : [file, [...args]];
  const out = opts.outFd ?? 'pipe';
  const child = spawn(cmd, argv, { stdio: [opts.stdin, out, out], cwd: opts.cwd, env: opts.env });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (output += d));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, output };
}
