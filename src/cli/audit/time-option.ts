// The times --since, --until and --compare take: an ISO 8601 date or date and time ("2026-11-30",
// "2026-11-30T14:00", "2026-11-30 14:00:00+01:00"), UTC unless a zone is given; or a TAI64N label copied from
// a log ("@4000000069…").
import { parseTai64n } from './tai64n';

const ISO = /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?))?(Z|[+-]\d\d:?\d\d)?$/i;

/** Unix ms, or null when `text` is none of the accepted forms. */
export function parseTimeOption(text: string): number | null {
  if (text.startsWith('@')) return parseTai64n(text);
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, date, time = '00:00', zone = 'Z'] = m;
  const ms = Date.parse(`${date}T${time}${zone.toUpperCase()}`);
  return Number.isNaN(ms) ? null : ms;
}
