// The configured checks, in the order their warnings appear: allow lists, IP lists, domain lists, local lists,
// client and envelope checks, header rules. The DNS client exists only when some check needs DNS; zone health
// (src/health/) only when DNS lists are configured: it may skip a list, and runs the self-test beside them.
import type { Config } from '../config-schema';
import { zoneLabel } from '../config-rules';
import { createDnsClient, type DnsClient } from '../dns-client';
import type { HealthHook } from '../health/zone-health';
import { listZones, zoneKey } from '../health/list-zones';
import { logLine } from '../log';
import { loadLazy } from '../lazy';
import type { Action, Check } from './check';
import { compileCodes } from './answer-codes';
import { ipListCheck } from './dnsbl';
import { domainListCheck } from './rhsbl';
import { localListCheck } from './local-lists';
import { badHeloCheck, noRdnsCheck } from './client-checks';
import { relayProbeCheck, senderDomainCheck } from './envelope-checks';
import { headerRuleCheck, MatchBudget } from './header-rules';

const isOn = (v: 'off' | Action): v is Action => v !== 'off';

export interface BuiltChecks {
  readonly checks: readonly Check[];
  readonly dns: DnsClient | undefined;
  readonly health?: HealthHook | undefined;
}

function dnsChecks(config: Config, dns: DnsClient): { checks: Check[]; health: HealthHook | undefined } {
  const named = <Z extends { zone: string; label?: string | undefined; codes?: string[] | undefined }>(z: Z) => ({ ...z, label: zoneLabel(z.zone, z.label), codes: compileCodes(z.codes) });
  const key = (kind: 'ip' | 'domain', zone: string): string => zoneKey(config.dns.servers, kind, zone);
  const lists: (readonly [Check, string])[] = [
    ...config.dnswl.map((z, i) => [ipListCheck({ ...named(z), action: 'tag', allow: true }, dns, i), key('ip', z.zone)] as const),
    ...config.dnsbl.map((z, i) => [ipListCheck({ ...named(z), allow: false }, dns, i), key('ip', z.zone)] as const),
    ...config.rhsbl.map((z, i) => [domainListCheck({ ...named(z), sources: z.check }, dns, i), key('domain', z.zone)] as const),
  ];
  const health = lists.length > 0 ? loadLazy('health').startZoneHealth(config, listZones(config), dns, logLine) : undefined;
  return { checks: lists.map(([check, zone]) => health?.guard(check, zone) ?? check), health };
}

function ruleChecks(config: Config): Check[] {
  const budget = new MatchBudget();
  return config.rule.map((r) => {
    // A pattern that passed validation can still fail here (a compiled config from before a limit was lowered):
    // then the rule cannot run, which is never a hit (header-rules.ts).
    const pattern = r.pattern === undefined ? undefined : loadLazy('re2').compilePattern(r.pattern);
    return headerRuleCheck({ ...r, pattern }, budget);
  });
}

export function buildChecks(config: Config, signal: () => AbortSignal): BuiltChecks {
  const c = config.checks;
  const needsDns = config.dnswl.length + config.dnsbl.length + config.rhsbl.length > 0 || isOn(c.sender_domain_exists);
  const dns = needsDns ? createDnsClient(config.dns.servers, config.dns.deadline_ms, signal()) : undefined;
  const lists = dns ? dnsChecks(config, dns) : { checks: [], health: undefined };
  const checks = [
    ...lists.checks,
    ...config.local.map((l, i) => localListCheck({ ...l, label: l.label ?? l.file }, i)),
    ...(isOn(c.no_rdns) ? [noRdnsCheck(c.no_rdns)] : []),
    ...(isOn(c.bad_helo) ? [badHeloCheck(c.bad_helo)] : []),
    ...(isOn(c.relay_probe) ? [relayProbeCheck(c.relay_probe)] : []),
    ...(dns && isOn(c.sender_domain_exists) ? [senderDomainCheck(c.sender_domain_exists, dns)] : []),
    ...ruleChecks(config),
  ];
  return { checks, dns, health: lists.health };
}
