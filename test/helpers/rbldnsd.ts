// A real rbldnsd (Debian) on 127.0.0.1 at a free port, serving fixtures/zones (tests get it through
// list-server.ts, which falls back to the zone server where rbldnsd is not installed; the bench starts it
// directly). It refuses to run as root without -u, so it runs as the rbldns user when we are root.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { join } from 'node:path';
import { askDns } from './dns-query';
import { ROOT } from './run-qqtag';

export const ZONE_DIR = join(ROOT, 'fixtures', 'zones');
export const ZONES = [
  'bl.test:ip4set:bl.zone',
  'bl6.test:ip6trie:bl6.zone',
  'dbl.test:dnset:dbl.zone',
  'wl.test:ip4set:wl.zone',
  'mail.test:generic:mail.zone',
];

export interface DnsServer {
  readonly address: string; // "127.0.0.1:port", as [dns] servers takes it
  stop(): Promise<void>;
}

/** A UDP port that was free a moment ago (rbldnsd binds it itself). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  s.bind(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address();
  s.close();
  return port;
}

/** Asks until any reply comes (REFUSED too: the zones need not hold the name); each try waits at most 100 ms. */
async function waitUntilAnswering(address: string, child: ChildProcess, spawnError: () => Error | undefined): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const err = spawnError();
    if (err) throw new Error(`rbldnsd could not be started: ${err.message}`);
    if (child.exitCode !== null) throw new Error(`rbldnsd exited ${child.exitCode} (its message, if any, is above)`);
    try {
      await askDns(address, 'ready.invalid', 'A', 100);
      return;
    } catch {
      // not listening yet: ask again
    }
  }
  throw new Error('rbldnsd did not answer within 5 s');
}

export async function startRbldnsd(zones: readonly string[] = ZONES, dir = ZONE_DIR): Promise<DnsServer> {
  const port = await freeUdpPort();
  const user = process.getuid?.() === 0 ? ['-u', 'rbldns'] : [];
  const child = spawn('rbldnsd', ['-n', '-q', ...user, '-b', `127.0.0.1/${port}`, '-w', dir, ...zones], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let spawnError: Error | undefined;
  child.on('error', (err) => (spawnError = err));
  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(address, child, () => spawnError);
  } catch (err) {
    child.kill('SIGTERM'); // a server left running would keep the caller's process alive
    throw err;
  }
  return {
    address,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}
