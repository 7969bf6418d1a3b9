// rbldnsd's ip6trie dataset (rbldnsd(8) "ip6trie Dataset"; rbldnsd_ip6trie.c, ip6addr.c): IPv6 CIDR ranges
// ("2001:db8::/32", "2001:21ab:c000/36" with trailing zero groups left out, "2001:db8:1:2" = /64) and
// exclusions, each with an optional `:A:TXT` value. The longest matching prefix decides; `$` in TXT is the
// queried address as rbldnsd prints it (lowercase, no leading zeros, the longest run of two or more zero groups as
// "::").
import { entryListing, fail, forEachEntry, listingRecords, readDatasetLines, type Dataset, type QueryName, type ZoneRecord } from './dataset';
import type { Listing, Substitutions } from './values';

const BITS = 128n;

/** ip6prefix + ip6cidr: → [address, prefix bits]; without "/n" the groups given are the prefix (four = /64). */
function parseCidr(key: string, where: string): [bigint, number] {
  const bad = (): never => fail(where, `invalid address ${key}`);
  const [addr = '', len] = key.split('/');
  const halves = addr.split('::');
  if (halves.length > 2) bad();
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : bad())));
  const front = groups(halves[0] ?? '');
  const back = groups(halves[1] ?? '');
  const compressed = halves.length === 2;
  if (front.length + back.length > (compressed ? 7 : 8)) bad();
  const zeros = Array<number>(8 - front.length - back.length).fill(0);
  const value = [...front, ...zeros, ...back].reduce((v, w) => (v << 16n) | BigInt(w), 0n);
  if (len === undefined && !compressed && front.length === 1) fail(where, `a bare number ${key} needs a /length`);
  if (len !== undefined && (!/^\d+$/.test(len) || Number(len) > 128)) fail(where, `invalid prefix length ${key}`);
  const bits = len !== undefined ? Number(len) : compressed ? 128 : front.length * 16;
  if (value & ((1n << (BITS - BigInt(bits))) - 1n)) fail(where, `${key} has a non-zero host part`);
  return [value, bits];
}

/** ip6atos. */
export function formatIp6(value: bigint): string {
  const words = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: 0, length: 0 };
  for (let i = 0; i < 8; i++) {
    let n = 0;
    while (i + n < 8 && words[i + n] === 0) n++;
    if (n > 1 && n > best.length) best = { start: i, length: n };
  }
  const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(':');
  if (best.length === 0) return hex(words);
  return `${hex(words.slice(0, best.start))}::${hex(words.slice(best.start + best.length))}`;
}

export function readIp6trie(files: readonly string[]): Dataset {
  const subst: Substitutions = new Map();
  const entries: { readonly prefix: bigint; readonly bits: number; readonly listing: Listing | null }[] = [];
  const isDefault = (t: string): boolean => t.startsWith(':') && !t.startsWith('::');
  forEachEntry(readDatasetLines(files, subst), isDefault, (line, scope) => {
    const excluded = line.text.startsWith('!');
    const m = /^!?[ \t]*([0-9a-fA-F:]+(?:\/\d+)?)([ \t#;].*|:.*)?$/s.exec(line.text) ?? fail(line.where, 'invalid entry');
    const [prefix, bits] = parseCidr(m[1] ?? '', line.where);
    if (entries.some((e) => e.prefix === prefix && e.bits === bits)) return; // rbldnsd keeps the first, with a warning
    entries.push({ prefix, bits, listing: excluded ? null : entryListing(m[2] ?? '', scope, line.where) });
  });
  const covers = (e: (typeof entries)[number], a: bigint): boolean => e.bits === 0 || a >> (BITS - BigInt(e.bits)) === e.prefix >> (BITS - BigInt(e.bits));
  return {
    lookup(q: QueryName): readonly ZoneRecord[] | null {
      if (q.ip6 === null) return null;
      const a = q.ip6;
      const matching = entries.filter((e) => covers(e, a));
      const best = matching.reduce((b, e) => (e.bits > b.bits ? e : b), matching[0] ?? { bits: -1, listing: null });
      return best.listing ? listingRecords([best.listing], formatIp6(a), subst) : null;
    },
  };
}
