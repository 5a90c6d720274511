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

function scan(p: Population, frameWeight?: number) {
  const linkage = createLinkage({ sweepEveryMinutes: 30, ...(frameWeight === undefined ? {} : { weights: { frame: frameWeight } }) });
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage, profile: accountProfile, campaignMinScore: 0 });
  for (const a of p.accounts) engine.addAccount(a);
  for (const ex of p.exchanges) engine.push(ex);
  engine.finish();
  return new Map(engine.verdicts().map((v) => [v.account_id, v]));
}

test('the wrappers of the framed fleet carry no extraction intent of their own', () => {
  const item = 'Write a short product description for a reusable water bottle made of recycled steel, aimed at hikers and commuters.';
  for (const [pre, post] of PLAIN_WRAPPERS) {
    const f = extractFeatures({ id: 'w', ts: '2026-11-02T00:00:00Z', tsMs: 0, account_id: 'a', request: { messages: [{ role: 'user', content: `${pre}${item}${post}` }] } });
    assert.ok(Math.max(...Object.values(f.intent)) < 0.5, `${JSON.stringify(pre + post)}: ${JSON.stringify(f.intent)}`);
  }
});

test('a fleet sharing wrappers the lexicon does not know is found by its shared frames; no legitimate account is blocked', { skip }, () => {
  const v = scan(pop!);
  const ids = (persona: string) => [...pop!.labels].filter(([, l]) => l.persona === persona).map(([id]) => id);
  const fleet = ids('framed');
  const caught = fleet.filter((id) => v.get(id)!.verdict !== 'allow');
  assert.ok(caught.length / fleet.length >= 0.6, `framed fleet recall ${caught.length}/${fleet.length}`);
  const benign = [...pop!.labels].filter(([, l]) => l.label === 'benign').map(([id]) => v.get(id)!);
  assert.ok(benign.filter((x) => x.verdict !== 'allow').length <= Math.floor(0.01 * benign.length), 'benign flagged');
  assert.equal(benign.filter((x) => x.verdict === 'block').length, 0, 'benign blocked');
  // without the frame keys (weight 0) the per-account detectors still find part of it; the frames add a quarter of the fleet or more
  const off = scan(pop!, 0);
  const without = fleet.filter((id) => off.get(id)!.verdict !== 'allow');
  assert.ok((caught.length - without.length) / fleet.length >= 0.25, `without frames ${without.length}, with ${caught.length} of ${fleet.length}`);
});
