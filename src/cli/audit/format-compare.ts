// --compare in text: the two periods side by side, as rates (the periods may differ in length):
//   figure                      before   after   change
//   messages with hits           30.0%   25.0%  -5.0 pt
import type { PeriodReport, Report } from './report';
import { formatTable, pct } from './text-table';

type Row = readonly [string, string, string, string];

const share = (n: number, of: number): number => (of === 0 ? 0 : n / of);
const points = (a: number, b: number): string => `${b - a >= 0 ? '+' : ''}${((b - a) * 100).toFixed(1)} pt`;
const perDay = (p: PeriodReport): number => (p.days > 0 ? p.messages.total / p.days : 0);

function shareRow(name: string, a: number, b: number): Row {
  return [name, pct(a), pct(b), points(a, b)];
}

function messageRows(a: PeriodReport, b: PeriodReport): Row[] {
  const m = (p: PeriodReport, f: (x: PeriodReport['messages']) => number): number => share(f(p.messages), p.messages.total);
  const ratio = perDay(a) === 0 ? '-' : `×${(perDay(b) / perDay(a)).toFixed(2)}`;
  return [
    ['messages per day', perDay(a).toFixed(0), perDay(b).toFixed(0), ratio],
    shareRow('messages with hits', m(a, (x) => x.with_hits), m(b, (x) => x.with_hits)),
    shareRow('tagged or would be', m(a, (x) => x.tagged + x.would_tag), m(b, (x) => x.tagged + x.would_tag)),
    shareRow('rejected or would be', m(a, (x) => x.rejected + x.would_reject), m(b, (x) => x.rejected + x.would_reject)),
    shareRow('deferred or would be', m(a, (x) => x.deferred + x.would_defer), m(b, (x) => x.deferred + x.would_defer)),
  ];
}

function checkRows(a: PeriodReport, b: PeriodReport): Row[] {
  const names = [...new Set([...a.checks, ...b.checks].map((c) => c.check))];
  return names.flatMap((name): Row[] => {
    const ca = a.checks.find((c) => c.check === name);
    const cb = b.checks.find((c) => c.check === name);
    const rows: Row[] = [shareRow(`${name}: hits`, ca?.share ?? 0, cb?.share ?? 0)];
    if ((ca?.outcomes['timeout'] ?? 0) + (cb?.outcomes['timeout'] ?? 0) > 0) rows.push(shareRow(`${name}: timeouts`, ca?.rates.timeout ?? 0, cb?.rates.timeout ?? 0));
    return rows;
  });
}

export function formatComparison(r: Report): string {
  const [a, b] = r.periods;
  if (!a || !b) return '';
  return [
    `Compare: before ${r.filters.compare ?? ''} and from then on`,
    formatTable(['figure', a.name, b.name, 'change'], [...messageRows(a, b), ...checkRows(a, b)]),
  ].join('\n');
}
