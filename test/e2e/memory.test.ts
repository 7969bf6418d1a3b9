// Memory stays flat whatever the message size: past the threshold the message lives in the spool file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, makeTempDir, QQTAG, ROOT } from '../helpers/run-qqtag';

const MiB = 1024 * 1024;

function writeMessage(path: string, size: number): void {
  const fd = openSync(path, 'w');
  const line = Buffer.alloc(MiB, 'spam and eggs\n');
  for (let done = 0; done < size; done += MiB) writeSync(fd, line);
  closeSync(fd);
}

test('a 192 MiB message goes through with peak RSS under 96 MiB, byte count intact', () => {
  const dir = makeTempDir();
  const msg = join(dir, 'big.eml');
  const env = join(dir, 'in.env');
  writeMessage(msg, 192 * MiB);
  execFileSync('/bin/sh', ['-c', `printf 'Fa@example.net\\0Tb@example.org\\0\\0' > ${env}`]);
  const out = execFileSync('python3', [join(ROOT, 'test/helpers/peak-rss.py'), msg, env, QQTAG], {
    env: baseEnv(dir, { message: Buffer.alloc(0), envelope: Buffer.alloc(0) }),
    encoding: 'utf8',
  });
  const [code, rssKiB] = out.trim().split(' ').map(Number);
  assert.equal(code, 0);
  assert.equal(statSync(join(dir, 'message')).size, 192 * MiB);
  assert.equal(readFileSync(join(dir, 'envelope')).toString('latin1'), 'Fa@example.net\0Tb@example.org\0\0');
  assert.ok(rssKiB !== undefined && rssKiB < 96 * 1024, `peak RSS ${rssKiB} KiB`);
});
