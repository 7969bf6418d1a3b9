// Plain-text tables for the terminal and for mail: the first column left-aligned and cut to make the table fit
// WIDTH columns, the others right-aligned.
//   check                  hits  share
//   dnsbl:Spamhaus ZEN      120  12.0%

export const WIDTH = 100;
const GAP = '  ';

export type Cell = string | number;

export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
export const ms = (x: number | null): string => (x === null ? '-' : String(x));

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}

export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[], indent = '  '): string {
  const cells = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const rest = widths.slice(1).reduce((s, w) => s + w + GAP.length, 0);
  widths[0] = Math.max(8, Math.min(widths[0] ?? 0, WIDTH - indent.length - rest));
  return cells
    .map((r) => indent + r.map((c, i) => (i === 0 ? cut(c, widths[0]!).padEnd(widths[0]!) : c.padStart(widths[i] ?? 0))).join(GAP).trimEnd())
    .join('\n');
}

/** "12 (3.0%)" style list of a record's entries: "queued 990, refused 10". */
export const entries = (r: Readonly<Record<string, number>>): string =>
  Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';

/** Wraps words to WIDTH columns, continuation lines indented. */
export function wrap(text: string, indent = '  '): string {
  const lead = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent + word;
    } else line = line.trim() ? `${line} ${word}` : line + word;
  }
  return [...lines, line].join('\n');
}

/** A bar of up to `width` characters for `value` of `max`. */
export const bar = (value: number, max: number, width = 50): string => '#'.repeat(max === 0 ? 0 : Math.round((value / max) * width));
