// The summary line of a run (docs/log.md), read with the project's one reader of the format. Asserts the format
// on the way: exactly one summary line, the last line, every field well formed.
import assert from 'node:assert/strict';
import { parseFields } from '../../src/log-fields';

export interface CheckField {
  readonly kind: string;
  readonly outcome: string;
  readonly ms: number;
  readonly label: string;
}
export interface Summary {
  readonly line: string;
  get(key: string): string | undefined;
  readonly checks: readonly CheckField[];
  /** "kind:label" -> outcome, for the checks in the line. */
  outcome(kindAndLabel: string): string | undefined;
}

const SUMMARY = /^qqtag: \S+ pid \d+: info: done (.*)$/;

export function summaryOf(stderr: string): Summary {
  const lines = stderr.split('\n').filter(Boolean);
  const summaries = lines.filter((l) => SUMMARY.test(l));
  assert.equal(summaries.length, 1, `exactly one summary line:\n${stderr}`);
  assert.equal(lines.at(-1), summaries[0], `the summary line is the last line:\n${stderr}`);
  const line = summaries[0] ?? '';
  const fields = parseFields(SUMMARY.exec(line)?.[1] ?? '');
  assert.ok(fields, `the summary line follows the quoting rule: ${line}`);
  const checks = fields
    .filter(([k]) => k === 'check')
    .map(([, v]) => {
      const m = /^([a-z]+):([a-z_]+):(\d+):(.*)$/.exec(v);
      assert.ok(m, `check field KIND:OUTCOME:MS:LABEL: ${v}`);
      return { kind: m[1] ?? '', outcome: m[2] ?? '', ms: Number(m[3]), label: m[4] ?? '' };
    });
  return {
    line,
    get: (key) => fields.find(([k]) => k === key)?.[1],
    checks,
    outcome: (id) => checks.find((c) => `${c.kind}:${c.label}` === id)?.outcome,
  };
}

/** The summary has these fields with these values (others are not looked at). */
export function assertSummary(stderr: string, want: Readonly<Record<string, string | number | undefined>>): Summary {
  const s = summaryOf(stderr);
  for (const [key, value] of Object.entries(want)) assert.equal(s.get(key), value === undefined ? undefined : String(value), `${key} in ${s.line}`);
  return s;
}
