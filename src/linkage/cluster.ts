/**
 * Clustering the account graph into candidate campaigns:
 * 1. connected components of the thresholded graph (most accounts are alone);
 * 2. Louvain communities (graphology-communities-louvain) inside components
 *    too big to be one group;
 * 3. dense-block peeling inside each community, in the spirit of Fraudar
 *    (Hooi et al., KDD 2016) and D-Cube (Shin et al., WSDM 2017): repeatedly
 *    remove the member with the smallest weighted degree and keep the prefix of
 *    maximum average degree. Because edge weights are already IDF-discounted
 *    (Fraudar's column weighting), camouflage (campaign accounts that also touch
 *    popular benign keys, or benign accounts that share one proxy IP with the
 *    campaign) attaches weakly and is peeled off, while the core stays. Like
 *    D-Cube we then peel the remainder again to find a second block.
 */
import GraphModule from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { EdgeSet } from './graph.js';
import { GROUP_COUNT, Group } from './keys.js';
import { IndexedMinHeap } from '../util/heap.js';
import { mulberry32 } from '../util/random.js';
import { UnionFind } from '../util/union-find.js';

// Both packages ship CommonJS-style typings that NodeNext reads as a namespace with a
// `default`, while at run time the default import is the value itself: accept either.
type Unwrap<T> = T extends { default: infer D } ? D : T;
const Graph = ((GraphModule as unknown as { default?: unknown }).default ?? GraphModule) as Unwrap<typeof GraphModule>;
const louvain = ((louvainModule as unknown as { default?: unknown }).default ?? louvainModule) as Unwrap<typeof louvainModule>;

export interface Cluster {
  /** account indices, core first */
  members: number[];
  /** 1 for the dense core, below 1 for weaker attachment */
  attach: Map<number, number>;
  /** total edge weight inside / members */
  density: number;
}

export interface ClusterOptions {
  minSize: number;
  resolution: number;
  seed: number;
  /** components up to this size skip Louvain */
  smallComponent: number;
}

/** Adjacency lists over accounts for the kept edges (CSR). */
export interface Adjacency {
  off: Int32Array;
  nbr: Int32Array;
  wt: Float32Array;
  /** index in the edge set of each adjacency entry */
  eid: Int32Array;
}

export function adjacency(nAccounts: number, e: EdgeSet): Adjacency {
  const off = new Int32Array(nAccounts + 1);
  for (let i = 0; i < e.n; i++) {
    off[e.a[i] + 1]++;
    off[e.b[i] + 1]++;
  }
  for (let i = 0; i < nAccounts; i++) off[i + 1] += off[i];
  const nbr = new Int32Array(off[nAccounts]);
  const wt = new Float32Array(off[nAccounts]);
  const eid = new Int32Array(off[nAccounts]);
  const fill = off.slice(0, nAccounts);
  for (let i = 0; i < e.n; i++) {
    const a = e.a[i];
    const b = e.b[i];
    eid[fill[a]] = i;
    nbr[fill[a]] = b;
    wt[fill[a]++] = e.w[i];
    eid[fill[b]] = i;
    nbr[fill[b]] = a;
    wt[fill[b]++] = e.w[i];
  }
  return { off, nbr, wt, eid };
}

function components(nAccounts: number, e: EdgeSet): Int32Array {
  const sets = new UnionFind(nAccounts);
  for (let i = 0; i < e.n; i++) sets.unionToSmallest(e.a[i], e.b[i]);
  return sets.flatten();
}

/** Cluster the graph into dense groups of at least `minSize` accounts. */
export function clusterGraph(nAccounts: number, e: EdgeSet, adj: Adjacency, opt: ClusterOptions): { clusters: Cluster[]; component: Int32Array } {
  const comp = components(nAccounts, e);
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < nAccounts; i++) {
    if (adj.off[i + 1] === adj.off[i]) continue;
    const r = comp[i];
    let l = byRoot.get(r);
    if (!l) byRoot.set(r, (l = []));
    l.push(i);
  }
  const groups: number[][] = [];
  const big: number[][] = [];
  for (const l of byRoot.values()) {
    if (l.length < opt.minSize) continue;
    if (l.length <= opt.smallComponent) groups.push(l);
    else big.push(l);
  }
  if (big.length > 0) {
    const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
    const inBig = new Uint8Array(nAccounts);
    for (const l of big) for (const x of l) {
      inBig[x] = 1;
      g.addNode(String(x));
    }
    for (let i = 0; i < e.n; i++) {
      // keyed by the edge's index: graphology's generated keys cost a string build and a lookup each
      if (inBig[e.a[i]]) g.addUndirectedEdgeWithKey(i, String(e.a[i]), String(e.b[i]), { weight: e.w[i] });
    }
    const comm = louvain(g, { getEdgeWeight: 'weight', resolution: opt.resolution, rng: mulberry32(opt.seed) });
    const byComm = new Map<number, number[]>();
    for (const l of big) for (const x of l) {
      const c = comm[String(x)];
      let m = byComm.get(c);
      if (!m) byComm.set(c, (m = []));
      m.push(x);
    }
    for (const m of byComm.values()) if (m.length >= opt.minSize) groups.push(m);
  }
  const out: Cluster[] = [];
  for (const grp of groups) for (const c of peel(grp, adj, opt.minSize)) out.push(c);
  return { clusters: out, component: comp };
}

/**
 * Which of the given clusters belong together: Louvain happily splits one
 * operation along its payment pools or proxy subnets, so clusters of the same
 * component whose links between them are at least `ratio` per member of the
 * smaller one are merged (union-find). Returns a group id per cluster.
 */
export function mergeGroups(clusters: Cluster[], e: EdgeSet, component: Int32Array, nAccounts: number, ratio: number): number[] {
  const of = new Int32Array(nAccounts).fill(-1);
  clusters.forEach((c, i) => {
    for (const x of c.members) of[x] = i;
  });
  const between = new Map<number, number>();
  const n = clusters.length;
  for (let i = 0; i < e.n; i++) {
    const p = of[e.a[i]];
    const q = of[e.b[i]];
    if (p < 0 || q < 0 || p === q) continue;
    const key = Math.min(p, q) * n + Math.max(p, q);
    // Content similarity alone does not merge: two operations harvesting the same
    // benchmark look alike without being one. Infrastructure, identity, client and
    // timing ties do.
    let w = 0;
    for (let g = 0; g < GROUP_COUNT; g++) if (g !== Group.Content) w += e.g[i * GROUP_COUNT + g];
    between.set(key, (between.get(key) ?? 0) + w);
  }
  const sets = new UnionFind(clusters.length);
  for (const [key, w] of between) {
    const p = Math.floor(key / n);
    const q = key % n;
    if (component[clusters[p].members[0]] !== component[clusters[q].members[0]]) continue;
    if (w >= ratio * Math.min(clusters[p].members.length, clusters[q].members.length)) sets.union(p, q);
  }
  return clusters.map((_, i) => sets.find(i));
}

/**
 * Greedy densest-subgraph peeling restricted to `members`, then again on what
 * was peeled (at most three blocks). Members peeled from a block but still
 * well attached to it (weighted degree into the block at least a quarter of the
 * block's median) are kept with a lower attachment, so a late-joining campaign
 * account with few links yet is not thrown out.
 */
export function peel(members: number[], adj: Adjacency, minSize: number): Cluster[] {
  const out: Cluster[] = [];
  let rest = members;
  for (let round = 0; round < 3 && rest.length >= minSize; round++) {
    const block = densest(rest, adj);
    if (block.members.length < minSize || block.density <= 0) break;
    const inBlock = new Set(block.members);
    const attach = new Map<number, number>();
    const degs = block.members.map((x) => degreeInto(x, inBlock, adj)).sort((p, q) => p - q);
    const median = degs[degs.length >> 1] || 0;
    for (const x of block.members) attach.set(x, 1);
    const left: number[] = [];
    for (const x of rest) {
      if (inBlock.has(x)) continue;
      const d = degreeInto(x, inBlock, adj);
      if (d >= 0.25 * median && d > 0) attach.set(x, Math.min(0.95, 0.5 + d / Math.max(median, 1e-9) / 2));
      else left.push(x);
    }
    out.push({ members: [...attach.keys()], attach, density: block.density });
    rest = left;
  }
  return out;
}

function degreeInto(x: number, set: Set<number>, adj: Adjacency): number {
  let d = 0;
  for (let j = adj.off[x]; j < adj.off[x + 1]; j++) if (set.has(adj.nbr[j])) d += adj.wt[j];
  return d;
}

/** Charikar-style greedy peeling with a bucket-free heap: O(E log V) in the subgraph. */
function densest(members: number[], adj: Adjacency): { members: number[]; density: number } {
  const n = members.length;
  const local = new Map<number, number>();
  members.forEach((x, i) => local.set(x, i));
  const deg = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = members[i];
    for (let j = adj.off[x]; j < adj.off[x + 1]; j++) {
      if (local.has(adj.nbr[j])) deg[i] += adj.wt[j];
    }
    total += deg[i];
  }
  total /= 2;
  const alive = new Uint8Array(n).fill(1);
  const heap = new IndexedMinHeap(n);
  for (let i = 0; i < n; i++) heap.push(i, deg[i]);
  const order: number[] = [];
  let best = total / n;
  let bestAt = 0;
  let remaining = n;
  while (remaining > 1) {
    const i = heap.pop();
    if (i < 0) break;
    alive[i] = 0;
    order.push(i);
    remaining--;
    total -= deg[i];
    const x = members[i];
    for (let j = adj.off[x]; j < adj.off[x + 1]; j++) {
      const li = local.get(adj.nbr[j]);
      if (li === undefined || !alive[li]) continue;
      deg[li] -= adj.wt[j];
      heap.update(li, deg[li]);
    }
    const d = total / remaining;
    if (d > best + 1e-9) {
      best = d;
      bestAt = order.length;
    }
  }
  const removed = new Set(order.slice(0, bestAt));
  return { members: members.filter((_, i) => !removed.has(i)), density: best };
}

/**
 * Independent key groups (infrastructure, identity, content, timing; not the
 * client, see `splitAtBridges`) an edge must carry, however weak each (a /24
 * two dozen accounts share weighs little after IDF, and still ties them) to hold two parts of a cluster together. Why two: one
 * group is what strangers doing the same thing share (one framework's system
 * prompt, one venue's address, the same evening hours); a fleet's accounts
 * are tied by two or more at once (a card pool and a proxy range, a range and
 * its template). Evaded by a fleet whose parts are tied to each other by one
 * group only: each part is then judged on its own, and a part that harvests
 * is still a campaign. Falsely splits one operation whose two pools share
 * only one kind of key; `mergeGroups` reports pools that are both judged
 * campaigns as one again.
 */
const BRIDGE_GROUPS = 2;

/**
 * Splits a cluster at weak bridges: the parts that stay connected through
 * edges carrying `BRIDGE_GROUPS` independent key groups or more, when two or
 * more such parts have `minSize` members. Each member of a smaller piece goes
 * with the part it has the most edge weight to. A hackathon crowd (one venue
 * address, one framework's system prompt and client) and a fleet are then
 * judged apart when all that crosses between them is one kind of key, rather
 * than the crowd inheriting the fleet's harvest through a few accounts.
 * Returns `[c]` when there is nothing to split.
 */
export function splitAtBridges(c: Cluster, e: EdgeSet, adj: Adjacency, minSize: number): Cluster[] {
  const m = c.members;
  if (m.length < 2 * minSize) return [c];
  const pos = new Map<number, number>();
  m.forEach((x, i) => pos.set(x, i));
  const strong = new UnionFind(m.length);
  const groupsOf = (id: number): number => {
    let n = 0;
    // a client (user agent, key style, model switch) comes with a framework's system prompt and
    // says nothing apart from it, and never decides membership: it is not one of the independent ties
    for (let g = 0; g < GROUP_COUNT; g++) if (g !== Group.Client && e.g[id * GROUP_COUNT + g] > 0) n++;
    return n;
  };
  for (let i = 0; i < m.length; i++) {
    const x = m[i];
    for (let p = adj.off[x]; p < adj.off[x + 1]; p++) {
      const j = pos.get(adj.nbr[p]);
      if (j === undefined || j <= i) continue;
      if (groupsOf(adj.eid[p]) >= BRIDGE_GROUPS) strong.union(i, j);
    }
  }
  const parts = new Map<number, number[]>();
  for (let i = 0; i < m.length; i++) {
    const r = strong.find(i);
    (parts.get(r) ?? parts.set(r, []).get(r)!).push(i);
  }
  const big = [...parts.values()].filter((p) => p.length >= minSize);
  if (big.length < 2) return [c];
  const partOf = new Int32Array(m.length).fill(-1);
  big.forEach((p, k) => { for (const i of p) partOf[i] = k; });
  const out = big.map((p) => p.map((i) => m[i]));
  for (let i = 0; i < m.length; i++) {
    if (partOf[i] >= 0) continue;
    const toward = new Float64Array(big.length);
    const x = m[i];
    for (let p = adj.off[x]; p < adj.off[x + 1]; p++) {
      const j = pos.get(adj.nbr[p]);
      if (j !== undefined && partOf[j] >= 0) toward[partOf[j]] += adj.wt[p];
    }
    let best = 0;
    for (let k = 1; k < big.length; k++) if (toward[k] > toward[best]) best = k;
    out[best].push(x);
  }
  return out.map((members) => ({ members, attach: new Map([...c.attach].filter(([x]) => members.includes(x))), density: c.density }));
}
