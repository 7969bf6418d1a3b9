// Envelope checks:
//  relay_probe          — a recipient whose local part holds '%', '!' or a second '@' (source routing tricks
//                         that probe for an open relay).
//  sender_domain_exists — the envelope sender's domain has no MX, A or AAAA record (three queries at once,
//                         inside the same deadline; <> exempt; a DNS error fails open).
import { TIMEOUT, type DnsClient } from '../dns-client';
import { sanitizeBytes } from '../sanitize';
import { failed, type Action, type Finding, type MessageCheck } from './check';
import { senderDomain } from './domains';

const AT = 0x40;
const isProbe = (rcpt: Buffer): boolean => {
  const at = rcpt.lastIndexOf(AT);
  const local = at < 0 ? rcpt : rcpt.subarray(0, at);
  return local.includes('%') || local.includes('!') || local.includes(AT);
};

export function relayProbeCheck(action: Action): MessageCheck {
  const name = 'envelope:relay_probe';
  return {
    id: name,
    kind: 'envelope',
    label: 'relay_probe',
    stage: 'message',
    async run(facts): Promise<readonly Finding[]> {
      const probe = facts.envelope.recipients.find(isProbe);
      if (probe === undefined) return [{ kind: 'pass', check: name }];
      // The address stays in the log: a Bcc recipient must not be shown to every other recipient.
      const text = 'relay probe: a recipient with %, ! or a second @ in its local part';
      return [{ kind: 'hit', check: name, text, action, detail: `recipient ${sanitizeBytes(probe, 100)}` }];
    },
  };
}

export function senderDomainCheck(action: Action, dns: DnsClient): MessageCheck {
  const name = 'envelope:sender_domain_exists';
  return {
    id: name,
    kind: 'envelope',
    label: 'sender_domain_exists',
    stage: 'message',
    async run(facts): Promise<readonly Finding[]> {
      const { sender } = facts.envelope;
      if (sender.length === 0) return [{ kind: 'skip', check: name, reason: 'null sender' }];
      const domain = senderDomain(sender);
      if (!domain) return [{ kind: 'hit', check: name, text: `sender domain of ${sanitizeBytes(sender, 100)} is not a domain`, action }];
      const answers = await Promise.all([dns.mx(domain), dns.a(domain), dns.aaaa(domain)]);
      if (answers.some((a) => a.ok && a.value.length > 0)) return [{ kind: 'pass', check: name }];
      const bad = answers.find((a) => !a.ok);
      if (bad && !bad.ok) return [failed(name, bad.code === TIMEOUT ? 'timeout' : 'failed', `${domain}: ${bad.code}`)];
      return [{ kind: 'hit', check: name, text: `sender domain ${domain} has no MX, A or AAAA record`, action }];
    },
  };
}
