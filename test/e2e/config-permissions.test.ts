// Who may read, write and run what (issue 10 §2), with real files and real permission bits: check-config
// --as USER (here `nobody`, who owns none of the test's files whether the tests run as root or not), and
// compile-config in a directory it may not write, and the owner and mode it gives FILE.compiled as root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRoot, nobody, qqtag } from '../helpers/cli';
import { FAKE_QQ, makeTempDir } from '../helpers/run-qqtag';

/** dir/etc/qqtag.toml with a list, dir/spool, dir/bin/queue: everything `nobody` needs, all allowed at first. */
function deployment(): { dir: string; file: string; list: string; spool: string; queue: string } {
  const dir = makeTempDir();
  chmodSync(dir, 0o755);
  for (const sub of ['etc', 'bin']) mkdirSync(join(dir, sub), { mode: 0o755 });
  mkdirSync(join(dir, 'spool'), { mode: 0o1777 });
  chmodSync(join(dir, 'spool'), 0o1777); // mkdir's mode is cut by the umask
  const [file, list, spool, queue] = [join(dir, 'etc', 'qqtag.toml'), join(dir, 'etc', 'nets'), join(dir, 'spool'), join(dir, 'bin', 'queue')];
  copyFileSync(FAKE_QQ, queue);
  chmodSync(queue, 0o755);
  writeFileSync(list, '192.0.2.1\n', { mode: 0o644 });
  writeFileSync(file, `qmail_queue = "${queue}"\nspool_dir = "${spool}"\n[[local]]\nfile = "${list}"\ntype = "ip"\n`, { mode: 0o644 });
  return { dir, file, list, spool, queue };
}

test('precondition: the tests do not run as nobody (it must own none of their files)', () => {
  assert.notEqual(process.getuid?.(), nobody().uid, 'run the tests as root or as an ordinary user, not as nobody');
});

test('--as nobody: everything readable, writable and executable for it: ok, and no note about the user', async () => {
  const d = deployment();
  const r = await qqtag(['check-config', '--as', 'nobody', d.file]);
  assert.deepEqual(r, { code: 0, stdout: `${d.file}: ok\n`, stderr: '' });
});

test('--as nobody: each thing it may not do is one line naming the path, the user and the mode (exit 1)', async () => {
  const d = deployment();
  const { uid, gid } = nobody();
  chmodSync(d.file, 0o600);
  chmodSync(d.list, 0o640);
  chmodSync(d.spool, 0o755);
  chmodSync(d.queue, 0o744);
  const me = `${statSync(d.file).uid}:${statSync(d.file).gid}`;
  const who = `nobody (uid ${uid}, gid ${gid};`;
  const r = await qqtag(['check-config', '--as', 'nobody', d.file]);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.stderr.split('\n').filter(Boolean), [
    `qqtag: config ${d.file}: --as nobody: ${d.file} is not readable by ${who} mode 0600, owner ${me})`,
    `qqtag: config ${d.file}:4: local[0].file: --as nobody: ${d.list} is not readable by ${who} mode 0640, owner ${me})`,
    `qqtag: config ${d.file}:2: spool_dir: --as nobody: ${d.spool} is not writable by ${who} mode 0755, owner ${me})`,
    `qqtag: config ${d.file}:1: qmail_queue: --as nobody: ${d.queue} is not executable by ${who} mode 0744, owner ${me})`,
  ]);
  assert.match(r.stdout, /0 config errors, 4 problems at delivery\n$/);
});

test('--as nobody: a directory on the way that it may not search hides everything under it', async () => {
  const d = deployment();
  chmodSync(join(d.dir, 'etc'), 0o750);
  const r = await qqtag(['check-config', '--as', 'nobody', d.file]);
  assert.equal(r.code, 1);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 2, r.stderr); // FILE and the list, both in etc/
  for (const line of lines) assert.match(line, new RegExp(`--as nobody: ${d.dir}/etc is not searchable by nobody .*mode 0750`));
});

test('--as nobody: FILE.compiled that it may not read is a problem too (queue mode would parse FILE every time)', async () => {
  const d = deployment();
  assert.equal((await qqtag(['compile-config', d.file])).code, 0);
  chmodSync(`${d.file}.compiled`, 0o600);
  const r = await qqtag(['check-config', '--as', 'nobody', d.file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`--as nobody: ${d.file}\\.compiled is not readable by nobody`));
});

test('compile-config in a directory it may not write: a clear error naming the path and the cause, exit 73, no stack', async () => {
  const d = deployment();
  const opts = isRoot ? { ...nobody() } : {};
  if (!isRoot) chmodSync(join(d.dir, 'etc'), 0o555);
  const r = await qqtag(['compile-config', d.file], opts);
  chmodSync(join(d.dir, 'etc'), 0o755);
  assert.equal(r.code, 73, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    `qqtag: compile-config: cannot write ${d.file}.compiled.tmp: permission denied (EACCES): nothing was compiled; run it as a user who may write ${d.dir}/etc (FILE's owner, or root)\n`,
  );
  assert.deepEqual(readdirSync(join(d.dir, 'etc')).sort(), ['nets', 'qqtag.toml']);
});

test("compile-config gives FILE.compiled FILE's mode, and as root FILE's owner and group (FILE chowned to nobody)", async () => {
  const d = deployment();
  const { uid, gid } = nobody();
  chmodSync(d.file, 0o640);
  if (isRoot) chownSync(d.file, uid, gid);
  const r = await qqtag(['compile-config', d.file]);
  assert.equal(r.code, 0, r.stderr);
  const st = statSync(`${d.file}.compiled`);
  assert.equal(st.mode & 0o777, 0o640);
  assert.deepEqual([st.uid, st.gid], isRoot ? [uid, gid] : [process.getuid?.(), statSync(d.file).gid]);
  assert.equal(existsSync(`${d.file}.compiled.tmp`), false);
});
