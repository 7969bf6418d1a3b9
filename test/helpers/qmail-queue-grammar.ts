// qmail-queue.c's envelope loop, byte by byte, as the reference the tests hold qqtag to (notqmail 1.09 and
// netqmail 1.06 read it identically). `get` is substdio_get of one byte: undefined at EOF. Returns the exit code
// qmail-queue gives: 0 (it queues), 11 (an address of ADDR = 1003 bytes or more), 54 (EOF: die_read), 91
// (a wrong tag byte), and how many bytes it read.
const ADDR = 1003;

export function qmailQueueEnvelope(bytes: Uint8Array): { code: 0 | 11 | 54 | 91; read: number } {
  let pos = 0;
  const get = (): number | undefined => (pos < bytes.length ? bytes[pos++] : undefined);
  let ch = get();
  if (ch === undefined) return { code: 54, read: pos };
  if (ch !== 0x46) return { code: 91, read: pos }; // 'F'
  let len: number;
  for (len = 0; len < ADDR; ++len) {
    ch = get();
    if (ch === undefined) return { code: 54, read: pos };
    if (ch === 0) break;
  }
  if (len >= ADDR) return { code: 11, read: pos };
  for (;;) {
    ch = get();
    if (ch === undefined) return { code: 54, read: pos };
    if (ch === 0) break;
    if (ch !== 0x54) return { code: 91, read: pos }; // 'T'
    for (len = 0; len < ADDR; ++len) {
      ch = get();
      if (ch === undefined) return { code: 54, read: pos };
      if (ch === 0) break;
    }
    if (len >= ADDR) return { code: 11, read: pos };
  }
  return { code: 0, read: pos };
}
