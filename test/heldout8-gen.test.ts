/**
 * heldout/v8 (bench/heldout8) writes valid contract input with the promised
 * mess, the same bytes for the same seed, the same campaigns at every benign
 * size and the same per-persona mix. The project's contract parser is used here
 * only to check validity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAccountLine, parseExchangeLine } from '../src/contract/parse.js';
import { BASE_UNITS } from '../bench/heldout8/benign.js';
import { CAMPAIGN_SIZE, LONE_SPLIT, STRATEGIES } from '../bench/heldout8/campaigns.js';
import { Corpora, corporaDir } from '../bench/heldout8/corpora.js';
import { generateWorld } from '../bench/heldout8/world.js';
import { FROZEN, type WorldSpec } from '../bench/heldout8/worlds.js';
import { MESS, assertDeterministic, assertScales, assertWorld, withWorld, worldLines } from './heldout-checks.js';

const dir = corporaDir();
const skip = dir ? false : 'the public corpora are not at ../shared/corpora';
const corpora = dir ? new Corpora(dir) : undefined;
const x1 = FROZEN.find((w) => w.name === 'v8-x1')!;
const make = (spec: WorldSpec, d: string) => generateWorld(spec, d, corpora!);

test('a heldout/v8 world is valid contract input, labelled, mostly in time order, with the promised mess', { skip }, async () => {
  // five days: the workshop, the viral post, the first course deadline and a dozen burner waves fall inside them
  await withWorld(make, { ...x1, name: 'v8-test', days: 5 }, (d) => {
    const { labels, perPersona } = assertWorld(d, {
      minLines: 30_000,
      malformed: true,
      minOlder: 0.1,
      mess: [
        MESS.noRequest(0.03), ['with -05:00 or +09:00', (x) => /[+-]0[59]:00$/.test(x.ts), 0.05], MESS.noUserAgent(0.01), MESS.noEndpoint(0.02),
        MESS.nonAscii(0.02), MESS.rateLimited(0.002), MESS.logprobs(0.02), MESS.seed(0.03), MESS.tools(0.05), MESS.ipv6(0.01),
      ],
      strategies: STRATEGIES,
      minPerStrategy: 50,
      personas: BASE_UNITS.map((u) => u.persona).filter((p) => p !== 'dormant'),
    }, { exchange: parseExchangeLine, account: parseAccountLine });
    // a retry hop: the prompt that just got a 429 on one account, re-sent from another within minutes
    let hops = 0;
    const last429 = new Map<string, { t: number; acct: string }>();
    for (const l of worldLines(d)) {
      if (!parseExchangeLine(l).ok) continue;
      const x = JSON.parse(l) as { ts: string; account_id: string; status?: number; request?: { messages?: { content: string }[] } };
      const last = x.request?.messages?.at(-1)?.content;
      if (!last) continue;
      const t = Date.parse(x.ts);
      const prev = last429.get(last);
      if (prev && prev.acct !== x.account_id && t - prev.t < 5 * 60_000 && labels.get(x.account_id)?.label === 'benign') hops++;
      if (x.status === 429) last429.set(last, { t, acct: x.account_id });
    }
    assert.ok(hops >= 5, `only ${hops} benign retry hops to another account after a 429`);
    assert.ok(!perPersona.has('dormant'), 'dormant accounts never send');
    const cids = new Set([...labels.values()].filter((l) => l.label === 'campaign').map((l) => l.campaign_id));
    assert.equal(cids.size, STRATEGIES.length - 1 + LONE_SPLIT.length, 'one campaign id per strategy, one per lone operator');
  });
});

test('heldout/v8 is deterministic: the same spec writes the same bytes', { skip }, async () => {
  const spec = { ...x1, name: 'v8-det', days: 2 };
  await assertDeterministic(make, spec, { ...spec, campaignSeed: 'another' });
});

test('heldout/v8 benign scales: same campaigns byte for byte, the same persona mix, a larger world contains the smaller', { skip }, async () => {
  const spec = { ...x1, name: 'v8-scale', days: 3 };
  await assertScales(make, spec, { ...spec, benignScale: 3 }, 3, BASE_UNITS, CAMPAIGN_SIZE);
});
