/**
 * Where leakage comes from: each campaign account's exchanges served before
 * its flag, split by how the flag came (or that it never came) and by whether
 * its campaign was already known when the account first sent. Read from a
 * scan's outputs, the labels and the log alone, so it measures any build.
 *
 * How the flag came is told from `flagged_at` (contract §3: the `ts` of the
 * exchange being processed when the engine acted):
 * - `never`: not flagged; every exchange leaked;
 * - `end`: at the log's last exchange, by the end-of-stream sweep;
 * - `signature`: at one of the account's own exchanges, a campaign signature
 *   among its reasons;
 * - `own`: at one of its own exchanges otherwise (its own evidence, with
 *   whatever campaign evidence an earlier sweep gave it);
 * - `sweep`: at another account's exchange: a cross-account sweep.
 * A campaign is `known` for an account when another account of its labelled
 * campaign was flagged before the account's first exchange: those are the
 * exchanges a campaign signature or a campaign-aware sweep could have saved.
 */
import type { Label, Verdict } from '../contract/types.js';

export const ROUTES = ['never', 'end', 'sweep', 'own', 'signature'] as const;
export type Route = (typeof ROUTES)[number];

export interface LeakageInput {
  labels: Iterable<Label>;
  verdicts: ReadonlyMap<string, Verdict>;
  /** each campaign account's exchange times in ms, ascending */
  times: ReadonlyMap<string, readonly number[]>;
  /** event time of the last exchange of the account's log: where the end-of-stream sweep acts */
  endMs: (accountId: string) => number;
}

export interface RouteRow {
  accounts: number;
  /** exchanges of those accounts served before their flag */
  leaked: number;
  /** of `leaked`, those of accounts whose campaign was known at their first exchange */
  leakedKnown: number;
  accountsKnown: number;
  /** exchanges before the flag, per flagged account (median) */
  medianBefore: number;
  /** the leading reason signals of the accounts' final verdicts, most common first, with counts */
  reasons: [string, number][];
}

export interface StrategyRow {
  strategy: string;
  accounts: number;
  exchanges: number;
  leaked: number;
  /** accounts whose final verdict is review or block (what recall counts) */
  flagged: number;
  /** accounts flagged once whose final verdict is allow (a campaign re-read as a class lifted it) */
  lifted: number;
  routes: Record<Route, RouteRow>;
}

/** One row per strategy (the campaign accounts' `persona` label), and a row `all`. */
export function leakageBreakdown(input: LeakageInput): StrategyRow[] {
  const campaign: Label[] = [];
  for (const l of input.labels) if (l.label === 'campaign') campaign.push(l);
  const flagMs = (id: string): number => {
    const v = input.verdicts.get(id);
    if (!v || v.flagged_at === null) return NaN;
    return Date.parse(v.flagged_at);
  };
  // the first flag of each labelled campaign, as of each account's first exchange
  const flagsOf = new Map<string, number[]>();
  for (const l of campaign) {
    const t = flagMs(l.account_id);
    if (Number.isNaN(t)) continue;
    const key = l.campaign_id ?? l.persona;
    (flagsOf.get(key) ?? flagsOf.set(key, []).get(key)!).push(t);
  }
  const acc = new Map<string, { row: StrategyRow; before: Map<Route, number[]>; reasons: Map<Route, Map<string, number>> }>();
  const rowOf = (strategy: string) => {
    let r = acc.get(strategy);
    if (!r) {
      const routes = {} as Record<Route, RouteRow>;
      for (const k of ROUTES) routes[k] = { accounts: 0, leaked: 0, leakedKnown: 0, accountsKnown: 0, medianBefore: NaN, reasons: [] };
      r = { row: { strategy, accounts: 0, exchanges: 0, leaked: 0, flagged: 0, lifted: 0, routes }, before: new Map(), reasons: new Map() };
      acc.set(strategy, r);
    }
    return r;
  };
  for (const l of campaign) {
    const times = input.times.get(l.account_id) ?? [];
    if (times.length === 0) continue;
    const t = flagMs(l.account_id);
    const v = input.verdicts.get(l.account_id);
    const leaked = Number.isNaN(t) ? times.length : lowerBound(times, t);
    let route: Route;
    if (Number.isNaN(t)) route = 'never';
    else if (t >= input.endMs(l.account_id)) route = 'end';
    else if (times[lowerBound(times, t)] === t) route = v?.reasons.some((r) => r.signal === 'signature.match') ? 'signature' : 'own';
    else route = 'sweep';
    const others = flagsOf.get(l.campaign_id ?? l.persona) ?? [];
    const known = others.some((x) => x < times[0]);
    for (const r of [rowOf(l.persona), rowOf('all')]) {
      r.row.accounts++;
      r.row.exchanges += times.length;
      r.row.leaked += leaked;
      if (v && v.verdict !== 'allow') r.row.flagged++;
      else if (route !== 'never') r.row.lifted++;
      const rr = r.row.routes[route];
      rr.accounts++;
      rr.leaked += leaked;
      if (known) {
        rr.accountsKnown++;
        rr.leakedKnown += leaked;
      }
      (r.before.get(route) ?? r.before.set(route, []).get(route)!).push(leaked);
      const why = v?.reasons[0]?.signal ?? '-';
      const m = r.reasons.get(route) ?? r.reasons.set(route, new Map()).get(route)!;
      m.set(why, (m.get(why) ?? 0) + 1);
    }
  }
  const out: StrategyRow[] = [];
  for (const { row, before, reasons } of acc.values()) {
    for (const k of ROUTES) {
      row.routes[k].medianBefore = median(before.get(k) ?? []);
      row.routes[k].reasons = [...(reasons.get(k) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]);
    }
    out.push(row);
  }
  out.sort((a, b) => (a.strategy === 'all' ? 1 : b.strategy === 'all' ? -1 : a.strategy.localeCompare(b.strategy)));
  return out;
}

/** The breakdown as a plain-text table: per strategy, then per route its share of the leaked exchanges. */
export function leakageTable(rows: readonly StrategyRow[]): string {
  const pct = (x: number, of: number): string => (of > 0 ? `${((100 * x) / of).toFixed(1)}%` : '-');
  const lines: string[] = [];
  for (const r of rows) {
    lines.push(`${r.strategy}: ${r.flagged}/${r.accounts} accounts flagged${r.lifted ? ` (${r.lifted} more flagged, then lifted)` : ''}, leakage ${pct(r.leaked, r.exchanges)} (${r.leaked} of ${r.exchanges} exchanges)`);
    for (const k of ROUTES) {
      const x = r.routes[k];
      if (x.accounts === 0) continue;
      const reasons = x.reasons.slice(0, 3).map(([s, n]) => `${s}×${n}`).join(' ');
      lines.push(
        `  ${k.padEnd(9)} ${String(x.accounts).padStart(4)} acct  leaked ${String(x.leaked).padStart(6)} (${pct(x.leaked, r.leaked).padStart(6)} of leak)` +
          `  known-campaign ${x.accountsKnown} acct / ${x.leakedKnown} ex  median before flag ${Number.isNaN(x.medianBefore) ? '-' : x.medianBefore}  ${reasons}`,
      );
    }
  }
  return lines.join('\n');
}

/** First index whose value is >= t. */
function lowerBound(xs: readonly number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}
