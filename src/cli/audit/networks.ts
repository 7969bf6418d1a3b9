// Grouping keys for the report: the client's network (/24 for IPv4, /48 for IPv6: what one operator usually
// holds) and the envelope sender's domain; and the --network filter.
import { BlockList } from 'node:net';
import { isIPv4, isIPv6 } from '../../ip';

/** The 8 groups of an IPv6 address (a trailing dotted quad included), or null. */
function ipv6Groups(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  return groups.every((g) => /^[0-9a-f]{1,4}$/.test(g)) ? groups.map((g) => parseInt(g, 16)) : null;
}

/** "192.0.2.0/24", "2001:db8:1::/48", or undefined for anything that is not an address. */
export function clientNetwork(ip: string | undefined): string | undefined {
  if (ip === undefined) return undefined;
  if (isIPv4(ip)) return `${ip.slice(0, ip.lastIndexOf('.'))}.0/24`;
  const groups = ip.includes(':') ? ipv6Groups(ip) : null;
  return groups ? `${groups.slice(0, 3).map((g) => g.toString(16)).join(':')}::/48` : undefined;
}

/** The domain of "<a@Example.ORG>", lower-cased; "<>" for the null sender; "(none)" without an @. */
export function senderDomain(from: string | undefined): string {
  if (from === undefined) return '(none)';
  if (from === '<>') return '<>';
  const at = from.lastIndexOf('@');
  if (at < 0) return '(none)';
  return from.slice(at + 1, from.endsWith('>') ? -1 : undefined).toLowerCase() || '(none)';
}

export interface NetworkFilter {
  matches(ip: string | undefined): boolean;
}

/** A filter from CIDR texts ("192.0.2.0/24", "2001:db8::/32", a bare address), or the first bad text. */
export function parseNetworks(cidrs: readonly string[]): { ok: true; filter: NetworkFilter } | { ok: false; bad: string } {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [addr = '', bits] = cidr.split('/');
    const family = isIPv4(addr) ? 'ipv4' : isIPv6(addr) ? 'ipv6' : undefined;
    const prefix = bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits);
    if (!family || !/^\d*$/.test(bits ?? '') || prefix > (family === 'ipv4' ? 32 : 128)) return { ok: false, bad: cidr };
    list.addSubnet(addr, prefix, family);
  }
  const matches = (ip: string | undefined): boolean => {
    if (ip === undefined) return false;
    const family = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : undefined;
    return family !== undefined && list.check(ip, family);
  };
  return { ok: true, filter: { matches } };
}
