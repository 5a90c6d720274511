/**
 * The frozen worlds of heldout/v4 (bench/heldout4/FROZEN.md). Same campaigns
 * (one campaign seed) in every world; the benign population is 1, 3, 10 and 30
 * whole copies of one base mix.
 */
export interface WorldSpec {
  name: string;
  summary: string;
  /** first UTC day, YYYY-MM-DD (a Monday) */
  start: string;
  days: number;
  benignScale: number;
  benignSeed: string;
  campaignSeed: string;
}

const base = { start: '2026-08-03', days: 28, benignSeed: 'v4-benign-7c1', campaignSeed: 'v4-campaigns-e52' } as const;
const summary = (x: number) => `7 strategies, 28 days, benign population ×${x}`;

export const FROZEN: readonly WorldSpec[] = [
  { name: 'v4-x1', summary: summary(1), ...base, benignScale: 1 },
  { name: 'v4-x3', summary: summary(3), ...base, benignScale: 3 },
  { name: 'v4-x10', summary: summary(10), ...base, benignScale: 10 },
  { name: 'v4-x30', summary: summary(30), ...base, benignScale: 30 },
];
