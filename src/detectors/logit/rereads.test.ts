/**
 * The logit detector's re-read reading (`rereads` in ./index.ts) on labelled
 * populations, with a logger that keeps neither the probing fields nor the
 * answer text (so the distinct-answer test cannot be asked): our simulator's
 * re-sending logit probers (`logit_resend`: each prompt re-read at
 * temperature 0 under 2–4 bias windows or models, copies at once or per
 * batch, drawn per campaign) beside the researchers and CI pipelines that
 * re-run public suites (`resend` scenario), and the short-answer look-alikes
 * (classifiers, routers, moderation, evaluations scored by log-probabilities,
 * autocomplete: `probe_lookalikes`) at one, three and ten times the benign
 * population. Each account is judged on its own traffic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../../contract/types.js';
import { DETECTORS } from '../registry.js';
import { flaggedShare, judge, world, type Judged, type World } from '../testing/worlds.js';
import { logitProbe } from './index.js';

/** A logger that keeps no probing fields and no answer text. */
function bareLog(ex: Exchange): void {
  if (ex.request) {
    delete ex.request.logprobs;
    delete ex.request.top_logprobs;
    delete ex.request.logit_bias;
    delete ex.request.n;
  }
  if (ex.response) delete ex.response.text;
}

/** The detector without its re-read reading: what it was before. */
const withoutRereads = DETECTORS.map((d) => (d.id === logitProbe.id ? { ...logitProbe, create: (c: Parameters<typeof logitProbe.create>[0]) => logitProbe.create({ ...c, rereadMinItems: Number.MAX_SAFE_INTEGER }) } : d));

function shortCounts(w: World): Map<string, number> {
  const m = new Map<string, number>();
  for (const { ex, f } of w.items) if ((f.outputTokens > 0 && f.outputTokens <= 5) || (f.maxTokens > 0 && f.maxTokens <= 5)) m.set(ex.account_id, (m.get(ex.account_id) ?? 0) + 1);
  return m;
}

test('re-sending logit probers with 300+ probes per account are read from their re-reads when the log keeps no answer text or probing fields; suite re-runs are not', async () => {
  const probers: Judged[] = [];
  const before: Judged[] = [];
  let evaluators = 0;
  for (const seed of [11, 12, 13]) {
    const w = await world({ scenario: 'resend', scale: 0.2, seed, days: 7, edit: bareLog });
    const n = shortCounts(w);
    const thick = (j: Judged) => j.persona === 'logit_resend' && (n.get(j.id) ?? 0) >= 300;
    const all = judge(w, DETECTORS, logitProbe.id);
    const old = judge(w, withoutRereads, logitProbe.id);
    probers.push(...all.filter(thick));
    before.push(...old.filter(thick));
    evaluators += all.filter((j) => ['bench_researcher', 'ci_eval'].includes(j.persona)).length;
    assert.deepEqual(all.filter((j) => !j.campaign && j.signal).map((j) => `${j.persona}: ${j.signal!.detail}`), [], `the signal fired on benign accounts of seed ${seed}`);
    assert.deepEqual(all.filter((j) => !j.campaign && j.flagged).map((j) => j.id).sort(), old.filter((j) => !j.campaign && j.flagged).map((j) => j.id).sort(), `the re-read reading changed which benign accounts are flagged (seed ${seed})`);
  }
  const fired = probers.filter((j) => j.signal).length / probers.length;
  console.log(`re-sending logit probers, bare log: signal on ${fired.toFixed(2)} of ${probers.length}, recall ${flaggedShare(probers).toFixed(2)} (without the re-read reading ${flaggedShare(before).toFixed(2)}); ${evaluators} suite re-runners, none signalled`);
  assert.ok(probers.length >= 6, `re-sending probers with 300+ probes: ${probers.length}`);
  assert.ok(evaluators >= 10, `suite re-runners in the population: ${evaluators}`);
  assert.ok(fired >= 0.8, `signal on ${fired}`);
  assert.ok(flaggedShare(probers) >= 0.8 && flaggedShare(probers) > flaggedShare(before), `recall ${flaggedShare(probers)} with the re-read reading, ${flaggedShare(before)} without`);
});

test('with no answer text or probing fields logged, no short-answer look-alike raises the signal at 1×, 3× and 10× the benign population', async () => {
  for (const [times, scale] of [[1, 0.1], [3, 0.3], [10, 1]] as const) {
    const w = await world({ scenario: 'probe_lookalikes', scale, seed: 11, days: 3, edit: bareLog });
    const all = judge(w, DETECTORS, logitProbe.id);
    const short = all.filter((j) => ['classifier_service', 'logprob_eval', 'autocomplete'].includes(j.persona));
    assert.ok(short.length >= 2 * times, `short-answer look-alikes at ${times}×: ${short.length}`);
    assert.deepEqual(all.filter((j) => j.signal).map((j) => `${j.persona}: ${j.signal!.detail}`), [], `the signal fired on benign accounts at ${times}×`);
  }
});
