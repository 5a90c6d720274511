import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { feats, featurizeText, MAX_FEATURES, scoreFeats, scoreText, serialize, deserialize, shippedModel, shippedModelPath } from './index.js';
import { fit, featurizeAll, fitFeaturized, scoreAll, thresholdAtFpr, type Example } from './train.js';
import { FAMILIES, harvestPrompt, plainPrompt } from './augment.js';
import { mulberry32 } from '../../util/random.js';
import { loadCorpus, withoutCorpora } from '../corpora.js';
import { extractFeatures } from '../extract.js';
import type { Exchange } from '../../contract/types.js';

const WORDS = 'apple river stone market window garden bridge yellow quiet engine letter number table forest cloud silver paper doctor travel music'.split(' ');

/** Filler sentences, with a phrase of one kind in them. */
function synthetic(seed: number, n: number): Example[] {
  const r = mulberry32(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const harvest = ['show every step of your reasoning', 'grade the answer with the rubric', 'explain the reasoning behind the answer'];
  const plain = ['what time is it there', 'recommend a good book', 'translate this to french'];
  const out: Example[] = [];
  for (let i = 0; i < n; i++) {
    const label = (i % 2) as 0 | 1;
    const filler = Array.from({ length: 5 + Math.floor(r() * 20) }, () => pick(WORDS)).join(' ');
    const phrase = pick(label ? harvest : plain);
    out.push({ text: r() < 0.5 ? `${phrase}. ${filler}` : `${filler}. ${phrase}`, label });
  }
  return out;
}

test('the classifier trains and separates a synthetic set it did not see', () => {
  const model = fit(synthetic(1, 400), { bits: 14, epochs: 4, seed: 3 });
  const held = synthetic(2, 400);
  let right = 0;
  for (const e of held) if ((scoreText(model, e.text) >= 0.5 ? 1 : 0) === e.label) right++;
  assert.ok(right / held.length >= 0.97, `held-out accuracy ${right / held.length}`);
  // and the file format keeps it (int8 weights): the same decisions after a round trip
  const back = deserialize(JSON.parse(JSON.stringify(serialize(model))));
  let same = 0;
  for (const e of held) if ((scoreText(back, e.text) >= 0.5) === (scoreText(model, e.text) >= 0.5)) same++;
  assert.ok(same / held.length >= 0.99, `round trip agreement ${same / held.length}`);
});

test('scoring in one pass (int8 weights) agrees with the recorded features (float weights) on the shipped model', () => {
  const m = shippedModel()!;
  for (const t of ['Think step by step.\n\nWhat is 2 + 2?', 'write me a haiku about rain', 'Évaluez la réponse suivante de 1 à 10 et justifiez.', '']) {
    featurizeText(t, m.bits);
    const a = scoreFeats(m);
    const b = scoreText(m, t);
    assert.ok(Math.abs(a - b) < 0.02, `${JSON.stringify(t)}: ${a} vs ${b}`);
  }
});

test('the threshold at a false-positive rate lets at most that share of negatives reach it', () => {
  const neg = Array.from({ length: 1000 }, (_, i) => i / 1000);
  const t = thresholdAtFpr(neg, 0.01);
  assert.ok(neg.filter((x) => x >= t).length <= 10);
  assert.ok(neg.filter((x) => x >= t).length >= 9);
});

test('the shipped model loads from the repository, small, without the corpora', () => {
  const m = shippedModel();
  assert.ok(m, `no model at ${shippedModelPath()}`);
  assert.ok(statSync(shippedModelPath()).size < 2 * 1024 * 1024, 'model file under 2 MB');
  assert.ok(m.threshold > 0 && m.threshold < 1);
  assert.equal(m.weights.length, 1 << m.bits);
  // and the scan carries its probability on every exchange
  const f = extractFeatures({ id: 'r', ts: '2026-01-01T00:00:00Z', tsMs: 0, account_id: 'a', request: { messages: [{ role: 'user', content: 'What is the capital of France?' }] } } as Exchange);
  assert.equal(typeof f.intentModel, 'number');
});

const skip = withoutCorpora('the shipped model is measured on the public corpora');
const ITEMS = ['gsm8k', 'mmlu-redux', 'bbh', 'math-competition'];
const ORDINARY = ['oasst-prompts', 'alpaca-eval', 'nq-open-queries', 'multilingual-chat', 'conala-so-questions'];

test('the shipped model reads wrapped benchmark items as harvest and ordinary prompts not', { skip }, () => {
  const m = shippedModel()!;
  const r = mulberry32(11);
  const items = ITEMS.flatMap((c) => loadCorpus(c, 40));
  for (const fam of FAMILIES) {
    const scores = items.map((p) => scoreText(m, harvestPrompt(r, fam, p.prompt, '4')));
    const recall = scores.filter((s) => s >= m.threshold).length / scores.length;
    assert.ok(recall >= 0.8, `${fam.name}: recall ${recall}`);
  }
  const ordinary = ORDINARY.flatMap((c) => loadCorpus(c, 200)).map((p) => p.prompt);
  const fpr = ordinary.filter((t) => scoreText(m, t) >= m.threshold).length / ordinary.length;
  assert.ok(fpr <= 0.02, `ordinary prompts read as harvest: ${fpr}`);
  const plain = items.map((p) => plainPrompt(r, p.prompt, '4'));
  const plainFpr = plain.filter((t) => scoreText(m, t) >= m.threshold).length / plain.length;
  assert.ok(plainFpr <= 0.05, `plain benchmark items read as harvest: ${plainFpr}`);
});

test('left out of training, a wording family is still found in part (small sample)', { skip }, () => {
  const r = mulberry32(5);
  const items = ITEMS.flatMap((c) => loadCorpus(c, 150));
  const train = items.filter((_, i) => i % 4 !== 0);
  const test = items.filter((_, i) => i % 4 === 0);
  const ordinary = ORDINARY.flatMap((c) => loadCorpus(c, 300)).map((p) => p.prompt);
  const negTrain = ordinary.filter((_, i) => i % 4 !== 0);
  const negTest = ordinary.filter((_, i) => i % 4 === 0);
  const heldOut = 'steps';
  const data: Example[] = [];
  for (const fam of FAMILIES) {
    if (fam.name === heldOut) continue;
    for (let i = 0; i < 150; i++) data.push({ text: harvestPrompt(r, fam, train[i % train.length].prompt, '7'), label: 1 });
  }
  for (const t of negTrain) data.push({ text: t, label: 0 });
  for (const p of train) data.push({ text: plainPrompt(r, p.prompt, '7'), label: 0 });
  const model = fitFeaturized(featurizeAll(data, 16), { bits: 16, epochs: 4, seed: 1 });
  const negScores = scoreAll(model, featurizeAll(negTest.map((text) => ({ text, label: 0 as const })), 16));
  const thr = thresholdAtFpr(negScores, 0.01);
  const fam = FAMILIES.find((f) => f.name === heldOut)!;
  const pos = test.map((p) => ({ text: harvestPrompt(r, fam, p.prompt, '7'), label: 1 as const }));
  const recall = Array.from(scoreAll(model, featurizeAll(pos, 16))).filter((s) => s >= thr).length / pos.length;
  // a model that learned the items rather than the wording would find ~1% (its false-positive rate);
  // this small sample gives ~23%, the full training set ~60% (docs/detection.md)
  assert.ok(recall >= 0.15, `recall on the left-out family ${recall} at threshold ${thr}`);
});

test('hostile input: zero-width characters and homoglyphs do not hide the wording; a 1 MB prompt costs a bounded time', () => {
  const m = shippedModel()!;
  const clean = 'A farmer has 17 sheep and buys 5 more. How many sheep are there? Think step by step and show all your work before the final answer.';
  const zw = clean.replace(/ /g, ' \u200b').replace(/step/g, 'st\u200dep');
  const glyphs = clean.replace(/o/g, '\u043e').replace(/a/g, '\u0430').replace(/e/g, '\u0435');
  const p = scoreText(m, clean);
  assert.ok(p >= m.threshold, `clean ${p}`);
  assert.ok(Math.abs(scoreText(m, zw) - p) < 0.05, 'zero-width characters are removed before the n-grams');
  assert.ok(Math.abs(scoreText(m, glyphs) - p) < 0.05, 'look-alike letters are folded before the n-grams');

  const huge = ('lorem ipsum dolor sit amet '.repeat(40) + '\u200b\u0430').repeat(1000).slice(0, 1 << 20);
  scoreText(m, huge);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 5; i++) scoreText(m, huge);
  const ms = Number(process.hrtime.bigint() - t0) / 5e6;
  assert.ok(feats.n <= MAX_FEATURES);
  assert.ok(featurizeText(huge, m.bits) < 10 * 2048, 'features come from the capped head and tail only');
  // generous for a loaded shared machine: the cap makes it a 4 KB prompt's cost, ~0.1 ms
  assert.ok(ms < 25, `1 MB prompt took ${ms.toFixed(2)} ms`);
});
