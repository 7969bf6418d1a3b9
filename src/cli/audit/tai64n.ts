// TAI64N labels as multilog writes them: '@', 16 hex digits of seconds (2^62 + TAI seconds), 8 hex digits of
// nanoseconds. libtai's clock is the Unix clock plus 10 s (tai_now = 2^62 + 10 + time()), and tai64nlocal
// subtracts exactly that, ignoring leap seconds: so do we.
//   @4000000069299c9e1b2f5e4c  →  2025-11-28T12:59:00.456Z (as Unix milliseconds)

export const TAI64N_LENGTH = 25; // '@' + 24 hex digits
const TAI_EPOCH_HI = 0x40000000; // the high 32 bits of 2^62
const TAI_OFFSET_S = 10; // libtai: TAI = Unix time + 10 s
const LABEL = /^@([0-9a-fA-F]{8})([0-9a-fA-F]{8})([0-9a-fA-F]{8})$/;

/** Unix time in milliseconds of a label like "@4000000069299c9e1b2f5e4c", or null if it is not one. */
export function parseTai64n(label: string): number | null {
  const m = LABEL.exec(label);
  if (!m) return null;
  const hi = parseInt(m[1] ?? '', 16) - TAI_EPOCH_HI;
  if (hi < 0 || hi > 0xffff) return null; // before 1970 or past any date a log holds
  const seconds = hi * 2 ** 32 + parseInt(m[2] ?? '', 16) - TAI_OFFSET_S;
  const nanos = parseInt(m[3] ?? '', 16);
  if (nanos >= 1e9) return null;
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/** The label multilog would write at Unix time `ms` (milliseconds; nanoseconds below them are zero). */
export function formatTai64n(ms: number): string {
  const seconds = Math.floor(ms / 1000) + TAI_OFFSET_S;
  const nanos = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6);
  return `@${hex8(TAI_EPOCH_HI + Math.floor(seconds / 2 ** 32))}${hex8(seconds % 2 ** 32)}${hex8(nanos)}`;
}
