// One DNS question over UDP to a server on 127.0.0.1, answered as a comparable text: the response code and the
// answer records in a fixed order ("A 127.0.0.2", "TXT \"listed for 192.0.2.1\"", "MX 10 mx.example"), bytes
// outside printable ASCII in a TXT written \xNN. Unlike Node's resolver it keeps NXDOMAIN, NODATA and REFUSED apart.
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import * as packet from 'dns-packet';

export interface DnsReply {
  readonly rcode: string; // NOERROR, NXDOMAIN, REFUSED, ...
  readonly answers: readonly string[];
}

const escapeBytes = (b: Buffer): string =>
  [...b].map((c) => (c >= 0x20 && c < 0x7f && c !== 0x5c && c !== 0x22 && c !== 0x7c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`)).join('');

export function formatAnswer(a: packet.Answer): string {
  if (a.type === 'TXT') return `TXT "${(Array.isArray(a.data) ? a.data : [a.data]).map((s) => escapeBytes(Buffer.from(s))).join('" "')}"`;
  if (a.type === 'MX') return `MX ${a.data.preference ?? 0} ${a.data.exchange}`;
  const data: unknown = 'data' in a ? a.data : undefined;
  return `${a.type} ${typeof data === 'string' ? data : JSON.stringify(data)}`;
}

export async function askDns(address: string, name: string, type: packet.RecordType, timeoutMs = 2000): Promise<DnsReply> {
  const [host = '', port = ''] = address.split(':');
  const socket = createSocket('udp4');
  const id = Math.floor(Math.random() * 0xffff);
  const timer = setTimeout(() => socket.emit('error', new Error(`${address}: no answer to ${name} ${type} in ${timeoutMs} ms`)), timeoutMs);
  try {
    socket.send(packet.encode({ id, type: 'query', flags: packet.RECURSION_DESIRED, questions: [{ name, type, class: 'IN' }] }), Number(port), host);
    for (;;) {
      const [msg] = (await once(socket, 'message')) as [Buffer];
      const reply = packet.decode(msg) as packet.Packet & { rcode?: string };
      if (reply.id !== id) continue;
      return { rcode: reply.rcode ?? '?', answers: (reply.answers ?? []).map(formatAnswer).sort() };
    }
  } finally {
    clearTimeout(timer);
    socket.close();
  }
}
