// What rbldnsd answered, recorded as text: the tables the zone server is checked against everywhere, and rbldnsd
// itself where it is installed (test/e2e/zone-server.test.ts). One line per question:
//   name TYPE RCODE[ | answer]...        e.g.  1.2.0.192.bl.test A NOERROR | A 127.0.0.2
// answers-fixtures.txt: every name the tests ask about fixtures/zones (list-server.ts fails a test that asks
// another). answers-semantics.txt: fixtures/zones/semantics, written to exercise each rule of the zone reader.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DnsReply } from '../dns-query';

export type AnswerTable = ReadonlyMap<string, DnsReply>; // "name TYPE" → reply

export const formatTableLine = (query: string, r: DnsReply): string => [`${query} ${r.rcode}`, ...r.answers].join(' | ');

export function readTable(file: string): AnswerTable {
  const table = new Map<string, DnsReply>();
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [head = '', ...answers] = line.split(' | ');
    const m = /^(\S+) ([A-Z]+) ([A-Z]+)$/.exec(head);
    if (!m) throw new Error(`${file}:${i + 1}: expected "name TYPE RCODE[ | answer]..."`);
    table.set(`${m[1]} ${m[2]}`, { rcode: m[3] ?? '', answers: answers.sort() });
  });
  return table;
}

export const FIXTURE_ANSWERS = readTable(join(__dirname, 'answers-fixtures.txt'));
export const SEMANTICS_ANSWERS = readTable(join(__dirname, 'answers-semantics.txt'));

/** The rbldnsd arguments fixtures/zones/semantics is served with (a zone of two datasets, a zone inside a zone). */
export const SEMANTICS_ZONES = [
  'r.test:ip4set:ranges.zone',
  'r.test:ip4set:second.zone,third.zone',
  'd.test:dnset:domains.zone',
  'v6.test:ip6trie:v6.zone',
  'g.test:generic:records.zone',
  'sub.g.test:ip4set:third.zone',
];
