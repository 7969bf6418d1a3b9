// rbldnsd's generic dataset (rbldnsd(8) "generic Dataset"; rbldnsd_generic.c): one record a line,
// `name [ttl] [IN] type value` with name relative to the zone (`@` is the zone itself), types A, TXT (one
// string, surrounding quotes removed) and MX (`10 mx.example.`, absolute). No wildcards. A name that has records
// answers NODATA for the types it lacks.
import { fail, readDatasetLines, type Dataset, type QueryName, type ZoneRecord } from './dataset';
import { formatIp4, parseIp4Addr } from './values';

function parseRecord(type: string, value: string, where: string): ZoneRecord {
  if (type === 'a') {
    const a = parseIp4Addr(value);
    return a && a.rest === '' ? { type: 'A', data: formatIp4(a.value) } : fail(where, `invalid A ${value}`);
  }
  if (type === 'txt') {
    const text = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    return { type: 'TXT', data: Buffer.from(text.slice(0, 255), 'latin1') };
  }
  if (type === 'mx') {
    const m = /^(\d+)[ \t]+([^ \t]+)$/.exec(value);
    if (!m || Number(m[1]) > 0xffff) fail(where, `invalid MX ${value}`);
    return { type: 'MX', data: { preference: Number(m?.[1]), exchange: (m?.[2] ?? '').toLowerCase().replace(/\.$/, '') } };
  }
  return fail(where, `record type ${type.toUpperCase()} is not one of A, TXT, MX`);
}

export function readGeneric(files: readonly string[]): Dataset {
  const records = new Map<string, ZoneRecord[]>();
  for (const line of readDatasetLines(files, new Map())) {
    const m = /^([^ \t]+)[ \t]+(?:\d+[ \t]+)?(?:in[ \t]+)?([a-z]+)[ \t]+(.*)$/is.exec(line.text) ?? fail(line.where, 'invalid record');
    const name = m[1] === '@' ? '' : (m[1] ?? '').toLowerCase().replace(/\.$/, '');
    records.set(name, [...(records.get(name) ?? []), parseRecord((m[2] ?? '').toLowerCase(), m[3] ?? '', line.where)]);
  }
  return { lookup: (q: QueryName) => records.get(q.labels.join('.')) ?? null };
}
