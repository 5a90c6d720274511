import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Label, Verdict } from '../contract/types.js';
import { leakageBreakdown } from './leakage.js';

const H = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const label = (id: string, campaign = 'c1', persona = 'hydra'): Label => ({ account_id: id, label: 'campaign', campaign_id: campaign, persona });
const verdict = (id: string, flaggedMs: number | null, signals: string[] = ['campaign.member'], v: Verdict['verdict'] = 'block'): Verdict => ({
  account_id: id,
  verdict: flaggedMs === null ? 'allow' : v,
  score: 0.9,
  flagged_at: flaggedMs === null ? null : iso(flaggedMs),
  campaign_id: null,
  reasons: signals.map((signal) => ({ signal, weight: 1, detail: '' })),
});

test('classes each leaked exchange by how its account was flagged, and whether its campaign was known first', () => {
  const times = new Map<string, number[]>([
    ['a', [0, H, 2 * H, 3 * H]], // flagged by a sweep between its exchanges: 2 leaked
    ['b', [4 * H, 5 * H, 6 * H]], // joins after a was flagged; flagged at its own second exchange by a signature: 1 leaked
    ['c', [4 * H, 5 * H]], // never flagged: both leaked
    ['d', [H, 9 * H]], // flagged by the last sweep at the log's end: both leaked
    ['e', [7 * H, 8 * H]], // own evidence at its second exchange: 1 leaked
  ]);
  const verdicts = new Map<string, Verdict>([
    ['a', verdict('a', 1.5 * H)],
    ['b', verdict('b', 5 * H, ['signature.match'])],
    ['c', verdict('c', null)],
    ['d', verdict('d', 10 * H)],
    ['e', verdict('e', 8 * H, ['content.harvest_intent'], 'review')],
  ]);
  const rows = leakageBreakdown({ labels: ['a', 'b', 'c', 'd', 'e'].map((x) => label(x)), verdicts, times, endMs: () => 10 * H });
  const hydra = rows.find((r) => r.strategy === 'hydra')!;
  assert.equal(hydra.exchanges, 13);
  assert.equal(hydra.leaked, 2 + 1 + 2 + 2 + 1);
  assert.equal(hydra.flagged, 4);
  assert.deepEqual(
    Object.fromEntries(Object.entries(hydra.routes).map(([k, r]) => [k, [r.accounts, r.leaked, r.accountsKnown]])),
    { never: [1, 2, 1], end: [1, 2, 0], sweep: [1, 2, 0], own: [1, 1, 1], signature: [1, 1, 1] },
  );
  assert.equal(rows[rows.length - 1].strategy, 'all');
});

test('counts an account flagged and later lifted as leaking up to its flag, but not as flagged', () => {
  const times = new Map([['a', [0, H, 2 * H]]]);
  const v = { ...verdict('a', H), verdict: 'allow' as const };
  const [row] = leakageBreakdown({ labels: [label('a')], verdicts: new Map([['a', v]]), times, endMs: () => 3 * H });
  assert.equal(row.leaked, 1);
  assert.equal(row.flagged, 0);
  assert.equal(row.lifted, 1);
});
