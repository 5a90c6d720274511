/**
 * Evaluation re-runs (`AccountState.evalReruns`, EVAL_RERUN) on labelled
 * populations of the simulator's `resend` scenario: harvests that re-send
 * their items at temperature 0 under a per-account item cap (reasoning
 * chains, tool traces, a grader harvest, logit probes; their parameters drawn
 * wide per campaign) beside the CI pipelines and benchmark researchers that
 * re-run public suites. The re-sending harvests must not read as re-runs
 * (then a campaign keeps them and their content counts in full), while the
 * evaluators whose traffic repeats its items at temperature 0 keep reading
 * as re-runs. Several seeds, each world in order through AccountState as the
 * engine feeds it (in time order, features from extractFeatures).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExchangeLine } from '../contract/parse.js';
import type { Exchange } from '../contract/types.js';
import { extractFeatures } from '../features/index.js';
import { simulateWorld } from '../simulate/index.js';
import { RESEND_STRATEGIES } from '../simulate/strategies.js';
import { AccountState, EVAL_RERUN } from './account.js';

const SEEDS = [11, 12, 13];
const SCALE = 0.2;
const DAYS = 7;
/**
 * Share of the re-sending harvests' accounts allowed to read as re-runs: an
 * account whose whole life is a batch or two of items sent again on each
 * model is a suite run exactly (EVAL_RERUN says so), a campaign draws that
 * shape now and then, and the revisits are read off a 16-item sample.
 */
const MAX_HARVEST_RERUNS = 0.15;
/** share of the re-running evaluators that must still read as re-runs */
const MIN_EVALUATOR_RERUNS = 0.85;
const EVALUATORS = new Set(['ci_eval', 'bench_researcher', 'benchmark_evaluator']);

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function states(seed: number): Promise<{ states: Map<string, AccountState>; persona: Map<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-reruns-'));
  dirs.push(dir);
  await simulateWorld({ scenario: 'resend', scale: SCALE, seed, days: DAYS, out: dir });
  const persona = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'labels.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const l = JSON.parse(line) as { account_id: string; persona: string };
    persona.set(l.account_id, l.persona);
  }
  const wanted = (id: string) => EVALUATORS.has(persona.get(id) ?? '') || RESEND_STRATEGIES.includes(persona.get(id) as never);
  const exchanges: Exchange[] = [];
  for (const line of gunzipSync(readFileSync(join(dir, 'logs.jsonl.gz'))).toString('utf8').split('\n')) {
    if (!line) continue;
    const r = parseExchangeLine(line);
    if (r.ok && wanted(r.value.account_id)) exchanges.push(r.value);
  }
  exchanges.sort((a, b) => a.tsMs - b.tsMs);
  const out = new Map<string, AccountState>();
  for (const ex of exchanges) {
    let s = out.get(ex.account_id);
    if (!s) out.set(ex.account_id, (s = new AccountState(ex.account_id)));
    s.update(ex, extractFeatures(ex));
  }
  return { states: out, persona };
}

/** What the re-runs rule read before it asked whether the items are a closed suite: temperature 0, repeats, a bounded item count. */
function repeatsAtZero(s: AccountState): boolean {
  const distinct = s.distinctPromptShare();
  return s.n >= EVAL_RERUN.minExchanges && s.temperatureZero >= EVAL_RERUN.minTemperatureZero * s.n && 1 - distinct >= EVAL_RERUN.minRerunShare && distinct * s.n <= EVAL_RERUN.maxItems;
}

test('harvests that re-send their items at temperature 0 do not read as evaluation re-runs, CI pipelines and researchers re-running public suites do', async () => {
  const harvest = new Map<string, [number, number, number]>();
  let evaluators = 0;
  let evaluatorsReruns = 0;
  for (const seed of SEEDS) {
    const { states: all, persona } = await states(seed);
    for (const [id, s] of all) {
      const p = persona.get(id)!;
      if (!repeatsAtZero(s)) continue;
      if (EVALUATORS.has(p)) {
        evaluators++;
        if (s.evalReruns()) evaluatorsReruns++;
      } else {
        const h = harvest.get(p) ?? [0, 0, 0];
        h[0]++;
        if (s.evalReruns()) h[1]++;
        harvest.set(p, h);
      }
    }
  }
  // each form must be in the population in the shape the rule is about (repeats at temperature 0 under the item cap)
  for (const p of RESEND_STRATEGIES) assert.ok((harvest.get(p)?.[0] ?? 0) >= 5, `${p}: ${harvest.get(p)?.[0] ?? 0} accounts re-send at temperature 0 under the item cap`);
  for (const [p, [n, reruns]] of harvest) assert.ok(reruns <= MAX_HARVEST_RERUNS * n, `${p}: ${reruns} of ${n} accounts read as evaluation re-runs`);
  assert.ok(evaluators >= 20, `${evaluators} evaluators re-run their items`);
  assert.ok(evaluatorsReruns >= MIN_EVALUATOR_RERUNS * evaluators, `${evaluatorsReruns} of ${evaluators} re-running evaluators read as evaluation re-runs`);
});
