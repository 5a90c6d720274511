/**
 * heldout/v5 (bench/heldout5) writes valid contract input with the promised
 * mess, the same bytes for the same seed, the same campaigns at every benign
 * size and the same per-persona mix. The project's contract parser is used here
 * only to check validity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAccountLine, parseExchangeLine } from '../src/contract/parse.js';
import { BASE_UNITS } from '../bench/heldout5/benign.js';
import { CAMPAIGN_SIZE, STRATEGIES } from '../bench/heldout5/campaigns.js';
import { Corpora, corporaDir } from '../bench/heldout5/corpora.js';
import { generateWorld } from '../bench/heldout5/world.js';
import { FROZEN, type WorldSpec } from '../bench/heldout5/worlds.js';
import { MESS, assertDeterministic, assertScales, assertWorld, withWorld } from './heldout-checks.js';

const dir = corporaDir();
const skip = dir ? false : 'the public corpora are not at ../shared/corpora';
const corpora = dir ? new Corpora(dir) : undefined;
const x1 = FROZEN.find((w) => w.name === 'v5-x1')!;
const make = (spec: WorldSpec, d: string) => generateWorld(spec, d, corpora!);

test('a heldout/v5 world is valid contract input, labelled, mostly in time order, with the promised mess', { skip }, async () => {
  // eleven days: every workshop day (and the campaign hiding in one) falls inside them
  await withWorld(make, { ...x1, name: 'v5-test', days: 11 }, (d) => {
    const { labels, perPersona } = assertWorld(d, {
      minLines: 30_000, malformed: true, minOlder: 0.2,
      mess: [MESS.noRequest(0.04), MESS.offset('-04:00', 0.15), MESS.noUserAgent(0.15), MESS.nonAscii(0.01), MESS.rateLimited(0.001), MESS.logprobs(0.05), MESS.ipv6(0.05)],
      strategies: STRATEGIES, minPerStrategy: 100,
      personas: BASE_UNITS.map((u) => u.persona).filter((p) => p !== 'dormant'),
    }, { exchange: parseExchangeLine, account: parseAccountLine });
    assert.ok(!perPersona.has('dormant'), 'dormant accounts never send');
    assert.equal(new Set([...labels.values()].filter((l) => l.label === 'campaign').map((l) => l.campaign_id)).size, STRATEGIES.length, 'one campaign id per strategy');
  });
});

test('heldout/v5 is deterministic: the same spec writes the same bytes', { skip }, async () => {
  const spec = { ...x1, name: 'v5-det', days: 2 };
  await assertDeterministic(make, spec, { ...spec, campaignSeed: 'another' });
});

test('heldout/v5 benign scales: same campaigns byte for byte, the same persona mix, a larger world contains the smaller', { skip }, async () => {
  const spec = { ...x1, name: 'v5-scale', days: 3 };
  await assertScales(make, spec, { ...spec, benignScale: 3 }, 3, BASE_UNITS, CAMPAIGN_SIZE);
});
