import { z } from 'zod';
import { defineDetector, type Signal } from '../detector.js';
import type { AccountState } from '../../state/account.js';
import { pct } from '../content/index.js';

/**
 * Automation and timing: machine-regular inter-arrival times, activity spread
 * over all 24 hours, client libraries instead of apps, and no conversational
 * follow-ups.
 *
 * Evaded by: jittered, human-hours pacing from browser-like user agents with
 * occasional follow-up turns (stealth campaigns), which per-account timing
 * cannot tell from a person; linkage (synchronized activity) still can.
 * Falsely flags: app back ends, batch jobs and CI pipelines, which are
 * automated by design; that is why automation only ever supports content
 * evidence in scoring and never flags an account on its own.
 */
export const automation = defineDetector({
  id: 'automation.timing',
  summary: 'Regular inter-arrival times, round-the-clock activity, client libraries, single-turn sessions.',
  evadedBy: 'jittered human-hours pacing with browser user agents and some follow-up turns',
  falselyFlags: 'app back ends, batch jobs, CI pipelines (automation only supports content evidence)',
  weight: 0.6,
  config: z.object({ minExchanges: z.number().int().positive().default(20) }),
  create(cfg) {
    return {
      evaluate(s: AccountState): Signal[] {
        if (s.n < cfg.minExchanges) return [];
        const spread = s.gapSpread();
        // log10 spread under ~0.25 means gaps within a factor of ~1.8 of each other: a scheduler, not a person
        const regular = Number.isNaN(spread) ? 0 : clamp01((0.9 - spread) / 0.65);
        const clock = clamp01((s.hourEntropy() - 0.55) / 0.4);
        const lib = s.clientLibShare();
        const single = s.singleTurnShare();
        const score = clamp01(0.3 * regular + 0.25 * clock + 0.2 * lib + 0.25 * single);
        if (score < 0.3) return [];
        const parts: string[] = [];
        if (regular > 0.4) parts.push(`inter-arrival times are machine-regular (spread ${spread.toFixed(2)} decades)`);
        if (clock > 0.4) parts.push(`active around the clock (hour entropy ${s.hourEntropy().toFixed(2)})`);
        if (lib > 0.5) parts.push(`${pct(lib)} of requests from client libraries`);
        if (single > 0.8) parts.push(`${pct(single)} single-turn with no follow-up`);
        return [{ signal: 'automation.timing', score, detail: parts.join('; ') || 'automated traffic pattern' }];
      },
    };
  },
});

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
