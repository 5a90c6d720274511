/**
 * heldout/v8 (bench/heldout8) writes valid contract input with the promised
 * mess, the same bytes for the same seed, the same campaigns at every benign
 * size and the same per-persona mix. The project's contract parser is used here
 * only to check validity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAccountLine, parseExchangeLine } from '../src/contract/parse.js';
import { BASE_UNITS } from '../bench/heldout8/benign.js';
import { CAMPAIGN_SIZE, LONE_SPLIT, STRATEGIES } from '../bench/heldout8/campaigns.js';
import { Corpora, corporaDir } from '../bench/heldout8/corpora.js';
import { generateWorld } from '../bench/heldout8/world.js';
import { FROZEN, type WorldSpec } from '../bench/heldout8/worlds.js';
import { assertDeterministic, assertScales, withWorld, worldLabels, worldLines } from './heldout-checks.js';

const dir = corporaDir();
const skip = dir ? false : 'the public corpora are not at ../shared/corpora';
const corpora = dir ? new Corpora(dir) : undefined;
const x1 = FROZEN.find((w) => w.name === 'v8-x1')!;
const make = (spec: WorldSpec, d: string) => generateWorld(spec, d, corpora!);

test('a heldout/v8 world is valid contract input, labelled, mostly in time order, with the promised mess', { skip }, async () => {
  // five days: the workshop, the viral post, the first course deadline and a dozen burner waves fall inside them
  await withWorld(make, { ...x1, name: 'v8-test', days: 5 }, (d) => {
    const ls = worldLines(d);
    assert.ok(ls.length > 30_000, `only ${ls.length} exchanges`);
    const labels = new Map(worldLabels(d).map((l) => [l.account_id, l]));
    const accounts = readFileSync(join(d, 'accounts.jsonl'), 'utf8').split('\n').filter(Boolean);
    for (const a of accounts) assert.ok(parseAccountLine(a).ok, a);
    assert.equal(accounts.length, labels.size, 'one account row per label');
    const created = new Map(accounts.map((a) => JSON.parse(a) as { account_id: string; created_at: string }).map((a) => [a.account_id, Date.parse(a.created_at)]));
    const ids = new Set<string>();
    const personas = new Map<string, number>();
    let latest = 0, older = 0, worstLag = 0, bad = 0, noContent = 0, offsetTs = 0, noUa = 0, nonAscii = 0, limited = 0, logprobs = 0, v6 = 0, seeds = 0, noEndpoint = 0, tools = 0, hops = 0;
    const last429 = new Map<string, { t: number; acct: string }>();
    for (const l of ls) {
      const r = parseExchangeLine(l);
      if (!r.ok) { bad++; continue; }
      const x = JSON.parse(l) as { id: string; ts: string; account_id: string; ip?: string; endpoint?: string; request?: { logprobs?: boolean; seed?: number; tools?: string[]; messages?: { content: string }[] }; user_agent?: string; status?: number };
      assert.ok(!ids.has(x.id), `duplicate id ${x.id}`);
      ids.add(x.id);
      const lab = labels.get(x.account_id);
      assert.ok(lab, `no label for ${x.account_id}`);
      const t = Date.parse(x.ts);
      assert.ok(t >= created.get(x.account_id)!, `${x.account_id} (${lab.persona}) sends before it was created`);
      personas.set(lab.persona, (personas.get(lab.persona) ?? 0) + 1);
      if (t < latest) { older++; worstLag = Math.max(worstLag, latest - t); }
      latest = Math.max(latest, t);
      if (!x.request) noContent++;
      if (x.request?.logprobs) logprobs++;
      if (x.request?.seed !== undefined) seeds++;
      if (x.request?.tools) tools++;
      if (/[+-]0[59]:00$/.test(x.ts)) offsetTs++;
      if (!x.user_agent) noUa++;
      if (!x.endpoint) noEndpoint++;
      if (x.ip?.includes(':')) v6++;
      if (/[^\u0000-\u007f]/.test(l)) nonAscii++;
      // a retry hop: the prompt that just got a 429 on one account, re-sent from another within minutes
      const last = x.request?.messages?.at(-1)?.content;
      if (last) {
        const prev = last429.get(last);
        if (prev && prev.acct !== x.account_id && t - prev.t < 5 * 60_000 && lab.label === 'benign') hops++;
        if (x.status === 429) last429.set(last, { t, acct: x.account_id });
      }
      if (x.status === 429) limited++;
    }
    const n = ls.length;
    assert.ok(bad > 0 && bad / n < 0.001, `${bad} malformed lines of ${n}: a few are promised, no more`);
    assert.ok(older / n > 0.1, `only ${older} lines older than one before them`);
    assert.ok(worstLag < 5 * 60_000, `a line is ${worstLag / 1000} s older than one before it`);
    for (const [what, k, lo] of [['without request', noContent, 0.03], ['with -05:00 or +09:00', offsetTs, 0.05], ['without user agent', noUa, 0.01], ['without endpoint', noEndpoint, 0.02], ['with non-ASCII text', nonAscii, 0.02], ['rate limited', limited, 0.002], ['asking for logprobs', logprobs, 0.02], ['with a seed', seeds, 0.03], ['offering tools', tools, 0.05], ['from IPv6', v6, 0.01]] as const) {
      assert.ok(k / n > lo, `${k} of ${n} lines ${what}`);
    }
    assert.ok(hops >= 5, `only ${hops} benign retry hops to another account after a 429`);
    for (const s of STRATEGIES) assert.ok((personas.get(s) ?? 0) > 50, `strategy ${s}: ${personas.get(s) ?? 0} exchanges`);
    for (const u of BASE_UNITS) if (u.persona !== 'dormant') assert.ok((personas.get(u.persona) ?? 0) > 20, `persona ${u.persona}: ${personas.get(u.persona) ?? 0} exchanges`);
    assert.ok(!personas.has('dormant'), 'dormant accounts never send');
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
