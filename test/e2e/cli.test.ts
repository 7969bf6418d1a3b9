// The CLI behaves like one (issue 10 §3): --version, --help, help COMMAND, usage on every kind of mistake, and
// the documented exit codes (0, 1 problems found, 64 usage, 78 config), for every command in the table, through
// the built launcher as an administrator runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, loadCommand } from '../../src/cli/commands';
import { EXIT } from '../../src/cli/command';
import { qqtag } from '../helpers/cli';
import { makeTempDir, QQTAG, ROOT } from '../helpers/run-qqtag';

const NAMES = Object.keys(COMMANDS);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** How many positional arguments a command takes at most (audit: any number of log files). */
const maxArgs = (name: string): number => loadCommand(name, COMMANDS[name] ?? { summary: '' }).positionals?.max ?? 0;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

for (const flag of ['--version', '-V', 'version']) {
  test(`qqtag ${flag} prints the package version and exits 0`, async () => {
    assert.deepEqual(await qqtag([flag]), { code: 0, stdout: `qqtag ${VERSION}\n`, stderr: '' });
  });
}

test('qqtag --version with an argument is a usage error (64)', async () => {
  const r = await qqtag(['--version', 'x']);
  assert.equal(r.code, EXIT.usage);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /takes no arguments/);
});

for (const flag of ['--help', '-h', 'help']) {
  test(`qqtag ${flag} lists every command and the exit codes, on stdout, exit 0`, async () => {
    const r = await qqtag([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    for (const name of NAMES) assert.match(r.stdout, new RegExp(`^  ${name} +${escape(COMMANDS[name]?.summary ?? '')}$`, 'm'));
    for (const code of [0, 1, 64, 78]) assert.match(r.stdout, new RegExp(`\\b${code} [a-z]`), `exit code ${code} is explained`);
  });
}

for (const name of NAMES) {
  for (const args of [['help', name], ['--help', name], [name, '--help'], [name, '-h']]) {
    test(`qqtag ${args.join(' ')}: the command's usage, options and exit status on stdout, exit 0`, async () => {
      const r = await qqtag(args);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, new RegExp(`^usage: qqtag ${name} `));
      assert.match(r.stdout, /Exit status: 0 /);
    });
  }

  test(`qqtag ${name} --no-such-option: usage on stderr, nothing on stdout, exit 64`, async () => {
    const r = await qqtag([name, '--no-such-option']);
    assert.equal(r.code, EXIT.usage);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^qqtag: ${name}: Unknown option '--no-such-option'\nqqtag: usage: qqtag ${name} `));
  });

  // (audit takes any number of log files: no argument is one too many)
  if (maxArgs(name) <= 1) test(`qqtag ${name} with one argument too many: usage, exit 64`, async () => {
    const r = await qqtag([name, 'a', 'b']);
    assert.equal(r.code, EXIT.usage);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^qqtag: ${name}: unexpected argument: ${['a', 'b'][maxArgs(name)]}\n`));
  });
}

test('an option that needs a value and has none is a usage error (64)', async () => {
  const r = await qqtag(['check', '--ip']);
  assert.equal(r.code, EXIT.usage);
  assert.match(r.stderr, /^qqtag: check: Option '--ip <value>' argument missing\nqqtag: usage: qqtag check /);
});

test('help for an unknown command, or for two, is a usage error (64)', async () => {
  for (const args of [['help', 'frobnicate'], ['help', 'check', 'check-config']]) {
    const r = await qqtag(args);
    assert.equal(r.code, EXIT.usage, args.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^qqtag: help: .*\nqqtag: usage: qqtag COMMAND/);
  }
});

test('an unknown command: usage on stderr, exit 64', async () => {
  const r = await qqtag(['frobnicate']);
  assert.equal(r.code, EXIT.usage);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^qqtag: unknown command: frobnicate\nqqtag: usage: qqtag COMMAND .*qqtag --help/);
});

test('qqtag with no arguments at a terminal is a person, not qmail-smtpd: usage, exit 64', () => {
  // script(1) (util-linux, in every Debian) gives qqtag a pseudo-terminal as fd 0.
  const out = execFileSync('script', ['-qec', `${QQTAG}; echo "exit=$?"`, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env['PATH'] } });
  assert.match(out, /qqtag: no command/);
  assert.match(out, /exit=64/);
});

test('qqtag check with no MESSAGE and a terminal on stdin: usage, exit 64 (it does not wait for typing)', () => {
  const out = execFileSync('script', ['-qec', `${QQTAG} check; echo "exit=$?"`, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env['PATH'] } });
  assert.match(out, /qqtag: check: stdin is a terminal: give MESSAGE, or - with the message on stdin/);
  assert.match(out, /exit=64/);
});

test('after --, "--help" is a file name, not a request for help', async () => {
  const dir = makeTempDir();
  const r = await qqtag(['check-config', '--', '--help'], { cwd: dir });
  assert.equal(r.code, EXIT.config);
  assert.match(r.stderr, /config --help: cannot read: no such file or directory \(ENOENT\)/);
});

test('check-config takes exactly one optional FILE, and --help is help, not a file', async () => {
  const file = join(makeTempDir(), 'qqtag.toml');
  writeFileSync(file, '');
  assert.equal((await qqtag(['check-config', file, file])).code, EXIT.usage);
  const help = await qqtag(['check-config', '--help', file]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: qqtag check-config /);
});

test("the README's Commands section names every command and every exit code of the CLI", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /\n## Commands\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
  assert.ok(section, 'README.md has a "## Commands" section');
  for (const name of NAMES) assert.match(section, new RegExp(`qqtag ${name}\\b`), name);
  for (const code of Object.values(EXIT)) assert.match(section, new RegExp(`\\| ${code} \\|`), `exit ${code}`);
});
