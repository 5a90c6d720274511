/**
 * A fitted text classifier for harvest intent: the probability that a prompt
 * asks for what a distiller wants (written-out reasoning, every step, grading
 * against a rubric, an answer plus the reasoning behind it, a JSON
 * reasoning/answer record, the hidden reasoning or system prompt) rather than
 * for ordinary use. It reads wording the phrase lexicons (lexicons.ts) never
 * listed: hashed word uni/bigrams and character 3–5-grams of the normalised
 * text (text.ts), weighed by a logistic regression trained offline by
 * scripts/train-intent.ts and shipped as models/intent-v1.json.
 *
 * Feature hashing: each n-gram is hashed (FNV-1a, finalised) into 2^bits
 * buckets with a sign bit, so no vocabulary is stored and unseen n-grams
 * cost nothing. The input considered is capped (HEAD + TAIL code units of the
 * normalised text): a wrapper sits at the ends of a prompt, and a huge prompt
 * costs no more than a 2 KB one.
 *
 * Evaded by: wrappers whose words and spelling share few n-grams with any
 * wording family it was trained on (a language it never saw, a harvest that
 * asks for nothing but the answer); harvest instructions placed in the
 * middle of a long prompt, past the cap. Falsely flags: ordinary prompts that
 * themselves ask for steps or grading (a student, a teacher grading essays);
 * that is why it is a feature the content detector weighs, not a verdict.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmix32 } from '../../util/hash.js';
import { norm, normalizeInto } from '../text.js';
import { capText, USER_HEAD, USER_TAIL } from '../extract.js';

/** Normalised code units read from the head and from the tail of a prompt. */
export const HEAD = 1536;
export const TAIL = 512;
/** Most features one prompt yields: words (uni + bi) and char 3..5-grams over HEAD + TAIL units. */
export const MAX_FEATURES = 8 * (HEAD + TAIL) + 16;

const WORD_SEED = 0x3c6ef372;
const BIGRAM_SEED = 0x5851f42d;
const CHAR_SEED = 0x1b873593;
const PRIME = 0x01000193;

/** Buckets and signs of the last `featurize` call: idx[i] is the bucket, sgn[i] is ±1. */
export const feats = {
  n: 0,
  idx: new Int32Array(MAX_FEATURES),
  sgn: new Int8Array(MAX_FEATURES),
};

function push(h: number, mask: number): void {
  const k = feats.n;
  if (k >= MAX_FEATURES) return;
  const m = fmix32(h);
  feats.idx[k] = (m >>> 1) & mask;
  feats.sgn[k] = m & 1 ? 1 : -1;
  feats.n = k + 1;
}

/** A code unit that separates words: space, newline, ASCII punctuation and symbols. */
function isSep(c: number): boolean {
  if (c < 0x80) return !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a));
  // general and CJK punctuation
  return (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f) || c === 0xa0;
}

/**
 * Hashes the n-grams of `buf[from..to)` (normalised text) into feats,
 * continuing after what is there. Words are runs between separators; char
 * n-grams run over the text with every separator run read as one space.
 */
function featurizeRange(buf: Uint16Array, from: number, to: number, mask: number): void {
  let wordH = 0;
  let inWord = false;
  let prevWord = 0;
  // the last 5 code units for char n-grams (spaces folded)
  let c1 = 0x20, c2 = 0x20, c3 = 0x20, c4 = 0x20;
  let last = 0x20;
  for (let i = from; i <= to; i++) {
    const raw = i < to ? buf[i] : 0x20;
    const sep = isSep(raw);
    if (!sep) {
      wordH = inWord ? Math.imul(wordH ^ raw, PRIME) : Math.imul(WORD_SEED ^ raw, PRIME);
      inWord = true;
    } else if (inWord) {
      push(wordH, mask);
      if (prevWord !== 0) push(Math.imul(prevWord ^ BIGRAM_SEED, PRIME) ^ wordH, mask);
      prevWord = wordH | 1;
      inWord = false;
    }
    // char n-grams: punctuation kept (it is part of formats like "answer:"), space runs folded
    const c = raw === 0x0a || raw === 0x09 || raw === 0xa0 ? 0x20 : raw;
    if (c === 0x20 && last === 0x20) continue;
    last = c;
    // 3-, 4- and 5-grams ending at c
    let h = Math.imul(CHAR_SEED ^ c2, PRIME);
    h = Math.imul(h ^ c1, PRIME);
    h = Math.imul(h ^ c, PRIME);
    push(h ^ 3, mask);
    h = Math.imul(Math.imul(CHAR_SEED ^ c3, PRIME) ^ c2, PRIME);
    h = Math.imul(Math.imul(h ^ c1, PRIME) ^ c, PRIME);
    push(h ^ 4, mask);
    h = Math.imul(Math.imul(CHAR_SEED ^ c4, PRIME) ^ c3, PRIME);
    h = Math.imul(Math.imul(Math.imul(h ^ c2, PRIME) ^ c1, PRIME) ^ c, PRIME);
    push(h ^ 5, mask);
    c4 = c3; c3 = c2; c2 = c1; c1 = c;
  }
}

/**
 * Hashes the n-grams of the normalised text in `norm.buf[0..len)` (head and
 * tail only) into `feats`; returns how many there are.
 */
export function featurizeNorm(len: number, bits: number): number {
  const mask = (1 << bits) - 1;
  feats.n = 0;
  const b = norm.buf;
  if (len <= HEAD + TAIL) {
    featurizeRange(b, 0, len, mask);
  } else {
    featurizeRange(b, 0, HEAD, mask);
    featurizeRange(b, len - TAIL, len, mask);
  }
  return feats.n;
}

/** Normalises `text` (text.ts) and hashes its n-grams into `feats`. */
export function featurizeText(text: string, bits: number): number {
  const s = typeof text === 'string' ? text : '';
  // the same cut of a long prompt as the scan's (extract.ts), so training and scan see one text
  return featurizeNorm(normalizeInto(capText(s, USER_HEAD, USER_TAIL), true), bits);
}

/** A fitted model: bias, one weight per bucket, and the operating threshold chosen at training. */
export interface IntentModel {
  bits: number;
  bias: number;
  weights: Float32Array;
  /** probability at or above which a prompt counts as harvest (chosen for ≤ 1% FPR on held-out ordinary prompts) */
  threshold: number;
  meta: Record<string, unknown>;
}

/** Probability of harvest intent for the features in `feats` under `m`. */
export function scoreFeats(m: IntentModel): number {
  const n = feats.n;
  if (n === 0) return 0;
  const w = m.weights;
  const idx = feats.idx;
  const sgn = feats.sgn;
  let z = 0;
  for (let i = 0; i < n; i++) z += sgn[i] * w[idx[i]];
  // features are scaled by 1/sqrt(count) so long and short prompts weigh alike
  z = m.bias + z / Math.sqrt(n);
  return 1 / (1 + Math.exp(-z));
}

/** Probability that the normalised text in norm.buf[0..len) is harvest intent. */
export function scoreNorm(m: IntentModel, len: number): number {
  featurizeNorm(len, m.bits);
  return scoreFeats(m);
}

/** Probability that `text` is harvest intent (normalises it first; clobbers text.ts scratch). */
export function scoreText(m: IntentModel, text: string): number {
  featurizeText(text, m.bits);
  return scoreFeats(m);
}

// ---------------------------------------------------------------------------
// The file format: int8-quantised weights in base64, so the model ships small.

export interface IntentModelFile {
  format: 'distillguard-intent-model';
  version: number;
  bits: number;
  bias: number;
  /** weight = q * scale, q the signed bytes of `weights` */
  scale: number;
  threshold: number;
  weights: string;
  meta: Record<string, unknown>;
}

export function serialize(m: IntentModel): IntentModelFile {
  let max = 0;
  for (let i = 0; i < m.weights.length; i++) max = Math.max(max, Math.abs(m.weights[i]));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(m.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round(m.weights[i] / scale);
  return {
    format: 'distillguard-intent-model',
    version: 1,
    bits: m.bits,
    bias: m.bias,
    scale,
    threshold: m.threshold,
    weights: Buffer.from(q.buffer).toString('base64'),
    meta: m.meta,
  };
}

export function deserialize(f: IntentModelFile): IntentModel {
  if (f.format !== 'distillguard-intent-model' || f.version !== 1) throw new Error('not an intent model file (format / version)');
  if (!Number.isInteger(f.bits) || f.bits < 8 || f.bits > 24) throw new Error(`intent model: bad bits ${f.bits}`);
  const bytes = Buffer.from(f.weights, 'base64');
  if (bytes.length !== 1 << f.bits) throw new Error(`intent model: ${bytes.length} weights, expected ${1 << f.bits}`);
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const w = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) w[i] = q[i] * f.scale;
  return { bits: f.bits, bias: f.bias, weights: w, threshold: f.threshold, meta: f.meta ?? {} };
}

/** Path of the shipped model: models/ at the package root (the same depth from src/ and from dist/). */
export function shippedModelPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models', 'intent-v1.json');
}

let shipped: IntentModel | null | undefined;

/**
 * Replaces the model the scan uses (null: none, the lexicon alone); for
 * benchmarks that time the features with and without it in one run, and for
 * code compiled away from the repository's models/ folder.
 */
export function setIntentModel(m: IntentModel | null): void {
  shipped = m;
}

/** Reads a model file. */
export function loadIntentModel(path: string): IntentModel {
  return deserialize(JSON.parse(readFileSync(path, 'utf8')) as IntentModelFile);
}

/**
 * The shipped model, loaded once; null when the file is missing or unreadable
 * (the content detector then runs on the lexicon alone).
 */
export function shippedModel(): IntentModel | null {
  if (shipped === undefined) {
    try {
      const p = shippedModelPath();
      shipped = existsSync(p) ? loadIntentModel(p) : null;
    } catch {
      shipped = null;
    }
  }
  return shipped;
}

/**
 * The probability at or above which the shipped model counts a prompt as
 * harvest (its file's threshold: ≤ 1% of held-out ordinary prompts reach
 * it); Infinity when no model is shipped, so nothing counts.
 */
export function intentModelOn(): number {
  return shippedModel()?.threshold ?? Infinity;
}
