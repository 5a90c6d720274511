/** The frozen heldout/v8 worlds: one campaign seed, the benign base mix ×1, ×3, ×10, ×30. */
export interface WorldSpec { name: string; seed: string; campaignSeed: string; start: string; days: number; benignScale: number; summary: string }

const base = { seed: 'v8-benign-2026-12-08', campaignSeed: 'v8-campaigns-2026-12-08', start: '2026-11-02', days: 10 };
const summary = (k: number) => `15 strategies (17 campaigns), benign base mix ×${k}, 10 days`;
export const FROZEN: readonly WorldSpec[] = [1, 3, 10, 30].map((k) => ({ ...base, name: `v8-x${k}`, benignScale: k, summary: summary(k) }));
