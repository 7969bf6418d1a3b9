// What a valid config still fails on at delivery, checked before it is deployed: list files that are missing or
// hold lines that are not entries, a spool_dir that is missing or not writable (every message would get 53), a
// qmail_queue that is not an executable file (every message would get 81), and, with --as USER, whatever that
// user may not read, write or run. Read from the parsed TOML, so these are found even beside schema errors.
import { accessSync, constants, existsSync, statSync, type Stats } from 'node:fs';
import { DEFAULT_QMAIL_QUEUE } from '../../contract';
import { COMPILED_SUFFIX, formatConfigIssue } from '../../config';
import { findKeyLine } from '../../config-locate';
import { ABSOLUTE, LOCAL_TYPES } from '../../config-rules';
import { describeError } from '../../errno-text';
import { loadLocalList } from '../../checks/local-lists';
import { accessProblem, type User, type Want } from './access';

interface Place {
  readonly key?: string; // none: the problem names its path
  readonly line?: number | undefined;
}
const absolute = (v: unknown): string | undefined => (typeof v === 'string' && ABSOLUTE.test(v) ? v : undefined);

export class Deployment {
  readonly problems: string[] = [];
  private readonly data: Record<string, unknown>;

  constructor(
    private readonly file: string,
    private readonly source: string,
    data: unknown,
  ) {
    this.data = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  }

  private place(path: (string | number)[], key: string): Place {
    return { key, line: findKeyLine(this.source, path) };
  }

  private add(at: Place, message: string): void {
    this.problems.push(formatConfigIssue({ code: 'invalid', file: this.file, ...(at.line ? { line: at.line } : {}), ...(at.key ? { key: at.key } : {}), message }));
  }

  /** The files and directories a message needs, each with what it needs of them and where the config names it. */
  needs(): { path: string; want: Want; at: Place }[] {
    const lists = Array.isArray(this.data['local']) ? (this.data['local'] as unknown[]) : [];
    const compiled = this.file + COMPILED_SUFFIX;
    return [
      { path: this.file, want: 'read' as const, at: {} },
      ...(existsSync(compiled) ? [{ path: compiled, want: 'read' as const, at: {} }] : []),
      ...lists.flatMap((l, i) => {
        const path = absolute((l as { file?: unknown } | null)?.file);
        return path ? [{ path, want: 'read' as const, at: this.place(['local', i, 'file'], `local[${i}].file`) }] : [];
      }),
      { path: this.spoolDir(), want: 'write' as const, at: this.place(['spool_dir'], 'spool_dir') },
      { path: this.queue(), want: 'run' as const, at: this.place(['qmail_queue'], 'qmail_queue') },
    ];
  }

  private spoolDir(): string {
    return absolute(this.data['spool_dir']) ?? '/tmp';
  }

  private queue(): string {
    return absolute(this.data['qmail_queue']) ?? DEFAULT_QMAIL_QUEUE;
  }

  /** Every [[local]] file exists and every line of it is an entry. */
  checkLists(): void {
    const lists = Array.isArray(this.data['local']) ? (this.data['local'] as unknown[]) : [];
    lists.forEach((l, i) => {
      const { file, type } = (l ?? {}) as { file?: unknown; type?: unknown };
      const path = absolute(file);
      if (!path || !(LOCAL_TYPES as readonly unknown[]).includes(type)) return; // a schema error, reported as such
      try {
        this.problems.push(...loadLocalList({ file: path, type: type as 'ip' | 'domain' }).problems.map((p) => `${p}: the line is skipped; fix or remove it`));
      } catch (err) {
        this.add(this.place(['local', i, 'file'], `local[${i}].file`), `${path}: ${describeError(err)}: this list would fail on every message; create it (one entry a line, # comments) or fix the path`);
      }
    });
  }

  /** spool_dir (or /tmp when unset) is a directory this process may write; qmail_queue an executable file. */
  checkSpoolAndQueue(): void {
    const spool = this.spoolDir();
    const spoolAt = this.data['spool_dir'] === undefined ? { key: 'spool_dir (not set: $TMPDIR of qmail-smtpd, else /tmp)' } : this.place(['spool_dir'], 'spool_dir');
    const spoolWhy = 'every message would be deferred (exit 53: qq write error)';
    this.checkPath(spool, spoolAt, (st) => (st.isDirectory() ? undefined : 'not a directory'), constants.W_OK | constants.X_OK, spoolWhy);
    const queue = this.queue();
    const queueAt = this.data['qmail_queue'] === undefined ? { key: `qmail_queue (not set: ${DEFAULT_QMAIL_QUEUE})` } : this.place(['qmail_queue'], 'qmail_queue');
    const queueWhy = 'every message would be deferred (exit 81: qq internal bug)';
    const notProgram = (st: Stats): string | undefined =>
      !st.isFile() ? 'not a regular file' : (st.mode & 0o111) === 0 ? `not executable (mode ${(st.mode & 0o7777).toString(8)})` : undefined;
    this.checkPath(queue, queueAt, notProgram, constants.X_OK, queueWhy);
  }

  private checkPath(path: string, at: Place, kind: (st: Stats) => string | undefined, mode: number, why: string): void {
    try {
      const problem = kind(statSync(path));
      if (problem) return this.add(at, `${path}: ${problem}: ${why}`);
      accessSync(path, mode);
    } catch (err) {
      this.add(at, `${path}: ${describeError(err)}: ${why}`);
    }
  }

  /** What USER may not do of what a message needs. */
  checkUser(user: User): void {
    for (const need of this.needs()) {
      const problem = accessProblem(need.path, user, need.want);
      if (problem) this.add(need.at, `--as ${user.name}: ${problem}`);
    }
  }
}
