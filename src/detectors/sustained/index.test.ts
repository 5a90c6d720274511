/**
 * Sustained harvest answered at length, and the harness discount that needs
 * evaluation-sized answers, on labelled populations: our simulator's
 * harvest dressed as benchmark runs (`eval_dress`: items in public harness
 * forms, verified or not, each item sampled several times, long answers)
 * beside the benign background and the look-alike world (benchmark
 * evaluators, app back ends, batch jobs, agent products, company seats,
 * classes), with the built-in text and, when present, the public corpora;
 * then the linkage tests' independent population (unverified researchers
 * running public harnesses, evaluators, tutees, relay apps). Each account is
 * judged on its own traffic, as the per-account score does before linkage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountRecord, Exchange, Label } from '../../contract/types.js';
import type { ExchangeFeatures } from '../../features/types.js';
import { extractFeatures } from '../../features/index.js';
import { ABSENT_MESSAGE, corporaDir } from '../../features/corpora.js';
import { AccountState } from '../../state/account.js';
import { isFlagged, scoreAccount, ScoringConfig, verdictFor } from '../../scoring/score.js';
import { DETECTORS } from '../registry.js';
import type { DetectorSpec, Signal } from '../detector.js';
import { buildPopulation } from '../../linkage/testing/population.js';
import { sustainedHarvest } from './index.js';
import { world } from '../testing/worlds.js';

interface Judged {
  persona: string;
  campaign: boolean;
  flagged: boolean;
  evalShaped: boolean;
  signal?: Signal;
}

/** Judges every account of a world (or a population) on its own traffic with `detectors`. */
function judge(items: Iterable<{ ex: Exchange; f: ExchangeFeatures }>, records: AccountRecord[], labels: ReadonlyMap<string, Pick<Label, 'label' | 'persona'>>, detectors: readonly DetectorSpec[]): Judged[] {
  const states = new Map<string, AccountState>();
  for (const r of records) states.set(r.account_id, Object.assign(new AccountState(r.account_id), { record: r }));
  const ds = detectors.map((spec) => spec.create(spec.config.parse({})));
  for (const { ex, f } of items) {
    let s = states.get(ex.account_id);
    if (!s) states.set(ex.account_id, (s = new AccountState(ex.account_id)));
    s.update(ex, f);
    for (const d of ds) d.observe?.(s, ex, f);
  }
  const cfg = ScoringConfig.parse({});
  const out: Judged[] = [];
  for (const s of states.values()) {
    const l = labels.get(s.id);
    if (s.n === 0 || !l) continue;
    const signals = ds.flatMap((d) => d.evaluate(s));
    out.push({
      persona: l.persona, campaign: l.label === 'campaign', evalShaped: s.evalShaped(),
      flagged: isFlagged(verdictFor(scoreAccount(s, signals, cfg).score, cfg)),
      signal: signals.find((x) => x.signal === sustainedHarvest.id),
    });
  }
  return out;
}

const without = DETECTORS.filter((d) => d.id !== sustainedHarvest.id);
const corpus = corporaDir();

for (const [name, dir] of [['built-in text', undefined], ['public prompt corpora', corpus]] as const) {
  const skip = name === 'public prompt corpora' && !dir ? ABSENT_MESSAGE : false;

  test(`with ${name}: harvest dressed as benchmark runs is flagged on its own traffic, verified or not, and no benign account gains a flag (evaluators included)`, { skip }, async () => {
    const withIt: Judged[] = [];
    const before: Judged[] = [];
    // three draws of the strategy (verified or not, one to three harness forms, 1–4 samples per item, answer lengths) and the look-alikes
    for (const [scenario, scale, seed] of [['eval_dress', 0.15, 1], ['eval_dress', 0.15, 2], ['eval_dress', 0.15, 3], ['lookalikes', 0.15, 4]] as const) {
      const w = await world({ scenario, scale, seed, days: 7, corpus: dir });
      withIt.push(...judge(w.items, w.records, w.labels, DETECTORS));
      before.push(...judge(w.items, w.records, w.labels, without));
    }
    const dressed = withIt.filter((j) => j.campaign);
    const benign = withIt.filter((j) => !j.campaign);
    const recall = dressed.filter((j) => j.flagged).length / dressed.length;
    const recallBefore = before.filter((j) => j.campaign && j.flagged).length / dressed.length;
    const fpr = benign.filter((j) => j.flagged).length / benign.length;
    const fprBefore = before.filter((j) => !j.campaign && j.flagged).length / benign.length;
    console.log(`${name}: eval-dressed recall ${recall.toFixed(2)} of ${dressed.length} (without the detector ${recallBefore.toFixed(2)}), benign FPR ${fpr.toFixed(4)} of ${benign.length} (without ${fprBefore.toFixed(4)})`);
    assert.ok(dressed.length >= 9, `eval-dressed accounts: ${dressed.length}`);
    assert.ok(recall >= 0.9, `eval-dressed recall ${recall}`);
    assert.equal(dressed.filter((j) => j.evalShaped).length, 0, 'a harvest answered at length was read as a benchmark run');
    assert.deepEqual(benign.filter((j) => j.signal).map((j) => `${j.persona}: ${j.signal!.detail}`), [], 'the signal fired on benign accounts');
    assert.ok(fpr <= fprBefore, `benign FPR ${fpr} with the detector, ${fprBefore} without`);
    assert.ok(benign.length >= 200 && fpr <= 0.02, `benign FPR ${fpr} over ${benign.length}`);
  });
}

test('on the linkage tests\' independent population (public prompt text), researchers running public harnesses keep their benchmark-run reading and no benign persona raises the signal', { skip: corpus ? false : ABSENT_MESSAGE }, () => {
  const pop = buildPopulation({ seed: 6, days: 7, benign: 300, tutees: 40, campus: 30, company: 20, evaluators: 10, researchers: 15, agentic: 3, heavyChatters: 40, suggestApps: 6, relayApps: 6, batchJobs: 6, campaignRate: 40 });
  assert.ok(pop, 'the population needs the corpora');
  const items = [...pop.exchanges].sort((a, b) => a.tsMs - b.tsMs).map((ex) => ({ ex, f: extractFeatures(ex) }));
  const all = judge(items, pop.accounts, pop.labels, DETECTORS);
  const researchers = all.filter((j) => j.persona === 'researcher');
  assert.ok(researchers.length >= 15, `researchers: ${researchers.length}`);
  assert.deepEqual(researchers.filter((j) => !j.evalShaped).map((j) => j.persona), [], 'a researcher lost the benchmark-run reading');
  assert.deepEqual(all.filter((j) => !j.campaign && j.signal).map((j) => `${j.persona}: ${j.signal!.detail}`), []);
});
