/**
 * Baseline (b): per-account anomaly detection without cross-account linkage.
 *
 * Each account keeps O(1) running features (volume, tokens, turn structure,
 * hours of activity, inter-arrival regularity, distinct IPs and clients, ...),
 * updated per exchange. At the end of every event-time (UTC) day an isolation
 * forest (Liu, Ting & Zhou 2008; see iforest.ts) is refit on all accounts seen
 * so far and scores the accounts active that day; an account scoring at or
 * above `threshold` is flagged at the day boundary. Nothing from later days is
 * used, so `flagged_at` is what a nightly job would really have produced.
 *
 * Threshold: the paper reads s ≈ 0.5 as "no distinct anomaly" and s near 1 as
 * "definitely an anomaly"; 0.6 sits clearly above the undecided middle.
 *
 * Blind spot: accounts that each look like an ordinary light user (the
 * reported campaign's ~26 requests a day) are not outliers one by one, and
 * heavy legitimate accounts (batch jobs, app back ends) are.
 */
import { z } from 'zod';
import type { Exchange } from '../../contract/types.js';
import { type Baseline, DAY_MS, exchangeTokens } from './baseline.js';
import { mulberry32 } from '../../util/random.js';
import { fitIsolationForest } from './iforest.js';

export const anomalyConfig = z.object({
  name: z.string().default('per-account isolation forest'),
  threshold: z.number().min(0).max(1).default(0.6),
  trees: z.number().int().min(1).default(100),
  sampleSize: z.number().int().min(2).default(256),
  /** below this many accounts seen, a day is not scored (a forest over a handful of points says nothing) */
  minAccounts: z.number().int().min(2).default(32),
  /** accounts with fewer exchanges are not scored: features over a handful of requests are noise, and the lightest users would be "isolated" first */
  minExchanges: z.number().int().min(1).default(20),
  seed: z.number().int().default(1),
});
export type AnomalyConfig = z.input<typeof anomalyConfig>;

const MAX_DISTINCT = 64;
const LONG_GAP_MS = 6 * 3_600_000;

/** Running per-account features, O(1) per account. */
class AccountFeatures {
  n = 0;
  activeDays = 0;
  lastDay = -1;
  firstMs = 0;
  lastMs = 0;
  sumIn = 0;
  sumOut = 0;
  singleTurn = 0;
  sumLogMaxTokens = 0;
  tools = 0;
  nonOk = 0;
  temp0 = 0;
  hours = 0;
  // Welford over inter-arrival gaps shorter than LONG_GAP_MS (gaps across nights say nothing about automation).
  gapN = 0;
  gapMean = 0;
  gapM2 = 0;
  ips = new Set<string>();
  agents = new Set<string>();

  add(ex: Exchange): void {
    const t = ex.tsMs;
    if (this.n === 0) this.firstMs = t;
    else {
      const gap = t - this.lastMs;
      if (gap >= 0 && gap < LONG_GAP_MS) {
        this.gapN++;
        const d = gap - this.gapMean;
        this.gapMean += d / this.gapN;
        this.gapM2 += d * (gap - this.gapMean);
      }
    }
    this.n++;
    this.lastMs = Math.max(this.lastMs, t);
    const day = Math.floor(t / DAY_MS);
    if (day !== this.lastDay) { this.activeDays++; this.lastDay = day; }
    const tok = exchangeTokens(ex);
    this.sumIn += tok.input;
    this.sumOut += tok.output;
    const msgs = ex.request?.messages ?? [];
    let users = 0, others = 0;
    for (const m of msgs) m.role === 'user' ? users++ : others++;
    if (users <= 1 && others === 0) this.singleTurn++;
    this.sumLogMaxTokens += Math.log1p(ex.request?.max_tokens ?? 0);
    if ((ex.request?.tools?.length ?? 0) > 0 || (ex.response?.tool_calls ?? 0) > 0) this.tools++;
    if (ex.status !== undefined && (ex.status < 200 || ex.status >= 300)) this.nonOk++;
    if (ex.request?.temperature === 0) this.temp0++;
    this.hours |= 1 << new Date(t).getUTCHours();
    if (ex.ip && this.ips.size < MAX_DISTINCT) this.ips.add(ex.ip);
    if (ex.user_agent && this.agents.size < MAX_DISTINCT) this.agents.add(ex.user_agent);
  }

  vector(): number[] {
    const n = Math.max(1, this.n);
    const spanDays = Math.max(1, Math.ceil((this.lastMs - this.firstMs + 1) / DAY_MS));
    const gapStd = this.gapN > 1 ? Math.sqrt(this.gapM2 / (this.gapN - 1)) : 0;
    const gapCv = this.gapMean > 0 ? gapStd / this.gapMean : 0;
    return [
      Math.log1p(this.n),
      Math.log1p(this.n / Math.max(1, this.activeDays)),
      Math.log1p(this.sumIn / n),
      Math.log1p(this.sumOut / n),
      Math.log1p(this.sumOut / Math.max(1, this.sumIn)),
      this.singleTurn / n,
      this.sumLogMaxTokens / n,
      popcount(this.hours) / 24,
      gapCv,
      Math.log1p(this.ips.size),
      Math.log1p(this.agents.size),
      this.tools / n,
      this.nonOk / n,
      this.temp0 / n,
      this.activeDays / spanDays,
    ];
  }
}

function popcount(x: number): number {
  let c = 0;
  while (x) { x &= x - 1; c++; }
  return c;
}

/** Creates the per-account isolation-forest baseline. */
export function createAnomalyBaseline(cfg: AnomalyConfig = {}): Baseline {
  const c = anomalyConfig.parse(cfg);
  const accounts = new Map<string, AccountFeatures>();
  const activeToday = new Set<string>();
  const flagged = new Map<string, number>();
  const scores = new Map<string, number>();
  const random = mulberry32(c.seed);
  let day: number | undefined;

  function scoreDay(boundaryMs: number): void {
    if (accounts.size >= c.minAccounts && activeToday.size > 0) {
      const rows: number[][] = [];
      for (const f of accounts.values()) rows.push(f.vector());
      const forest = fitIsolationForest(rows, { trees: c.trees, sampleSize: c.sampleSize, random });
      for (const id of activeToday) {
        if (accounts.get(id)!.n < c.minExchanges) continue;
        const s = forest.score(accounts.get(id)!.vector());
        scores.set(id, s);
        if (s >= c.threshold && !flagged.has(id)) flagged.set(id, boundaryMs);
      }
    }
    activeToday.clear();
  }

  return {
    name: c.name,
    summary: `isolation forest (Liu, Ting & Zhou 2008) over ${15} per-account features, refit and scored at each UTC day end, flag at s ≥ ${c.threshold}`,
    flagged,
    score: (a) => scores.get(a),
    observe(ex: Exchange): void {
      const d = Math.floor(ex.tsMs / DAY_MS);
      if (day === undefined) day = d;
      else if (d > day) {
        scoreDay(day * DAY_MS + DAY_MS);
        day = d;
      }
      let f = accounts.get(ex.account_id);
      if (!f) { f = new AccountFeatures(); accounts.set(ex.account_id, f); }
      f.add(ex);
      activeToday.add(ex.account_id);
    },
    finish(): void {
      // The last day is scored at its end too: a nightly job would run then.
      if (day !== undefined) scoreDay(day * DAY_MS + DAY_MS);
    },
  };
}
