// Checks of the client from what tcpserver and qmail-smtpd give us, no DNS of our own:
//  no_rdns  — TCPREMOTEHOST unset: tcpserver found no name for the IP (or, with -p, none that resolves back).
//             Needs tcpserver to look names up: with -H it never sets TCPREMOTEHOST and every client would hit.
//  bad_helo — the HELO from qmail-smtpd's own Received line is not a domain with a dot nor an address literal.
import { sanitizeText } from '../sanitize';
import type { Action, ClientCheck, Finding, MessageCheck } from './check';

export function noRdnsCheck(action: Action): ClientCheck {
  const name = 'client:no_rdns';
  return {
    id: name,
    kind: 'client',
    label: 'no_rdns',
    stage: 'client',
    async run(facts): Promise<readonly Finding[]> {
      if (!facts.ip) return [{ kind: 'skip', check: name, reason: 'no TCPREMOTEIP' }];
      if (facts.env['TCPREMOTEHOST']) return [{ kind: 'pass', check: name }];
      return [{ kind: 'hit', check: name, text: `${facts.ip} has no reverse DNS`, action }];
    },
  };
}

// qmail's received.c safeput() writes characters outside [A-Za-z0-9.@%+/=:-] as '?' (some forks keep _ # [ ]):
// "[192.0.2.1]" may arrive as "?192.0.2.1?". A name with any other '?' cannot be judged.
const LITERAL = /^[[?](?:IPv6:)?[0-9A-Fa-f.:]+[\]?]$/;
const DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/;

export const isPlausibleHelo = (helo: string): boolean => LITERAL.test(helo) || DOMAIN.test(helo);

export function badHeloCheck(action: Action): MessageCheck {
  const name = 'client:bad_helo';
  return {
    id: name,
    kind: 'client',
    label: 'bad_helo',
    stage: 'message',
    async run(facts): Promise<readonly Finding[]> {
      const helo = facts.helo;
      if (helo === undefined) return [{ kind: 'skip', check: name, reason: 'no Received line of ours' }];
      if (isPlausibleHelo(helo)) return [{ kind: 'pass', check: name }];
      if (helo.includes('?')) return [{ kind: 'skip', check: name, reason: 'HELO has characters qmail-smtpd masked' }];
      return [{ kind: 'hit', check: name, text: `HELO ${sanitizeText(helo, 100)} is not a domain or address literal`, action }];
    },
  };
}
