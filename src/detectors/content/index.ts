import { z } from 'zod';
import { defineDetector, type Signal } from '../detector.js';
import type { AccountState } from '../../state/account.js';
import { INTENT_NAMES } from '../../features/types.js';

const LABELS: Record<string, string> = {
  cot: 'step-by-step reasoning',
  reconstruct: 'reconstruction of reasoning behind given answers',
  judge: 'rubric / judge grading',
  safetyRewrite: 'safety rewrites',
  agentic: 'agentic tool-use traces',
  benchmark: 'benchmark-style capability items',
  internals: 'hidden reasoning / system prompt',
  datagen: 'synthetic training data (example pairs, dialogues, harder variants)',
};

/**
 * Content-intent mix: how much of an account's traffic asks for what a
 * distiller wants (written-out reasoning, grading, tool traces, benchmark-style
 * items) rather than using the answer.
 *
 * Evaded by: harvesting plain answers to ordinary-looking prompts (no
 * elicitation wording), or wrappers in a language or phrasing the intent
 * lexicons miss; by diluting harvest with camouflage chat (the share drops).
 * Falsely flags: benchmark evaluators and students who always ask for steps;
 * scoring keeps those below the flag line unless automation, coverage or
 * linkage evidence agree.
 */
export const contentIntent = defineDetector({
  id: 'content.harvest_intent',
  summary: 'Share of exchanges that elicit reasoning, grading, tool traces or benchmark answers.',
  evadedBy: 'plain-answer harvesting without elicitation wording; heavy camouflage chat; wrappers outside the intent lexicons',
  falselyFlags: 'benchmark evaluators and students who always ask for steps (kept below the line unless other families agree)',
  weight: 1,
  config: z.object({
    /** exchanges needed before the share is trusted fully */
    fullConfidenceAt: z.number().int().positive().default(30),
  }),
  create(cfg) {
    return {
      evaluate(s: AccountState): Signal[] {
        if (s.n === 0) return [];
        const share = s.harvestShare();
        if (share < 0.15) return [];
        const conf = Math.min(1, s.n / cfg.fullConfidenceAt);
        // reasoning/grading harvest is the costly part to distil and the rarer in use
        const reasoning = s.reasoningShare();
        const score = Math.min(1, conf * (0.7 * share + 0.3 * reasoning) * 1.1);
        let top = 0;
        let topName = '';
        for (let i = 0; i < INTENT_NAMES.length; i++) {
          const m = s.intentMean(i);
          if (m > top) { top = m; topName = INTENT_NAMES[i]; }
        }
        return [{
          signal: 'content.harvest_intent',
          score,
          detail: `${pct(share)} of ${s.n} exchanges ask for extraction-style output, mostly ${LABELS[topName] ?? topName} (mean ${top.toFixed(2)}); ${pct(reasoning)} elicit written-out reasoning or grading`,
        }];
      },
    };
  },
});

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
