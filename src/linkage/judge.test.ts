import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INTENT_NAMES } from '../features/types.js';
import { HARVEST_FLOOR, PLAIN_ANSWER_MIN_TOKENS, effectiveHarvest, judge, type ClusterFacts } from './judge.js';

/** A linked group that asks single, distinct, plain questions by machine over many topics: the plain-answer sweep's shape. */
function sweepShaped(outTokens: number): ClusterFacts {
  return {
    n: 4, exchanges: 2200, firstMs: 0, lastMs: 5 * 86_400_000, harvest: 0, singleTurn: 1, distinct: 0.99, crossRepeat: 0, topics: 26,
    automation: 0, clientLib: 1, regularShare: 1, aroundClock: 0, verifiedShare: 0, topOrg: '', topOrgShare: 0.25,
    intent: new Float64Array(INTENT_NAMES.length), coactivity: 1, turnTaking: false, synchronized: false, links: [],
    groupCoverage: [0, 0, 0.5, 1, 0], accountScore: NaN, outTokens,
  };
}

test('a paragraph of product copy per record is processing, not a harvest of answers', () => {
  // four companies writing one SEO paragraph per record from one copied instruction: 185 tokens on average
  const copy = sweepShaped(185);
  assert.ok(effectiveHarvest(copy) < HARVEST_FLOOR);
  assert.equal(judge(copy, 4, 0.5).campaign, false);
  // the same shape with full answers is a plain-answer sweep (the red team's fleets: 470+ tokens at the 5th percentile)
  const fleet = sweepShaped(470);
  assert.ok(effectiveHarvest(fleet) >= 0.45);
  assert.equal(judge(fleet, 4, 0.5).campaign, true);
  assert.ok(PLAIN_ANSWER_MIN_TOKENS > 185 && PLAIN_ANSWER_MIN_TOKENS < 470);
});

test('without usage in the log the answer length is not asked', () => {
  assert.ok(effectiveHarvest(sweepShaped(NaN)) >= 0.45);
});
