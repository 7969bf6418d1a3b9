// Permission bits as check-config --as judges them, on real files, for users made up to own none of them:
// owner, group and other classes, root, search permission on the way, and tcpserver's single group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessProblem, lookUpUser, type User } from '../../src/cli/config/access';
import { makeTempDir } from '../helpers/run-qqtag';

function fileWithMode(mode: number): { dir: string; file: string; uid: number; gid: number } {
  const dir = makeTempDir();
  chmodSync(dir, 0o755);
  const file = join(dir, 'f');
  writeFileSync(file, 'x');
  chmodSync(file, mode);
  const st = statSync(file);
  return { dir, file, uid: st.uid, gid: st.gid };
}
const stranger = (groups: number[] = []): User => ({ name: 'stranger', uid: 4242001, gid: 4242002, groups: [4242002, ...groups] });

test("the owner's bits for its owner, the other bits for a stranger", () => {
  const f = fileWithMode(0o640);
  assert.equal(accessProblem(f.file, { name: 'owner', uid: f.uid, gid: 4242002, groups: [4242002] }, 'read'), undefined);
  assert.match(accessProblem(f.file, stranger(), 'read') ?? '', /is not readable by stranger \(uid 4242001, gid 4242002; mode 0640/);
  chmodSync(f.file, 0o644);
  assert.equal(accessProblem(f.file, stranger(), 'read'), undefined);
});

test("the group bits count for the user's own group (tcpserver -g), not for a supplementary group", () => {
  const f = fileWithMode(0o640);
  assert.equal(accessProblem(f.file, { name: 'member', uid: 4242001, gid: f.gid, groups: [f.gid] }, 'read'), undefined);
  const problem = accessProblem(f.file, stranger([f.gid]), 'read') ?? '';
  assert.match(problem, /is not readable by stranger .*; only through a supplementary group of stranger's, which tcpserver -u\/-g does not give qmail-smtpd$/);
});

test('root may read and write anything, and run a file with any x bit', () => {
  const f = fileWithMode(0o000);
  const root: User = { name: 'root', uid: 0, gid: 0, groups: [0] };
  assert.equal(accessProblem(f.file, root, 'read'), undefined);
  assert.match(accessProblem(f.file, root, 'run') ?? '', /not executable by root/);
  chmodSync(f.file, 0o010);
  assert.equal(accessProblem(f.file, root, 'run'), undefined);
});

test('every directory on the way needs search permission; a directory to write into needs it too', () => {
  const f = fileWithMode(0o644);
  const sub = join(f.dir, 'sub');
  mkdirSync(sub);
  writeFileSync(join(sub, 'g'), 'x');
  chmodSync(join(sub, 'g'), 0o644);
  chmodSync(sub, 0o754);
  assert.match(accessProblem(join(sub, 'g'), stranger(), 'read') ?? '', new RegExp(`^${sub} is not searchable by stranger`));
  chmodSync(sub, 0o1776); // writable by all, searchable by none but owner and group
  assert.match(accessProblem(sub, stranger(), 'write') ?? '', new RegExp(`^${sub} is not searchable by stranger`));
  chmodSync(sub, 0o1777);
  assert.equal(accessProblem(sub, stranger(), 'write'), undefined);
});

test('a path that does not exist is not judged here (check-config reports it as missing)', () => {
  assert.equal(accessProblem('/nonexistent/qqtag/x', stranger(), 'read'), undefined);
});

test('lookUpUser: id -u/-g/-G of a real user; undefined for none', () => {
  const root = lookUpUser('root');
  assert.deepEqual(root && { uid: root.uid, gid: root.gid, hasGid: root.groups.includes(root.gid) }, { uid: 0, gid: 0, hasGid: true });
  assert.equal(lookUpUser('no-such-user-qqtag'), undefined);
  assert.equal(lookUpUser('-u'), undefined, 'an option-like name is a name, not an option');
});
