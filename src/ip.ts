// IP address syntax, cheaply. node:net's isIP compiles a large IPv6 regular expression on first use (~3 ms
// of every message's start-up); IPv4 is a small pattern here and IPv6 is left to the WHATWG URL parser (C++).

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const isIPv4 = (s: string): boolean => V4.test(s);

/** The address in the URL parser's canonical form ("2001:db8::2", embedded IPv4 as hex), or '' if none. */
function canonicalIPv6(s: string): string {
  const address = s.replace(/%[\w.-]+$/, ''); // a zone id (fe80::1%eth0), as node:net allows
  if (!address.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(address)) return '';
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return '';
  }
}

export const isIPv6 = (s: string): boolean => canonicalIPv6(s) !== '';

/** 4, 6, or 0 for anything else (as node:net isIP). */
export const ipFamily = (s: string): 0 | 4 | 6 => (isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0);

/** RFC 5782 §2.1 / §2.4: the query name's prefix for an address: "2.0.0.127", or 32 reversed nibbles for IPv6
 *  ("2.0.0.0.…1.0.0.2"); '' if it is no address. (dnsbl-lookup's reverseIP, without loading that package and
 *  node:net's IPv6 regular expression for every message; test/ip.test.ts holds the two equal.) */
export function reverseName(ip: string): string {
  if (isIPv4(ip)) return ip.split('.').reverse().join('.');
  const canonical = canonicalIPv6(ip);
  if (!canonical) return '';
  const [head = '', tail] = canonical.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return [...groups.map((g) => g.padStart(4, '0')).join('')].reverse().join('.');
}
