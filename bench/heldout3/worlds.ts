/**
 * The frozen heldout/v3 worlds (bench/heldout3/FROZEN.md). The same campaigns
 * (same campaign seed) over benign populations of ×1, ×3, ×10 and ×30; a
 * larger world's benign units include every unit of a smaller one.
 */
export interface WorldSpec {
  name: string;
  summary: string;
  days: number;
  /** First UTC midnight of the world (a Monday). */
  start: string;
  seed: string;
  campaignSeed: string;
  /** Copies of the benign base mix (bench/heldout3/benign.ts BASE_UNITS). */
  scale: number;
}

const base = { days: 10, start: '2026-09-14T00:00:00.000Z', seed: 'v3-benign-7c1e', campaignSeed: 'v3-campaigns-b52d' };

export const FROZEN: readonly WorldSpec[] = [
  { ...base, name: 'v3-x1', scale: 1, summary: 'six strategies, benign ×1' },
  { ...base, name: 'v3-x3', scale: 3, summary: 'the same campaigns, benign ×3' },
  { ...base, name: 'v3-x10', scale: 10, summary: 'the same campaigns, benign ×10' },
  { ...base, name: 'v3-x30', scale: 30, summary: 'the same campaigns, benign ×30' },
];
