/**
 * Contract §5 from the outside: the built CLI (`bin/distillguard.js gateway`)
 * run as a child process with only the flags the contract names, in front of a
 * stand-in model server written here (not the project's own), and driven over
 * HTTP as an evaluator would. Each test quotes the sentence it checks.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createConnection, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { BIN, skip, start, stop, type Proc } from './cli-process.js';


interface Call { path: string; raw: string; headers: IncomingMessage['headers'] }

/** The model servers: an answer per path, SSE when the body asks `stream`, a recorded call each. */
async function standIn(): Promise<{ url: string; calls: Call[]; server: Server }> {
  const calls: Call[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      calls.push({ path: req.url ?? '', raw, headers: req.headers });
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      if (body.model === 'teapot') {
        // an upstream error, with an odd content type: passed on as it is
        res.writeHead(418, { 'content-type': 'application/problem+json; charset=utf-8', 'x-upstream': 'yes' });
        res.end('{"error" :  {"message": "short and stout"}}');
        return;
      }
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const events = req.url === '/v1/messages'
          ? ['event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":3,"output_tokens":0}}}\n\n',
            'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n',
            'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}\n\n',
            'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n']
          : ['data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n',
            'data: {"choices":[{"index":0,"delta":{"content":"lo"}}]}\n\n',
            'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
            'data: [DONE]\n\n'];
        let i = 0;
        const next = () => {
          res.write(events[i++]);
          if (i < events.length) setTimeout(next, 400);
          else res.end();
        };
        next();
        return;
      }
      const answer = req.url === '/v1/messages'
        ? { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Hello there' }], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 2 } }
        : req.url === '/v1/responses'
          ? { id: 'resp_1', object: 'response', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello there' }] }], usage: { input_tokens: 3, output_tokens: 2 } }
          : { id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2 } };
      // deliberate spacing: an unchanged body keeps it
      const text = JSON.stringify(answer, null, 1);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

const CHAT = { model: 'gpt-x', messages: [{ role: 'user', content: 'Say hello' }] };
const RESP = { model: 'gpt-x', input: 'Say hello' };
const MSG = { model: 'claude-x', max_tokens: 50, messages: [{ role: 'user', content: 'Say hello' }] };
const PATHS = { '/v1/chat/completions': CHAT, '/v1/responses': RESP, '/v1/messages': MSG } as const;
const apiOf = (path: string) => (path === '/v1/messages' ? 'anthropic' : 'openai');

const POLICY = `version: 1
rules:
  - id: blocked
    when: { account: [acct_blocked, acct_blocked_a] }
    action: block
    mode: enforce
  - id: throttled
    when: { account: [acct_throttled, acct_throttled_a, acct_throttled_c] }
    action: throttle
    mode: enforce
    throttle: { account: { per_minute: 1, burst: 1 } }
  - id: shadowed
    when: { account: acct_shadow }
    action: block
  - id: degraded
    when: { account: acct_degrade }
    action: degrade
    mode: enforce
    degrade: { max_tokens: 7, drop_reasoning: true }
`;

function post(url: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** The X-Distillguard-Decision grammar of §5. */
const DECISION = /^(allow|shadow|throttle|degrade|block)(; case=\S+)?$/;

function logLines(dir: string): Record<string, unknown>[] {
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
}

describe('contract §5: distillguard gateway, driven as a process', { skip }, () => {
  let dir = '';
  let up: Awaited<ReturnType<typeof standIn>>;
  let gw: Proc;
  const callsOf = (account: string) => up.calls.filter((c) => c.headers['x-account-id'] === account).length;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dg-contract-gw-'));
    up = await standIn();
    writeFileSync(join(dir, 'accounts.jsonl'), [
      { account_id: 'acct_key', api_keys: ['sk-test-key-1'], org_id: 'org_table' },
      { account_id: 'acct_xkey', api_keys: ['sk-ant-key-2'] },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n');
    writeFileSync(join(dir, 'policy.yaml'), POLICY);
    gw = await start(['gateway', '--upstream', up.url, '--listen', '127.0.0.1:0', '--accounts', 'accounts.jsonl', '--policy', 'policy.yaml', '--log', 'logs'], dir);
  });
  after(async () => {
    await stop(gw);
    await new Promise((r) => up?.server.close(r));
  });

  test('"prints one line `listening on http://HOST:PORT` on stdout when ready"', () => {
    assert.match(gw.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(gw.stdout(), `listening on ${gw.url}\n`, 'nothing else on stdout');
  });

  for (const [path, body] of Object.entries(PATHS)) {
    test(`"forwarded to --upstream with the same path and body. An allowed request's answer comes back unchanged (status, body, content type)": ${path}`, async () => {
      const raw = JSON.stringify(body, null, 2);
      const before = up.calls.length;
      const r = await post(gw.url + path, raw, { 'x-account-id': 'acct_ok' });
      const text = await r.text();
      assert.equal(up.calls.length, before + 1);
      const call = up.calls[up.calls.length - 1];
      assert.equal(call.path, path);
      assert.equal(call.raw, raw, 'the body reaches the upstream byte for byte');
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(text, JSON.stringify(JSON.parse(text), null, 1), 'the upstream\'s own formatting');
      assert.equal(r.headers.get('x-distillguard-decision'), 'allow');
    });
  }

  test('"forwarded to `--upstream` with the same path": the query string too', async () => {
    const r = await post(gw.url + '/v1/chat/completions?api-version=2024-10-21&x=a%20b', CHAT, { 'x-account-id': 'acct_ok' });
    assert.equal(r.status, 200);
    await r.text();
    assert.equal(up.calls[up.calls.length - 1].path, '/v1/chat/completions?api-version=2024-10-21&x=a%20b');
  });

  test('"An allowed request\'s answer comes back unchanged (status, body, content type)": an upstream error too', async () => {
    const r = await post(gw.url + '/v1/chat/completions', { ...CHAT, model: 'teapot' }, { 'x-account-id': 'acct_ok' });
    assert.equal(r.status, 418);
    assert.equal(r.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(await r.text(), '{"error" :  {"message": "short and stout"}}');
    assert.match(r.headers.get('x-distillguard-decision') ?? '', DECISION);
  });

  for (const path of ['/v1/chat/completions', '/v1/messages']) {
    test(`"a streamed answer (text/event-stream) is passed through event by event as it arrives": ${path}`, async () => {
      const r = await post(gw.url + path, { ...PATHS[path as keyof typeof PATHS], stream: true }, { 'x-account-id': 'acct_stream' });
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.equal(r.headers.get('x-distillguard-decision'), 'allow');
      const reader = r.body!.getReader();
      const t0 = Date.now();
      const arrivals: number[] = [];
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
        arrivals.push(Date.now() - t0);
      }
      // the upstream writes 4 times, 400 ms apart: had the gateway buffered, the first bytes would arrive after ~1.2 s
      assert.ok(arrivals.length >= 3, `${arrivals.length} chunk(s)`);
      assert.ok(arrivals[0] < 700, `first event after ${arrivals[0]} ms`);
      assert.ok(arrivals[arrivals.length - 1] >= 1000);
      assert.match(text, path === '/v1/messages' ? /"text":"Hel"[\s\S]*"text":"lo"[\s\S]*message_stop/ : /"Hel"[\s\S]*"lo"[\s\S]*\[DONE\]/);
    });
  }

  test('"the account is the `X-Account-Id` request header" and the optional headers `X-Org-Id`, `X-Api-Key-Id`, `X-Forwarded-For` (checked in the log below)', async () => {
    const r = await post(gw.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_hdr', 'x-org-id': 'org_hdr', 'x-api-key-id': 'kid_hdr', 'x-forwarded-for': '203.0.113.9, 10.0.0.1', 'user-agent': 'contract-test/1' });
    assert.equal(r.status, 200);
    await r.text();
  });

  test('"or, without it, the account whose `api_keys` ... holds the request\'s `Authorization: Bearer KEY` or `x-api-key: KEY`"', async () => {
    const a = await post(gw.url + '/v1/chat/completions', CHAT, { authorization: 'Bearer sk-test-key-1' });
    assert.equal(a.status, 200);
    await a.text();
    const b = await post(gw.url + '/v1/messages', MSG, { 'x-api-key': 'sk-ant-key-2', 'anthropic-version': '2023-06-01' });
    assert.equal(b.status, 200);
    await b.text();
    // "or, without it": with both, the header names the account
    const both = await post(gw.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_both', authorization: 'Bearer sk-test-key-1' });
    assert.equal(both.status, 200);
    await both.text();
  });

  for (const path of Object.keys(PATHS)) {
    test(`"A request with no resolvable account gets 401 in the API's error shape": ${path}`, async () => {
      const before = up.calls.length;
      for (const headers of [{}, { authorization: 'Bearer sk-unknown' }, { 'x-api-key': 'sk-unknown' }] as Record<string, string>[]) {
        const r = await post(gw.url + path, PATHS[path as keyof typeof PATHS], headers);
        assert.equal(r.status, 401);
        assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
        const b = await r.json() as Record<string, any>;
        if (apiOf(path) === 'anthropic') {
          assert.equal(b.type, 'error');
          assert.equal(typeof b.error.type, 'string');
          assert.equal(typeof b.error.message, 'string');
        } else {
          assert.equal(typeof b.error.message, 'string');
          assert.equal(typeof b.error.type, 'string');
          assert.ok('code' in b.error);
        }
        assert.match(r.headers.get('x-distillguard-decision') ?? '', DECISION, '"every answer carries X-Distillguard-Decision"');
      }
      assert.equal(up.calls.length, before, 'not forwarded');
    });
  }

  for (const path of Object.keys(PATHS)) {
    test(`"A blocked request gets 403 ... in the API's own error shape ... followed by \`; case=ID\` ... The upstream is not called": ${path}`, async () => {
      const r = await post(gw.url + path, PATHS[path as keyof typeof PATHS], { 'x-account-id': 'acct_blocked' });
      assert.equal(r.status, 403);
      assert.match(r.headers.get('x-distillguard-decision') ?? '', /^block; case=\S+$/);
      const b = await r.json() as Record<string, any>;
      if (apiOf(path) === 'anthropic') assert.deepEqual([b.type, b.error.type, typeof b.error.message], ['error', 'permission_error', 'string']);
      else assert.deepEqual([b.error.type, b.error.code, typeof b.error.message], ['permission_error', 'distillguard_blocked', 'string']);
      assert.equal(callsOf('acct_blocked'), 0);
    });

    test(`"a throttled one 429 with \`Retry-After\`, in the API's own error shape ... The upstream is not called": ${path}`, async () => {
      const account = `acct_throttled${path === '/v1/messages' ? '_a' : path === '/v1/responses' ? '_c' : ''}`;
      // burst 1: the first request is served, the next within the minute is throttled
      const first = await post(gw.url + path, PATHS[path as keyof typeof PATHS], { 'x-account-id': account });
      await first.text();
      assert.equal(callsOf(account), 1);
      const r = await post(gw.url + path, PATHS[path as keyof typeof PATHS], { 'x-account-id': account });
      assert.equal(r.status, 429);
      assert.match(r.headers.get('retry-after') ?? '', /^\d+$/);
      assert.match(r.headers.get('x-distillguard-decision') ?? '', /^throttle(; case=\S+)?$/);
      const b = await r.json() as Record<string, any>;
      if (apiOf(path) === 'anthropic') assert.deepEqual([b.type, b.error.type, typeof b.error.message], ['error', 'rate_limit_error', 'string']);
      else assert.deepEqual([b.error.type, b.error.code, typeof b.error.message], ['rate_limit_error', 'distillguard_throttled', 'string']);
      assert.equal(callsOf(account), 1, 'the throttled request did not reach the upstream');
    });
  }

  test('"every answer carries `X-Distillguard-Decision: ACTION`": shadow and degrade', async () => {
    const s = await post(gw.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_shadow' });
    assert.equal(s.status, 200);
    assert.match(s.headers.get('x-distillguard-decision') ?? '', /^shadow(; case=\S+)?$/);
    await s.text();
    const d = await post(gw.url + '/v1/messages', { ...MSG, max_tokens: 4000 }, { 'x-account-id': 'acct_degrade' });
    assert.equal(d.status, 200);
    assert.match(d.headers.get('x-distillguard-decision') ?? '', /^degrade(; case=\S+)?$/);
    await d.text();
    const sent = up.calls.filter((c) => c.headers['x-account-id'] === 'acct_degrade').map((c) => JSON.parse(c.raw) as { max_tokens: number });
    assert.deepEqual(sent.map((b) => b.max_tokens), [7]);
  });

  test('"every answer carries `X-Distillguard-Decision`": a body that is not JSON', async () => {
    const r = await post(gw.url + '/v1/chat/completions', 'not json', { 'x-account-id': 'acct_ok' });
    assert.ok(r.status >= 400 && r.status < 500);
    assert.match(r.headers.get('x-distillguard-decision') ?? '', DECISION);
    const b = await r.json() as { error: { message: string } };
    assert.equal(typeof b.error.message, 'string');
  });

  test('"`POST /v1/check` with `{"account_id", "ip"?, ...}` answers 200 `{"decision": ACTION, "reasons": [...], "case_id"?}`"', async () => {
    const ok = await post(gw.url + '/v1/check', { account_id: 'acct_fresh', ip: '198.51.100.7', user_agent: 'x/1', api_key_id: 'k1', org_id: 'o1', model: 'gpt-x' }, {});
    assert.equal(ok.status, 200);
    const a = await ok.json() as Record<string, unknown>;
    assert.equal(a.decision, 'allow');
    assert.ok(Array.isArray(a.reasons));
    const blocked = await post(gw.url + '/v1/check', { account_id: 'acct_blocked' }, {});
    assert.equal(blocked.status, 200, 'POST answers 200 whatever the decision');
    const b = await blocked.json() as Record<string, unknown>;
    assert.equal(b.decision, 'block');
    assert.ok(Array.isArray(b.reasons));
    assert.equal(typeof b.case_id, 'string');
    const shadow = await (await post(gw.url + '/v1/check', { account_id: 'acct_shadow' }, {})).json() as Record<string, unknown>;
    assert.equal(shadow.decision, 'shadow');
  });

  test('"`GET /v1/check` with the identity headers above answers 200 (allow, shadow, degrade), 403 (block) or 429 (throttle)"', async () => {
    const get = (h: Record<string, string>) => fetch(gw.url + '/v1/check', { headers: h });
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ 'x-account-id': 'acct_fresh2' }, 200, /^allow/],
      [{ 'x-account-id': 'acct_shadow' }, 200, /^shadow/],
      [{ 'x-account-id': 'acct_degrade' }, 200, /^degrade/],
      [{ 'x-account-id': 'acct_blocked' }, 403, /^block; case=/],
      [{ authorization: 'Bearer sk-test-key-1' }, 200, /^allow/],
    ];
    for (const [h, status, decision] of cases) {
      const r = await get(h);
      assert.equal(r.status, status, JSON.stringify(h));
      assert.match(r.headers.get('x-distillguard-decision') ?? '', decision);
      await r.body?.cancel();
    }
    const none = await get({});
    assert.equal(none.status, 401);
    assert.match(none.headers.get('x-distillguard-decision') ?? '', DECISION);
    await none.body?.cancel();
    // the throttled account's bucket was emptied above
    const t = await get({ 'x-account-id': 'acct_throttled' });
    assert.equal(t.status, 429);
    assert.match(t.headers.get('retry-after') ?? '', /^\d+$/);
    await t.body?.cancel();
  });

  test('"`GET /healthz` (200 when ready), `GET /metrics` (Prometheus text format)"', async () => {
    const h = await fetch(gw.url + '/healthz');
    assert.equal(h.status, 200);
    await h.body?.cancel();
    const m = await fetch(gw.url + '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await m.text();
    assert.match(text, /^# HELP \S+ /m);
    assert.match(text, /^# TYPE \S+ (counter|gauge|histogram|summary)$/m);
    // every sample line is NAME{labels} VALUE
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) assert.match(line, /^[a-zA-Z_:][\w:]*(\{.*\})? (-?[\d.e+-]+|NaN|[+-]Inf)$/, line);
  });

  test('"`--log DIR` writes every exchange in §1 form, so `scan` reads what the gateway saw"; "without the flag the header is ignored and event time is the arrival time"', async () => {
    const t0 = Date.now();
    const r = await post(gw.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_clock', 'x-event-time': '2020-01-01T00:00:00Z' });
    await r.text();
    await stop(gw);
    const lines = logLines(join(dir, 'logs'));
    for (const l of lines) {
      assert.equal(typeof l.id, 'string');
      assert.ok(Number.isFinite(Date.parse(l.ts as string)) && /(Z|[+-]\d\d:\d\d)$/.test(l.ts as string), `ts ${l.ts}`);
      assert.equal(typeof l.account_id, 'string');
    }
    const ids = new Set(lines.map((l) => l.id));
    assert.equal(ids.size, lines.length, 'ids are unique');
    const by = (a: string) => lines.filter((l) => l.account_id === a);
    assert.ok(by('acct_ok').length >= 4, 'the three APIs and the upstream\'s error');
    assert.ok(by('acct_blocked').length >= 3, 'refused requests are logged too');
    assert.equal(by('acct_key').length, 1, 'a Bearer key resolves to its account');
    assert.equal(by('acct_xkey').length, 1, 'an x-api-key resolves to its account');
    assert.equal(by('acct_both').length, 1, 'X-Account-Id wins over a key');
    assert.ok(!JSON.stringify(lines).includes('sk-test-key-1'), 'the key itself is never written');
    const hdr = by('acct_hdr')[0];
    assert.deepEqual([hdr.org_id, hdr.api_key_id, hdr.ip, hdr.user_agent], ['org_hdr', 'kid_hdr', '203.0.113.9', 'contract-test/1']);
    const streamed = by('acct_stream');
    assert.ok(streamed.some((l) => (l.response as { text?: string } | undefined)?.text === 'Hello'), 'a streamed answer\'s text is logged');
    const clock = by('acct_clock')[0];
    assert.ok(Math.abs(Date.parse(clock.ts as string) - t0) < 60_000, `X-Event-Time ignored without --replay-clock (ts ${clock.ts})`);

    const out = join(dir, 'scan');
    const s = spawnSync(process.execPath, [BIN, 'scan', join(dir, 'logs'), '--accounts', join(dir, 'accounts.jsonl'), '--out', out], { encoding: 'utf8', cwd: dir });
    assert.equal(s.status, 0, s.stderr);
    const verdicts = readFileSync(join(out, 'verdicts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { account_id: string });
    assert.deepEqual(new Set(verdicts.map((v) => v.account_id)), new Set(lines.map((l) => l.account_id)), 'scan sees every account the gateway saw');
    assert.equal(readFileSync(join(out, 'quarantine.jsonl'), 'utf8').trim(), '', 'no line of the gateway\'s log is bad input');
  });
});

describe('contract §5: defaults and the replay clock', { skip }, () => {
  let dir = '';
  let up: Awaited<ReturnType<typeof standIn>>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dg-contract-gw2-'));
    up = await standIn();
  });
  after(async () => { await new Promise((r) => up?.server.close(r)); });

  test('"Listens on `--listen` (default `127.0.0.1:8787`)": the gateway with `--upstream URL` and nothing else', async (t) => {
    // another gateway on this machine may hold the port: then there is nothing to learn here
    const busy = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port: 8787 });
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (busy) return t.skip('127.0.0.1:8787 is in use by another process');
    const gw = await start(['gateway', '--upstream', up.url], dir);
    try {
      assert.equal(gw.url, 'http://127.0.0.1:8787');
      assert.equal(gw.stdout(), 'listening on http://127.0.0.1:8787\n');
      const r = await post(gw.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'a1' });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-distillguard-decision'), 'allow');
      await r.text();
    } finally {
      await stop(gw);
    }
  });

  test('"only with `--replay-clock`, the request header `X-Event-Time: RFC3339` sets the exchange\'s event time (`ts`)"', async () => {
    const gw = await start(['gateway', '--upstream', up.url, '--listen', '127.0.0.1:0', '--replay-clock', '--log', 'replay-logs'], dir);
    try {
      for (const ts of ['2026-11-02T14:03:22.123Z', '2026-11-02T15:00:00+01:00']) {
        const r = await post(gw.url + '/v1/chat/completions', CHAT, { 'x-account-id': 'acct_replay', 'x-event-time': ts });
        assert.equal(r.status, 200);
        await r.text();
      }
      const bad = await post(gw.url + '/v1/messages', MSG, { 'x-account-id': 'acct_replay', 'x-event-time': 'yesterday' });
      assert.equal(bad.status, 400);
      assert.match(bad.headers.get('x-distillguard-decision') ?? '', DECISION, '"every answer carries X-Distillguard-Decision"');
      assert.equal(((await bad.json()) as { type: string }).type, 'error');
    } finally {
      await stop(gw);
    }
    const lines = logLines(join(dir, 'replay-logs'));
    assert.deepEqual(lines.map((l) => Date.parse(l.ts as string)), [Date.parse('2026-11-02T14:03:22.123Z'), Date.parse('2026-11-02T15:00:00+01:00')]);
  });

  test('exit status 2 on unusable arguments: no --upstream', () => {
    const r = spawnSync(process.execPath, [BIN, 'gateway', '--listen', '127.0.0.1:0'], { encoding: 'utf8', cwd: dir, timeout: 30_000 });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
  });
});

/** A §1 exchange as the HTTP request a client sent: path, body, headers. */
function asRequest(ex: Record<string, any>): { path: string; body: Record<string, unknown>; headers: Record<string, string> } {
  const rq = (ex.request ?? {}) as { system?: string; messages?: { role: string; content: string }[]; temperature?: number; top_p?: number; max_tokens?: number; tools?: string[]; stream?: boolean };
  const msgs = rq.messages ?? [{ role: 'user', content: '' }];
  const common: Record<string, unknown> = { model: ex.model ?? 'm' };
  if (rq.temperature !== undefined) common.temperature = rq.temperature;
  if (rq.top_p !== undefined) common.top_p = rq.top_p;
  if (rq.stream) common.stream = true;
  let path: string;
  let body: Record<string, unknown>;
  if (ex.endpoint === 'messages') {
    path = '/v1/messages';
    body = { ...common, max_tokens: rq.max_tokens ?? 1024, messages: msgs, ...(rq.system ? { system: rq.system } : {}), ...(rq.tools ? { tools: rq.tools.map((name) => ({ name, input_schema: { type: 'object' } })) } : {}) };
  } else if (ex.endpoint === 'responses') {
    path = '/v1/responses';
    body = { ...common, input: msgs, ...(rq.system ? { instructions: rq.system } : {}), ...(rq.max_tokens ? { max_output_tokens: rq.max_tokens } : {}) };
  } else {
    path = '/v1/chat/completions';
    body = { ...common, messages: [...(rq.system ? [{ role: 'system', content: rq.system }] : []), ...msgs], ...(rq.max_tokens ? { max_tokens: rq.max_tokens } : {}), ...(rq.tools ? { tools: rq.tools.map((name) => ({ type: 'function', function: { name } })) } : {}) };
  }
  const headers: Record<string, string> = { 'x-account-id': ex.account_id, 'x-event-time': ex.ts, 'x-request-id': ex.id };
  if (ex.org_id) headers['x-org-id'] = ex.org_id;
  if (ex.api_key_id) headers['x-api-key-id'] = ex.api_key_id;
  if (ex.ip) headers['x-forwarded-for'] = ex.ip;
  if (ex.user_agent) headers['user-agent'] = ex.user_agent;
  return { path, body, headers };
}

/** The model servers of a recorded world: each request (by X-Request-Id) gets its logged answer, status and usage. */
async function recordedUpstream(byId: Map<string, Record<string, any>>): Promise<{ url: string; calls: Set<string>; server: Server }> {
  const calls = new Set<string>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['x-request-id']);
      calls.add(id);
      const ex = byId.get(id) ?? {};
      const text = String(ex.response?.text ?? '');
      const u = ex.usage ?? { input_tokens: 0, output_tokens: 0 };
      const status = ex.status ?? 200;
      const body = status !== 200 ? { error: { message: 'upstream says no', type: 'rate_limit_error' } }
        : req.url === '/v1/messages' ? { type: 'message', role: 'assistant', content: [{ type: 'text', text }], stop_reason: ex.response?.stop_reason ?? 'end_turn', usage: u }
          : req.url === '/v1/responses' ? { object: 'response', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }], usage: u }
            : { object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: ex.response?.stop_reason ?? 'stop' }], usage: { prompt_tokens: u.input_tokens, completion_tokens: u.output_tokens } };
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

describe('contract §5 end to end: a labelled world sent through the gateway as its clients would', { skip }, () => {
  test('"A blocked request gets 403, a throttled one 429 ... The upstream is not called": campaign accounts are refused, benign ones served; "`scan` reads what the gateway saw"', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-contract-gw3-'));
    const sim = spawnSync(process.execPath, [BIN, 'simulate', '--scenario', 'hydra', '--scale', '0.03', '--days', '2', '--seed', '3', '--out', 'world', '-q'], { cwd: dir, encoding: 'utf8' });
    assert.equal(sim.status, 0, sim.stderr);
    const log = gunzipSync(readFileSync(join(dir, 'world', 'logs.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
    const labels = new Map(readFileSync(join(dir, 'world', 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { account_id: string; label: string }).map((l) => [l.account_id, l.label]));
    const up = await recordedUpstream(new Map(log.map((e) => [e.id as string, e])));
    // the built-in policy, as an evaluator would run it
    const gw = await start(['gateway', '--upstream', up.url, '--listen', '127.0.0.1:0', '--accounts', join(dir, 'world', 'accounts.jsonl'), '--replay-clock', '--log', 'gwlog'], dir);
    const refused = new Set<string>();
    const acted = new Map<string, number>();
    let forwardedAnswers = 0;
    try {
      for (const ex of log) {
        const { path, body, headers } = asRequest(ex);
        const r = await post(gw.url + path, body, headers);
        await r.arrayBuffer();
        const d = r.headers.get('x-distillguard-decision') ?? '';
        assert.match(d, DECISION);
        const action = d.split(';')[0];
        if (action === 'block' || action === 'throttle') {
          assert.equal(r.status, action === 'block' ? 403 : 429);
          refused.add(ex.id);
        } else forwardedAnswers++;
        if (action !== 'allow' && action !== 'shadow') acted.set(ex.account_id, (acted.get(ex.account_id) ?? 0) + 1);
      }
    } finally {
      await stop(gw);
      await new Promise((r) => up.server.close(r));
    }
    assert.ok(refused.size > 0, 'something was refused');
    assert.equal(up.calls.size, forwardedAnswers, 'every served request reached the upstream once');
    for (const id of refused) assert.ok(!up.calls.has(id), `refused ${id} reached the upstream`);

    const seen = [...new Set(log.map((e) => e.account_id as string))];
    const campaign = seen.filter((a) => labels.get(a) === 'campaign');
    const benign = seen.filter((a) => labels.get(a) === 'benign');
    const recall = campaign.filter((a) => acted.has(a)).length / campaign.length;
    const fpr = benign.filter((a) => acted.has(a)).length / benign.length;
    t.diagnostic(`acted on: ${campaign.filter((a) => acted.has(a)).length}/${campaign.length} campaign, ${benign.filter((a) => acted.has(a)).length}/${benign.length} benign accounts; ${refused.size} of ${log.length} requests refused`);
    assert.ok(recall >= 0.8, `campaign accounts acted on: ${(recall * 100).toFixed(1)}% of ${campaign.length}`);
    assert.ok(fpr <= 0.05, `benign accounts acted on: ${(fpr * 100).toFixed(1)}% of ${benign.length}`);

    // the gateway's log holds what it saw (refusals included), and scan reads it
    const out = join(dir, 'scan');
    const s = spawnSync(process.execPath, [BIN, 'scan', join(dir, 'gwlog'), '--accounts', join(dir, 'world', 'accounts.jsonl'), '--out', out], { encoding: 'utf8', cwd: dir });
    assert.equal(s.status, 0, s.stderr);
    assert.equal(logLines(join(dir, 'gwlog')).length, log.length, 'one line per request, refused ones too');
    const verdicts = readFileSync(join(out, 'verdicts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { account_id: string; verdict: string });
    const flagged = new Set(verdicts.filter((v) => v.verdict !== 'allow').map((v) => v.account_id));
    assert.ok(campaign.filter((a) => flagged.has(a)).length / campaign.length >= 0.8, 'scan of the gateway log flags the campaign');
  });
});
