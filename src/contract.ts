// The qmail-queue(8) interface in one place: fds and exit codes. No other file holds these numbers.
// qmail.c maps 0 = queued, 11..40 = permanent (554), anything else = temporary (451).

export const FD_MESSAGE = 0; // read to EOF first
export const FD_ENVELOPE = 1; // read only after fd 0 hit EOF; never written
export const FD_DIAG = 2; // one line per event, to the tcpserver log

export const QQ = {
  ok: 0,
  addressTooLong: 11,
  refusedPermanently: 31,
  outOfMemory: 51,
  timeout: 52,
  writeError: 53, // spool or hand-off write failed
  readError: 54, // fd 0 or fd 1 ended early or failed
  configError: 55,
  refusedTemporarily: 71,
  internalBug: 81, // our bug, a crash, or the real qmail-queue could not be run
  envelopeFormat: 91,
} as const;
export type QqExit = (typeof QQ)[keyof typeof QQ];

export const isPermanent = (code: number): boolean => code >= 11 && code <= 40;

export const DEFAULT_QMAIL_QUEUE = '/var/qmail/bin/qmail-queue';
export const DEFAULT_CONFIG_PATH = '/etc/qqtag/qqtag.toml';
