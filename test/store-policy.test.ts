/**
 * The scan's store policy end to end, on a simulated world (built-in text):
 * the default store holds every exchange of the flagged accounts from their
 * flag on, and some of their exchanges from before it, every exchange of the
 * sampled accounts, and nothing of the rest; every stored row is the row
 * `--store-all-exchanges` writes for that exchange; verdicts, campaigns and
 * evidence are the same whichever policy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { scan } from '../src/engine/scan.js';
import { simulateWorld } from '../src/simulate/index.js';
import { sampled } from '../src/store/policy/policy.js';
import { readVerdicts, tmp } from './helpers.js';

async function table(path: string, sql: string): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowsJS() as unknown[][];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

test('the default store keeps flagged accounts from their flag on, some of their history before it, a whole 1-in-32 sample, and rows identical to a store of everything', async () => {
  const dir = tmp('store-policy');
  await simulateWorld({ scenario: 'mixed', scale: 0.02, seed: 5, days: 5, out: dir });
  const input = { inputs: [join(dir, 'logs.jsonl.gz')], accounts: join(dir, 'accounts.jsonl'), workers: 0 };
  await scan({ ...input, out: join(dir, 'policy') });
  await scan({ ...input, out: join(dir, 'all'), storeExchanges: 'all' });
  for (const f of ['verdicts.jsonl', 'campaigns.json', 'signatures.json']) {
    assert.equal(readFileSync(join(dir, 'policy', f), 'utf8'), readFileSync(join(dir, 'all', f), 'utf8'), f);
  }
  const rowsSql = 'SELECT id, account_id, epoch_ms(ts) AS t, CAST(e AS VARCHAR) FROM exchanges e ORDER BY id';
  const kept = await table(join(dir, 'policy', 'distillguard.duckdb'), rowsSql);
  const all = await table(join(dir, 'all', 'distillguard.duckdb'), rowsSql);
  const allById = new Map(all.map((r) => [r[0] as string, r]));
  for (const r of kept) assert.deepEqual(r, allById.get(r[0] as string), `stored row ${String(r[0])} as a store of everything has it`);
  for (const t of ['verdicts', 'campaigns', 'campaign_members', 'evidence']) {
    const q = `SELECT CAST(t AS VARCHAR) AS x FROM ${t} t ORDER BY x`;
    assert.deepEqual(await table(join(dir, 'policy', 'distillguard.duckdb'), q), await table(join(dir, 'all', 'distillguard.duckdb'), q), t);
  }

  const verdicts = readVerdicts(join(dir, 'policy'));
  const keptBy = new Map<string, number[]>();
  for (const r of kept) keptBy.set(r[1] as string, [...(keptBy.get(r[1] as string) ?? []), Number(r[2])]);
  const allBy = new Map<string, number[]>();
  for (const r of all) allBy.set(r[1] as string, [...(allBy.get(r[1] as string) ?? []), Number(r[2])]);
  let flagged = 0, withHistory = 0, sampledN = 0, others = 0;
  for (const [id, times] of allBy) {
    const v = verdicts.get(id)!;
    const mine = keptBy.get(id) ?? [];
    if (sampled(id, 32)) {
      sampledN++;
      assert.equal(mine.length, times.length, `sampled ${id}: every exchange`);
    } else if (v.flagged_at) {
      flagged++;
      const at = Date.parse(v.flagged_at);
      // the exchange that carries the flag time may be the last one before it took effect
      const after = times.filter((t) => t > at);
      const before = mine.filter((t) => t < at);
      for (const t of after) assert.ok(mine.includes(t), `flagged ${id}: its exchange at ${new Date(t).toISOString()}, after its flag, is stored`);
      if (times.some((t) => t < at)) {
        assert.ok(before.length > 0, `flagged ${id}: some history from before its flag is stored`);
        withHistory++;
      }
    } else {
      others++;
      assert.equal(mine.length, 0, `${id} was neither flagged nor sampled`);
    }
  }
  assert.ok(flagged >= 10 && withHistory >= 5 && sampledN >= 1 && others >= 50, `flagged ${flagged} (${withHistory} with history), sampled ${sampledN}, others ${others}`);
  assert.ok(kept.length < all.length, `${kept.length} of ${all.length} rows stored`);
  const counts = await table(join(dir, 'policy', 'distillguard.duckdb'), 'SELECT counts FROM scans');
  assert.equal(JSON.parse(counts[0][0] as string).exchanges_stored, kept.length);
});
