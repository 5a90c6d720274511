import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../contract/types.js';
import { extractFeatures } from '../features/index.js';
import { AccountState } from '../state/account.js';
import { accountFeatures, FEATURE_COUNT, FEATURES, type Membership } from './features.js';

const NONE: Membership = { linkScore: 0, campaignSize: 0, reviewOnly: false, addressHolders: 0 };

function fed(id: string, n: number, prompt: (i: number) => string, ua: string, gapMs: (i: number) => number): AccountState {
  const s = new AccountState(id);
  let t = Date.parse('2026-03-02T08:00:00Z');
  for (let i = 0; i < n; i++) {
    t += gapMs(i);
    const ex = {
      id: `${id}-${i}`, ts: new Date(t).toISOString(), tsMs: t, account_id: id, user_agent: ua, model: 'm', endpoint: 'chat.completions',
      request: { messages: [{ role: 'user', content: prompt(i) }], max_tokens: 4096 },
      response: { text: 'x '.repeat(400) }, usage: { input_tokens: 40, output_tokens: 900 },
    } as unknown as Exchange;
    s.update(ex, extractFeatures(ex));
  }
  return s;
}

test('every feature has a unique name, a description and a sign, and the vector has their length', () => {
  assert.equal(new Set(FEATURES.map((f) => f.name)).size, FEATURE_COUNT);
  for (const f of FEATURES) {
    assert.ok(f.doc.length > 10, f.name);
    assert.ok([-1, 0, 1].includes(f.sign), f.name);
  }
  const x = accountFeatures(new AccountState('empty'), [], NONE, 0, new Float64Array(FEATURE_COUNT));
  assert.equal(x.length, FEATURE_COUNT);
});

test('shares stay in [0, 1], unknowns are NaN rather than made up, and the vector is a pure function of the state', () => {
  const s = fed('a', 60, (i) => `Explain step by step, showing all your reasoning: problem ${i} about ${i % 7} apples`, 'python-httpx/0.27', () => 30_000);
  const sigs = [{ signal: 'content.harvest_intent', score: 0.8, detail: '' }, { signal: 'automation.timing', score: 0.6, detail: '' }];
  const x = accountFeatures(s, sigs, NONE, s.lastMs, new Float64Array(FEATURE_COUNT));
  const y = accountFeatures(s, sigs, NONE, s.lastMs, new Float64Array(FEATURE_COUNT));
  assert.deepEqual(x, y);
  const at = (name: string) => x[FEATURES.findIndex((f) => f.name === name)];
  for (const f of FEATURES) if (f.name.endsWith('_share')) assert.ok(at(f.name) >= 0 && at(f.name) <= 1, `${f.name} ${at(f.name)}`);
  assert.ok(at('harvest_share') > 0.5, 'step-by-step prompts count as harvest');
  assert.equal(at('client_lib_share'), 1);
  assert.ok(Number.isNaN(at('age_log')), 'no account table: age unknown');
  assert.ok(Math.abs(at('content_x_automation') - 0.48) < 1e-9);
  assert.equal(at('det_automation'), 0.6);
  // a browser at human pace
  const h = fed('b', 60, (i) => `what should I cook tonight with ${i} eggs`, 'Mozilla/5.0', (i) => (i % 5 === 0 ? 14 * 3_600_000 : 400_000 + 9_000 * i));
  const xh = accountFeatures(h, [], NONE, h.lastMs, new Float64Array(FEATURE_COUNT));
  assert.equal(xh[FEATURES.findIndex((f) => f.name === 'client_lib_share')], 0);
  assert.ok(xh[FEATURES.findIndex((f) => f.name === 'harvest_share')] < 0.2);
  assert.ok(xh[FEATURES.findIndex((f) => f.name === 'gap_spread')] > x[FEATURES.findIndex((f) => f.name === 'gap_spread')], 'human gaps spread more than a scheduler');
});

test('the detectors added after account-v1 each fill their own slot, and the person / evaluation flags read the state', () => {
  const s = fed('c', 30, (i) => `Explain step by step: item ${i}`, 'python-httpx/0.27', () => 30_000);
  const sigs = [
    { signal: 'mixed.harvest_slice', score: 0.7, detail: '' },
    { signal: 'volume.sustained_harvest', score: 0.2, detail: '' },
    { signal: 'probe.logit_harvest', score: 0.4, detail: '' },
    { signal: 'conversation.reasoning_probe', score: 0.9, detail: '' },
  ];
  const x = accountFeatures(s, sigs, NONE, s.lastMs, new Float64Array(FEATURE_COUNT));
  const at = (name: string) => x[FEATURES.findIndex((f) => f.name === name)];
  assert.equal(at('det_slice'), 0.7);
  assert.equal(at('det_sustained'), 0.2);
  assert.equal(at('det_logit'), 0.4);
  assert.equal(at('det_reasoning_probe'), 0.9);
  for (const d of ['det_automation', 'det_coverage', 'det_tokens', 'det_scripted']) assert.equal(at(d), 0, d);
  assert.equal(at('eval_reruns'), s.evalReruns() ? 1 : 0);
  assert.equal(at('follows_answers'), 0, 'no follow-ups: nothing read');
  assert.equal(at('read_harvest_share'), 0);
  // the same state without those signals: their slots back to 0 (the buffer is reused)
  const y = accountFeatures(s, [], NONE, s.lastMs, x);
  assert.equal(y[FEATURES.findIndex((f) => f.name === 'det_slice')], 0);
});
