/**
 * The frozen held-out worlds. Frozen means: these specs (and the generator they
 * run through) do not change to suit a detector; see FROZEN.md. A new idea gets
 * a new world with a new name, never an edit here.
 */
import type { STRATEGIES } from './campaigns.js';

export type Strategy = (typeof STRATEGIES)[number];

export interface WorldSpec {
  name: string;
  /** what the world is for, one line */
  summary: string;
  /** seed of the benign population */
  seed: number;
  /** seed of the campaign side: worlds sharing it carry identical campaigns */
  campaignSeed: number;
  /** first day, midnight UTC */
  start: string;
  days: number;
  /** benign population relative to ~950 accounts */
  benignScale: number;
  strategies: Strategy[];
}

const ALL: Strategy[] = ['throwaway_stream', 'reseller_mix', 'aged_human_hours', 'app_facade', 'proxy_fleet', 'judge_harvest', 'agentic_traces'];

export const FROZEN: readonly WorldSpec[] = [
  {
    name: 'h1-five-14d',
    summary: 'five strategies over two weeks among ~1.4k benign accounts',
    seed: 41_017, campaignSeed: 41_018, start: '2026-09-14T00:00:00Z', days: 14, benignScale: 1.45,
    strategies: ['throwaway_stream', 'reseller_mix', 'aged_human_hours', 'app_facade', 'proxy_fleet'],
  },
  {
    name: 'h2-all7-x1',
    summary: 'all seven strategies, benign population x1',
    seed: 52_101, campaignSeed: 52_777, start: '2026-10-12T00:00:00Z', days: 10, benignScale: 1,
    strategies: ALL,
  },
  {
    name: 'h2-all7-x3',
    summary: 'the same campaigns as h2-all7-x1, benign population x3',
    seed: 52_101, campaignSeed: 52_777, start: '2026-10-12T00:00:00Z', days: 10, benignScale: 3,
    strategies: ALL,
  },
  {
    name: 'h2-all7-x10',
    summary: 'the same campaigns as h2-all7-x1, benign population x10',
    seed: 52_101, campaignSeed: 52_777, start: '2026-10-12T00:00:00Z', days: 10, benignScale: 10,
    strategies: ALL,
  },
  {
    name: 'h3-all7-redraw',
    summary: 'all seven strategies with a second draw of every parameter, benign x1',
    seed: 63_409, campaignSeed: 63_410, start: '2026-11-02T00:00:00Z', days: 10, benignScale: 1,
    strategies: ALL,
  },
];

export function frozenWorld(name: string): WorldSpec | undefined {
  return FROZEN.find((w) => w.name === name);
}
