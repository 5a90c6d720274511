/**
 * The weighted account graph, built from an inverted index key → accounts,
 * never from all pairs of accounts.
 *
 * - Each key's contribution is IDF-weighted: base(kind) × ln(N / n) / ln(N),
 *   so a key held by many accounts (a cloud /24, a popular SDK, a template
 *   used by a third of everyone) adds almost nothing, and a key held by more
 *   than `maxKeyShare` of accounts adds nothing.
 * - A key group up to `groupCliqueMax` accounts is linked pairwise; a larger
 *   group is linked by a ring lattice over a seeded shuffle (each member to its
 *   next `ringNeighbours`), which keeps the group connected and dense for
 *   community detection at O(n·k) edges instead of O(n²).
 * - Contributions are summed per evidence group and each group saturates at a
 *   cap, so sharing ten IPs is not ten times sharing one.
 * - The pairs are found row by row (see `buildEdges`): memory O(accounts +
 *   postings) whatever the number of candidate pairs.
 */
import type { AcctState } from './accounts.js';
import { RING_WORDS } from './accounts.js';
import type { LinkageConfigT } from './config.js';
import { GROUP_COUNT, Group, KINDS, Kind, KIND_COUNT } from './keys.js';
import { popcount32 } from './numindex.js';
import { mulberry32 } from '../util/random.js';

/** Saturation cap per evidence group (Infra, Identity, Client, Content, Time). */
export const GROUP_CAPS = [1.0, 1.2, 0.45, 0.8, 0.9];

export interface KeyIndex {
  /** offsets into `members` per interned key (length nKeys + 1) */
  off: Int32Array;
  members: Int32Array;
  postings: number;
}

export interface EdgeSet {
  a: Int32Array;
  b: Int32Array;
  /** per-edge contribution per group, GROUP_COUNT floats per edge */
  g: Float32Array;
  /** final weight */
  w: Float32Array;
  n: number;
}

export function kindWeights(cfg: LinkageConfigT): Float64Array {
  const w = cfg.weights;
  const out = new Float64Array(KIND_COUNT);
  out[Kind.Ip] = w.ip;
  out[Kind.Net] = w.net;
  out[Kind.Payment] = w.payment;
  out[Kind.EmailDomain] = w.emailDomain;
  out[Kind.Org] = w.org;
  out[Kind.SignupIp] = w.signupIp;
  out[Kind.SignupBurst] = w.signupBurst;
  out[Kind.UserAgent] = w.userAgent;
  out[Kind.KeyPattern] = w.keyPattern;
  out[Kind.ModelSwitch] = w.modelSwitch;
  out[Kind.Skeleton] = w.skeleton;
  out[Kind.TemplateBand] = w.templateBand;
  out[Kind.Frame] = w.frame;
  out[Kind.SystemPrompt] = w.systemPrompt;
  out[Kind.HarvestProfile] = w.harvestProfile;
  return out;
}

/** 1 for the kinds of the content group (their keys must repeat to count). */
export const CONTENT_KIND = Uint8Array.from(KINDS, (k) => (k.group === Group.Content ? 1 : 0));

/** The uses a content slot of `s` needs to count as evidence (above any use count when `s` is verified); as `slotEligible`. */
export function contentNeed(s: AcctState, minRepeats: number): number {
  return s.verified ? 65536 : Math.min(minRepeats, Math.max(1, Math.ceil(s.exchanges / 2)));
}

/** Whether slot `i` of account `s` counts as evidence (content keys must repeat; verified accounts give no content links). */
export function slotEligible(s: AcctState, i: number, minRepeats: number): boolean {
  const kind = s.kindOf(i);
  if (KINDS[kind].group !== Group.Content) return true;
  // A verified identity running a benchmark harness or an app template is not linked by its content:
  // that is exactly how legitimate evaluators and products look.
  if (s.verified) return false;
  const need = Math.min(minRepeats, Math.max(1, Math.ceil(s.exchanges / 2)));
  return s.count(i) >= need;
}


/** Reusable buffers of `buildKeyIndex`: the eligible (key, account) postings in account order. */
export class IndexScratch {
  keys = new Int32Array(1 << 14);
  accts = new Int32Array(1 << 14);
}

/**
 * Build the inverted index key → accounts as CSR arrays. One pass over the
 * accounts' slots decides eligibility (as `slotEligible`) and lists the postings
 * in account order; a counting sort over that flat list fills the index, so the
 * members of each key come out in account order.
 */
export function buildKeyIndex(accts: AcctState[], nKeys: number, minRepeats: number, scratch = new IndexScratch()): KeyIndex {
  const off = new Int32Array(nKeys + 1);
  let total = 0;
  for (const s of accts) total += s.n;
  if (scratch.keys.length < total) {
    scratch.keys = new Int32Array(total + (total >> 2));
    scratch.accts = new Int32Array(scratch.keys.length);
  }
  const fk = scratch.keys;
  const fa = scratch.accts;
  let p = 0;
  for (const s of accts) {
    const n = s.n;
    const keys = s.keysV;
    const kind = s.kindV;
    const cnt = s.cntV;
    const ko = s.keysAt;
    const do_ = s.kindAt;
    const co = s.cntAt;
    const idx = s.idx;
    // slotEligible with its per-account part hoisted
    const need = contentNeed(s, minRepeats);
    for (let i = 0; i < n; i++) {
      if (CONTENT_KIND[kind[do_ + i]] === 1 && cnt[co + i] < need) continue;
      const k = keys[ko + i];
      fk[p] = k;
      fa[p++] = idx;
      off[k + 1]++;
    }
  }
  for (let k = 0; k < nKeys; k++) off[k + 1] += off[k];
  const postings = off[nKeys];
  const members = new Int32Array(postings);
  const fill = off.slice(0, nKeys);
  for (let q = 0; q < p; q++) members[fill[fk[q]]++] = fa[q];
  return { off, members, postings };
}

/** IDF in 0..1 of a key held by `n` of `total` accounts. */
export function idf(n: number, total: number): number {
  if (n <= 1) return 1;
  return Math.max(0, Math.log(total / n) / Math.log(total));
}

export interface GraphInput {
  accts: AcctState[];
  keyKinds: Uint8Array;
  index: KeyIndex;
  /** accounts in the population (for IDF) */
  population: number;
  hops: Map<number, number>;
  /** current ring bucket, to align activity rings */
  nowBucket: number;
  /** buckets of the ring that lie inside observed time */
  ringSpan: number;
  /** 1 for accounts whose own traffic is mostly harvest (see harvesters()) */
  harvester: Uint8Array;
}

/**
 * Accounts whose own traffic is mostly harvest (>= 30% harvest-intent exchanges,
 * at least 5 exchanges, not verified). Two such accounts sharing a wrapper family
 * or a harvest focus is far more telling than two chatty users sharing "continue",
 * so their content links are boosted: this is how a stealthy operator with clean
 * infrastructure and paraphrased wrappers still forms a dense block.
 */
export function harvesters(accts: AcctState[]): Uint8Array {
  const h = new Uint8Array(accts.length);
  for (const s of accts) if (!s.verified && s.exchanges >= 5 && s.harvest >= 0.3 * s.exchanges) h[s.idx] = 1;
  return h;
}

const HARVEST_BOOST = 3;

/** Buffers reused by every sweep's `buildEdges`: O(accounts + postings), never O(pairs). */
export class EdgeScratch {
  /** per account: the eligible contributing keys it holds (CSR, ascending key) and its position in each */
  rowOff = new Int32Array(1);
  rowKey = new Int32Array(0);
  rowPos = new Int32Array(0);
  /** members of each lattice-linked key in their shuffled order (same layout as the index) */
  order = new Int32Array(0);
  /**
   * The row being built: its partners in the order first met (`touched`), their
   * per-group sums and order keys at the same position (`acc`, `first`), and per
   * account the running number of the slot it last took (`stamp`; a number below
   * the row's first is a slot of an earlier row). Row-local positions keep the
   * sums of a row together in a few cache lines, where indexing them by partner
   * spread them over 5 floats × accounts (measured on the built code, both
   * versions in one process on one state of 95k accounts and 3M candidate
   * pairs: 485 → 430 ms median, −11%).
   */
  acc = new Float32Array(0);
  first = new Float64Array(0);
  stamp = new Int32Array(0);
  touched = new Int32Array(0);
  /** kept edges before they are put in candidate order */
  out = new EdgeOut(1 << 10);

  size(nA: number, postings: number): void {
    if (this.stamp.length < nA) {
      const cap = nA + (nA >> 2) + 16;
      this.rowOff = new Int32Array(cap + 1);
      this.acc = new Float32Array(cap * GROUP_COUNT);
      this.first = new Float64Array(cap);
      this.stamp = new Int32Array(cap);
      this.touched = new Int32Array(cap);
    } else this.rowOff.fill(0, 0, nA + 1);
    this.stamp.fill(-1, 0, nA);
    if (this.rowKey.length < postings) {
      const cap = postings + (postings >> 2) + 16;
      this.rowKey = new Int32Array(cap);
      this.rowPos = new Int32Array(cap);
      this.order = new Int32Array(cap);
    }
  }
}

/** Growable columns of kept edges with the order key each would have had as a candidate. */
class EdgeOut {
  a: Int32Array;
  b: Int32Array;
  w: Float32Array;
  g: Float32Array;
  at: Float64Array;
  n = 0;
  constructor(cap: number) {
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.w = new Float32Array(cap);
    this.g = new Float32Array(cap * GROUP_COUNT);
    this.at = new Float64Array(cap);
  }
  push(x: number, y: number, w: number, acc: Float32Array, base: number, at: number): void {
    if (this.n === this.a.length) this.grow();
    const o = this.n++;
    this.a[o] = x;
    this.b[o] = y;
    this.w[o] = w;
    for (let g = 0; g < GROUP_COUNT; g++) this.g[o * GROUP_COUNT + g] = Math.min(GROUP_CAPS[g], acc[base + g]);
    this.at[o] = at;
  }
  private grow(): void {
    const cap = this.a.length * 2;
    const a = new Int32Array(cap); a.set(this.a); this.a = a;
    const b = new Int32Array(cap); b.set(this.b); this.b = b;
    const w = new Float32Array(cap); w.set(this.w); this.w = w;
    const g = new Float32Array(cap * GROUP_COUNT); g.set(this.g); this.g = g;
    const at = new Float64Array(cap); at.set(this.at); this.at = at;
  }
}

/**
 * Indices 0..n-1 sorted by `at` (key × span + rank, unique): a counting sort
 * on the key, then each key's few edges by rank. A comparator sort over all
 * edges cost more than the rest of a small world's edge build.
 */
function candidateOrder(at: Float64Array, n: number, nKeys: number, span: number): Int32Array {
  const start = new Int32Array(nKeys + 2);
  for (let i = 0; i < n; i++) start[Math.floor(at[i] / span) + 1]++;
  for (let k = 0; k <= nKeys; k++) start[k + 1] += start[k];
  const ord = new Int32Array(n);
  const fill = start.slice(0, nKeys + 1);
  for (let i = 0; i < n; i++) ord[fill[Math.floor(at[i] / span)]++] = i;
  for (let k = 0; k <= nKeys; k++) {
    const s = start[k];
    const e = start[k + 1];
    if (e - s < 2) continue;
    if (e - s <= 32) {
      for (let i = s + 1; i < e; i++) {
        const v = ord[i];
        let j = i - 1;
        while (j >= s && at[ord[j]] > at[v]) {
          ord[j + 1] = ord[j];
          j--;
        }
        ord[j + 1] = v;
      }
    } else if (span > 2 ** 29 || e - s >= 2 ** 24) {
      const part = Array.from(ord.subarray(s, e)).sort((x, y) => at[x] - at[y]);
      ord.set(part, s);
    } else {
      // ranks below 2^29 and fewer than 2^24 edges: (rank, slot) packs exactly in a double
      const base = k * span;
      const packed = new Float64Array(e - s);
      for (let i = s; i < e; i++) packed[i - s] = (at[ord[i]] - base) * 16777216 + (i - s);
      packed.sort();
      const was = ord.slice(s, e);
      for (let i = 0; i < packed.length; i++) ord[s + i] = was[packed[i] % 16777216];
    }
  }
  return ord;
}

/** Clear one pair's GROUP_COUNT accumulators. */
function zero(acc: Float32Array, base: number): void {
  acc[base] = 0;
  acc[base + 1] = 0;
  acc[base + 2] = 0;
  acc[base + 3] = 0;
  acc[base + 4] = 0;
}

/**
 * Position of partner `y` in the row that starts at slot number `row` and has
 * `nT` partners so far: its earlier position, or `nT` when the row meets it for
 * the first time (its sums are then zeroed and `at`, the order key of the pair,
 * recorded; the caller counts it).
 */
function partnerSlot(sc: EdgeScratch, y: number, row: number, nT: number, at: number): number {
  const q = sc.stamp[y] - row;
  if (q >= 0) return q;
  sc.stamp[y] = row + nT;
  sc.touched[nT] = y;
  zero(sc.acc, nT * GROUP_COUNT);
  sc.first[nT] = at;
  return nT;
}

/** Accounts active in at most this many 5-minute buckets keep them as a list for synchrony. */
const SPARSE_ACTIVITY = 32;

/**
 * Build weighted edges from the key index, retry hops and activity synchrony;
 * returns only edges at or above `minEdgeWeight`.
 *
 * Row by row, as a sparse product A·Aᵀ of the account × key matrix: for each
 * account x, the partners y > x reached through x's keys (all members of a
 * small key group, the lattice neighbours in a large one) accumulate their
 * per-group contributions in a dense per-account buffer; the pair is judged as
 * soon as x's row is complete and only kept edges are stored. Memory is
 * O(accounts + postings) whatever the number of candidate pairs (a pair table
 * held 8M candidates, 370 MB, at 100k accounts), and the accumulator stays in
 * cache. Contributions are summed in ascending key order, as a key-by-key pass
 * would, and the kept edges are put in the order a key-by-key pass would have
 * first met them, so the graph (and Louvain on it) is the same either way.
 */
export function buildEdges(inp: GraphInput, cfg: LinkageConfigT, scratch = new EdgeScratch()): EdgeSet & { candidates: number } {
  const { index, keyKinds, accts } = inp;
  const nA = accts.length;
  const kw = kindWeights(cfg);
  const total = Math.max(inp.population, cfg.idfFloorAccounts);
  const maxN = Math.max(3, Math.floor(cfg.maxKeyShare * Math.max(inp.population, 1)));
  const rnd = mulberry32(cfg.seed);
  const clique = cfg.groupCliqueMax;
  const K = cfg.ringNeighbours;
  const nKeys = index.off.length - 1;
  const off = index.off;
  const m = index.members;
  scratch.size(nA, index.postings);
  const { rowOff, order } = scratch;
  // Contributing keys: weight per key (0 = none), lattice members shuffled in key
  // order with one seeded generator, then the rows (account -> its keys, ascending).
  const keyW = new Float64Array(nKeys);
  // a pair's order key: the key that first linked it × span + its rank in that key's pairs
  let maxRank = 0;
  for (let k = 0; k < nKeys; k++) {
    const s = off[k];
    const n = off[k + 1] - s;
    if (n < 2 || n > maxN) continue;
    const w = kw[keyKinds[k]] * idf(n, total);
    if (w <= 0.005) continue;
    keyW[k] = w;
    const ranks = n <= clique ? n * n : n * K;
    if (ranks > maxRank) maxRank = ranks;
    for (let i = s; i < s + n; i++) rowOff[m[i] + 1]++;
    if (n > clique) {
      for (let i = 0; i < n; i++) order[s + i] = m[s + i];
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        const t = order[s + i];
        order[s + i] = order[s + j];
        order[s + j] = t;
      }
    }
  }
  for (let x = 0; x < nA; x++) rowOff[x + 1] += rowOff[x];
  const rowKey = scratch.rowKey;
  const rowPos = scratch.rowPos;
  const fill = rowOff.slice(0, nA);
  for (let k = 0; k < nKeys; k++) {
    if (keyW[k] === 0) continue;
    const s = off[k];
    const n = off[k + 1] - s;
    const src = n > clique ? order : m;
    for (let i = 0; i < n; i++) {
      const q = fill[src[s + i]]++;
      rowKey[q] = k;
      rowPos[q] = i;
    }
  }
  // Retry hops, per lower account, in the order they were recorded.
  const hopOff = new Int32Array(nA + 1);
  const hopsLo: number[] = [];
  const hopsHi: number[] = [];
  const hopsW: number[] = [];
  for (const [pair, count] of inp.hops) {
    const x = Math.floor(pair / 67108864);
    const y = pair % 67108864;
    if (x === y || x >= nA || y >= nA) continue;
    hopsLo.push(Math.min(x, y));
    hopsHi.push(Math.max(x, y));
    hopsW.push(cfg.weights.retryHop * Math.min(1, 0.6 + 0.2 * count));
    hopOff[Math.min(x, y) + 1]++;
  }
  for (let x = 0; x < nA; x++) hopOff[x + 1] += hopOff[x];
  const orderSpan = Math.max(maxRank, hopsLo.length) + 1;
  if ((nKeys + 1) * orderSpan > Number.MAX_SAFE_INTEGER) throw new RangeError(`linkage: ${nKeys} keys with up to ${orderSpan} pairs each are too many to order (lower ringNeighbours or maxKeyShare)`);
  const hopAt = new Int32Array(hopsLo.length);
  {
    const f = hopOff.slice(0, nA);
    for (let h = 0; h < hopsLo.length; h++) hopAt[f[hopsLo[h]]++] = h;
  }

  // Synchrony (SynchroTrap, Cao et al., CCS 2014): accounts active in the same 5-minute
  // buckets far above chance. Computed only on candidate pairs already linked by a key, so
  // it sharpens the graph without all-pairs work. Evaded by randomised scheduling; falsely
  // links a class in one lecture slot (content clears it).
  // Active buckets per account, counted on first use (most candidate pairs never get as
  // far as comparing activity), and for an account active in few buckets their ring
  // positions as a sorted list: two such lists intersect by merging, without loading
  // either account's ring again (comparing rings was half the edge build at 100k accounts).
  const counts = new Int32Array(nA).fill(-1);
  const actOff = new Int32Array(nA);
  let act = new Uint16Array(1 << 12);
  let actUsed = 0;
  const activity = (x: number): number => {
    let c = counts[x];
    if (c >= 0) return c;
    const ring = accts[x].ringV;
    const at = accts[x].ringAt;
    c = 0;
    for (let w = at; w < at + RING_WORDS; w++) if (ring[w] !== 0) c += popcount32(ring[w]);
    counts[x] = c;
    if (c > SPARSE_ACTIVITY) {
      actOff[x] = -1;
      return c;
    }
    if (actUsed + c > act.length) {
      const grown = new Uint16Array(Math.max(act.length * 2, actUsed + c));
      grown.set(act.subarray(0, actUsed));
      act = grown;
    }
    actOff[x] = actUsed;
    for (let w = 0; w < RING_WORDS; w++) {
      let v = ring[at + w] | 0;
      while (v !== 0) {
        const low = v & -v;
        act[actUsed++] = (w << 5) | (31 - Math.clz32(low));
        v ^= low;
      }
    }
    return c;
  };
  /** Buckets where both were active (activity() of both first). */
  const common = (x: number, y: number): number => {
    const ox = actOff[x];
    const oy = actOff[y];
    let inter = 0;
    if (ox >= 0 && oy >= 0) {
      let i = ox;
      let j = oy;
      const ie = ox + counts[x];
      const je = oy + counts[y];
      while (i < ie && j < je) {
        const a = act[i];
        const b = act[j];
        if (a === b) {
          inter++;
          i++;
          j++;
        } else if (a < b) i++;
        else j++;
      }
    } else if (ox >= 0 || oy >= 0) {
      // one list against the other's ring
      const o = ox >= 0 ? ox : oy;
      const e = o + (ox >= 0 ? counts[x] : counts[y]);
      const other = accts[ox >= 0 ? y : x];
      const ring = other.ringV;
      const at = other.ringAt;
      for (let i = o; i < e; i++) inter += (ring[at + (act[i] >>> 5)] >>> (act[i] & 31)) & 1;
    } else {
      const ra = accts[x].ringV;
      const rb = accts[y].ringV;
      const a0 = accts[x].ringAt;
      const b0 = accts[y].ringAt;
      for (let w = 0; w < RING_WORDS; w++) inter += popcount32(ra[a0 + w] & rb[b0 + w]);
    }
    return inter;
  };
  const span = Math.max(32, inp.ringSpan);
  const syncMax = cfg.weights.sync;
  const capT = GROUP_CAPS[Group.Time];
  const { acc, first, stamp, touched } = scratch;
  const out = scratch.out;
  out.n = 0;
  const hv = inp.harvester;
  let candidates = 0;
  // slot numbers run on across rows; `stamp` is reset before they leave the int32 range
  let slotBase = 0;
  for (let x = 0; x < nA; x++) {
    const r0 = rowOff[x];
    const r1 = rowOff[x + 1];
    const h0 = hopOff[x];
    const h1 = hopOff[x + 1];
    if (r0 === r1 && h0 === h1) continue;
    const row = slotBase;
    let nT = 0;
    const hx = hv[x];
    // Each partner met goes through partnerSlot. Written out at its four call sites it
    // was 3–8% faster on the built code (two runs, 95k accounts): one definition is
    // worth that; a closure instead of a module function cost 11%.
    for (let r = r0; r < r1; r++) {
      const k = rowKey[r];
      const p = rowPos[r];
      const s = off[k];
      const n = off[k + 1] - s;
      const w = keyW[k];
      const group = KINDS[keyKinds[k]].group;
      const boost = group === Group.Content && hx === 1;
      if (n <= clique) {
        // pairs (m[i], m[j]) for i < j, members in account order: x's partners above it follow it
        for (let j = p + 1; j < n; j++) {
          const y = m[s + j];
          const q = partnerSlot(scratch, y, row, nT, k * orderSpan + p * n + j);
          if (q === nT) nT++;
          acc[q * GROUP_COUNT + group] += boost && hv[y] === 1 ? w * HARVEST_BOOST : w;
        }
      } else {
        // pairs (o[i], o[(i + d) % n]) for d = 1..K: x meets the K after it and the K before it
        for (let d = 1; d <= K; d++) {
          const ya = order[s + ((p + d) % n)];
          if (ya > x) {
            const q = partnerSlot(scratch, ya, row, nT, k * orderSpan + p * K + (d - 1));
            if (q === nT) nT++;
            acc[q * GROUP_COUNT + group] += boost && hv[ya] === 1 ? w * HARVEST_BOOST : w;
          }
          const i = (p - d + n) % n;
          const yb = order[s + i];
          if (yb > x) {
            const q = partnerSlot(scratch, yb, row, nT, k * orderSpan + i * K + (d - 1));
            if (q === nT) nT++;
            acc[q * GROUP_COUNT + group] += boost && hv[yb] === 1 ? w * HARVEST_BOOST : w;
          }
        }
      }
    }
    for (let e = h0; e < h1; e++) {
      const h = hopAt[e];
      const y = hopsHi[h];
      const q = partnerSlot(scratch, y, row, nT, nKeys * orderSpan + h);
      if (q === nT) nT++;
      acc[q * GROUP_COUNT + Group.Time] += hopsW[h];
    }
    candidates += nT;
    slotBase += nT;
    if (slotBase > 0x40000000) {
      stamp.fill(-1, 0, nA);
      slotBase = 0;
    }
    for (let t = 0; t < nT; t++) {
      const y = touched[t];
      const base = t * GROUP_COUNT;
      let w = 0;
      for (let g = 0; g < GROUP_COUNT; g++) w += Math.min(GROUP_CAPS[g], acc[base + g]);
      // Synchrony can add at most `sync` to the timing group: a pair that stays below the
      // edge threshold even so is dropped without comparing rings (most candidates).
      const gT = acc[base + Group.Time];
      if (w + Math.min(capT, gT + syncMax) - Math.min(capT, gT) < cfg.minEdgeWeight) continue;
      const ca = activity(x);
      const cb = activity(y);
      if (ca >= 3 && cb >= 3) {
        const inter = common(x, y);
        const expected = (ca * cb) / span;
        const lift = inter / Math.max(expected, 1e-9);
        if (inter >= 3 && lift >= 4) {
          acc[base + Group.Time] += cfg.weights.sync * Math.min(1, Math.log(lift) / Math.log(50)) * Math.min(1, inter / 8);
          w = 0;
          for (let g = 0; g < GROUP_COUNT; g++) w += Math.min(GROUP_CAPS[g], acc[base + g]);
        }
      }
      if (w < cfg.minEdgeWeight) continue;
      out.push(x, y, w, acc, base, first[t]);
    }
  }
  // candidate order: by the key (then position in it) that first linked the pair
  const n = out.n;
  const ord = candidateOrder(out.at, n, nKeys, orderSpan);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const w = new Float32Array(n);
  const g = new Float32Array(n * GROUP_COUNT);
  for (let o = 0; o < n; o++) {
    const i = ord[o];
    a[o] = out.a[i];
    b[o] = out.b[i];
    w[o] = out.w[i];
    for (let q = 0; q < GROUP_COUNT; q++) g[o * GROUP_COUNT + q] = out.g[i * GROUP_COUNT + q];
  }
  return { a, b, g, w, n, candidates };
}
