// An fs/spawn error in plain words for a log line or the CLI: "no such file or directory (ENOENT)".
import { getSystemErrorMap } from 'node:util';

export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.errno === 'number') {
    const known = getSystemErrorMap().get(e.errno);
    if (known) return `${known[1]} (${known[0]})`;
  }
  return err instanceof Error ? err.message : String(err);
}
