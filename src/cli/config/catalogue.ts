// dnsbl-lookup's catalogue of public block lists (IP lists and domain lists), for check-config: a [[dnsbl]] or
// [[rhsbl]] zone that is not in it may be misspelt ("zen.spamhause.org"), and a misspelt zone answers NXDOMAIN to
// every query: a list that silently never lists anything. So a note, never a problem: private, paid (keyed) and
// newer lists are not in it, and allow lists are not its subject.
import { findKeyLine } from '../../config-locate';
import { isKeyedZone } from '../../config-rules';

interface Listed {
  readonly zone: string;
  readonly name: string;
}
// The package's own data files; esbuild bundles them into the check-config bundle only.
const CATALOGUE: readonly Listed[] = [
  ...(require('dnsbl-lookup/list/dnsbl_list.json') as Listed[]),
  ...(require('dnsbl-lookup/list/uribl_list.json') as Listed[]),
];
const KNOWN = new Set(CATALOGUE.map((l) => l.zone.toLowerCase()));

/** One note line per configured block-list zone the catalogue does not know, with file:line. */
export function catalogueNotes(file: string, source: string, data: unknown): string[] {
  const notes: string[] = [];
  for (const table of ['dnsbl', 'rhsbl'] as const) {
    const zones = (data as Record<string, unknown> | null)?.[table];
    if (!Array.isArray(zones)) continue;
    for (const [i, entry] of zones.entries()) {
      const zone = (entry as { zone?: unknown } | null)?.zone;
      if (typeof zone !== 'string' || isKeyedZone(zone) || KNOWN.has(zone.toLowerCase())) continue;
      const line = findKeyLine(source, [table, i, 'zone']);
      notes.push(`note: ${file}${line ? `:${line}` : ''}: ${table}[${i}].zone: ${zone} is not among the ${KNOWN.size} public lists dnsbl-lookup knows: check its spelling (a private, paid or newer list need not be there; \`qqtag lists test\` asks it)`);
    }
  }
  return notes;
}
