// Starts the built qqtag the way its callers do, with the recording fake qmail-queue behind it:
//  - 'pipes': as qmail.c's qmail_open: fd 0 and fd 1 are pipes (FIFOs, as pipe(2) makes: not Node's stdio
//    'pipe', which is a socketpair); the whole message is written and closed, only then the envelope is
//    written and closed; stderr is read; then wait.
//  - 'files': as qmail-qfilter and `qqtag <m.eml 1<e.env`: fd 0 and fd 1 are open files.
import { execFileSync, spawn } from 'node:child_process';
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

export async function runQqtag(opts: RunOptions): Promise<RunResult> {
  const dir = makeTempDir();
  const env = baseEnv(dir, opts);
  const mode = opts.mode ?? 'pipes';
  let fds: number[] = [];
  const fifos = [join(dir, 'message.fifo'), join(dir, 'envelope.fifo')] as const;
  if (mode === 'files') {
    writeFileSync(join(dir, 'in.eml'), opts.message);
    writeFileSync(join(dir, 'in.env'), opts.envelope);
    fds = [openSync(join(dir, 'in.eml'), 'r'), openSync(join(dir, 'in.env'), 'r')];
  } else {
    execFileSync('mkfifo', fifos);
  }
  const qqtag = opts.launcher ?? QQTAG;
  // The shell opens the FIFOs' read ends as fd 0 and fd 1, then execs qqtag (same process, as qmail's fork+exec).
  const redirect = mode === 'pipes' ? ' <"$1" 1<"$2"' : '';
  const shell = opts.shellPrefix !== undefined || mode === 'pipes';
  const command = shell ? ['/bin/sh', ['-c', `${opts.shellPrefix ?? ''} exec "$0"${redirect}`, qqtag, ...(mode === 'pipes' ? fifos : [])]] as const : [qqtag, []] as const;
  const child = spawn(command[0], [...command[1]], {
    env,
    stdio: mode === 'files' ? [fds[0], fds[1], 'pipe'] : ['ignore', 'ignore', 'pipe'],
  });
  for (const fd of fds) closeSync(fd);
  let stderr = '';
  child.stderr?.setEncoding('latin1').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  if (mode === 'pipes') {
    // If the shell never opened a read end (it failed first), a reader opened here lets our writer's open finish.
    void exited.then(() => fifos.forEach((f) => closeSync(openSync(f, constants.O_RDONLY | constants.O_NONBLOCK))));
    await feedPipes(createWriteStream(fifos[0]), createWriteStream(fifos[1]), opts.message, opts.envelope);
  }
  const [code, signal] = await exited;
  if (child.stderr && !child.stderr.readableEnded) await once(child.stderr, 'end');
  const messagePath = join(dir, 'message');
  const envelopePath = join(dir, 'envelope');
  const queued = existsSync(envelopePath)
    ? { message: readFileSync(messagePath), envelope: readFileSync(envelopePath) }
    : null;
  return { code, signal, stderr, queued, dir };
}
