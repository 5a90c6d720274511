/**
 * The suite every detector passes (STYLE habit 3): it is deterministic, says
 * nothing about an account with no traffic, emits well-formed evidence, and
 * documents what evades it and what it falsely flags.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DETECTORS } from './registry.js';
import { AccountState } from '../state/account.js';
import { extractFeatures } from '../features/index.js';
import type { Exchange } from '../contract/types.js';
import type { Detector } from './detector.js';
import { loadCorpus, withoutCorpora } from '../features/corpora.js';

/** `turns(i)` gives exchange i's user turns (a conversation so far); one turn by default. `d` observes each exchange, as the engine has it do. */
function feed(state: AccountState, n: number, prompt: (i: number) => string, gapMs: (i: number) => number, turns?: (i: number) => string[], d?: Detector): void {
  let t = Date.parse('2026-11-02T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += gapMs(i);
    const users = turns ? turns(i) : [prompt(i)];
    const messages = users.flatMap((content, k) => (k === 0 ? [{ role: 'user' as const, content }] : [{ role: 'assistant' as const, content: 'Sure.' }, { role: 'user' as const, content }]));
    const ex: Exchange = {
      id: `r${i}`, ts: new Date(t).toISOString(), tsMs: t, account_id: state.id, user_agent: turns || i % 2 ? 'python-requests/2.31' : 'Mozilla/5.0',
      request: { messages, max_tokens: 4096 },
      response: { text: 'x'.repeat(2000), stop_reason: i % 5 ? 'end_turn' : 'max_tokens' },
      usage: { input_tokens: 40, output_tokens: 900 }, status: 200,
    };
    const f = extractFeatures(ex);
    state.update(ex, f);
    d?.observe?.(state, ex, f);
  }
}

// real benchmark items when the shared corpora are there, generated ones otherwise
const items = [...loadCorpus('gsm8k', 200), ...loadCorpus('mmlu-redux', 200), ...loadCorpus('code-benchmarks', 200)].map((p) => p.prompt);
const item = (i: number) => items.length ? items[(i * 7919) % items.length] : `Problem ${i}: a train travels ${i * 37 + 11} km through ${['hills', 'towns', 'a desert', 'forests'][i % 4]} in ${i % 9 + 2} hours; what is its speed?`;
const harvest = (i: number) => `Solve the following problem. Think step by step and show all of your reasoning before the final answer.\n\n${item(i)}`;
/** A user simulator's conversations: an item, then three follow-ups from a stock list of five. */
const STOCK = ['Go on.', 'Give me a concrete example.', 'What are the main counterarguments?', 'Summarise the key points.', 'What would an expert add?'];
const selfChat = (i: number): string[] => {
  const c = Math.floor(i / 4);
  return [item(c), ...Array.from({ length: i % 4 }, (_, k) => STOCK[(c * 3 + k) % STOCK.length])];
};
/** A reseller's account: every other exchange an end user's conversation, the others a harvest. */
const USER_CHAT = ['How do I reset the password of my router?', 'It still asks for the old one.', 'Thanks, and how do I change the Wi-Fi name?'];
const resold = (i: number): string[] => (i % 2 ? [harvest(i)] : USER_CHAT.slice(0, 2 + ((i >> 1) % 2)));
/**
 * Detectors whose obvious harvester needs real items: the generated ones share
 * one wording and one topic, so they neither sweep topics nor make a script of
 * distinct openers.
 */
const REAL_ITEMS = new Set(['coverage.sweep', 'conversation.scripted']);
const skipFor = (id: string): false | string => REAL_ITEMS.has(id) && withoutCorpora(`${id}'s obvious harvester needs real benchmark items`);

/** A logit prober: ever-different items, one token of each answer (a different word each time), log-probabilities asked for. */
function feedProbe(state: AccountState, n: number, gapMs: (i: number) => number, d: Detector): void {
  let t = Date.parse('2026-11-02T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += gapMs(i);
    const ex: Exchange = {
      id: `p${i}`, ts: new Date(t).toISOString(), tsMs: t, account_id: state.id, user_agent: 'python-requests/2.31',
      request: { messages: [{ role: 'user', content: item(i) }], max_tokens: 1, logprobs: true, top_logprobs: 20 },
      response: { text: `w${(i * 7919) % 100_003}`, stop_reason: 'max_tokens' },
      usage: { input_tokens: 40, output_tokens: 1 }, status: 200,
    };
    const f = extractFeatures(ex);
    state.update(ex, f);
    d.observe?.(state, ex, f);
  }
}

/**
 * The obvious harvester each detector must fire on: a round-the-clock sweep;
 * for the scripted-dialogue detector a round-the-clock self-chat; for the
 * harvest-slice detector a harvest interleaved with users' conversations over
 * four days (a slice must be sustained over days); for the sustained-harvest
 * detector sixty a day over three days and more; for the reasoning-probe
 * detector the self-chat's conversations, each taken to its fourth turn; for
 * the logit-probe detector one token of each answer to ever-different items.
 */
function obvious(id: string, s: AccountState, n: number, gapMs: (i: number) => number, d: Detector): void {
  if (id === 'conversation.scripted' || id === 'conversation.reasoning_probe') feed(s, n, harvest, gapMs, selfChat, d);
  // a probe keeps a token per request: it needs hundreds of requests where a harvest needs dozens
  else if (id === 'probe.logit_harvest') feedProbe(s, 2 * n, gapMs, d);
  else if (id === 'mixed.harvest_slice') feed(s, n, harvest, (i) => 4 * gapMs(i), resold, d);
  else if (id === 'volume.sustained_harvest') feed(s, n, harvest, (i) => 1_440_000 + (i % 3) * 1000, undefined, d);
  else feed(s, n, harvest, gapMs, undefined, d);
}

for (const spec of DETECTORS) {
  test(`${spec.id}: documents its blind spots and has a valid default config`, () => {
    assert.ok(spec.summary.length > 10);
    assert.ok(spec.evadedBy.length > 10, 'says what evades it');
    assert.ok(spec.falselyFlags.length > 10, 'says what it falsely flags');
    assert.ok(spec.weight > 0);
    assert.doesNotThrow(() => spec.config.parse({}));
  });

  test(`${spec.id}: says nothing about an account without traffic`, () => {
    const d = spec.create(spec.config.parse({}));
    assert.deepEqual(d.evaluate(new AccountState('empty')), []);
  });

  test(`${spec.id}: is deterministic and emits well-formed evidence`, { skip: skipFor(spec.id) }, () => {
    const run = () => {
      const s = new AccountState('acct');
      const d = spec.create(spec.config.parse({}));
      obvious(spec.id, s, 200, (i) => 450_000 + (i % 3) * 1000, d);
      return d.evaluate(s);
    };
    const a = run();
    const b = run();
    assert.deepEqual(a, b);
    assert.ok(a.length > 0, 'the obvious harvester gives evidence to check');
    for (const sig of a) {
      assert.ok(sig.signal.startsWith(spec.id.split('.')[0]), `signal ${sig.signal} is named under its detector`);
      assert.ok(sig.score > 0 && sig.score <= 1, `score ${sig.score} in (0, 1]`);
      assert.ok(sig.detail.length > 10 && !sig.detail.includes('NaN') && !sig.detail.includes('undefined'), `readable detail: ${sig.detail}`);
    }
  });
}

for (const spec of DETECTORS) {
  test(`${spec.id}: fires on a regular, round-the-clock, harvesting account`, { skip: skipFor(spec.id) }, () => {
    const s = new AccountState('bot');
    const d = spec.create(spec.config.parse({}));
    obvious(spec.id, s, 400, () => 240_000, d);
    const sigs = d.evaluate(s);
    assert.ok(sigs.length > 0 && sigs[0].score >= 0.3, `${spec.id} fires on an obvious harvester`);
  });
}
