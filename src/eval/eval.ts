/**
 * `eval`: score a scan's verdicts against a labelled world (contract §4), and
 * run the baseline defences over the same logs, in one streaming pass.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseTimestamp } from '../contract/parse.js';
import type { Label, Verdict, VerdictKind } from '../contract/types.js';
import { createAnomalyBaseline, type AnomalyConfig } from './baselines/anomaly.js';
import { type Baseline, DAY_MS } from './baselines/baseline.js';
import { createPradaBaseline, type PradaConfig } from './baselines/prada.js';
import { createRateLimitBaseline, type RateLimitConfig } from './baselines/ratelimit.js';
import { computeMetrics, histogram, type SystemMetrics } from './metrics.js';
import { type BadLine, readExchanges, readJsonl, reorder, worldLogFiles } from './read.js';

export interface EvalOptions {
  /** the simulated world: logs.jsonl[.gz|.zst], labels.jsonl, optional accounts.jsonl, manifest.json */
  world: string;
  /** the scan output: verdicts.jsonl, optional campaigns.json */
  verdicts: string;
  /** baselines to run; default: the three standard ones; [] runs none */
  baselines?: Baseline[];
  /** reorder window for mostly-ordered logs (default 5 minutes, as contract §1 allows) */
  reorderWindowMs?: number;
  /** called every `progressEvery` exchanges */
  onProgress?: (exchanges: number) => void;
  progressEvery?: number;
}

export interface BaselineResult extends SystemMetrics {
  summary: string;
}

export interface EvalReport extends SystemMetrics {
  world: string;
  verdictsDir: string;
  scenario: string | null;
  exchanges: number;
  badLines: number;
  lateExchanges: number;
  labelledAccounts: number;
  verdictAccounts: number;
  /** labelled accounts that have no verdict: counted as not flagged */
  labelledWithoutVerdict: number;
  /** verdict accounts absent from the labels: left out of every metric */
  verdictsWithoutLabel: number;
  /** campaigns the scan reported in campaigns.json, or null when the file is absent */
  reportedCampaigns: number | null;
  /** per persona, counts of our verdict scores in 20 bins over [0, 1] */
  scoreHistogram: Record<string, number[]>;
  baselines: BaselineResult[];
  /** things that were wrong with the inputs, worst first; capped */
  problems: string[];
}

/** The standard baselines, each with its documented defaults. */
export function defaultBaselines(cfg: { rateLimit?: RateLimitConfig; anomaly?: AnomalyConfig; prada?: PradaConfig } = {}): Baseline[] {
  return [createRateLimitBaseline(cfg.rateLimit), createAnomalyBaseline(cfg.anomaly), createPradaBaseline(cfg.prada)];
}

/**
 * Checks that the inputs exist; returns a message naming the first missing one, or null.
 */
export function checkEvalInputs(world: string, verdicts: string): string | null {
  if (!existsSync(world) || !statSync(world).isDirectory()) return `world directory not found: ${world}`;
  if (!existsSync(verdicts) || !statSync(verdicts).isDirectory()) return `verdicts directory not found: ${verdicts}`;
  if (worldLogFiles(world).length === 0) return `no exchange log in the world: expected ${join(world, 'logs.jsonl')} (or .jsonl.gz / .jsonl.zst)`;
  const labels = join(world, 'labels.jsonl');
  if (!existsSync(labels)) return `labels file not found: ${labels}`;
  const v = join(verdicts, 'verdicts.jsonl');
  if (!existsSync(v)) return `verdicts file not found: ${v}`;
  return null;
}

const VERDICTS = new Set<VerdictKind>(['allow', 'review', 'block']);

export function parseLabel(v: unknown): Label | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'a label must be a JSON object';
  const o = v as Record<string, unknown>;
  if (typeof o.account_id !== 'string' || o.account_id === '') return 'missing or non-string "account_id"';
  if (o.label !== 'benign' && o.label !== 'campaign') return `"label" must be "benign" or "campaign", got ${JSON.stringify(o.label)}`;
  if (o.campaign_id !== undefined && o.campaign_id !== null && typeof o.campaign_id !== 'string') return '"campaign_id" must be a string or null';
  if (o.persona !== undefined && typeof o.persona !== 'string') return '"persona" must be a string';
  return {
    account_id: o.account_id,
    label: o.label,
    campaign_id: (o.campaign_id as string | null | undefined) ?? null,
    persona: (o.persona as string | undefined) || (o.label === 'campaign' ? 'campaign' : 'benign'),
  };
}

interface ParsedVerdict {
  v: Pick<Verdict, 'account_id' | 'verdict' | 'score' | 'campaign_id'>;
  flaggedMs: number | undefined;
}

function parseVerdict(x: unknown): ParsedVerdict | string {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'a verdict must be a JSON object';
  const o = x as Record<string, unknown>;
  if (typeof o.account_id !== 'string' || o.account_id === '') return 'missing or non-string "account_id"';
  if (typeof o.verdict !== 'string' || !VERDICTS.has(o.verdict as VerdictKind)) return `"verdict" must be allow, review or block, got ${JSON.stringify(o.verdict)}`;
  if (typeof o.score !== 'number' || !Number.isFinite(o.score)) return '"score" must be a number';
  let flaggedMs: number | undefined;
  if (o.flagged_at !== null && o.flagged_at !== undefined) {
    if (typeof o.flagged_at !== 'string') return '"flagged_at" must be a string or null';
    flaggedMs = parseTimestamp(o.flagged_at);
    if (Number.isNaN(flaggedMs)) return `"flagged_at" is not an RFC 3339 timestamp: ${JSON.stringify(o.flagged_at.slice(0, 40))}`;
  }
  const campaign_id = typeof o.campaign_id === 'string' ? o.campaign_id : null;
  return { v: { account_id: o.account_id, verdict: o.verdict as VerdictKind, score: o.score, campaign_id }, flaggedMs };
}

const MAX_PROBLEMS = 30;

/**
 * Runs the evaluation. Never throws on bad input: what was wrong is listed in `problems`.
 *
 * @example const r = await runEval({ world: 'w/', verdicts: 'out/' }); r.accountRecall
 */
export async function runEval(opts: EvalOptions): Promise<EvalReport> {
  const problems: string[] = [];
  let extraProblems = 0;
  const problem = (s: string) => { if (problems.length < MAX_PROBLEMS) problems.push(s); else extraProblems++; };
  let badLines = 0;
  const onBad = (b: BadLine) => { badLines++; problem(`${b.file}:${b.line}: ${b.reason}`); };

  const labelList = await readJsonl(join(opts.world, 'labels.jsonl'), parseLabel, onBad).catch((e: Error) => { problem(e.message); return [] as Label[]; });
  const labels = new Map<string, Label>();
  for (const l of labelList) {
    if (labels.has(l.account_id)) problem(`labels.jsonl: account ${l.account_id} is labelled twice; the last label is used`);
    labels.set(l.account_id, l);
  }

  const verdictList = await readJsonl(join(opts.verdicts, 'verdicts.jsonl'), parseVerdict, onBad).catch((e: Error) => { problem(e.message); return [] as ParsedVerdict[]; });
  const verdicts = new Map<string, ParsedVerdict>();
  let withoutLabel = 0;
  for (const pv of verdictList) {
    if (verdicts.has(pv.v.account_id)) problem(`verdicts.jsonl: account ${pv.v.account_id} has two verdicts; the last is used`);
    verdicts.set(pv.v.account_id, pv);
  }
  for (const id of verdicts.keys()) {
    if (!labels.has(id)) {
      withoutLabel++;
      problem(`verdicts.jsonl: account ${id} has a verdict but no label in labels.jsonl; left out of the metrics`);
    }
  }
  let withoutVerdict = 0;
  for (const id of labels.keys()) if (!verdicts.has(id)) withoutVerdict++;

  const isFlaggedOurs = (id: string) => { const v = verdicts.get(id)?.v.verdict; return v === 'review' || v === 'block'; };
  // Leakage stops at flagged_at. A flagged verdict without flagged_at cannot say when it acted: all its exchanges leak.
  const ourFlagMs = (id: string): number | undefined => verdicts.get(id)?.flaggedMs;
  let flaggedNoTime = 0;
  for (const [id, pv] of verdicts) if (isFlaggedOurs(id) && pv.flaggedMs === undefined) flaggedNoTime++;
  if (flaggedNoTime > 0) problem(`${flaggedNoTime} flagged verdict(s) have flagged_at null; their exchanges all count as leaked`);
  let allowWithTime = 0;
  for (const [id, pv] of verdicts) if (!isFlaggedOurs(id) && pv.flaggedMs !== undefined) allowWithTime++;
  // Contract §3: flagged_at is when the account was first flagged; a later "allow" does not un-serve anything, so leakage still stops there.
  if (allowWithTime > 0) problem(`${allowWithTime} verdict(s) are "allow" but carry a flagged_at; they count as not flagged for recall, and leakage stops at flagged_at`);

  let reportedCampaigns: number | null = null;
  const cpath = join(opts.verdicts, 'campaigns.json');
  if (existsSync(cpath)) {
    try {
      const c = JSON.parse(readFileSync(cpath, 'utf8'));
      if (Array.isArray(c)) reportedCampaigns = c.length;
      else problem(`${cpath}: not a JSON array`);
    } catch (e) {
      problem(`${cpath}: ${(e as Error).message}`);
    }
  } else problem(`${cpath} not found; campaigns reported by the scan are unknown`);

  let scenario: string | null = null;
  const mpath = join(opts.world, 'manifest.json');
  if (existsSync(mpath)) {
    try {
      const m = JSON.parse(readFileSync(mpath, 'utf8'));
      if (m && typeof m.scenario === 'string') scenario = m.scenario;
    } catch (e) {
      problem(`${mpath}: ${(e as Error).message}`);
    }
  }

  const baselines = opts.baselines ?? defaultBaselines();
  const systems = 1 + baselines.length;
  const exchanges = new Map<string, number>();
  const leaked: Map<string, number>[] = Array.from({ length: systems }, () => new Map());
  const byDay: Map<number, [number, number]>[] = Array.from({ length: systems }, () => new Map());
  const unlabelledInLogs = new Set<string>();
  const lateStats = { late: 0 };
  let n = 0;
  const every = opts.progressEvery ?? 100_000;

  const files = worldLogFiles(opts.world);
  for await (const ex of reorder(readExchanges(files, onBad), opts.reorderWindowMs ?? 5 * 60_000, lateStats)) {
    n++;
    if (opts.onProgress && n % every === 0) opts.onProgress(n);
    // Baselines see every exchange, labelled or not: they run on the same logs the scan did.
    for (const b of baselines) b.observe(ex);
    const id = ex.account_id;
    const lab = labels.get(id);
    if (!lab) {
      if (unlabelledInLogs.size < 1_000_000) unlabelledInLogs.add(id);
      continue;
    }
    exchanges.set(id, (exchanges.get(id) ?? 0) + 1);
    if (lab.label !== 'campaign') continue;
    const day = Math.floor(ex.tsMs / DAY_MS);
    for (let s = 0; s < systems; s++) {
      const at = s === 0 ? ourFlagMs(id) : baselines[s - 1].flagged.get(id);
      const isLeak = at === undefined || ex.tsMs < at;
      if (isLeak) leaked[s].set(id, (leaked[s].get(id) ?? 0) + 1);
      let d = byDay[s].get(day);
      if (!d) { d = [0, 0]; byDay[s].set(day, d); }
      d[0]++;
      if (isLeak) d[1]++;
    }
  }
  for (const b of baselines) b.finish();
  if (withoutVerdict > 0) {
    let silent = 0;
    for (const id of labels.keys()) if (!verdicts.has(id) && !exchanges.has(id)) silent++;
    problem(`${withoutVerdict} labelled account(s) have no verdict (${silent} of them sent no exchange); they count as not flagged`);
  }
  if (unlabelledInLogs.size > 0) problem(`${unlabelledInLogs.size} account(s) in the logs have no label; their exchanges are left out of leakage`);
  if (n === 0) problem('the logs held no valid exchange');

  const ours = computeMetrics({ name: 'distillguard', labels: labels.values(), isFlagged: isFlaggedOurs, exchanges, leaked: leaked[0], byDay: byDay[0] });
  const baselineResults: BaselineResult[] = baselines.map((b, i) => ({
    ...computeMetrics({ name: b.name, labels: labels.values(), isFlagged: (id) => b.flagged.has(id), exchanges, leaked: leaked[i + 1], byDay: byDay[i + 1] }),
    summary: b.summary,
  }));

  const scores = new Map<string, number[]>();
  for (const [id, l] of labels) {
    const v = verdicts.get(id);
    const s = v ? v.v.score : 0;
    let arr = scores.get(l.persona);
    if (!arr) { arr = []; scores.set(l.persona, arr); }
    arr.push(s);
  }
  const scoreHistogram: Record<string, number[]> = {};
  for (const [p, arr] of [...scores].sort((a, b) => a[0].localeCompare(b[0]))) scoreHistogram[p] = histogram(arr);

  if (extraProblems > 0) problems.push(`... and ${extraProblems} more`);
  return {
    ...ours,
    world: opts.world,
    verdictsDir: opts.verdicts,
    scenario,
    exchanges: n,
    badLines,
    lateExchanges: lateStats.late,
    labelledAccounts: labels.size,
    verdictAccounts: verdicts.size,
    labelledWithoutVerdict: withoutVerdict,
    verdictsWithoutLabel: withoutLabel,
    reportedCampaigns,
    scoreHistogram,
    baselines: baselineResults,
    problems,
  };
}
