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
import { flaggedShare, judge, world, type Judged, type World } from '../testing/worlds.js';
import { logitProbe } from './index.js';

const without = DETECTORS.filter((d) => d.id !== logitProbe.id);
/** The detector with only its volume reading (300+ short answers per account): what it was before the thin readings. */
const volumeOnly = DETECTORS.map((d) => (d.id === logitProbe.id ? { ...logitProbe, create: (c: Parameters<typeof logitProbe.create>[0]) => logitProbe.create({ ...c, thinMinShort: c.minShort, thinBareMinShort: c.minShort }) } : d));

/** Exchanges per account, and how many of them ask for log-probabilities or carry a logit bias as logged. */
function volumes(w: World): Map<string, { n: number; fields: number }> {
  const m = new Map<string, { n: number; fields: number }>();
  for (const { ex, f } of w.items) {
    const v = m.get(ex.account_id) ?? { n: 0, fields: 0 };
    v.n++;
    if ((f.logprobs ?? 0) > 0 || (f.biasKey ?? 0) !== 0) v.fields++;
    m.set(ex.account_id, v);
  }
  return m;
}
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

  test(`with ${name}: logit probers sending 300+ probes per account are flagged on their own traffic, whether the log keeps logprobs and logit_bias or drops them`, { skip }, async () => {
    for (const [fields, edit] of [['kept', undefined], ['dropped', dropProbeFields]] as const) {
      const withIt: Judged[] = [];
      const before: Judged[] = [];
      // three draws of the strategy: tokens kept, fields asked for and logged, bias sweeps, instructions, pools, volume
      for (const seed of [1, 2, 3]) {
        const w = await world({ scenario: 'logit_probe', scale: 0.05, seed, days: 5, corpus: dir, edit });
        const n = volumes(w);
        const thick = (j: Judged) => j.campaign && n.get(j.id)!.n >= 300;
        withIt.push(...judge(w, DETECTORS, logitProbe.id).filter(thick));
        before.push(...judge(w, without, logitProbe.id).filter(thick));
      }
      const recall = flaggedShare(withIt);
      const recallBefore = flaggedShare(before);
      const fired = withIt.filter((j) => j.signal).length / withIt.length;
      console.log(`${name}, fields ${fields}: logit-probe recall ${recall.toFixed(2)} of ${withIt.length} (without the detector ${recallBefore.toFixed(2)}), signal on ${fired.toFixed(2)}`);
      assert.ok(withIt.length >= 8, `probing accounts with 300+ probes: ${withIt.length}`);
      assert.ok(recall >= 0.9 && fired >= 0.9, `recall ${recall}, signal on ${fired}`);
      assert.ok(recall > recallBefore, `recall ${recall} with the detector, ${recallBefore} without`);
    }
  });

  test(`with ${name}: a campaign spread thin (50–300 probes per account) is read per account: from 50 with the probing fields logged, from 150 without; under 50 evades`, { skip }, async () => {
    const band = { fields: [] as Judged[], bare: [] as Judged[], below: [] as Judged[], fieldsBefore: [] as Judged[], bareBefore: [] as Judged[] };
    // ten draws of the strategy, half of them spread thin (20–2,000 probes per account over the world)
    for (let seed = 1; seed <= 10; seed++) {
      const w = await world({ scenario: 'logit_probe', scale: 0.3, seed, days: 3, corpus: dir });
      const n = volumes(w);
      const at = (js: Judged[], lo: number, hi: number, logged?: boolean) => js.filter((j) => j.campaign && n.get(j.id)!.n >= lo && n.get(j.id)!.n < hi && (logged === undefined || (n.get(j.id)!.fields >= 0.8 * n.get(j.id)!.n) === logged));
      const all = judge(w, DETECTORS, logitProbe.id);
      const old = judge(w, volumeOnly, logitProbe.id);
      band.fields.push(...at(all, 50, 300, true));
      band.fieldsBefore.push(...at(old, 50, 300, true));
      band.bare.push(...at(all, 150, 300, false));
      band.bareBefore.push(...at(old, 150, 300, false));
      band.below.push(...at(all, 0, 50));
      assert.deepEqual(all.filter((j) => !j.campaign && j.signal).map((j) => `${j.persona}: ${j.signal!.detail}`), [], `the signal fired on benign accounts of seed ${seed}`);
    }
    const rate = (js: Judged[]) => (js.length ? js.filter((j) => j.signal).length / js.length : 0);
    console.log(`${name}: thin probers, 50–300 probes with fields logged: signal on ${rate(band.fields).toFixed(2)} of ${band.fields.length} (volume reading only ${rate(band.fieldsBefore).toFixed(2)}); 150–300 without fields: ${rate(band.bare).toFixed(2)} of ${band.bare.length} (${rate(band.bareBefore).toFixed(2)}); under 50: ${rate(band.below).toFixed(2)} of ${band.below.length}`);
    assert.ok(band.fields.length >= 5, `thin probers with fields: ${band.fields.length}`);
    assert.ok(rate(band.fields) >= 0.8, `thin probers with fields: signal on ${rate(band.fields)}`);
    assert.equal(rate(band.fieldsBefore), 0, 'the volume reading alone should miss accounts under 300 probes');
    assert.ok(band.bare.length === 0 || rate(band.bare) >= 0.6, `thin probers without fields, 150–300: signal on ${rate(band.bare)}`);
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
