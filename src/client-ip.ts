// TCPREMOTEIP as tcpserver sets it -> the address the lists are asked about. An IPv4-mapped IPv6 address
// (::ffff:192.0.2.1) is the IPv4 client it is; a zone id (fe80::1%eth0) is dropped. '' when unset or not an IP.
import { ipFamily as isIP } from './ip';

export interface ClientIp {
  readonly address: string; // '' = no client (local injection)
}

export function parseClientIp(raw: string | undefined): ClientIp {
  const text = (raw ?? '').trim().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  const address = mapped?.[1] ?? text;
  return { address: isIP(address) === 0 ? '' : address };
}
