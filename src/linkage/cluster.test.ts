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
