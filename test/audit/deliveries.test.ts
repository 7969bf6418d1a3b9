// The join of summary lines to qmail-send's log by qp, with pid reuse, cut logs and the cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryJoin } from '../../src/cli/audit/deliveries';
import { deliveryLines } from '../helpers/audit-lines';

const T = Date.UTC(2026, 10, 28, 10);
const feed = (j: DeliveryJoin, host: number, time: number, lines: string[]): void => lines.forEach((l) => j.addLine(host, time, l));

test('local, remote, bounced, deferred, unfinished and not found', () => {
  const j = new DeliveryJoin(1, () => 0);
  for (const qp of [101, 102, 103, 104, 105]) j.expect(0, qp, T);
  feed(j, 0, T + 1000, deliveryLines(9001, 101, [[1, 'local', 'success']]));
  feed(j, 0, T + 1000, deliveryLines(9002, 102, [[2, 'remote', 'success'], [3, 'local', 'failure']]));
  feed(j, 0, T + 1000, deliveryLines(9003, 103, [[4, 'remote', 'deferral']], false));
  feed(j, 0, T + 1000, deliveryLines(9004, 999, [[5, 'local', 'success']])); // not one of ours
  const [r] = j.finish();
  assert.deepEqual(r, { looked_up: 5, found: 3, not_found: 2, delivered_local: 1, delivered_remote: 1, bounced: 1, deferred: 1, unfinished: 1, over_capacity: 0 });
});

test('a reused pid joins the summary line closest before the info line; hosts are kept apart', () => {
  const j = new DeliveryJoin(2, (t) => (t !== undefined && t >= T + 3_600_000 ? 1 : 0));
  j.expect(0, 500, T); // period 0
  j.expect(0, 500, T + 7_200_000); // the same pid two hours later: period 1
  j.expect(1, 500, T); // another host
  feed(j, 0, T + 7_200_500, deliveryLines(1, 500, [[1, 'remote', 'success']]));
  const [before, after] = j.finish();
  assert.equal(after?.found, 1);
  assert.equal(after?.delivered_remote, 1);
  assert.equal(before?.found, 0);
  assert.equal(before?.not_found, 2);
});

test('an info line long before the summary line is not its delivery', () => {
  const j = new DeliveryJoin(1, () => 0);
  j.expect(0, 77, T);
  feed(j, 0, T - 3_600_000, deliveryLines(1, 77, [[1, 'local', 'success']]));
  assert.equal(j.finish()[0]?.found, 0);
});

test('past the cap, summary lines are counted as not looked up', () => {
  const j = new DeliveryJoin(1, () => 0, 2);
  for (const qp of [1, 2, 3]) j.expect(0, qp, T);
  assert.equal(j.finish()[0]?.over_capacity, 1);
});
