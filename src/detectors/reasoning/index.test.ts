/**
 * Multi-turn reasoning extraction on labelled populations: our simulator's
 * reasoning harvesters (`reasoning_probe`: capability items taken apart by
 * 2–8 follow-ups from the vocabulary people use, fixed or spread depth,
 * stock or reworded follow-ups, with or without elicitation words, machine
 * or human pace), then the look-alikes (`probe_lookalikes`: tutoring apps
 * relaying students' homework conversations, curious people asking why at
 * every step, support desks, beside people and developers) at one, three
 * and ten times the benign population. Each account is judged on its own
 * traffic, as the per-account score does before linkage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ABSENT_MESSAGE, corporaDir } from '../../features/corpora.js';
import { withoutFamilies } from '../../engine/families.js';
import { DETECTORS } from '../registry.js';
import { flaggedShare, judge, world, type Judged } from '../testing/worlds.js';
import { reasoningProbe } from './index.js';

const without = DETECTORS.filter((d) => d.id !== reasoningProbe.id);
const corpus = corporaDir();
const MULTI_TURN = ['tutor_app', 'curious_learner', 'support_desk'];

for (const [name, dir] of [['built-in text', undefined], ['public prompt corpora', corpus]] as const) {
  const skip = name === 'public prompt corpora' && !dir ? ABSENT_MESSAGE : false;

  test(`with ${name}: reasoning harvesters are flagged on their own traffic, whatever their follow-ups' wording`, { skip }, async () => {
    const withIt: Judged[] = [];
    const before: Judged[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const w = await world({ scenario: 'reasoning_probe', scale: 0.1, seed, days: 5, corpus: dir });
      withIt.push(...judge(w, DETECTORS, reasoningProbe.id).filter((j) => j.campaign));
      before.push(...judge(w, without, reasoningProbe.id).filter((j) => j.campaign));
    }
    const recall = flaggedShare(withIt);
    const recallBefore = flaggedShare(before);
    const fired = withIt.filter((j) => j.signal).length / withIt.length;
    console.log(`${name}: reasoning-probe recall ${recall.toFixed(2)} of ${withIt.length} (without the detector ${recallBefore.toFixed(2)}), signal on ${fired.toFixed(2)}`);
    assert.ok(withIt.length >= 20, `harvesting accounts: ${withIt.length}`);
    assert.ok(recall >= 0.9 && fired >= 0.9, `recall ${recall}, signal on ${fired}`);
    assert.ok(recall > recallBefore, `recall ${recall} with the detector, ${recallBefore} without`);
  });

  test(`with ${name}: no tutoring app, curious learner or support desk raises the signal, and the benign flagged rate is unchanged at 1×, 3× and 10× the benign population`, { skip }, async () => {
    const rates: string[] = [];
    for (const [times, scale] of [[1, 0.1], [3, 0.3], [10, 1]] as const) {
      const w = await world({ scenario: 'probe_lookalikes', scale, seed: 12, days: 4, corpus: dir });
      const all = judge(w, DETECTORS, reasoningProbe.id);
      const before = judge(w, without, reasoningProbe.id);
      const multi = all.filter((j) => MULTI_TURN.includes(j.persona));
      assert.ok(multi.length >= 6 * times, `multi-turn look-alikes at ${times}×: ${multi.length}`);
      assert.deepEqual(all.filter((j) => j.signal).map((j) => `${j.persona}: ${j.signal!.detail}`), [], `the signal fired on benign accounts at ${times}×`);
      assert.deepEqual(all.filter((j) => j.flagged).map((j) => j.id).sort(), before.filter((j) => j.flagged).map((j) => j.id).sort(), `the detector changed which benign accounts are flagged at ${times}×`);
      rates.push(`${times}×: ${all.length} benign, ${multi.length} multi-turn look-alikes, flagged ${flaggedShare(all).toFixed(4)}`);
    }
    console.log(`${name}: ${rates.join('; ')}`);
  });
}

test('the reasoning family turns the detector off (scan --disable reasoning)', () => {
  assert.ok(DETECTORS.some((d) => d.id === reasoningProbe.id));
  assert.ok(!withoutFamilies(['reasoning']).detectors.some((d) => d.id === reasoningProbe.id));
});
