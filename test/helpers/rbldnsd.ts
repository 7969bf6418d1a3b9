// A real rbldnsd (Debian) on 127.0.0.1 at a free port, serving fixtures/zones. Started in before(), stopped in
// after(). It refuses to run as root without -u, so it runs as the rbldns user when we are root.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promises as dns } from 'node:dns';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT } from './run-qqtag';

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

async function waitUntilAnswering(address: string, child: ChildProcess): Promise<void> {
  const r = new dns.Resolver({ timeout: 200, tries: 1 });
  r.setServers([address]);
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) throw new Error(`rbldnsd exited ${child.exitCode}`);
    try {
      await r.resolve4('2.0.0.127.bl.test');
      return;
    } catch {
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  throw new Error('rbldnsd did not answer');
}

export async function startRbldnsd(zones = ZONES): Promise<DnsServer> {
  const port = await freeUdpPort();
  const user = process.getuid?.() === 0 ? ['-u', 'rbldns'] : [];
  const child = spawn('rbldnsd', ['-n', '-q', ...user, '-b', `127.0.0.1/${port}`, '-w', join(ROOT, 'fixtures', 'zones'), ...zones], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(address, child);
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
