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
 */
import type { AcctState } from './accounts.js';
import { RING_WORDS } from './accounts.js';
import type { LinkageConfigT } from './config.js';
import { GROUP_COUNT, Group, KINDS, Kind, KIND_COUNT } from './keys.js';
import { popcount32, rng32 } from './numindex.js';

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
  const kind = s.kind[i];
  if (KINDS[kind].group !== Group.Content) return true;
  // A verified identity running a benchmark harness or an app template is not linked by its content:
  // that is exactly how legitimate evaluators and products look.
  if (s.verified) return false;
  const need = Math.min(minRepeats, Math.max(1, Math.ceil(s.exchanges / 2)));
  return s.cnt[i] >= need;
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
    const keys = s.keys;
    const kind = s.kind;
    const cnt = s.cnt;
    const idx = s.idx;
    // slotEligible with its per-account part hoisted
    const need = contentNeed(s, minRepeats);
    for (let i = 0; i < n; i++) {
      if (CONTENT_KIND[kind[i]] === 1 && cnt[i] < need) continue;
      const k = keys[i];
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

/**
 * Candidate pairs and their per-group contributions. Pairs are found by an
 * open-addressing table over (lo, hi) as two int32s: no float keys, and sized
 * from the caller's estimate so a small world does not clear megabytes per sweep.
 */
export class EdgeBuilder {
  private tab: Int32Array;
  private mask: number;
  a: Int32Array;
  b: Int32Array;
  g: Float32Array;
  /** scratch for the final weights of kept edges */
  w: Float32Array;
  n = 0;
  /** pairs whose entries of `g` were written since the last reset */
  private used = 0;
  constructor(expected: number) {
    let cap = 64;
    while (cap < expected) cap *= 2;
    this.tab = new Int32Array(cap * 2).fill(-1);
    this.mask = cap * 2 - 1;
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.g = new Float32Array(cap * GROUP_COUNT);
    this.w = new Float32Array(cap);
  }
  /**
   * Empty the builder for another sweep, keeping its buffers: fresh multi-megabyte
   * arrays every sweep cost page faults and garbage collection. Pair ids are
   * insertion order whatever the capacity, so reuse never changes the edges.
   */
  reset(expected: number): void {
    this.g.fill(0, 0, Math.max(this.used, this.n) * GROUP_COUNT);
    this.used = 0;
    this.n = 0;
    if (this.a.length >= expected) {
      this.tab.fill(-1);
      return;
    }
    let cap = this.a.length;
    while (cap < expected) cap *= 2;
    this.tab = new Int32Array(cap * 2).fill(-1);
    this.mask = cap * 2 - 1;
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.g = new Float32Array(cap * GROUP_COUNT);
    this.w = new Float32Array(cap);
  }
  /** Remember how many pairs' entries of `g` were written, before the kept edges are compacted over them. */
  markUsed(): void {
    this.used = Math.max(this.used, this.n);
  }
  add(x: number, y: number, group: number, w: number): void {
    if (x === y) return;
    const lo = x < y ? x : y;
    const hi = x < y ? y : x;
    const tab = this.tab;
    const mask = this.mask;
    let h = Math.imul(Math.imul(lo, 0x9e3779b1) ^ hi, 0x85ebca6b);
    h = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const id = tab[h];
      if (id < 0) break;
      if (this.a[id] === lo && this.b[id] === hi) {
        this.g[id * GROUP_COUNT + group] += w;
        return;
      }
      h = (h + 1) & mask;
    }
    const id = this.n++;
    tab[h] = id;
    this.a[id] = lo;
    this.b[id] = hi;
    this.g[id * GROUP_COUNT + group] += w;
    if (this.n === this.a.length) this.grow();
  }
  private grow(): void {
    const cap = this.a.length * 2;
    const a = new Int32Array(cap);
    a.set(this.a);
    const b = new Int32Array(cap);
    b.set(this.b);
    const g = new Float32Array(cap * GROUP_COUNT);
    g.set(this.g);
    this.a = a;
    this.b = b;
    this.g = g;
    this.w = new Float32Array(cap);
    this.tab = new Int32Array(cap * 2).fill(-1);
    this.mask = cap * 2 - 1;
    for (let id = 0; id < this.n; id++) {
      let h = Math.imul(Math.imul(a[id], 0x9e3779b1) ^ b[id], 0x85ebca6b);
      h = (h ^ (h >>> 15)) & this.mask;
      while (this.tab[h] >= 0) h = (h + 1) & this.mask;
      this.tab[h] = id;
    }
  }
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
  /** expected candidate pairs (e.g. the last sweep's), to size the pair table */
  expectedPairs?: number;
  /** a builder to reuse from the last sweep (its buffers are overwritten) */
  builder?: EdgeBuilder;
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

/** Build weighted edges from the key index, retry hops and activity synchrony; returns only edges at or above `minEdgeWeight`. */
export function buildEdges(inp: GraphInput, cfg: LinkageConfigT): EdgeSet & { candidates: number } {
  const { index, keyKinds, accts } = inp;
  const kw = kindWeights(cfg);
  const total = Math.max(inp.population, cfg.idfFloorAccounts);
  const maxN = Math.max(3, Math.floor(cfg.maxKeyShare * Math.max(inp.population, 1)));
  const expected = Math.max(64, Math.ceil((inp.expectedPairs ?? 1 << 12) * 1.25));
  const eb = inp.builder ?? new EdgeBuilder(expected);
  if (inp.builder) eb.reset(expected);
  const rnd = rng32(cfg.seed);
  const clique = cfg.groupCliqueMax;
  const K = cfg.ringNeighbours;
  const nKeys = index.off.length - 1;
  const scratch: number[] = [];
  for (let k = 0; k < nKeys; k++) {
    const s = index.off[k];
    const e = index.off[k + 1];
    const n = e - s;
    if (n < 2 || n > maxN) continue;
    const kind = keyKinds[k];
    const w = kw[kind] * idf(n, total);
    if (w <= 0.005) continue;
    const group = KINDS[kind].group;
    const m = index.members;
    const hv = group === Group.Content ? inp.harvester : null;
    if (n <= clique) {
      for (let i = s; i < e; i++) {
        for (let j = i + 1; j < e; j++) eb.add(m[i], m[j], group, hv && hv[m[i]] && hv[m[j]] ? w * HARVEST_BOOST : w);
      }
    } else {
      scratch.length = 0;
      for (let i = s; i < e; i++) scratch.push(m[i]);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        const t = scratch[i];
        scratch[i] = scratch[j];
        scratch[j] = t;
      }
      for (let i = 0; i < n; i++) {
        for (let d = 1; d <= K; d++) {
          const x = scratch[i];
          const y = scratch[(i + d) % n];
          eb.add(x, y, group, hv && hv[x] && hv[y] ? w * HARVEST_BOOST : w);
        }
      }
    }
  }
  for (const [pair, count] of inp.hops) {
    const x = Math.floor(pair / 67108864);
    const y = pair % 67108864;
    eb.add(x, y, Group.Time, cfg.weights.retryHop * Math.min(1, 0.6 + 0.2 * count));
  }
  // Synchrony (SynchroTrap, Cao et al., CCS 2014): accounts active in the same 5-minute
  // buckets far above chance. Computed only on candidate pairs already linked by a key, so
  // it sharpens the graph without all-pairs work. Evaded by randomised scheduling; falsely
  // links a class in one lecture slot (content clears it).
  // Active buckets per account and the ring words that have any, computed on first
  // use: most candidate pairs never get as far as comparing rings.
  const counts = new Int32Array(accts.length).fill(-1);
  const nzOff = new Int32Array(accts.length);
  const nzLen = new Uint8Array(accts.length);
  let nzWords = new Uint8Array(1024);
  let nzUsed = 0;
  const activity = (x: number): number => {
    let c = counts[x];
    if (c >= 0) return c;
    const ring = accts[x].ring;
    if (nzUsed + RING_WORDS > nzWords.length) {
      const grown = new Uint8Array(nzWords.length * 2);
      grown.set(nzWords);
      nzWords = grown;
    }
    nzOff[x] = nzUsed;
    c = 0;
    for (let w = 0; w < RING_WORDS; w++) {
      const v = ring[w];
      if (v === 0) continue;
      c += popcount32(v);
      nzWords[nzUsed++] = w;
    }
    counts[x] = c;
    nzLen[x] = nzUsed - nzOff[x];
    return c;
  };
  const span = Math.max(32, inp.ringSpan);
  const syncMax = cfg.weights.sync;
  const capT = GROUP_CAPS[Group.Time];
  const nCand = eb.n;
  eb.markUsed();
  // Kept edges are compacted in place over the candidates (kept edge o <= candidate i).
  const ea = eb.a;
  const ebb = eb.b;
  const eg = eb.g;
  const ew = eb.w;
  let o = 0;
  for (let i = 0; i < nCand; i++) {
    const x = ea[i];
    const y = ebb[i];
    const base = i * GROUP_COUNT;
    let w = 0;
    for (let g = 0; g < GROUP_COUNT; g++) w += Math.min(GROUP_CAPS[g], eg[base + g]);
    // Synchrony can add at most `sync` to the timing group: a pair that stays below the
    // edge threshold even so is dropped without comparing rings (most candidates).
    const gT = eg[base + Group.Time];
    if (w + Math.min(capT, gT + syncMax) - Math.min(capT, gT) < cfg.minEdgeWeight) continue;
    const ca = activity(x);
    const cb = activity(y);
    if (ca >= 3 && cb >= 3) {
      const ra = accts[x].ring;
      const rb = accts[y].ring;
      // only the words where the sparser account was active can intersect
      const sparse = nzLen[x] <= nzLen[y] ? x : y;
      const p0 = nzOff[sparse];
      const p1 = p0 + nzLen[sparse];
      let inter = 0;
      for (let r = p0; r < p1; r++) {
        const wd = nzWords[r];
        inter += popcount32(ra[wd] & rb[wd]);
      }
      const expected = (ca * cb) / span;
      const lift = inter / Math.max(expected, 1e-9);
      if (inter >= 3 && lift >= 4) {
        eg[base + Group.Time] += cfg.weights.sync * Math.min(1, Math.log(lift) / Math.log(50)) * Math.min(1, inter / 8);
        w = 0;
        for (let g = 0; g < GROUP_COUNT; g++) w += Math.min(GROUP_CAPS[g], eg[base + g]);
      }
    }
    if (w < cfg.minEdgeWeight) continue;
    ea[o] = x;
    ebb[o] = y;
    ew[o] = w;
    for (let g = 0; g < GROUP_COUNT; g++) eg[o * GROUP_COUNT + g] = Math.min(GROUP_CAPS[g], eg[base + g]);
    o++;
  }
  const out = { a: ea.slice(0, o), b: ebb.slice(0, o), g: eg.slice(0, o * GROUP_COUNT), w: ew.slice(0, o), n: o, candidates: nCand };
  return out;
}
