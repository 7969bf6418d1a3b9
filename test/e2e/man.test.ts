// The man pages as shipped: rendered by the build into dist/man/, named in package.json's `man`, and complete —
// every command the built qqtag lists has its section in qqtag(8), and every key of the config schema its entry
// in qqtag.toml(5) with the default and the range the code has — and every TOML example in them and in the
// administrator's guide is a config qqtag accepts. (That groff and man render them without a
// warning is test/tools/man.test.ts: it needs Debian's groff-base and man-db.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/config-parse';
import { configSchema } from '../../src/config-schema';
import { RANGE } from '../../src/config-rules';
import { ROOT } from '../helpers/run-qqtag';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; man?: string[] };
const source = (page: string): string => readFileSync(join(ROOT, 'docs', 'man', `${page}.md`), 'utf8');

/** The text of a `## HEADING` section of a markdown page, up to the next `## `. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `no section "## ${heading}"`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The definition item `* \`KEY\`:` of a section, up to the next item or heading. */
function item(text: string, key: string): string | undefined {
  const start = text.indexOf(`\n* \`${key}\`:\n`);
  if (start < 0) return undefined;
  const end = text.slice(start + 1).search(/\n(?:\* |#)/);
  return text.slice(start, end < 0 ? undefined : start + 1 + end);
}

type Schema = { _zod: { def: { type: string; shape?: Record<string, Schema>; innerType?: Schema; element?: Schema; defaultValue?: unknown } } };
const unwrap = (s: Schema): Schema => {
  const def = s._zod.def;
  return def.innerType ? unwrap(def.innerType) : def.element ? unwrap(def.element) : s;
};

/** Every key of the schema: its table ('' for the top level) and its default, if it has one. */
function schemaKeys(): { table: string; key: string; fallback?: unknown }[] {
  const keys: { table: string; key: string; fallback?: unknown }[] = [];
  const walk = (shape: Record<string, Schema>, table: string): void => {
    for (const [key, schema] of Object.entries(shape)) {
      const inner = unwrap(schema)._zod.def.shape;
      if (inner) walk(inner, key);
      else keys.push({ table, key, ...(schema._zod.def.type === 'default' ? { fallback: schema._zod.def.defaultValue } : {}) });
    }
  };
  walk((configSchema as unknown as Schema)._zod.def.shape ?? {}, '');
  return keys;
}

/** How the page writes a default: as in TOML. */
const toml = (value: unknown): string => (Array.isArray(value) ? `[${value.map(toml).join(', ')}]` : JSON.stringify(value));

test('package.json names the rendered pages, and the build made them with this version', () => {
  assert.deepEqual(pkg.man, ['dist/man/qqtag.8', 'dist/man/qqtag.toml.5']);
  for (const [file, title] of [['qqtag.8', '"QQTAG" "8"'], ['qqtag.toml.5', '"QQTAG\\.TOML" "5"']] as const) {
    const path = join(ROOT, 'dist', 'man', file);
    assert.ok(existsSync(path), `${path}: npm run build did not render it`);
    const roff = readFileSync(path, 'utf8');
    assert.equal(roff.split('\n')[0], `'\\" t`, 'the first line asks man to run tbl');
    assert.ok(roff.includes(`.TH ${title} `) && roff.includes(`"qqtag ${pkg.version}"`), `${file}: .TH with the version`);
    assert.doesNotMatch(roff, /&(?:quot|amp|lt|gt|#39);/, `${file}: an HTML entity reached the roff`);
  }
});

test('qqtag(8) has a section for every command the built qqtag lists', () => {
  const help = spawnSync(join(ROOT, 'dist', 'qqtag'), ['--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  const commands = [...help.stdout.matchAll(/^ {2}([a-z][a-z-]*) {2}/gm)].map((m) => m[1] ?? '');
  assert.ok(commands.length >= 4, `commands from qqtag --help: ${commands.join(' ')}`);
  const headings = [...section(source('qqtag.8'), 'COMMANDS').matchAll(/^### (.+)$/gm)].map((m) => (m[1] ?? '').split(/,? /));
  for (const name of [...commands, 'help', '--version']) {
    assert.ok(headings.some((words) => words.includes(name)), `qqtag(8) COMMANDS has no "### ${name}"`);
  }
});

test('qqtag.toml(5) has an entry for every config key, with the default and the range the code has', () => {
  const page = source('qqtag.toml.5');
  const headings: Record<string, string> = { '': 'TOP LEVEL', dns: '[dns]', health: '[health]', checks: '[checks]' };
  const keys = schemaKeys();
  assert.ok(keys.length > 30, `${keys.length} keys found in the schema`);
  for (const { table, key, fallback } of keys) {
    const heading = headings[table] ?? `[[${table}]]`;
    const entry = item(section(page, heading), key);
    assert.ok(entry, `qqtag.toml(5) ${heading} has no "* \`${key}\`:" entry`);
    if (fallback !== undefined) assert.ok(entry.includes(`default \`${toml(fallback)}\``), `${heading} ${key}: default \`${toml(fallback)}\` not stated`);
    const range = (RANGE as Record<string, readonly [number, number]>)[key];
    if (range) assert.ok(entry.includes(`${range[0]} to ${range[1]}`), `${heading} ${key}: range ${range[0]} to ${range[1]} not stated`);
  }
});

test('every TOML block of qqtag.toml(5) and docs/admin-guide.md is a valid config', () => {
  const docs = { 'docs/man/qqtag.toml.5.md': source('qqtag.toml.5'), 'docs/admin-guide.md': readFileSync(join(ROOT, 'docs', 'admin-guide.md'), 'utf8') };
  let blocks = 0;
  for (const [file, markdown] of Object.entries(docs)) {
    for (const [, toml] of markdown.matchAll(/^```toml\n([\s\S]*?)^```$/gm)) {
      const result = parseConfig(toml ?? '', file);
      assert.ok(result.ok, `${file}: ${result.ok ? '' : result.issue.message}\n${toml}`);
      blocks++;
    }
  }
  assert.ok(blocks >= 10, `${blocks} TOML blocks found`);
});
