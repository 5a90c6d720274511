/**
 * A campaign's accounts as a graph: sigma.js (WebGL) drawing a graphology
 * graph. Nodes are coloured by verdict; each edge is labelled with the keys
 * that link the pair (payment, ip, template, ...). Clicking an account opens it.
 *
 * The placement is the report's (src/report/layout.ts): the same seeded
 * force-directed layout, the same choice of the best connected accounts when a
 * campaign is too big to draw whole, so the console and the report show one picture.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { UndirectedGraph } from 'graphology';
import Sigma from 'sigma';
import { kindColour, layoutGraph } from '../../../src/report/layout.js';
import type { GraphEdge, GraphNode } from '../api';
import { Empty, fmtInt } from '../ui';

/** Accounts drawn at most: above this the O(n²) layout step costs more than the page's 2 s budget on a slow laptop. */
const MAX_NODES = 400;
const MAX_EDGES = 1500;
/** Above this many links, labelling them all hides the graph: only the pointed-at account's links are labelled. */
const LABEL_ALL_EDGES = 24;

export const VERDICT_COLOURS = { block: '#c62828', review: '#e08a00', allow: '#5c6b7a' } as const;

export function AccountGraph({ nodes, edges }: { nodes: GraphNode[]; edges: GraphEdge[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const drawn = useMemo(() => {
    const t0 = performance.now();
    const layout = layoutGraph(
      { nodes, edges: edges.map((e) => ({ source: e.source, target: e.target, kind: e.key, weight: e.weight })) },
      { maxNodes: MAX_NODES, maxEdges: MAX_EDGES, width: 1000, height: 700, iterations: nodes.length > 200 ? 80 : 150 },
    );
    // Every key that links a pair, not only the strongest, names its edge.
    const keysOf = new Map<string, Set<string>>();
    for (const e of edges) {
      const k = e.source < e.target ? `${e.source}\u0000${e.target}` : `${e.target}\u0000${e.source}`;
      let s = keysOf.get(k);
      if (!s) keysOf.set(k, (s = new Set()));
      s.add(e.key || 'other');
    }
    const g = new UndirectedGraph();
    const dense = layout.edges.length > 3 * layout.nodes.length;
    for (const n of layout.nodes) {
      g.addNode(n.id, {
        x: n.x, y: -n.y, // sigma's y axis points up
        size: 4 + 6 * n.score,
        color: VERDICT_COLOURS[n.verdict],
        label: n.id,
      });
    }
    for (const e of layout.edges) {
      const a = layout.nodes[e.a]!.id, b = layout.nodes[e.b]!.id;
      const k = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
      const keys = [...(keysOf.get(k) ?? [e.kind])];
      // in a dense campaign (every pair shares a template) thin, see-through links keep the accounts readable
      g.mergeEdge(a, b, dense
        ? { label: keys.join(' + '), color: `${kindColour(e.kind)}66`, size: 0.6 }
        : { label: keys.join(' + '), color: kindColour(e.kind), size: 1 + Math.min(3, e.weight / 2) });
    }
    performance.measure('graph: layout', { start: t0 }); // read by bench/console.ts
    return { g, layout };
  }, [nodes, edges]);

  useEffect(() => {
    const el = box.current;
    if (!el || drawn.g.order === 0) return;
    let sigma: Sigma | null = null;
    let hovered: string | null = null;
    let mark = 0;
    const labelAll = drawn.g.size <= LABEL_ALL_EDGES;
    // Sigma starts WebGL (compiling its shaders) in its constructor, which takes
    // hundreds of ms on software GL: it starts after the page's first paint, so
    // the evidence and the accounts table never wait for the graph.
    const start = window.setTimeout(() => {
      const t0 = performance.now();
      try {
        sigma = new Sigma(drawn.g, el, {
          settings: {
            renderEdgeLabels: true,
            labelRenderedSizeThreshold: 6,
            labelDensity: 0.5,
            stagePadding: 24,
          },
          edgeReducer: (edge, data, _attrs, _state, _gs, graph) => {
            if (labelAll) return data;
            if (hovered !== null && graph.hasExtremity(edge, hovered)) return { ...data, size: (data.size ?? 1) + 1 };
            return { ...data, label: '' };
          },
        });
      } catch (e) {
        setFailed((e as Error).message);
        return;
      }
      // what the benchmark reads to say where the time goes
      performance.measure('graph: sigma', { start: t0 });
      // A mark for tests and benchmarks that the first frame is on screen: sigma
      // draws it inside its constructor, so the next animation frame shows it.
      mark = requestAnimationFrame(() => { el.dataset.rendered = 'true'; });
      const s = sigma;
      s.on('clickNode', ({ node }) => { window.location.hash = `#/accounts/${encodeURIComponent(node)}`; });
      s.on('enterNode', ({ node }) => {
        hovered = node;
        el.style.cursor = 'pointer';
        if (!labelAll) s.refresh();
      });
      s.on('leaveNode', () => {
        hovered = null;
        el.style.cursor = '';
        if (!labelAll) s.refresh();
      });
    }, 0);
    return () => { clearTimeout(start); cancelAnimationFrame(mark); sigma?.kill(); delete el.dataset.rendered; };
  }, [drawn]);

  if (nodes.length === 0) return <Empty>No account graph for this campaign.</Empty>;
  const { layout } = drawn;
  const counts = { block: 0, review: 0, allow: 0 };
  for (const n of nodes) counts[n.verdict in counts ? n.verdict : 'allow']++;
  const summary = `${fmtInt(layout.nodes.length)} accounts and ${fmtInt(layout.edges.length)} links drawn`;
  return (
    <figure className="graph">
      {failed
        ? <div className="state error" role="alert">The graph could not be drawn ({failed}); the accounts table below lists the same accounts.</div>
        : <div ref={box} className="graph-canvas" data-testid="graph" role="img"
            aria-label={`Account graph: ${summary}. The accounts table below lists every account.`} />}
      <figcaption>
        <ul className="legend" aria-label="Verdict colours">
          {(['block', 'review', 'allow'] as const).map((v) => (
            <li key={v}><span className="dot" style={{ background: VERDICT_COLOURS[v] }} aria-hidden="true" />{v} ({fmtInt(counts[v])})</li>
          ))}
        </ul>
        <ul className="legend" aria-label="Link keys">
          {layout.kinds.slice(0, 8).map(([k, n]) => (
            <li key={k}><span className="line" style={{ background: kindColour(k) }} aria-hidden="true" />{k} ({fmtInt(n)})</li>
          ))}
        </ul>
        <p className="muted">
          {summary}
          {layout.hiddenNodes > 0 && <>; {fmtInt(layout.hiddenNodes)} less connected accounts left out (all are in the table)</>}
          {layout.hiddenEdges > 0 && <>; {fmtInt(layout.hiddenEdges)} weaker links not drawn</>}.
          {' '}{layout.edges.length > LABEL_ALL_EDGES ? 'Point at an account to name the keys of its links; scroll' : 'Scroll'} to zoom, drag to pan, click an account to open it.
        </p>
      </figcaption>
    </figure>
  );
}
