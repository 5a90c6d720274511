import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateWorld } from '../simulate/index.js';
import { corporaDir } from '../features/corpora.js';
import { extractFeatures } from '../features/index.js';
import { readExchanges } from '../sources/files.js';
import { AccountState } from '../state/account.js';
import { FOLLOW_SLOTS } from '../state/followups.js';
import { INTENT_NAMES } from '../features/types.js';
import { accountProfile } from './profile.js';
import { eligible, profileOf } from './resemblance.js';
import { AccountMirror, summarize } from './mirror.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const corpus = corporaDir();
const skip = corpus ? false : 'shared corpora absent (../shared/corpora): the mirror test reads a simulated world with real prompt text';

const METHODS = [
  'harvestShare', 'harvestCount', 'textShare', 'singleTurnShare', 'distinctPromptShare', 'clientLibShare', 'systemShare', 'answerLength',
  'quietHours', 'followUps', 'laterFollowUps', 'followUpShare', 'activeHours', 'distinctTopics', 'gapCv', 'evalShaped', 'exchangesPerActiveDay',
  'hourEntropy', 'meanOutputTokens', 'outputInputRatio', 'reasoningShare', 'topicEntropy', 'followsAnswers', 'evalReruns',
] as const;

test('a mirror answers every question the sweep asks of an account as the account state does', { skip, timeout: 5 * 60_000 }, async () => {
  const w = mkdtempSync(join(tmpdir(), 'dg-mirror-'));
  await simulateWorld({ scenario: 'mixed', scale: 0.01, seed: 3, days: 2, corpus: corpus!, out: w });
  const states = new Map<string, AccountState>();
  for await (const batch of readExchanges([join(w, 'logs.jsonl.gz')], () => {}, { lines: 0, bytes: 0, quarantined: 0 }, {})) {
    for (const p of batch) {
      const s = states.get(p.ex.account_id) ?? states.set(p.ex.account_id, new AccountState(p.ex.account_id)).get(p.ex.account_id)!;
      s.update(p.ex, extractFeatures(p.ex));
    }
  }
  const all = [...states.values()];
  assert.ok(all.length > 50 && all.some((s) => s.followUps() > 0), `${all.length} accounts, some following up`);
  // a state's membership changed by a signature match travels; the others' stay with the coordinator
  all[0].campaignId = 'c_x';
  all[0].linkScore = 0.7;
  const sums = summarize(all, (s) => s.n % 2 === 0, new Set([all[0].id]));
  assert.deepEqual(sums.memberships.map((x) => [x.i, x.m.campaignId, x.m.linkScore]), [[0, 'c_x', 0.7]]);
  const a = new Uint32Array(FOLLOW_SLOTS);
  const b = new Uint32Array(FOLLOW_SLOTS);
  all.forEach((s, i) => {
    const m = new AccountMirror(s.id);
    m.take(sums, i);
    for (const k of METHODS) assert.deepEqual(m[k](), s[k](), `${s.id} ${k}`);
    for (let j = 0; j < INTENT_NAMES.length; j++) assert.equal(m.intentMean(j), s.intentMean(j));
    assert.equal(m.n, s.n);
    assert.equal(m.firstMs, s.firstMs);
    assert.equal(m.lastMs, s.lastMs);
    assert.equal(m.scripted, s.laterFollowUps() > 0 && s.n % 2 === 0);
    const na = m.followUpTexts(a);
    assert.deepEqual(a.subarray(0, na), b.subarray(0, s.followUpTexts(b)));
    assert.deepEqual(profileOf(m.asState()), profileOf(s));
    assert.equal(eligible(m.asState()), eligible(s));
    assert.deepEqual(accountProfile(m.asState()), accountProfile(s));
  });
});
