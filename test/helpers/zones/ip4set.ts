// rbldnsd's ip4set dataset (rbldnsd(8) "ip4set Dataset"; rbldnsd_ip4set.c, ip4parse.c): addresses, prefixes
// ("192.0.2" is 192.0.2.0/24), CIDR, ranges ("192.0.2.1-20", "10.1-10.3") and exclusions ("!192.0.2.7"), each
// with an optional `:A:TXT` value. As in rbldnsd, a range is cut into octet-aligned blocks (/32, /24, /16,
// /8) and a query takes the most specific block that holds it: an exclusion there wins over any listing
// beside it, and a less specific block is not consulted.
import { entryListing, fail, forEachEntry, listingRecords, readDatasetLines, type Dataset, type QueryName, type ZoneRecord } from './dataset';
import { formatIp4, parseIp4Prefix, type Listing, type Substitutions } from './values';

const LEVELS = 4; // block sizes 1, 256, 65536, 2^24 addresses: /32, /24, /16, /8
const mask = (bits: number): number => (bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits));
const and = (a: number, m: number): number => (a & m) >>> 0; // unsigned 32-bit

/** ip4range: [first, last] of an entry's key, e.g. "127.0.0.1-255", "127.16/12", "10.0.0.0-10.0.255.255". */
function parseRange(key: string, where: string): [number, number] {
  const p = parseIp4Prefix(key) ?? fail(where, `invalid address ${key}`);
  const full = (v: number, bits: number): number => v + (2 ** (32 - bits) - 1);
  if (p.rest.startsWith('-')) {
    const q = parseIp4Prefix(p.rest.slice(1)) ?? fail(where, `invalid range ${key}`);
    let last = q.value;
    let bits = q.bits;
    if (q.bits === 8) {
      last = Math.floor(q.value / 2 ** (p.bits - 8)) + and(p.value, mask(p.bits - 8)); // "127.0.0.1-2": the last octet given
      bits = p.bits;
    } else if (q.bits !== p.bits) fail(where, `invalid range ${key}`);
    last = bits === 32 ? last : full(and(last, mask(bits)), bits);
    if (q.rest !== '' || p.value > last) fail(where, `invalid range ${key}`);
    return [p.value, last];
  }
  let bits = p.bits;
  if (p.rest.startsWith('/')) {
    if (!/^\/\d+$/.test(p.rest) || Number(p.rest.slice(1)) > 32 || Number(p.rest.slice(1)) === 0) fail(where, `invalid CIDR ${key}`);
    bits = Number(p.rest.slice(1));
  } else if (p.bits === 8 || p.rest !== '') fail(where, `invalid address ${key} (a bare number needs /8)`);
  if (and(p.value, mask(bits)) !== p.value) fail(where, `${key} has a non-zero host part`);
  return [p.value, full(p.value, bits)];
}

/** ip4range_expand_octet: the octet-aligned blocks [level, base address] of first..last. */
function* blocks(first: number, last: number): Generator<[number, number]> {
  let a = first;
  let b = last;
  for (let level = 0; level < LEVELS - 1; level++) {
    const unit = 256 ** level;
    if (a - (a % 256) + 255 >= b) {
      if (b - a === 255) yield [level + 1, a * unit];
      else for (let x = a; x <= b; x++) yield [level, x * unit];
      return;
    }
    if (a % 256 !== 0) {
      for (let x = a; x <= a - (a % 256) + 255; x++) yield [level, x * unit];
      a = Math.floor(a / 256) + 1;
    } else a /= 256;
    if (b % 256 !== 255) {
      for (let x = b - (b % 256); x <= b; x++) yield [level, x * unit];
      b = Math.floor(b / 256) - 1;
    } else b = Math.floor(b / 256);
  }
  for (let x = a; x <= b; x++) yield [LEVELS - 1, x * 256 ** (LEVELS - 1)];
}

export function readIp4set(files: readonly string[]): Dataset {
  const subst: Substitutions = new Map();
  const levels = Array.from({ length: LEVELS }, () => new Map<number, (Listing | null)[]>());
  forEachEntry(readDatasetLines(files, subst), (t) => t.startsWith(':'), (line, scope) => {
    const excluded = line.text.startsWith('!');
    const m = /^!?[ \t]*([^ \t#;:]+)(.*)$/s.exec(line.text) ?? fail(line.where, 'invalid entry');
    const [first, last] = parseRange(m[1] ?? '', line.where);
    const listing = excluded ? null : entryListing((m[2] ?? '').replace(/^[ \t]*/, ''), scope, line.where);
    for (const [level, base] of blocks(first, last)) {
      const entries = levels[level]?.get(base) ?? [];
      levels[level]?.set(base, [...entries, listing]);
    }
  });
  return {
    lookup(q: QueryName): readonly ZoneRecord[] | null {
      if (q.ip4 === null) return null;
      for (let level = 0; level < LEVELS; level++) {
        const entries = levels[level]?.get(and(q.ip4, mask(32 - 8 * level)));
        if (!entries) continue;
        if (entries.includes(null)) return null; // excluded
        return listingRecords(entries as Listing[], formatIp4(q.ip4), subst);
      }
      return null;
    },
  };
}
