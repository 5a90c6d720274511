/**
 * Research labs beside a benchmark harvest, from 1× to 10× the ordinary
 * accounts. A lab's researchers sit behind one campus range, share the
 * harness's stock system prompt and run the first items of public benchmarks
 * at temperature 0, at volume: to the linkage they are a group tied by an
 * address, a range, a system prompt and templates, asking benchmark-style
 * items, and at 1× the clustering joined a lab to the `hydra` fleet (which
 * harvests benchmark items too) and blocked two of its researchers as the
 * fleet's members. What they ask is what every other researcher asks (the same
 * suites from the first item), which a distiller, paying for answers it does
 * not have, never does: such a member joins a campaign only by a fleet's own
 * tie (src/linkage `COMMON_ITEMS`). No benign account may be blocked at any
 * size, the benign false-positive rate stays bounded and does not grow with
 * the population, and the fleets are still found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation } from '../linkage/testing/population.js';
import { Engine } from './engine.js';
import { accountProfile } from './profile.js';

const SIZES = [1, 3, 10];
/** benign false-positive rate allowed at any size (at 1× one account is 0.7%; a lab is 5 or 6 of about 140) */
const MAX_FPR = 0.05;
/** how much higher the rate may be at 10× than at the smaller sizes pooled, beyond their sampling noise */
const MAX_GROWTH = 0.002;
/** share of lab researchers allowed in review over the three sizes (by their own heavy benchmark traffic) */
const MAX_LAB = 0.15;

function run(k: number) {
  const pop = buildPopulation({
    seed: 5, days: 3, benign: 60 * k, chatToolUsers: 30 * k, tutees: 10 * k, benchRunners: k, classes: k, classSize: 30, assignmentShare: 0.3,
    stealth: 20, hydra: 30, campaignRate: 30, benchLabs: k, labSize: 6,
  });
  if (!pop) return null;
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 30 }), profile: accountProfile });
  for (const a of pop.accounts) engine.addAccount(a);
  for (const ex of pop.exchanges) engine.push(ex);
  engine.finish();
  let benign = 0;
  let flagged = 0;
  const blocked: string[] = [];
  const lab = [0, 0];
  const recall = new Map<string, [number, number]>();
  for (const v of engine.verdicts()) {
    const l = pop.labels.get(v.account_id)!;
    const hit = v.verdict !== 'allow';
    if (l.label === 'benign') {
      benign++;
      if (hit) flagged++;
      if (v.verdict === 'block') blocked.push(`${l.persona} ${v.account_id}`);
      if (l.persona === 'lab_researcher') {
        lab[0]++;
        if (hit) lab[1]++;
      }
    } else {
      const r = recall.get(l.persona) ?? [0, 0];
      r[1]++;
      if (hit) r[0]++;
      recall.set(l.persona, r);
    }
  }
  return { benign, flagged, blocked, lab, recall };
}

const skip = buildPopulation({ seed: 1, days: 1, benign: 1 }) ? false : 'corpora not found; population test skipped';

test('research labs running public benchmarks beside a benchmark harvest: none blocked, the benign rate bounded and flat from 1× to 10×, the fleets found', { skip }, () => {
  const rates: number[] = [];
  const sizes: number[] = [];
  const lab = [0, 0];
  for (const k of SIZES) {
    const o = run(k)!;
    assert.ok(o.lab[0] >= 4 * k, `${k}×: ${o.lab[0]} lab researchers`);
    lab[0] += o.lab[0];
    lab[1] += o.lab[1];
    rates.push(o.flagged / o.benign);
    sizes.push(o.benign);
    assert.deepEqual(o.blocked, [], `${k}×: benign accounts blocked`);
    assert.ok(o.flagged <= MAX_FPR * o.benign, `${k}×: ${o.flagged} of ${o.benign} benign accounts flagged`);
    for (const [persona, [hit, of]] of o.recall) assert.ok(hit >= 0.9 * of, `${k}×: ${persona} recall ${hit}/${of}`);
  }
  assert.ok(lab[1] <= MAX_LAB * lab[0], `lab researchers flagged: ${lab[1]} of ${lab[0]} over the three sizes`);
  const n0 = sizes[0] + sizes[1];
  const p0 = (rates[0] * sizes[0] + rates[1] * sizes[1]) / n0;
  const noise = 2 * Math.sqrt((Math.max(p0, 0.005) * (1 - p0)) / n0);
  assert.ok(rates[2] <= p0 + noise + MAX_GROWTH, `benign false-positive rate grows with the population: ${rates.map((r) => (100 * r).toFixed(2) + '%').join(' → ')}`);
});
