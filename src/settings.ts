// Per-client switches from the environment tcprules sets, laid over the config file:
// QQTAG_DRYRUN (on/off whatever the file says), QQTAG_SKIP (no checks), QQTAG_QMAILQUEUE (the real queue).
// The switches forgive spelling on the safe side (CLARIFICATIONS): 1/0, true/false, yes/no, on/off in any case;
// any other non-empty value means on, with a warning — a typo in a dry-run switch must never make it act.
import { DEFAULT_QMAIL_QUEUE } from './contract';
import type { Config } from './config-schema';

export interface Settings {
  readonly dryRun: boolean;
  readonly skip: '' | 'qqtag_skip' | 'relayclient'; // why checks are skipped, '' = they run
  readonly queue: string;
  readonly notes: readonly string[]; // environment values we read generously, for the log
}

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['0', 'false', 'no', 'off']);

/** undefined when unset or empty; else on or off, unknown words counting as on. */
export function readSwitch(env: NodeJS.ProcessEnv, name: string, notes: string[]): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const word = raw.trim().toLowerCase();
  if (ON.has(word)) return true;
  if (OFF.has(word)) return false;
  notes.push(`${name}=${raw} is not 1/0, true/false, yes/no or on/off: taken as on`);
  return true;
}

export function resolveSettings(env: NodeJS.ProcessEnv, config: Config): Settings {
  const notes: string[] = [];
  const dryRun = readSwitch(env, 'QQTAG_DRYRUN', notes) ?? config.dry_run;
  // RELAYCLIENT (qmail's relaying permission; tcprules sets it, often to "") marks a trusted client.
  const trusted = config.skip_relayclient && env['RELAYCLIENT'] !== undefined;
  const skip = readSwitch(env, 'QQTAG_SKIP', notes) ? 'qqtag_skip' : trusted ? 'relayclient' : '';
  const queue = env['QQTAG_QMAILQUEUE'] || config.qmail_queue || DEFAULT_QMAIL_QUEUE;
  return { dryRun, skip, queue, notes };
}
