/**
 * Fills a `ReportData` from what a scan has at its end: the engine (its
 * accounts, verdicts, campaigns and their graphs), the scan's figures and,
 * when the scan recorded one, an `ActivityRecorder`. The engine is described
 * here by shape, not imported, so the report does not depend on the engine's
 * internals and can be fed by the console or a test the same way.
 */
import type { Campaign, Verdict, VerdictKind } from '../contract/types.js';
import type { ActivityRecorder } from './activity.js';
import { scoreHistogram } from './html.js';
import type { EvidenceSample, ReportAccount, ReportCampaign, ReportData, ReportDetector, ReportEdge, ReportNode } from './types.js';

/** What the report reads of one account's engine state (`AccountState` fits). */
export interface AccountView {
  id: string;
  n: number;
  firstMs: number;
  lastMs: number;
  /** exchanges per UTC hour of day */
  hours?: ArrayLike<number>;
  evidence?: { ts: string; excerpt: string; intents?: string[] | Record<string, number> }[];
  score: number;
  verdict: VerdictKind;
}

/** What the report reads of the engine (`Engine` fits). */
export interface EngineView {
  readonly accounts: ReadonlyMap<string, AccountView>;
  /** the account's verdict with its reasons (built on demand: the report needs few) */
  verdictOf(s: AccountView): Verdict;
  campaignList(): Campaign[];
  /** clusters of one organisation's seats, not campaigns (see ReportData.organisations) */
  organisationList?(): Campaign[];
  /** campaign findings with the linkage's graph, when it draws one */
  campaignFindings?(): { campaignId: string; graph?: unknown }[];
  /** the strongest key two accounts share, to name a drawn link */
  sharedKey?(a: string, b: string, group?: string): { kind: string; value: string } | null;
}

/** The scan's own figures (`ScanSummary` of src/engine/scan.ts fits). */
export interface ScanFigures {
  files: string[];
  exchanges: number;
  accounts: number;
  review: number;
  block: number;
  quarantined: number;
  late?: number;
  withoutText?: number;
  elapsedMs: number;
  firstTs: string | null;
  lastTs: string | null;
  peakRssBytes?: number;
}

export interface BuildOptions {
  scan: ScanFigures;
  engine: EngineView;
  thresholds: { review: number; block: number };
  activity?: ActivityRecorder;
  detectors?: readonly ReportDetector[];
  tool?: string;
  /** as the reader should find it, e.g. "out/quarantine.jsonl" */
  quarantinePath?: string;
  outputs?: string[];
  /** defaults to now */
  generatedAt?: string;
  /** flagged accounts passed on at most (the page lists 1,000 and draws 100) */
  maxAccounts?: number;
}

const RANK: Record<string, number> = { block: 2, review: 1, allow: 0 };

/**
 * Builds the report's data from the end state of a scan.
 *
 * @example
 *   const data = buildReportData({ scan: summary, engine, thresholds: { review: 0.6, block: 0.85 }, activity });
 *   await writeFile(join(out, 'report.html'), renderReport(data));
 */
export function buildReportData(o: BuildOptions): ReportData {
  const maxAccounts = o.maxAccounts ?? 1200;
  // Ranked on the engine's state; full verdicts (with their reasons) only for the accounts shown.
  const ranked = [...o.engine.accounts.values()].sort((a, b) => RANK[b.verdict]! - RANK[a.verdict]! || b.score - a.score || (a.id < b.id ? -1 : 1));
  let nFlagged = 0;
  while (nFlagged < ranked.length && ranked[nFlagged]!.verdict !== 'allow') nFlagged++;
  // The flagged ones, plus the highest scored of the rest (the page shows
  // those "just under the threshold" when nothing was flagged).
  const chosen = ranked.slice(0, Math.min(nFlagged, maxAccounts)).concat(ranked.slice(nFlagged, nFlagged + 10));
  const accounts: ReportAccount[] = chosen.map((s) => account(o.engine.verdictOf(s), s, o.activity));

  const findings = new Map<string, unknown>();
  for (const f of o.engine.campaignFindings?.() ?? []) findings.set(f.campaignId, f.graph);
  const campaigns: ReportCampaign[] = o.engine.campaignList().map((c) => ({
    campaign: c,
    graph: graphOf(findings.get(c.campaign_id), o.engine.accounts, c.accounts, o.engine.sharedKey?.bind(o.engine)),
    activity: o.activity?.sum(c.accounts),
  }));

  return {
    generatedAt: o.generatedAt ?? new Date().toISOString(),
    tool: o.tool,
    scan: {
      inputs: o.scan.files,
      firstTs: o.scan.firstTs,
      lastTs: o.scan.lastTs,
      exchanges: o.scan.exchanges,
      accounts: o.scan.accounts,
      review: o.scan.review,
      block: o.scan.block,
      quarantined: o.scan.quarantined,
      quarantinePath: o.quarantinePath,
      lateLines: o.scan.late,
      withoutText: o.scan.withoutText,
      elapsedMs: o.scan.elapsedMs,
      peakMemoryBytes: o.scan.peakRssBytes,
      outputs: o.outputs,
    },
    thresholds: o.thresholds,
    campaigns,
    organisations: o.engine.organisationList?.(),
    accounts,
    scoreHistogram: scoreHistogram(ranked.map((s) => s.score)),
    activity: o.activity?.total(),
    detectors: o.detectors?.map((d) => ({ id: d.id, summary: d.summary, evadedBy: d.evadedBy, falselyFlags: d.falselyFlags })),
  };
}

function account(v: Verdict, s: AccountView, activity: ActivityRecorder | undefined): ReportAccount {
  const evidence: EvidenceSample[] = (s.evidence ?? []).map((e) => ({ ts: e.ts, excerpt: e.excerpt, intents: e.intents }));
  return {
    verdict: v,
    exchanges: s.n,
    firstSeen: s.n > 0 ? new Date(s.firstMs).toISOString() : undefined,
    lastSeen: s.n > 0 ? new Date(s.lastMs).toISOString() : undefined,
    evidence,
    activity: activity?.account(v.account_id),
    hourOfDay: s.hours,
  };
}

/**
 * The linkage's graph (`{ nodes: [{id, score}], edges: [{source, target, kind, weight}] }`)
 * with each node's verdict from the engine, cut to the campaign as listed (the
 * linkage drew its cluster as of a sweep; members placed elsewhere since are
 * not the campaign's), each link named by the key behind it when the engine
 * can say; when the linkage drew none, the members alone (no links) so the
 * page still shows who is in it.
 */
export function graphOf(g: unknown, states: ReadonlyMap<string, AccountView>, members: string[], keyOf?: (a: string, b: string, group?: string) => { kind: string; value: string } | null): { nodes: ReportNode[]; edges: ReportEdge[] } | undefined {
  const verdictOf = (id: string): VerdictKind => states.get(id)?.verdict ?? 'allow';
  const scoreOf = (id: string, fallback?: number): number => states.get(id)?.score ?? fallback ?? 0;
  const inCampaign = new Set(members);
  if (g && typeof g === 'object' && Array.isArray((g as { nodes?: unknown }).nodes)) {
    const raw = g as { nodes: { id?: unknown; score?: unknown }[]; edges?: unknown };
    const nodes: ReportNode[] = [];
    const drawn = new Set<string>();
    for (const n of raw.nodes) {
      if (!n || typeof n.id !== 'string' || !inCampaign.has(n.id) || drawn.has(n.id)) continue;
      drawn.add(n.id);
      nodes.push({ id: n.id, verdict: verdictOf(n.id), score: scoreOf(n.id, typeof n.score === 'number' ? n.score : undefined) });
    }
    // members the linkage did not draw are nodes too, so the graph counts the campaign's accounts
    for (const id of members) if (!drawn.has(id)) nodes.push({ id, verdict: verdictOf(id), score: scoreOf(id) });
    const edges: ReportEdge[] = [];
    for (const e of Array.isArray(raw.edges) ? (raw.edges as Record<string, unknown>[]) : []) {
      if (!e || typeof e.source !== 'string' || typeof e.target !== 'string') continue;
      if (!inCampaign.has(e.source) || !inCampaign.has(e.target)) continue;
      const kind = typeof e.kind === 'string' ? e.kind : 'other';
      const k = keyOf?.(e.source, e.target, kind);
      edges.push({ source: e.source, target: e.target, kind, weight: typeof e.weight === 'number' ? e.weight : 1, ...(k ? { key: k } : {}) });
    }
    return { nodes, edges };
  }
  if (members.length === 0) return undefined;
  return { nodes: members.map((id) => ({ id, verdict: verdictOf(id), score: scoreOf(id) })), edges: [] };
}
