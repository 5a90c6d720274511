/**
 * The held-out generator (bench/heldout) must keep writing valid contract input,
 * or the generalisation benchmark silently measures nothing. A tiny world is
 * checked line by line against contract §1, §2 and §4, and for determinism.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Corpora, defaultCorporaDir } from '../bench/heldout/corpora.js';
import { generateWorld } from '../bench/heldout/world.js';
import { STRATEGIES } from '../bench/heldout/campaigns.js';
import type { WorldSpec } from '../bench/heldout/worlds.js';

const corpusDir = defaultCorporaDir();
const skip = corpusDir ? false : 'the public prompt corpora (../shared/corpora) are absent: the held-out generator reads its prompt text from them';

const tiny = (over: Partial<WorldSpec> = {}): WorldSpec => ({
  name: 'tiny', summary: 'test', seed: 5, campaignSeed: 6, start: '2026-10-12T00:00:00Z', days: 1, benignScale: 0.05, strategies: [...STRATEGIES], ...over,
});

async function build(spec: WorldSpec) {
  const dir = mkdtempSync(join(tmpdir(), 'dg-heldout-'));
  try {
    await generateWorld(spec, dir, new Corpora(corpusDir!));
    const read = (f: string) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean);
    return {
      logs: gunzipSync(readFileSync(join(dir, 'logs.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean),
      accounts: read('accounts.jsonl'),
      labels: read('labels.jsonl'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const isInt = (x: unknown) => Number.isInteger(x);

/** Every problem a line has against contract §1, as strings. */
function problems(line: string): string[] {
  const p: string[] = [];
  let o: Record<string, unknown>;
  try { o = JSON.parse(line); } catch { return ['not JSON']; }
  for (const k of ['id', 'ts', 'account_id']) if (typeof o[k] !== 'string' || o[k] === '') p.push(`${k} missing`);
  if (typeof o.ts === 'string' && (!RFC3339.test(o.ts) || Number.isNaN(Date.parse(o.ts)))) p.push('ts not RFC 3339');
  for (const k of ['org_id', 'api_key_id', 'ip', 'user_agent', 'model', 'endpoint']) if (o[k] !== undefined && typeof o[k] !== 'string') p.push(`${k} not a string`);
  if (o.status !== undefined && !isInt(o.status)) p.push('status not an int');
  if (o.latency_ms !== undefined && typeof o.latency_ms !== 'number') p.push('latency_ms not a number');
  const u = o.usage as Record<string, unknown> | undefined;
  if (u !== undefined && (!isInt(u.input_tokens) || !isInt(u.output_tokens))) p.push('usage not ints');
  const r = o.request as Record<string, unknown> | undefined;
  if (r !== undefined) {
    if (!Array.isArray(r.messages) || r.messages.length === 0) p.push('request.messages missing');
    else for (const m of r.messages as Record<string, unknown>[]) if (!['user', 'assistant', 'tool'].includes(m.role as string) || typeof m.content !== 'string') p.push('bad message');
    if (r.system !== undefined && typeof r.system !== 'string') p.push('system not a string');
    if (r.tools !== undefined && !(Array.isArray(r.tools) && r.tools.every((t) => typeof t === 'string'))) p.push('tools not strings');
    if (r.max_tokens !== undefined && !isInt(r.max_tokens)) p.push('max_tokens not an int');
  }
  const s = o.response as Record<string, unknown> | undefined;
  if (s !== undefined && (typeof s.text !== 'string' || typeof s.stop_reason !== 'string')) p.push('bad response');
  return p;
}

test('a tiny held-out world is valid contract input with every account labelled', { skip }, async () => {
  const w = await build(tiny());
  assert.ok(w.logs.length > 1000, `only ${w.logs.length} exchanges`);
  const bad = w.logs.map((l, i) => [i + 1, problems(l)] as const).filter(([, p]) => p.length > 0);
  assert.deepEqual(bad.slice(0, 5), [], 'lines that break contract §1');
  const ids = new Set(w.logs.map((l) => JSON.parse(l).id));
  assert.equal(ids.size, w.logs.length, 'request ids are unique');

  // mostly in time order: no line more than five minutes older than one before it
  let maxSeen = 0;
  let worst = 0;
  for (const l of w.logs) {
    const t = Date.parse(JSON.parse(l).ts);
    worst = Math.max(worst, maxSeen - t);
    maxSeen = Math.max(maxSeen, t);
  }
  assert.ok(worst <= 5 * 60_000, `a line is ${worst} ms older than an earlier one`);

  const labels = new Map(w.labels.map((l) => { const x = JSON.parse(l); return [x.account_id, x]; }));
  assert.equal(labels.size, w.labels.length, 'one label per account');
  for (const x of labels.values()) {
    assert.ok(x.label === 'benign' || x.label === 'campaign');
    assert.ok(typeof x.persona === 'string' && x.persona !== '');
    if (x.label === 'campaign') {
      assert.ok(typeof x.campaign_id === 'string', 'a campaign account names its campaign');
      assert.ok((STRATEGIES as readonly string[]).includes(x.persona), `campaign persona is a strategy: ${x.persona}`);
    } else assert.equal(x.campaign_id, null);
  }
  const inLogs = new Set(w.logs.map((l) => JSON.parse(l).account_id as string));
  for (const a of inLogs) assert.ok(labels.has(a), `account ${a} in the logs has no label`);
  const table = w.accounts.map((l) => JSON.parse(l));
  assert.equal(new Set(table.map((a) => a.account_id)).size, labels.size, 'the account table and the labels list the same accounts');
  for (const a of table) {
    assert.ok(labels.has(a.account_id));
    assert.ok(RFC3339.test(a.created_at) && typeof a.verified === 'boolean' && typeof a.country === 'string');
  }
  const strategies = new Set([...labels.values()].filter((x) => x.label === 'campaign').map((x) => x.persona));
  assert.deepEqual([...strategies].sort(), [...STRATEGIES].sort(), 'every strategy has accounts');
});

test('the same seeds give the same world, and the campaign side ignores the benign population', { skip }, async () => {
  const a = await build(tiny());
  const b = await build(tiny());
  assert.deepEqual(b.logs, a.logs);
  assert.deepEqual(b.labels, a.labels);
  assert.deepEqual(b.accounts, a.accounts);
  const other = await build(tiny({ seed: 99 }));
  assert.notDeepEqual(other.logs, a.logs, 'another benign seed changes the world');

  const bigger = await build(tiny({ benignScale: 0.1 }));
  const campaignLines = (w: typeof a) => {
    const camp = new Set(w.labels.map((l) => JSON.parse(l)).filter((x) => x.label === 'campaign').map((x) => x.account_id));
    return w.logs.filter((l) => camp.has(JSON.parse(l).account_id)).sort();
  };
  assert.ok(bigger.labels.length > a.labels.length);
  assert.deepEqual(campaignLines(bigger), campaignLines(a));
});
