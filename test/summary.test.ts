// The summary line is the audit command's contract (docs/log.md): its format is locked here, and so is the one
// quoting rule, for any value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSummary, type SummaryRecord } from '../src/summary';
import { formatField, formatValue, parseFields } from '../src/log-fields';

test('the summary line, every field, in the documented order and quoting', () => {
  const record: SummaryRecord = {
    started: Date.now() - 38,
    qp: 4243,
    qq: 0,
    action: 'tag',
    dryRun: false,
    ip: '192.0.2.1',
    helo: 'mail example',
    from: Buffer.from('a=b@example.org'),
    rcpts: 2,
    size: 1834,
    warnings: 1,
    waitMs: 9,
    dnsMs: 12,
    config: 'compiled',
    checks: [
      { kind: 'dnsbl', outcome: 'hit', ms: 11, label: 'Spamhaus ZEN' },
      { kind: 'rule', outcome: 'pass', ms: 0, label: 'pills' },
      { kind: 'local', outcome: 'silenced', ms: 1, label: 'a "quoted" \\ label' },
    ],
  };
  const line = formatSummary(record, 0).replace(/ ms=\d+ /, ' ms=38 ');
  assert.equal(
    line,
    'done v=1 result=queued exit=0 qp=4243 qq=0 action=tag dry_run=0 ip=192.0.2.1 helo="mail example" from="<a=b@example.org>" ' +
      'rcpts=2 size=1834 warnings=1 ms=38 wait_ms=9 dns_ms=12 config=compiled check="dnsbl:hit:11:Spamhaus ZEN" ' +
      'check=rule:pass:0:pills check="local:silenced:1:a \\"quoted\\" \\\\ label"',
  );
  const fields = parseFields(line.slice('done '.length));
  assert.deepEqual(fields?.filter(([k]) => k === 'check').map(([, v]) => v), ['dnsbl:hit:11:Spamhaus ZEN', 'rule:pass:0:pills', 'local:silenced:1:a "quoted" \\ label']);
});

test('a run that ended early names only what it knew; error and result say why', () => {
  const line = formatSummary({ started: Date.now(), dryRun: false, ip: '', checks: [], size: 57, error: 'envelope_truncated', config: 'file' }, 54);
  assert.match(line, /^done v=1 result=failed exit=54 dry_run=0 size=57 ms=\d+ config=file error=envelope_truncated$/);
});

test('too many checks for one line: the last check fields give way, and checks_cut says how many', () => {
  const checks = Array.from({ length: 60 }, (_, i) => ({ kind: 'rule' as const, outcome: 'pass' as const, ms: 1, label: `a long label for rule number ${i} `.repeat(2) }));
  const line = formatSummary({ started: Date.now(), dryRun: false, ip: '', checks }, 0);
  assert.ok(line.length <= 3900, String(line.length));
  const fields = parseFields(line.slice(5)) ?? [];
  const cut = Number(fields.find(([k]) => k === 'checks_cut')?.[1]);
  assert.equal(fields.filter(([k]) => k === 'check').length + cut, 60);
});

test('any printable value survives the quoting rule; keys and values never bleed into each other', () => {
  let seed = 1;
  const next = (): number => (seed = (seed * 48271) % 2147483647);
  for (let i = 0; i < 2000; i++) {
    const value = Array.from({ length: next() % 12 }, () => String.fromCharCode(0x20 + (next() % 95))).join('');
    const text = `${formatField('a', value)} ${formatField('b', 'x')}`;
    assert.deepEqual(parseFields(text), [['a', value], ['b', 'x']], JSON.stringify(value));
    assert.equal(formatValue(value).includes(' ') && !formatValue(value).startsWith('"'), false);
  }
  for (const bad of ['a="unterminated', 'a=x"y', 'a', '=x', 'a="x"y', 'a="\\q"']) assert.equal(parseFields(bad), null, bad);
});
