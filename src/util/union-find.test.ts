import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnionFind } from './union-find.js';
import { mulberry32 } from './random.js';

/** Connected components by breadth-first search, as the smallest member of each. */
function components(n: number, edges: [number, number][]): number[] {
  const adj = Array.from({ length: n }, () => [] as number[]);
  for (const [a, b] of edges) adj[a].push(b), adj[b].push(a);
  const out = new Array<number>(n).fill(-1);
  for (let s = 0; s < n; s++) {
    if (out[s] >= 0) continue;
    const queue = [s];
    out[s] = s;
    while (queue.length) for (const y of adj[queue.pop()!]) if (out[y] < 0) (out[y] = s), queue.push(y);
  }
  return out;
}

test('groups what is joined, and only that, for random graphs', () => {
  const r = mulberry32(3);
  for (let round = 0; round < 30; round++) {
    const n = 1 + Math.floor(r() * 200);
    const edges: [number, number][] = Array.from({ length: Math.floor(r() * n) }, () => [Math.floor(r() * n), Math.floor(r() * n)]);
    const expected = components(n, edges);
    const a = new UnionFind(n);
    const b = new UnionFind(n);
    for (const [x, y] of edges) a.union(x, y), b.unionToSmallest(x, y);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < Math.min(n, i + 5); j++) assert.equal(a.find(i) === a.find(j), expected[i] === expected[j]);
    assert.deepEqual([...b.flatten()], expected, 'unionToSmallest roots every set at its smallest member');
  }
});

test('union keeps the second set\'s root; unionToSmallest keeps the smaller root', () => {
  const u = new UnionFind(6);
  u.union(0, 5);
  assert.equal(u.find(0), 5);
  u.union(5, 3);
  assert.equal(u.find(0), 3);
  u.union(1, 1);
  assert.equal(u.find(1), 1);
  const v = new UnionFind(6);
  v.unionToSmallest(5, 2);
  v.unionToSmallest(4, 5);
  assert.deepEqual([...v.flatten()], [0, 1, 2, 3, 2, 2]);
});
