// Domains from sender-controlled text -> names fit to query: lower-case, no trailing dot, IDN as A-labels
// (WHATWG domainToASCII), never an IP literal or an empty label. '' = nothing to query.
import { domainToASCII } from 'node:url';
import { ipFamily as isIP } from '../ip';
import { addressDomain } from '../envelope';

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

export function toQueryDomain(raw: string): string {
  const text = raw.trim().replace(/\.$/, '');
  if (text === '' || text.startsWith('[') || isIP(text) !== 0) return '';
  const ascii = domainToASCII(text.toLowerCase());
  if (ascii === '' || ascii.length > 200 || isIP(ascii) !== 0) return '';
  return ascii.split('.').every((l) => LABEL.test(l)) && ascii.includes('.') ? ascii : '';
}

/** The envelope sender's domain; 8-bit bytes are taken as UTF-8 (an internationalised domain). */
export const senderDomain = (sender: Buffer): string => toQueryDomain(addressDomain(sender).toString('utf8'));

/** The domain of the (first) address in a decoded From: value: "Name <a@b.example>" or "a@b.example". */
export function fromHeaderDomain(value: string): string {
  const angle = /<([^<>]*)>/.exec(value);
  const address = (angle?.[1] ?? value).trim();
  const at = address.lastIndexOf('@');
  if (at < 0) return '';
  const domain = /^[^\s,;>()"]+/.exec(address.slice(at + 1))?.[0] ?? '';
  return toQueryDomain(domain);
}
