/** heldout/v7's frozen world list (bench/heldout7/FROZEN.md): nothing here changes after the freeze. */
export interface WorldSpec {
  name: string;
  summary: string;
  /** seed of the benign population (copy k draws from `${seed}/copy${k}`) */
  seed: string;
  /** seed of the campaigns: the same in every world, so the campaigns are identical */
  campaignSeed: string;
  /** whole copies of the base benign mix */
  benignScale: number;
  days: number;
  /** first UTC day, RFC 3339 date */
  start: string;
}

const base = { seed: 'v7-benign-2026-12-07', campaignSeed: 'v7-campaigns-2026-12-07', days: 12, start: '2026-11-09' };
export const FROZEN: readonly WorldSpec[] = [
  { ...base, name: 'v7-x1', benignScale: 1, summary: '13 strategies (15 campaigns), benign base mix ×1, 12 days' },
  { ...base, name: 'v7-x3', benignScale: 3, summary: 'the same campaigns, benign ×3' },
  { ...base, name: 'v7-x10', benignScale: 10, summary: 'the same campaigns, benign ×10' },
  { ...base, name: 'v7-x30', benignScale: 30, summary: 'the same campaigns, benign ×30' },
];
