// The configured checks, in the order their warnings appear: allow lists, IP lists, domain lists, local lists,
// client and envelope checks, header rules. The DNS client exists only when some check needs DNS.
import type { Config } from '../config-schema';
import { createDnsClient, type DnsClient } from '../dns-client';
import { loadLazy } from '../lazy';
import type { Action, Check } from './check';
import { compileCodes } from './answer-codes';
import { ipListCheck } from './dnsbl';
import { domainListCheck } from './rhsbl';
import { localListCheck } from './local-lists';
import { badHeloCheck, noRdnsCheck } from './client-checks';
import { relayProbeCheck, senderDomainCheck } from './envelope-checks';
import { headerRuleCheck } from './header-rules';

const isOn = (v: 'off' | Action): v is Action => v !== 'off';

function dnsChecks(config: Config, dns: DnsClient): Check[] {
  const label = (z: { zone: string; label?: string | undefined }): string => z.label ?? z.zone;
  return [
    ...config.dnswl.map((z) => ipListCheck({ ...z, label: label(z), codes: compileCodes(z.codes), action: 'tag', allow: true }, dns)),
    ...config.dnsbl.map((z) => ipListCheck({ ...z, label: label(z), codes: compileCodes(z.codes), allow: false }, dns)),
    ...config.rhsbl.map((z) => domainListCheck({ ...z, label: label(z), codes: compileCodes(z.codes), sources: z.check }, dns)),
  ];
}

function ruleChecks(config: Config): Check[] {
  return config.rule.map((r) => {
    const compiled = r.pattern === undefined ? undefined : loadLazy('re2').compilePattern(r.pattern);
    const pattern = typeof compiled === 'string' ? undefined : compiled; // validated with the config: never a string here
    return headerRuleCheck({ ...r, pattern });
  });
}

export function buildChecks(config: Config, signal: () => AbortSignal): readonly Check[] {
  const c = config.checks;
  const needsDns = config.dnswl.length + config.dnsbl.length + config.rhsbl.length > 0 || isOn(c.sender_domain_exists);
  const dns = needsDns ? createDnsClient(config.dns.servers, config.dns.deadline_ms, signal()) : undefined;
  return [
    ...(dns ? dnsChecks(config, dns) : []),
    ...config.local.map((l) => localListCheck({ ...l, label: l.label ?? l.file })),
    ...(isOn(c.no_rdns) ? [noRdnsCheck(c.no_rdns)] : []),
    ...(isOn(c.bad_helo) ? [badHeloCheck(c.bad_helo)] : []),
    ...(isOn(c.relay_probe) ? [relayProbeCheck(c.relay_probe)] : []),
    ...(dns && isOn(c.sender_domain_exists) ? [senderDomainCheck(c.sender_domain_exists, dns)] : []),
    ...ruleChecks(config),
  ];
}
