// Which lines are qqtag's summary lines, and how a summary line's fields become a record (docs/log.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLogLine } from '../../src/cli/audit/log-line';
import { parseCheck, parseMessageRecord } from '../../src/cli/audit/message-record';
import { summaryLine } from '../helpers/audit-lines';

const record = (line: string) => {
  const l = parseLogLine(line);
  assert.equal(l.kind, 'summary', line);
  return l.kind === 'summary' ? parseMessageRecord(l.fields, 5, 0) : assert.fail();
};

test('the sample line of docs/log.md', () => {
  const r = record('qqtag: 192.0.2.1 pid 4242: info: done v=1 result=queued exit=0 qp=4243 qq=0 action=tag dry_run=0 ip=192.0.2.1 helo=mail.example.org from=<a@example.org> rcpts=2 size=1834 warnings=1 ms=38 wait_ms=9 dns_ms=12 config=compiled check="dnsbl:hit:11:Spamhaus ZEN" check=rule:pass:0:pills');
  assert.ok(r.ok);
  assert.equal(r.value.qp, 4243);
  assert.equal(r.value.action, 'tag');
  assert.equal(r.value.dryRun, false);
  assert.deepEqual(r.value.checks, [
    { kind: 'dnsbl', outcome: 'hit', ms: 11, label: 'Spamhaus ZEN' },
    { kind: 'rule', outcome: 'pass', ms: 0, label: 'pills' },
  ]);
});

test('a label holding colons, spaces, quotes and backslashes', () => {
  assert.deepEqual(parseCheck('local:hit:0:a:b "c" \\d'), { kind: 'local', outcome: 'hit', ms: 0, label: 'a:b "c" \\d' });
  const r = record(summaryLine({ checks: ['local:hit:0:a:b "c" \\d'] }));
  assert.ok(r.ok);
  assert.equal(r.value.checks[0]?.label, 'a:b "c" \\d');
});

test('unknown keys are ignored (later versions add fields)', () => {
  const r = record(summaryLine({ action: 'pass', extra: 'future_key=42 another="x y"' }));
  assert.ok(r.ok);
  assert.equal(r.value.action, 'pass');
});

test('dry-run lines, other qqtag lines and foreign lines', () => {
  assert.deepEqual(parseLogLine('qqtag: 192.0.2.1 pid 9: dry-run: would add: X-Spam-Warning: x | X-Spam-Warning: y'), { kind: 'dry_run', line: 'would_add' });
  assert.deepEqual(parseLogLine('qqtag: 192.0.2.1 pid 9: dry-run: would reject the message (exit 31)'), { kind: 'dry_run', line: 'would_reject' });
  assert.deepEqual(parseLogLine('qqtag: 192.0.2.1 pid 9: dry-run: would defer the message (exit 71)'), { kind: 'dry_run', line: 'would_defer' });
  assert.deepEqual(parseLogLine('qqtag: - pid 9: dry-run: would reply: 554 no'), { kind: 'dry_run', line: 'would_reply' });
  assert.deepEqual(parseLogLine('qqtag: 192.0.2.1 pid 9: warn: dnsbl:bl.test: refused'), { kind: 'other' });
  assert.deepEqual(parseLogLine('tcpserver: status: 1/40'), { kind: 'foreign' });
  assert.deepEqual(parseLogLine('rblsmtpd: 192.0.2.1 pid 9: 451 listed'), { kind: 'foreign' });
});

test('malformed: cut prefix, cut field list, an older format without v=, missing or bad fields, a bad check', () => {
  const reason = (line: string): string | undefined => {
    const l = parseLogLine(line);
    if (l.kind === 'malformed') return l.reason;
    if (l.kind !== 'summary') return l.kind;
    const r = parseMessageRecord(l.fields, undefined, 0);
    return r.ok ? 'ok' : r.reason;
  };
  const full = summaryLine({ ip: '192.0.2.1', from: '<a b@x>', checks: ['dnsbl:hit:1:Test BL'] });
  assert.equal(reason(full), 'ok');
  assert.equal(reason('qqtag: 192.0.2.1 pi'), 'bad_prefix');
  assert.equal(reason(full.slice(0, full.indexOf('Test BL') + 3)), 'bad_fields');
  assert.equal(reason('qqtag: 192.0.2.1 pid 5: info: done from=<a@b> rcpts=1 size=3 warnings=0 action=pass qq=0 ms=3'), 'no_version');
  assert.equal(reason('qqtag: - pid 5: info: done v=1 exit=0 dry_run=0'), 'missing_field');
  assert.equal(reason('qqtag: - pid 5: info: done v=1 result=queued exit=0 dry_run=yes'), 'bad_value');
  assert.equal(reason('qqtag: - pid 5: info: done v=1 result=queued exit=0 dry_run=0 check=dnsbl:hit:x:L'), 'bad_check');
  assert.equal(reason('qqtag: - pid 5: info: done v=1 result=queued exit=0 dry_run=0 check=dnsbl:hit'), 'bad_check');
});
