import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjacency, splitAtBridges, type Cluster } from './cluster.js';
import type { EdgeSet } from './graph.js';
import { GROUP_COUNT, Group } from './keys.js';

/** An edge set from [a, b, groups] triples, each named group carrying weight 0.3. */
function edgeSet(list: [number, number, Group[]][]): EdgeSet {
  const e: EdgeSet = { a: new Int32Array(list.length), b: new Int32Array(list.length), g: new Float32Array(list.length * GROUP_COUNT), w: new Float32Array(list.length), n: list.length };
  list.forEach(([a, b, gs], i) => {
    e.a[i] = a;
    e.b[i] = b;
    for (const g of gs) e.g[i * GROUP_COUNT + g] = 0.3;
    e.w[i] = 0.3 * gs.length;
  });
  return e;
}

/** Two groups of `n`, each a clique on `inner` key groups, joined by every pair across on `across`. */
function twoGroups(n: number, inner: Group[], across: Group[]): { c: Cluster; e: EdgeSet } {
  const list: [number, number, Group[]][] = [];
  for (let g = 0; g < 2; g++) for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) list.push([g * n + i, g * n + j, inner]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) list.push([i, n + j, across]);
  const members = Array.from({ length: 2 * n }, (_, i) => i);
  return { c: { members, attach: new Map(members.map((x) => [x, 1])), density: 1 }, e: edgeSet(list) };
}

test('a crowd and a fleet joined only by a system prompt and its client are judged apart', () => {
  const { c, e } = twoGroups(6, [Group.Infra, Group.Content], [Group.Content, Group.Client]);
  const parts = splitAtBridges(c, e, adjacency(12, e), 4);
  assert.deepEqual(parts.map((p) => p.members.sort((a, b) => a - b)), [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]);
});

test('two parts tied by two independent kinds of key stay one cluster', () => {
  const { c, e } = twoGroups(6, [Group.Infra, Group.Content], [Group.Identity, Group.Content]);
  assert.deepEqual(splitAtBridges(c, e, adjacency(12, e), 4), [c]);
});

test('a part smaller than a campaign is not split off but goes with the part it is most tied to', () => {
  const { c, e } = twoGroups(6, [Group.Infra, Group.Content], [Group.Content]);
  // 12 is tied weakly to both groups, twice as much to the second
  const extra = edgeSet([[12, 0, [Group.Content]], [12, 6, [Group.Content]], [12, 7, [Group.Content]]]);
  const all: EdgeSet = { a: Int32Array.from([...e.a, ...extra.a]), b: Int32Array.from([...e.b, ...extra.b]), g: Float32Array.from([...e.g, ...extra.g]), w: Float32Array.from([...e.w, ...extra.w]), n: e.n + extra.n };
  const parts = splitAtBridges({ ...c, members: [...c.members, 12] }, all, adjacency(13, all), 4);
  assert.equal(parts.length, 2);
  assert.ok(parts[1].members.includes(12));
  // a group of one kind of tie throughout is one part: nothing to split
  const flat = twoGroups(6, [Group.Content], [Group.Content]);
  assert.deepEqual(splitAtBridges(flat.c, flat.e, adjacency(12, flat.e), 4), [flat.c]);
});
