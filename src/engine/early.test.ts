/**
 * Caught early: the campaign exchanges served before each account is flagged
 * (leakage), per strategy, on labelled worlds of several seeds. The bounds
 * are on the pooled seeds of each strategy, since one seed's few accounts
 * move its figure by whole percent. (bench/leakage prints the same breakdown
 * for any scan.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world } from '../detectors/testing/worlds.js';
import { leakageBreakdown, type StrategyRow } from '../eval/leakage.js';
import { buildEngine } from './build.js';

const SEEDS = [1, 2, 3];

/** Leakage, recall and benign flagged of a strategy's worlds (its scenario, four days, scale 0.1), seeds pooled. */
async function measure(scenario: string): Promise<{ row: StrategyRow; benign: number; benignFlagged: number; benignBlocked: number }> {
  const rows: StrategyRow[] = [];
  let benign = 0;
  let benignFlagged = 0;
  let benignBlocked = 0;
  for (const seed of SEEDS) {
    const w = await world({ scenario, scale: 0.1, seed, days: 4 });
    const engine = buildEngine({});
    for (const r of w.records) engine.addAccount(r);
    const times = new Map<string, number[]>();
    let end = -Infinity;
    for (const { ex, f } of w.items) {
      engine.pushPrepared({ tsMs: ex.tsMs, ex, f });
      if (ex.tsMs > end) end = ex.tsMs;
      if (w.labels.get(ex.account_id)?.label === 'campaign') (times.get(ex.account_id) ?? times.set(ex.account_id, []).get(ex.account_id)!).push(ex.tsMs);
    }
    engine.finish();
    const verdicts = new Map(engine.verdicts().map((v) => [v.account_id, v]));
    for (const [id, l] of w.labels) {
      const v = verdicts.get(id);
      if (l.label !== 'benign' || !v) continue;
      benign++;
      if (v.verdict !== 'allow') benignFlagged++;
      if (v.verdict === 'block') benignBlocked++;
    }
    rows.push(leakageBreakdown({ labels: w.labels.values(), verdicts, times, endMs: () => end }).find((r) => r.strategy === scenario)!);
  }
  const row = rows.reduce((a, b) => ({ ...a, accounts: a.accounts + b.accounts, exchanges: a.exchanges + b.exchanges, leaked: a.leaked + b.leaked, flagged: a.flagged + b.flagged }));
  return { row, benign, benignFlagged, benignBlocked };
}

test('a fleet whose accounts work in shifts on one card: its next accounts are flagged at the first sweep after they send, not after their own harvest', async () => {
  // accounts the linkage ties to the campaign before they send, whose tool-use traces read as harvest only slowly
  const { row, benignFlagged, benignBlocked, benign } = await measure('agentic_harvest');
  assert.ok(row.flagged >= 0.9 * row.accounts, `agentic_harvest accounts flagged ${row.flagged}/${row.accounts}`);
  assert.ok(row.leaked <= 0.05 * row.exchanges, `agentic_harvest leakage ${(100 * row.leaked / row.exchanges).toFixed(1)}% (${row.leaked} of ${row.exchanges})`);
  assert.equal(benignBlocked, 0, 'benign accounts blocked');
  assert.ok(benignFlagged <= 0.01 * benign, `benign flagged ${benignFlagged} of ${benign}`);
});

test('a proxy-pool fleet on shared cards: its accounts are flagged within a few exchanges of their first', async () => {
  const { row, benignFlagged, benignBlocked, benign } = await measure('hydra');
  assert.equal(row.flagged, row.accounts, 'hydra accounts flagged');
  assert.ok(row.leaked <= 0.017 * row.exchanges, `hydra leakage ${(100 * row.leaked / row.exchanges).toFixed(2)}% (${row.leaked} of ${row.exchanges})`);
  assert.equal(benignBlocked, 0, 'benign accounts blocked');
  assert.ok(benignFlagged <= 0.01 * benign, `benign flagged ${benignFlagged} of ${benign}`);
});
