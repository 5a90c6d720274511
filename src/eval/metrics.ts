/**
 * The metrics of contract §4, computed from labels, which accounts a defence
 * flagged, and per-account exchange / leaked-exchange counts. Pure: the
 * streaming that produces the counts lives in eval.ts.
 *
 * A ratio whose denominator is zero is `null` (e.g. account recall on a world
 * with no campaign), never 0 or 1, so nobody mistakes "nothing to find" for a result.
 */
import type { Label } from '../contract/types.js';

/** How many campaign accounts must be flagged for a campaign to count as found (contract §4). */
export const CAMPAIGN_FOUND_SHARE = 0.9;

export interface PersonaMetrics {
  label: 'benign' | 'campaign' | 'mixed';
  accounts: number;
  flagged: number;
  /** flagged / accounts: the false-positive rate for a benign persona, the recall for a campaign one */
  flaggedRate: number | null;
  exchanges: number;
  /** leakage over this persona's campaign exchanges; null for a benign persona */
  leakage: number | null;
}

export interface CampaignMetrics {
  accounts: number;
  flagged: number;
  accountRecall: number | null;
  /** at least 90% of its accounts flagged */
  found: boolean;
  exchanges: number;
  leakage: number | null;
  personas: string[];
}

export interface DayLeakage {
  /** UTC date, YYYY-MM-DD */
  day: string;
  campaignExchanges: number;
  leaked: number;
  /** leaked / campaign exchanges up to and including this day */
  cumulativeLeakage: number | null;
}

export interface SystemMetrics {
  name: string;
  accountRecall: number | null;
  benignFPR: number | null;
  precision: number | null;
  leakage: number | null;
  campaignRecall: number | null;
  campaignAccounts: number;
  flaggedCampaignAccounts: number;
  benignAccounts: number;
  flaggedBenignAccounts: number;
  campaigns: number;
  campaignsFound: number;
  campaignExchanges: number;
  leakedExchanges: number;
  perPersona: Record<string, PersonaMetrics>;
  perCampaign: Record<string, CampaignMetrics>;
  leakageByDay: DayLeakage[];
}

export interface MetricInputs {
  name: string;
  labels: Iterable<Label>;
  isFlagged: (account: string) => boolean;
  /** all exchanges per account (labelled accounts) */
  exchanges: ReadonlyMap<string, number>;
  /** campaign exchanges served before the account was flagged */
  leaked: ReadonlyMap<string, number>;
  /** per UTC day index: [campaign exchanges, leaked] */
  byDay?: ReadonlyMap<number, [number, number]>;
}

function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

/** Computes contract §4's metrics for one defence. */
export function computeMetrics(inp: MetricInputs): SystemMetrics {
  let campAcc = 0, campFlag = 0, benAcc = 0, benFlag = 0, campEx = 0, leakedEx = 0;
  const persona = new Map<string, { benign: number; campaign: number; flagged: number; exchanges: number; campEx: number; leaked: number }>();
  const camp = new Map<string, { accounts: number; flagged: number; exchanges: number; leaked: number; personas: Set<string> }>();
  for (const l of inp.labels) {
    const f = inp.isFlagged(l.account_id);
    const ex = inp.exchanges.get(l.account_id) ?? 0;
    const lk = l.label === 'campaign' ? Math.min(ex, inp.leaked.get(l.account_id) ?? 0) : 0;
    let p = persona.get(l.persona);
    if (!p) { p = { benign: 0, campaign: 0, flagged: 0, exchanges: 0, campEx: 0, leaked: 0 }; persona.set(l.persona, p); }
    p.exchanges += ex;
    if (f) p.flagged++;
    if (l.label === 'campaign') {
      campAcc++;
      if (f) campFlag++;
      campEx += ex;
      leakedEx += lk;
      p.campaign++;
      p.campEx += ex;
      p.leaked += lk;
      // A campaign account without a campaign id still counts for account recall; it forms its own campaign.
      const cid = l.campaign_id ?? `(no campaign id: ${l.account_id})`;
      let c = camp.get(cid);
      if (!c) { c = { accounts: 0, flagged: 0, exchanges: 0, leaked: 0, personas: new Set() }; camp.set(cid, c); }
      c.accounts++;
      if (f) c.flagged++;
      c.exchanges += ex;
      c.leaked += lk;
      c.personas.add(l.persona);
    } else {
      benAcc++;
      if (f) benFlag++;
      p.benign++;
    }
  }
  const perPersona: Record<string, PersonaMetrics> = {};
  for (const [name, p] of [...persona].sort((a, b) => a[0].localeCompare(b[0]))) {
    perPersona[name] = {
      label: p.campaign === 0 ? 'benign' : p.benign === 0 ? 'campaign' : 'mixed',
      accounts: p.benign + p.campaign,
      flagged: p.flagged,
      flaggedRate: ratio(p.flagged, p.benign + p.campaign),
      exchanges: p.exchanges,
      leakage: p.campaign > 0 ? ratio(p.leaked, p.campEx) : null,
    };
  }
  const perCampaign: Record<string, CampaignMetrics> = {};
  let found = 0;
  for (const [id, c] of [...camp].sort((a, b) => a[0].localeCompare(b[0]))) {
    const isFound = c.flagged >= CAMPAIGN_FOUND_SHARE * c.accounts;
    if (isFound) found++;
    perCampaign[id] = {
      accounts: c.accounts,
      flagged: c.flagged,
      accountRecall: ratio(c.flagged, c.accounts),
      found: isFound,
      exchanges: c.exchanges,
      leakage: ratio(c.leaked, c.exchanges),
      personas: [...c.personas].sort(),
    };
  }
  const leakageByDay: DayLeakage[] = [];
  if (inp.byDay) {
    let cumEx = 0, cumLeak = 0;
    for (const [day, [ex, lk]] of [...inp.byDay].sort((a, b) => a[0] - b[0])) {
      cumEx += ex;
      cumLeak += lk;
      leakageByDay.push({ day: new Date(day * 86_400_000).toISOString().slice(0, 10), campaignExchanges: ex, leaked: lk, cumulativeLeakage: ratio(cumLeak, cumEx) });
    }
  }
  return {
    name: inp.name,
    accountRecall: ratio(campFlag, campAcc),
    benignFPR: ratio(benFlag, benAcc),
    precision: ratio(campFlag, campFlag + benFlag),
    leakage: ratio(leakedEx, campEx),
    campaignRecall: ratio(found, camp.size),
    campaignAccounts: campAcc,
    flaggedCampaignAccounts: campFlag,
    benignAccounts: benAcc,
    flaggedBenignAccounts: benFlag,
    campaigns: camp.size,
    campaignsFound: found,
    campaignExchanges: campEx,
    leakedExchanges: leakedEx,
    perPersona,
    perCampaign,
    leakageByDay,
  };
}

/** Counts of one score distribution in `bins` equal bins over [0, 1]. */
export function histogram(values: Iterable<number>, bins = 20): number[] {
  const h = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
    h[b]++;
  }
  return h;
}
