// The qmail-queue(8) interface in one place: fds and exit codes. No other file holds these numbers.
// qmail.c maps 0 = queued, 11..40 = permanent (554), anything else = temporary (451). notqmail (>= 1.09) adds
// fd 6: exit 82 after writing a reply there, "D..." = 554 (permanent), anything else = 451.

export const FD_MESSAGE = 0; // read to EOF first
export const FD_ENVELOPE = 1; // read only after fd 0 hit EOF; never written
export const FD_DIAG = 2; // one line per event, to the tcpserver log
export const FD_REPLY = 6; // notqmail: the write end of a pipe for a reply text of our own

export const QQ = {
  ok: 0,
  addressTooLong: 11,
  refusedPermanently: 31,
  outOfMemory: 51, // also: no resources (fds, processes) to start the queue, limits too low for Node
  timeout: 52,
  writeError: 53, // spool or hand-off write failed, or the queue did not take the whole message
  readError: 54, // fd 0 or fd 1 ended early or failed
  configError: 55, // no usable configuration
  refusedTemporarily: 71,
  internalBug: 81, // our bug, a crash, or the real qmail-queue could not be run
  reply: 82, // notqmail: the reply is on fd 6
  envelopeFormat: 91,
} as const;
export type QqExit = (typeof QQ)[keyof typeof QQ];

/** What an exit code means for the sender (the summary line's `result`). `reply`: the first byte of the fd 6
 *  reply we wrote with 82; undefined when 82 came from the queue program (its reply is not ours to see). */
export type Result = 'queued' | 'refused' | 'deferred' | 'failed' | 'replied';
export function resultOf(code: number, reply?: string): Result {
  if (code === QQ.ok) return 'queued';
  if (code === QQ.reply) return reply === undefined ? 'replied' : reply === 'D' ? 'refused' : 'deferred';
  if (code >= 11 && code <= 40) return 'refused';
  return code === QQ.refusedTemporarily ? 'deferred' : 'failed';
}

export const DEFAULT_QMAIL_QUEUE = '/var/qmail/bin/qmail-queue';
export const DEFAULT_CONFIG_PATH = '/etc/qqtag/qqtag.toml';
/** [health] state_dir by default. It alone may be absent, silently: zone health is then off (README). */
export const DEFAULT_STATE_DIR = '/var/lib/qqtag';
