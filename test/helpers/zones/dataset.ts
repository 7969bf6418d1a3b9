// The parts every rbldnsd dataset shares (rbldnsd(8), "DATASET TYPES AND FORMATS"; readdslines in
// rbldnsd_util.c): lines trimmed of blanks, `#` and `;` comments, `$` special lines, files read one after another
// as one dataset. A line the test server would read differently from rbldnsd is an error naming file:line,
// never guessed at: the fixtures are ours to fix.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { NO_DEFAULT, expandTxt, parseListing, type Listing, type Substitutions } from './values';

/** A query name inside a zone: its labels below the zone (lowercase) and the address they spell, if any. */
export interface QueryName {
  readonly labels: readonly string[];
  readonly ip4: number | null;
  readonly ip6: bigint | null;
}

export type ZoneRecord =
  | { readonly type: 'A'; readonly data: string }
  | { readonly type: 'TXT'; readonly data: Buffer }
  | { readonly type: 'MX'; readonly data: { readonly preference: number; readonly exchange: string } };

export interface Dataset {
  /** The records of a name (of every type), or null when the dataset does not hold it. */
  lookup(q: QueryName): readonly ZoneRecord[] | null;
}

/** One line of a dataset file, trimmed, with where it came from. */
export interface DatasetLine {
  readonly text: string;
  readonly where: string; // "bl.zone:12"
  readonly fileStart: boolean; // the first line of its file (default values reset per file)
}

export class ZoneDataError extends Error {}
export const fail = (where: string, what: string): never => {
  throw new ZoneDataError(`${where}: ${what} (the zone server reads zone files as rbldnsd does, or refuses them)`);
};

/** Reads the files of a dataset; `$n`/`$=` lines go into `subst`, other `$` lines are refused. */
export function readDatasetLines(files: readonly string[], subst: Substitutions): DatasetLine[] {
  const lines: DatasetLine[] = [];
  for (const file of files) {
    let fileStart = true;
    readFileSync(file, 'latin1').split('\n').forEach((raw, i) => {
      const text = raw.replace(/^[ \t]+|[ \t]+$/g, '');
      const where = `${basename(file)}:${i + 1}`;
      if (/^(\$|#\$|:\$)/.test(text)) return readSpecial(text.replace(/^[#:]?\$/, ''), where, subst);
      if (text === '' || text.startsWith('#') || text.startsWith(';')) return;
      lines.push({ text, where, fileStart });
      fileStart = false;
    });
  }
  return lines;
}

function readSpecial(text: string, where: string, subst: Substitutions): void {
  const m = /^([0-9=])[ \t]+(.+)$/.exec(text);
  if (m?.[1] && m[2]) {
    if (!subst.has(m[1])) subst.set(m[1], m[2]); // the first assignment counts
    return;
  }
  if (/^ttl[ \t]/i.test(text)) return; // TTLs are not compared
  fail(where, `special line $${text} is not supported by the test server`);
}

/** Entries with `:A:TXT` values; a default value line applies to the entries after it, up to the end of its file. */
export function forEachEntry(lines: readonly DatasetLine[], isDefaultLine: (text: string) => boolean, entry: (line: DatasetLine, scope: Listing) => void): void {
  let scope = NO_DEFAULT;
  for (const line of lines) {
    if (line.fileStart) scope = NO_DEFAULT;
    if (isDefaultLine(line.text)) scope = parseListing(line.text, NO_DEFAULT) ?? fail(line.where, 'invalid default value');
    else entry(line, scope);
  }
}

/** The value after an entry's key: none (or a comment) is the default in scope; else `:A:TXT`, `:A`, `:A:` or TXT. */
export function entryListing(rest: string, scope: Listing, where: string): Listing {
  const s = rest.replace(/^[ \t]+/, '');
  if (s === '' || s.startsWith('#') || s.startsWith(';')) return scope;
  return parseListing(s, scope) ?? fail(where, `invalid value: ${s}`);
}

/** The A and TXT records of listings found for `subject` (TXT only where the expanded text is not empty). */
export function listingRecords(listings: readonly Listing[], subject: string, subst: Substitutions): ZoneRecord[] {
  return listings.flatMap((l): ZoneRecord[] => {
    const txt = expandTxt(l.txt, subject, subst);
    return txt ? [{ type: 'A', data: l.a }, { type: 'TXT', data: Buffer.from(txt, 'latin1') }] : [{ type: 'A', data: l.a }];
  });
}
