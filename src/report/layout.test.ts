import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphSvg, layoutGraph } from './layout.js';
import type { ReportEdge, ReportNode } from './types.js';

function ring(n: number, kind = 'payment'): { nodes: ReportNode[]; edges: ReportEdge[] } {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `a${i}`, verdict: i % 3 === 0 ? 'block' as const : 'review' as const, score: (i % 10) / 10 }));
  const edges = nodes.map((x, i) => ({ source: x.id, target: nodes[(i + 1) % n]!.id, kind, weight: 1 }));
  return { nodes, edges };
}

test('the same graph always gets the same picture', () => {
  const a = graphSvg(layoutGraph(ring(40)));
  const b = graphSvg(layoutGraph(ring(40)));
  assert.equal(a, b);
});

test('every node is placed inside the drawing box', () => {
  const g = layoutGraph(ring(120), { width: 300, height: 200 });
  for (const n of g.nodes) {
    assert.ok(n.x >= 0 && n.x <= 300 && n.y >= 0 && n.y <= 200, `${n.id} at ${n.x},${n.y}`);
    assert.ok(Number.isFinite(n.x) && Number.isFinite(n.y));
  }
});

test('linked accounts are drawn closer than unlinked ones', () => {
  // Two groups of ten, each a clique, with one link between them.
  const nodes: ReportNode[] = Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, verdict: 'block' }));
  const edges: ReportEdge[] = [];
  for (let g = 0; g < 2; g++) for (let i = 0; i < 10; i++) for (let j = i + 1; j < 10; j++) edges.push({ source: `n${g * 10 + i}`, target: `n${g * 10 + j}`, kind: 'ip' });
  edges.push({ source: 'n0', target: 'n10', kind: 'timing' });
  const g = layoutGraph({ nodes, edges });
  const pos = new Map(g.nodes.map((n) => [n.id, n]));
  const dist = (a: string, b: string) => Math.hypot(pos.get(a)!.x - pos.get(b)!.x, pos.get(a)!.y - pos.get(b)!.y);
  let within = 0, across = 0, nw = 0, na = 0;
  for (let i = 0; i < 20; i++) for (let j = i + 1; j < 20; j++) {
    if ((i < 10) === (j < 10)) { within += dist(`n${i}`, `n${j}`); nw++; } else { across += dist(`n${i}`, `n${j}`); na++; }
  }
  assert.ok(within / nw < 0.6 * (across / na), `mean distance within ${within / nw}, across ${across / na}`);
});

test('a graph larger than the caps keeps the best connected nodes and counts the rest', () => {
  const big = ring(300);
  // A hub linked to everyone must be kept.
  big.nodes.push({ id: 'hub', verdict: 'block', score: 1 });
  for (const n of big.nodes.slice(0, 300)) big.edges.push({ source: 'hub', target: n.id, kind: 'template', weight: 2 });
  const g = layoutGraph(big, { maxNodes: 50, maxEdges: 80 });
  assert.equal(g.nodes.length, 50);
  assert.equal(g.hiddenNodes, 251);
  assert.ok(g.edges.length <= 80);
  assert.ok(g.nodes.some((n) => n.id === 'hub'));
  assert.deepEqual(g.kinds.map(([k]) => k).sort(), ['payment', 'template']);
});

test('edges to unknown accounts, self links and bad weights are ignored', () => {
  const g = layoutGraph({
    nodes: [{ id: 'a', verdict: 'block' }, { id: 'b', verdict: 'allow' }, { id: 'a', verdict: 'allow' }],
    edges: [
      { source: 'a', target: 'zzz', kind: 'ip' },
      { source: 'a', target: 'a', kind: 'ip' },
      { source: 'a', target: 'b', kind: 'ip', weight: Number.NaN },
      { source: 'a', target: 'b', kind: 'ip', weight: -3 },
      { source: 'b', target: 'a', kind: 'payment', weight: 2 },
    ],
  });
  assert.equal(g.nodes.length, 2);
  assert.equal(g.edges.length, 1);
  assert.equal(g.edges[0]!.kind, 'payment');
  assert.equal(g.nodes.find((n) => n.id === 'a')!.verdict, 'block');
  assert.equal(layoutGraph(undefined).nodes.length, 0);
  assert.equal(graphSvg(layoutGraph({ nodes: [], edges: [] })), '');
});
