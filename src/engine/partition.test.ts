import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../contract/types.js';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { xorshift32 } from '../util/random.js';
import { AccountPartition } from './partition.js';

const T0 = Date.parse('2026-05-04T00:00:00Z');
const HARVEST = 'Solve the following problem. Think step by step and show all of your reasoning before giving the final answer.';

/** Each account's own exchanges, in its own order: harvest questions that differ, so every evidence sample can be told apart. */
function streams(accounts: number, each: number): Exchange[][] {
  const out: Exchange[][] = [];
  for (let a = 0; a < accounts; a++) {
    const mine: Exchange[] = [];
    for (let k = 0; k < each; k++) {
      const tsMs = T0 + k * 60_000 + a;
      mine.push({ id: `x${a}_${k}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: `acct${a}`, request: { messages: [{ role: 'user', content: `${HARVEST}\n\nItem ${a}-${k}: a pump moves ${k + 3} litres in ${a + 2} minutes. What is its rate?` }] }, response: { text: 'ok', stop_reason: 'end_turn' } });
    }
    out.push(mine);
  }
  return out;
}

/** Takes the streams into a fresh partition, interleaved by `pick` (each account's own order kept); returns each account's evidence. */
function evidenceAfter(all: Exchange[][], pick: () => number): Map<string, string[]> {
  const side = new AccountPartition({ extract: extractFeatures, excerpt: evidenceExcerpt });
  side.cross = { observe: () => false, campaignSize: () => 0, addressHolders: () => 0 };
  const at = all.map(() => 0);
  let left = all.reduce((n, s) => n + s.length, 0);
  while (left > 0) {
    let a = Math.floor(pick() * all.length);
    while (at[a] >= all[a].length) a = (a + 1) % all.length;
    side.take({ tsMs: all[a][at[a]].tsMs, ex: all[a][at[a]++] });
    left--;
  }
  const out = new Map<string, string[]>();
  for (const s of side.accounts.values()) out.set(s.id, s.evidence.map((e) => `${e.ts} ${e.excerpt}`));
  return out;
}

test("an account's evidence samples do not depend on how other accounts' exchanges are interleaved with its own", () => {
  const all = streams(12, 60);
  const base = evidenceAfter(all, xorshift32(1));
  // the reservoir replaced samples: a sampler that kept the first ones would pass trivially
  const replaced = [...base.values()].filter((ev) => ev.some((e) => !/Item \d+-[0-4]:/.test(e))).length;
  assert.ok(replaced >= 10, `only ${replaced} of 12 accounts had samples past their first five`);
  for (const seed of [2, 3, 4]) assert.deepEqual(evidenceAfter(all, xorshift32(seed)), base, `interleaving ${seed}`);
});
