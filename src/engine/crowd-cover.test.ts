/**
 * A campaign hiding inside a benign crowd. The simulator's `crowd_cover`
 * scenario puts three small operations (3–30 accounts each, volume per
 * account, hours, cards shared or not, all drawn per operation) inside
 * hackathons, workshops and labs: they sign up in the crowd's hour from the
 * venue's address and run the crowd's framework (system prompt, tools,
 * client), so every key a fleet shares at sign-up is the crowd's. Beside them
 * more event crowds with nobody hiding in them, and the ordinary background.
 * The operations must still be found on their own harvest, and the
 * attendees must stay free: never blocked, hardly ever flagged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { corporaAvailable, CORPORA_DIR } from '../linkage/testing/population.js';
import { world } from '../detectors/testing/worlds.js';
import { Engine } from './engine.js';
import { accountProfile } from './profile.js';

const skip = corporaAvailable() ? false : `corpora not found at ${CORPORA_DIR}; crowd-cover test skipped`;
const SEEDS = [1, 2, 3];

interface Tally {
  n: number;
  flagged: number;
  blocked: number;
}

async function run(seed: number): Promise<Map<string, Tally>> {
  const w = await world({ scenario: 'crowd_cover', scale: 0.03, seed, days: 4, corpus: CORPORA_DIR });
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 30 }), profile: accountProfile });
  for (const a of w.records) engine.addAccount(a);
  for (const { ex } of w.items) engine.push(ex);
  engine.finish();
  const tally = new Map<string, Tally>();
  for (const v of engine.verdicts()) {
    const label = w.labels.get(v.account_id)!;
    const key = label.label === 'campaign' ? 'campaign' : label.persona;
    const t = tally.get(key) ?? { n: 0, flagged: 0, blocked: 0 };
    t.n++;
    if (v.verdict !== 'allow') t.flagged++;
    if (v.verdict === 'block') t.blocked++;
    tally.set(key, t);
  }
  return tally;
}

test('operations hiding inside event crowds are found on their own harvest, and the attendees stay free', { skip, timeout: 300_000 }, async (t) => {
  const campaign: Tally = { n: 0, flagged: 0, blocked: 0 };
  const crowd: Tally = { n: 0, flagged: 0, blocked: 0 };
  for (const seed of SEEDS) {
    const got = await run(seed);
    for (const [into, key] of [[campaign, 'campaign'], [crowd, 'event_crowd']] as const) {
      const x = got.get(key)!;
      into.n += x.n;
      into.flagged += x.flagged;
      into.blocked += x.blocked;
    }
  }
  const summary = `operations ${campaign.flagged}/${campaign.n} flagged (${campaign.blocked} blocked); attendees ${crowd.flagged}/${crowd.n} flagged (${crowd.blocked} blocked)`;
  t.diagnostic(summary);
  assert.ok(crowd.n >= 300, summary);
  assert.equal(crowd.blocked, 0, summary);
  assert.ok(crowd.flagged <= 0.01 * crowd.n, summary);
  assert.ok(campaign.flagged >= 0.8 * campaign.n, summary);
});
