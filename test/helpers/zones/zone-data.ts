// Zones as rbldnsd serves them from its `zone:type:file,file…` arguments (rbldnsd(8); findqzone, replypacket and
// addrr_any in rbldnsd_packet.c): the most specific zone that holds the name answers; a name outside
// every zone is REFUSED; a name no dataset holds is NXDOMAIN; a held name answers its records of the asked type
// (none: NODATA), from every dataset of the zone, identical records once. The zone's own name exists (NODATA),
// but its SOA and NS are REFUSED (the fixtures define no $SOA or $NS).
import { join } from 'node:path';
import { fail, type Dataset, type QueryName, type ZoneRecord } from './dataset';
import { readDnset } from './dnset';
import { readGeneric } from './generic';
import { readIp4set } from './ip4set';
import { readIp6trie } from './ip6trie';

export interface Zone {
  readonly name: string;
  readonly datasets: readonly Dataset[];
  readonly ip4: boolean; // holds an ip4set: IPv4-mapped and 6to4 names are read as IPv4 (rbldnsd's DSTF_IP4REV)
}
export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'REFUSED';
export interface ZoneAnswer {
  readonly rcode: Rcode;
  readonly records: readonly ZoneRecord[];
}

const READERS: Record<string, (files: readonly string[]) => Dataset> = {
  ip4set: readIp4set,
  ip6trie: readIp6trie,
  dnset: readDnset,
  generic: readGeneric,
};

/** Zones from rbldnsd arguments such as "bl.test:ip4set:bl.zone", files relative to `dir`. */
export function readZones(specs: readonly string[], dir: string): Zone[] {
  const zones: { name: string; datasets: Dataset[]; ip4: boolean }[] = [];
  for (const spec of specs) {
    const [zoneName = '', type = '', files = ''] = spec.split(':');
    const read = READERS[type] ?? fail(spec, `dataset type ${type} is not supported by the test server`);
    const name = zoneName.toLowerCase().replace(/\.$/, '');
    let zone = zones.find((z) => z.name === name);
    if (!zone) zones.push((zone = { name, datasets: [], ip4: false }));
    zone.datasets.push(read(files.split(',').map((f) => join(dir, f))));
    zone.ip4 ||= type === 'ip4set';
  }
  return zones;
}

/** dntoip: 4 decimal labels are an IPv4 address, 32 one-hex-digit labels an IPv6 one (both reversed). */
function readQueryName(labels: readonly string[], zone: Zone): QueryName {
  if (labels.length === 4 && labels.every((l) => /^\d{1,3}$/.test(l) && Number(l) <= 255)) {
    return { labels, ip4: labels.reduce((v, l, i) => v + Number(l) * 256 ** i, 0), ip6: null };
  }
  if (labels.length !== 32 || !labels.every((l) => /^[0-9a-f]$/.test(l))) return { labels, ip4: null, ip6: null };
  const ip6 = BigInt(`0x${[...labels].reverse().join('')}`);
  if (zone.ip4 && ip6 >> 32n === 0xffffn) return { labels, ip4: Number(ip6 & 0xffffffffn), ip6: null }; // ::ffff:a.b.c.d
  if (zone.ip4 && ip6 >> 112n === 0x2002n) return { labels, ip4: Number((ip6 >> 80n) & 0xffffffffn), ip6 }; // 6to4
  return { labels, ip4: null, ip6 };
}

const recordKey = (r: ZoneRecord): string =>
  `${r.type} ${r.type === 'TXT' ? r.data.toString('latin1') : JSON.stringify(r.data)}`;

export function answerQuery(zones: readonly Zone[], qname: string, qtype: string): ZoneAnswer {
  const name = qname.toLowerCase().replace(/\.$/, '');
  const holding = zones.filter((z) => name === z.name || name.endsWith(`.${z.name}`));
  const zone = holding.sort((a, b) => b.name.length - a.name.length)[0];
  if (!zone) return { rcode: 'REFUSED', records: [] };
  const labels = name === zone.name ? [] : name.slice(0, -zone.name.length - 1).split('.');
  if (labels.length === 0 && ['SOA', 'NS', 'ANY'].includes(qtype)) return { rcode: 'REFUSED', records: [] };
  const q = readQueryName(labels, zone);
  const found = zone.datasets.map((ds) => ds.lookup(q)).filter((r): r is readonly ZoneRecord[] => r !== null);
  if (found.length === 0 && labels.length > 0) return { rcode: 'NXDOMAIN', records: [] };
  const seen = new Set<string>();
  const records = found.flat().filter((r) => (qtype === 'ANY' || r.type === qtype) && !seen.has(recordKey(r)) && seen.add(recordKey(r)));
  return { rcode: 'NOERROR', records };
}
