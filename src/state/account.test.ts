import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../contract/types.js';
import { INTENT_NAMES, type ExchangeFeatures, type IntentName } from '../features/types.js';
import { AccountState, EVIDENCE_SAMPLES, INTENT_ON } from './account.js';

function features(intent: Partial<Record<IntentName, number>>): ExchangeFeatures {
  const all = Object.fromEntries(INTENT_NAMES.map((n) => [n, 0])) as Record<IntentName, number>;
  return {
    promptChars: 40, userTurns: 1, toolTurns: 0, systemHash: 0, promptHash: 1, simHi: 0, simLo: 0, skeletonHash: 0,
    templateBands: new Uint32Array(0), topic: 0, lang: 'en', intent: { ...all, ...intent },
    inputTokens: 10, outputTokens: 100, maxTokens: 0, hitCap: false, toolsOffered: 0, toolCalls: 0,
  };
}

function exchange(i: number): Exchange {
  return { id: `r${i}`, ts: new Date(Date.UTC(2026, 10, 2, 0, i)).toISOString(), tsMs: Date.UTC(2026, 10, 2, 0, i), account_id: 'a1' };
}

test('an evidence sample lists exactly the intents at or above INTENT_ON, in INTENT_NAMES order', () => {
  // every combination of the seven intents, each fired just at the bar or left just below it
  for (let mask = 1; mask < 1 << INTENT_NAMES.length; mask++) {
    const s = new AccountState('a1');
    const intent: Partial<Record<IntentName, number>> = {};
    INTENT_NAMES.forEach((n, b) => (intent[n] = mask & (1 << b) ? INTENT_ON : INTENT_ON - 0.01));
    s.offerEvidence(exchange(0), features(intent), () => 'excerpt', 0);
    const want = INTENT_NAMES.filter((_, b) => mask & (1 << b));
    assert.deepEqual(s.evidence.map((e) => e.intents), [want], `mask ${mask}`);
  }
});

test('plain samples are kept until harvest-like ones arrive, which replace them', () => {
  const s = new AccountState('a1');
  let excerpts = 0;
  const excerpt = () => `e${excerpts++}`;
  for (let i = 0; i < EVIDENCE_SAMPLES + 2; i++) s.offerEvidence(exchange(i), features({}), excerpt, 0);
  assert.equal(s.evidence.length, EVIDENCE_SAMPLES);
  assert.ok(s.evidence.every((e) => e.intents.length === 0));
  // the excerpt is only made for a sample that is kept
  assert.equal(excerpts, EVIDENCE_SAMPLES);
  s.offerEvidence(exchange(20), features({ judge: 0.9 }), excerpt, 0);
  assert.deepEqual(s.evidence.map((e) => e.intents), [['judge']]);
  // a plain exchange after harvest-like ones is not kept
  s.offerEvidence(exchange(21), features({}), excerpt, 0);
  assert.equal(s.evidence.length, 1);
});
