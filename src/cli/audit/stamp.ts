// A log line's time stamp, as the line arrives: multilog's TAI64N label ("@4000…c 23 text"), the same turned
// into local time by tai64nlocal ("2026-11-28 13:00:10.456789000 text"), or none at all (plain lines).
import { TAI64N_LENGTH, parseTai64n } from './tai64n';

export interface Stamped {
  readonly time: number | undefined; // Unix ms; undefined for a line without a stamp
  readonly text: string; // the line after the stamp and its one space
}

const AT = 0x40;
const SPACE = 0x20;
// tai64nlocal: local time with nanoseconds
const LOCAL = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? /;

function parseLocal(line: string): Stamped | null {
  const m = LOCAL.exec(line);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '0'] = m;
  const ms = Math.floor(Number(`0.${frac}`) * 1000);
  const time = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms).getTime();
  return Number.isNaN(time) ? null : { time, text: line.slice(m[0].length) };
}

/** The stamp and text of one line. A line that only looks stamped (a bad label) is returned whole, unstamped. */
export function splitStamp(line: string): Stamped {
  if (line.charCodeAt(0) === AT && line.charCodeAt(TAI64N_LENGTH) === SPACE) {
    const time = parseTai64n(line.slice(0, TAI64N_LENGTH));
    if (time !== null) return { time, text: line.slice(TAI64N_LENGTH + 1) };
  } else if (line.charCodeAt(4) === 0x2d /* '-' */) {
    const local = parseLocal(line);
    if (local) return local;
  }
  return { time: undefined, text: line };
}
