// The project's own stand-in for rbldnsd: the same zone files (fixtures/zones, the same `zone:type:file`
// arguments) read by ./zone-data.ts and served on 127.0.0.1 by the tests' small DNS server. Used where rbldnsd is
// not installed (test/helpers/list-server.ts decides). It remembers every name and type it was asked, so that
// the tests can check that each one is in the table compared with rbldnsd (./rbldnsd-answers.ts).
import type { Answer } from 'dns-packet';
import { formatAnswer, type DnsReply } from '../dns-query';
import { startDnsServer, type Answerer } from '../dns-servers';
import { ZONE_DIR, ZONES, type DnsServer } from '../rbldnsd';
import type { ZoneRecord } from './dataset';
import { answerQuery, readZones } from './zone-data';

const TTL = 2100; // rbldnsd's default (35m)

export function toAnswer(name: string, r: ZoneRecord): Answer {
  if (r.type === 'TXT') return { name, type: 'TXT', ttl: TTL, data: [r.data] };
  if (r.type === 'MX') return { name, type: 'MX', ttl: TTL, data: { ...r.data } };
  return { name, type: 'A', ttl: TTL, data: r.data };
}

export interface ZoneServer extends DnsServer {
  /** "name TYPE" of every query so far, name in lowercase. */
  readonly asked: ReadonlySet<string>;
  /** The reply to "name TYPE", as askDns would see it. */
  reply(query: string): DnsReply;
}

export async function startZoneServer(specs: readonly string[] = ZONES, dir = ZONE_DIR): Promise<ZoneServer> {
  const zones = readZones(specs, dir);
  const asked = new Set<string>();
  const answer: Answerer = (name, type) => {
    asked.add(`${name} ${type}`);
    const a = answerQuery(zones, name, type);
    return a.rcode === 'NOERROR' ? a.records.map((r) => toAnswer(name, r)) : a.rcode;
  };
  const reply = (query: string): DnsReply => {
    const [name = '', type = ''] = query.split(' ');
    const a = answerQuery(zones, name, type);
    return { rcode: a.rcode, answers: a.records.map((r) => formatAnswer(toAnswer(name, r))).sort() };
  };
  const server = await startDnsServer(answer);
  return { address: server.address, asked, reply, stop: () => server.stop() };
}
