// The syntax of a DNS list's `codes` entries, shared by the config schema and the answer classifier:
// "127.0.0.2", "127.0.0.2-127.0.0.11", "127.0.0.4/30", or "&4" (a bitmask on the last octet: URIBL/SURBL).
import { isIPv4 } from './ip';

export type CodeMatcher = (ip: number) => boolean;

export const ipToInt = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

export function parseCodeSpec(spec: string): CodeMatcher | null {
  const mask = /^&(\d{1,3})$/.exec(spec);
  if (mask) {
    const bits = Number(mask[1]);
    return bits > 0 && bits < 256 ? (ip) => (ip & 0xff & bits) !== 0 : null;
  }
  const range = /^([\d.]+)-([\d.]+)$/.exec(spec);
  if (range) {
    const [lo, hi] = [range[1] ?? '', range[2] ?? ''];
    if (!isIPv4(lo) || !isIPv4(hi) || ipToInt(lo) > ipToInt(hi)) return null;
    return (ip) => ip >= ipToInt(lo) && ip <= ipToInt(hi);
  }
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(spec);
  if (cidr) {
    const bits = Number(cidr[2]);
    if (!isIPv4(cidr[1] ?? '') || bits > 32) return null;
    const size = 2 ** (32 - bits);
    const base = Math.floor(ipToInt(cidr[1] ?? '') / size) * size;
    return (ip) => ip >= base && ip < base + size;
  }
  if (!isIPv4(spec)) return null;
  const exact = ipToInt(spec);
  return (ip) => ip === exact;
}

export const isCodeSpec = (spec: string): boolean => parseCodeSpec(spec) !== null;
