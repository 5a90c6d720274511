import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../contract/types.js';
import { extractFeatures } from './index.js';
import { shortAnswerHash } from './extract.js';

const ex = (request: Exchange['request'], text?: string): Exchange => ({ id: 'r', ts: '2026-11-02T00:00:00Z', tsMs: 0, account_id: 'a', request, response: text === undefined ? undefined : { text } });

test('a short answer is hashed up to case, space and punctuation; a long or absent one is not', () => {
  assert.equal(shortAnswerHash('Positive.'), shortAnswerHash(' positive'));
  assert.notEqual(shortAnswerHash('positive'), shortAnswerHash('negative'));
  assert.ok(shortAnswerHash('B') !== 0);
  assert.equal(shortAnswerHash('a sentence that runs well past the thirty-two characters of a label'), 0);
  assert.equal(shortAnswerHash(undefined), 0);
  assert.equal(extractFeatures(ex({ messages: [{ role: 'user', content: 'q' }] }, 'Yes')).answerHash, shortAnswerHash('yes'));
});

test('the probing fields reach the features: log-probabilities asked for, the bias summary, and nothing when they are absent', () => {
  const bias = { count: 300, min: 100, max: 100, lo: 5, hi: 304 };
  const f = extractFeatures(ex({ messages: [{ role: 'user', content: 'q' }], max_tokens: 1, logprobs: true, top_logprobs: 20, logit_bias: bias }, 'x'));
  assert.equal(f.logprobs, 21);
  assert.equal(f.biasTokens, 300);
  assert.ok(f.biasKey !== 0);
  assert.notEqual(f.biasKey, extractFeatures(ex({ logit_bias: { ...bias, lo: 305, hi: 604 } })).biasKey, 'a moved window is another bias');
  const none = extractFeatures(ex({ messages: [{ role: 'user', content: 'q' }] }));
  assert.deepEqual([none.logprobs, none.biasTokens, none.biasKey], [0, 0, 0]);
});
