/**
 * Baseline (c): PRADA (Juuti, Szyller, Marchal & Asokan, "PRADA: Protecting
 * against DNN Model Stealing Attacks", IEEE EuroS&P 2019), per account.
 *
 * The paper's Algorithm 1, per client: keep a growing set G of past queries
 * and the list D of minimum distances. For a new query x, d_min = min over
 * y ∈ G of dist(x, y) is appended to D; x joins G only when d_min > T, where
 * T = max(T, mean(D_G) − std(D_G)) over the distances that admitted earlier
 * members of G. Once D has enough values, the Shapiro–Wilk statistic W of D
 * is computed, and the client is flagged when W < δ: benign queries give
 * roughly normal distances, synthetic extraction queries do not.
 *
 * Adapted to text: a query is the new user turn as a hashed bag of words
 * (lower-cased letter/digit runs, FNV-1a into 2^16 buckets, L2-normalised),
 * and dist is Euclidean, as in the paper. Bounded memory (the paper keeps
 * everything): G keeps the most recent `maxHistory` members (default 100,
 * about 25 KB an account) and D the most recent `window` distances.
 *
 * δ: the paper chooses δ per protected model so that benign traffic raises no
 * alarm (values around 0.9 and above); 0.9 is our default. The paper starts
 * testing after 100 queries, our `minQueries`.
 *
 * Blind spot: an account sending fewer than `minQueries` prompts is never
 * tested, so a campaign spread thinly over many accounts is invisible.
 */
import { z } from 'zod';
import { lastUserMessage } from '../../contract/parse.js';
import type { Exchange } from '../../contract/types.js';
import type { Baseline } from './baseline.js';
import { shapiroWilkW } from './shapiro.js';
import { fnv1a } from '../../util/hash.js';

export const pradaConfig = z.object({
  name: z.string().default('PRADA per account'),
  delta: z.number().gt(0).lt(1).default(0.9),
  minQueries: z.number().int().min(3).default(100),
  maxHistory: z.number().int().min(1).default(100),
  window: z.number().int().min(3).max(5000).default(1000),
  /** run the test every k queries (the paper: every query, k = 1) */
  testEvery: z.number().int().min(1).default(1),
});
export type PradaConfig = z.input<typeof pradaConfig>;

const DIM_BITS = 16;
const DIM_MASK = (1 << DIM_BITS) - 1;
const MAX_TOKENS = 256;

/**
 * A sparse bag of words in one typed array, [bucket..., count...], so a stored
 * query costs ~4 bytes a distinct word plus one array header: with thousands
 * of accounts each holding `maxHistory` queries, per-object overhead dominates.
 */
export interface Vec {
  data: Uint16Array;
  nnz: number;
  /** 1 / L2 norm of the counts */
  inv: number;
}

/** Hashed bag of words of a text (L2 norm kept aside); null when the text has no words. */
export function hashedBagOfWords(text: string): Vec | null {
  const counts = new Map<number, number>();
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  const limit = Math.min(words.length, MAX_TOKENS);
  for (let w = 0; w < limit; w++) {
    const b = fnv1a(words[w]) & DIM_MASK;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const nnz = counts.size;
  const data = new Uint16Array(2 * nnz);
  let norm = 0;
  let k = 0;
  for (const [b, c] of counts) { data[k] = b; data[nnz + k] = c; norm += c * c; k++; }
  return { data, nnz, inv: 1 / Math.sqrt(norm) };
}

interface ClientState {
  g: Vec[];
  gPos: number;
  /** ring of the last `window` minimum distances */
  d: Float32Array;
  dLen: number;
  dPos: number;
  queries: number;
  threshold: number;
  // Welford over D_G, the distances that admitted members of G.
  gN: number;
  gMean: number;
  gM2: number;
  lastW: number;
}

/** Creates the PRADA baseline. */
export function createPradaBaseline(cfg: PradaConfig = {}): Baseline {
  const c = pradaConfig.parse(cfg);
  const clients = new Map<string, ClientState>();
  const flagged = new Map<string, number>();
  // One dense scratch vector reused for every query: dot products against sparse history cost O(nnz).
  const dense = new Float32Array(1 << DIM_BITS);

  function minDistance(x: Vec, g: Vec[]): number {
    const xd = x.data;
    for (let i = 0; i < x.nnz; i++) dense[xd[i]] = xd[x.nnz + i] * x.inv;
    let best = Infinity;
    for (const y of g) {
      const yd = y.data;
      let dot = 0;
      for (let i = 0; i < y.nnz; i++) dot += yd[y.nnz + i] * dense[yd[i]];
      // Both are unit vectors: |x − y|² = 2 − 2 x·y.
      const dist = Math.sqrt(Math.max(0, 2 - 2 * dot * y.inv));
      if (dist < best) best = dist;
    }
    for (let i = 0; i < x.nnz; i++) dense[xd[i]] = 0;
    return best;
  }

  return {
    name: c.name,
    summary: `PRADA (Juuti et al. 2019): Shapiro–Wilk W of each account's min query distances, flag at W < ${c.delta} after ${c.minQueries} queries`,
    flagged,
    score: (a) => {
      const s = clients.get(a);
      return s && !Number.isNaN(s.lastW) ? 1 - s.lastW : undefined;
    },
    observe(ex: Exchange): void {
      if (flagged.has(ex.account_id)) return;
      const x = hashedBagOfWords(lastUserMessage(ex));
      if (!x) return;
      let s = clients.get(ex.account_id);
      if (!s) {
        s = { g: [x], gPos: 0, d: new Float32Array(c.window), dLen: 0, dPos: 0, queries: 1, threshold: 0, gN: 0, gMean: 0, gM2: 0, lastW: NaN };
        clients.set(ex.account_id, s);
        return;
      }
      s.queries++;
      const dmin = minDistance(x, s.g);
      s.d[s.dPos] = dmin;
      s.dPos = (s.dPos + 1) % c.window;
      if (s.dLen < c.window) s.dLen++;
      if (dmin > s.threshold) {
        if (s.g.length < c.maxHistory) s.g.push(x);
        else { s.g[s.gPos] = x; s.gPos = (s.gPos + 1) % c.maxHistory; }
        s.gN++;
        const dd = dmin - s.gMean;
        s.gMean += dd / s.gN;
        s.gM2 += dd * (dmin - s.gMean);
        const std = s.gN > 1 ? Math.sqrt(s.gM2 / (s.gN - 1)) : 0;
        s.threshold = Math.max(s.threshold, s.gMean - std);
      }
      if (s.dLen >= c.minQueries && s.queries % c.testEvery === 0) {
        const w = shapiroWilkW(s.dLen < c.window ? s.d.subarray(0, s.dLen) : s.d);
        if (!Number.isNaN(w)) {
          s.lastW = w;
          if (w < c.delta) flagged.set(ex.account_id, ex.tsMs);
        }
      }
    },
    finish(): void {},
  };
}
