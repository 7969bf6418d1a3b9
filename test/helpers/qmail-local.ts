// A stand-in for qmail-local reading a .qmail file (qmail is not packaged in Debian), as far as the recipes use
// it (qmail-local.c, dot-qmail(5), qmail-command(8)):
//  - "# …" a comment;
//  - "|command": /bin/sh -c command, as the user, cwd = HOME, fd 0 = the message file from its start (rewound
//    for each program), fds 1 and 2 write-only; environment SENDER, RECIPIENT, DTLINE, RPLINE, USER, HOME, HOST,
//    LOCAL (and what the test adds). Exit 0: the next line; 99: stop, delivered; 100, 64, 65, 70, 76, 77, 78,
//    112: bounce; anything else, or a signal: defer (the whole delivery is retried later);
//  - "./dir/" (a line ending in "/"): maildir delivery of Return-Path + Delivered-To + the message; a maildir
//    that cannot be written: defer.
import { closeSync, existsSync, linkSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAsMailUser } from './mail-user';

export type LocalStatus = 'delivered' | 'deferred' | 'bounced';
export interface LocalDelivery {
  readonly status: LocalStatus;
  readonly output: string; // what the programs wrote on fds 1 and 2
}
export interface LocalOptions {
  readonly home: string; // the user's home: cwd of programs, base of "./" lines
  readonly dotQmail: string; // the .qmail text
  readonly queued: Buffer; // the message as the queue holds it (qmail-queue's Received line first)
  readonly sender: string;
  readonly recipient: string; // joe@example.org
  readonly work: string; // a directory for the message file and the output
  readonly env?: NodeJS.ProcessEnv; // added to the program environment (PATH, QMAILQUEUE, ...)
}

const BOUNCE = new Set([100, 64, 65, 70, 76, 77, 78, 112]);
let unique = 0;

export const rpLine = (sender: string): string => `Return-Path: <${sender}>\n`;
export const dtLine = (recipient: string): string => `Delivered-To: ${recipient}\n`;

/** Maildir delivery: tmp/ then a link into new/ (maildir(5)). */
function deliverMaildir(dir: string, bytes: Buffer): boolean {
  const name = `${Date.now()}.${process.pid}_${unique++}.test`;
  try {
    writeFileSync(join(dir, 'tmp', name), bytes, { flag: 'wx', mode: 0o600 });
    linkSync(join(dir, 'tmp', name), join(dir, 'new', name));
    unlinkSync(join(dir, 'tmp', name));
    return true;
  } catch {
    return false;
  }
}

async function runProgram(command: string, o: LocalOptions, message: string, outFd: number): Promise<LocalStatus | 'next'> {
  const [local = '', host = ''] = o.recipient.split('@');
  const env: NodeJS.ProcessEnv = {
    SENDER: o.sender, RECIPIENT: o.recipient, DTLINE: dtLine(o.recipient), RPLINE: rpLine(o.sender),
    USER: local.split('-')[0], HOME: o.home, HOST: host, LOCAL: local, TMPDIR: o.work, ...o.env,
  };
  const fd = openSync(message, 'r');
  try {
    const r = await runAsMailUser('/bin/sh', ['-c', command], { stdin: fd, cwd: o.home, env, outFd });
    if (r.signal || r.code === null) return 'deferred';
    if (r.code === 0) return 'next';
    if (r.code === 99) return 'delivered';
    return BOUNCE.has(r.code) ? 'bounced' : 'deferred';
  } finally {
    closeSync(fd);
  }
}

/** Delivers `queued` to the user by the lines of `dotQmail`. */
export async function deliverLocal(o: LocalOptions): Promise<LocalDelivery> {
  const message = join(o.work, `mess-${unique++}`);
  writeFileSync(message, o.queued, { mode: 0o644 });
  const outPath = join(o.work, `out-${unique++}`);
  const outFd = openSync(outPath, 'a');
  let status: LocalStatus = 'delivered';
  try {
    for (const line of o.dotQmail.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      if (line.startsWith('|')) {
        const r = await runProgram(line.slice(1), o, message, outFd);
        if (r === 'next') continue;
        status = r;
        break;
      }
      if (!line.endsWith('/')) throw new Error(`qmail-local stand-in: only "|" and maildir lines: ${line}`);
      const dir = join(o.home, line);
      const bytes = Buffer.concat([Buffer.from(rpLine(o.sender) + dtLine(o.recipient), 'latin1'), o.queued]);
      if (!existsSync(join(dir, 'tmp')) || !deliverMaildir(dir, bytes)) {
        status = 'deferred';
        break;
      }
    }
  } finally {
    closeSync(outFd);
  }
  return { status, output: readFileSync(outPath, 'utf8') };
}
