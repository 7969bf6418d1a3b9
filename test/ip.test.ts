import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { ipFamily, reverseName } from '../src/ip';

test('ipFamily agrees with node:net isIP', () => {
  const cases = ['127.0.0.1', '255.255.255.255', '256.0.0.1', '01.2.3.4', '1.2.3', '::1', '::', '2001:db8::2', '::ffff:192.0.2.1',
    '::ffff:7f00:2', 'fe80::1%eth0', '2001:db8:::1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '', 'example.org', '[::1]', '1::2::3', 'g::1'];
  for (const c of cases) assert.equal(ipFamily(c), isIP(c), c);
});

test('reverseName builds the RFC 5782 query names dnsbl-lookup builds (IPv4, IPv6, v4-mapped, zones)', async () => {
  const { reverseIP } = await import('dnsbl-lookup');
  const cases = ['127.0.0.2', '192.0.2.1', '0.0.0.0', '::1', '::', '2001:db8::2', '::ffff:7f00:2', '::FFFF:7F00:2', '1:2:3:4:5:6:7:8',
    '2001:DB8:0:0:1::1', 'fe80::1%eth0', '64:ff9b::192.0.2.1', '1::', 'abcd:ef01:2345:6789:abcd:ef01:2345:6789'];
  let seed = 3;
  const next = (): number => (seed = (seed * 48271) % 2147483647);
  for (let i = 0; i < 300; i++) {
    const groups = Array.from({ length: 8 }, () => (next() % 3 === 0 ? '0' : (next() % 65536).toString(16)));
    cases.push(groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::'), `${next() % 256}.${next() % 256}.${next() % 256}.${next() % 256}`);
  }
  for (const ip of cases) assert.equal(reverseName(ip), reverseIP(ip.replace(/%.*$/, '')).toLowerCase(), ip);
  assert.equal(reverseName('not an ip'), '');
});
