// Whether another user (the one qmail-smtpd runs as) may read, write or run a path, judged by permission bits,
// uid and gid, through every directory on the way (each needs search permission). ACLs are not read.
// tcpserver -u UID -g GID runs qmail-smtpd with that one gid and no supplementary groups (ucspi-tcp's
// prot_gid: setgroups(1, &gid)), so a group of USER's other than `id -g USER` does not count; where only such
// a group would allow it, the problem says so.
import { execFileSync } from 'node:child_process';
import { statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface User {
  readonly name: string;
  readonly uid: number;
  readonly gid: number; // `id -g`: the group tcpserver -g gives qmail-smtpd in the usual run script
  readonly groups: readonly number[]; // `id -G`: every group of USER's
}
export type Want = 'read' | 'write' | 'run';

const BIT: Record<Want | 'search', number> = { read: 4, write: 2, run: 1, search: 1 };

const idOf = (flag: string, name: string): number[] =>
  execFileSync('id', [flag, '--', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim()
    .split(/\s+/)
    .map(Number);

/** `id -u/-g/-G USER`, or undefined when there is no such user. */
export function lookUpUser(name: string): User | undefined {
  try {
    const [uid] = idOf('-u', name);
    const [gid] = idOf('-g', name);
    if (uid === undefined || gid === undefined) return undefined;
    return { name, uid, gid, groups: idOf('-G', name) };
  } catch {
    return undefined;
  }
}

function allows(st: Stats, uid: number, groups: readonly number[], bit: number): boolean {
  if (uid === 0) return bit !== 1 || st.isDirectory() || (st.mode & 0o111) !== 0;
  const shift = st.uid === uid ? 6 : groups.includes(st.gid) ? 3 : 0;
  return ((st.mode >> shift) & bit) !== 0;
}

const modeOf = (st: Stats): string => `mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}, owner ${st.uid}:${st.gid}`;
const VERB: Record<Want | 'search', string> = { read: 'readable', write: 'writable', run: 'executable', search: 'searchable' };

function judge(path: string, st: Stats, user: User, want: Want | 'search'): string | undefined {
  if (allows(st, user.uid, [user.gid], BIT[want])) return undefined;
  const through = allows(st, user.uid, user.groups, BIT[want]) ? `; only through a supplementary group of ${user.name}'s, which tcpserver -u/-g does not give qmail-smtpd` : '';
  return `${path} is not ${VERB[want]} by ${user.name} (uid ${user.uid}, gid ${user.gid}; ${modeOf(st)})${through}`;
}

/** The directories from / down to the one holding `path`. */
function ancestors(path: string): string[] {
  const dirs: string[] = [];
  for (let d = dirname(resolve(path)); ; d = dirname(d)) {
    dirs.unshift(d);
    if (d === dirname(d)) return dirs;
  }
}

/** Why `user` cannot `want` the path, or undefined when it can (or the path is missing: reported elsewhere).
 *  A directory to write into also needs search permission. */
export function accessProblem(path: string, user: User, want: Want): string | undefined {
  for (const dir of ancestors(path)) {
    const st = statSync(dir, { throwIfNoEntry: false });
    if (!st) return undefined;
    const problem = judge(dir, st, user, 'search');
    if (problem) return problem;
  }
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return undefined;
  return judge(path, st, user, want) ?? (want === 'write' && st.isDirectory() ? judge(path, st, user, 'search') : undefined);
}
