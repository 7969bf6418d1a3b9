// Which DNS list server the tests get; this file alone decides. The real rbldnsd where it is on PATH (.ci/run
// installs it, so every landing is tested against it), else the project's zone server: the same zone files
// read by test/helpers/zones/ and served on 127.0.0.1. QQTAG_TEST_DNS=rbldnsd demands rbldnsd (a missing one
// fails instead of falling back); QQTAG_TEST_DNS=zone-server picks the stand-in even where rbldnsd is installed.
// Every test that uses a server says which in a diagnostic line; under the zone server it also fails if it
// asked a name that test/helpers/zones/answers-fixtures.txt (the table compared with rbldnsd) lacks.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { TestContext } from 'node:test';
import { startRbldnsd, type DnsServer } from './rbldnsd';
import { FIXTURE_ANSWERS, formatTableLine } from './zones/recorded-answers';
import { startZoneServer, type ZoneServer } from './zones/zone-server';

export interface ListServerChoice {
  readonly kind: 'rbldnsd' | 'zone-server';
  readonly why: string;
}

export function findOnPath(program: string, path = process.env['PATH'] ?? ''): string | null {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return join(dir, program);
    } catch {
      // not in this directory
    }
  }
  return null;
}

export function chooseListServer(env: NodeJS.ProcessEnv = process.env): ListServerChoice {
  const wanted = env['QQTAG_TEST_DNS'] ?? '';
  if (!['', 'rbldnsd', 'zone-server'].includes(wanted)) throw new Error(`QQTAG_TEST_DNS=${wanted}: expected rbldnsd or zone-server`);
  if (wanted === 'zone-server') return { kind: 'zone-server', why: 'QQTAG_TEST_DNS=zone-server' };
  const rbldnsd = findOnPath('rbldnsd', env['PATH']);
  if (rbldnsd) return { kind: 'rbldnsd', why: rbldnsd };
  if (wanted === 'rbldnsd') throw new Error('QQTAG_TEST_DNS=rbldnsd, but rbldnsd is not on PATH: apt-get install rbldnsd');
  return { kind: 'zone-server', why: 'rbldnsd is not on PATH' };
}

/** "DNS lists: rbldnsd (/usr/sbin/rbldnsd) on 127.0.0.1:5300" */
const describe = (c: ListServerChoice, address: string): string =>
  `DNS lists: ${c.kind === 'rbldnsd' ? 'rbldnsd' : "the project's zone server (test/helpers/zones)"} (${c.why}) on ${address}`;

/** Queries the zone server was asked since `from` that the table compared with rbldnsd does not hold. */
function unrecorded(server: ZoneServer, from: number): string[] {
  return [...server.asked].slice(from).filter((q) => !FIXTURE_ANSWERS.has(q));
}

/** A list server for one test file: started by the first test that needs it, stopped by `stop()` in after().
 *  `zones`: rbldnsd's zone specs (NAME:TYPE:FILE in fixtures/zones), the same for both servers. */
export function listServerForFile(zones?: readonly string[]): { address(t: TestContext): Promise<string>; stop(): Promise<void> } {
  const choice = chooseListServer();
  let started: Promise<DnsServer | ZoneServer> | undefined;
  return {
    async address(t) {
      started ??= choice.kind === 'rbldnsd' ? startRbldnsd(zones) : startZoneServer(zones);
      const server = await started;
      t.diagnostic(describe(choice, server.address));
      if ('asked' in server) {
        const from = server.asked.size;
        t.after(() => {
          const missing = unrecorded(server, from);
          if (missing.length > 0) {
            throw new Error(
              `this test asked names that test/helpers/zones/answers-fixtures.txt lacks; add these lines and check them ` +
                `against rbldnsd (test/e2e/zone-server.test.ts where rbldnsd is installed):\n${missing.map((q) => formatTableLine(q, server.reply(q))).join('\n')}`,
            );
          }
        });
      }
      return server.address;
    },
    async stop() {
      if (started) await (await started).stop();
    },
  };
}
