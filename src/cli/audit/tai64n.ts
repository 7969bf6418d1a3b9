// TAI64N labels as multilog writes them: '@', 16 hex digits of seconds (2^62 + TAI seconds), 8 hex digits of
// nanoseconds. libtai's clock is the Unix clock plus 10 s (tai_now = 2^62 + 10 + time()), and tai64nlocal
// subtracts exactly that, ignoring leap seconds: so do we.
//   @4000000069299c9e1b2f5e4c  →  2025-11-28T12:59:00.456Z (as Unix milliseconds)

export const TAI64N_LENGTH = 25; // '@' + 24 hex digits
const TAI_EPOCH_HI = 0x40000000; // the high 32 bits of 2^62
const TAI_OFFSET_S = 10; // libtai: TAI = Unix time + 10 s
/** The value of 8 hex digits at `at`, or -1 (a loop, not parseInt and a regular expression: the hot path). */
function hex8At(s: string, at: number): number {
  let v = 0;
  for (let i = at; i < at + 8; i++) {
    const c = s.charCodeAt(i) | 0x20; // lower case; digits keep their codes
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Unix time in milliseconds of a label like "@4000000069299c9e1b2f5e4c", or null if it is not one. */
export function parseTai64n(label: string): number | null {
  if (label.length !== TAI64N_LENGTH || label.charCodeAt(0) !== 0x40) return null;
  const hi = hex8At(label, 1) - TAI_EPOCH_HI;
  const lo = hex8At(label, 9);
  const nanos = hex8At(label, 17);
  if (hi < 0 || hi > 0xffff || lo < 0 || nanos < 0 || nanos >= 1e9) return null; // before 1970, or not a label
  return (hi * 2 ** 32 + lo - TAI_OFFSET_S) * 1000 + Math.floor(nanos / 1e6);
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/** The label multilog would write at Unix time `ms` (milliseconds; nanoseconds below them are zero). */
export function formatTai64n(ms: number): string {
  const seconds = Math.floor(ms / 1000) + TAI_OFFSET_S;
  const nanos = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6);
  return `@${hex8(TAI_EPOCH_HI + Math.floor(seconds / 2 ** 32))}${hex8(seconds % 2 ** 32)}${hex8(nanos)}`;
}
