import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHeaderDomain, senderDomain, toQueryDomain } from '../../src/checks/domains';
import { queryName } from '../../src/checks/dnsbl';
import { parseClientIp } from '../../src/client-ip';

test('query domains: lower-case, trailing dot dropped, IDN to A-labels; never IP literals or empty labels', () => {
  assert.equal(toQueryDomain('Example.NET.'), 'example.net');
  assert.equal(toQueryDomain('bücher.example'), 'xn--bcher-kva.example');
  for (const bad of ['', '[192.0.2.1]', '192.0.2.1', 'a..b', 'localhost', '-a.example', 'a b.example', '2001:db8::1']) {
    assert.equal(toQueryDomain(bad), '', bad);
  }
});

test('sender and From: domains', () => {
  assert.equal(senderDomain(Buffer.from('x@Mail.Example.org')), 'mail.example.org');
  assert.equal(senderDomain(Buffer.alloc(0)), '');
  assert.equal(senderDomain(Buffer.from('x@b\xc3\xbccher.example', 'latin1')), 'xn--bcher-kva.example');
  assert.equal(fromHeaderDomain('"Alice" <alice@example.net>'), 'example.net');
  assert.equal(fromHeaderDomain('alice@example.net (Alice)'), 'example.net');
  assert.equal(fromHeaderDomain('undisclosed'), '');
});

test('query names: IPv4 reversed, IPv6 nibbles (RFC 5782 test points)', () => {
  assert.equal(queryName('127.0.0.2', 'bl.test'), '2.0.0.127.bl.test');
  assert.equal(
    queryName('::ffff:7f00:2', 'bl6.test'),
    '2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.bl6.test',
  );
  assert.equal(queryName('2001:db8::2', 'x').split('.').length, 33);
});

test('client IPs: v4-mapped is IPv4, zone ids dropped, junk is no client', () => {
  assert.deepEqual(parseClientIp('::ffff:192.0.2.1'), { address: '192.0.2.1' });
  assert.deepEqual(parseClientIp('fe80::1%eth0'), { address: 'fe80::1' });
  assert.deepEqual(parseClientIp(undefined), { address: '' });
  assert.deepEqual(parseClientIp('unknown'), { address: '' });
});
