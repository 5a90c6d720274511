import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Label } from '../contract/types.js';
import { computeMetrics, histogram } from './metrics.js';

function campaign(id: string, n: number): Label[] {
  return Array.from({ length: n }, (_, i) => ({ account_id: `${id}-${i}`, label: 'campaign', campaign_id: id, persona: 'p' }));
}

test('a campaign counts as found at 90% of its accounts flagged and not below', () => {
  const labels = [...campaign('nine', 10), ...campaign('eight', 10)];
  const flagged = new Set([...labels.filter((l) => l.campaign_id === 'nine').slice(0, 9), ...labels.filter((l) => l.campaign_id === 'eight').slice(0, 8)].map((l) => l.account_id));
  const m = computeMetrics({ name: 'x', labels, isFlagged: (a) => flagged.has(a), exchanges: new Map(), leaked: new Map() });
  assert.equal(m.perCampaign.nine.found, true);
  assert.equal(m.perCampaign.eight.found, false);
  assert.equal(m.campaignRecall, 1 / 2);
  assert.equal(m.accountRecall, 17 / 20);
  assert.equal(m.benignFPR, null, 'no benign account: no rate');
});

test('leakage weighs accounts by their exchanges and cumulates per day', () => {
  const labels = campaign('c', 2);
  const m = computeMetrics({
    name: 'x', labels, isFlagged: () => true,
    exchanges: new Map([['c-0', 90], ['c-1', 10]]),
    leaked: new Map([['c-0', 9], ['c-1', 10]]),
    byDay: new Map([[20_000, [50, 15]], [20_001, [50, 4]]]),
  });
  assert.equal(m.leakage, 19 / 100);
  assert.deepEqual(m.leakageByDay.map((d) => d.cumulativeLeakage), [15 / 50, 19 / 100]);
  assert.equal(m.leakageByDay[0].day, '2024-10-04');
});

test('scores fall into twenty bins with 1.0 in the last', () => {
  const h = histogram([0, 0.049, 0.05, 0.999, 1, Number.NaN]);
  assert.equal(h.length, 20);
  assert.equal(h[0], 2);
  assert.equal(h[1], 1);
  assert.equal(h[19], 2);
});
