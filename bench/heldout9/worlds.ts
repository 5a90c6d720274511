/** The frozen heldout/v9 worlds: one campaign seed, the benign base mix ×1, ×3, ×10, ×30. */
export interface WorldSpec { name: string; seed: string; campaignSeed: string; start: string; days: number; benignScale: number; summary: string }

const base = { seed: 'v9-benign-2026-12-08', campaignSeed: 'v9-campaigns-2026-12-08', start: '2026-11-09', days: 10 };
const summary = (k: number) => `14 strategies (16 campaigns), benign base mix ×${k}, 10 days`;
export const FROZEN: readonly WorldSpec[] = [1, 3, 10, 30].map((k) => ({ ...base, name: `v9-x${k}`, benignScale: k, summary: summary(k) }));
