// Small DNS servers of the tests' own on 127.0.0.1, for what rbldnsd cannot do (never answer, answer SERVFAIL)
// and where it is not installed: the zone server (./zones/zone-server.ts) serves rbldnsd's zone files with it.
// dns-packet builds and parses the packets.
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import * as packet from 'dns-packet';
import type { DnsServer } from './rbldnsd';

export type Answer = packet.Answer[] | 'SERVFAIL' | 'drop' | 'NXDOMAIN' | 'REFUSED';
/** A promise holds the answer back until it settles (a test decides when a server answers). */
export type Answerer = (name: string, type: string) => Answer | Promise<Answer>;

const RCODE = { SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const; // the low 4 bits of the flags word

export async function startDnsServer(answer: Answerer, delayMs = 0): Promise<DnsServer & { queries: number }> {
  const socket: Socket = createSocket('udp4');
  const state = { queries: 0 };
  let closed = false; // a held answer released after stop() is not sent
  socket.on('message', (msg, from) => {
    state.queries++;
    let query: packet.Packet;
    try {
      query = packet.decode(msg);
    } catch {
      return;
    }
    const q = query.questions?.[0];
    if (!q) return;
    void Promise.resolve(answer(q.name.toLowerCase(), q.type)).then((a) => reply(a, query, q, from));
  });
  function reply(a: Answer, query: packet.Packet, q: packet.Question, from: { port: number; address: string }): void {
    if (a === 'drop') return;
    const rcode = Array.isArray(a) ? 0 : RCODE[a];
    const bytes = packet.encode({
      id: query.id,
      type: 'response',
      flags: packet.AUTHORITATIVE_ANSWER | packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | rcode,
      questions: [q],
      answers: Array.isArray(a) ? a : [],
    });
    setTimeout(() => {
      if (!closed) socket.send(bytes, from.port, from.address);
    }, delayMs);
  }
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const address = `127.0.0.1:${socket.address().port}`;
  return {
    address,
    get queries() {
      return state.queries;
    },
    async stop() {
      closed = true;
      socket.close();
      await once(socket, 'close');
    },
  };
}
