import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { ipFamily } from '../src/ip';

test('ipFamily agrees with node:net isIP', () => {
  const cases = ['127.0.0.1', '255.255.255.255', '256.0.0.1', '01.2.3.4', '1.2.3', '::1', '::', '2001:db8::2', '::ffff:192.0.2.1',
    '::ffff:7f00:2', 'fe80::1%eth0', '2001:db8:::1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '', 'example.org', '[::1]', '1::2::3', 'g::1'];
  for (const c of cases) assert.equal(ipFamily(c), isIP(c), c);
});
