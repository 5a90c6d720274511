import { z } from 'zod';
import { defineDetector, type Signal } from '../detector.js';
import type { AccountState } from '../../state/account.js';
import { pct } from '../content/index.js';
import { clamp01 } from '../automation/index.js';

/**
 * Coverage: a systematic sweep of many topics with almost no returns to the
 * same need. Real users and apps come back to the same few needs (the same
 * project, the same homework, the same product feature); a harvester walks a
 * dataset and never asks the same thing twice.
 *
 * Evaded by: a campaign that gives each account one narrow topic slice (the
 * sweep shows only across accounts, which linkage measures) or that repeats
 * prompts on purpose (paying for duplicates).
 * Falsely flags: app back ends serving many end users (broad topics, distinct
 * prompts); scoring needs content evidence too, and their fixed system prompt
 * marks them as an app.
 */
export const coverage = defineDetector({
  id: 'coverage.sweep',
  summary: 'Many distinct topics and items with few returns to the same need.',
  evadedBy: 'one narrow topic slice per account; deliberate repeats',
  falselyFlags: 'app back ends serving many end users (needs content evidence too)',
  weight: 0.6,
  config: z.object({ minExchanges: z.number().int().positive().default(25) }),
  create(cfg) {
    return {
      evaluate(s: AccountState): Signal[] {
        if (s.n < cfg.minExchanges) return [];
        const distinct = s.distinctPromptShare();
        const fresh = 1 - s.nearRepeatShare();
        const breadth = clamp01(s.topicEntropy() / 0.6);
        const score = clamp01(distinct * fresh * (0.4 + 0.6 * breadth));
        if (score < 0.3) return [];
        return [{
          signal: 'coverage.sweep',
          score,
          detail: `${pct(distinct)} of prompts are distinct and ${pct(1 - fresh)} return to a recent need, across ${s.distinctTopics()} topic buckets`,
        }];
      },
    };
  },
});
