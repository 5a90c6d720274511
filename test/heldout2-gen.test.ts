/**
 * The second held-out generator (bench/heldout2, heldout/v2) writes valid
 * contract input, labels every account, and is a pure function of its seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseExchangeLine } from '../src/contract/parse.js';
import { Corpora, defaultCorporaDir } from '../bench/heldout2/corpora.js';
import { generateWorld } from '../bench/heldout2/world.js';
import { STRATEGIES } from '../bench/heldout2/campaigns.js';
import { FROZEN, tinySpec } from '../bench/heldout2/worlds.js';

const corpus = defaultCorporaDir();
const skip = corpus ? false : 'the public corpora are not at ../shared/corpora (set DISTILLGUARD_CORPORA)';
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

const lines = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const logLines = (dir: string) => gunzipSync(readFileSync(join(dir, 'logs.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean);

async function make(seed: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'heldout2-'));
  await generateWorld(tinySpec(seed), dir, new Corpora(corpus!));
  return dir;
}

test('a tiny heldout/v2 world is valid contract input with every account labelled', { skip }, async () => {
  const dir = await make(11);
  try {
    const raw = logLines(dir);
    assert.ok(raw.length > 1000, `only ${raw.length} exchanges`);
    const accounts = lines(join(dir, 'accounts.jsonl'));
    const labels = lines(join(dir, 'labels.jsonl'));
    const labelOf = new Map(labels.map((l) => [l.account_id, l]));
    assert.equal(labelOf.size, labels.length, 'an account is labelled twice');
    assert.deepEqual(new Set(accounts.map((a) => a.account_id)), new Set(labelOf.keys()), 'account table and labels differ');
    for (const a of accounts) {
      assert.ok(RFC3339.test(a.created_at) && Array.isArray(a.api_keys) && typeof a.verified === 'boolean', JSON.stringify(a));
    }
    for (const l of labels) {
      assert.ok(l.label === 'benign' ? l.campaign_id === null : typeof l.campaign_id === 'string', JSON.stringify(l));
      if (l.label === 'campaign') assert.ok((STRATEGIES as readonly string[]).includes(l.persona), `campaign persona ${l.persona}`);
    }
    const ids = new Set<string>();
    let latest = -Infinity;
    let maxBack = 0;
    const statuses = new Set<number>();
    let withoutUa = 0;
    let v6 = 0;
    for (const text of raw) {
      const parsed = parseExchangeLine(text);
      assert.ok(parsed.ok, `the contract parser rejects a line: ${parsed.ok ? '' : parsed.reason}`);
      const e = JSON.parse(text);
      assert.ok(RFC3339.test(e.ts), e.ts);
      assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
      ids.add(e.id);
      assert.ok(labelOf.has(e.account_id), `unlabelled account ${e.account_id}`);
      const t = Date.parse(e.ts);
      maxBack = Math.max(maxBack, latest - t);
      latest = Math.max(latest, t);
      statuses.add(e.status);
      if (e.user_agent === undefined) withoutUa++;
      if (String(e.ip).includes(':')) v6++;
    }
    // mostly time-ordered: servers interleave by at most a few minutes
    assert.ok(maxBack > 0 && maxBack <= 4 * 60_000, `lines go back ${maxBack} ms`);
    assert.ok(statuses.has(200) && statuses.has(429), `statuses ${[...statuses]}`);
    assert.ok(withoutUa > 0 && v6 > 0, 'some servers log no User-Agent and some clients use IPv6');
    const seen = new Set(raw.map((l) => JSON.parse(l).account_id as string));
    const strategiesSeen = new Set(labels.filter((l) => l.label === 'campaign' && seen.has(l.account_id)).map((l) => l.persona));
    assert.deepEqual([...strategiesSeen].sort(), [...STRATEGIES].sort(), 'every strategy sends traffic');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.generator, 'heldout/v2');
    assert.equal(manifest.exchanges, raw.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a heldout/v2 world is determined by its seed', { skip }, async () => {
  const [a, b, c] = [await make(23), await make(23), await make(24)];
  try {
    for (const f of ['accounts.jsonl', 'labels.jsonl']) assert.equal(readFileSync(join(a, f), 'utf8'), readFileSync(join(b, f), 'utf8'), f);
    assert.deepEqual(logLines(a), logLines(b));
    assert.notDeepEqual(logLines(a).slice(0, 50), logLines(c).slice(0, 50));
  } finally {
    for (const d of [a, b, c]) rmSync(d, { recursive: true, force: true });
  }
});

test('the frozen heldout/v2 worlds have unique names and share their campaigns', () => {
  assert.equal(new Set(FROZEN.map((w) => w.name)).size, FROZEN.length);
  const [x1, x4] = FROZEN;
  assert.equal(x1!.campaignSeed, x4!.campaignSeed);
  assert.deepEqual(x1!.strategies, x4!.strategies);
  assert.equal(x4!.benign, 4 * x1!.benign);
});
