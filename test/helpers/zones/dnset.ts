// rbldnsd's dnset dataset (rbldnsd(8) "dnset Dataset"; rbldnsd_dnset.c): domain names relative to the zone,
// each with an optional `:A:TXT` value. "example.com" lists that name only, "*.example.com" its subdomains
// only, ".example.com" both; "!" excludes. A name listed as itself is answered from that entry (an exclusion
// there ends the search); otherwise the closest wildcard above it, at least one label up. `$` in TXT is the listed
// entry ("example.com"), not the queried name.
import { entryListing, fail, forEachEntry, listingRecords, readDatasetLines, type Dataset, type QueryName, type ZoneRecord } from './dataset';
import type { Listing, Substitutions } from './values';

type Entries = Map<string, (Listing | null)[]>;

const add = (map: Entries, name: string, listing: Listing | null): void => {
  map.set(name, [...(map.get(name) ?? []), listing]);
};

export function readDnset(files: readonly string[]): Dataset {
  const subst: Substitutions = new Map();
  const plain: Entries = new Map();
  const wild: Entries = new Map();
  forEachEntry(readDatasetLines(files, subst), (t) => t.startsWith(':'), (line, scope) => {
    const m = /^(!?)[ \t]*(\*\.|\.)?([^ \t]*)(.*)$/s.exec(line.text) ?? fail(line.where, 'invalid entry');
    const name = (m[3] ?? '').toLowerCase().replace(/\.$/, '');
    if (name === '' || name.includes('..')) fail(line.where, 'invalid domain name');
    const listing = m[1] ? null : entryListing(m[4] ?? '', scope, line.where);
    if (m[2] !== '*.') add(plain, name, listing);
    if (m[2]) add(wild, name, listing);
  });
  const answer = (name: string, entries: (Listing | null)[]): ZoneRecord[] | null =>
    entries.includes(null) ? null : listingRecords(entries as Listing[], name, subst);
  return {
    lookup(q: QueryName): readonly ZoneRecord[] | null {
      if (q.labels.length === 0) return null;
      const name = q.labels.join('.');
      const own = plain.get(name);
      if (own) return answer(name, own);
      for (let up = 1; up < q.labels.length; up++) {
        const parent = q.labels.slice(up).join('.');
        const entries = wild.get(parent);
        if (entries) return answer(parent, entries);
      }
      return null;
    },
  };
}
