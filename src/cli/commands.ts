// The subcommands: name, one line for `qqtag --help`, and how to load it. Heavy commands are bundles of their
// own (dist/cli-<name>.cjs, exporting `command`), so that `qqtag is-tagged` on a delivery path loads nothing of
// the audit's report code. The build makes one bundle per entry that names a `source`.
import { requireBundle } from '../lazy';
import type { Command } from './command';

export interface Entry {
  readonly summary: string;
  /** The module under src/ (no extension) of a command bundled on its own; it exports `command`. */
  readonly source?: string;
  readonly command?: Command;
}

export const COMMANDS: Readonly<Record<string, Entry>> = {
  check: { summary: 'run every check on a saved message as queue mode would, and show why it would be tagged', source: 'cli/check/command' },
  'check-config': { summary: 'check a config file and everything it refers to, before deploying it', source: 'cli/config/check-command' },
  'compile-config': { summary: 'check a config file and write FILE.compiled, which queue mode reads instead', source: 'cli/config/compile-command' },
  audit: { summary: 'report from qmail-smtpd logs (dry-run or live) what each list and rule tags, rejects, adds', source: 'cli/audit/command' },
  'is-tagged': { summary: 'exit 0 when the delivered message on fd 0 carries lines qqtag added, 1 when not (for filters)', source: 'cli/is-tagged/command' },
  lists: { summary: 'test the DNS lists against their RFC 5782 test points; show the zone health shared by messages', source: 'cli/lists/command' },
};

export function loadCommand(name: string, entry: Entry): Command {
  if (entry.command) return entry.command;
  return requireBundle<{ command: Command }>(`cli-${name}`, entry.source ?? '').command;
}
