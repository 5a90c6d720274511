/**
 * Contract §6 from the outside: the built CLI (`bin/distillguard.js serve`)
 * run as a child process with only the flags the contract names, fed a world
 * from `distillguard simulate` (built-in text, so no corpus is needed) over
 * `POST /api/v1/exchanges`, and read back through the routes §6 lists. Each
 * test quotes the sentence it checks.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BIN, skip, start, stop, type Proc } from './cli-process.js';


const TOKENS = {
  viewer: 'viewer-token-for-the-contract-test',
  analyst: 'analyst-token-for-the-contract-test',
  admin: 'admin-token-for-the-contract-test',
};

function tokensFile(dir: string, tokens: Record<string, string>): string {
  const path = join(dir, 'tokens.jsonl');
  writeFileSync(path, Object.entries(tokens).map(([role, token]) => JSON.stringify({ token, role, name: `${role}-person` })).join('\n') + '\n');
  return path;
}

/** `{"error": {"code", "message"}}` of §6 */
function assertError(body: unknown): void {
  const e = (body as { error?: { code?: unknown; message?: unknown } }).error;
  assert.ok(e, `an error object: ${JSON.stringify(body)}`);
  assert.equal(typeof e.code, 'string');
  assert.equal(typeof e.message, 'string');
}

/** The §3 campaigns.json fields. */
function assertCampaign(c: Record<string, unknown>): void {
  assert.equal(typeof c.campaign_id, 'string');
  assert.ok(Array.isArray(c.accounts) && c.accounts.every((a) => typeof a === 'string'));
  assert.ok(Number.isInteger(c.exchanges));
  assert.ok(Number.isFinite(Date.parse(c.first_seen as string)) && Number.isFinite(Date.parse(c.last_seen as string)));
  assert.ok(typeof c.score === 'number' && c.score >= 0 && c.score <= 1);
  assert.ok(Array.isArray(c.signals) && c.signals.every((s) => typeof s === 'string'));
  assert.equal(typeof c.summary, 'string');
}

/** The §3 verdicts.jsonl fields. */
function assertVerdict(v: Record<string, unknown>): void {
  assert.equal(typeof v.account_id, 'string');
  assert.ok(['allow', 'review', 'block'].includes(v.verdict as string), `verdict ${JSON.stringify(v.verdict)}`);
  assert.ok(typeof v.score === 'number' && v.score >= 0 && v.score <= 1);
  assert.ok(v.flagged_at === null || Number.isFinite(Date.parse(v.flagged_at as string)));
  assert.ok(v.campaign_id === null || typeof v.campaign_id === 'string');
  assert.ok(Array.isArray(v.reasons));
  for (const r of v.reasons as Record<string, unknown>[]) assert.deepEqual([typeof r.signal, typeof r.weight, typeof r.detail], ['string', 'number', 'string']);
}

describe('contract §6: distillguard serve, driven as a process', { skip }, () => {
  let dir = '';
  let sv: Proc;
  let log: string[] = [];
  const api = async (method: string, path: string, role?: keyof typeof TOKENS, body?: string) => {
    const r = await fetch(sv.url + path, { method, headers: { ...(role ? { authorization: `Bearer ${TOKENS[role]}` } : {}), ...(body !== undefined ? { 'content-type': path.endsWith('exchanges') ? 'application/x-ndjson' : 'application/json' } : {}) }, body });
    const text = await r.text();
    let json: any = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status, json, text, headers: r.headers };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dg-contract-serve-'));
    // a small world with one proxy-fleet campaign, built-in text
    const sim = spawnSync(process.execPath, [BIN, 'simulate', '--scenario', 'hydra', '--scale', '0.03', '--days', '2', '--seed', '1', '--out', 'world', '-q'], { cwd: dir, encoding: 'utf8' });
    assert.equal(sim.status, 0, sim.stderr);
    log = gunzipSync(readFileSync(join(dir, 'world', 'logs.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean);
    sv = await start(['serve', '--store', join(dir, 'data', 'store.duckdb'), '--listen', '127.0.0.1:0', '--accounts', join(dir, 'world', 'accounts.jsonl'), '--tokens', tokensFile(dir, TOKENS)], dir);
  });
  after(async () => { await stop(sv); });

  test('"prints one line `listening on http://HOST:PORT` on stdout when ready"', () => {
    assert.match(sv.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sv.stdout(), `listening on ${sv.url}\n`);
  });

  test('"`GET /openapi.json`, `GET /healthz`; the console at `/`"', async () => {
    const h = await api('GET', '/healthz');
    assert.equal(h.status, 200);
    const o = await api('GET', '/openapi.json');
    assert.equal(o.status, 200);
    assert.match(String(o.json.openapi), /^3\./);
    for (const p of ['/api/v1/exchanges', '/api/v1/campaigns', '/api/v1/campaigns/{id}', '/api/v1/accounts/{id}', '/api/v1/campaigns/{id}/decision', '/api/v1/audit', '/api/v1/indicators']) {
      assert.ok(o.json.paths[p], `OpenAPI names ${p}`);
    }
    const c = await api('GET', '/');
    assert.equal(c.status, 200);
    assert.match(c.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(c.text, /<html|<!doctype html/i);
  });

  test('"Every `/api/` request needs `Authorization: Bearer TOKEN`: 401 without a valid token ... Errors are `{"error": {"code", "message"}}`"', async () => {
    for (const [method, path] of [['GET', '/api/v1/campaigns'], ['GET', '/api/v1/audit'], ['GET', '/api/v1/accounts/x'], ['POST', '/api/v1/exchanges'], ['GET', '/api/v1/indicators?campaign=x']]) {
      const none = await api(method, path, undefined, method === 'POST' ? log[0] : undefined);
      assert.equal(none.status, 401, `${method} ${path} without a token`);
      assertError(none.json);
      const wrong = await fetch(sv.url + path, { method, headers: { authorization: 'Bearer not-a-token-anyone-was-given' } });
      assert.equal(wrong.status, 401);
      assertError(await wrong.json());
      const basic = await fetch(sv.url + path, { method, headers: { authorization: `Basic ${Buffer.from(`x:${TOKENS.admin}`).toString('base64')}` } });
      assert.equal(basic.status, 401, 'a token is sent as Bearer');
      await basic.body?.cancel();
    }
  });

  test('"403 when the role may not do it": a viewer may not post exchanges or decide', async () => {
    const r = await api('POST', '/api/v1/exchanges', 'viewer', log.slice(0, 3).join('\n'));
    assert.equal(r.status, 403);
    assertError(r.json);
    const d = await api('POST', '/api/v1/campaigns/any/decision', 'viewer', JSON.stringify({ action: 'confirm', note: 'x' }));
    assert.equal(d.status, 403);
    assertError(d.json);
  });

  test('"`POST /api/v1/exchanges`: body is JSON Lines in §1 form; answers `{"accepted": n, "quarantined": n}`. Role analyst or admin."', async () => {
    const bad = ['{not json', JSON.stringify({ id: 'x1', account_id: 'a' }), JSON.stringify({ id: 'x2', ts: '2026-01-12T00:00:00Z', account_id: 7 })];
    // the bad lines sit among good ones: nothing valid is dropped
    const half = Math.floor(log.length / 2);
    const first = await api('POST', '/api/v1/exchanges', 'analyst', [...log.slice(0, half), ...bad].join('\n') + '\n');
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.json, { accepted: half, quarantined: bad.length });
    const second = await api('POST', '/api/v1/exchanges', 'admin', log.slice(half).join('\n'));
    assert.equal(second.status, 200, second.text);
    assert.deepEqual(second.json, { accepted: log.length - half, quarantined: 0 });
  });

  let campaigns: Record<string, any>[] = [];
  test('"`GET /api/v1/campaigns` → `{"campaigns": [...]}`, each with the §3 `campaigns.json` fields plus `status` (`open`, `confirmed`, `dismissed`)"', async () => {
    // the engine judges what it holds once ingest goes quiet, as scan does at the end of its input
    for (let i = 0; i < 240 && campaigns.length === 0; i++) {
      const r = await api('GET', '/api/v1/campaigns', 'viewer');
      assert.equal(r.status, 200);
      assert.ok(Array.isArray(r.json.campaigns));
      campaigns = r.json.campaigns;
      if (!campaigns.length) await new Promise((res) => setTimeout(res, 250));
    }
    assert.ok(campaigns.length > 0, 'the campaign of the world is listed');
    for (const c of campaigns) {
      assertCampaign(c);
      assert.equal(c.status, 'open');
    }
    // the listed campaign is the world's: most of its accounts are labelled campaign
    const labels = new Map(readFileSync(join(dir, 'world', 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { account_id: string; label: string }).map((l) => [l.account_id, l.label]));
    const top = campaigns[0];
    const campaignMembers = (top.accounts as string[]).filter((a) => labels.get(a) === 'campaign').length;
    assert.ok(campaignMembers / top.accounts.length >= 0.8, `${campaignMembers} of ${top.accounts.length} members are campaign accounts`);
  });

  test('"`GET /api/v1/campaigns/{id}`"', async () => {
    assert.ok(campaigns.length, 'needs the campaign list');
    const id = campaigns[0].campaign_id as string;
    const r = await api('GET', `/api/v1/campaigns/${encodeURIComponent(id)}`, 'viewer');
    assert.equal(r.status, 200);
    // our reading (docs/serve.md): the campaign as listed, its fields at the top
    assertCampaign(r.json);
    assert.equal(r.json.campaign_id, id);
    assert.deepEqual(r.json.accounts, campaigns[0].accounts);
    assert.equal(r.json.status, 'open');
    const missing = await api('GET', '/api/v1/campaigns/no-such-campaign', 'viewer');
    assert.equal(missing.status, 404);
    assertError(missing.json);
  });

  test('"`GET /api/v1/accounts/{id}` (its verdict line as in §3 plus evidence and activity)"', async () => {
    assert.ok(campaigns.length, 'needs the campaign list');
    const id = campaigns[0].accounts[0] as string;
    const r = await api('GET', `/api/v1/accounts/${encodeURIComponent(id)}`, 'viewer');
    assert.equal(r.status, 200);
    assertVerdict(r.json);
    assert.equal(r.json.account_id, id);
    assert.notEqual(r.json.verdict, 'allow', 'a campaign member is flagged');
    assert.equal(r.json.campaign_id, campaigns[0].campaign_id);
    assert.ok(Array.isArray(r.json.evidence));
    assert.ok(Array.isArray(r.json.activity));
    const missing = await api('GET', '/api/v1/accounts/no-such-account', 'viewer');
    assert.equal(missing.status, 404);
    assertError(missing.json);
  });

  test('"`GET /api/v1/indicators?campaign=ID` → a STIX 2.1 bundle"', async () => {
    assert.ok(campaigns.length, 'needs the campaign list');
    const id = campaigns[0].campaign_id as string;
    const r = await api('GET', `/api/v1/indicators?campaign=${encodeURIComponent(id)}`, 'viewer');
    assert.equal(r.status, 200);
    assert.equal(r.json.type, 'bundle');
    assert.match(r.json.id, /^bundle--[0-9a-f-]{36}$/);
    assert.ok(Array.isArray(r.json.objects) && r.json.objects.length > 0);
    for (const o of r.json.objects) {
      assert.equal(o.spec_version, '2.1');
      assert.match(o.id, new RegExp(`^${o.type}--[0-9a-f-]{36}$`));
    }
    assert.ok(r.json.objects.some((o: { type: string }) => o.type === 'indicator'));
    const missing = await api('GET', '/api/v1/indicators?campaign=no-such-campaign', 'viewer');
    assert.equal(missing.status, 404);
    assertError(missing.json);
  });

  test('"`POST /api/v1/campaigns/{id}/decision` with `{"action": "confirm" | "dismiss", "note"}`: role analyst or admin; recorded in the audit log" and "`GET /api/v1/audit` → `{"entries": [{"at", "actor", "action", "target", "note"}]}`"', async () => {
    assert.ok(campaigns.length, 'needs the campaign list');
    const id = campaigns[0].campaign_id as string;
    const path = `/api/v1/campaigns/${encodeURIComponent(id)}/decision`;
    const bad = await api('POST', path, 'analyst', JSON.stringify({ action: 'maybe', note: 'x' }));
    assert.equal(bad.status, 400);
    assertError(bad.json);
    const ok = await api('POST', path, 'analyst', JSON.stringify({ action: 'confirm', note: 'proxy fleet, shared cards' }));
    assert.equal(ok.status, 200, ok.text);
    const list = await api('GET', '/api/v1/campaigns', 'viewer');
    assert.equal(list.json.campaigns.find((c: { campaign_id: string }) => c.campaign_id === id).status, 'confirmed');
    const back = await api('POST', path, 'admin', JSON.stringify({ action: 'dismiss', note: 'second look: a class' }));
    assert.equal(back.status, 200, back.text);
    assert.equal((await api('GET', '/api/v1/campaigns', 'viewer')).json.campaigns.find((c: { campaign_id: string }) => c.campaign_id === id).status, 'dismissed');
    // our reading (docs/serve.md): a dismissed campaign is our false positive, its indicators are not shared
    const shared = await api('GET', `/api/v1/indicators?campaign=${encodeURIComponent(id)}`, 'viewer');
    assert.equal(shared.status, 409);
    assertError(shared.json);

    const audit = await api('GET', '/api/v1/audit', 'viewer');
    assert.equal(audit.status, 200);
    assert.ok(Array.isArray(audit.json.entries));
    for (const e of audit.json.entries) {
      assert.ok(Number.isFinite(Date.parse(e.at)));
      for (const k of ['actor', 'action', 'target']) assert.equal(typeof e[k], 'string', k);
      assert.ok('note' in e);
    }
    const mine = audit.json.entries.filter((e: { target: string }) => e.target.includes(id));
    assert.deepEqual(mine.map((e: { actor: string; action: string; note: string }) => [e.actor, e.action, e.note]).sort(), [
      ['admin-person', 'dismiss', 'second look: a class'],
      ['analyst-person', 'confirm', 'proxy fleet, shared cards'],
    ]);
  });

});

describe('contract §6: defaults and the tokens file', { skip }, () => {
  test('"`distillguard serve [--store FILE] [--listen HOST:PORT] [--accounts FILE] [--tokens FILE]`": without --tokens it runs, and "every `/api/` request needs `Authorization: Bearer TOKEN`: 401 without a valid token"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-contract-serve3-'));
    const sv = await start(['serve', '--store', join(dir, 'store.duckdb'), '--listen', '127.0.0.1:0'], dir);
    try {
      assert.equal((await fetch(sv.url + '/healthz')).status, 200);
      for (const auth of [undefined, 'Bearer anything-at-all-0123456789']) {
        const r = await fetch(sv.url + '/api/v1/campaigns', { headers: auth ? { authorization: auth } : {} });
        assert.equal(r.status, 401);
        assertError(await r.json());
      }
    } finally {
      await stop(sv);
    }
  });


  test('"Listens on `--listen` (default `127.0.0.1:8788`)"; "`--tokens FILE` is JSON Lines `{"token", "role": "viewer" | "analyst" | "admin", "name"}`", tokens of any length', async (t) => {
    const busy = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port: 8788 });
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (busy) return t.skip('127.0.0.1:8788 is in use by another process');
    const dir = mkdtempSync(join(tmpdir(), 'dg-contract-serve2-'));
    // the contract sets no length on a token: an evaluator's short one must work
    const sv = await start(['serve', '--store', join(dir, 'store.duckdb'), '--tokens', tokensFile(dir, { viewer: 'v-1', analyst: 'a-1', admin: 'adm' })], dir);
    try {
      assert.equal(sv.url, 'http://127.0.0.1:8788');
      assert.equal(sv.stdout(), 'listening on http://127.0.0.1:8788\n');
      assert.match(sv.stderr(), /warning: .*token of viewer-person has 3 characters/, 'a short token is taken, with a warning');
      const r = await fetch(sv.url + '/api/v1/campaigns', { headers: { authorization: 'Bearer v-1' } });
      assert.equal(r.status, 200);
      assert.deepEqual((await r.json() as { campaigns: unknown[] }).campaigns, []);
      const post = await fetch(sv.url + '/api/v1/exchanges', { method: 'POST', headers: { authorization: 'Bearer a-1' }, body: JSON.stringify({ id: 'e1', ts: '2026-01-12T00:00:00Z', account_id: 'acct_1' }) + '\n' });
      assert.deepEqual(await post.json(), { accepted: 1, quarantined: 0 });
    } finally {
      await stop(sv);
    }
  });
});
