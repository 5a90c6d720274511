import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation, CORPORA_DIR, SELF_CHAT_STOCK, type Population } from '../linkage/testing/population.js';
import { DETECTORS } from '../detectors/registry.js';
import type { Verdict } from '../contract/types.js';
import { Engine } from './engine.js';
import { accountProfile } from './profile.js';

const pop = buildPopulation({ seed: 47, days: 3, benign: 300, tutees: 30, campus: 30, company: 20, selfChat: 40, heavyChatters: 40, suggestApps: 6, relayApps: 6, campaignRate: 30 });
const skip = pop ? false : `corpora not found at ${CORPORA_DIR}; self-chat fleet test skipped`;

function run(p: Population, withScripted: boolean, scriptCohorts = true): Engine {
  const detectors = withScripted ? DETECTORS : DETECTORS.filter((d) => d.id !== 'conversation.scripted');
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 30 }), profile: accountProfile, campaignMinScore: 0, detectors, scriptCohorts });
  for (const a of p.accounts) engine.addAccount(a);
  for (const ex of p.exchanges) engine.push(ex);
  engine.finish();
  return engine;
}

function scan(p: Population, withScripted: boolean, scriptCohorts = true): Map<string, Verdict> {
  return new Map(run(p, withScripted, scriptCohorts).verdicts().map((v) => [v.account_id, v]));
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

test('the fleet is listed as one campaign by the stock follow-ups its accounts share, and found earlier; no benign account joins it', { skip }, () => {
  const engine = run(pop!, true);
  const v = new Map(engine.verdicts().map((x) => [x.account_id, x]));
  const fleet = new Set([...pop!.labels].filter(([, l]) => l.persona === 'self_chat').map(([id]) => id));
  const cohorts = engine.campaignList().filter((c) => c.signals.includes('campaign.script'));
  assert.equal(cohorts.length, 1, `script cohorts: ${cohorts.map((c) => c.summary).join(' | ')}`);
  const members = cohorts[0].accounts;
  assert.ok(members.filter((id) => fleet.has(id)).length >= 36, `fleet accounts in the cohort: ${members.filter((id) => fleet.has(id)).length}/40`);
  assert.deepEqual(members.filter((id) => !fleet.has(id)), [], 'benign accounts in the cohort');
  assert.match(cohorts[0].summary, /same \d+ stock follow-ups/);
  // and quotes some of them as the accounts wrote them (half the fleet adds noise after the text)
  const quoted = [...cohorts[0].summary.matchAll(/“([^”]*)”/g)].map((m) => m[1]);
  assert.ok(quoted.length > 0 && quoted.every((q) => SELF_CHAT_STOCK.some((t) => q.startsWith(t))), `quoted: ${quoted.join(' | ')}`);
  // accounts joined on the script alone are for review, and say which texts they share
  const joined = members.map((id) => v.get(id)!).filter((x) => x.reasons.some((r) => r.signal === 'campaign.script' && /stock follow-ups of \d+ accounts caught/.test(r.detail)));
  assert.ok(joined.length > 0, 'no account was joined through the script');
  assert.ok(joined.every((x) => x.verdict === 'review'), 'an account joined through the script alone was blocked');
  // found earlier than account by account: the median time flagged moves forward
  const without = scan(pop!, true, false);
  const median = (m: Map<string, Verdict>): number => {
    const t = [...fleet].map((id) => m.get(id)!.flagged_at).map((x) => (x ? Date.parse(x) : Infinity)).sort((a, b) => a - b);
    return t[t.length >> 1];
  };
  assert.ok(median(v) < median(without) - 3_600_000, `median flagged at ${new Date(median(v)).toISOString()} with cohorts, ${new Date(median(without)).toISOString()} without`);
  for (const [id, l] of pop!.labels) if (l.persona !== 'self_chat') assert.equal(v.get(id)!.verdict, without.get(id)!.verdict, `${l.persona} ${id}: the cohort changed a benign verdict`);
});

test('a fleet with a list of 20 follow-ups that is most of the accounts following up is still found through its script, well before the end', { skip }, () => {
  // too long a list for most accounts to repeat themselves soon; 80 accounts beside 180 ordinary ones.
  // Its accounts not caught yet send its texts too: counted in the base rate, they made the
  // script look ordinary; they run around the clock, and the base rate is people's.
  const list = [
    ...SELF_CHAT_STOCK, 'Go deeper on the second point.', 'What would an expert add?', 'Give a counterexample.', 'How does this apply in practice?',
    'What are common mistakes here?', 'Compare it with an alternative.', 'List the key steps again.', 'What is the history behind this?',
    'Rewrite that for a beginner.', 'What questions remain open?', 'Add a short quiz at the end.', 'Which sources support this?',
  ];
  const p = buildPopulation({ seed: 9, days: 4, benign: 100, chatToolUsers: 60, heavyChatters: 20, selfChat: 80, selfChatStock: list, campaignRate: 30 })!;
  const v = scan(p, true);
  const fleet = [...p.labels].filter(([, l]) => l.persona === 'self_chat').map(([id]) => v.get(id)!);
  const t = fleet.map((x) => (x.flagged_at ? Date.parse(x.flagged_at) : Infinity)).sort((a, b) => a - b);
  assert.ok(fleet.filter((x) => x.verdict !== 'allow').length >= 76, `recall ${fleet.filter((x) => x.verdict !== 'allow').length}/80`);
  assert.ok(t[t.length >> 1] <= p.endMs - 12 * 3_600_000, `median flagged at ${new Date(t[t.length >> 1]).toISOString()}, the log ends ${new Date(p.endMs).toISOString()}`);
  const [benign, of] = [...p.labels].filter(([, l]) => l.label === 'benign').reduce(([n, m], [id]) => [n + ((v.get(id)?.verdict ?? 'allow') !== 'allow' ? 1 : 0), m + 1], [0, 0]);
  assert.ok(benign <= 0.01 * of, `benign flagged ${benign}/${of}`);
});
