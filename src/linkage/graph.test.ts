import { it } from 'node:test';
import assert from 'node:assert/strict';
import { AcctState, RING_WORDS } from './accounts.js';
import { parseLinkageConfig, type LinkageConfigT } from './config.js';
import { EdgeScratch, GROUP_CAPS, buildEdges, buildKeyIndex, harvesters, idf, kindWeights, type GraphInput } from './graph.js';
import { GROUP_COUNT, Group, KINDS, Kind } from './keys.js';
import { popcount32 } from './numindex.js';
import { mulberry32 } from '../util/random.js';

/**
 * The plain definition of the account graph: walk the keys one by one, give
 * every pair a key links (all pairs of a small group, the seeded ring lattice
 * of a large one) its contribution in a map in the order pairs are first met,
 * then add retry hops, synchrony and the threshold. `buildEdges` computes this
 * row by row without a pair table; it must give the same edges, weights and
 * order.
 */
function reference(inp: GraphInput, cfg: LinkageConfigT): { a: number[]; b: number[]; w: number[]; g: number[][] } {
  const { index, keyKinds, accts } = inp;
  const kw = kindWeights(cfg);
  const total = Math.max(inp.population, cfg.idfFloorAccounts);
  const maxN = Math.max(3, Math.floor(cfg.maxKeyShare * Math.max(inp.population, 1)));
  const rnd = mulberry32(cfg.seed);
  const pairs = new Map<string, { a: number; b: number; g: Float32Array }>();
  const add = (x: number, y: number, group: number, w: number) => {
    if (x === y) return;
    const [a, b] = x < y ? [x, y] : [y, x];
    let p = pairs.get(`${a},${b}`);
    if (!p) pairs.set(`${a},${b}`, (p = { a, b, g: new Float32Array(GROUP_COUNT) }));
    p.g[group] += w;
  };
  for (let k = 0; k < index.off.length - 1; k++) {
    const members = Array.from(index.members.subarray(index.off[k], index.off[k + 1]));
    const n = members.length;
    if (n < 2 || n > maxN) continue;
    const w = kw[keyKinds[k]] * idf(n, total);
    if (w <= 0.005) continue;
    const group = KINDS[keyKinds[k]].group;
    const boost = (x: number, y: number) => (group === Group.Content && inp.harvester[x] && inp.harvester[y] ? w * 3 : w);
    if (n <= cfg.groupCliqueMax) {
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) add(members[i], members[j], group, boost(members[i], members[j]));
    } else {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [members[i], members[j]] = [members[j], members[i]];
      }
      for (let i = 0; i < n; i++) {
        for (let d = 1; d <= cfg.ringNeighbours; d++) add(members[i], members[(i + d) % n], group, boost(members[i], members[(i + d) % n]));
      }
    }
  }
  for (const [pair, count] of inp.hops) add(Math.floor(pair / 67108864), pair % 67108864, Group.Time, cfg.weights.retryHop * Math.min(1, 0.6 + 0.2 * count));
  const out = { a: [] as number[], b: [] as number[], w: [] as number[], g: [] as number[][] };
  const active = (x: number) => accts[x].ringView().subarray(0, RING_WORDS).reduce((c, v) => c + popcount32(v), 0);
  const capped = (g: Float32Array) => g.reduce((s, v, i) => s + Math.min(GROUP_CAPS[i], v), 0);
  for (const p of pairs.values()) {
    const ca = active(p.a);
    const cb = active(p.b);
    if (ca >= 3 && cb >= 3) {
      let inter = 0;
      for (let q = 0; q < RING_WORDS; q++) inter += popcount32(accts[p.a].ringWord(q) & accts[p.b].ringWord(q));
      const lift = inter / Math.max((ca * cb) / Math.max(32, inp.ringSpan), 1e-9);
      if (inter >= 3 && lift >= 4) p.g[Group.Time] += cfg.weights.sync * Math.min(1, Math.log(lift) / Math.log(50)) * Math.min(1, inter / 8);
    }
    const w = capped(p.g);
    if (w < cfg.minEdgeWeight) continue;
    out.a.push(p.a);
    out.b.push(p.b);
    out.w.push(Math.fround(w));
    out.g.push(Array.from(p.g, (v, i) => Math.fround(Math.min(GROUP_CAPS[i], v))));
  }
  return out;
}

/** A random population: a few operators' pools sharing infrastructure and templates, and a crowd sharing popular keys. */
function world(seed: number, nA: number): { inp: GraphInput; cfg: LinkageConfigT } {
  const r = mulberry32(seed);
  const cfg = parseLinkageConfig({ groupCliqueMax: 12, ringNeighbours: 3, idfFloorAccounts: 50, seed });
  const kinds = [Kind.Ip, Kind.Net, Kind.UserAgent, Kind.KeyPattern, Kind.Skeleton, Kind.TemplateBand, Kind.HarvestProfile, Kind.Payment];
  const accts: AcctState[] = [];
  const keyKinds: number[] = [];
  const keyOf = new Map<string, number>();
  const schedule = Array.from({ length: 6 }, () => Array.from({ length: 24 }, () => Math.floor(r() * RING_WORDS * 32)));
  for (let x = 0; x < nA; x++) {
    const s = new AcctState(`a${x}`, x);
    s.exchanges = 2 + Math.floor(r() * 30);
    s.harvest = r() < 0.3 ? s.exchanges : 0;
    s.verified = r() < 0.1;
    const pool = Math.floor(r() * 6);
    for (let q = 0; q < 6; q++) {
      const kind = kinds[Math.floor(r() * kinds.length)];
      // popular values (a few), pool values, and rare ones
      const v = r() < 0.4 ? `pop${Math.floor(r() * 3)}` : r() < 0.7 ? `pool${pool}-${Math.floor(r() * 2)}` : `own${Math.floor(r() * nA)}`;
      const name = `${kind}:${v}`;
      let k = keyOf.get(name);
      if (k === undefined) {
        k = keyKinds.length;
        keyOf.set(name, k);
        keyKinds.push(kind);
      }
      const slot = s.addKey(1000 + k, kind);
      if (slot < 0) continue;
      s.setKey(slot, k);
      for (let u = 0; u < Math.floor(r() * 3); u++) s.addKey(1000 + k, kind);
    }
    // activity: none, a few buckets (mostly the pool's schedule, so pools synchronise), or busy
    const mode = r();
    const ring = s.ringView();
    if (mode < 0.45) {
      const k = 1 + Math.floor(r() * 30);
      for (let q = 0; q < k; q++) {
        const b = r() < 0.7 ? schedule[pool][Math.floor(r() * schedule[pool].length)] : Math.floor(r() * RING_WORDS * 32);
        ring[b >>> 5] |= 1 << (b & 31);
      }
    } else if (mode < 0.7) {
      for (let q = 0; q < RING_WORDS; q++) ring[q] = r() < 0.3 ? ((r() * 4294967296) >>> 0) & ((r() * 4294967296) >>> 0) : 0;
      for (const b of schedule[pool]) if (r() < 0.5) ring[b >>> 5] |= 1 << (b & 31);
    }
    accts.push(s);
  }
  const hops = new Map<number, number>();
  for (let h = 0; h < nA / 10; h++) hops.set(Math.floor(r() * nA) * 67108864 + Math.floor(r() * nA), 1 + Math.floor(r() * 3));
  const index = buildKeyIndex(accts, keyKinds.length, cfg.minContentRepeats);
  const inp: GraphInput = { accts, keyKinds: Uint8Array.from(keyKinds), index, population: nA, hops, nowBucket: 0, ringSpan: 500, harvester: harvesters(accts) };
  return { inp, cfg };
}

it('builds the same edges, weights and order as a key-by-key pair table', () => {
  const scratch = new EdgeScratch();
  let edges = 0;
  for (const [seed, nA] of [[1, 40], [2, 300], [3, 900], [4, 120]]) {
    const { inp, cfg } = world(seed, nA);
    const ref = reference(inp, cfg);
    // reused buffers (a larger world before a smaller one) must not leak into the result
    const got = buildEdges(inp, cfg, scratch);
    assert.equal(got.n, ref.a.length, `seed ${seed}: edge count`);
    assert.deepEqual(Array.from(got.a), ref.a, `seed ${seed}: first ends`);
    assert.deepEqual(Array.from(got.b), ref.b, `seed ${seed}: second ends`);
    assert.deepEqual(Array.from(got.w), ref.w, `seed ${seed}: weights`);
    for (let i = 0; i < got.n; i++) assert.deepEqual(Array.from(got.g.subarray(i * GROUP_COUNT, (i + 1) * GROUP_COUNT)), ref.g[i]);
    edges += got.n;
  }
  // the worlds must exercise the lattice and the threshold, not only trivial graphs
  assert.ok(edges > 200, `only ${edges} edges over the worlds`);
});
