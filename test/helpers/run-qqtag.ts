// Starts the built qqtag the way its callers do, with the recording fake qmail-queue behind it:
//  - 'pipes': as qmail.c's qmail_open: fd 0 and fd 1 are pipes (FIFOs, as pipe(2) makes: not Node's stdio
//    'pipe', which is a socketpair); the whole message is written and closed, only then the envelope is
//    written and closed; stderr is read; then wait.
//  - 'files': as qmail-qfilter and `qqtag <m.eml 1<e.env`: fd 0 and fd 1 are open files.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { constants, createWriteStream, mkdtempSync, openSync, closeSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';

export const ROOT = resolve(__dirname, '..', '..');
export const QQTAG = join(ROOT, 'dist', 'qqtag'); // the launcher, as QMAILQUEUE names it
export const QQTAG_JS = join(ROOT, 'dist', 'qqtag.cjs');
export const FAKE_QQ = join(ROOT, 'fixtures', 'bin', 'fake-qmail-queue');
export const fixture = (path: string): Buffer => readFileSync(join(ROOT, 'fixtures', path));

export interface RunOptions {
  readonly message: Buffer;
  readonly envelope: Buffer;
  readonly mode?: 'pipes' | 'files';
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly config?: string; // TOML text; default: an empty file
  readonly queueExit?: number;
  readonly queueMode?: string; // FAKEQQ_MODE: see fixtures/bin/fake-qmail-queue
  readonly shellPrefix?: string; // e.g. 'ulimit -f 64;' to run qqtag under a shell with limits
  readonly launcher?: string; // another qqtag than dist/qqtag (a copy of dist/)
}
export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly queued: { readonly message: Buffer; readonly envelope: Buffer } | null;
  readonly dir: string;
}

export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'qqtag-test-'));
}

/** A clean environment: none of this machine's NODE_* settings, no config but the test's own. */
export function baseEnv(dir: string, opts: RunOptions): NodeJS.ProcessEnv {
  const configPath = join(dir, 'qqtag.toml');
  writeFileSync(configPath, opts.config ?? '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    TMPDIR: dir,
    QQTAG_CONFIG: configPath,
    QQTAG_QMAILQUEUE: FAKE_QQ,
    FAKEQQ_DIR: dir,
    FAKEQQ_EXIT: String(opts.queueExit ?? 0),
    FAKEQQ_MODE: opts.queueMode ?? '',
  };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Resolves when the write has been handed to the kernel, or failed (qqtag stopped reading: carry on, as qmail does). */
const writeChunk = (stream: Writable, chunk: Buffer): Promise<boolean> =>
  new Promise((resolve) => stream.write(chunk, (err) => resolve(!err)));

async function feedPipes(stdin: Writable, envelopeIn: Writable, message: Buffer, envelope: Buffer): Promise<void> {
  stdin.on('error', () => undefined);
  envelopeIn.on('error', () => undefined);
  // qmail-smtpd writes in 1024-byte pieces; waiting on every 64th keeps the memory of a large message bounded.
  for (let i = 0; i < message.length; i += 64 * 1024) {
    const writes: Promise<boolean>[] = [];
    for (let j = i; j < Math.min(i + 64 * 1024, message.length); j += 1024) writes.push(writeChunk(stdin, message.subarray(j, j + 1024)));
    if (!(await Promise.all(writes)).every(Boolean)) break;
  }
  await new Promise<void>((resolve) => stdin.end(() => resolve()));
  envelopeIn.end(envelope);
}

export interface PipedChild {
  readonly child: ChildProcess;
  readonly message: Writable; // fd 0's write end
  readonly envelope: Writable; // fd 1's write end
}

/** `file` with fd 0 and fd 1 the read ends of two pipes (FIFOs in `dir`, as pipe(2) makes them: not Node's
 *  stdio 'pipe', a socketpair) and stderr a pipe; a shell opens them, then execs `file` (same process, as
 *  qmail's fork and exec). */
export function spawnWithPipes(file: string, dir: string, env: NodeJS.ProcessEnv, shellPrefix = ''): PipedChild {
  const fifos = [join(dir, 'message.fifo'), join(dir, 'envelope.fifo')] as const;
  execFileSync('mkfifo', fifos);
  const child = spawn('/bin/sh', ['-c', `${shellPrefix} exec "$0" <"$1" 1<"$2"`, file, ...fifos], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  // If the shell never opened a read end (it failed first), a reader opened here lets our writer's open finish.
  child.once('exit', () => fifos.forEach((f) => closeSync(openSync(f, constants.O_RDONLY | constants.O_NONBLOCK))));
  const [message, envelope] = fifos.map((f) => createWriteStream(f).on('error', () => undefined));
  return { child, message: message!, envelope: envelope! };
}

export async function runQqtag(opts: RunOptions): Promise<RunResult> {
  const dir = makeTempDir();
  const env = baseEnv(dir, opts);
  const qqtag = opts.launcher ?? QQTAG;
  let child: ChildProcess;
  let feed: Promise<void> = Promise.resolve();
  if ((opts.mode ?? 'pipes') === 'pipes') {
    const piped = spawnWithPipes(qqtag, dir, env, opts.shellPrefix);
    child = piped.child;
    feed = feedPipes(piped.message, piped.envelope, opts.message, opts.envelope);
  } else {
    writeFileSync(join(dir, 'in.eml'), opts.message);
    writeFileSync(join(dir, 'in.env'), opts.envelope);
    const fds = [openSync(join(dir, 'in.eml'), 'r'), openSync(join(dir, 'in.env'), 'r')];
    const command = opts.shellPrefix !== undefined ? ['/bin/sh', ['-c', `${opts.shellPrefix} exec "$0"`, qqtag]] as const : [qqtag, []] as const;
    child = spawn(command[0], [...command[1]], { env, stdio: [fds[0], fds[1], 'pipe'] });
    for (const fd of fds) closeSync(fd);
  }
  let stderr = '';
  child.stderr?.setEncoding('latin1').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  await feed;
  const [code, signal] = await exited;
  if (child.stderr && !child.stderr.readableEnded) await once(child.stderr, 'end');
  const messagePath = join(dir, 'message');
  const envelopePath = join(dir, 'envelope');
  const queued = existsSync(envelopePath)
    ? { message: readFileSync(messagePath), envelope: readFileSync(envelopePath) }
    : null;
  return { code, signal, stderr, queued, dir };
}
