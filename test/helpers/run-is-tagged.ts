// Runs the built `qqtag is-tagged` (dist/qqtag, the launcher users name in their filters) or its awk twin
// (dist/qqtag-is-tagged) with a message on fd 0 as condredirect gives it: an open file, not a pipe.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QQTAG, ROOT } from './run-qqtag';

export const AWK_TWIN = join(ROOT, 'dist', 'qqtag-is-tagged');

export interface Answer {
  readonly code: number | null;
  readonly stdout: string; // utf8
  readonly stderr: string;
}

/** `dist/qqtag is-tagged ARGS` (or `program ARGS`) with fd 0 = a file holding `message`. */
export async function runIsTagged(
  dir: string,
  message: Buffer,
  args: readonly string[] = [],
  opts: { readonly env?: NodeJS.ProcessEnv; readonly program?: string } = {},
): Promise<Answer> {
  const path = join(dir, 'message.eml');
  writeFileSync(path, message);
  const fd = openSync(path, 'r');
  try {
    return await runWithFd(fd, args, opts);
  } finally {
    closeSync(fd);
  }
}

/** The same with fd 0 given as is: a file descriptor, or 'pipe' (then `feed` writes it). */
export async function runWithFd(
  fd: number | 'pipe',
  args: readonly string[],
  opts: { readonly env?: NodeJS.ProcessEnv; readonly program?: string; readonly feed?: (stdin: NodeJS.WritableStream) => Promise<void> } = {},
): Promise<Answer> {
  const [file, argv] = opts.program ? [opts.program, [...args]] : [QQTAG, ['is-tagged', ...args]];
  // No config of this machine's: an empty environment but PATH (tests that want a config set QQTAG_CONFIG).
  const env = opts.env ?? { PATH: process.env['PATH'], QQTAG_CONFIG: join(ROOT, 'fixtures', 'no-such-config.toml') };
  const child = spawn(file, argv, { stdio: [fd, 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'close') as Promise<[number | null]>; // exited, and its output read
  if (opts.feed && child.stdin) await opts.feed(child.stdin);
  const [code] = await exited;
  return { code, stdout, stderr };
}
