// Which files to read, for which host, from the command line in its order: `--host NAME` names the host of the
// files after it (until the next --host); a directory is a multilog directory (its rotated `@….s`/`@….u`
// files, gzip'd or not, oldest first, then `current`), or a directory of such directories, one per host, named
// after them. Without --host a log's host is the name of its directory. `--deliveries FILE|DIR` is a qmail-send
// log of the current --host, or of the only host there is. No file at all: standard input.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface Source {
  readonly path: string; // '-' for standard input
  readonly host: string;
  readonly role: 'smtpd' | 'deliveries';
}

export type Token =
  | { readonly kind: 'option'; readonly name: string; readonly value?: string | undefined }
  | { readonly kind: 'positional'; readonly value: string }
  | { readonly kind: 'option-terminator' };

const ROTATED = /^@[0-9a-f]{24}\.[su](\.gz)?$/;
const isLogName = (name: string): boolean => ROTATED.test(name) || name === 'current' || name === 'current.gz';
const hostOfDir = (dir: string): string => basename(resolve(dir));

/** A multilog directory's log files, oldest first; `current` last. */
export function multilogFiles(dir: string): string[] {
  const names = readdirSync(dir).filter(isLogName);
  const order = (n: string): string => (n.startsWith('current') ? `~${n}` : n); // '~' sorts after '@'
  return names.sort((a, b) => (order(a) < order(b) ? -1 : 1)).map((n) => join(dir, n));
}

/** The sources of one path argument: a file, a multilog directory, or a directory of them. */
function expand(path: string, host: string | undefined, role: Source['role']): Source[] {
  if (path === '-') return [{ path, host: host ?? '-', role }];
  if (!statSync(path).isDirectory()) return [{ path, host: host ?? hostOfDir(dirname(path)), role }];
  const own = multilogFiles(path);
  if (own.length > 0) return own.map((p) => ({ path: p, host: host ?? hostOfDir(path), role }));
  const subdirs = readdirSync(path, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(path, d.name)).sort();
  return subdirs.flatMap((d) => multilogFiles(d).map((p) => ({ path: p, host: host ?? hostOfDir(d), role })));
}

export type Plan =
  | { readonly ok: true; readonly sources: readonly Source[] }
  | { readonly ok: false; readonly error: string; readonly unavailable: boolean }; // unavailable: a path cannot be read

export function planSources(tokens: readonly Token[]): Plan {
  let host: string | undefined;
  const smtpd: Source[] = [];
  const deliveries: { path: string; host: string | undefined }[] = [];
  try {
    for (const t of tokens) {
      if (t.kind === 'option' && t.name === 'host') host = t.value;
      else if (t.kind === 'option' && t.name === 'deliveries') deliveries.push({ path: t.value ?? '', host });
      else if (t.kind === 'positional') smtpd.push(...expand(t.value, host, 'smtpd'));
    }
    if (!tokens.some((t) => t.kind === 'positional')) smtpd.push({ path: '-', host: host ?? '-', role: 'smtpd' });
    const hosts = [...new Set(smtpd.map((s) => s.host))];
    const rest: Source[] = [];
    for (const d of deliveries) {
      const of = d.host ?? (hosts.length === 1 ? hosts[0] : undefined);
      if (of === undefined) return { ok: false, error: `--deliveries ${d.path}: which host? name it with --host before it`, unavailable: false };
      rest.push(...expand(d.path, of, 'deliveries'));
    }
    if (smtpd.filter((s) => s.path === '-').length + rest.filter((s) => s.path === '-').length > 1) {
      return { ok: false, error: 'standard input (-) can be read only once', unavailable: false };
    }
    return { ok: true, sources: [...smtpd, ...rest] };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err), unavailable: true };
  }
}
