/**
 * heldout/v4 (bench/heldout4) writes valid contract input with the promised
 * mess, the same bytes for the same seed, the same campaigns at every benign
 * size and the same per-persona mix. The project's contract parser is used here
 * only to check validity.
 */
import { test } from 'node:test';
import { parseAccountLine, parseExchangeLine } from '../src/contract/parse.js';
import { BASE_UNITS } from '../bench/heldout4/benign.js';
import { STRATEGIES } from '../bench/heldout4/campaigns.js';
import { Corpora, corporaDir } from '../bench/heldout4/corpora.js';
import { generateWorld } from '../bench/heldout4/world.js';
import { FROZEN, type WorldSpec } from '../bench/heldout4/worlds.js';
import { MESS, assertDeterministic, assertScales, assertWorld, withWorld } from './heldout-checks.js';

const dir = corporaDir();
const skip = dir ? false : 'the public corpora are not at ../shared/corpora';
const corpora = dir ? new Corpora(dir) : undefined;
const x1 = FROZEN.find((w) => w.name === 'v4-x1')!;
const make = (spec: WorldSpec, d: string) => generateWorld(spec, d, corpora!);

test('a heldout/v4 world is valid contract input, labelled, mostly in time order, with the promised mess', { skip }, async () => {
  // the first nine days: every strategy but the restarted half of pause_restart has begun
  await withWorld(make, { ...x1, name: 'v4-test', days: 9 }, (d) => {
    // the hackathon is on day 12, after this window
    assertWorld(d, {
      minLines: 15_000, malformed: false, minOlder: 0.2,
      mess: [MESS.noRequest(0.05), MESS.offset('+05:30', 0.15), MESS.noUserAgent(0.15), MESS.nonAscii(0.01), MESS.rateLimited(0.001)],
      strategies: STRATEGIES, minPerStrategy: 100,
      personas: BASE_UNITS.map((u) => u.persona).filter((p) => p !== 'dormant' && p !== 'hackathon'),
    }, { exchange: parseExchangeLine, account: parseAccountLine });
  });
});

test('heldout/v4 is deterministic: the same spec writes the same bytes', { skip }, async () => {
  const spec = { ...x1, name: 'v4-det', days: 2 };
  await assertDeterministic(make, spec, { ...spec, campaignSeed: 'another' });
});

test('heldout/v4 benign scales: same campaigns byte for byte, the same persona mix, a larger world contains the smaller', { skip }, async () => {
  const spec = { ...x1, name: 'v4-scale', days: 3 };
  await assertScales(make, spec, { ...spec, benignScale: 3 }, 3, BASE_UNITS, {});
});
