import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../contract/types.js';
import { INTENT_NAMES, type ExchangeFeatures, type IntentName } from '../features/types.js';
import { AccountState } from './account.js';
import { FOLLOW_SLOTS, FOLLOW_WARMUP, FOLLOW_WORDS, FollowUp, followUpCount, isFollowUp, noteFollowUp, stockShare } from './followups.js';
import { mulberry32 } from '../util/random.js';

test('a stock list of eight is found again and again once the warm-up is over; follow-ups written afresh are not', () => {
  const rnd = mulberry32(5);
  const stock = new Uint32Array(FOLLOW_WORDS + 3);
  const fresh = new Uint32Array(FOLLOW_WORDS + 3);
  for (let i = 0; i < 200; i++) {
    noteFollowUp(stock, 3, 1000 + Math.floor(rnd() * 8));
    noteFollowUp(fresh, 3, 5000 + i);
  }
  assert.equal(followUpCount(stock, 3, FollowUp.All), 200);
  assert.equal(followUpCount(stock, 3, FollowUp.Later), 200 - FOLLOW_WARMUP);
  // at most eight first uses, some of them inside the warm-up
  assert.ok(stockShare(stock, 3) >= (200 - FOLLOW_WARMUP - 8) / (200 - FOLLOW_WARMUP), `stock ${stockShare(stock, 3)}`);
  assert.equal(stockShare(fresh, 3), 0);
  // the run stays inside its words: the three before it are untouched
  assert.deepEqual([...stock.subarray(0, 3)], [0, 0, 0]);
});

test('a person who reuses a few stock phrases half of the time stays far below a simulator', () => {
  const rnd = mulberry32(9);
  const run = new Uint32Array(FOLLOW_WORDS);
  for (let i = 0; i < 300; i++) noteFollowUp(run, 0, rnd() < 0.5 ? 1 + Math.floor(rnd() * 6) : 100 + i);
  const share = stockShare(run, 0);
  // the unique half pushes the stock phrases out of the sixteen slots now and then
  assert.ok(share > 0.2 && share < 0.55, `share ${share}`);
});

test('memory is fixed: a list longer than the slots is only partly remembered', () => {
  const run = new Uint32Array(FOLLOW_WORDS);
  for (let lap = 0; lap < 10; lap++) for (let k = 0; k < 2 * FOLLOW_SLOTS; k++) noteFollowUp(run, 0, 7 + k);
  // first in, first out over a cycle twice the slots: nothing is ever found again
  assert.equal(followUpCount(run, 0, FollowUp.Stock), 0);
  assert.equal(run.length, FOLLOW_WORDS);
});

test('a follow-up is a user turn after an answer; a tool loop step is not', () => {
  assert.equal(isFollowUp(1, 0), false);
  assert.equal(isFollowUp(2, 0), true);
  assert.equal(isFollowUp(2, 1), false);
});

function features(userTurns: number, promptHash: number): ExchangeFeatures {
  const all = Object.fromEntries(INTENT_NAMES.map((n) => [n, 0])) as Record<IntentName, number>;
  return {
    promptChars: 40, userTurns, toolTurns: 0, systemHash: 0, promptHash, simHi: promptHash, simLo: 0, skeletonHash: 0,
    templateBands: new Uint32Array(0), topic: promptHash % 8, lang: 'en', intent: all,
    inputTokens: 10, outputTokens: 100, maxTokens: 0, hitCap: false, toolsOffered: 0, toolCalls: 0,
  };
}

test('an account counts its follow-ups and their stock share, and knows its quiet hours', () => {
  const s = new AccountState('a1');
  const at = (h: number, m: number): Exchange => {
    const tsMs = Date.UTC(2026, 10, 2 + Math.floor(m / 60), h, m % 60);
    return { id: `r${h}-${m}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: 'a1' };
  };
  // 40 conversations of one opener and three follow-ups from a list of four, at 8:00-21:59 only
  for (let c = 0; c < 40; c++) {
    const h = 8 + (c % 14);
    s.update(at(h, c * 4), features(1, 10_000 + c));
    for (let k = 1; k <= 3; k++) s.update(at(h, c * 4 + k), features(2, 1 + ((c + k) % 4)));
  }
  assert.equal(s.followUpShare(), 0.75);
  assert.equal(s.laterFollowUps(), 120 - FOLLOW_WARMUP);
  assert.equal(s.stockFollowUpShare(), 1);
  // quiet from 22:00 to 7:59, across midnight
  assert.equal(s.quietHours(), 10);
  s.update(at(3, 0), features(1, 99));
  assert.equal(s.quietHours(), 5);
});
