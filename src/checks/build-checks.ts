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

export interface BuildOptions {
  /** The DNS client one check is given, wrapping the run's (qqtag check records each check's queries with
   *  it); `checkId` names that check once it is built. Queue mode gives none: every check shares the client. */
  readonly traceDns?: (dns: DnsClient, checkId: () => string) => DnsClient;
}

/** Builds a check that uses DNS, through the trace wrapper when there is one. */
function withDns<C extends Check>(dns: DnsClient, options: BuildOptions, make: (dns: DnsClient) => C): C {
  if (!options.traceDns) return make(dns);
  let id = '';
  const check = make(options.traceDns(dns, () => id));
  id = check.id;
  return check;
}

function dnsChecks(config: Config, dns: DnsClient, options: BuildOptions): { checks: Check[]; health: HealthHook | undefined } {
  const named = <Z extends { zone: string; label?: string | undefined; codes?: string[] | undefined }>(z: Z) => ({ ...z, label: zoneLabel(z.zone, z.label), codes: compileCodes(z.codes) });
  const via = <C extends Check>(make: (d: DnsClient) => C): C => withDns(dns, options, make);
  const key = (kind: 'ip' | 'domain', zone: string): string => zoneKey(config.dns.servers, kind, zone);
  const lists: (readonly [Check, string])[] = [
    ...config.dnswl.map((z, i) => [via((d) => ipListCheck({ ...named(z), action: 'tag', allow: true }, d, i)), key('ip', z.zone)] as const),
    ...config.dnsbl.map((z, i) => [via((d) => ipListCheck({ ...named(z), allow: false }, d, i)), key('ip', z.zone)] as const),
    ...config.rhsbl.map((z, i) => [via((d) => domainListCheck({ ...named(z), sources: z.check }, d, i)), key('domain', z.zone)] as const),
  ];
  const health = lists.length > 0 ? loadLazy('health').startZoneHealth(config, listZones(config), dns, logLine) : undefined;
  return { checks: lists.map(([check, zone]) => health?.guard(check, zone) ?? check), health };
}

function ruleChecks(config: Config): Check[] {
  const budget = new MatchBudget();
  const compile = (source: string) => loadLazy('re2').compilePattern(source); // re2js: only when a value needs it
  return config.rule.map((r) => headerRuleCheck({ ...r, pattern: r.pattern }, budget, compile));
}

export function buildChecks(config: Config, signal: () => AbortSignal, options: BuildOptions = {}): BuiltChecks {
  const c = config.checks;
  const needsDns = config.dnswl.length + config.dnsbl.length + config.rhsbl.length > 0 || isOn(c.sender_domain_exists);
  const dns = needsDns ? createDnsClient(config.dns.servers, config.dns.deadline_ms, signal()) : undefined;
  const senderDomain = c.sender_domain_exists;
  const lists = dns ? dnsChecks(config, dns, options) : { checks: [], health: undefined };
  const checks = [
    ...lists.checks,
    ...config.local.map((l, i) => localListCheck({ ...l, label: l.label ?? l.file }, i)),
    ...(isOn(c.no_rdns) ? [noRdnsCheck(c.no_rdns)] : []),
    ...(isOn(c.bad_helo) ? [badHeloCheck(c.bad_helo)] : []),
    ...(isOn(c.relay_probe) ? [relayProbeCheck(c.relay_probe)] : []),
    ...(dns && isOn(senderDomain) ? [withDns(dns, options, (d) => senderDomainCheck(senderDomain, d))] : []),
    ...ruleChecks(config),
  ];
  return { checks, dns, health: lists.health };
}
