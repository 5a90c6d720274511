import { it } from 'node:test';
import assert from 'node:assert/strict';
import { adjacency, clusterGraph, peel } from './cluster.js';
import type { EdgeSet } from './graph.js';
import { GROUP_COUNT } from './keys.js';

function edges(list: [number, number, number][]): EdgeSet {
  const n = list.length;
  const e: EdgeSet = { a: new Int32Array(n), b: new Int32Array(n), g: new Float32Array(n * GROUP_COUNT), w: new Float32Array(n), n };
  list.forEach(([a, b, w], i) => {
    e.a[i] = a;
    e.b[i] = b;
    e.w[i] = w;
    e.g[i * GROUP_COUNT] = w;
  });
  return e;
}

it('peels a benign account that shares one weak link with a dense block', () => {
  const list: [number, number, number][] = [];
  for (let i = 0; i < 10; i++) for (let j = i + 1; j < 10; j++) list.push([i, j, 1]);
  list.push([0, 10, 0.3]); // a NAT neighbour of one campaign account
  const e = edges(list);
  const adj = adjacency(11, e);
  const [block] = peel([...Array(11).keys()], adj, 4);
  assert.equal(block.members.length, 10);
  assert.ok(!block.members.includes(10));
});

it('splits two dense groups joined by a thin bridge', () => {
  const list: [number, number, number][] = [];
  for (const base of [0, 30]) for (let i = 0; i < 30; i++) for (let j = i + 1; j < 30; j++) list.push([base + i, base + j, 1]);
  list.push([0, 30, 0.5]);
  const e = edges(list);
  const { clusters } = clusterGraph(60, e, adjacency(60, e), { minSize: 4, resolution: 1, seed: 1, smallComponent: 24 });
  assert.equal(clusters.length, 2);
  for (const c of clusters) {
    const side = c.members.map((x) => (x < 30 ? 0 : 1));
    assert.ok(side.every((s) => s === side[0]), 'a cluster mixes both groups');
  }
});

it('leaves accounts without edges out of every cluster', () => {
  const e = edges([[0, 1, 1], [1, 2, 1], [0, 2, 1], [2, 3, 1], [0, 3, 1]]);
  const { clusters } = clusterGraph(8, e, adjacency(8, e), { minSize: 3, resolution: 1, seed: 1, smallComponent: 24 });
  assert.equal(clusters.length, 1);
  assert.deepEqual([...clusters[0].members].sort(), [0, 1, 2, 3]);
});

it('keeps a small ring of harvesters a cluster when chance edges tie it into a crowd of any size', () => {
  // A path of four harvesters (a card pair, two content ties), alone a component of its own,
  // and a crowd of ordinary accounts (several dense groups) with one chance edge to the ring
  // per 50 of them: the bigger the crowd, the more such edges, and at every size the four
  // must still come out together.
  const ring: [number, number, number][] = [[0, 1, 0.9], [1, 2, 0.6], [2, 3, 0.6]];
  for (const crowd of [50, 500]) {
    const n = 4 + crowd;
    const list: [number, number, number][] = [...ring];
    for (let base = 4; base + 10 <= n; base += 10) for (let i = 0; i < 10; i++) for (let j = i + 1; j < 10; j++) list.push([base + i, base + j, 0.5]);
    for (let base = 4; base + 10 < n; base += 10) list.push([base, base + 10, 0.45]);
    for (let k = 0; 50 * k < crowd; k++) list.push([k % 4, 4 + 50 * k + 3, 0.64]);
    const e = edges(list);
    const harvester = new Uint8Array(n);
    harvester.fill(1, 0, 4);
    const opts = { minSize: 4, resolution: 1, seed: 1, smallComponent: 24 };
    const holds = (cs: { members: number[] }[]): boolean => cs.some((c) => [0, 1, 2, 3].every((x) => c.members.includes(x)));
    const { clusters } = clusterGraph(n, e, adjacency(n, e), { ...opts, harvester });
    assert.ok(holds(clusters), `crowd of ${crowd}: the four harvesters are not one cluster`);
    for (const c of clusters) if (c.members.some((x) => x < 4)) assert.ok(c.members.every((x) => x < 4), `crowd of ${crowd}: ordinary accounts grouped with the harvesters`);
    if (crowd === 500) assert.ok(!holds(clusterGraph(n, e, adjacency(n, e), opts).clusters), 'without the harvesters named, Louvain keeps them together anyway: the test shows nothing');
  }
});
