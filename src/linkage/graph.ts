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

/** Build the inverted index key → accounts as CSR arrays (two counting passes). */
export function buildKeyIndex(accts: AcctState[], nKeys: number, minRepeats: number): KeyIndex {
  const off = new Int32Array(nKeys + 1);
  for (const s of accts) {
    for (let i = 0; i < s.n; i++) if (slotEligible(s, i, minRepeats)) off[s.keys[i] + 1]++;
  }
  for (let k = 0; k < nKeys; k++) off[k + 1] += off[k];
  const postings = off[nKeys];
  const members = new Int32Array(postings);
  const fill = off.slice(0, nKeys);
  for (const s of accts) {
    for (let i = 0; i < s.n; i++) if (slotEligible(s, i, minRepeats)) members[fill[s.keys[i]]++] = s.idx;
  }
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
class EdgeBuilder {
  private tab: Int32Array;
  private mask: number;
  a: Int32Array;
  b: Int32Array;
  g: Float32Array;
  n = 0;
  constructor(expected: number) {
    let cap = 64;
    while (cap < expected) cap *= 2;
    this.tab = new Int32Array(cap * 2).fill(-1);
    this.mask = cap * 2 - 1;
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.g = new Float32Array(cap * GROUP_COUNT);
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
  const eb = new EdgeBuilder(Math.max(64, Math.ceil((inp.expectedPairs ?? 1 << 12) * 1.25)));
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
  const counts = new Float64Array(accts.length);
  for (const s of accts) {
    let c = 0;
    for (let w = 0; w < RING_WORDS; w++) c += popcount32(s.ring[w]);
    counts[s.idx] = c;
  }
  const span = Math.max(32, inp.ringSpan);
  const out = { a: new Int32Array(eb.n), b: new Int32Array(eb.n), g: new Float32Array(eb.n * GROUP_COUNT), w: new Float32Array(eb.n), n: 0, candidates: eb.n };
  const syncMax = cfg.weights.sync;
  const capT = GROUP_CAPS[Group.Time];
  for (let i = 0; i < eb.n; i++) {
    const x = eb.a[i];
    const y = eb.b[i];
    const base = i * GROUP_COUNT;
    let w = 0;
    for (let g = 0; g < GROUP_COUNT; g++) w += Math.min(GROUP_CAPS[g], eb.g[base + g]);
    // Synchrony can add at most `sync` to the timing group: a pair that stays below the
    // edge threshold even so is dropped without comparing rings (most candidates).
    const gT = eb.g[base + Group.Time];
    if (w + Math.min(capT, gT + syncMax) - Math.min(capT, gT) < cfg.minEdgeWeight) continue;
    const ca = counts[x];
    const cb = counts[y];
    if (ca >= 3 && cb >= 3) {
      const ra = accts[x].ring;
      const rb = accts[y].ring;
      let inter = 0;
      for (let r = 0; r < RING_WORDS; r++) inter += popcount32(ra[r] & rb[r]);
      const expected = (ca * cb) / span;
      const lift = inter / Math.max(expected, 1e-9);
      if (inter >= 3 && lift >= 4) {
        eb.g[base + Group.Time] += cfg.weights.sync * Math.min(1, Math.log(lift) / Math.log(50)) * Math.min(1, inter / 8);
        w = 0;
        for (let g = 0; g < GROUP_COUNT; g++) w += Math.min(GROUP_CAPS[g], eb.g[base + g]);
      }
    }
    if (w < cfg.minEdgeWeight) continue;
    const o = out.n++;
    out.a[o] = x;
    out.b[o] = y;
    out.w[o] = w;
    for (let g = 0; g < GROUP_COUNT; g++) out.g[o * GROUP_COUNT + g] = Math.min(GROUP_CAPS[g], eb.g[base + g]);
  }
  return out;
}
