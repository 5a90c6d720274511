/**
 * heldout/v7 (bench/heldout7) writes valid contract input with the promised
 * mess, the same bytes for the same seed, the same campaigns at every benign
 * size and the same per-persona mix. The project's contract parser is used here
 * only to check validity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAccountLine, parseExchangeLine } from '../src/contract/parse.js';
import { BASE_UNITS } from '../bench/heldout7/benign.js';
import { CAMPAIGN_SIZE, LONE_SPLIT, STRATEGIES } from '../bench/heldout7/campaigns.js';
import { Corpora, corporaDir } from '../bench/heldout7/corpora.js';
import { generateWorld } from '../bench/heldout7/world.js';
import { FROZEN, type WorldSpec } from '../bench/heldout7/worlds.js';
import { MESS, assertDeterministic, assertScales, assertWorld, withWorld } from './heldout-checks.js';

const dir = corporaDir();
const skip = dir ? false : 'the public corpora are not at ../shared/corpora';
const corpora = dir ? new Corpora(dir) : undefined;
const x1 = FROZEN.find((w) => w.name === 'v7-x1')!;
const make = (spec: WorldSpec, d: string) => generateWorld(spec, d, corpora!);

test('a heldout/v7 world is valid contract input, labelled, mostly in time order, with the promised mess', { skip }, async () => {
  // seven days: the hackathon weekend, the first throwaway waves and the model release fall inside them
  await withWorld(make, { ...x1, name: 'v7-test', days: 8 }, (d) => {
    const { labels, perPersona } = assertWorld(d, {
      minLines: 30_000, malformed: true, minOlder: 0.1,
      mess: [MESS.noRequest(0.03), MESS.offset('+01:00', 0.05), MESS.noUserAgent(0.01), MESS.noEndpoint(0.02), MESS.nonAscii(0.02), MESS.rateLimited(0.002), MESS.logprobs(0.02), MESS.seed(0.03), MESS.tools(0.05), MESS.ipv6(0.01)],
      strategies: STRATEGIES, minPerStrategy: 50,
      personas: BASE_UNITS.map((u) => u.persona).filter((p) => p !== 'dormant'),
    }, { exchange: parseExchangeLine, account: parseAccountLine });
    assert.ok(!perPersona.has('dormant'), 'dormant accounts never send');
    assert.equal(new Set([...labels.values()].filter((l) => l.label === 'campaign').map((l) => l.campaign_id)).size, STRATEGIES.length - 1 + LONE_SPLIT.length, 'one campaign id per strategy, one per lone operator');
  });
});

test('heldout/v7 is deterministic: the same spec writes the same bytes', { skip }, async () => {
  const spec = { ...x1, name: 'v7-det', days: 2 };
  await assertDeterministic(make, spec, { ...spec, campaignSeed: 'another' });
});

test('heldout/v7 benign scales: same campaigns byte for byte, the same persona mix, a larger world contains the smaller', { skip }, async () => {
  const spec = { ...x1, name: 'v7-scale', days: 3 };
  await assertScales(make, spec, { ...spec, benignScale: 3 }, 3, BASE_UNITS, CAMPAIGN_SIZE);
});
