/**
 * The sustained detector's judgement reading (`judgements` in ./index.ts) on
 * labelled populations: our simulator's grader harvests (`judge_resend`:
 * rubric scores and pairwise verdicts over many answers at temperature 0,
 * each sent to several models or again, copies at once or per batch, answers
 * of a few hundred tokens, under a per-account item cap; drawn per campaign)
 * beside the researchers and CI pipelines that re-run public suites and the
 * benign background of mixed (`resend` scenario), over several seeds. Each
 * account is judged on its own traffic, as the per-account score does before
 * linkage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DETECTORS } from '../registry.js';
import { flaggedShare, judge, world, type Judged } from '../testing/worlds.js';
import { sustainedHarvest } from './index.js';

/** The detector without its judgement reading: what it was before. */
const withoutJudgements = DETECTORS.map((d) => (d.id === sustainedHarvest.id ? { ...sustainedHarvest, create: (c: Parameters<typeof sustainedHarvest.create>[0]) => sustainedHarvest.create({ ...c, judgePerDay: Number.MAX_SAFE_INTEGER }) } : d));

test('grader harvests sending 30+ gradings a day are read per account; no benign account (suite re-runners included) raises the reading, and benign flags are unchanged', async () => {
  const graders: Judged[] = [];
  const before: Judged[] = [];
  let benign = 0;
  for (const seed of [11, 12, 13, 14, 15, 16, 17]) {
    const w = await world({ scenario: 'resend', scale: 0.2, seed, days: 7 });
    // the accounts the reading is about: gradings the log keeps readable (a logger that cuts the
    // prompt before its rubric hides them: the campaigns of some seeds), 30 or more on 3 days or more
    const perDay = new Map<string, Map<number, number>>();
    for (const { ex, f } of w.items) {
      if (f.intent.judge < 0.5) continue;
      const m = perDay.get(ex.account_id) ?? perDay.set(ex.account_id, new Map()).get(ex.account_id)!;
      const d = Math.floor(ex.tsMs / 86_400_000);
      m.set(d, (m.get(d) ?? 0) + 1);
    }
    const busy = (j: Judged) => j.persona === 'judge_resend' && [...(perDay.get(j.id)?.values() ?? [])].filter((x) => x >= 30).length >= 3;
    const all = judge(w, DETECTORS, sustainedHarvest.id);
    const old = judge(w, withoutJudgements, sustainedHarvest.id);
    graders.push(...all.filter(busy));
    before.push(...old.filter(busy));
    const oldSignal = new Map(old.map((j) => [j.id, j.signal?.detail]));
    benign += all.filter((j) => !j.campaign).length;
    assert.deepEqual(all.filter((j) => !j.campaign && j.signal && j.signal.detail !== oldSignal.get(j.id)).map((j) => `${j.persona}: ${j.signal!.detail}`), [], `the judgement reading fired on benign accounts of seed ${seed}`);
    assert.deepEqual(all.filter((j) => !j.campaign && j.flagged).map((j) => j.id).sort(), old.filter((j) => !j.campaign && j.flagged).map((j) => j.id).sort(), `the judgement reading changed which benign accounts are flagged (seed ${seed})`);
  }
  const fired = graders.filter((j) => j.signal).length / graders.length;
  console.log(`grader harvests with 30+ readable gradings on 3+ days: signal on ${fired.toFixed(2)} of ${graders.length}, recall ${flaggedShare(graders).toFixed(2)} (without the judgement reading ${flaggedShare(before).toFixed(2)}); ${benign} benign accounts, benign flags unchanged`);
  assert.ok(graders.length >= 3, `busy grader accounts: ${graders.length}`);
  assert.ok(fired >= 0.8, `signal on ${fired}`);
  assert.ok(flaggedShare(graders) >= 0.8 && flaggedShare(graders) > flaggedShare(before), `recall ${flaggedShare(graders)} with the judgement reading, ${flaggedShare(before)} without`);
});
