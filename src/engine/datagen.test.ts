import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation, CORPORA_DIR } from '../linkage/testing/population.js';
import { Engine } from './engine.js';
import { accountProfile } from './profile.js';

const pop = buildPopulation({ seed: 31, days: 3, benign: 300, tutees: 40, campus: 30, company: 20, datagen: 60, campaignRate: 30 });
const skip = pop ? false : `corpora not found at ${CORPORA_DIR}; synthetic-data fleet test skipped`;

test('a fleet that asks the model to write training data, each account on its own address and card, is flagged; chat users, developers, tutees, a class and company seats are not', { skip }, () => {
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 30 }), profile: accountProfile, campaignMinScore: 0 });
  for (const a of pop!.accounts) engine.addAccount(a);
  for (const ex of pop!.exchanges) engine.push(ex);
  engine.finish();
  const v = new Map(engine.verdicts().map((x) => [x.account_id, x]));
  const flagged = (persona: string): [number, number] => {
    const ids = [...pop!.labels].filter(([, l]) => l.persona === persona).map(([id]) => id);
    return [ids.filter((id) => v.get(id)!.verdict !== 'allow').length, ids.length];
  };
  const [hit, of] = flagged('datagen');
  assert.ok(hit / of >= 0.9, `synthetic-data fleet recall ${hit}/${of}`);
  const named = [...pop!.labels].filter(([, l]) => l.persona === 'datagen').map(([id]) => v.get(id)!);
  assert.ok(named.some((x) => x.reasons.some((r) => /synthetic training data/.test(r.detail))), 'the reasons name the harvest');
  for (const persona of ['casual', 'developer', 'tutee', 'campus', 'company']) {
    const [n, all] = flagged(persona);
    assert.ok(n <= Math.floor(0.01 * all), `${persona}: ${n}/${all} flagged`);
  }
});
