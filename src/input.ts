// The input of queue mode: fd 0 (the message, spooled) and then fd 1 (the envelope, judged by qmail-queue's
// grammar), each failure turned into the exit code qmail-queue gives for it, a log line and a summary token.
import { FD_ENVELOPE, FD_MESSAGE, QQ } from './contract';
import type { Config } from './config';
import { logLine } from './log';
import { readSpool, type Spool } from './spool';
import { readToEnd } from './read-fd';
import { exitForEnvelopeIssue, formatEnvelopeIssue, parseEnvelope, scanEnvelope, type Envelope } from './envelope';
import type { ErrorToken } from './summary';

const ENVELOPE_CAP = 16 * 1024 * 1024; // ~16000 recipients of 1000 bytes: past qmail-smtpd's practical reach

/** os.tmpdir()'s rule, without loading node:os for every message. */
const tmpdir = (): string => (process.env['TMPDIR'] || '/tmp').replace(/(.)\/$/, '$1');

export type Failure = { readonly code: number; readonly error: ErrorToken };
const fail = (code: number, error: ErrorToken, line: string): Failure => {
  logLine('error', line);
  return { code, error };
};

export async function readMessage(config: Config, sync: boolean): Promise<Spool | Failure> {
  const dir = config.spool_dir ?? tmpdir();
  const spooled = await readSpool(FD_MESSAGE, config.spool_memory_bytes, dir, sync);
  if (spooled.ok) return spooled.value;
  const i = spooled.issue;
  if (i.code === 'read_failed') return fail(QQ.readError, 'message_read', `message read failed at byte ${i.offset}: ${i.cause}`);
  return fail(QQ.writeError, 'spool', `spool write failed in ${dir}: ${i.cause}`);
}

/** fd 1, read only as far as qmail-queue would read it, and judged by its grammar. */
export async function readEnvelope(sync: boolean): Promise<Envelope | Failure> {
  let next = 0;
  const isDone = (data: Buffer): boolean => {
    const step = scanEnvelope(data, next);
    if (!step.done) next = step.next;
    return step.done;
  };
  const raw = await readToEnd(FD_ENVELOPE, ENVELOPE_CAP, sync, isDone);
  if (!raw.ok && raw.issue.cause === 'EBADF') {
    return fail(QQ.readError, 'fd1_unreadable', 'fd 1 is not open for reading: with no arguments qqtag is the QMAILQUEUE program and reads the envelope there (to test a delivered message: qqtag is-tagged)');
  }
  if (!raw.ok && raw.issue.code === 'too_big') return fail(QQ.outOfMemory, 'envelope_too_big', `envelope over ${ENVELOPE_CAP} bytes`);
  if (!raw.ok) return fail(QQ.readError, 'envelope_read', `envelope read failed: ${raw.issue.cause}`);
  const envelope = parseEnvelope(raw.value);
  if (envelope.ok) return envelope.value;
  const error = ({ truncated: 'envelope_truncated', bad_tag: 'envelope_bad_tag', too_long: 'address_too_long' } as const)[envelope.issue.code];
  return fail(exitForEnvelopeIssue[envelope.issue.code], error, `${formatEnvelopeIssue(envelope.issue)}: message not queued`);
}
