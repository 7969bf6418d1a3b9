// [[local]]: block or allow lists in files, no DNS server needed. One entry a line, '#' comments.
//  type = "ip":     addresses and CIDR ranges, IPv4 and IPv6 (node:net BlockList), matched against the client.
//  type = "domain": domains, matched against the envelope sender's and the From: domain, subdomains included.
// A line that is not an entry is reported (file:line) and skipped; the rest of the list still works.
import { BlockList } from 'node:net';
import { ipFamily as isIP } from '../ip';
import { readRegularFile } from '../regular-file';
import { failed, type Action, type Check, type Finding } from './check';
import { describeError } from '../errno-text';
import { fromHeaderDomain, senderDomain, toQueryDomain } from './domains';

export interface LocalList {
  readonly file: string;
  readonly type: 'ip' | 'domain';
  readonly allow: boolean;
  readonly label: string;
  readonly action: Action;
}

export interface Loaded {
  readonly problems: readonly string[];
  has(value: string): boolean;
}

function entries(file: string): { line: number; text: string }[] {
  return readRegularFile(file, 'latin1')
    .split('\n')
    .map((raw, i) => ({ line: i + 1, text: raw.replace(/#.*/, '').trim() }))
    .filter((e) => e.text !== '');
}

function loadIps(file: string): Loaded {
  const list = new BlockList();
  const problems: string[] = [];
  for (const { line, text } of entries(file)) {
    const [addr = '', bits] = text.split('/');
    const family = isIP(addr);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
      problems.push(`${file}:${line}: not an IP or CIDR: ${text.slice(0, 60)}`);
      continue;
    }
    list.addSubnet(addr, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return { problems, has: (ip) => isIP(ip) !== 0 && list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4') };
}

function loadDomains(file: string): Loaded {
  const set = new Set<string>();
  const problems: string[] = [];
  for (const { line, text } of entries(file)) {
    const domain = toQueryDomain(text.replace(/^\*?\./, ''));
    if (domain) set.add(domain);
    else problems.push(`${file}:${line}: not a domain: ${text.slice(0, 60)}`);
  }
  const has = (domain: string): boolean => {
    for (let d = domain; d.includes('.'); d = d.slice(d.indexOf('.') + 1)) if (set.has(d)) return true;
    return false;
  };
  return { problems, has };
}

/** The list's entries, and its lines that are not entries (file:line: what is wrong). Throws if unreadable. */
export const loadLocalList = (list: Pick<LocalList, 'file' | 'type'>): Loaded => (list.type === 'ip' ? loadIps(list.file) : loadDomains(list.file));

export function localListCheck(list: LocalList, index: number): Check {
  const name = `local:${index}`;
  const found = (what: string): Finding =>
    list.allow
      ? { kind: 'allow', check: name, text: `${what} is allow-listed in ${list.label}` }
      : { kind: 'hit', check: name, text: `${what} is listed in ${list.label}`, action: list.action };
  const load = (): Loaded | Finding => {
    try {
      return loadLocalList(list);
    } catch (err) {
      return failed(name, 'failed', `${list.file}: ${describeError(err)}`);
    }
  };
  const problemsOf = (loaded: Loaded): Finding[] => loaded.problems.map((reason) => ({ kind: 'note', check: name, reason }));
  const base = { id: name, kind: 'local', label: list.label } as const;
  if (list.type === 'ip') {
    return {
      ...base,
      stage: 'client',
      async run(facts): Promise<readonly Finding[]> {
        const loaded = load();
        if ('kind' in loaded) return [loaded];
        if (!facts.ip) return [...problemsOf(loaded), { kind: 'skip', check: name, reason: 'no TCPREMOTEIP' }];
        return [...problemsOf(loaded), loaded.has(facts.ip) ? found(facts.ip) : { kind: 'pass', check: name }];
      },
    };
  }
  return {
    ...base,
    stage: 'message',
    async run(facts): Promise<readonly Finding[]> {
      const loaded = load();
      if ('kind' in loaded) return [loaded];
      const from = facts.headers.all('from')[0];
      const domains = new Set([senderDomain(facts.envelope.sender), from ? fromHeaderDomain(from) : ''].filter(Boolean));
      const listed = [...domains].find((d) => loaded.has(d));
      return [...problemsOf(loaded), listed ? found(listed) : { kind: 'pass', check: name }];
    },
  };
}
