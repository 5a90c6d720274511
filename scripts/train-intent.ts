/**
 * Trains the harvest-intent text model (src/features/intent-model) from the
 * shared corpora and writes models/intent-v1.json; measures it
 * leave-one-wording-family-out beside the phrase lexicon.
 *
 *   node --import tsx scripts/train-intent.ts [--seed 1] [--out models/intent-v1.json] [--report /tmp/text/intent-report.json] [--no-lofo]
 *
 * Positives: items of the benchmark-like corpora wrapped by the augmented
 * wording families (augment.ts), and the judge corpus's own grading prompts.
 * Negatives: ordinary user prompts of the benign corpora, and the same
 * benchmark items asked plainly or in an evaluation harness's format. Items
 * are split by id into train (80%) and test (20%); every figure is on test
 * items, the threshold on test negatives (≤ 1% of them at or above it).
 * Reproducible: the same seed and corpora give the same model.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadCorpus, corporaDir, type CorpusPrompt } from '../src/features/corpora.js';
import { FAMILIES, harvestPrompt, plainPrompt, noisy, type Family } from '../src/features/intent-model/augment.js';
import { featurizeAll, fitFeaturized, scoreAll, thresholdAtFpr, type Example } from '../src/features/intent-model/train.js';
import { serialize, type IntentModel } from '../src/features/intent-model/index.js';
import { extractFeatures } from '../src/features/extract.js';
import { fnv1a } from '../src/util/hash.js';
import { mulberry32 } from '../src/util/random.js';
import type { Exchange } from '../src/contract/types.js';
import { makeWrapperStyle, wrap, WRAPPER_LANGS, type Target } from '../src/simulate/text/wrappers.js';
import { Rng } from '../src/simulate/rng.js';

const args = process.argv.slice(2);
const arg = (k: string, d: string): string => {
  const i = args.indexOf(k);
  return i >= 0 && args[i + 1] ? args[i + 1] : d;
};
const SEED = Number(arg('--seed', '1'));
const OUT = resolve(arg('--out', 'models/intent-v1.json'));
const REPORT = arg('--report', '');
const LOFO = !args.includes('--no-lofo');
const BITS = 18;
const FIT = { bits: BITS, epochs: 6, l2: 1e-6, rate: 0.3, seed: SEED };

export const BENCH_CORPORA = ['mmlu-redux', 'gsm8k', 'bbh', 'math-competition', 'code-benchmarks', 'instruction-sweeps'];
export const BENIGN_CORPORA = ['sharegpt-sample', 'oasst-prompts', 'wildchat-hard-ru', 'multilingual-chat', 'conala-so-questions', 'hh-rlhf-harmless-test', 'awesome-chatgpt-prompts', 'webquestions', 'nq-open-queries', 'alpaca-eval'];
const ITEMS_PER_CORPUS = 1200;
const BENIGN_PER_CORPUS = 1500;
/** wrapped prompts per family, from train items (and as many again / 4 from test items) */
const PER_FAMILY = 1400;

function isTest(p: CorpusPrompt): boolean {
  return (fnv1a(`${p.source}:${p.id}`) >>> 0) % 5 === 0;
}

function answerOf(p: CorpusPrompt, r: () => number): string {
  const m = p.meta ?? {};
  const a = m.answer ?? m.target;
  if ((typeof a === 'string' || typeof a === 'number') && String(a).length <= 40) {
    const s = String(a);
    return /^[0-3]$/.test(s) && p.source.includes('mmlu') ? 'ABCD'[Number(s)] : s;
  }
  return ['A', 'B', 'C', 'D', '42', 'True', 'False', '12', 'x = 3'][Math.floor(r() * 9)];
}

interface Tagged extends Example {
  family: string;
  split: 'train' | 'test';
  source: string;
}

function build(): Tagged[] {
  const r = mulberry32(SEED);
  const out: Tagged[] = [];
  const items: CorpusPrompt[] = [];
  for (const c of BENCH_CORPORA) items.push(...loadCorpus(c, ITEMS_PER_CORPUS));
  const train = items.filter((p) => !isTest(p));
  const test = items.filter(isTest);
  for (const fam of FAMILIES) {
    for (const [pool, split, n] of [[train, 'train', PER_FAMILY], [test, 'test', PER_FAMILY / 4]] as const) {
      for (let i = 0; i < n; i++) {
        const p = pool[Math.floor(r() * pool.length)];
        out.push({ text: harvestPrompt(r, fam, p.prompt, answerOf(p, r)), label: 1, family: fam.name, split, source: p.source });
      }
    }
  }
  // the judge corpus's own prompts are judge-family positives
  for (const p of loadCorpus('llm-judge-prompts', 1200)) out.push({ text: noisy(r, p.prompt), label: 1, family: 'judge', split: isTest(p) ? 'test' : 'train', source: p.source });
  // the same items asked plainly or by a harness: negatives
  for (const p of items) out.push({ text: plainPrompt(r, p.prompt, answerOf(p, r)), label: 0, family: 'plain-item', split: isTest(p) ? 'test' : 'train', source: p.source });
  for (const c of BENIGN_CORPORA) {
    for (const p of loadCorpus(c, BENIGN_PER_CORPUS)) out.push({ text: p.prompt, label: 0, family: 'ordinary', split: isTest(p) ? 'test' : 'train', source: c });
  }
  return out;
}

/** What the phrase lexicon says of a prompt: reasoning intents, and any intent, at 0.5 or more. */
function lexicon(text: string): { reasoning: boolean; any: boolean } {
  const f = extractFeatures({ ts: '2026-01-01T00:00:00Z', account_id: 'x', model: 'm', request: { messages: [{ role: 'user', content: text }] } } as unknown as Exchange);
  const it = f.intent;
  const reasoning = Math.max(it.cot, it.reconstruct, it.judge, it.safetyRewrite, it.internals) >= 0.5;
  return { reasoning, any: reasoning || it.benchmark >= 0.5 || it.datagen >= 0.5 || it.agentic >= 0.5 };
}

function rate(xs: boolean[]): number {
  return xs.length ? xs.filter(Boolean).length / xs.length : 0;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function main(): void {
  if (!corporaDir()) {
    console.error('shared corpora not found (set DISTILLGUARD_CORPORA): cannot train');
    process.exit(2);
  }
  const t0 = Date.now();
  const data = build();
  const F = featurizeAll(data, BITS);
  console.error(`${data.length} examples (${data.filter((d) => d.label).length} harvest), featurized in ${Date.now() - t0} ms`);
  const idx = (pred: (d: Tagged) => boolean): number[] => data.flatMap((d, i) => (pred(d) ? [i] : []));
  const trainAll = idx((d) => d.split === 'train');
  const testNeg = idx((d) => d.split === 'test' && d.label === 0);

  const sub = (ids: number[]) => {
    const off = new Int32Array(ids.length + 1);
    let total = 0;
    for (let k = 0; k < ids.length; k++) { total += F.off[ids[k] + 1] - F.off[ids[k]]; off[k + 1] = total; }
    const ix = new Int32Array(total);
    const sg = new Int8Array(total);
    const label = new Uint8Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const a = F.off[ids[k]];
      const b = F.off[ids[k] + 1];
      ix.set(F.idx.subarray(a, b), off[k]);
      sg.set(F.sgn.subarray(a, b), off[k]);
      label[k] = F.label[ids[k]];
    }
    return { off, idx: ix, sgn: sg, label };
  };

  const lexNeg = testNeg.map((i) => lexicon(data[i].text));
  const report: Record<string, unknown> = { seed: SEED, examples: data.length, testNegatives: testNeg.length };
  const rows: string[] = [];

  const evaluate = (model: IntentModel, famTest: number[]) => {
    const neg = scoreAll(model, F, testNeg);
    const thr = thresholdAtFpr(neg, 0.01);
    const pos = scoreAll(model, F, famTest);
    return { thr, pos, recall: rate(Array.from(pos, (p) => p >= thr)), fpr: rate(Array.from(neg, (p) => p >= thr)) };
  };

  if (LOFO) {
    const lofo: Record<string, unknown> = {};
    for (const fam of FAMILIES) {
      const trainIds = trainAll.filter((i) => data[i].family !== fam.name);
      const model = fitFeaturized(sub(trainIds), FIT);
      const famTest = idx((d) => d.split === 'test' && d.family === fam.name);
      const e = evaluate(model, famTest);
      const lex = famTest.map((i) => lexicon(data[i].text));
      const either = rate(lex.map((l, k) => l.reasoning || e.pos[k] >= e.thr));
      lofo[fam.name] = { n: famTest.length, recall: e.recall, threshold: e.thr, fpr: e.fpr, lexiconReasoning: rate(lex.map((l) => l.reasoning)), lexiconAny: rate(lex.map((l) => l.any)), either };
      rows.push(`| ${fam.name} | ${famTest.length} | ${pct(e.recall)} | ${pct(rate(lex.map((l) => l.reasoning)))} | ${pct(either)} | ${pct(rate(lex.map((l) => l.any)))} |`);
      console.error(`left out ${fam.name}: recall ${pct(e.recall)} at ${e.thr.toFixed(3)} (FPR ${pct(e.fpr)}); lexicon reasoning ${pct(rate(lex.map((l) => l.reasoning)))}, any ${pct(rate(lex.map((l) => l.any)))}`);
    }
    report.lofo = lofo;
  }

  // the shipped model: every family, train split
  const model = fitFeaturized(sub(trainAll), FIT);
  const negScores = scoreAll(model, F, testNeg);
  model.threshold = thresholdAtFpr(negScores, 0.01);
  const inDist: Record<string, number> = {};
  for (const fam of [...FAMILIES.map((f) => f.name)]) {
    const ids = idx((d) => d.split === 'test' && d.family === fam);
    inDist[fam] = rate(Array.from(scoreAll(model, F, ids), (p) => p >= model.threshold));
  }
  const perSource: Record<string, number> = {};
  for (const src of [...BENIGN_CORPORA, 'plain-item']) {
    const ids = testNeg.filter((i) => (src === 'plain-item' ? data[i].family === 'plain-item' : data[i].source === src && data[i].family === 'ordinary'));
    perSource[src] = rate(Array.from(scoreAll(model, F, ids), (p) => p >= model.threshold));
  }
  report.shipped = { threshold: model.threshold, fpr: rate(Array.from(negScores, (p) => p >= model.threshold)), lexiconFprReasoning: rate(lexNeg.map((l) => l.reasoning)), lexiconFprAny: rate(lexNeg.map((l) => l.any)), recallInDistribution: inDist, fprPerSource: perSource };
  console.error(`shipped: threshold ${model.threshold.toFixed(3)}; in-distribution recall ${JSON.stringify(inDist)}; FPR per source ${JSON.stringify(perSource)}; lexicon FPR reasoning ${pct(rate(lexNeg.map((l) => l.reasoning)))} any ${pct(rate(lexNeg.map((l) => l.any)))}`);
  // wordings never used for training: the simulator's harvest wrappers (src/simulate/text/wrappers.ts), per target
  const unseen: Record<string, unknown> = {};
  const urows: string[] = [];
  const testItems = data.filter((d) => d.split === 'test' && d.family === 'plain-item');
  const testBench: CorpusPrompt[] = [];
  for (const c of BENCH_CORPORA) testBench.push(...loadCorpus(c, ITEMS_PER_CORPUS).filter(isTest));
  void testItems;
  for (const target of ['cot', 'reconstruct', 'judge', 'internals', 'sweep'] as Target[]) {
    for (const langs of [['en'], [...WRAPPER_LANGS]]) {
      const rng = new Rng(SEED + 101, `unseen-${target}`);
      const style = makeWrapperStyle(rng, { variants: 1, fresh: true, langs });
      const texts: string[] = [];
      for (let i = 0; i < 300; i++) {
        const p = testBench[rng.int(testBench.length)];
        texts.push(wrap(style, target, { text: p.prompt, lang: 'en', category: p.category }, rng));
      }
      const exs = texts.map((t) => ({ text: t, label: 1 as const }));
      const fz = featurizeAll(exs, BITS);
      const sc = scoreAll(model, fz);
      const lex = texts.map(lexicon);
      const key = `${target}/${langs.length > 1 ? 'all languages' : 'en'}`;
      const rec = rate(Array.from(sc, (p) => p >= model.threshold));
      const lr = rate(lex.map((l) => l.reasoning));
      const both = rate(texts.map((_, i) => sc[i] >= model.threshold || lex[i].reasoning));
      unseen[key] = { recall: rec, lexiconReasoning: lr, either: both };
      urows.push(`| ${key} | ${pct(rec)} | ${pct(lr)} | ${pct(both)} |`);
    }
  }
  report.unseenSimulatorWrappers = unseen;
  console.log(['| simulator wrappers (never trained on) | model | lexicon (reasoning) | either |', '|---|---:|---:|---:|', ...urows].join('\n'));
  model.meta = { trainedBy: 'scripts/train-intent.ts', seed: SEED, fit: FIT, examples: trainAll.length, families: FAMILIES.map((f) => f.name), thresholdRule: '<= 1% of held-out ordinary prompts and plain items at or above' };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(serialize(model)) + '\n');
  if (REPORT) writeFileSync(REPORT, JSON.stringify(report, null, 1));
  if (rows.length) console.log(['| family left out | test prompts | model recall at ≤1% FPR | lexicon (reasoning) | model or lexicon | lexicon (any intent) |', '|---|---:|---:|---:|---:|---:|', ...rows].join('\n'));
  console.error(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main();
