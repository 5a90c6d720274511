import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation, CORPORA_DIR, PLAIN_WRAPPERS, type Population } from '../linkage/testing/population.js';
import { Engine } from './engine.js';
import { accountProfile } from './profile.js';

// A fleet with the stealth cover whose wrappers use none of the content lexicon's words:
// what the detectors would meet from an operator with wordings of its own.
const pop = buildPopulation({ seed: 71, days: 3, benign: 300, campus: 30, company: 20, batchJobs: 10, tutees: 30, framed: 40, campaignRate: 30 });
const skip = pop ? false : `corpora not found at ${CORPORA_DIR}; framed-fleet test skipped`;

function scan(p: Population, frameCohorts = true) {
  const linkage = createLinkage({ sweepEveryMinutes: 30 });
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage, profile: accountProfile, campaignMinScore: 0, frameCohorts });
  for (const a of p.accounts) engine.addAccount(a);
  for (const ex of p.exchanges) engine.push(ex);
  engine.finish();
  return { verdicts: new Map(engine.verdicts().map((v) => [v.account_id, v])), campaigns: engine.campaignList() };
}

test('the wrappers of the framed fleet carry no extraction intent of their own', () => {
  const item = 'Write a short product description for a reusable water bottle made of recycled steel, aimed at hikers and commuters.';
  for (const [pre, post] of PLAIN_WRAPPERS) {
    const f = extractFeatures({ id: 'w', ts: '2026-11-02T00:00:00Z', tsMs: 0, account_id: 'a', request: { messages: [{ role: 'user', content: `${pre}${item}${post}` }] } });
    assert.ok(Math.max(...Object.values(f.intent)) < 0.5, `${JSON.stringify(pre + post)}: ${JSON.stringify(f.intent)}`);
  }
});

test('a fleet sharing wrappers the lexicon does not know is found by the frames it shares, for review; at most 1% of legitimate accounts change verdict and none is blocked', { skip }, () => {
  const on = scan(pop!);
  const off = scan(pop!, false);
  const fleet = [...pop!.labels].filter(([, l]) => l.persona === 'framed').map(([id]) => id);
  const caught = fleet.filter((id) => on.verdicts.get(id)!.verdict !== 'allow');
  const without = fleet.filter((id) => off.verdicts.get(id)!.verdict !== 'allow');
  assert.ok(caught.length / fleet.length >= 0.8, `framed fleet recall ${caught.length}/${fleet.length}`);
  // the per-account detectors alone find part of it; the cohorts add a quarter of the fleet or more
  assert.ok((caught.length - without.length) / fleet.length >= 0.25, `without frame cohorts ${without.length}, with ${caught.length} of ${fleet.length}`);
  // frames draw no edge, so no reason or linkage campaign names them as a link
  for (const v of on.verdicts.values()) assert.ok(!v.reasons.some((r) => r.signal === 'linkage.frame'), `${v.account_id} names a frame link`);
  for (const c of on.campaigns) if (!c.signals.includes('campaign.frames')) assert.ok(!c.signals.includes('linkage.frame'), `${c.campaign_id} lists frames as a link`);
  const cohorts = on.campaigns.filter((c) => c.signals.includes('campaign.frames'));
  assert.ok(cohorts.length >= 1);
  for (const c of cohorts) for (const id of c.accounts) assert.equal(pop!.labels.get(id)!.label, 'campaign', `${id} (${pop!.labels.get(id)!.persona}) in a frame cohort`);
  // on frames alone: review, never block
  for (const id of fleet) {
    const v = on.verdicts.get(id)!;
    if (v.reasons[0]?.signal === 'campaign.frames') assert.notEqual(v.verdict, 'block');
  }
  // flagging the fleet can move a look-alike into a campaign's behaviour region (resemblance, review only):
  // at most 1% of legitimate accounts change verdict, and none is blocked for it
  const benign = [...pop!.labels].filter(([, l]) => l.label === 'benign').map(([id]) => id);
  const changed = benign.filter((id) => on.verdicts.get(id)!.verdict !== off.verdicts.get(id)!.verdict);
  assert.ok(changed.length <= Math.floor(0.01 * benign.length), `benign verdicts changed: ${changed.length}/${benign.length}`);
  assert.ok(changed.every((id) => on.verdicts.get(id)!.verdict !== 'block'), 'a legitimate account blocked');
});
