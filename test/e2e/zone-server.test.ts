// The zone server (test/helpers/zones, the stand-in for rbldnsd where it is not installed) against rbldnsd: the
// same answers for every name the tests ask about fixtures/zones, and for fixtures/zones/semantics, written to
// exercise each rule of the zone reader. Everywhere, the zone server is checked against rbldnsd's answers
// recorded in test/helpers/zones/answers-*.txt; where rbldnsd is on PATH (always in .ci/run) rbldnsd itself is
// asked too, so that the recording stays true. Where it is not, a test says so by name: nothing is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordType } from 'dns-packet';
import { askDns } from '../helpers/dns-query';
import { chooseListServer, findOnPath } from '../helpers/list-server';
import { startRbldnsd, ZONE_DIR, ZONES } from '../helpers/rbldnsd';
import { makeTempDir } from '../helpers/run-qqtag';
import { FIXTURE_ANSWERS, SEMANTICS_ANSWERS, SEMANTICS_ZONES, formatTableLine, type AnswerTable } from '../helpers/zones/recorded-answers';
import { readZones } from '../helpers/zones/zone-data';
import { startZoneServer } from '../helpers/zones/zone-server';

const SETS = [
  { what: 'fixtures/zones, every name the tests ask', specs: ZONES, dir: ZONE_DIR, table: FIXTURE_ANSWERS },
  { what: 'fixtures/zones/semantics, each rule of the zone reader', specs: SEMANTICS_ZONES, dir: join(ZONE_DIR, 'semantics'), table: SEMANTICS_ANSWERS },
];

/** Asks every question of `table` at `address`; one text per answer that differs from the table. */
async function differences(address: string, table: AnswerTable, who: string): Promise<string[]> {
  const out: string[] = [];
  for (const [question, expected] of table) {
    const [name = '', type = ''] = question.split(' ');
    const got = await askDns(address, name, type as RecordType);
    if (formatTableLine(question, got) !== formatTableLine(question, expected)) {
      out.push(`recorded: ${formatTableLine(question, expected)}\n${who.padStart(8)}: ${formatTableLine(question, got)}`);
    }
  }
  return out;
}

for (const set of SETS) {
  test(`the zone server gives rbldnsd's recorded answers: ${set.what} (${set.table.size} questions)`, async () => {
    const server = await startZoneServer(set.specs, set.dir);
    try {
      assert.deepEqual(await differences(server.address, set.table, 'zone'), []);
    } finally {
      await server.stop();
    }
  });
}

// Compared wherever rbldnsd is installed, whatever server the other tests use (QQTAG_TEST_DNS=zone-server too).
const rbldnsd = findOnPath('rbldnsd');
if (!rbldnsd && process.env['QQTAG_TEST_DNS'] === 'rbldnsd') chooseListServer(); // throws: rbldnsd demanded, missing
if (rbldnsd) {
  for (const set of SETS) {
    test(`rbldnsd (${rbldnsd}) answers as recorded, so as the zone server: ${set.what}`, async () => {
      const server = await startRbldnsd(set.specs, set.dir);
      try {
        assert.deepEqual(await differences(server.address, set.table, 'rbldnsd'), []);
      } finally {
        await server.stop();
      }
    });
  }
} else {
  test('rbldnsd is not on PATH: NOTHING was compared with a running rbldnsd here, only with its recorded answers', (t) => {
    t.diagnostic('compared with rbldnsd: nothing (apt-get install rbldnsd to compare; .ci/run does on every landing)');
    assert.equal(findOnPath('rbldnsd'), null);
  });
}

test('a zone line the zone server would not read as rbldnsd does is an error naming file:line', () => {
  const dir = makeTempDir();
  mkdirSync(join(dir, 'z'));
  const cases: [string, string, RegExp][] = [
    ['ip4set', '$SOA 0 ns.example. admin.example. 0 1h 1h 1w 1h\n', /x\.zone:1: special line \$SOA/],
    ['ip4set', '# ok\n10.0.0.1/24\n', /x\.zone:2: 10\.0\.0\.1\/24 has a non-zero host part/],
    ['ip4set', '0.0.0.0/0\n', /x\.zone:1: invalid CIDR/],
    ['ip4set', '10.0.0.1 :0:zero\n', /x\.zone:1: invalid value/],
    ['ip6trie', '2001:db8::1/64\n', /x\.zone:1: 2001:db8::1\/64 has a non-zero host part/],
    ['generic', 'www AAAA ::1\n', /x\.zone:1: record type AAAA/],
    ['ip4trie', '10.0.0.1\n', /dataset type ip4trie is not supported/],
  ];
  for (const [type, text, error] of cases) {
    writeFileSync(join(dir, 'z', 'x.zone'), text);
    assert.throws(() => readZones([`x.test:${type}:x.zone`], join(dir, 'z')), error, text);
  }
});
