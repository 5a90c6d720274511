import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation, CORPORA_DIR, type Population } from '../linkage/testing/population.js';
import { Engine } from './engine.js';
import { accountProfile } from './profile.js';

const pop = buildPopulation({ seed: 23, days: 3, benign: 200, batchJobs: 10, plainSweep: 40, campaignRate: 30 });
const skip = pop ? false : `corpora not found at ${CORPORA_DIR}; plain-answer sweep test skipped`;

function scan(p: Population, withUsage: boolean): Map<string, string> {
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 30 }), profile: accountProfile, campaignMinScore: 0 });
  for (const a of p.accounts) engine.addAccount(a);
  for (const ex of p.exchanges) engine.push(withUsage ? ex : { ...ex, usage: undefined });
  engine.finish();
  return new Map(engine.verdicts().map((v) => [v.account_id, v.verdict]));
}

function share(p: Population, v: Map<string, string>, persona: string): { flagged: number; of: number } {
  const ids = [...p.labels].filter(([, l]) => l.persona === persona).map(([id]) => id);
  return { flagged: ids.filter((id) => v.get(id) !== 'allow').length, of: ids.length };
}

test('companies running one copied instruction over their own records are not a plain-answer sweep; a fleet harvesting full answers to plain instructions is', { skip }, () => {
  const v = scan(pop!, true);
  const batch = share(pop!, v, 'batch_job');
  const plain = share(pop!, v, 'plain_sweep');
  assert.equal(batch.of, 10);
  assert.equal(batch.flagged, 0, `batch jobs flagged: ${batch.flagged}/${batch.of}`);
  assert.ok(plain.flagged / plain.of >= 0.9, `plain sweep recall ${plain.flagged}/${plain.of}`);
  for (const persona of ['casual', 'developer']) assert.equal(share(pop!, v, persona).flagged, 0, persona);
});

test('without usage in the log the answer length is not asked, and the plain-answer sweep is still caught', { skip }, () => {
  const v = scan(pop!, false);
  const plain = share(pop!, v, 'plain_sweep');
  assert.ok(plain.flagged / plain.of >= 0.9, `plain sweep recall ${plain.flagged}/${plain.of}`);
});
