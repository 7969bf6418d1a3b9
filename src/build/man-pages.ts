// The man pages: docs/man/NAME.SECTION.md (ronn-style markdown: `# name(section) -- summary`, `## SECTION`) rendered
// to roff as dist/man/NAME.SECTION by marked-man, at build time only (nothing of this is in the installed bundles).
// marked-man's own tables split the line width evenly between columns, so a column of exit codes takes as
// much room as one of prose; here each column gets the width its text needs, and the prose columns share the
// rest of an 80-column terminal. As in ronn, a list whose items start with `TERM:` alone on their first line is
// a list of definitions (.TP: the term, and below it the indented text), as man pages write options and
// variables. The first line `'\" t` tells man(1) to run tbl.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CELL_END = '\u0000'; // between the renderer's hooks only: no markdown text holds these
const ROW_END = '\u0001';
const TEXT_WIDTH = 64; // ens a table may use: 80 columns less man's indent (7), the box and its column gaps
const NARROW = 16; // a column whose longest cell fits this keeps its natural width

/** The width a roff fragment takes on a terminal: escapes like \fB, \-, \(em count as what they print. */
const visible = (roff: string): string => roff.replace(/\\f[BIRP]/g, '').replace(/\\\(../g, 'x').replace(/\\[|&]/g, '').replace(/\\(.)/g, '$1');

/** Column widths in ens: natural widths where they fit, else narrow columns kept and the rest shared. */
function columnWidths(rows: readonly (readonly string[])[], total = TEXT_WIDTH): number[] {
  const columns = rows[0]?.length ?? 0;
  const natural = Array.from({ length: columns }, (_, i) => Math.max(1, ...rows.map((r) => visible(r[i] ?? '').length)));
  const longestWord = Array.from({ length: columns }, (_, i) =>
    Math.max(1, ...rows.flatMap((r) => visible(r[i] ?? '').split(/\s+/).map((w) => w.length))),
  );
  const room = total - 3 * (columns - 1);
  if (natural.reduce((a, b) => a + b, 0) <= room) return natural;
  const narrow = natural.map((n) => n <= NARROW);
  const left = room - natural.reduce((sum, n, i) => sum + (narrow[i] ? n : 0), 0);
  const wide = natural.reduce((sum, n, i) => sum + (narrow[i] ? 0 : n), 0);
  return natural.map((n, i) => (narrow[i] ? n : Math.max(longestWord[i] ?? 1, Math.floor((left * n) / wide))));
}

// marked-man's renderer keeps a flag, `jumps`: set after a block, it makes the next text drop its leading
// spaces. Inline code must clear it, as marked-man's own does, or the space after it is lost. `items`: the
// kinds of the current list's items (renderItem, renderList).
type ManRenderer = { jumps?: boolean; items?: ('term' | 'bullet')[] };

function renderTable(this: ManRenderer, header: string, body: string): string {
  this.jumps = true;
  const rows = (header + body)
    .split(ROW_END)
    .filter((row) => row !== '')
    .map((row) => row.split(CELL_END).slice(0, -1).map((cell) => cell.trim().replace(/\t/g, ' ')));
  const widths = columnWidths(rows);
  const block = (cell: string): string => `T{\n${cell}\nT}`;
  const line = (cells: readonly string[]): string => cells.map(block).join('\t');
  const [head = [], ...rest] = rows;
  return [
    '.P', // back to the page's margin and indent after a list
    '.na', // narrow cells: ragged, unhyphenated text reads better than stretched
    '.nh',
    '.TS',
    'box;',
    `${widths.map((w) => `lw(${w}n)`).join(' ')}.`,
    line(head.map((c) => `\\fB${c}\\fR`)),
    '=',
    rest.map(line).join('\n_\n'),
    '.TE',
    '.sp', // the box's bottom line needs a line of its own before what follows
    '.ad',
    '.hy',
    '',
  ].join('\n');
}

const TERM = /^(?:\.P\n)?(.+):\n([\s\S]*)$/; // a definition item as marked-man renders it: `TERM:` then the text

/** A definition item (.TP), or false: marked-man's bullet. Paragraphs inside keep the item's indent (.IP). */
function renderItem(this: ManRenderer, text: string): string | false {
  const item = TERM.exec(text.trim());
  (this.items ??= []).push(item ? 'term' : 'bullet');
  if (!item) return false;
  // A code block inside: .RS without a width takes the item's indent (groff_man(7)).
  const body = (item[2] ?? '').replace(/\.P\n\.RS 2\n([\s\S]*?)\.RE(?:\n|$)/g, '.IP\n.RS\n.RS 2\n$1.RE\n.RE\n').replace(/\n\.P\n/g, '\n.IP\n');
  return `.TP\n${item[1] ?? ''}\n${body}\n`;
}

/** A list of definitions as its .TP items, without the bullets' indent; other lists: marked-man's. A list that
 *  mixes the two is a mistake in the source (a term wrapped onto a second line): the build stops. A nested
 *  list is rendered before the item that holds it, so `items` holds this list's items only. */
function renderList(this: ManRenderer, body: string): string | false {
  const kinds = new Set(this.items);
  this.items = [];
  if (kinds.size > 1) throw new Error(`docs/man: a list mixes "TERM:" items and bullets (a term must fit on one line): ${body.slice(0, 120)}`);
  return kinds.has('term') ? body : false;
}

/** Roff's own escapes for literal text: a backslash, a minus sign, a control character at a line's start. */
const escapeRoff = (text: string): string => text.replace(/\\/g, '\\\\').replace(/-/g, '\\-').replace(/^([.'])/gm, '\\&$1');

/** marked escapes HTML's characters in inline code; roff wants them as they are. */
const unescapeHtml = (text: string): string =>
  text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');


/** Inline code in bold, and never hyphenated (\% before each word): `QQTAG_SKIP` must not become QQ-TAG_SKIP. */
function renderCodespan(this: ManRenderer, code: string): string {
  this.jumps = false;
  return `\\fB${escapeRoff(unescapeHtml(code)).replace(/(^|\s)(?=\S)/g, '$1\\%')}\\fP`;
}

/** Code blocks with a blank line before them, as paragraphs have. */
function renderCode(this: ManRenderer, code: string): string {
  this.jumps = true;
  return `.P\n.RS 2\n.nf\n${escapeRoff(code)}\n.fi\n.RE\n`;
}

/** One page: markdown in, roff out. */
export async function renderManPage(markdown: string, version: string): Promise<string> {
  const { Marked } = await import('marked');
  type Extension = Parameters<typeof Marked.prototype.use>[0];
  const markedMan = (await import('marked-man')).default as Extension;
  const marked = new Marked(markedMan, {
    breaks: false, // source lines are wrapped for the editor, not for the reader
    manVersion: `qqtag ${version}`,
    renderer: {
      code: renderCode,
      codespan: renderCodespan,
      list: renderList,
      listitem: renderItem,
      table: renderTable,
      tablerow: (content: string) => content + ROW_END,
      tablecell: (content: string) => content + CELL_END,
    },
  } as Extension);
  const roff = await marked.parse(markdown);
  // \% inside a word (an italic *file* followed by `.compiled`) would mark a hyphenation point, not prevent one.
  return `'\\" t\n${roff.replace(/(\S)\\fB\\%/g, '$1\\fB')}`;
}

/** Every docs/man/NAME.SECTION.md into OUT/NAME.SECTION; returns the pages written. */
export async function renderManPages(sourceDir: string, outDir: string, version: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const pages = readdirSync(sourceDir).filter((f) => /\.\d\.md$/.test(f));
  for (const file of pages) {
    writeFileSync(join(outDir, file.slice(0, -'.md'.length)), await renderManPage(readFileSync(join(sourceDir, file), 'utf8'), version));
  }
  return pages.map((f) => f.slice(0, -'.md'.length));
}
