/**
 * Fitting the intent model (index.ts): logistic regression over the hashed
 * n-gram features, by AdaGrad stochastic gradient descent with L2 on the
 * weights an example touches, in a seeded order. Offline only
 * (scripts/train-intent.ts, tests); the scan never trains.
 */
import { mulberry32 } from '../../util/random.js';
import { feats, featurizeText, scoreFeats, type IntentModel } from './index.js';

export interface Example {
  text: string;
  /** 1 = harvest intent, 0 = ordinary use */
  label: 0 | 1;
}

export interface FitOptions {
  bits?: number;
  epochs?: number;
  /** L2 strength per update */
  l2?: number;
  /** AdaGrad base rate */
  rate?: number;
  seed?: number;
}

/** The examples' features, hashed once: offsets into one index and one sign array. */
export interface Featurized {
  off: Int32Array;
  idx: Int32Array;
  sgn: Int8Array;
  label: Uint8Array;
}

export function featurizeAll(examples: readonly Example[], bits: number): Featurized {
  const off = new Int32Array(examples.length + 1);
  const idxParts: Int32Array[] = [];
  const sgnParts: Int8Array[] = [];
  const label = new Uint8Array(examples.length);
  let total = 0;
  for (let i = 0; i < examples.length; i++) {
    const n = featurizeText(examples[i].text, bits);
    idxParts.push(feats.idx.slice(0, n));
    sgnParts.push(feats.sgn.slice(0, n));
    total += n;
    off[i + 1] = total;
    label[i] = examples[i].label;
  }
  const idx = new Int32Array(total);
  const sgn = new Int8Array(total);
  for (let i = 0; i < examples.length; i++) {
    idx.set(idxParts[i], off[i]);
    sgn.set(sgnParts[i], off[i]);
  }
  return { off, idx, sgn, label };
}

/**
 * Fits a model on featurized examples; classes are weighted to count alike
 * whatever their sizes. Deterministic for a seed.
 */
export function fitFeaturized(data: Featurized, o: FitOptions = {}): IntentModel {
  const bits = o.bits ?? 18;
  const epochs = o.epochs ?? 6;
  const l2 = o.l2 ?? 1e-6;
  const rate = o.rate ?? 0.5;
  const rnd = mulberry32(o.seed ?? 1);
  const m = data.label.length;
  const w = new Float32Array(1 << bits);
  const g2 = new Float32Array(1 << bits);
  let bias = 0;
  let bg2 = 0;
  let pos = 0;
  for (let i = 0; i < m; i++) pos += data.label[i];
  const wPos = pos > 0 ? m / (2 * pos) : 1;
  const wNeg = pos < m ? m / (2 * (m - pos)) : 1;
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  for (let e = 0; e < epochs; e++) {
    for (let i = m - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const t = order[i]; order[i] = order[j]; order[j] = t;
    }
    for (let k = 0; k < m; k++) {
      const ex = order[k];
      const a = data.off[ex];
      const b = data.off[ex + 1];
      const n = b - a;
      if (n === 0) continue;
      const inv = 1 / Math.sqrt(n);
      let z = 0;
      for (let j = a; j < b; j++) z += data.sgn[j] * w[data.idx[j]];
      z = bias + z * inv;
      const p = 1 / (1 + Math.exp(-z));
      const y = data.label[ex];
      const g = (p - y) * (y ? wPos : wNeg);
      for (let j = a; j < b; j++) {
        const ix = data.idx[j];
        const gi = g * data.sgn[j] * inv + l2 * w[ix];
        g2[ix] += gi * gi;
        w[ix] -= (rate * gi) / Math.sqrt(g2[ix] + 1e-8);
      }
      bg2 += g * g;
      bias -= (rate * g) / Math.sqrt(bg2 + 1e-8);
    }
  }
  return { bits, bias, weights: w, threshold: 0.5, meta: {} };
}

export function fit(examples: readonly Example[], o: FitOptions = {}): IntentModel {
  return fitFeaturized(featurizeAll(examples, o.bits ?? 18), o);
}

/** Scores of featurized examples under a model. */
export function scoreAll(model: IntentModel, data: Featurized, which?: ArrayLike<number>): Float64Array {
  const ids = which ?? Array.from({ length: data.label.length }, (_, i) => i);
  const out = new Float64Array(ids.length);
  for (let k = 0; k < ids.length; k++) {
    const i = ids[k];
    const a = data.off[i];
    const n = data.off[i + 1] - a;
    feats.n = n;
    feats.idx.set(data.idx.subarray(a, a + n));
    feats.sgn.set(data.sgn.subarray(a, a + n));
    out[k] = scoreFeats(model);
  }
  return out;
}

/**
 * The lowest threshold at which at most `fpr` of the negative scores reach it
 * (ties counted against it), so the operating point never exceeds the rate.
 */
export function thresholdAtFpr(negScores: ArrayLike<number>, fpr: number): number {
  const s = Float64Array.from(negScores).sort();
  const allowed = Math.floor(fpr * s.length);
  if (s.length === 0) return 0.5;
  // scores strictly above s[len - 1 - allowed] number at most `allowed`
  const v = s[s.length - 1 - allowed];
  return Math.min(1, v + 1e-9);
}
