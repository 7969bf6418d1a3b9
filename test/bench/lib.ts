// Shared pieces of `npm run bench`: the bench context (temp dir, stand-in queue, clean environments), one timed
// run of a command with fd 0 and fd 1 from files, statistics, and the row result the table is printed from.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
/** qqtag as qmail runs it: the bundle, through its #!/usr/bin/env node line. */
export const QQTAG = join(ROOT, 'dist', 'qqtag'); // the launcher, as QMAILQUEUE names it
export const QQTAG_JS = join(ROOT, 'dist', 'qqtag.cjs');
export const NODE = process.execPath;
export const KiB = 1024;
export const MiB = 1024 * KiB;

/** One line of the printed table. `figure` is the ratio (or count) the goal is about; `absolute` the raw medians. */
export interface RowResult {
  readonly row: string;
  readonly figure: string; // what the numbers are, e.g. "qqtag ÷ node -e 0"
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly unit?: string; // '' for a ratio, else e.g. 'MiB'
  readonly goal: string;
  readonly met: boolean | undefined; // undefined: no goal
  readonly absolute: string;
}

/** A row of the bench: runs its measurements and returns one or more table lines. */
export interface Row {
  readonly name: string; // selectable on the command line: npm run bench -- startup copy
  readonly run: (ctx: Ctx) => Promise<RowResult[]>;
}

export interface Ctx {
  readonly dir: string; // mkdtemp under os.tmpdir(); removed at the end
  readonly standIn: string; // the compiled C stand-in queue
  readonly config: string; // an empty config file: the defaults, no lists
  readonly python: string; // the real python3 binary (not a pyenv shim: that is a bash script)
  /** A clean environment for a timed process: no NODE_EXTRA_CA_CERTS, no NODE_OPTIONS, nothing else of ours. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  log(text: string): void; // progress, to stderr
}

export function makeCtx(dir: string, standIn: string, config: string): Ctx {
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  return {
    dir,
    standIn,
    config,
    python,
    env(extra = {}) {
      const env: NodeJS.ProcessEnv = {
        // the node that runs the bench comes first, for qqtag's `#!/usr/bin/env node`
        PATH: `${dirname(NODE)}:/usr/local/bin:/usr/bin:/bin`,
        TMPDIR: dir,
        QQTAG_CONFIG: config,
        QQTAG_QMAILQUEUE: standIn,
        ...extra,
      };
      for (const k of Object.keys(env)) if (k.startsWith('NODE_')) throw new Error(`bench env must not set ${k}`);
      return env;
    },
    log(text) {
      process.stderr.write(`bench: ${text}\n`);
    },
  };
}

export interface Cmd {
  readonly label: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

export interface Timed {
  readonly ms: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Runs `cmd <stdin 1<stdout 2>stderr` and returns its wall time, from just before spawn to its exit. */
export async function runTimed(cmd: Cmd, stdin: string, stdout: string, stderr: number | 'ignore' = 'ignore'): Promise<Timed> {
  const fd0 = openSync(stdin, 'r');
  const fd1 = openSync(stdout, 'r'); // qmail's fd 1 is the envelope, read by the program
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd.file, [...cmd.args], { stdio: [fd0, fd1, stderr], env: cmd.env });
  closeSync(fd0);
  closeSync(fd1);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, code, signal };
}

/** Like runTimed, but fails loudly unless the exit code is 0: a benchmark of a failing run is worthless. */
export async function runOk(cmd: Cmd, stdin: string, stdout: string, stderr: number | 'ignore' = 'ignore'): Promise<number> {
  const r = await runTimed(cmd, stdin, stdout, stderr);
  if (r.code !== 0) throw new Error(`${cmd.label} exited ${r.code ?? r.signal} (stdin ${stdin})`);
  return r.ms;
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** Linear-interpolated quantile (q in 0..1). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] ?? NaN) + ((s[hi] ?? NaN) - (s[lo] ?? NaN)) * (pos - lo);
}

export const min = (xs: readonly number[]): number => Math.min(...xs);
export const max = (xs: readonly number[]): number => Math.max(...xs);

/** "median (min–max)" of run-level values. */
export const spread = (xs: readonly number[], digits = 1, unit = ''): string =>
  `${median(xs).toFixed(digits)}${unit} (${min(xs).toFixed(digits)}–${max(xs).toFixed(digits)})`;

/** Runs `rounds` rounds of the variants interleaved (A B C, B C A, …: the order rotates) and collects times. */
export async function interleave(
  variants: readonly (() => Promise<number>)[],
  rounds: number,
): Promise<number[][]> {
  const out: number[][] = variants.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (r + k) % variants.length;
      out[i]!.push(await variants[i]!());
    }
  }
  return out;
}

/** A file of `size` bytes that reads as mail: a header block, then 76-character text lines. */
export function writeMessage(path: string, size: number, id: string): void {
  const head = Buffer.from(
    `Received: from mail.example.net (192.0.2.1) by mx.example.org\n` +
      `From: Bench Sender <sender@example.net>\n` +
      `To: rcpt@example.org\n` +
      `Subject: bench message ${id}\n` +
      `Date: Thu, 26 Nov 2026 10:00:00 +0000\n` +
      `Message-ID: <${id}@example.net>\n` +
      `MIME-Version: 1.0\n` +
      `Content-Type: text/plain; charset=us-ascii\n\n`,
  );
  if (size < head.length) throw new Error(`message of ${size} bytes is too small`);
  const line = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen jugs\n'; // 77 bytes
  const block = Buffer.from(line.repeat(Math.ceil(MiB / line.length)).slice(0, MiB));
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    let left = size - head.length;
    while (left > 0) {
      const n = Math.min(left, block.length);
      // the last chunk ends in a newline, like real mail
      const chunk = n === left && n > 0 ? Buffer.concat([block.subarray(0, n - 1), Buffer.from('\n')]) : block.subarray(0, n);
      writeSync(fd, chunk);
      left -= n;
    }
  } finally {
    closeSync(fd);
  }
}

export const envelopeBytes = (sender: string): Buffer => Buffer.from(`F${sender}\0Trcpt@example.org\0\0`, 'latin1');

/** The 4 KiB message and one-recipient envelope most rows time: ctx.dir/NAME.eml and NAME.env. */
export function writeSmallInput(dir: string, name: string): { msg: string; env: string } {
  const msg = join(dir, `${name}.eml`);
  const env = join(dir, `${name}.env`);
  writeMessage(msg, 4 * KiB, name);
  writeFileSync(env, envelopeBytes('sender@example.net'));
  return { msg, env };
}

/** The stand-in's log record for a message: "<bytes> <FNV-1a 64 hex> <envelope, NUL as '|'>". */
export function standInRecord(message: Buffer, envelope: Buffer): string {
  // FNV-1a 64 with two 32-bit halves (BigInt is ~20× slower); prime 2^40 + 0x1b3
  let hi = 0xcbf29ce4 >>> 0;
  let lo = 0x84222325 >>> 0;
  for (const byte of message) {
    lo = (lo ^ byte) >>> 0;
    // (hi:lo) * 0x1b3 + (lo << 40)
    const loL = lo & 0xffff;
    const loH = lo >>> 16;
    const a = loL * 0x1b3;
    const b = loH * 0x1b3 + (a >>> 16);
    const newLo = ((b & 0xffff) << 16 | (a & 0xffff)) >>> 0;
    const newHi = (Math.imul(hi, 0x1b3) + Math.floor(b / 0x10000) + ((lo << 8) >>> 0)) >>> 0;
    hi = newHi;
    lo = newLo;
  }
  const hex = hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
  return `${message.length} ${hex} ${envelope.toString('latin1').replace(/\0/g, '|')}`;
}

export const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
