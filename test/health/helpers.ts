// Shared by the zone health tests: a config with its own state_dir, one delivery through the built qqtag (with
// the lines it added and its summary), and the state file read back by label.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, runQqtag, type RunResult } from '../helpers/run-qqtag';
import { summaryOf, type Summary } from '../helpers/summary';
import { entriesOf, formatState, parseState, type ZoneEntry } from '../../src/health/health-state';
import { zoneKey } from '../../src/health/list-zones';

export const CLEAN = '192.0.2.99'; // on no list of fixtures/zones
export const LISTED = '192.0.2.1'; // on bl.test
const message = fixture('messages/plain.eml');
const envelope = fixture('envelopes/simple.env');

export interface Lists {
  readonly server: string;
  readonly stateDir: string;
  readonly lists: string; // [[dnsbl]] etc.
  readonly deadlineMs?: number;
  readonly health?: string; // more [health] keys
  readonly dns?: string; // more [dns] keys
}

export const healthConfig = (c: Lists): string =>
  `[dns]\nservers = ["${c.server}"]\ndeadline_ms = ${c.deadlineMs ?? 2000}\n${c.dns ?? ''}\n` +
  `[health]\nstate_dir = "${c.stateDir}"\n${c.health ?? ''}\n${c.lists}`;

export interface Delivered extends RunResult {
  readonly added: string; // the lines put in front of the message
  readonly summary: Summary;
}

/** One message through qqtag; it must be queued (health never costs a message). */
export async function deliver(config: string, ip = CLEAN): Promise<Delivered> {
  const r = await runQqtag({ message, envelope, config, env: { TCPREMOTEIP: ip } });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.queued, r.stderr);
  const added = r.queued.message.subarray(0, r.queued.message.length - message.length).toString('latin1');
  return { ...r, added, summary: summaryOf(r.stderr) };
}

/** The state's entries by label. */
export function stateByLabel(stateDir: string): Record<string, ZoneEntry> {
  const state = parseState(readFileSync(join(stateDir, 'health.json'), 'utf8'));
  assert.ok(state, 'health.json is a state');
  return Object.fromEntries(entriesOf(state).map(([, e]) => [e.label, e]));
}

/** Writes a state as queue mode would have left it: entries for (server, ip zone). */
export function writeState(stateDir: string, server: string, entries: Record<string, ZoneEntry>): void {
  const zones = Object.fromEntries(Object.entries(entries).map(([zone, e]) => [zoneKey([server], 'ip', zone), e]));
  writeFileSync(join(stateDir, 'health.json'), formatState({ zones }, Date.now()));
}

export const linesMatching = (stderr: string, re: RegExp): string[] => stderr.split('\n').filter((l) => re.test(l));
