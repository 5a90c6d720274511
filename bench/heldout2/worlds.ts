/**
 * The frozen held-out worlds of generator heldout/v2. Do not edit: a changed
 * spec is a new world with a new name (FROZEN.md).
 */
import { STRATEGIES } from './campaigns.js';
import type { WorldSpec } from './world.js';

export type { WorldSpec } from './world.js';

export const FROZEN: readonly WorldSpec[] = [
  {
    name: 'v2-a',
    summary: 'seven strategies, 12 days, ~1.2k benign accounts',
    seed: 71_003,
    campaignSeed: 90_417,
    days: 12,
    start: '2026-10-05',
    benign: 1200,
    strategies: [...STRATEGIES],
  },
  {
    name: 'v2-b-x4',
    summary: 'the campaigns of v2-a, benign population ×4',
    seed: 71_004,
    campaignSeed: 90_417,
    days: 12,
    start: '2026-10-05',
    benign: 4800,
    strategies: [...STRATEGIES],
  },
];

/** A small world for tests: every strategy, few benign accounts, two days. */
export function tinySpec(seed: number): WorldSpec {
  return { name: `tiny-${seed}`, summary: 'test world', seed, campaignSeed: seed + 1, days: 2, start: '2026-10-05', benign: 60, strategies: [...STRATEGIES] };
}
