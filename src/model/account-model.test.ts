import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountModel, ModelError, rulesEvidence } from './account-model.js';
import { FEATURE_COUNT, FEATURES } from './features.js';
import { CLEAR_MAX_RECALL_LOSS, decideClearing, train, type LogoFigure } from './training.js';
import { AccountState } from '../state/account.js';

const model = AccountModel.load();
const file = model.file;

test('the shipped model file loads, names the features this build computes, and records its thresholds with the rate they hold at', () => {
  assert.equal(file.features.length, FEATURE_COUNT);
  assert.ok(file.trainingCommit.length >= 7);
  const { review, block } = file.thresholds;
  assert.ok(review.probability > 0 && review.probability <= 1);
  assert.ok(block.probability >= review.probability);
  assert.ok(review.benignFlaggedRate <= review.targetRate, `review flags ${review.benignFlaggedRate} of benign accounts, target ${review.targetRate}`);
  assert.ok(block.benignFlaggedRate <= review.benignFlaggedRate);
  assert.ok(review.benignAccounts >= 1000, 'thresholds measured on at least a thousand benign accounts');
});

test('the shipped model was trained on several generators, never on heldout/v8, and records each generator held out', () => {
  const gens = file.training.generators as string[];
  assert.ok(gens.includes('sim') && gens.length >= 4, `generators: ${gens.join(', ')}`);
  assert.ok(!gens.some((g) => /^v([8-9]|\d\d)/.test(g)), 'heldout/v8 and later stay unseen');
  const logo = (file.validation as { logo: { generator: string; rules: { benignFlaggedRate: number }; rulesAndModel: { benignFlaggedRate: number; recall: number } }[] }).logo;
  assert.deepEqual(logo.map((f) => f.generator).sort(), [...gens].sort());
  // rules + model flags at least what the rules flag, on every held-out generator
  for (const f of logo) assert.ok(f.rulesAndModel.benignFlaggedRate >= f.rules.benignFlaggedRate, f.generator);
});

test('a model file trained on other features is refused', () => {
  const other = { ...file, features: file.features.slice(1), standardisation: { mean: file.standardisation.mean.slice(1), scale: file.standardisation.scale.slice(1) }, coefficients: { ...file.coefficients, weights: file.coefficients.weights.slice(1) } };
  assert.throws(() => new AccountModel(other), ModelError);
});

test('sign constraints hold in the shipped model: more harvest or campaign evidence never lowers the probability', () => {
  FEATURES.forEach((f, j) => {
    const w = file.coefficients.weights[j];
    if (f.sign > 0) assert.ok(w >= 0, `${f.name}: ${w}`);
    if (f.sign < 0) assert.ok(w <= 0, `${f.name}: ${w}`);
  });
  // and on vectors: raise each constrained-up feature from a random point, the logit never falls
  const x = new Float64Array(FEATURE_COUNT);
  for (let trial = 0; trial < 50; trial++) {
    for (let j = 0; j < FEATURE_COUNT; j++) x[j] = file.standardisation.mean[j] + file.standardisation.scale[j] * Math.sin(trial * 7 + j);
    FEATURES.forEach((f, j) => {
      if (f.sign <= 0) return;
      const before = model.logit(x);
      x[j] += file.standardisation.scale[j];
      assert.ok(model.logit(x) >= before - 1e-12, f.name);
      x[j] -= file.standardisation.scale[j];
    });
  }
});

test('the model sends to review and never blocks, campaign tie or not', () => {
  const s = new AccountState('a');
  s.days = 5;
  const content = [{ signal: 'content.harvest_intent', score: 0.8, detail: '' }, { signal: 'automation.timing', score: 0.5, detail: '' }];
  const high = Math.max(model.blockAt, 0.999);
  assert.equal(model.verdictFor(high, s, content), 'review');
  s.campaignId = 'c1';
  assert.equal(model.verdictFor(high, s, content), 'review');
  assert.equal(model.verdictFor(model.reviewAt * 0.99, s, content), 'allow');
});

test('alone, the model acts only where the rules let one account act: content and machine evidence, three active days, not verified', () => {
  const s = new AccountState('a');
  const content = [{ signal: 'content.harvest_intent', score: 0.8, detail: '' }, { signal: 'automation.timing', score: 0.5, detail: '' }];
  assert.equal(model.verdictFor(0.999, Object.assign(new AccountState('b'), { days: 5 }), [content[0], { signal: 'coverage.sweep', score: 0.9, detail: '' }]), 'allow');
  s.days = 2;
  assert.equal(model.verdictFor(0.999, s, content), 'allow');
  s.days = 3;
  assert.equal(model.verdictFor(0.999, s, content), 'review');
  assert.equal(model.verdictFor(0.999, s, []), 'allow');
  s.record = { account_id: 'a', verified: true };
  assert.equal(model.verdictFor(0.999, s, content), 'allow');
});

test('retrained by the training script on its small fixed world set, the model reproduces the figures recorded in the file', async (t) => {
  const rec = file.reproduce as { seed: number; validation: Record<string, number>; thresholds: { review: { probability: number } } } | undefined;
  if (!rec) return t.skip('the model file records no reproduction figures');
  const work = mkdtempSync(join(tmpdir(), 'dg-model-smoke-'));
  try {
    const r = await train({ seed: rec.seed, preset: 'smoke', workDir: work });
    const v = r.file.validation as Record<string, number>;
    for (const k of ['recall', 'leakage', 'benignFlaggedRate', 'auc', 'logLoss']) {
      assert.ok(Math.abs(v[k] - rec.validation[k]) <= 0.02, `${k}: ${v[k]} retrained vs ${rec.validation[k]} recorded`);
    }
    assert.equal(v.campaignAccounts, rec.validation.campaignAccounts);
    assert.equal(v.benignAccounts, rec.validation.benignAccounts);
    assert.ok(Math.abs(r.file.thresholds.review.probability - rec.thresholds.review.probability) <= 0.05);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('the model clears only a review that rests on the account\'s own evidence, and only below its clear threshold', () => {
  const clear = { probability: 0.2, acts: true, keep: 0.99, decision: 'test' };
  const m = new AccountModel({ ...file, thresholds: { ...file.thresholds, clear } });
  const s = new AccountState('a');
  assert.equal(rulesEvidence('allow', s), 0);
  assert.equal(rulesEvidence('review', s), 1);
  assert.equal(rulesEvidence('block', s), 3);
  assert.ok(m.clears(0.1, 'review', s));
  assert.ok(!m.clears(0.2, 'review', s), 'at the threshold the rules\' review stands');
  assert.ok(!m.clears(0.1, 'block', s), 'a block stays with the rules');
  assert.ok(!m.clears(0.1, 'allow', s));
  s.campaignId = 'c1';
  assert.equal(rulesEvidence('review', s), 2);
  assert.ok(!m.clears(0.01, 'review', s), 'a campaign\'s ties stay with the rules');
  s.campaignId = null;
  s.signatureId = 'sig1';
  assert.equal(rulesEvidence('review', s), 3);
  assert.ok(!m.clears(0.01, 'review', s), 'a signature match stays with the rules');
  s.signatureId = null;
  assert.ok(!new AccountModel({ ...file, thresholds: { ...file.thresholds, clear } }, { clear: false }).clears(0.1, 'review', s), '--disable clearing');
  assert.ok(!new AccountModel({ ...file, thresholds: { ...file.thresholds, clear: { ...clear, acts: false } } }).clears(0.1, 'review', s), 'a file whose rule did not hold never clears');
  assert.match(m.clearedReason(0.1).detail, /0\.100.*0\.200/);
});

test('the shipped clear decision is the leave-one-generator-out rule applied to the file\'s own figures', () => {
  const clear = file.thresholds.clear;
  assert.ok(clear, 'the model file records a clear threshold');
  assert.ok(clear.probability <= file.thresholds.review.probability);
  const logo = (file.validation as { logo: LogoFigure[] }).logo;
  assert.equal(decideClearing(logo).acts, clear.acts);
  if (!clear.acts) return;
  for (const f of logo) {
    assert.ok(f.rulesAndModel.recall - f.cleared.recall <= CLEAR_MAX_RECALL_LOSS + 1e-9, `${f.generator}: recall ${f.rulesAndModel.recall} → ${f.cleared.recall} with clearing`);
    assert.ok(f.cleared.benignFlaggedRate <= f.rulesAndModel.benignFlaggedRate, `${f.generator}: clearing never adds a flag`);
  }
  assert.ok(logo.filter((f) => f.cleared.benignFlaggedRate < f.rulesAndModel.benignFlaggedRate).length > logo.length / 2);
});
