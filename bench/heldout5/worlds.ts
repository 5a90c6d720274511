/**
 * The frozen worlds of heldout/v5 (see FROZEN.md): one campaign seed; the
 * benign population ×1, ×3 and ×10 of the same base mix.
 */
export interface WorldSpec {
  name: string;
  summary: string;
  /** first day, UTC midnight */
  start: string;
  days: number;
  benignSeed: string;
  campaignSeed: string;
  /** whole copies of the benign base mix */
  benignScale: number;
}

const base = { start: '2026-09-14T00:00:00Z', days: 21, benignSeed: 'v5-benign-ushuaia', campaignSeed: 'v5-campaign-tromso' } as const;
export const FROZEN: readonly WorldSpec[] = [
  { ...base, name: 'v5-x1', benignScale: 1, summary: 'nine campaigns, benign base mix ×1, 21 days' },
  { ...base, name: 'v5-x3', benignScale: 3, summary: 'the same campaigns, benign ×3' },
  { ...base, name: 'v5-x10', benignScale: 10, summary: 'the same campaigns, benign ×10' },
];
