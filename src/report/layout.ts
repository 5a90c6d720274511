/**
 * Drawing a campaign's account graph: choose what fits, lay it out with a
 * force-directed layout, emit compact SVG.
 *
 * The layout is Fruchterman & Reingold's ("Graph Drawing by Force-directed
 * Placement", Software: Practice and Experience 21(11), 1991): pairwise
 * repulsion k²/d, attraction d²/k along edges, a temperature that cools
 * linearly, plus a weak pull to the centre so separate components stay in the
 * frame. At 150 nodes the O(n²) step is ~11k pairs, cheap enough to run in the
 * report for every campaign; it is seeded from the node ids so the same graph
 * always gets the same picture.
 */
import type { VerdictKind } from '../contract/types.js';
import type { ReportEdge, ReportNode } from './types.js';
import { clean, html, num, score01 } from './escape.js';
import { fnv1a } from '../util/hash.js';

export interface LayoutOptions {
  /** nodes drawn at most; the best connected are kept (default 150) */
  maxNodes?: number;
  /** edges drawn at most (default 450) */
  maxEdges?: number;
  /** edges read at most from the input (default 200,000) */
  maxEdgesRead?: number;
  iterations?: number;
  width?: number;
  height?: number;
}

export interface PlacedNode {
  id: string;
  verdict: VerdictKind;
  score: number;
  degree: number;
  x: number;
  y: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  /** indices into `nodes`, the kind that links them most strongly and, when known, the key behind it */
  edges: { a: number; b: number; kind: string; weight: number; key?: { kind: string; value: string } }[];
  /** nodes / distinct links of the input left out of the drawing */
  hiddenNodes: number;
  hiddenEdges: number;
  /** how many input edges of each kind (all of them, not only those drawn), largest first */
  kinds: [string, number][];
  /** how many drawn links each kind of key is behind (`IP range`, `payment instrument`, ...), largest first */
  keys: [string, number][];
  width: number;
  height: number;
}

const VERDICT_RANK: Record<string, number> = { block: 2, review: 1, allow: 0 };
/** Pull towards the centre, comparable to the summed repulsion on a node. */
const GRAVITY = 2;

function normKind(k: unknown): string {
  const s = clean(k, 24).toLowerCase();
  return s === '' ? 'other' : s;
}

/**
 * Chooses up to `maxNodes` nodes and `maxEdges` edges of a graph and places
 * them in a `width`×`height` box. Nodes are kept by weighted degree (then
 * score), so the core of a campaign is what gets drawn; every drawn node keeps
 * its strongest drawn link before the remaining links are filled in by weight.
 */
export function layoutGraph(graph: { nodes: ReportNode[]; edges: ReportEdge[] } | undefined, opts: LayoutOptions = {}): GraphLayout {
  const maxNodes = opts.maxNodes ?? 150;
  const maxEdges = opts.maxEdges ?? 450;
  const maxRead = opts.maxEdgesRead ?? 200_000;
  const width = opts.width ?? 560, height = opts.height ?? 400;
  const inNodes = Array.isArray(graph?.nodes) ? graph!.nodes : [];
  const inEdges = Array.isArray(graph?.edges) ? graph!.edges : [];

  // Index the nodes (first occurrence of an id wins).
  const index = new Map<string, number>();
  const all: { id: string; verdict: VerdictKind; score: number; degree: number }[] = [];
  for (const n of inNodes) {
    if (!n || typeof n.id !== 'string' || index.has(n.id)) continue;
    const verdict: VerdictKind = n.verdict === 'block' || n.verdict === 'review' ? n.verdict : 'allow';
    index.set(n.id, all.length);
    all.push({ id: n.id, verdict, score: score01(n.score), degree: 0 });
  }

  // One link per pair: weights add up for the layout, the strongest kind names it.
  const kindCount = new Map<string, number>();
  const pairs = new Map<string, { a: number; b: number; weight: number; kind: string; kindW: number; key?: { kind: string; value: string } }>();
  const read = Math.min(inEdges.length, maxRead);
  for (let i = 0; i < read; i++) {
    const e = inEdges[i];
    if (!e) continue;
    const a = index.get(e.source), b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    const kind = normKind(e.kind);
    const w = Math.max(0, num(e.weight, 1)) || 0;
    if (w <= 0) continue;
    const k = e.key && typeof e.key === 'object' ? { kind: clean(e.key.kind, 40), value: clean(e.key.value, 80) } : undefined;
    kindCount.set(kind, (kindCount.get(kind) ?? 0) + 1);
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    const p = pairs.get(key);
    if (p) {
      p.weight += w;
      if (w > p.kindW) { p.kind = kind; p.kindW = w; p.key = k ?? p.key; }
    } else {
      pairs.set(key, { a: Math.min(a, b), b: Math.max(a, b), weight: w, kind, kindW: w, key: k });
    }
    all[a]!.degree += w;
    all[b]!.degree += w;
  }
  const skipped = inEdges.length - read;
  if (skipped > 0) kindCount.set('unread', skipped);

  // Keep the best connected nodes, then the flagged, then the highest scored.
  const order = all.map((_, i) => i).sort((x, y) =>
    all[y]!.degree - all[x]!.degree || VERDICT_RANK[all[y]!.verdict]! - VERDICT_RANK[all[x]!.verdict]! || all[y]!.score - all[x]!.score || (all[x]!.id < all[y]!.id ? -1 : 1));
  const keep = order.slice(0, maxNodes);
  const newIndex = new Map<number, number>();
  keep.forEach((old, i) => newIndex.set(old, i));

  const candidates = [...pairs.values()].filter((p) => newIndex.has(p.a) && newIndex.has(p.b))
    .sort((x, y) => y.weight - x.weight);
  const chosen = new Set<typeof candidates[number]>();
  const hasEdge = new Uint8Array(keep.length);
  for (const p of candidates) {
    if (chosen.size >= maxEdges) break;
    const a = newIndex.get(p.a)!, b = newIndex.get(p.b)!;
    if (!hasEdge[a] || !hasEdge[b]) { chosen.add(p); hasEdge[a] = 1; hasEdge[b] = 1; }
  }
  for (const p of candidates) {
    if (chosen.size >= maxEdges) break;
    chosen.add(p);
  }
  const edges = [...chosen].map((p) => ({ a: newIndex.get(p.a)!, b: newIndex.get(p.b)!, kind: p.kind, weight: p.weight, ...(p.key ? { key: p.key } : {}) }));
  const keyCount = new Map<string, number>();
  for (const e of edges) if (e.key) keyCount.set(e.key.kind, (keyCount.get(e.key.kind) ?? 0) + 1);

  const nodes: PlacedNode[] = keep.map((old) => ({ ...all[old]!, x: 0, y: 0 }));
  place(nodes, edges, width, height, opts.iterations ?? 150);

  return {
    nodes,
    edges,
    hiddenNodes: all.length - nodes.length,
    hiddenEdges: pairs.size - edges.length,
    kinds: [...kindCount.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)),
    keys: [...keyCount.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)),
    width,
    height,
  };
}

function place(nodes: PlacedNode[], edges: { a: number; b: number; weight: number }[], width: number, height: number, iterations: number): void {
  const n = nodes.length;
  if (n === 0) return;
  const margin = 14;
  if (n === 1) { nodes[0]!.x = width / 2; nodes[0]!.y = height / 2; return; }
  // Work in a unit square; scale at the end.
  const x = new Float64Array(n), y = new Float64Array(n);
  const dx = new Float64Array(n), dy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // only needs to spread ids over the starting positions: the first 256 code units do
    const h = fnv1a(nodes[i]!.id.slice(0, 256));
    x[i] = (h & 0xffff) / 0xffff;
    y[i] = (h >>> 16) / 0xffff;
  }
  const k = Math.sqrt(1 / n);
  const k2 = k * k;
  const maxW = Math.max(...edges.map((e) => e.weight), 1e-9);
  // Edge pull in proportion to weight, so strong links (a shared card) form
  // visible clusters while weak ones (a shared template) still hold them near.
  const ew = edges.map((e) => 0.08 + 0.92 * (e.weight / maxW));
  let t = 0.1;
  const cool = t / (iterations + 1);
  for (let it = 0; it < iterations; it++) {
    dx.fill(0); dy.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!, yi = y[i]!;
      let fx = 0, fy = 0;
      for (let j = i + 1; j < n; j++) {
        let ddx = xi - x[j]!, ddy = yi - y[j]!;
        let d2 = ddx * ddx + ddy * ddy;
        if (d2 < 1e-12) { ddx = 1e-4 * ((i % 7) - 3 || 1); ddy = 1e-4 * ((j % 5) - 2 || 1); d2 = ddx * ddx + ddy * ddy; }
        const f = k2 / d2; // (k²/d) along the unit vector = k²/d² times the offset
        const px = ddx * f, py = ddy * f;
        fx += px; fy += py;
        dx[j] -= px; dy[j] -= py;
      }
      dx[i] += fx; dy[i] += fy;
    }
    for (let e = 0; e < edges.length; e++) {
      const { a, b } = edges[e]!;
      const ddx = x[a]! - x[b]!, ddy = y[a]! - y[b]!;
      const d = Math.sqrt(ddx * ddx + ddy * ddy) + 1e-9;
      const f = (d / k) * ew[e]!; // (d²/k) along the unit vector
      dx[a] -= ddx * f; dy[a] -= ddy * f;
      dx[b] += ddx * f; dy[b] += ddy * f;
    }
    for (let i = 0; i < n; i++) {
      // Gravity keeps components without links to the rest from drifting off.
      dx[i] += (0.5 - x[i]!) * GRAVITY;
      dy[i] += (0.5 - y[i]!) * GRAVITY;
      const len = Math.sqrt(dx[i]! * dx[i]! + dy[i]! * dy[i]!) + 1e-12;
      const step = Math.min(len, t);
      x[i] += (dx[i]! / len) * step;
      y[i] += (dy[i]! / len) * step;
    }
    t -= cool;
  }
  // Fit to the box, keeping the aspect ratio of the layout.
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]!); maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!); maxY = Math.max(maxY, y[i]!);
  }
  const sx = (width - 2 * margin) / Math.max(maxX - minX, 1e-9);
  const sy = (height - 2 * margin) / Math.max(maxY - minY, 1e-9);
  const s = Math.min(sx, sy);
  const ox = (width - (maxX - minX) * s) / 2, oy = (height - (maxY - minY) * s) / 2;
  for (let i = 0; i < n; i++) {
    nodes[i]!.x = ox + (x[i]! - minX) * s;
    nodes[i]!.y = oy + (y[i]! - minY) * s;
  }
}

/** Colours of the link kinds; unknown kinds share the last. Chosen to stay apart for common colour blindness. */
const KIND_COLOURS: Record<string, string> = {
  // the linkage's edge families (src/linkage/types.ts EdgeKind)
  identity: '#7b3294',
  infrastructure: '#0571b0',
  content: '#d95f02',
  client: '#7f6000',
  // finer kinds
  payment: '#7b3294',
  ip: '#0571b0',
  subnet: '#0571b0',
  template: '#d95f02',
  timing: '#1b9e77',
  sync: '#1b9e77',
  email: '#c51b7d',
  ua: '#7f6000',
  signup: '#e7298a',
  retry: '#66a61e',
};
const OTHER_COLOUR = '#8c8c8c';

export function kindColour(kind: string): string {
  return KIND_COLOURS[kind] ?? OTHER_COLOUR;
}

function r1(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/**
 * The SVG of a laid-out graph: edges as one path per kind, nodes as circles
 * coloured by verdict with the account id and score in a <title>. `hrefOf`
 * gives an in-page anchor for an account that has its own card.
 */
export function graphSvg(g: GraphLayout, hrefOf: (id: string) => string | undefined = () => undefined): string {
  if (g.nodes.length === 0) return '';
  // one path per key (or per kind, for links whose key is not known): hovering a line names what its accounts share
  const byKey = new Map<string, { kind: string; title: string; d: string }>();
  for (const e of g.edges) {
    const a = g.nodes[e.a]!, b = g.nodes[e.b]!;
    const title = e.key ? `shared ${e.key.kind} ${e.key.value} (${e.kind})` : `${e.kind} link`;
    const id = `${e.kind}\u0000${title}`;
    const p = byKey.get(id) ?? byKey.set(id, { kind: e.kind, title, d: '' }).get(id)!;
    p.d += `M${r1(a.x)} ${r1(a.y)}L${r1(b.x)} ${r1(b.y)}`;
  }
  let edges = '';
  for (const p of byKey.values()) edges += `<path class="edge" stroke="${kindColour(p.kind)}" d="${p.d}"><title>${html(p.title)}</title></path>`;
  let nodes = '';
  for (const n of g.nodes) {
    const rad = 3.2 + 3 * n.score;
    const title = `<title>${html(clean(n.id, 80))}: ${n.verdict}, score ${n.score.toFixed(2)}</title>`;
    const circle = `<circle class="n-${n.verdict}" cx="${r1(n.x)}" cy="${r1(n.y)}" r="${r1(rad)}">${title}</circle>`;
    const href = hrefOf(n.id);
    nodes += href ? `<a href="#${href}">${circle}</a>` : circle;
  }
  const flagged = g.nodes.filter((n) => n.verdict !== 'allow').length;
  const desc = `Account graph: ${g.nodes.length} accounts drawn (${flagged} flagged), ${g.edges.length} links` +
    (g.hiddenNodes > 0 ? `; ${g.hiddenNodes} more accounts not drawn` : '');
  return `<svg class="graph" viewBox="0 0 ${g.width} ${g.height}" width="${g.width}" height="${g.height}" role="img" aria-label="${html(desc)}"><title>${html(desc)}</title><g class="edges">${edges}</g><g class="nodes">${nodes}</g></svg>`;
}
