import { z } from 'zod';
import { defineDetector, type Signal } from '../detector.js';
import type { AccountState } from '../../state/account.js';
import { pct } from '../content/index.js';
import { clamp01 } from '../automation/index.js';

/**
 * Token economics: harvesting pays for output, so distillers ask for long
 * answers (high output/input ratios), set max_tokens high and run into the cap.
 *
 * Evaded by: harvesting short answers (labels, grades, classifications) —
 * cheap for the attacker and low-value, so it caps the damage.
 * Falsely flags: writers and coders who ask for long outputs; never enough
 * alone in scoring.
 */
export const tokens = defineDetector({
  id: 'tokens.long_outputs',
  summary: 'Long outputs relative to inputs, high max_tokens, responses cut at the cap.',
  evadedBy: 'short-answer harvesting (labels, grades)',
  falselyFlags: 'writers and coders asking for long outputs (never enough alone)',
  weight: 0.4,
  config: z.object({ minExchanges: z.number().int().positive().default(10) }),
  create(cfg) {
    return {
      evaluate(s: AccountState): Signal[] {
        if (s.n < cfg.minExchanges) return [];
        const ratio = s.outputInputRatio();
        const long = clamp01((Math.log2(Math.max(ratio, 0.01)) - 0.5) / 3); // ratio 1.4 -> 0, 11 -> 1
        const meanOut = s.meanOutputTokens();
        const volume = clamp01((meanOut - 150) / 900);
        const cap = s.n ? s.hitCap / s.n : 0;
        const score = clamp01(0.45 * long + 0.35 * volume + 0.2 * clamp01(cap * 4));
        if (score < 0.3) return [];
        return [{
          signal: 'tokens.long_outputs',
          score,
          detail: `outputs average ${Math.round(meanOut)} tokens, ${ratio.toFixed(1)}× the input; ${pct(cap)} stopped at the max_tokens cap`,
        }];
      },
    };
  },
});
