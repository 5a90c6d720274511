/**
 * Fingerprints of the prompt: a 64-bit SimHash of its tokens, and the template
 * skeleton with its hash and MinHash LSH band keys.
 */
import { fmix32, FNV_OFFSET, FNV_PRIME } from '../util/hash.js';
import { F_MASK_OPEN, F_MASKED, F_NUM, tok } from './text.js';

// ---------------------------------------------------------------------------
// SimHash (Charikar 2002) over token hashes, 64 bits as two uint32 halves.
// Per-bit counters are kept bit-sliced (one Int32Array word per counter bit,
// added with ripple carries), so a token costs a few word operations instead
// of 64 counter updates.

const PLANES = 13;
const MAX_SIM_TOKENS = (1 << PLANES) - 1;
const planesLo = new Int32Array(PLANES);
const planesHi = new Int32Array(PLANES);
const HI_SEED = 0x5bd1e995;

export const sim = { hi: 0, lo: 0 };

/** SimHash of tokens [from, to) of the last tokenize call, into `sim`. */
export function simhash(from: number, to: number): void {
  planesLo.fill(0);
  planesHi.fill(0);
  const H = tok.hash;
  const end = Math.min(to, from + MAX_SIM_TOKENS);
  const n = end - from;
  // Tokens are first counted in 4-bit block counters (at most BLOCK tokens, so
  // no carry leaves bit 3) with a fixed, branch-free sequence of half adders,
  // then each block is added into the 13-bit planes. A ripple carry per token
  // that stops when the carry dies costs a mispredicted loop exit per token.
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0; // low half, bits 0..3 of the block counts
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0; // high half
  let inBlock = 0;
  for (let i = from; i < end; i++) {
    const lo = fmix32(H[i]);
    let c = lo | 0;
    let t = a0 & c;
    a0 ^= c;
    c = t;
    t = a1 & c;
    a1 ^= c;
    c = t;
    t = a2 & c;
    a2 ^= c;
    a3 ^= t;
    // a second, independent-enough 32 bits from the same mix: one fmix per token
    c = Math.imul(lo ^ (lo >>> 15), HI_SEED) ^ (lo >>> 13);
    t = b0 & c;
    b0 ^= c;
    c = t;
    t = b1 & c;
    b1 ^= c;
    c = t;
    t = b2 & c;
    b2 ^= c;
    b3 ^= t;
    if (++inBlock === BLOCK) {
      addBlock(planesLo, a0, a1, a2, a3);
      addBlock(planesHi, b0, b1, b2, b3);
      a0 = a1 = a2 = a3 = b0 = b1 = b2 = b3 = 0;
      inBlock = 0;
    }
  }
  if (inBlock > 0) {
    addBlock(planesLo, a0, a1, a2, a3);
    addBlock(planesHi, b0, b1, b2, b3);
  }
  sim.lo = majority(planesLo, n);
  sim.hi = majority(planesHi, n);
}

/** tokens per block counter: 4 bits count up to 15 */
const BLOCK = 15;

/** Adds the bit-sliced 4-bit numbers (x0..x3) into the bit-sliced counters `planes`. */
function addBlock(planes: Int32Array, x0: number, x1: number, x2: number, x3: number): void {
  let carry = 0;
  for (let p = 0; p < PLANES; p++) {
    const a = planes[p];
    const b = p === 0 ? x0 : p === 1 ? x1 : p === 2 ? x2 : p === 3 ? x3 : 0;
    if (b === 0 && carry === 0) {
      if (p >= 4) break;
      continue;
    }
    const ab = a ^ b;
    planes[p] = ab ^ carry;
    carry = (a & b) | (carry & ab);
  }
}

/**
 * Bits whose counter exceeds n/2, compared bit-sliced from the most
 * significant counter bit down: a handful of word operations per plane
 * instead of reassembling 32 counters.
 */
function majority(planes: Int32Array, n: number): number {
  if (n === 0) return 0;
  const k = n >>> 1;
  let gt = 0;
  let eq = -1;
  for (let p = PLANES - 1; p >= 0; p--) {
    const kb = (k >>> p) & 1 ? -1 : 0;
    const x = planes[p];
    gt |= eq & x & ~kb;
    eq &= ~(x ^ kb);
  }
  // 2c > n: for odd n that is c > floor(n/2); for even n it is c > n/2 = k. Both are c > k.
  return gt >>> 0;
}

/** Hamming distance between two 64-bit SimHashes given as uint32 halves. */
export function simDistance(aHi: number, aLo: number, bHi: number, bLo: number): number {
  return popcount32((aHi ^ bHi) >>> 0) + popcount32((aLo ^ bLo) >>> 0);
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

// ---------------------------------------------------------------------------
// Template skeleton.
//
// A template is the text an operator wraps around each item it harvests:
// "Solve the following problem step by step ... {item} ... put the final answer
// in \boxed{}". From one prompt alone we cannot tell which words are the item,
// so the skeleton masks what is certainly variable (numbers, quoted spans, code
// fences, $math$) and keeps two windows: the first WINDOW and the last WINDOW
// skeleton tokens. A template that is a prefix shows in the head window, a
// suffix in the tail window; each window gets its own MinHash bands, so either
// is enough for two prompts of one template to share a band key.

/** skeleton tokens kept at each end */
export const WINDOW = 12;
/** prompts with fewer skeleton tokens than this get no template bands (nothing to tell a template by) */
export const MIN_SKELETON = 6;
/** LSH: BANDS bands of ROWS MinHash values per window */
export const BANDS = 6;
export const ROWS = 3;
const K = BANDS * ROWS;

const M_NUM = 0x23232323 | 0;
const M_SPAN = 0x51515151 | 0;
const HEAD_SEED = 0x9747b28c | 0;
const TAIL_SEED = 0x1b873593 | 0;

let skel = new Int32Array(1024);
const bins = new Uint32Array(K);
const filled = new Uint8Array(K);

export const skeleton = { hash: 0, len: 0 };

/** Builds the skeleton of tokens [from, to) into the scratch; returns its length. */
export function buildSkeleton(from: number, to: number): number {
  if (skel.length < to - from) skel = new Int32Array(Math.max(to - from, skel.length * 2));
  const H = tok.hash;
  const F = tok.flags;
  let n = 0;
  for (let i = from; i < to; i++) {
    const f = F[i];
    if ((f & F_MASKED) !== 0) {
      if ((f & F_MASK_OPEN) !== 0 && (n === 0 || skel[n - 1] !== M_SPAN)) skel[n++] = M_SPAN;
      continue;
    }
    if ((f & F_NUM) !== 0) {
      if (n === 0 || skel[n - 1] !== M_NUM) skel[n++] = M_NUM; // "12 345" and "12" look alike
      continue;
    }
    skel[n++] = H[i];
  }
  // the hash covers the two windows, so it ignores the middle of a long prompt
  let h = FNV_OFFSET;
  const headEnd = Math.min(n, WINDOW);
  for (let i = 0; i < headEnd; i++) h = Math.imul(h ^ skel[i], FNV_PRIME);
  for (let i = Math.max(headEnd, n - WINDOW); i < n; i++) h = Math.imul(h ^ skel[i], FNV_PRIME);
  skeleton.hash = fmix32(h ^ n) >>> 0;
  skeleton.len = n;
  return n;
}

/**
 * Template band keys of the last skeleton: for the head and the tail window,
 * BANDS keys of a MinHash over the window's word unigrams and bigrams.
 *
 * The MinHash is one-permutation hashing with densification by rotation
 * (Shrivastava & Li, "Densifying One Permutation Hashing via Rotation for Fast
 * Near Neighbor Search", ICML 2014): each shingle is hashed once and falls in
 * one of K bins, keeping the bin's minimum; an empty bin borrows the value of
 * the next non-empty bin to its right plus a per-distance offset, which keeps
 * the collision probability of every bin equal to the Jaccard similarity.
 */
export function templateBands(): Uint32Array {
  const n = skeleton.len;
  if (n < MIN_SKELETON) return EMPTY;
  const twoWindows = n > WINDOW;
  const out = new Uint32Array(twoWindows ? 2 * BANDS : BANDS);
  windowBands(0, Math.min(n, WINDOW), HEAD_SEED, out, 0);
  if (twoWindows) windowBands(n - WINDOW, n, TAIL_SEED, out, BANDS);
  return out;
}

const EMPTY = new Uint32Array(0);

function windowBands(from: number, to: number, seed: number, out: Uint32Array, at: number): void {
  bins.fill(0xffffffff);
  filled.fill(0);
  let prev = 0;
  for (let i = from; i < to; i++) {
    const w = skel[i];
    addShingle(fmix32(w ^ seed));
    if (i > from) addShingle(fmix32(Math.imul(prev ^ seed, FNV_PRIME) ^ w ^ 0x6b43a9b5));
    prev = w;
  }
  // densify by rotation: scan right to left twice so every empty bin finds the next filled one
  const OFFSET = 0x9e3779b9;
  let carryVal = 0;
  let carryDist = -1;
  for (let pass = 0; pass < 2; pass++) {
    for (let j = K - 1; j >= 0; j--) {
      if (filled[j] === 1) {
        carryVal = bins[j];
        carryDist = 0;
      } else if (carryDist >= 0) {
        carryDist++;
        if (filled[j] === 0) {
          bins[j] = (carryVal + Math.imul(OFFSET, carryDist)) >>> 0;
          filled[j] = 2;
        }
      }
    }
  }
  for (let b = 0; b < BANDS; b++) {
    let h = Math.imul(FNV_OFFSET ^ seed, FNV_PRIME) ^ b;
    for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ bins[b * ROWS + r], FNV_PRIME);
    out[at + b] = fmix32(h);
  }
}

function addShingle(v: number): void {
  // high bits choose the bin, the remixed value is the bin's candidate minimum
  const bin = ((v >>> 16) * K) >>> 16;
  const val = fmix32(v ^ 0x27d4eb2f);
  if (filled[bin] === 0 || val < bins[bin]) {
    bins[bin] = val;
    filled[bin] = 1;
  }
}
