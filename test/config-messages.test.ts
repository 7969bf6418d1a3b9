// Config problems in the words of a TOML error (issue 10 §2): "missing" for a missing key, the value found and
// what to give instead for a wrong one, every problem with its own line, and RE2 errors that say why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatConfigIssue } from '../src/config';
import { parseConfig } from '../src/config-parse';
import { compilePattern } from '../src/lazy/re2';

const problems = (source: string): string[] => {
  const r = parseConfig(source, 'q.toml');
  return r.ok ? [] : (r.issues ?? [r.issue]).map(formatConfigIssue);
};

test('each kind of schema problem, with its line and key', () => {
  const cases: [string, string][] = [
    ['[[local]]\nfile = "/x"\n', 'config q.toml:1: local[0].type: missing: give one of "ip", "domain"'],
    ['[[dnsbl]]\nlabel = "L"\n', 'config q.toml:1: dnsbl[0].zone: missing: give a text in quotes'],
    ['dry_run = 1\n', 'config q.toml:1: dry_run: not true or false: found the number 1'],
    ['[dns]\nservers = "127.0.0.1"\n', 'config q.toml:2: dns.servers: not a list [ ... ]: found the text "127.0.0.1"'],
    ['[dns]\ndeadline_ms = 2.5\n', 'config q.toml:2: dns.deadline_ms: not a whole number: found the number 2.5'],
    ['[dns]\ndeadline_ms = 99999\n', 'config q.toml:2: dns.deadline_ms: the number 99999 is too large: at most 60000'],
    ['[checks]\nno_rdns = "yes"\n', 'config q.toml:2: checks.no_rdns: the text "yes" is not one of "off", "tag", "reject", "defer"'],
    ['[[dnsbl]]\nzone = "x.test"\nlabel = ""\n', 'config q.toml:3: dnsbl[0].label: empty: give a text'],
    [`[[rule]]\nname = "r"\nheader = "Subject"\nmissing = true\nwarning = "${'w'.repeat(301)}"\n`, 'config q.toml:5: rule[0].warning: too long: 301 characters, at most 300'],
    ['[[rhsbl]]\nzone = "x.test"\ncheck = []\n', 'config q.toml:3: rhsbl[0].check: too few entries: at least 1 entry'],
    ['[dns]\nserver = []\n', 'config q.toml:2: dns.server: unknown key: not a qqtag setting here (misspelt, or in the wrong table?)'],
    ['[[local]]\nfile = "lists/x"\ntype = "ip"\n', 'config q.toml:2: local[0].file: must be an absolute path: found the text "lists/x"'],
    ['[[rule]]\nname = "r"\nheader = "Subject"\nwarning = "w"\n', 'config q.toml:1: rule[0]: give either pattern or missing = true'],
  ];
  for (const [source, expected] of cases) assert.deepEqual(problems(source), [expected], source);
});

test('all problems, not only the first; two unknown keys are two lines', () => {
  assert.deepEqual(problems('a = 1\nb = 2\ndry_run = "no"\n'), [
    'config q.toml:3: dry_run: not true or false: found the text "no"',
    'config q.toml:1: a: unknown key: not a qqtag setting here (misspelt, or in the wrong table?)',
    'config q.toml:2: b: unknown key: not a qqtag setting here (misspelt, or in the wrong table?)',
  ]);
});

test('a long value is cut in the message', () => {
  const [line] = problems(`header = "${'x'.repeat(200)} y"\n`);
  assert.ok(line !== undefined && line.length < 160, line);
  assert.match(line ?? '', /header: not a header field name: found the text "x+\.\.\.$/);
});

test('RE2 errors say why, in words, with re2js\'s own text after them', () => {
  const cases: [string, RegExp][] = [
    ['(abc', /^unbalanced parentheses: a \( is never closed \[error parsing regexp: missing closing \): `\(abc`\]$/],
    ['abc)', /^unbalanced parentheses: a \) without its \(/],
    ['[abc', /^unbalanced brackets: a \[ is never closed/],
    ['(?=a)b', /^lookahead \(\?=\.\.\.\) is not supported: RE2 has no lookaround/],
    ['(?!a)b', /^negative lookahead \(\?!\.\.\.\) is not supported/],
    ['(?<=a)b', /^lookbehind \(\?<=\.\.\.\) is not supported/],
    ['(?<!a)b', /^negative lookbehind \(\?<!\.\.\.\) is not supported/],
    ['(a)\\1', /^backreferences \(\\1\) are not supported/],
    ['a{3,2}', /^repeat count \{3,2\}: at most 1000, and \{m,n\} needs m <= n/],
    ['a**', /^\*\*: a repetition of a repetition/],
    ['a\\', /^a \\ at the end escapes nothing/],
    ['[z-a]', /^error parsing regexp: invalid character class range: `z-a`$/], // no better words: re2js's own
  ];
  for (const [pattern, why] of cases) {
    const r = compilePattern(pattern);
    assert.equal(typeof r, 'string', pattern);
    assert.match(r as string, why, pattern);
  }
});
