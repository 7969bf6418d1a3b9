// Outside data (TXT records, host names, header values, addresses) on its way into a header or a log line:
// printable ASCII only, every other byte becomes '?', capped in length (rblsmtpd: 200 bytes; qmail received.c safeput).

export const SAFE_TEXT_MAX = 200;

export function sanitizeText(text: string, max = SAFE_TEXT_MAX): string {
  let out = '';
  const end = Math.min(text.length, max);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f ? text[i] : '?';
  }
  return text.length > max ? `${out}...` : out;
}

/** Bytes (an envelope address, a header) read as latin1 so that every byte maps to one character. */
export const sanitizeBytes = (bytes: Buffer, max = SAFE_TEXT_MAX): string =>
  sanitizeText(bytes.toString('latin1', 0, Math.min(bytes.length, max + 1)), max);
