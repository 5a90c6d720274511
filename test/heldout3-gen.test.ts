/**
 * heldout/v3 (bench/heldout3) writes valid contract input, the same bytes for
 * the same seed, and the same per-persona mix at every benign scale. The
 * project's contract parser is used here only to check validity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseAccountLine, parseExchangeLine } from '../src/contract/parse.js';
import { Corpora, corporaBesideCheckout } from '../bench/heldout3/corpora.js';
import { BASE_UNITS } from '../bench/heldout3/benign.js';
import { STRATEGIES } from '../bench/heldout3/campaigns.js';
import { generateWorld } from '../bench/heldout3/world.js';
import { FROZEN, type WorldSpec } from '../bench/heldout3/worlds.js';

const corpusDir = corporaBesideCheckout();
const skip = corpusDir ? false : 'the public corpora are not at ../shared/corpora';
const corpora = corpusDir ? new Corpora(corpusDir) : undefined;
const x1 = FROZEN.find((w) => w.name === 'v3-x1')!;

interface Label { account_id: string; label: string; campaign_id: string | null; persona: string }
const readLabels = (dir: string): Label[] => readFileSync(join(dir, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Label);
const tmp = () => mkdtempSync(join(tmpdir(), 'dg-heldout3-'));

// Two days of the frozen campaigns and the ×1 benign mix: small enough for a test.
const small: WorldSpec = { ...x1, name: 'v3-test', days: 2 };

test('a heldout/v3 world is valid contract input with labels for every account, mostly in time order', { skip }, async () => {
  const dir = tmp();
  try {
    await generateWorld(small, dir, corpora!);
    const lines = gunzipSync(readFileSync(join(dir, 'logs.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean);
    assert.ok(lines.length > 5000, `only ${lines.length} exchanges`);
    const seen = new Set<string>();
    const ids = new Set<string>();
    let latest = 0;
    let older = 0;
    let worstBack = 0;
    let noRequest = 0;
    let noUa = 0;
    let offsetTs = 0;
    for (const [i, l] of lines.entries()) {
      const r = parseExchangeLine(l);
      assert.ok(r.ok, `line ${i + 1}: ${r.ok ? '' : r.reason}`);
      const o = JSON.parse(l) as { id: string; ts: string; account_id: string; request?: unknown; user_agent?: string };
      assert.ok(!ids.has(o.id), `duplicate id ${o.id}`);
      ids.add(o.id);
      seen.add(o.account_id);
      const t = Date.parse(o.ts);
      if (t < latest) { older++; worstBack = Math.max(worstBack, latest - t); }
      latest = Math.max(latest, t);
      if (!o.request) noRequest++;
      if (!o.user_agent) noUa++;
      if (!o.ts.endsWith('Z')) offsetTs++;
    }
    // several servers interleave: lines out of order, but by minutes, not hours
    assert.ok(older > lines.length * 0.05, `only ${older} lines out of order`);
    assert.ok(worstBack <= 6 * 60_000, `a line ${worstBack / 1000} s older than one before it`);
    assert.ok(noRequest > lines.length * 0.02 && noRequest < lines.length * 0.3, `${noRequest} lines without request content`);
    assert.ok(noUa > 0 && offsetTs > 0, 'some servers omit user_agent or write offset timestamps');

    const accounts = readFileSync(join(dir, 'accounts.jsonl'), 'utf8').split('\n').filter(Boolean);
    const created = new Map<string, number>();
    for (const [i, l] of accounts.entries()) {
      const r = parseAccountLine(l);
      assert.ok(r.ok, `accounts line ${i + 1}: ${r.ok ? '' : r.reason}`);
      const a = JSON.parse(l) as { account_id: string; created_at: string };
      created.set(a.account_id, Date.parse(a.created_at));
    }
    const labels = readLabels(dir);
    assert.equal(labels.length, accounts.length);
    const labelled = new Set(labels.map((l) => l.account_id));
    for (const id of seen) assert.ok(labelled.has(id) && created.has(id), `${id} sends but has no label or account row`);
    for (const l of labels) {
      assert.ok(l.label === 'benign' ? l.campaign_id === null : typeof l.campaign_id === 'string', `${l.account_id}: label and campaign disagree`);
    }
    const strategies = new Set(labels.filter((l) => l.label === 'campaign').map((l) => l.persona));
    assert.deepEqual([...strategies].sort(), [...STRATEGIES].sort());
    // no exchange before its account exists (the scan registers a row at created_at)
    for (const l of lines) {
      const o = JSON.parse(l) as { ts: string; account_id: string };
      assert.ok(Date.parse(o.ts) >= created.get(o.account_id)!, `${o.account_id} sends before it was created`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the same heldout/v3 spec gives the same bytes', { skip }, async () => {
  const a = tmp();
  const b = tmp();
  try {
    const spec: WorldSpec = { ...small, days: 1 };
    await generateWorld(spec, a, corpora!);
    await generateWorld(spec, b, corpora!);
    for (const f of ['logs.jsonl.gz', 'accounts.jsonl', 'labels.jsonl', 'manifest.json']) {
      assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs between two runs`);
    }
    const other = tmp();
    try {
      await generateWorld({ ...spec, campaignSeed: 'another' }, other, corpora!);
      assert.ok(!readFileSync(join(a, 'logs.jsonl.gz')).equals(readFileSync(join(other, 'logs.jsonl.gz'))), 'the campaign seed changes nothing');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('every frozen heldout/v3 world has the same campaigns and the same benign persona mix, and contains the smaller worlds', { skip }, async () => {
  // With no days, a world is its account table and labels: the populations without traffic.
  const byScale = new Map<number, Label[]>();
  for (const w of FROZEN) {
    const dir = tmp();
    try {
      await generateWorld({ ...w, days: 0 }, dir, corpora!);
      byScale.set(w.scale, readLabels(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const base = byScale.get(1)!;
  const campaignIds = (ls: Label[]) => ls.filter((l) => l.label === 'campaign').map((l) => `${l.account_id} ${l.campaign_id} ${l.persona}`).sort();
  const mix = (ls: Label[]) => {
    const m: Record<string, number> = {};
    for (const l of ls) if (l.label === 'benign') m[l.persona] = (m[l.persona] ?? 0) + 1;
    return m;
  };
  const baseMix = mix(base);
  assert.ok(Object.keys(baseMix).length >= Object.keys(BASE_UNITS).length - 2, `personas: ${Object.keys(baseMix).join(', ')}`);
  for (const [scale, labels] of byScale) {
    assert.deepEqual(campaignIds(labels), campaignIds(base), `×${scale}: campaigns differ from ×1`);
    const m = mix(labels);
    assert.deepEqual(Object.keys(m).sort(), Object.keys(baseMix).sort());
    for (const [p, n] of Object.entries(baseMix)) assert.equal(m[p], n * scale, `×${scale}: ${m[p]} ${p} accounts, not ${scale} × ${n}`);
    const ids = new Map(labels.map((l) => [l.account_id, l.persona]));
    for (const l of base) assert.equal(ids.get(l.account_id), l.persona, `×${scale} lacks ×1's ${l.persona} ${l.account_id}`);
  }
});
