/**
 * heldout/v9 (bench/heldout9) writes valid contract input with the promised
 * mess, the same bytes for the same seed, the same campaigns at every benign
 * size and the same per-persona mix. The project's contract parser is used here
 * only to check validity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAccountLine, parseExchangeLine } from '../src/contract/parse.js';
import { BASE_UNITS } from '../bench/heldout9/benign.js';
import { CAMPAIGN_SIZE, QUIET, STRATEGIES } from '../bench/heldout9/campaigns.js';
import { Corpora, corporaDir } from '../bench/heldout9/corpora.js';
import { generateWorld } from '../bench/heldout9/world.js';
import { FROZEN, type WorldSpec } from '../bench/heldout9/worlds.js';
import { MESS, assertDeterministic, assertScales, assertWorld, withWorld, worldLines } from './heldout-checks.js';

const dir = corporaDir();
const skip = dir ? false : 'the public corpora are not at ../shared/corpora';
const corpora = dir ? new Corpora(dir) : undefined;
const x1 = FROZEN.find((w) => w.name === 'v9-x1')!;
const make = (spec: WorldSpec, d: string) => generateWorld(spec, d, corpora!);

test('a heldout/v9 world is valid contract input, labelled, mostly in time order, with the promised mess', { skip }, async () => {
  // seven days: the viral post (day 3), the hackathon (days 5–6) and the first problem-set deadline fall inside them
  await withWorld(make, { ...x1, name: 'v9-test', days: 7 }, (d) => {
    const { labels, perPersona } = assertWorld(d, {
      minLines: 60_000,
      malformed: true,
      minOlder: 0.1,
      mess: [MESS.noRequest(0.01), MESS.offset('+01:00', 0.05), MESS.offset('+08:00', 0.03), MESS.noUserAgent(0.003), MESS.noEndpoint(0.02), MESS.nonAscii(0.01), MESS.rateLimited(0.002), MESS.logprobs(0.02), MESS.seed(0.03), MESS.tools(0.05), MESS.ipv6(0.01)],
      strategies: STRATEGIES,
      minPerStrategy: 50,
      personas: BASE_UNITS.filter((u) => u.persona !== 'dormant').map((u) => u.persona),
    }, { exchange: parseExchangeLine, account: parseAccountLine });
    assert.ok(!perPersona.has('dormant'), 'dormant accounts never send');
    const cids = new Set([...labels.values()].filter((l) => l.label === 'campaign').map((l) => l.campaign_id));
    assert.equal(cids.size, STRATEGIES.length - 1 + QUIET.length, 'one campaign id per strategy, one per quiet single');
    const ls = worldLines(d);
    assert.ok(ls.some((l) => l.length > 200_000), 'the one huge line');
    assert.ok(ls.some((l) => l.includes('\\u200b') || l.includes('\u200b')), 'zero-width characters');
    assert.ok(ls.some((l) => /[\u0430\u0435\u043e\u0440\u0441]/.test(l) && /[a-z]{3}/.test(l)), 'homoglyphs inside Latin text');
  });
});

test('heldout/v9 is deterministic: the same spec writes the same bytes', { skip }, async () => {
  const spec = { ...x1, name: 'v9-det', days: 2 };
  await assertDeterministic(make, spec, { ...spec, campaignSeed: 'another' });
});

test('heldout/v9 benign scales: same campaigns byte for byte, the same persona mix, a larger world contains the smaller', { skip }, async () => {
  const spec = { ...x1, name: 'v9-scale', days: 3 };
  await assertScales(make, spec, { ...spec, benignScale: 3 }, 3, BASE_UNITS, CAMPAIGN_SIZE);
});
