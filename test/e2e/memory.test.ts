// Memory stays flat whatever the message size: past the threshold the message lives in the spool file.
// Peak RSS is qqtag's own VmHWM (the high-water mark of its resident set), which the fake queue, qqtag's child,
// reads from /proc/<qqtag>/status once it has the whole message and envelope (fixtures/bin/fake-qmail-queue):
// Node cannot read a child's rusage, and this needs no python3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, makeTempDir, QQTAG } from '../helpers/run-qqtag';

const MiB = 1024 * 1024;
const ENVELOPE = 'Fa@example.net\0Tb@example.org\0\0';

function writeMessage(path: string, size: number): void {
  const fd = openSync(path, 'w');
  const line = Buffer.alloc(MiB, 'spam and eggs\n');
  for (let done = 0; done < size; done += MiB) writeSync(fd, line);
  closeSync(fd);
}

/** `qqtag <msg 1<env` with the fake queue: its exit code and its peak RSS in KiB, as the queue saw it. */
function runFromFiles(dir: string, msg: string, config = ''): { code: number | null; peakKiB: number } {
  const envPath = join(dir, 'in.env');
  writeFileSync(envPath, ENVELOPE, 'latin1');
  const fds = [openSync(msg, 'r'), openSync(envPath, 'r')];
  const r = spawnSync(QQTAG, [], { stdio: [fds[0], fds[1], 'pipe'], env: baseEnv(dir, { message: Buffer.alloc(0), envelope: Buffer.alloc(0), config }) });
  for (const fd of fds) closeSync(fd);
  const line = readFileSync(join(dir, 'qqtag-vmhwm'), 'latin1'); // "VmHWM:	   42412 kB"
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(line);
  assert.ok(m, `no VmHWM line: ${line} ${r.stderr}`);
  return { code: r.status, peakKiB: Number(m[1]) };
}

test('a 192 MiB message goes through with peak RSS under 96 MiB, byte count intact', (t) => {
  const dir = makeTempDir();
  const msg = join(dir, 'big.eml');
  writeMessage(msg, 192 * MiB);
  const { code, peakKiB } = runFromFiles(dir, msg);
  t.diagnostic(`qqtag peak RSS ${(peakKiB / 1024).toFixed(1)} MiB (VmHWM at hand-off)`);
  assert.equal(code, 0);
  assert.equal(statSync(join(dir, 'message')).size, 192 * MiB);
  assert.equal(readFileSync(join(dir, 'envelope')).toString('latin1'), ENVELOPE);
  assert.ok(peakKiB < 96 * 1024, `peak RSS ${peakKiB} KiB`);
});

test('the peak measured at hand-off includes what qqtag held before it: 48 MiB kept in memory shows', () => {
  const dir = makeTempDir();
  const msg = join(dir, 'm48.eml');
  writeMessage(msg, 48 * MiB);
  const spooled = runFromFiles(dir, msg);
  const inMemory = runFromFiles(dir, msg, `spool_memory_bytes = ${64 * MiB}\n`);
  assert.equal(spooled.code, 0);
  assert.equal(inMemory.code, 0);
  assert.equal(statSync(join(dir, 'message')).size, 48 * MiB);
  assert.ok(spooled.peakKiB > 20 * 1024, `a Node process peaks above 20 MiB, measured ${spooled.peakKiB} KiB`);
  assert.ok(inMemory.peakKiB - spooled.peakKiB >= 40 * 1024, `in memory ${inMemory.peakKiB} KiB, spooled ${spooled.peakKiB} KiB`);
});
