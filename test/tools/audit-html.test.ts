// The audit's HTML page in a real headless Chromium (Debian's): it renders the numbers of the report, its
// charts have a size, and it fetches nothing but itself. The screenshot is kept in test/tools/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Chromium, openPage, type OpenedPage } from '../helpers/chromium';
import { Multilog } from '../helpers/multilog';
import { summaryLine } from '../helpers/audit-lines';
import { QQTAG, ROOT } from '../helpers/run-qqtag';
import type { Report } from '../../src/cli/audit/report';

const T0 = Date.UTC(2026, 10, 27, 8);
const LISTED = 12; // of 40 messages over two days, on two hosts
const REJECT = 3; // of the listed ones, also hit by the rule whose action is reject
let browser: Chromium;
let page: OpenedPage;
let report: Report;
let pageUrl: string;

function corpus(dir: string): void {
  for (const [h, host] of ['mx1', 'mx2'].entries()) {
    const log = new Multilog(join(dir, host), T0 + h * 60_000);
    for (let i = 0; i < 20; i++) {
      const n = h * 20 + i;
      const listed = n % 40 < LISTED;
      const reject = n < REJECT;
      const checks = [`dnsbl:${listed ? 'hit' : 'pass'}:${5 + (n % 30)}:Test BL`, `dnsbl:${n % 3 === 0 && listed ? 'hit' : n === 39 ? 'timeout' : 'pass'}:${20 + n}:Other BL`, `rule:${reject ? 'hit' : 'pass'}:0:pills`];
      log.write(summaryLine({ pid: 100 + n, ip: listed ? `192.0.2.${n}` : `198.51.100.${n}`, qp: 200 + n, action: reject ? 'reject' : listed ? 'tag' : 'pass', from: `<a@d${n % 4}.example>`, checks }), 2_400_000);
      if (i === 9) log.rotate(true);
    }
  }
}

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qqtag-audit-html-'));
  corpus(dir);
  const html = join(dir, 'audit.html');
  report = JSON.parse(execFileSync(QQTAG, ['audit', '--json', '--html', html, dir], { encoding: 'utf8' })) as Report;
  pageUrl = pathToFileURL(html).href;
  browser = await Chromium.start();
  page = await openPage(browser, pageUrl);
});
after(async () => browser?.close());

test('the page shows the report\'s numbers, which are what the logs hold', async () => {
  const shown = new Map(await page.evaluate<[string, string][]>(`[...document.querySelectorAll('[data-k]')].map((e) => [e.dataset.k, e.textContent])`));
  const p = report.periods[0]!;
  assert.equal(p.messages.total, 40);
  assert.equal(p.messages.with_hits, LISTED);
  assert.equal(p.messages.would_reject, REJECT);
  assert.equal(shown.get('all.messages.total'), '40');
  assert.equal(shown.get('all.messages.with_hits'), String(LISTED));
  assert.equal(shown.get('all.messages.would_tag'), String(LISTED - REJECT));
  assert.equal(shown.get('all.messages.would_reject'), String(REJECT));
  assert.equal(shown.get('all.check.dnsbl:Test BL.hits'), String(LISTED));
  assert.equal(shown.get('all.check.dnsbl:Other BL.hits'), String(p.checks.find((c) => c.check === 'dnsbl:Other BL')?.hits));
  assert.equal(shown.get('host.mx1.summary_lines'), '20');
  assert.equal(shown.get('input.files'), '4');
});

test('the charts render: hits over time, the overlap heat map, latency per zone, hours of the day', async () => {
  const svgs = await page.evaluate<{ title: string; w: number; h: number }[]>(
    `[...document.querySelectorAll('svg')].map((s) => ({ title: s.querySelector('title')?.textContent ?? '', w: s.getBoundingClientRect().width, h: s.getBoundingClientRect().height }))`,
  );
  assert.deepEqual(svgs.map((s) => s.title).sort(), ['Hits per check over time', 'Latency per zone', 'Messages with hits per hour of the day', 'Overlap between checks']);
  for (const s of svgs) assert.ok(s.w > 100 && s.h > 50, JSON.stringify(s));
  const lines = await page.evaluate<number>(`document.querySelectorAll('polyline').length`);
  assert.equal(lines, report.periods[0]?.overlap.checks.length, 'one line per check that hit');
});

test('nothing is fetched but the page itself; a screenshot is kept', async () => {
  assert.deepEqual(page.requests, [pageUrl]);
  const png = await page.screenshot();
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const dir = join(ROOT, 'test', 'tools', 'artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'audit-html.png'), png);
  process.stdout.write(`# screenshot: ${join(dir, 'audit-html.png')} (${png.length} bytes)\n`);
});
