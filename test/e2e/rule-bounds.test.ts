// Rules are bounded like DNS is (issue "mistakes" §3, §4): patterns too large to run in bounded time are refused
// at config time; the text matched per message is capped; the rule stage stops at the deadline; a rule that
// cannot run (or did not run) is never a hit and never "missing".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixture, makeTempDir, QQTAG, runQqtag } from '../helpers/run-qqtag';
import { assertSummary, summaryOf } from '../helpers/summary';

const envelope = fixture('envelopes/simple.env');
const rule = (name: string, pattern: string, extra = ''): string =>
  `[[rule]]\nname = "${name}"\nheader = "Subject"\npattern = '${pattern}'\nwarning = "${name}"\n${extra}`;

// The issue's measured patterns: 1.8 s to 24 s per message on 31 Subject fields of 8000 bytes in re2js.
const HUGE = ['(?i)(?:\\w+\\s+){1,100}free', '(?i)(?:\\w+\\s?){1,300}!', '(?:a?){1000}a{1000}', '(?i)(?:\\w+\\s?){1,1000}!'];
for (const pattern of HUGE) {
  test(`a pattern whose program is too large is refused at config time: ${pattern}`, async () => {
    const file = join(makeTempDir(), 'qqtag.toml');
    writeFileSync(file, rule('huge', pattern));
    const r = await promisify(execFile)(QQTAG, ['check-config', file]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(r.code, 78);
    assert.match(r.stderr, /rule\[0\]\.pattern: not a usable RE2 pattern: too large: its program has \d+ instructions, at most 400/);
  });
}

/** 31 Subject fields of 8000 bytes of a and b: the worst text for the hostile patterns below. */
function hostileMessage(): Buffer {
  let seed = 7;
  const ab = (): string => {
    let s = '';
    for (let i = 0; i < 8000; i++) s += (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 2 ? 'a' : 'b';
    return s;
  };
  return Buffer.from(`${Array.from({ length: 31 }, () => `Subject: ${ab()}\n`).join('')}\nbody\n`);
}
// Accepted (under the size limit), but each defeats re2js's DFA: ~20 ms per value, ~0.6 s per rule here.
const SLOW = ['(?s)a.{180}(?:x|y)', '(?s)b.{180}(?:x|z)', '(?s)a.{170}(?:y|z)', '(?s)b.{175}(?:q|x)', '(?s)a.{178}(?:w|x)', '(?s)b.{179}(?:v|x)'];

test('the rule stage stops at the deadline: a hostile rule set on a hostile message costs deadline + at most ~100 ms', async () => {
  const deadline = 60; // short enough that the deadline, not the text budget (~220 ms here), stops the rules
  const config = `[dns]\ndeadline_ms = ${deadline}\nnote_unchecked = true\n${SLOW.map((p, i) => rule(`slow${i}`, p, 'action = "reject"\n')).join('')}`;
  const message = hostileMessage();
  const r = await runQqtag({ message, envelope, config });
  assert.equal(r.code, 0, r.stderr); // nothing matched, nothing rejected, nothing lost
  const s = assertSummary(r.stderr, { result: 'queued', action: 'pass', warnings: 1 });
  const waited = Number(s.get('wait_ms'));
  // Ignoring the deadline, the text budget alone would stop them at ~220 ms; ignoring both, ~4 s.
  assert.ok(waited <= deadline + 100, `the client waited ${waited} ms for the checks (deadline ${deadline})`);
  assert.match(r.stderr, /warn: rule:slow\d: not run: the deadline passed/);
  assert.ok(s.checks.some((c) => c.outcome === 'timeout'), s.line);
  assert.ok(s.checks.every((c) => c.outcome === 'timeout' || c.outcome === 'pass'), s.line);
  assert.match(r.queued?.message.toString('latin1') ?? '', /^X-Spam-Warning: not checked: slow/, 'rules not run are "not checked", never hits');
});

test('the text matched per message is capped: past it rules are not run (timeout), never hits', async () => {
  const config = `[dns]\ndeadline_ms = 20000\n${SLOW.slice(0, 3).map((p, i) => rule(`slow${i}`, p)).join('')}`;
  const r = await runQqtag({ message: hostileMessage(), envelope, config });
  assert.equal(r.code, 0, r.stderr);
  const s = summaryOf(r.stderr);
  assert.ok(Number(s.get('wait_ms')) < 5000, s.line);
  assert.deepEqual(s.checks.map((c) => c.outcome).slice(1), ['timeout', 'timeout'], s.line);
  assert.match(r.stderr, /warn: rule:slow1: not run: over 262144 characters of header text matched/);
});

test('a rule whose pattern cannot run is logged and not checked: never a hit, never "missing" (no bounce)', async () => {
  // A compiled config from before a limit was lowered, or edited by hand: its pattern does not compile here.
  const dir = makeTempDir();
  const file = join(dir, 'qqtag.toml');
  writeFileSync(file, rule('odd', 'x', 'action = "reject"\n'));
  execFileSync(QQTAG, ['compile-config', file], { env: { PATH: process.env['PATH'] } });
  const compiled = JSON.parse(readFileSync(`${file}.compiled`, 'utf8'));
  compiled.config.rule[0].pattern = '(?<=x)y'; // lookbehind: not RE2
  writeFileSync(`${file}.compiled`, JSON.stringify(compiled));
  // With a value to match, the engine is consulted and cannot run: failed, logged, not a hit.
  const r = await runQqtag({ message: Buffer.from('Subject: xy\n\nhi\n'), envelope, env: { QQTAG_CONFIG: file } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warn: rule:odd: pattern cannot be used: /);
  assert.equal(summaryOf(r.stderr).outcome('rule:odd'), 'failed');
  // Without the header there is nothing to match: never taken as "missing" (which would reject).
  const none = await runQqtag({ message: Buffer.from('From: a@example.org\n\nno subject at all\n'), envelope, env: { QQTAG_CONFIG: file } });
  assert.equal(none.code, 0, none.stderr);
  assert.notEqual(summaryOf(none.stderr).outcome('rule:odd'), 'hit');
});
