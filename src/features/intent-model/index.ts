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
import { norm, normalizeInto } from '../text.js';
import { capText, USER_HEAD, USER_TAIL } from '../extract.js';

/** Normalised code units read from the head and from the tail of a prompt. */
export const HEAD = 1024;
export const TAIL = 384;
/** Most features one prompt yields: words (uni + bi) and char 3..5-grams over HEAD + TAIL units. */
export const MAX_FEATURES = 5 * (HEAD + TAIL + 2);

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

/** Word separators below 0x80: everything but ASCII letters and digits (1 = separator). */
const ASCII_SEP = new Uint8Array(128).fill(1);
for (let c = 0x30; c <= 0x39; c++) ASCII_SEP[c] = 0;
for (let c = 0x61; c <= 0x7a; c++) ASCII_SEP[c] = 0;
for (let c = 0x41; c <= 0x5a; c++) ASCII_SEP[c] = 0;

/** A code unit that separates words: space, newline, ASCII punctuation and symbols, general and CJK punctuation. */
function isSep(c: number): boolean {
  if (c < 0x80) return ASCII_SEP[c] === 1;
  return (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f) || c === 0xa0;
}

// Two passes over the text hash the same n-grams the same way: `record`
// keeps them in `feats` (training), `sum` adds up their signed weights
// (scoring, nothing stored; a test checks the two agree). Their totals are
// left in these module variables.
let acc = 0;
let count = 0;

/** The bucket (low bits) and sign (top bit) of an n-gram hash, mixed once. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 15);
}

function signed(weights: Int8Array, h: number, mask: number): number {
  const m = mix(h);
  const w = weights[(m >>> 1) & mask];
  return m < 0 ? w : -w;
}

/**
 * Sums the weights of the n-grams of `buf[from..to)` (normalised text):
 * words are runs between separators (unigrams and bigrams); char 3-, 4- and
 * 5-grams run over the text with every whitespace run read as one space.
 */
function sum(buf: Uint16Array, from: number, to: number, mask: number, weights: Int8Array): void {
  let z = 0;
  let k = 0;
  let wordH = 0;
  let inWord = false;
  let prevWord = 0;
  let c1 = 0x20, c2 = 0x20, c3 = 0x20, c4 = 0x20;
  for (let i = from; i <= to; i++) {
    const raw = i < to ? buf[i] : 0x20;
    if (!isSep(raw)) {
      wordH = Math.imul((inWord ? wordH : WORD_SEED) ^ raw, PRIME);
      inWord = true;
    } else if (inWord) {
      z += signed(weights, wordH, mask);
      k++;
      if (prevWord !== 0) {
        z += signed(weights, Math.imul(prevWord ^ BIGRAM_SEED, PRIME) ^ wordH, mask);
        k++;
      }
      prevWord = wordH | 1;
      inWord = false;
    }
    const c = raw === 0x0a || raw === 0x09 || raw === 0xa0 ? 0x20 : raw;
    if (c === 0x20 && c1 === 0x20) continue;
    const g3 = Math.imul(Math.imul(Math.imul(CHAR_SEED ^ c, PRIME) ^ c1, PRIME) ^ c2, PRIME);
    const g4 = Math.imul(g3 ^ c3, PRIME);
    const g5 = Math.imul(g4 ^ c4, PRIME);
    z += signed(weights, g3 ^ 3, mask) + signed(weights, g4 ^ 4, mask) + signed(weights, g5 ^ 5, mask);
    k += 3;
    c4 = c3; c3 = c2; c2 = c1; c1 = c;
  }
  acc += z;
  count += k;
}

function put(h: number, mask: number): void {
  if (count >= MAX_FEATURES) return;
  const m = mix(h);
  feats.idx[count] = (m >>> 1) & mask;
  feats.sgn[count] = m < 0 ? 1 : -1;
  count++;
}

/** Records the n-grams `sum` would weigh, in the same order, into `feats`. */
function record(buf: Uint16Array, from: number, to: number, mask: number): void {
  let wordH = 0;
  let inWord = false;
  let prevWord = 0;
  let c1 = 0x20, c2 = 0x20, c3 = 0x20, c4 = 0x20;
  for (let i = from; i <= to; i++) {
    const raw = i < to ? buf[i] : 0x20;
    if (!isSep(raw)) {
      wordH = Math.imul((inWord ? wordH : WORD_SEED) ^ raw, PRIME);
      inWord = true;
    } else if (inWord) {
      put(wordH, mask);
      if (prevWord !== 0) put(Math.imul(prevWord ^ BIGRAM_SEED, PRIME) ^ wordH, mask);
      prevWord = wordH | 1;
      inWord = false;
    }
    const c = raw === 0x0a || raw === 0x09 || raw === 0xa0 ? 0x20 : raw;
    if (c === 0x20 && c1 === 0x20) continue;
    const g3 = Math.imul(Math.imul(Math.imul(CHAR_SEED ^ c, PRIME) ^ c1, PRIME) ^ c2, PRIME);
    const g4 = Math.imul(g3 ^ c3, PRIME);
    const g5 = Math.imul(g4 ^ c4, PRIME);
    put(g3 ^ 3, mask);
    put(g4 ^ 4, mask);
    put(g5 ^ 5, mask);
    c4 = c3; c3 = c2; c2 = c1; c1 = c;
  }
}

function pass(buf: Uint16Array, from: number, to: number, mask: number, weights: Int8Array | null): void {
  if (weights) sum(buf, from, to, mask, weights);
  else record(buf, from, to, mask);
}

function run(len: number, bits: number, weights: Int8Array | null): void {
  const mask = (1 << bits) - 1;
  acc = 0;
  count = 0;
  const b = norm.buf;
  if (len <= HEAD + TAIL) {
    pass(b, 0, len, mask, weights);
  } else {
    pass(b, 0, HEAD, mask, weights);
    pass(b, len - TAIL, len, mask, weights);
  }
}

/**
 * Hashes the n-grams of the normalised text in `norm.buf[0..len)` (head and
 * tail only) into `feats`; returns how many there are.
 */
export function featurizeNorm(len: number, bits: number): number {
  run(len, bits, null);
  feats.n = count;
  return count;
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
  const q = quantized(m);
  run(len, m.bits, q.q);
  return count === 0 ? 0 : 1 / (1 + Math.exp(-(m.bias + (acc * q.scale) / Math.sqrt(count))));
}

// Scoring reads int8 weights: 2^18 of them are 256 KB, a quarter of the float
// array, and nearly every n-gram is a random read of it, so the smaller array
// stays in cache (measured: 37 µs an exchange with floats; see bench/features.ts).
const quantCache = new WeakMap<IntentModel, { q: Int8Array; scale: number }>();

function quantized(m: IntentModel): { q: Int8Array; scale: number } {
  let c = quantCache.get(m);
  if (!c) {
    c = quantize(m.weights);
    quantCache.set(m, c);
  }
  return c;
}

/** Signed bytes and the scale that gives weights back (w ≈ q * scale). */
export function quantize(weights: Float32Array): { q: Int8Array; scale: number } {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i]));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round(weights[i] / scale);
  return { q, scale };
}

/** Probability that `text` is harvest intent (normalises it first; clobbers text.ts scratch). */
export function scoreText(m: IntentModel, text: string): number {
  return scoreNorm(m, normalizeInto(capText(typeof text === 'string' ? text : '', USER_HEAD, USER_TAIL), true));
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
  const { q, scale } = quantize(m.weights);
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
