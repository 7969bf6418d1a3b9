// Per-client switches from the environment tcprules sets, laid over the config file:
// QQTAG_DRYRUN=1|0 (on/off whatever the file says), QQTAG_SKIP=1 (no checks), QQTAG_QMAILQUEUE (the real queue).
import { DEFAULT_QMAIL_QUEUE } from './contract';
import type { Config } from './config-schema';

export interface Settings {
  readonly dryRun: boolean;
  readonly skip: string; // why checks are skipped, '' = they run
  readonly queue: string;
  readonly notes: readonly string[]; // environment values we ignored, for the log
}

function flag(env: NodeJS.ProcessEnv, name: string, notes: string[]): boolean | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (v === '1' || v === '0') return v === '1';
  notes.push(`${name}=${v} ignored: use 1 or 0`);
  return undefined;
}

export function resolveSettings(env: NodeJS.ProcessEnv, config: Config): Settings {
  const notes: string[] = [];
  const dryRun = flag(env, 'QQTAG_DRYRUN', notes) ?? config.dry_run;
  const skip = flag(env, 'QQTAG_SKIP', notes) ? 'QQTAG_SKIP=1' : '';
  const queue = env['QQTAG_QMAILQUEUE'] || config.qmail_queue || DEFAULT_QMAIL_QUEUE;
  return { dryRun, skip, queue, notes };
}
