/**
 * Campaign recall against the size of the benign population: the same
 * campaign, byte for byte in what it sends (`simulate --background`), inside
 * 1× and 10× the ordinary accounts of `stealth` (aged accounts on human
 * hours, paraphrased wrappers, ordinary chat as cover, a dozen accounts, a
 * card shared by two or three of them). A rule whose evidence is relative to
 * the population (a key weaker when more accounts share it, a component that
 * a chance edge to an ordinary account makes big enough for Louvain to cut
 * the operation into pieces below the minimum size) finds the campaign at 1×
 * and loses it at 10×; here its recall and whether it is found must hold, and
 * the benign false-positive rate must not grow.
 *
 * The seed is not one anything was traced or tuned on (1 and 2 of `stealth`
 * at 7 days, where seed 1's campaign is found at 1× and 3× and lost at 10×:
 * docs/detection.md, "A campaign's group does not depend on the crowd
 * around it"). It guards the property on a world no one tuned on: a change
 * that makes evidence relative to the population fails it. One seed, at 4
 * days, to keep it to a few minutes on a busy machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEval, type EvalReport } from '../eval/index.js';
import { simulateWorld } from '../simulate/index.js';
import { scan } from './scan.js';

const SEEDS = [4];
const SCALE = 0.3;
const DAYS = 4;
/** campaign recall at 10× may fall this far below 1× (one account in a dozen is 8 points: none may be lost) */
const MAX_RECALL_DROP = 0.05;
/** how much higher the benign flagged rate may be at 10×, beyond the sampling noise of 1× */
const MAX_FPR_GROWTH = 0.002;

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function measure(seed: number, background: number): Promise<EvalReport> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-poprecall-'));
  dirs.push(dir);
  const world = join(dir, 'world');
  const out = join(dir, 'scan');
  await simulateWorld({ scenario: 'stealth', scale: SCALE, background, seed, days: DAYS, out: world });
  await scan({ inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), out, store: false, workers: 0 });
  return runEval({ world, verdicts: out, baselines: [] });
}

test('a stealthy campaign is found as well among 10× the ordinary accounts as among 1×, and the benign flagged rate does not grow', async () => {
  const pooled = { 1: { hit: 0, of: 0, found: 0, ben: 0, benFlag: 0 }, 10: { hit: 0, of: 0, found: 0, ben: 0, benFlag: 0 } };
  for (const seed of SEEDS) {
    let benignAt1 = 0;
    for (const k of [1, 10] as const) {
      const r = await measure(seed, k);
      if (k === 1) benignAt1 = r.benignAccounts;
      else assert.ok(r.benignAccounts >= 5 * benignAt1, `seed ${seed}: ${benignAt1} benign accounts at 1×, ${r.benignAccounts} at 10×`);
      const p = pooled[k];
      p.hit += r.flaggedCampaignAccounts;
      p.of += r.campaignAccounts;
      p.found += r.campaignsFound;
      p.ben += r.benignAccounts;
      p.benFlag += r.flaggedBenignAccounts;
    }
  }
  const [a, b] = [pooled[1], pooled[10]];
  assert.ok(a.of > 0 && a.of === b.of, `the same campaign accounts at both sizes: ${a.of}, ${b.of}`);
  const r1 = a.hit / a.of;
  const r10 = b.hit / b.of;
  assert.ok(r1 >= 0.9, `recall at 1×: ${a.hit}/${a.of}`);
  assert.ok(r10 >= r1 - MAX_RECALL_DROP, `campaign recall falls with the population: ${a.hit}/${a.of} at 1× → ${b.hit}/${b.of} at 10×`);
  assert.ok(b.found >= a.found, `campaigns found: ${a.found} at 1× → ${b.found} at 10×`);
  const f1 = a.benFlag / a.ben;
  const f10 = b.benFlag / b.ben;
  const noise = 2 * Math.sqrt((Math.max(f1, 0.005) * (1 - f1)) / a.ben);
  assert.ok(f10 <= f1 + noise + MAX_FPR_GROWTH, `benign flagged rate grows with the population: ${a.benFlag}/${a.ben} → ${b.benFlag}/${b.ben}`);
});
