// A mail user's home for the recipe tests: ~/Maildir (cur, new, tmp) and what ended up in which folder.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handOver } from './mail-user';
import { makeTempDir } from './run-qqtag';
import { recipe } from './recipes';

export interface Home {
  readonly dir: string; // the test's temp dir (work files)
  readonly home: string; // dir/home: the user's $HOME
}

/** A fresh home with an empty ~/Maildir, owned by the mail user. */
export function makeHome(): Home {
  const dir = makeTempDir();
  const home = join(dir, 'home');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(home, 'Maildir', sub), { recursive: true });
  handOver(dir);
  return { dir, home };
}

/** Runs a documented shell step (mkdir the folder) as the user would, with HOME set. */
export function runShellStep(home: Home, script: string): void {
  execFileSync('/bin/sh', ['-c', script], { env: { PATH: '/usr/bin:/bin', HOME: home.home }, stdio: 'inherit' });
  handOver(home.dir);
}

/** The messages delivered into a folder: '' is INBOX (~/Maildir/new), '.Spam' is ~/Maildir/.Spam/new. */
export function delivered(home: Home, folder = ''): Buffer[] {
  const dir = join(home.home, 'Maildir', folder, 'new');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().map((f) => readFileSync(join(dir, f)));
}

const FOLDERS = { INBOX: '', Spam: '.Spam', Listed: '.Listed' } as const;
export type Folder = keyof typeof FOLDERS;

/** Where mail went: the folders holding any, with a count when more than one ("Spam", "INBOX x2"). */
export function placement(home: Home): string[] {
  return (Object.keys(FOLDERS) as Folder[]).flatMap((name) => {
    const n = delivered(home, FOLDERS[name]).length;
    return n === 0 ? [] : [n === 1 ? name : `${name} x${n}`];
  });
}

/** docs/filtering.md's step that makes ~/Maildir/.Spam, as the page gives it. */
export const MKDIR_SPAM = recipe('mkdir -p ~/Maildir/.Spam/cur ~/Maildir/.Spam/new ~/Maildir/.Spam/tmp');

/** A home whose Maildir folders (".Spam", ".Listed") were made by that documented step. */
export function homeWithFolders(...folders: string[]): Home {
  const h = makeHome();
  for (const f of folders) runShellStep(h, MKDIR_SPAM.split('.Spam').join(f));
  return h;
}
