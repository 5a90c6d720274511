/**
 * The scoreboard: `runEval` scores verdicts against a labelled world and the
 * baselines; `writeEvalOutputs` writes eval.json and scoreboard.html.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvalReport } from './eval.js';
import { renderScoreboardHtml } from './html.js';

export { runEval, checkEvalInputs, defaultBaselines, type EvalOptions, type EvalReport, type BaselineResult } from './eval.js';
export { computeMetrics, histogram, CAMPAIGN_FOUND_SHARE, type SystemMetrics, type PersonaMetrics, type CampaignMetrics } from './metrics.js';
export { formatScoreboard, pct } from './table.js';
export { renderScoreboardHtml } from './html.js';
export type { Baseline } from './baselines/baseline.js';
export { createRateLimitBaseline, type RateLimitConfig } from './baselines/ratelimit.js';
export { createAnomalyBaseline, type AnomalyConfig } from './baselines/anomaly.js';
export { createPradaBaseline, type PradaConfig } from './baselines/prada.js';

/**
 * Writes `eval.json` and `scoreboard.html` into `dir` (normally the verdicts directory).
 *
 * @example await writeEvalOutputs(await runEval({ world, verdicts }), verdicts)
 */
export async function writeEvalOutputs(report: EvalReport, dir: string): Promise<{ json: string; html: string }> {
  const json = join(dir, 'eval.json');
  const html = join(dir, 'scoreboard.html');
  await writeFile(json, JSON.stringify(report, null, 2) + '\n');
  await writeFile(html, renderScoreboardHtml(report));
  return { json, html };
}
