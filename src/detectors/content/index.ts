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
 * lexicons miss and far from the text model's training families (see
 * src/features/intent-model); by diluting harvest with camouflage chat (the share drops).
 * Falsely flags: benchmark evaluators and students who always ask for steps;
 * scoring keeps those below the flag line unless automation, coverage or
 * linkage evidence agree.
 */
export const contentIntent = defineDetector({
  id: 'content.harvest_intent',
  summary: 'Share of exchanges that elicit reasoning, grading, tool traces or benchmark answers.',
  evadedBy: 'plain-answer harvesting without elicitation wording; heavy camouflage chat; wrappers outside the intent lexicons and unlike the text model\'s training wording (other languages, bare-answer sweeps)',
  falselyFlags: 'benchmark evaluators and students who always ask for steps (kept below the line unless other families agree)',
  weight: 1,
  config: z.object({
    /** exchanges needed before the share is trusted fully */
    fullConfidenceAt: z.number().int().positive().default(30),
    /**
     * Count the exchanges the fitted text model (src/features/intent-model)
     * reads as harvest where the lexicon found none. Catches wrappers in
     * unlisted wording; evaded by wording far from every family it was
     * trained on (another language, a harvest asking for the bare answer);
     * falsely reads ordinary requests for steps or grading, about 1% of
     * held-out ordinary prompts (docs/detection.md).
     */
    textModel: z.boolean().default(true),
  }),
  create(cfg) {
    return {
      evaluate(s: AccountState): Signal[] {
        if (s.n === 0) return [];
        // the lexicon's harvest, and what the fitted text model reads as harvest in wording the lexicon missed
        const modelOnly = cfg.textModel ? s.modelHarvest : 0;
        const share = (s.harvestCount() + modelOnly) / s.n;
        if (share < 0.15) return [];
        const conf = Math.min(1, s.n / cfg.fullConfidenceAt);
        // reasoning/grading harvest is the costly part to distil and the rarer in use
        const reasoning = (s.reasoningHarvest + (cfg.textModel ? s.modelReasoning : 0)) / s.n;
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
          detail: `${pct(share)} of ${s.n} exchanges ask for extraction-style output, mostly ${LABELS[topName] ?? topName} (mean ${top.toFixed(2)}); ${pct(reasoning)} elicit written-out reasoning or grading${modelOnly > 0 ? `; ${modelOnly} of them read as harvest by the text model alone (wording the lexicon does not list)` : ''}`,
        }];
      },
    };
  },
});

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
