import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation, CORPORA_DIR, type Population } from '../linkage/testing/population.js';
import { DETECTORS } from '../detectors/registry.js';
import type { Verdict } from '../contract/types.js';
import { Engine } from './engine.js';
import { accountProfile } from './profile.js';

const pop = buildPopulation({ seed: 47, days: 3, benign: 300, tutees: 30, campus: 30, company: 20, selfChat: 40, heavyChatters: 40, suggestApps: 6, relayApps: 6, campaignRate: 30 });
const skip = pop ? false : `corpora not found at ${CORPORA_DIR}; self-chat fleet test skipped`;

function scan(p: Population, withScripted: boolean): Map<string, Verdict> {
  const detectors = withScripted ? DETECTORS : DETECTORS.filter((d) => d.id !== 'conversation.scripted');
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 30 }), profile: accountProfile, campaignMinScore: 0, detectors });
  for (const a of p.accounts) engine.addAccount(a);
  for (const ex of p.exchanges) engine.push(ex);
  engine.finish();
  return new Map(engine.verdicts().map((v) => [v.account_id, v]));
}

function flagged(p: Population, v: Map<string, Verdict>, persona: string): [number, number] {
  const ids = [...p.labels].filter(([, l]) => l.persona === persona).map(([id]) => id);
  return [ids.filter((id) => v.get(id)!.verdict !== 'allow').length, ids.length];
}

test('a self-chat fleet (stock follow-ups, own address and card per account) is flagged for review; heavy chatters, apps relaying people’s own conversations or suggested replies, students and seats are not', { skip }, () => {
  const v = scan(pop!, true);
  const [hit, of] = flagged(pop!, v, 'self_chat');
  assert.equal(of, 40);
  assert.ok(hit / of >= 0.9, `self-chat fleet recall ${hit}/${of}`);
  const fleet = [...pop!.labels].filter(([, l]) => l.persona === 'self_chat').map(([id]) => v.get(id)!);
  assert.ok(fleet.some((x) => x.reasons.some((r) => r.signal === 'conversation.scripted' && /repeat a text the account already sent/.test(r.detail))), 'the reasons say why');
  // on its own the signal sends to review; blocking needs campaign evidence
  assert.ok(fleet.every((x) => x.verdict !== 'block' || x.campaign_id !== null), 'blocked without a campaign');
  for (const persona of ['heavy_chatter', 'suggest_app', 'relay_app', 'casual', 'developer', 'tutee', 'campus', 'company']) {
    const [n, all] = flagged(pop!, v, persona);
    assert.ok(all > 0, `${persona} present`);
    assert.ok(n <= Math.floor(0.01 * all), `${persona}: ${n}/${all} flagged`);
  }
});

test('without the scripted-dialogue detector the same fleet goes unflagged', { skip }, () => {
  const v = scan(pop!, false);
  const [hit, of] = flagged(pop!, v, 'self_chat');
  assert.ok(hit / of <= 0.2, `self-chat fleet recall without the detector ${hit}/${of}`);
});
