// The resolver gets its servers through c-ares's handle directly (no node:net regex per message), or through the
// public setServers when that is not there: both must reach the same servers.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { promises as dns } from 'node:dns';
import { applyServers, serverTuples } from '../src/dns-client';
import { listServerForFile } from './helpers/list-server';

const lists = listServerForFile();
let rbl: { readonly address: string };
before(async (t) => (rbl = { address: await lists.address(t as unknown as TestContext) }));
after(async () => lists.stop());

test('server entries become the tuples Node would build', () => {
  assert.deepEqual(serverTuples(['127.0.0.1', '127.0.0.1:5300', '::1', '[::1]:53', '[2001:db8::1]']), [
    [4, '127.0.0.1', 53],
    [4, '127.0.0.1', 5300],
    [6, '::1', 53],
    [6, '::1', 53],
    [6, '2001:db8::1', 53],
  ]);
});

for (const direct of [true, false]) {
  test(`servers set ${direct ? "through c-ares's handle" : 'through the public setServers (the fallback)'}: queries reach them`, async () => {
    const resolver = new dns.Resolver({ timeout: 1000, tries: 1 });
    applyServers(resolver, [rbl.address], direct);
    assert.deepEqual(resolver.getServers(), [rbl.address]);
    assert.deepEqual(await resolver.resolve4('2.0.0.127.bl.test'), ['127.0.0.2']);
  });
}

test('a handle whose setServers fails falls back to the public path', async () => {
  const resolver = new dns.Resolver({ timeout: 1000, tries: 1 });
  const handle = (resolver as unknown as { _handle: { setServers: (s: unknown) => number } })._handle;
  const real = handle.setServers.bind(handle);
  let calls = 0;
  handle.setServers = (tuples: unknown) => {
    if (++calls === 1) throw new Error('changed'); // the direct call fails; the public path's own call works
    return real(tuples);
  };
  applyServers(resolver, [rbl.address]);
  assert.equal(calls, 2, 'the direct call, then the public path');
  assert.deepEqual(await resolver.resolve4('2.0.0.127.bl.test'), ['127.0.0.2']);
});
