// Runs the built `qqtag COMMAND ...` (dist/qqtag, the launcher) as an administrator would: a clean environment
// (PATH only, plus what the test gives), optional stdin, and optionally as another user (root only).
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, QQTAG } from './run-qqtag';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
export interface CliOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: Buffer | 'ignore';
  readonly uid?: number;
  readonly gid?: number;
  readonly cwd?: string;
}

export async function qqtag(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawn(QQTAG, [...args], {
    env: { PATH: process.env['PATH'], ...opts.env },
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    stdio: [opts.stdin === 'ignore' ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.gid ?? opts.uid }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'close') as Promise<[number | null]>;
  if (child.stdin) {
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin instanceof Buffer ? opts.stdin : undefined);
  }
  const [code] = await exited;
  return { code, stdout, stderr };
}

/** `nobody`'s uid and gid (`id -u/-g nobody`), for tests of what another user may do. */
export const nobody = (): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })),
  gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })),
});
export const isRoot = process.getuid?.() === 0;

/** `text` as qqtag.toml in a directory of its own; its path. */
export function configFile(text: string): string {
  const file = join(makeTempDir(), 'qqtag.toml');
  writeFileSync(file, text);
  return file;
}
