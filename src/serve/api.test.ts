import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountList, AccountPage, AuditList, CampaignList, CampaignPage, Me } from './schemas.js';
import { FIXTURES } from '../import/testing.js';
import { ManualBlocks } from '../policy/index.js';
import { NO_CORPORA, client, testServer, world, type World } from './testing.js';
import type { RunningServer } from './server.js';

/** Every /api/ route, with the role that may call it and a body that passes validation. */
const ROUTES: { method: string; path: string; role: 'viewer' | 'analyst' | 'admin'; body?: unknown }[] = [
  { method: 'GET', path: '/api/v1/me', role: 'viewer' },
  { method: 'GET', path: '/api/v1/campaigns', role: 'viewer' },
  { method: 'GET', path: '/api/v1/campaigns/CID', role: 'viewer' },
  { method: 'GET', path: '/api/v1/accounts', role: 'viewer' },
  { method: 'GET', path: '/api/v1/accounts/AID', role: 'viewer' },
  { method: 'GET', path: '/api/v1/blocklist', role: 'viewer' },
  { method: 'GET', path: '/api/v1/audit', role: 'viewer' },
  { method: 'GET', path: '/api/v1/quarantine', role: 'viewer' },
  { method: 'GET', path: '/api/v1/indicators?campaign=CID', role: 'viewer' },
  { method: 'GET', path: '/api/v1/webhooks/deliveries', role: 'viewer' },
  { method: 'POST', path: '/api/v1/exchanges', role: 'analyst', body: '' },
  { method: 'POST', path: '/api/v1/campaigns/CID/decision', role: 'analyst', body: { action: 'dismiss', note: 'n' } },
  { method: 'POST', path: '/api/v1/accounts/AID/block', role: 'analyst', body: { note: 'n' } },
  { method: 'POST', path: '/api/v1/accounts/AID/unblock', role: 'analyst', body: { note: 'n' } },
  { method: 'POST', path: '/api/v1/annotations', role: 'analyst', body: { target: 'account:AID', note: 'n' } },
  { method: 'POST', path: '/api/v1/indicators', role: 'analyst', body: {} },
  { method: 'GET', path: '/api/v1/webhooks', role: 'admin' },
  { method: 'POST', path: '/api/v1/webhooks', role: 'admin', body: { url: 'http://127.0.0.1:9/hook', secret: 'secret-1234' } },
  { method: 'DELETE', path: '/api/v1/webhooks/none', role: 'admin' },
];

describe('the service API', { skip: NO_CORPORA }, () => {
  let w: World;
  let s: RunningServer & { dir: string };
  let api: ReturnType<typeof client>;
  let top: { campaign_id: string; accounts: string[] };

  before(async () => {
    w = await world();
    s = await testServer({ accounts: w.accounts });
    api = client(s.url);
    // the log plus lines that must be set aside
    const bad = ['not json', '{"id":"x1","ts":"2026-05-03T00:00:00Z"}', '{"id":"x2","ts":"yesterday","account_id":"a"}'];
    const body = [...w.lines.slice(0, 100), ...bad, ...w.lines.slice(100)].join('\n') + '\n';
    const r = await api('/api/v1/exchanges', { method: 'POST', as: 'analyst', body });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { accepted: w.lines.length, quarantined: 3 });
    await s.service.settle();
    const list = await api('/api/v1/campaigns?limit=1');
    top = list.json.campaigns[0];
    assert.ok(top, 'the world has a campaign');
  });
  after(async () => {
    await s.close();
    rmSync(s.dir, { recursive: true, force: true });
  });

  test('every /api/ route answers 401 without a token or with a wrong one, in the error shape', async () => {
    for (const r of ROUTES) {
      for (const auth of [null, 'Bearer wrong-token-wrong-token', 'Basic abc']) {
        const headers: Record<string, string> = auth ? { authorization: auth } : {};
        const res = await fetch(s.url + r.path.replace('CID', top.campaign_id).replace('AID', top.accounts[0]), {
          method: r.method, headers, body: r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
        });
        assert.equal(res.status, 401, `${r.method} ${r.path} with ${auth}`);
        const j = await res.json() as { error: { code: string; message: string } };
        assert.equal(j.error.code, 'unauthorized');
        assert.equal(typeof j.error.message, 'string');
      }
    }
    assert.equal((await api('/v1/traces', { method: 'POST', as: null, body: '{}' })).status, 401);
  });

  test('a role below the one a route needs gets 403; the role it needs does not', async () => {
    const below = { viewer: [], analyst: ['viewer'], admin: ['viewer', 'analyst'] } as const;
    for (const r of ROUTES) {
      for (const role of below[r.role]) {
        const res = await api(r.path.replace('CID', 'c_none').replace('AID', 'a_none'), { method: r.method, as: role, body: r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body) });
        assert.equal(res.status, 403, `${role} on ${r.method} ${r.path}`);
        assert.equal(res.json.error.code, 'forbidden');
      }
      const ok = await api(r.path.replace('CID', 'c_none').replace('AID', 'a_none'), { method: r.method, as: r.role, body: r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body) });
      assert.notEqual(ok.status, 403, `${r.role} on ${r.method} ${r.path}`);
      assert.notEqual(ok.status, 401);
    }
  });

  test('me names the token\'s holder and role', async () => {
    for (const [role, name] of [['viewer', 'vera'], ['analyst', 'ana'], ['admin', 'adam']] as const) {
      const r = await api('/api/v1/me', { as: role });
      assert.deepEqual(Me.parse(r.json), { name, role });
    }
  });

  test('bad lines are set aside with their line and reason, and listed', async () => {
    const r = await api('/api/v1/quarantine');
    assert.equal(r.status, 200);
    assert.equal(r.json.lines.length, 3);
    assert.deepEqual(r.json.lines.map((q: { line: number }) => q.line), [101, 102, 103]);
    assert.match(r.json.lines[0].reason, /JSON/i);
    assert.match(r.json.lines[1].reason, /account_id/);
  });

  test('the campaign list pages through every campaign once, highest score first, and filters', async () => {
    const all = (await api('/api/v1/campaigns?limit=1000')).json.campaigns as { campaign_id: string; score: number; status: string }[];
    assert.ok(all.length >= 2);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { json: unknown } = await api(`/api/v1/campaigns?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      const page = CampaignList.parse(r.json);
      seen.push(...page.campaigns.map((c) => c.campaign_id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(seen, all.map((c) => c.campaign_id));
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].score >= all[i].score);
    const min = all[Math.floor(all.length / 2)].score;
    const hi = (await api(`/api/v1/campaigns?min_score=${min}`)).json.campaigns as { score: number }[];
    assert.ok(hi.length > 0 && hi.every((c) => c.score >= min));
    assert.equal((await api('/api/v1/campaigns?since=2099-01-01T00:00:00Z')).json.campaigns.length, 0);
    assert.equal((await api('/api/v1/campaigns?status=dismissed')).json.campaigns.length, all.filter((c) => c.status === 'dismissed').length);
    for (const bad of ['min_score=abc', 'limit=0', 'status=maybe', 'since=yesterday', 'cursor=zzz']) {
      const r = await api(`/api/v1/campaigns?${bad}`);
      assert.equal(r.status, 400, bad);
      assert.ok(r.json.error.code && r.json.error.message, bad);
    }
  });

  test('a campaign page holds its members\' verdicts, a graph over them, a timeline and evidence', async () => {
    const r = await api(`/api/v1/campaigns/${top.campaign_id}`);
    assert.equal(r.status, 200);
    const page = CampaignPage.parse(r.json);
    assert.deepEqual(page.members.map((a) => a.account_id).sort(), [...top.accounts].sort());
    assert.deepEqual([...page.accounts].sort(), [...top.accounts].sort());
    const ids = new Set(page.graph.nodes.map((n) => n.id));
    for (const a of top.accounts) assert.ok(ids.has(a), `${a} drawn`);
    for (const e of page.graph.edges) assert.ok(ids.has(e.source) && ids.has(e.target) && e.key.length > 0);
    assert.ok(page.timeline.reduce((n, p) => n + p.exchanges, 0) === page.exchanges || page.timeline.length > 0);
    assert.ok(page.evidence.length > 0);
    assert.ok(page.evidence.every((e) => ids.has(e.account_id)));
    const missing = await api('/api/v1/campaigns/c_nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, 'not_found');
  });

  test('accounts filter by verdict, campaign and id text, page without repeats, and open with evidence and activity', async () => {
    const flagged = AccountList.parse((await api('/api/v1/accounts?verdict=flagged&limit=1000')).json).accounts;
    assert.ok(flagged.length > 0 && flagged.every((a) => a.verdict !== 'allow'));
    const members = AccountList.parse((await api(`/api/v1/accounts?campaign=${top.campaign_id}&limit=1000`)).json).accounts;
    assert.deepEqual(members.map((a) => a.account_id).sort(), [...top.accounts].sort());
    const needle = top.accounts[0].slice(-6);
    const found = AccountList.parse((await api(`/api/v1/accounts?q=${needle}`)).json).accounts;
    assert.ok(found.some((a) => a.account_id === top.accounts[0]) && found.every((a) => a.account_id.includes(needle)));
    const all = AccountList.parse((await api('/api/v1/accounts?limit=1000')).json).accounts;
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ReturnType<typeof AccountList.parse> = AccountList.parse((await api(`/api/v1/accounts?limit=7${cursor ? `&cursor=${cursor}` : ''}`)).json);
      paged.push(...page.accounts.map((a) => a.account_id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(paged, all.map((a) => a.account_id));
    const p = AccountPage.parse((await api(`/api/v1/accounts/${top.accounts[0]}`)).json);
    assert.equal(p.campaign_id, top.campaign_id);
    assert.ok(p.activity.reduce((n, x) => n + x.exchanges, 0) === p.exchanges);
    assert.equal((await api('/api/v1/accounts/nobody')).status, 404);
    assert.equal((await api('/api/v1/accounts?verdict=bad')).status, 400);
  });

  test('confirming a campaign needs a note, blocks its accounts, reaches the block list and signatures files, and is audited', async () => {
    const noNote = await api(`/api/v1/campaigns/${top.campaign_id}/decision`, { method: 'POST', as: 'analyst', json: { action: 'confirm' } });
    assert.equal(noNote.status, 400);
    assert.equal(noNote.json.error.code, 'invalid_request');
    const blank = await api(`/api/v1/campaigns/${top.campaign_id}/decision`, { method: 'POST', as: 'analyst', json: { action: 'confirm', note: '  ' } });
    assert.equal(blank.status, 400);
    const badJson = await api(`/api/v1/campaigns/${top.campaign_id}/decision`, { method: 'POST', as: 'analyst', body: '{', headers: { 'content-type': 'application/json' } });
    assert.equal(badJson.status, 400);
    assert.equal((await api('/api/v1/campaigns/c_nope/decision', { method: 'POST', as: 'analyst', json: { action: 'confirm', note: 'x' } })).status, 404);

    const r = await api(`/api/v1/campaigns/${top.campaign_id}/decision`, { method: 'POST', as: 'analyst', json: { action: 'confirm', note: 'shared card and proxy range' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'confirmed');
    assert.equal((await api(`/api/v1/campaigns/${top.campaign_id}/decision`, { method: 'POST', as: 'analyst', json: { action: 'confirm', note: 'again' } })).status, 409);

    const bl = await api('/api/v1/blocklist');
    assert.deepEqual(bl.json.accounts.map((b: { account_id: string }) => b.account_id).sort(), [...top.accounts].sort());
    assert.ok(bl.json.accounts.every((b: { campaign_id: string; actor: string }) => b.campaign_id === top.campaign_id && b.actor === 'ana'));
    const csv = await api('/api/v1/blocklist?format=csv');
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.equal(csv.text.trim().split('\n').length, top.accounts.length + 1);
    // the file the gateway reads is the policy's manual block list, and the policy's own reader takes it
    const file = JSON.parse(readFileSync(s.service.files.blocklist, 'utf8'));
    assert.deepEqual(file.blocks.map((b: { account_id: string; case_id: string }) => [b.account_id, b.case_id]).sort(), [...top.accounts].sort().map((a) => [a, top.campaign_id]));
    const stateDir = mkdtempSync(join(tmpdir(), 'distillguard-gateway-state-'));
    writeFileSync(join(stateDir, 'blocks.json'), readFileSync(s.service.files.blocklist));
    const manual = new ManualBlocks(stateDir);
    assert.equal(manual.get(top.accounts[0])?.case_id, top.campaign_id);
    assert.equal(manual.get(top.accounts[0])?.by, 'ana');
    rmSync(stateDir, { recursive: true, force: true });
    const sigs = JSON.parse(readFileSync(s.service.files.signatures, 'utf8'));
    for (const sig of sigs.signatures.filter((x: { campaign_id: string }) => x.campaign_id === top.campaign_id)) assert.equal(sig.action, 'block');
    for (const a of top.accounts) assert.equal((await api(`/api/v1/accounts/${a}`)).json.status, 'blocked');

    const audit = AuditList.parse((await api(`/api/v1/audit?target=campaign:${top.campaign_id}`)).json);
    const e = audit.entries[0];
    assert.equal(e.action, 'confirm');
    assert.equal(e.actor, 'ana');
    assert.equal(e.note, 'shared card and proxy range');
    assert.deepEqual(e.before, { status: 'open' });
    assert.equal((e.after as { status: string }).status, 'confirmed');
    assert.ok(!Number.isNaN(Date.parse(e.at)));
    const confirmed = (await api('/api/v1/campaigns?status=confirmed')).json.campaigns;
    assert.deepEqual(confirmed.map((c: { campaign_id: string }) => c.campaign_id), [top.campaign_id]);
  });

  test('an account is blocked and unblocked by hand with a note, and annotated; each action is audited', async () => {
    const all = AccountList.parse((await api('/api/v1/accounts?status=active&limit=1')).json).accounts;
    const id = all[0].account_id;
    assert.equal((await api(`/api/v1/accounts/${id}/block`, { method: 'POST', as: 'analyst', json: {} })).status, 400);
    const b = await api(`/api/v1/accounts/${id}/block`, { method: 'POST', as: 'analyst', json: { note: 'manual' } });
    assert.equal(b.status, 200, b.text);
    assert.equal(b.json.status, 'blocked');
    assert.equal((await api(`/api/v1/accounts/${id}/block`, { method: 'POST', as: 'analyst', json: { note: 'again' } })).status, 409);
    assert.ok((await api('/api/v1/blocklist')).json.accounts.some((x: { account_id: string; campaign_id: null }) => x.account_id === id && x.campaign_id === null));
    const u = await api(`/api/v1/accounts/${id}/unblock`, { method: 'POST', as: 'admin', json: { note: 'appeal upheld' } });
    assert.equal(u.json.status, 'active');
    assert.equal((await api(`/api/v1/accounts/${id}/unblock`, { method: 'POST', as: 'admin', json: { note: 'x' } })).status, 409);
    assert.equal((await api('/api/v1/accounts/nobody/block', { method: 'POST', as: 'analyst', json: { note: 'x' } })).status, 404);
    const a = await api('/api/v1/annotations', { method: 'POST', as: 'analyst', json: { target: `account:${id}`, note: 'talked to the customer' } });
    assert.equal(a.status, 200, a.text);
    assert.equal((await api(`/api/v1/accounts/${id}`)).json.annotations[0].note, 'talked to the customer');
    assert.equal((await api('/api/v1/annotations', { method: 'POST', as: 'analyst', json: { target: 'nothing', note: 'x' } })).status, 400);
    assert.equal((await api('/api/v1/annotations', { method: 'POST', as: 'analyst', json: { target: 'account:nobody', note: 'x' } })).status, 404);
    const audit = AuditList.parse((await api(`/api/v1/audit?target=account:${id}`)).json).entries;
    assert.deepEqual(audit.map((e) => [e.action, e.actor, e.note]), [['annotate', 'ana', 'talked to the customer'], ['unblock', 'adam', 'appeal upheld'], ['block', 'ana', 'manual']]);
    assert.deepEqual(audit[1].before, { status: 'blocked', campaign_id: null });
    assert.equal(s.service.audit.verify(), null);
  });

  test('webhooks are managed by an admin only', async () => {
    const add = await api('/api/v1/webhooks', { method: 'POST', as: 'admin', json: { url: 'http://127.0.0.1:9/hook', secret: 'secret-1234', events: ['campaign.decision'] } });
    assert.equal(add.status, 200, add.text);
    assert.equal((await api('/api/v1/webhooks', { method: 'POST', as: 'admin', json: { url: 'nota url', secret: 'secret-1234' } })).status, 400);
    assert.ok((await api('/api/v1/webhooks', { as: 'admin' })).json.webhooks.some((x: { id: string; secret?: string }) => x.id === add.json.id && x.secret === undefined));
    assert.equal((await api(`/api/v1/webhooks/${add.json.id}`, { method: 'DELETE', as: 'admin' })).status, 200);
    assert.equal((await api(`/api/v1/webhooks/${add.json.id}`, { method: 'DELETE', as: 'admin' })).status, 404);
  });

  test('OTLP/HTTP JSON GenAI spans are converted and judged; unusable spans are set aside; protobuf is refused with 415', async () => {
    const before = s.service.health().exchanges;
    const quarantined = (await api('/api/v1/quarantine')).json.total;
    const spans = readFileSync(join(FIXTURES, 'otel.jsonl'), 'utf8').split('\n');
    const span = (line: number) => JSON.parse(spans[line - 1]) as unknown;
    assert.equal((await api('/v1/traces', { method: 'POST', as: 'viewer', json: span(1) })).status, 403);
    const ok = await api('/v1/traces', { method: 'POST', as: 'analyst', json: span(1) });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, {});
    assert.equal(s.service.health().exchanges, before + 1);
    // judged once event time passes it or the feed settles, as any exchange
    await s.service.settle();
    const otelAccount = (await api('/api/v1/accounts/acct-otel-1')).json;
    assert.equal(otelAccount.exchanges, 1);
    // a span without an account (fixture line 4) is set aside, named
    const partial = await api('/v1/traces', { method: 'POST', as: 'analyst', json: span(4) });
    assert.equal(partial.status, 200);
    assert.equal(partial.json.partialSuccess.rejectedSpans, 1);
    const q = (await api('/api/v1/quarantine')).json;
    assert.equal(q.total, quarantined + 1);
    assert.match(q.lines[q.lines.length - 1].reason, /no account/);
    const proto = await api('/v1/traces', { method: 'POST', as: 'analyst', body: 'binary', headers: { 'content-type': 'application/x-protobuf' } });
    assert.equal(proto.status, 415);
    assert.equal(proto.json.error.code, 'unsupported');
  });

  test('the OpenAPI document names every route, /healthz answers, unknown routes answer 404 in the error shape', async () => {
    const doc = (await api('/openapi.json', { as: null })).json;
    assert.equal(doc.openapi, '3.0.3');
    for (const r of ROUTES) {
      const path = r.path.split('?')[0].replace('CID', '{id}').replace('AID', '{id}').replace('/none', '/{id}');
      assert.ok(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${path} documented`);
    }
    assert.ok(doc.components.schemas.CampaignPage && doc.components.schemas.Error);
    const h = await api('/healthz', { as: null });
    assert.equal(h.status, 200);
    assert.ok(h.json.exchanges >= w.lines.length);
    const nf = await api('/api/v1/nothing');
    assert.equal(nf.status, 404);
    assert.equal(nf.json.error.code, 'not_found');
  });

  test('without a built console, / says how to build it', async () => {
    const r = await api('/', { as: null });
    assert.equal(r.status, 200);
    assert.match(r.text, /console is not built/);
  });
});

describe('the console files', () => {
  test('are served from the console folder, with index.html for client routes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'distillguard-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id=root>console</div>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const s = await testServer({ consoleDir: dir });
    try {
      const api = client(s.url);
      assert.match((await api('/', { as: null })).text, /console/);
      const js = await api('/assets/app.js', { as: null });
      assert.equal(js.text, 'console.log(1)');
      assert.match(js.headers.get('content-type') ?? '', /javascript/);
      assert.match((await api('/campaigns/c_123', { as: null })).text, /id=root/);
      assert.equal((await api('/api/v1/unknown', { as: 'viewer' })).status, 404);
    } finally {
      await s.close();
      rmSync(s.dir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
