// The configured checks, in the order their warnings appear: allow lists, IP lists, domain lists.
// The DNS client exists only when some list is configured.
import type { Config } from '../config-schema';
import { createDnsClient } from '../dns-client';
import type { Check } from './check';
import { compileCodes } from './answer-codes';
import { ipListCheck } from './dnsbl';
import { domainListCheck } from './rhsbl';

export function buildChecks(config: Config, signal: AbortSignal): readonly Check[] {
  const lists = config.dnswl.length + config.dnsbl.length + config.rhsbl.length;
  if (lists === 0) return [];
  const dns = createDnsClient(config.dns.servers, config.dns.deadline_ms, signal);
  return [
    ...config.dnswl.map((z) =>
      ipListCheck({ ...z, label: z.label ?? z.zone, codes: compileCodes(z.codes), action: 'tag', allow: true }, dns),
    ),
    ...config.dnsbl.map((z) => ipListCheck({ ...z, label: z.label ?? z.zone, codes: compileCodes(z.codes), allow: false }, dns)),
    ...config.rhsbl.map((z) =>
      domainListCheck({ ...z, label: z.label ?? z.zone, codes: compileCodes(z.codes), sources: z.check }, dns),
    ),
  ];
}
