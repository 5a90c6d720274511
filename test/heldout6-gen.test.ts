/**
 * heldout/v6 (bench/heldout6) writes valid contract input with the promised
 * mess, the same bytes for the same seed, the same campaigns at every benign
 * size and the same per-persona mix. The project's contract parser is used here
 * only to check validity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAccountLine, parseExchangeLine } from '../src/contract/parse.js';
import { BASE_UNITS } from '../bench/heldout6/benign.js';
import { CAMPAIGN_SIZE, STRATEGIES } from '../bench/heldout6/campaigns.js';
import { Corpora, corporaDir } from '../bench/heldout6/corpora.js';
import { generateWorld } from '../bench/heldout6/world.js';
import { FROZEN, type WorldSpec } from '../bench/heldout6/worlds.js';
import { MESS, assertDeterministic, assertScales, assertWorld, withWorld } from './heldout-checks.js';

const dir = corporaDir();
const skip = dir ? false : 'the public corpora are not at ../shared/corpora';
const corpora = dir ? new Corpora(dir) : undefined;
const x1 = FROZEN.find((w) => w.name === 'v6-x1')!;
const make = (spec: WorldSpec, d: string) => generateWorld(spec, d, corpora!);

test('a heldout/v6 world is valid contract input, labelled, mostly in time order, with the promised mess', { skip }, async () => {
  // eight days: the hackathon weekend (and the campaign hiding in it) and the first throwaway waves fall inside them
  await withWorld(make, { ...x1, name: 'v6-test', days: 8 }, (d) => {
    const { labels, perPersona } = assertWorld(d, {
      minLines: 30_000, malformed: true, minOlder: 0.2,
      mess: [MESS.noRequest(0.05), MESS.offset('+05:30', 0.2), MESS.noUserAgent(0.1), MESS.nonAscii(0.02), MESS.rateLimited(0.002), MESS.logprobs(0.03), MESS.seed(0.05), MESS.ipv6(0.01)],
      strategies: STRATEGIES, minPerStrategy: 100,
      personas: BASE_UNITS.map((u) => u.persona).filter((p) => p !== 'dormant'),
    }, { exchange: parseExchangeLine, account: parseAccountLine });
    assert.ok(!perPersona.has('dormant'), 'dormant accounts never send');
    assert.equal(new Set([...labels.values()].filter((l) => l.label === 'campaign').map((l) => l.campaign_id)).size, STRATEGIES.length, 'one campaign id per strategy');
  });
});

test('heldout/v6 is deterministic: the same spec writes the same bytes', { skip }, async () => {
  const spec = { ...x1, name: 'v6-det', days: 2 };
  await assertDeterministic(make, spec, { ...spec, campaignSeed: 'another' });
});

test('heldout/v6 benign scales: same campaigns byte for byte, the same persona mix, a larger world contains the smaller', { skip }, async () => {
  const spec = { ...x1, name: 'v6-scale', days: 3 };
  await assertScales(make, spec, { ...spec, benignScale: 3 }, 3, BASE_UNITS, CAMPAIGN_SIZE);
});
