/**
 * Logit probing on labelled populations: our simulator's logit probers
 * (`logit_probe`: max_tokens 1–5, log-probabilities and logit-bias sweeps
 * drawn per campaign, prompts from every pool, sometimes one prompt under
 * several bias windows) with the probing fields as logged and with a logger
 * that dropped them; then the look-alikes (`probe_lookalikes`:
 * classification, routing and moderation services, evaluations scored by
 * log-probabilities, autocomplete, beside people and developers) at one,
 * three and ten times the benign population. Each account is judged on its
 * own traffic, as the per-account score does before linkage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../../contract/types.js';
import { ABSENT_MESSAGE, corporaDir } from '../../features/corpora.js';
import { withoutFamilies } from '../../engine/families.js';
import { DETECTORS } from '../registry.js';
import { flaggedShare, judge, world, type Judged } from '../testing/worlds.js';
import { logitProbe } from './index.js';

const without = DETECTORS.filter((d) => d.id !== logitProbe.id);
const corpus = corporaDir();

/** What a logger that keeps no probing fields leaves of a request. */
function dropProbeFields(ex: Exchange): void {
  if (!ex.request) return;
  delete ex.request.logprobs;
  delete ex.request.top_logprobs;
  delete ex.request.logit_bias;
  delete ex.request.n;
}

for (const [name, dir] of [['built-in text', undefined], ['public prompt corpora', corpus]] as const) {
  const skip = name === 'public prompt corpora' && !dir ? ABSENT_MESSAGE : false;

  test(`with ${name}: logit probers are flagged on their own traffic, whether the log keeps logprobs and logit_bias or drops them`, { skip }, async () => {
    for (const [fields, edit] of [['kept', undefined], ['dropped', dropProbeFields]] as const) {
      const withIt: Judged[] = [];
      const before: Judged[] = [];
      // three draws of the strategy: tokens kept, fields asked for and logged, bias sweeps, instructions, pools, volume
      for (const seed of [1, 2, 3]) {
        const w = await world({ scenario: 'logit_probe', scale: 0.05, seed, days: 5, corpus: dir, edit });
        withIt.push(...judge(w, DETECTORS, logitProbe.id).filter((j) => j.campaign));
        before.push(...judge(w, without, logitProbe.id).filter((j) => j.campaign));
      }
      const recall = flaggedShare(withIt);
      const recallBefore = flaggedShare(before);
      const fired = withIt.filter((j) => j.signal).length / withIt.length;
      console.log(`${name}, fields ${fields}: logit-probe recall ${recall.toFixed(2)} of ${withIt.length} (without the detector ${recallBefore.toFixed(2)}), signal on ${fired.toFixed(2)}`);
      assert.ok(withIt.length >= 12, `probing accounts: ${withIt.length}`);
      assert.ok(recall >= 0.9 && fired >= 0.9, `recall ${recall}, signal on ${fired}`);
      assert.ok(recall > recallBefore, `recall ${recall} with the detector, ${recallBefore} without`);
    }
  });

  test(`with ${name}: no look-alike (classifiers, routers, moderation, log-probability evaluations, autocomplete) raises the signal, and the benign flagged rate is unchanged at 1×, 3× and 10× the benign population`, { skip }, async () => {
    const rates: string[] = [];
    for (const [times, scale] of [[1, 0.1], [3, 0.3], [10, 1]] as const) {
      const w = await world({ scenario: 'probe_lookalikes', scale, seed: 11, days: 3, corpus: dir });
      const all = judge(w, DETECTORS, logitProbe.id);
      const before = judge(w, without, logitProbe.id);
      const short = all.filter((j) => ['classifier_service', 'logprob_eval', 'autocomplete'].includes(j.persona));
      assert.ok(short.length >= 2 * times, `short-answer look-alikes at ${times}×: ${short.length}`);
      assert.deepEqual(all.filter((j) => j.signal).map((j) => `${j.persona}: ${j.signal!.detail}`), [], `the signal fired on benign accounts at ${times}×`);
      assert.deepEqual(all.filter((j) => j.flagged).map((j) => j.id).sort(), before.filter((j) => j.flagged).map((j) => j.id).sort(), `the detector changed which benign accounts are flagged at ${times}×`);
      rates.push(`${times}×: ${all.length} benign, ${short.length} short-answer look-alikes, flagged ${flaggedShare(all).toFixed(4)}`);
    }
    console.log(`${name}: ${rates.join('; ')}`);
  });
}

test('the logit family turns the detector off (scan --disable logit)', () => {
  assert.ok(DETECTORS.some((d) => d.id === logitProbe.id));
  assert.ok(!withoutFamilies(['logit']).detectors.some((d) => d.id === logitProbe.id));
});
