import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation, CORPORA_DIR } from '../linkage/testing/population.js';
import type { Exchange } from '../contract/types.js';
import { Engine } from './engine.js';
import { accountProfile } from './profile.js';

// A provider that logs metadata only: the same labelled traffic with every request and response
// removed (contract §1: `request` is absent when the provider keeps no content); usage stays.
const pop = buildPopulation({ seed: 61, days: 3, benign: 300, campus: 30, company: 20, evaluators: 3, agentic: 10, hydra: 150, stealth: 50, batchJobs: 10, campaignRate: 30 });
const skip = pop ? false : `corpora not found at ${CORPORA_DIR}; metadata-only test skipped`;

function scan(exchanges: Exchange[]) {
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 30 }), profile: accountProfile, campaignMinScore: 0 });
  for (const a of pop!.accounts) engine.addAccount(a);
  for (const ex of exchanges) engine.push(ex);
  engine.finish();
  return engine;
}

test('with no prompt text in the log, a fleet tied by cards and addresses is found for review, and no legitimate account is flagged', { skip }, () => {
  const bare = pop!.exchanges.map(({ request: _q, response: _r, ...rest }) => rest as Exchange);
  const engine = scan(bare);
  const verdicts = new Map(engine.verdicts().map((v) => [v.account_id, v]));
  const of = (pred: (l: { label: string; persona: string }) => boolean) => [...pop!.labels].filter(([, l]) => pred(l)).map(([id]) => verdicts.get(id)!);
  const hydra = of((l) => l.persona === 'hydra');
  assert.ok(hydra.length >= 100, `hydra accounts: ${hydra.length}`);
  const caught = hydra.filter((v) => v.verdict !== 'allow');
  assert.ok(caught.length / hydra.length >= 0.8, `hydra recall without text ${caught.length}/${hydra.length}`);
  // without the prompts nothing shows what was asked: review, never block
  assert.ok(caught.every((v) => v.verdict === 'review'), 'a metadata-only campaign blocked an account');
  const campaigns = engine.campaignList().filter((c) => c.signals.includes('campaign.without_text'));
  assert.ok(campaigns.length >= 1);
  assert.match(campaigns[0].summary, /judged without their prompts/);
  const benign = of((l) => l.label === 'benign');
  const wrong = benign.filter((v) => v.verdict !== 'allow');
  assert.ok(wrong.length <= Math.floor(0.01 * benign.length), `benign flagged without text: ${wrong.length}/${benign.length}`);
});

test('the same traffic with its text is judged on content as before (no campaign is marked as judged without text)', { skip }, () => {
  const engine = scan(pop!.exchanges);
  assert.equal(engine.campaignList().filter((c) => c.signals.includes('campaign.without_text')).length, 0);
  const hydra = [...pop!.labels].filter(([, l]) => l.persona === 'hydra').map(([id]) => id);
  const v = new Map(engine.verdicts().map((x) => [x.account_id, x]));
  assert.ok(hydra.filter((id) => v.get(id)!.verdict === 'block').length / hydra.length >= 0.8, 'the fleet is blocked when its prompts are known');
});
