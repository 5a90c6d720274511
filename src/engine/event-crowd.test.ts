/**
 * Event crowds beside a campaign on the same agent framework. A hackathon's
 * attendees share everything a fleet shares at sign-up (the venue's address,
 * sign-ups within one hour, one framework's system prompt, tools and client)
 * and send agent loops all day; a tool-use harvest runs on the same framework.
 * The attendees must not be blocked, nor flagged beyond a few, and the fleet
 * must still be found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation, CORPORA_DIR } from '../linkage/testing/population.js';
import { Engine } from './engine.js';
import { accountProfile } from './profile.js';

const skip = buildPopulation({ seed: 1, days: 1, benign: 1 }) ? false : `corpora not found at ${CORPORA_DIR}; event-crowd test skipped`;

function run(seed: number, more: { eventCrowds?: number; eventTutorial?: boolean; crowdOp?: number } = {}) {
  const pop = buildPopulation({ seed, days: 3, benign: 120, eventCrowds: 4, eventSize: 25, frameworkFleet: 24, hydra: 30, campaignRate: 40, ...more })!;
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 30 }), profile: accountProfile });
  for (const a of pop.accounts) engine.addAccount(a);
  for (const ex of pop.exchanges) engine.push(ex);
  engine.finish();
  const tally = new Map<string, { n: number; flagged: number; blocked: number }>();
  for (const v of engine.verdicts()) {
    const p = pop.labels.get(v.account_id)!.persona;
    const t = tally.get(p) ?? { n: 0, flagged: 0, blocked: 0 };
    t.n++;
    if (v.verdict !== 'allow') t.flagged++;
    if (v.verdict === 'block') t.blocked++;
    tally.set(p, t);
  }
  return tally;
}

test('hackathon attendees on one framework are neither blocked nor flagged as a crowd, and a tool-use fleet on that framework is still found', { skip }, () => {
  for (const seed of [3, 4]) {
    const t = run(seed);
    const crowd = t.get('event_crowd')!;
    assert.equal(crowd.n, 100);
    assert.equal(crowd.blocked, 0, `seed ${seed}: attendees blocked`);
    assert.ok(crowd.flagged <= 2, `seed ${seed}: ${crowd.flagged} of ${crowd.n} attendees flagged`);
    const fleet = t.get('framework_fleet')!;
    assert.ok(fleet.flagged >= 0.9 * fleet.n, `seed ${seed}: framework fleet ${fleet.flagged}/${fleet.n}`);
    const hydra = t.get('hydra')!;
    assert.ok(hydra.blocked >= 0.9 * hydra.n, `seed ${seed}: hydra blocked ${hydra.blocked}/${hydra.n}`);
  }
});

// A tutorial pasted by every crowd on a free tier: an attendee refused on a step while
// others paste it is a chance retry hop, and chance hops grow with the square of the
// crowd. An operation hides in the first crowd and pastes the tutorial too. At 1× and
// 10× the crowds, no attendee is blocked and few are flagged (the flags left are
// attendees whose tool-use traffic reads as harvest on its own), and the fleets are found.
for (const crowds of [4, 40]) {
  test(`attendees pasting a tutorial on a free tier are not blocked through chance retry hops (${crowds} crowds)`, { skip, timeout: 300_000 }, () => {
    const t = run(3, { eventCrowds: crowds, eventTutorial: true, crowdOp: 6 });
    const crowd = t.get('event_crowd')!;
    assert.equal(crowd.n, 25 * crowds);
    assert.equal(crowd.blocked, 0, `attendees blocked`);
    assert.ok(crowd.flagged <= 0.1 * crowd.n, `${crowd.flagged} of ${crowd.n} attendees flagged`);
    assert.ok(t.get('framework_fleet')!.flagged >= 0.9 * 24, 'framework fleet found');
    assert.ok(t.get('hydra')!.blocked >= 0.9 * 30, 'hydra blocked');
  });
}
