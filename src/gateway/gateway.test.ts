/**
 * The gateway's edges, over real sockets: identity, malformed and oversized
 * requests, upstream failures, the check endpoints, the admin endpoints with
 * their audit trail, fail modes, health and metrics.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decision, Policy } from '../policy/types.js';
import { AuditLog } from '../audit/audit.js';
import { startGateway, type Gateway, type GatewayOptions } from './server.js';
import { CheckBody, checkSubject } from './app.js';
import { startStandIn, type StandIn } from './testing/upstream.js';

const CHAT = { model: 'm', messages: [{ role: 'user', content: 'hello' }] };
const MSG = { model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] };

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await r.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: r.status, headers: r.headers, text, json };
}

const byAccount: Policy = {
  decide(subject): Decision {
    if (subject.account_id === 'acct_blocked') return { action: 'block', rule: 'test', reasons: [{ signal: 'test', weight: 1, detail: 'blocked by the test policy' }], caseId: 'c_test' };
    if (subject.account_id === 'acct_throttled') return { action: 'throttle', rule: 'test', reasons: [], retryAfterS: 3 };
    if (subject.account_id === 'acct_shadowed') return { action: 'shadow', wouldBe: 'block', rule: 'test', reasons: [], caseId: 'c_test' };
    return { action: 'allow', rule: null, reasons: [] };
  },
};

describe('the gateway at its edges', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-gw-edges-'));
  const accounts = join(dir, 'accounts.jsonl');
  writeFileSync(accounts, JSON.stringify({ account_id: 'acct_keyed', org_id: 'org_k', api_keys: ['sk-live-123'] }) + '\n');
  let up: StandIn;
  let gw: Gateway;
  const open: Gateway[] = [];
  const start = async (o: Partial<GatewayOptions>) => {
    const g = await startGateway({ upstream: up.url, listen: '127.0.0.1:0', accounts, policy: byAccount, defaultMetrics: false, ...o });
    open.push(g);
    return g;
  };

  before(async () => {
    up = await startStandIn();
    gw = await start({ adminToken: 'tok', state: join(dir, 'state'), maxBodyBytes: 64 * 1024 });
  });
  after(async () => {
    for (const g of open) await g.close();
    await up.close();
  });

  test('no resolvable account gets 401 in the API\'s own shape; a key from the account table resolves', async () => {
    const o = await post(gw.url + '/v1/chat/completions', CHAT);
    assert.equal(o.status, 401);
    assert.equal(o.json.error.type, 'invalid_request_error');
    const a = await post(gw.url + '/v1/messages', MSG, { 'x-api-key': 'sk-unknown' });
    assert.equal(a.status, 401);
    assert.deepEqual(Object.keys(a.json), ['type', 'error']);
    assert.equal(a.json.error.type, 'authentication_error');
    const k = await post(gw.url + '/v1/chat/completions', CHAT, { authorization: 'Bearer sk-live-123' });
    assert.equal(k.status, 200);
    const fwd = up.calls[up.calls.length - 1];
    assert.equal(fwd.headers.authorization, 'Bearer sk-live-123', 'the key still reaches the upstream');
    assert.ok(await gw.online.account('acct_keyed'));
  });

  test('malformed JSON gets 400 and an oversized body 413, in each API\'s shape, and neither reaches the upstream', async () => {
    const n = up.calls.length;
    const bad = await post(gw.url + '/v1/chat/completions', '{"model": ', { 'x-account-id': 'a1' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.type, 'invalid_request_error');
    assert.match(bad.json.error.message, /JSON/);
    const badA = await post(gw.url + '/v1/messages', '[1,2]', { 'x-account-id': 'a1' });
    assert.equal(badA.status, 400);
    assert.equal(badA.json.type, 'error');
    const big = { ...CHAT, messages: [{ role: 'user', content: 'x'.repeat(100 * 1024) }] };
    const o = await post(gw.url + '/v1/chat/completions', big, { 'x-account-id': 'a1' });
    assert.equal(o.status, 413);
    assert.equal(o.json.error.code, 'request_too_large');
    const a = await post(gw.url + '/v1/messages', big, { 'x-account-id': 'a1' });
    assert.equal(a.status, 413);
    assert.equal(a.json.error.type, 'request_too_large');
    assert.equal(up.calls.length, n);
  });

  test('X-Event-Time is ignored without --replay-clock and sets event time with it', async () => {
    await post(gw.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_clock', 'x-event-time': '2020-01-01T00:00:00Z' });
    assert.ok((await gw.online.account('acct_clock'))!.firstMs > Date.parse('2025-01-01'));
    const rc = await start({ replayClock: true });
    await post(rc.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_clock', 'x-event-time': '2020-01-01T00:00:00Z' });
    assert.equal((await rc.online.account('acct_clock'))!.firstMs, Date.parse('2020-01-01T00:00:00Z'));
    const bad = await post(rc.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_clock', 'x-event-time': 'yesterday' });
    assert.equal(bad.status, 400);
  });

  test('an upstream error answer passes through unchanged: status, body and content type', async () => {
    const failing = await startStandIn({ status: 500 });
    const g = await start({ upstream: failing.url });
    try {
      const direct = await post(failing.url + '/v1/messages', MSG);
      const through = await post(g.url + '/v1/messages', MSG, { 'x-account-id': 'a1' });
      assert.equal(through.status, 500);
      assert.equal(through.text, direct.text);
      assert.equal(through.headers.get('content-type'), direct.headers.get('content-type'));
      assert.equal(through.headers.get('x-distillguard-decision'), 'allow');
    } finally {
      await failing.close();
    }
  });

  test('an unreachable upstream gives 502, and a silent one 504, in each API\'s shape', async () => {
    // a port that was free a moment ago: nothing listens there
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const dead = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise<void>((r) => probe.close(() => r()));
    const down = await start({ upstream: dead });
    const o = await post(down.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'a1' });
    assert.equal(o.status, 502);
    assert.equal(o.json.error.code, 'upstream_unreachable');
    const a = await post(down.url + '/v1/messages', MSG, { 'x-account-id': 'a1' });
    assert.equal(a.status, 502);
    assert.equal(a.json.error.type, 'api_error');

    const slow = await startStandIn({ delayMs: 1500 });
    try {
      const g = await start({ upstream: slow.url, upstreamTimeoutMs: 200 });
      const t = await post(g.url + '/v1/messages', MSG, { 'x-account-id': 'a1' });
      assert.equal(t.status, 504);
      assert.equal(t.json.error.type, 'timeout_error');
      // the same upstream within the timeout answers
      const ok = await start({ upstream: slow.url, upstreamTimeoutMs: 5000 });
      assert.equal((await post(ok.url + '/v1/messages', MSG, { 'x-account-id': 'a1' })).status, 200);
    } finally {
      await slow.close();
    }
  });

  test('a streamed answer reaches the client event by event, before the upstream has sent the rest', async () => {
    let clientGotFirst!: () => void;
    const firstSeen = new Promise<void>((r) => (clientGotFirst = r));
    const held = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: 'first' } }] })}\n\n`);
      // the rest is sent only once the client has the first event: a buffering proxy never gets it
      const guard = setTimeout(() => res.destroy(), 5000);
      firstSeen.then(() => {
        clearTimeout(guard);
        res.end(`data: ${JSON.stringify({ choices: [{ delta: { content: ' second' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
      });
    });
    await new Promise<void>((r) => held.listen(0, '127.0.0.1', r));
    try {
      const g = await start({ upstream: `http://127.0.0.1:${(held.address() as AddressInfo).port}` });
      const r = await fetch(g.url + '/v1/chat/completions', { method: 'POST', headers: { 'x-account-id': 'a_stream', 'content-type': 'application/json' }, body: JSON.stringify({ ...CHAT, stream: true }) });
      const reader = r.body!.getReader();
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString();
        if (text.includes('first')) clientGotFirst();
      }
      assert.match(text, /first[\s\S]*second[\s\S]*\[DONE\]/);
    } finally {
      held.closeAllConnections();
      held.close();
    }
  });

  test('an upstream that compresses when asked is asked for plain answers, so the log still reads them', async () => {
    const { gzipSync } = await import('node:zlib');
    const zipping = createServer((req, res) => {
      req.resume();
      const body = JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'compressible answer' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2 } });
      if (String(req.headers['accept-encoding'] ?? '').includes('gzip')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(body));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      }
    });
    await new Promise<void>((r) => zipping.listen(0, '127.0.0.1', r));
    const log = mkdtempSync(join(tmpdir(), 'dg-gw-gzip-'));
    try {
      const g = await start({ upstream: `http://127.0.0.1:${(zipping.address() as AddressInfo).port}`, log });
      const r = await post(g.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'a_gzip', 'accept-encoding': 'gzip, br' });
      assert.equal(r.json.choices[0].message.content, 'compressible answer');
      await g.close();
      const line = JSON.parse(readFileSync(join(log, readdirSync(log)[0]), 'utf8').split('\n')[0]);
      assert.equal(line.response.text, 'compressible answer');
      assert.deepEqual(line.usage, { input_tokens: 3, output_tokens: 2 });
    } finally {
      zipping.close();
    }
  });

  test('the log keeps a request\'s probing fields (logprobs, top_logprobs, n, a logit_bias summary) in §1 form, and scan reads them back', async () => {
    const log = mkdtempSync(join(tmpdir(), 'dg-gw-probe-'));
    const g = await start({ log });
    const r = await post(g.url + '/v1/chat/completions', { ...CHAT, max_tokens: 1, logprobs: true, top_logprobs: 5, n: 2, logit_bias: { '50256': -100, '11': 40 } }, { 'x-account-id': 'a_probe' });
    assert.equal(r.status, 200);
    await g.close();
    const text = readFileSync(join(log, readdirSync(log)[0]), 'utf8').split('\n')[0];
    const line = JSON.parse(text);
    assert.deepEqual({ logprobs: line.request.logprobs, top: line.request.top_logprobs, n: line.request.n, bias: line.request.logit_bias }, { logprobs: true, top: 5, n: 2, bias: { count: 2, min: -100, max: 40, lo: 11, hi: 50256 } });
    const { parseExchangeLine } = await import('../contract/parse.js');
    const back = parseExchangeLine(text);
    assert.ok(back.ok);
    assert.deepEqual(back.value.request?.logit_bias, line.request.logit_bias);
  });

  test('closing drains a request in flight: it is answered, logged, and no new one is accepted', async () => {
    const slow = await startStandIn({ delayMs: 400 });
    const log = mkdtempSync(join(tmpdir(), 'dg-gw-drain-'));
    try {
      const g = await startGateway({ upstream: slow.url, listen: '127.0.0.1:0', policy: byAccount, log, defaultMetrics: false });
      const inFlight = post(g.url + '/v1/messages', MSG, { 'x-account-id': 'a_drain' });
      await new Promise((r) => setTimeout(r, 100));
      const closing = g.close();
      await assert.rejects(fetch(g.url + '/healthz'));
      assert.equal((await inFlight).status, 200);
      await closing;
      const lines = readdirSync(log).flatMap((f) => readFileSync(join(log, f), 'utf8').split('\n').filter(Boolean));
      assert.equal(lines.length, 1);
      assert.equal(JSON.parse(lines[0]).account_id, 'a_drain');
    } finally {
      await slow.close();
    }
  });

  test('a client that leaves while the upstream works is logged as 499, and does not hold up shutdown', { timeout: 10_000 }, async () => {
    const slow = await startStandIn({ delayMs: 600 });
    const log = mkdtempSync(join(tmpdir(), 'dg-gw-leave-'));
    try {
      const g = await startGateway({ upstream: slow.url, listen: '127.0.0.1:0', policy: byAccount, log, defaultMetrics: false, drainTimeoutMs: 60_000 });
      const ac = new AbortController();
      const r = fetch(g.url + '/v1/chat/completions', { method: 'POST', headers: { 'x-account-id': 'a_leaves', 'content-type': 'application/json' }, body: JSON.stringify(CHAT), signal: ac.signal });
      await new Promise((res) => setTimeout(res, 150));
      ac.abort();
      await assert.rejects(r);
      await new Promise((res) => setTimeout(res, 50));
      const t = performance.now();
      await g.close();
      assert.ok(performance.now() - t < 5000, 'shutdown waited on a request whose client had left');
      const line = JSON.parse(readFileSync(join(log, readdirSync(log)[0]), 'utf8').split('\n')[0]);
      assert.equal(line.status, 499);
    } finally {
      await slow.close();
    }
  });

  test('POST /v1/check answers the decision with reasons and case; GET /v1/check answers 200, 403 or 429', async () => {
    const c = await post(gw.url + '/v1/check', { account_id: 'acct_blocked', ip: '10.0.0.1' });
    assert.equal(c.status, 200);
    assert.equal(c.json.decision, 'block');
    assert.equal(c.json.case_id, 'c_test');
    assert.equal(c.json.reasons[0].detail, 'blocked by the test policy');
    assert.equal((await post(gw.url + '/v1/check', { account_id: 'acct_ok' })).json.decision, 'allow');
    assert.equal((await post(gw.url + '/v1/check', { ip: '1.2.3.4' })).status, 400);
    const get = (h: Record<string, string>) => fetch(gw.url + '/v1/check', { headers: h });
    assert.equal((await get({ 'x-account-id': 'acct_ok' })).status, 200);
    const shadow = await get({ 'x-account-id': 'acct_shadowed' });
    assert.equal(shadow.status, 200);
    assert.equal(shadow.headers.get('x-distillguard-decision'), 'shadow; case=c_test');
    assert.equal((await get({ 'x-account-id': 'acct_blocked' })).status, 403);
    const t = await get({ 'x-account-id': 'acct_throttled' });
    assert.equal(t.status, 429);
    assert.equal(t.headers.get('retry-after'), '3');
    assert.equal((await get({ authorization: 'Bearer sk-live-123' })).status, 200);
    // Envoy ext_authz (HTTP) form: path prefix + the original path and method, no body
    const envoy = await fetch(gw.url + '/v1/check/v1/chat/completions', { method: 'POST', headers: { 'x-account-id': 'acct_blocked' } });
    assert.equal(envoy.status, 403);
    assert.equal((await fetch(gw.url + '/v1/check/v1/messages', { method: 'POST', headers: { 'x-account-id': 'acct_ok' } })).status, 200);
    assert.equal((await get({})).status, 401);
  });

  test('a manual block needs the admin token, refuses the account at once, is audited, and survives a restart; unblock lifts it', async () => {
    const body = { account_id: 'acct_manual', note: 'abuse report 42' };
    assert.equal((await post(gw.url + '/admin/block', body)).status, 401);
    assert.equal((await post(gw.url + '/admin/block', body, { authorization: 'Bearer nope' })).status, 401);
    assert.equal((await post(gw.url + '/admin/block', { account_id: 'acct_manual' }, { authorization: 'Bearer tok' })).status, 400);
    const b = await post(gw.url + '/admin/block', body, { authorization: 'Bearer tok', 'x-actor': 'alice' });
    assert.equal(b.status, 200);
    const r = await post(gw.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_manual' });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('x-distillguard-decision'), `block; case=${b.json.case_id}`);
    const again = await start({ state: join(dir, 'state'), adminToken: 'tok' });
    assert.equal((await post(again.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_manual' })).status, 403);
    assert.equal((await post(again.url + '/admin/unblock', { account_id: 'acct_manual', note: 'appeal upheld' }, { authorization: 'Bearer tok' })).status, 200);
    assert.equal((await post(again.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_manual' })).status, 200);
    const audit = new AuditLog(join(dir, 'state', 'audit.jsonl'));
    assert.equal(audit.verify(), null);
    const mine = audit.list({ target: 'account:acct_manual' }).reverse();
    assert.deepEqual(mine.map((e) => [e.actor, e.action, e.note]), [['alice', 'block', 'abuse report 42'], ['admin', 'unblock', 'appeal upheld']]);
    // the admin endpoints are off without a token
    const bare = await start({});
    assert.equal((await post(bare.url + '/admin/block', body, { authorization: 'Bearer tok' })).status, 404);
  });

  test('a block list decided in the service (serve\'s blocklist.json) is followed: a block there refuses the account within a second or two, a damaged file keeps the last list', async () => {
    const file = join(dir, 'served-blocklist.json');
    const write = (text: string) => {
      writeFileSync(file + '.tmp', text);
      renameSync(file + '.tmp', file);
    };
    write(JSON.stringify({ version: 1, blocks: [] }));
    const g = await start({ blocklist: file });
    assert.equal((await post(g.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_served' })).status, 200);
    write(JSON.stringify({ version: 1, blocks: [{ account_id: 'acct_served', case_id: 'c_confirmed', note: 'campaign confirmed', by: 'ana', at: new Date().toISOString() }] }));
    const until = async (status: number): Promise<Awaited<ReturnType<typeof post>>> => {
      for (let i = 0; i < 50; i++) {
        const r = await post(g.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_served' });
        if (r.status === status) return r;
        await new Promise((res) => setTimeout(res, 100));
      }
      assert.fail(`acct_served never got ${status}`);
    };
    const refused = await until(403);
    assert.equal(refused.headers.get('x-distillguard-decision'), 'block; case=c_confirmed');
    // a half-written or foreign file leaves the list in force
    write('{"version": 1, "blocks": [');
    await new Promise((res) => setTimeout(res, 1200));
    assert.equal((await post(g.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_served' })).status, 403);
    // the service lifts it
    write(JSON.stringify({ version: 1, blocks: [] }));
    await until(200);
  });

  test('an account\'s first automatic block is audited once, however often it is refused', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await post(gw.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_blocked' })).status, 403);
    const lines = readFileSync(join(dir, 'state', 'audit.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.equal(lines.filter((e) => e.target === 'account:acct_blocked' && e.actor === 'policy').length, 1);
  });

  test('when the engine throws, fail-open lets traffic through and fail-closed refuses it with 429', async () => {
    for (const [mode, status] of [['open', 200], ['closed', 429]] as const) {
      const g = await start({ failMode: mode });
      await g.online.breakEngineForTest();
      const stderr = process.stderr.write;
      process.stderr.write = (() => true) as typeof process.stderr.write;
      try {
        assert.equal((await post(g.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'a1' })).status, 200, 'the request that breaks the engine was answered');
        // the engine takes the exchange after the answer, in its worker: wait for it to report
        await g.online.settled();
      } finally {
        process.stderr.write = stderr;
      }
      assert.equal((await post(g.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'a1' })).status, status, mode);
      assert.equal((await fetch(g.url + '/healthz')).status, 200);
      assert.match(await (await fetch(g.url + '/metrics')).text(), /distillguard_gateway_engine_failed 1/);
    }
  });

  test('/healthz and /metrics report requests by decision, upstream latency and accounts held', async () => {
    const h = await (await fetch(gw.url + '/healthz')).json();
    assert.equal(h.ok, true);
    const m = await (await fetch(gw.url + '/metrics')).text();
    assert.match(m, /distillguard_gateway_requests_total\{api="openai",decision="allow"\} \d+/);
    assert.match(m, /distillguard_gateway_requests_total\{api="openai",decision="block"\} [1-9]/);
    assert.match(m, /distillguard_gateway_upstream_seconds_count\{api="openai"\} [1-9]/);
    assert.match(m, /distillguard_gateway_accounts_held [1-9]/);
  });
});

test('the check reads a body as its schema does: the same subject for every valid body, nothing for every invalid one', () => {
  // every combination of a value per field, from valid strings to the wrong types a client might send
  const values: unknown[] = [undefined, 'x', '', 7, null, ['a'], { a: 1 }, true];
  const fields = ['account_id', 'ip', 'user_agent', 'api_key_id', 'org_id', 'model', 'extra'];
  let valid = 0;
  let n = 0;
  for (let seed = 0; seed < 4000; seed++) {
    let x = seed * 2654435761;
    const body: Record<string, unknown> = {};
    for (const f of fields) {
      x = (x ^ (x >>> 13)) * 1274126177;
      const v = values[(x >>> 0) % values.length];
      if (v !== undefined) body[f] = v;
    }
    if (seed % 3 === 0) body.account_id = `acct_${seed}`;
    const p = CheckBody.safeParse(body);
    assert.deepEqual(checkSubject(body), p.success ? p.data : null, JSON.stringify(body));
    if (p.success) valid++;
    n++;
  }
  for (const v of [null, [], 'acct', 3, [{ account_id: 'a' }]]) assert.equal(checkSubject(v), null);
  // both kinds are well represented
  assert.ok(valid > n / 10 && valid < n / 2, `${valid} valid of ${n}`);
});
