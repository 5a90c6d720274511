import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation, CORPORA_DIR, loadCorpus } from '../linkage/testing/population.js';
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

test('evaluators who share a client library and run one public harness over one benchmark are not tied by the benchmark\'s harvest focus', { skip }, () => {
  // twelve unverified accounts, each on its own address, one SDK between them, each running the
  // math evaluations' boxed-answer harness over competition maths on a day of its own
  const items = loadItems();
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 60 }), profile: accountProfile, campaignMinScore: 0 });
  const T0 = Date.parse('2026-06-01T00:00:00Z');
  const ids = Array.from({ length: 12 }, (_, i) => `lab${i}`);
  const exs = [];
  let n = 0;
  for (const [i, id] of ids.entries()) {
    let t = T0 + (i % 4) * 86_400_000 + i * 3_600_000;
    for (let k = 0; k < 220; k++) {
      const q = items[(i * 220 + k) % items.length];
      exs.push({ id: `e${n++}`, ts: new Date(t).toISOString(), tsMs: t, account_id: id, ip: `203.0.113.${10 + i}`, user_agent: 'python-httpx/0.27.2',
        request: { system: 'Please reason step by step, and put your final answer within \\boxed{}.', messages: [{ role: 'user' as const, content: q }], max_tokens: 2048 },
        response: { text: 'step 1 ... \\boxed{7}', stop_reason: 'end_turn' }, usage: { input_tokens: 120, output_tokens: 600 } });
      t += 20_000 + ((k * 7919) % 40_000);
    }
  }
  exs.sort((a, b) => a.tsMs - b.tsMs);
  for (const ex of exs) engine.push(ex);
  engine.finish();
  const flagged = engine.verdicts().filter((x) => x.verdict !== 'allow');
  assert.deepEqual(flagged.map((x) => `${x.account_id} ${x.verdict} ${x.reasons.slice(0, 3).map((r) => r.signal).join(',')}`), [], 'evaluators flagged');
  assert.deepEqual(engine.campaignList(), []);
});

function loadItems(): string[] {
  return loadCorpus('math-competition', 3000).map((p) => p.prompt);
}
