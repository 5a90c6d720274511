import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation, CORPORA_DIR } from '../linkage/testing/population.js';
import { Engine } from './engine.js';
import { accountProfile } from './profile.js';

const pop = buildPopulation({ seed: 23, days: 4, benign: 200, researchers: 15, loneHarvesters: 15 });
const skip = pop ? false : `corpora not found at ${CORPORA_DIR}; researcher population test skipped`;

test('unverified researchers running public harnesses at volume are left alone; lone harvesters sending the same items at the same volume are flagged', { skip }, () => {
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 60 }), profile: accountProfile });
  for (const a of pop!.accounts) engine.addAccount(a);
  for (const ex of pop!.exchanges) engine.push(ex);
  engine.finish();
  const v = new Map(engine.verdicts().map((x) => [x.account_id, x]));
  const of = (persona: string) => [...pop!.labels].filter(([, l]) => l.persona === persona).map(([id]) => v.get(id)!);
  const researchers = of('researcher');
  const lone = of('lone_harvester');
  assert.equal(researchers.length, 15);
  const flaggedResearchers = researchers.filter((x) => x.verdict !== 'allow');
  assert.deepEqual(flaggedResearchers.map((x) => `${x.account_id} ${x.verdict} ${x.reasons.slice(0, 3).map((r) => r.signal).join(',')}`), [], 'researchers flagged');
  assert.ok(researchers.every((x) => x.reasons.some((r) => r.signal === 'content.evaluation_harness')), 'each researcher\'s reasons say it reads as a benchmark run');
  const caught = lone.filter((x) => x.verdict !== 'allow').length;
  assert.ok(caught >= 14, `lone harvesters flagged ${caught}/${lone.length}`);
  assert.ok(lone.every((x) => !x.reasons.some((r) => r.signal === 'content.evaluation_harness')));
  for (const persona of ['casual', 'developer']) assert.deepEqual(of(persona).filter((x) => x.verdict !== 'allow').map((x) => `${x.account_id} ${x.verdict} ${x.reasons.slice(0, 4).map((r) => r.signal + ' ' + r.detail).join(' | ')}`), [], `${persona} flagged`);
});
