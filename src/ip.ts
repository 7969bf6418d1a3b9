// IP address syntax, cheaply. node:net's isIP compiles a large IPv6 regular expression on first use (~3 ms
// of every message's start-up); IPv4 is a small pattern here and IPv6 is left to the WHATWG URL parser (C++).

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const isIPv4 = (s: string): boolean => V4.test(s);

export function isIPv6(s: string): boolean {
  const address = s.replace(/%[\w.-]+$/, ''); // a zone id (fe80::1%eth0), as node:net allows
  if (!address.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(address)) return false;
  try {
    new URL(`http://[${address}]/`);
    return true;
  } catch {
    return false;
  }
}

/** 4, 6, or 0 for anything else (as node:net isIP). */
export const ipFamily = (s: string): 0 | 4 | 6 => (isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0);
