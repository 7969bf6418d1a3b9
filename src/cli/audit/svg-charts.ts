// The HTML page's charts as inline SVG made here (no script, no library, nothing fetched): a line chart of hits
// per check over time, the overlap matrix as a heat map, latency bars per zone, hits per hour of the day.
// Every text that comes from the log passes through esc().

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
export const colorOf = (i: number): string => COLORS[i % COLORS.length] ?? '#000';
const FONT = 'font-family="sans-serif" font-size="11"';
const f1 = (x: number): string => x.toFixed(1);

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

function legend(names: readonly string[], x: number, y: number): string {
  return names.map((n, i) => `<rect x="${x}" y="${y + i * 16}" width="10" height="10" fill="${colorOf(i)}"/><text x="${x + 14}" y="${y + i * 16 + 9}" ${FONT}>${esc(n)}</text>`).join('');
}

/** Lines of `series` over `labels` (the x axis: bucket start times), y from 0 to the largest value. */
export function lineChart(series: readonly Series[], labels: readonly string[], title: string): string {
  const w = 760, h = 260, left = 50, top = 20, plotW = 480, plotH = 200;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const n = Math.max(1, labels.length - 1);
  const x = (i: number): number => left + (i / n) * plotW;
  const y = (v: number): number => top + plotH - (v / max) * plotH;
  const lines = series.map((s, k) => `<polyline fill="none" stroke="${colorOf(k)}" stroke-width="1.5" points="${s.values.map((v, i) => `${f1(x(i))},${f1(y(v))}`).join(' ')}"><title>${esc(s.name)}</title></polyline>`);
  const ticks = [0, 0.5, 1].map((q) => `<text x="${left - 4}" y="${f1(y(q * max) + 4)}" text-anchor="end" ${FONT}>${Math.round(q * max)}</text>`);
  const xl = [0, labels.length - 1].filter((i, j, a) => a.indexOf(i) === j).map((i) => `<text x="${f1(x(i))}" y="${top + plotH + 14}" text-anchor="${i === 0 ? 'start' : 'end'}" ${FONT}>${esc((labels[i] ?? '').slice(0, 13).replace('T', ' '))}h</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><title>${esc(title)}</title>` +
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="#fafafa" stroke="#ccc"/>${ticks.join('')}${xl.join('')}${lines.join('')}${legend(series.map((s) => s.name), left + plotW + 16, top)}</svg>`;
}

/** The overlap matrix: cell (i, j) = messages both checks hit, shaded against the largest diagonal value. */
export function heatMap(names: readonly string[], matrix: readonly (readonly number[])[], title: string): string {
  const cell = 40, left = 220, top = 20;
  const size = names.length * cell;
  const max = Math.max(1, ...matrix.map((r, i) => r[i] ?? 0));
  const cells = matrix.flatMap((row, i) => row.map((v, j) => {
    const shade = Math.round(255 - (v / max) * 200);
    return `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},255)" stroke="#fff"><title>${esc(names[i] ?? '')} and ${esc(names[j] ?? '')}: ${v}</title></rect>` +
      `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" ${FONT}>${v}</text>`;
  }));
  const rows = names.map((n, i) => `<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" ${FONT}>${i + 1} ${esc(n.slice(0, 32))}</text>`);
  const cols = names.map((_, j) => `<text x="${left + j * cell + cell / 2}" y="${top - 6}" text-anchor="middle" ${FONT}>#${j + 1}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${left + size + 10}" height="${top + size + 10}"><title>${esc(title)}</title>${rows.join('')}${cols.join('')}${cells.join('')}</svg>`;
}

export interface ZoneLatency {
  readonly name: string;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** One row per zone: bars for p50, p95, p99 in ms on a common scale. */
export function latencyBars(zones: readonly ZoneLatency[], title: string): string {
  const left = 220, rowH = 42, plotW = 440, top = 10;
  const max = Math.max(1, ...zones.map((z) => z.p99));
  const bars = zones.flatMap((z, i) => (['p50', 'p95', 'p99'] as const).map((q, k) => {
    const v = z[q];
    const y = top + i * rowH + k * 12;
    return `<rect x="${left}" y="${y}" width="${f1((v / max) * plotW)}" height="10" fill="${colorOf(k)}"><title>${esc(z.name)} ${q}: ${v} ms</title></rect><text x="${f1(left + (v / max) * plotW + 4)}" y="${y + 9}" ${FONT}>${q} ${v} ms</text>`;
  }));
  const names = zones.map((z, i) => `<text x="${left - 6}" y="${top + i * rowH + 21}" text-anchor="end" ${FONT}>${esc(z.name.slice(0, 32))}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${left + plotW + 90}" height="${top + zones.length * rowH + 10}"><title>${esc(title)}</title>${names.join('')}${bars.join('')}</svg>`;
}

/** Vertical bars, one per value (the 24 hours of the day). */
export function columnChart(values: readonly number[], title: string): string {
  const left = 40, top = 10, barW = 20, plotH = 150;
  const max = Math.max(1, ...values);
  const bars = values.map((v, i) => {
    const hgt = (v / max) * plotH;
    return `<rect x="${left + i * barW + 2}" y="${f1(top + plotH - hgt)}" width="${barW - 4}" height="${f1(hgt)}" fill="${colorOf(0)}"><title>${String(i).padStart(2, '0')}:00 ${v}</title></rect>` +
      `<text x="${left + i * barW + barW / 2}" y="${top + plotH + 12}" text-anchor="middle" ${FONT}>${i}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${left + values.length * barW + 10}" height="${top + plotH + 20}"><title>${esc(title)}</title><text x="${left - 4}" y="${top + 8}" text-anchor="end" ${FONT}>${max}</text>${bars.join('')}</svg>`;
}
