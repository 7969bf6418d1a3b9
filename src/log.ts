// The only writer of fd 2 (the tcpserver log). One line per event, rblsmtpd's shape (docs/log.md):
//   qqtag: 192.0.2.1 pid 4242: warn: dnsbl:Spamhaus ZEN: no answer by the deadline
// Written with fs.writeSync: synchronous, so a line is never lost to process.exit, and process.stderr
// (a stream that may set O_NONBLOCK on a shared pipe) is never touched. One write of under 4096 bytes: lines of
// concurrent qmail-smtpd sessions sharing the log pipe never interleave (PIPE_BUF).
import { writeSync } from 'node:fs';
import { FD_DIAG } from './contract';
import { sanitizeText } from './sanitize';

export type Level = 'info' | 'warn' | 'error' | 'fatal' | 'dry-run';
export const LOG_TEXT_MAX = 3900; // + the prefix stays under PIPE_BUF

let client = '';
/** The client IP that prefixes every line; set once at start from TCPREMOTEIP. */
export function setLogClient(ip: string): void {
  client = sanitizeText(ip, 64);
}

export function logLine(level: Level, text: string): void {
  const line = `qqtag: ${client || '-'} pid ${process.pid}: ${level}: ${sanitizeText(text, LOG_TEXT_MAX)}\n`;
  try {
    writeSync(FD_DIAG, line);
  } catch {
    // fd 2 closed or full: the exit code still tells qmail-smtpd everything it needs.
  }
}
