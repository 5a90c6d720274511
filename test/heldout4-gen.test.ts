/**
 * heldout/v4 (bench/heldout4) writes valid contract input with the promised
 * mess, the same bytes for the same seed, the same campaigns at every benign
 * size and the same per-persona mix. The project's contract parser is used here
 * only to check validity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAccountLine, parseExchangeLine } from '../src/contract/parse.js';
import { BASE_UNITS } from '../bench/heldout4/benign.js';
import { STRATEGIES } from '../bench/heldout4/campaigns.js';
import { Corpora, corporaDir } from '../bench/heldout4/corpora.js';
import { generateWorld } from '../bench/heldout4/world.js';
import { FROZEN, type WorldSpec } from '../bench/heldout4/worlds.js';
import { assertDeterministic, assertScales, withWorld, worldLabels, worldLines } from './heldout-checks.js';

const dir = corporaDir();
const skip = dir ? false : 'the public corpora are not at ../shared/corpora';
const corpora = dir ? new Corpora(dir) : undefined;
const x1 = FROZEN.find((w) => w.name === 'v4-x1')!;
const make = (spec: WorldSpec, d: string) => generateWorld(spec, d, corpora!);

test('a heldout/v4 world is valid contract input, labelled, mostly in time order, with the promised mess', { skip }, async () => {
  // the first nine days: every strategy but the restarted half of pause_restart has begun
  await withWorld(make, { ...x1, name: 'v4-test', days: 9 }, (d) => {
    const ls = worldLines(d);
    assert.ok(ls.length > 15_000, `only ${ls.length} exchanges`);
    const labels = new Map(worldLabels(d).map((l) => [l.account_id, l]));
    const accounts = readFileSync(join(d, 'accounts.jsonl'), 'utf8').split('\n').filter(Boolean);
    for (const a of accounts) assert.ok(parseAccountLine(a).ok, a);
    const created = new Map(accounts.map((a) => JSON.parse(a) as { account_id: string; created_at?: string }).map((a) => [a.account_id, a.created_at ? Date.parse(a.created_at) : -Infinity]));
    assert.equal(accounts.length, labels.size, 'one account row per label');
    const ids = new Set<string>();
    const personas = new Map<string, number>();
    let latest = 0;
    let older = 0;
    let worstLag = 0;
    let noContent = 0;
    let offsetTs = 0;
    let noUa = 0;
    let nonAscii = 0;
    let retries = 0;
    for (const l of ls) {
      const r = parseExchangeLine(l);
      assert.ok(r.ok, `${r.ok ? '' : r.reason}: ${l.slice(0, 200)}`);
      const x = JSON.parse(l) as { id: string; ts: string; account_id: string; request?: unknown; user_agent?: string; status?: number };
      assert.ok(!ids.has(x.id), `duplicate id ${x.id}`);
      ids.add(x.id);
      const lab = labels.get(x.account_id);
      assert.ok(lab, `no label for ${x.account_id}`);
      assert.ok(Date.parse(x.ts) >= created.get(x.account_id)!, `${x.account_id} (${lab.persona}) sends before it was created`);
      personas.set(lab.persona, (personas.get(lab.persona) ?? 0) + 1);
      const t = Date.parse(x.ts);
      if (t < latest) { older++; worstLag = Math.max(worstLag, latest - t); }
      latest = Math.max(latest, t);
      if (!x.request) noContent++;
      if (x.ts.endsWith('+05:30')) offsetTs++;
      if (!x.user_agent) noUa++;
      if (/[^\u0000-\u007f]/.test(l)) nonAscii++;
      if (x.status === 429) retries++;
    }
    const n = ls.length;
    assert.ok(older / n > 0.2, `only ${older} lines older than one before them`);
    assert.ok(worstLag < 5 * 60_000, `a line is ${worstLag / 1000} s older than one before it`);
    for (const [what, k, lo] of [['without request', noContent, 0.05], ['with +05:30', offsetTs, 0.15], ['without user agent', noUa, 0.15], ['with non-ASCII text', nonAscii, 0.01], ['rate limited', retries, 0.001]] as const) {
      assert.ok(k / n > lo, `${k} of ${n} lines ${what}`);
    }
    for (const s of STRATEGIES) assert.ok((personas.get(s) ?? 0) > 100, `strategy ${s}: ${personas.get(s) ?? 0} exchanges`);
    // the hackathon is on day 12, after this window
    for (const u of BASE_UNITS) if (u.persona !== 'dormant' && u.persona !== 'hackathon') assert.ok((personas.get(u.persona) ?? 0) > 20, `persona ${u.persona}: ${personas.get(u.persona) ?? 0} exchanges`);
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
