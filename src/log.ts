// The only writer of fd 2 (the tcpserver log). One line per event, rblsmtpd's shape:
//   qqtag: 192.0.2.1 pid 4242: info: done from=<a@example.org> rcpts=1 size=1234 warnings=0 action=pass qq=0 ms=31
// Written with fs.writeSync: synchronous, so a line is never lost to process.exit, and process.stderr
// (a stream that may set O_NONBLOCK on a shared pipe) is never touched.
import { writeSync } from 'node:fs';
import { FD_DIAG } from './contract';
import { sanitizeText } from './sanitize';

export type Level = 'info' | 'warn' | 'error' | 'fatal' | 'dry-run';
const LOG_LINE_MAX = 2000;

let client = '';
/** The client IP that prefixes every line; set once at start from TCPREMOTEIP. */
export function setLogClient(ip: string): void {
  client = sanitizeText(ip, 64);
}

export function logLine(level: Level, text: string): void {
  const line = `qqtag: ${client || '-'} pid ${process.pid}: ${level}: ${sanitizeText(text, LOG_LINE_MAX)}\n`;
  try {
    writeSync(FD_DIAG, line);
  } catch {
    // fd 2 closed or full: the exit code still tells qmail-smtpd everything it needs.
  }
}
