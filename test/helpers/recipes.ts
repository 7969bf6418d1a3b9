// The recipes of docs/filtering.md, taken from the page itself so that what users copy is what the tool tests
// run. A recipe is the fenced block whose first line is given (e.g. "# ~/.procmailrc"); the installed paths in
// it are replaced by this checkout's (dist/ and the stand-ins).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './run-qqtag';

const PAGE = join(ROOT, 'docs', 'filtering.md');

/** Installed path in the page → path in this checkout. Longer names first (qqtag-is-tagged before qqtag). */
export const INSTALLED: readonly (readonly [string, string])[] = [
  ['/usr/local/bin/qqtag-is-tagged', join(ROOT, 'dist', 'qqtag-is-tagged')],
  ['/usr/local/bin/qqtag', join(ROOT, 'dist', 'qqtag')],
  ['/var/qmail/bin/condredirect', join(ROOT, 'fixtures', 'bin', 'condredirect')],
];

/** The block that starts with `firstLine`, verbatim, with `extra` replacements after the installed paths. */
export function recipe(firstLine: string, extra: readonly (readonly [string, string])[] = []): string {
  const blocks = [...readFileSync(PAGE, 'utf8').matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
  const found = blocks.filter((b) => b.split('\n')[0] === firstLine);
  if (found.length !== 1) throw new Error(`docs/filtering.md: ${found.length} blocks start with "${firstLine}"`);
  let text = found[0] ?? '';
  for (const [from, to] of [...INSTALLED, ...extra]) text = text.split(from).join(to);
  return text;
}
