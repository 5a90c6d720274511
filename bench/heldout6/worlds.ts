/**
 * The frozen worlds of heldout/v6 (see FROZEN.md): one campaign seed; the
 * benign population ×1, ×3 and ×10 of the same base mix.
 */
export interface WorldSpec {
  name: string;
  summary: string;
  /** first day, UTC midnight (a Monday) */
  start: string;
  days: number;
  benignSeed: string;
  campaignSeed: string;
  /** whole copies of the benign base mix */
  benignScale: number;
}

const base = { start: '2026-10-19T00:00:00Z', days: 14, benignSeed: 'v6-benign-valparaiso', campaignSeed: 'v6-campaign-kirkenes' } as const;
export const FROZEN: readonly WorldSpec[] = [
  { ...base, name: 'v6-x1', benignScale: 1, summary: 'twelve campaigns, benign base mix ×1, 14 days' },
  { ...base, name: 'v6-x3', benignScale: 3, summary: 'the same campaigns, benign ×3' },
  { ...base, name: 'v6-x10', benignScale: 10, summary: 'the same campaigns, benign ×10' },
];
