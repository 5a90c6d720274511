/**
 * examples/nginx/distillguard.conf with Debian's nginx, started by the test
 * (no root, its own prefix directory, a free loopback port), in front of the
 * gateway's GET /v1/check and a stand-in for the model servers: an allowed
 * account reaches the model, a blocked one gets 403 and a throttled one 429 in
 * the API's error shape without the model being called, and a check that does
 * not answer fails open as the example says.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway, type Gateway } from '../src/gateway/server.js';
import { startStandIn, type StandIn } from '../src/gateway/testing/upstream.js';
import { createPolicy } from '../src/policy/index.js';
import { freePort } from '../src/util/port.js';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const skip = NGINX ? false : 'nginx not installed (Debian package nginx-light); the nginx example is not tested';
const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'nginx', 'distillguard.conf');
const CHAT = { model: 'm', messages: [{ role: 'user', content: 'hello' }] };
const MSG = { model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] };

/** the example with its three addresses replaced; fails if the example no longer has them */
function configure(gateway: string, model: string, listen: string): string {
  let conf = readFileSync(EXAMPLE, 'utf8');
  for (const [from, to] of [['server 127.0.0.1:8787;', `server ${gateway};`], ['server 127.0.0.1:8000;', `server ${model};`], ['listen 127.0.0.1:8080;', `listen ${listen};`]]) {
    assert.ok(conf.includes(from), `the example no longer has "${from}"`);
    conf = conf.replace(from, to);
  }
  return conf;
}

let dir = '';
let up: StandIn;
let gw: Gateway | null = null;
let nginx: ChildProcess | null = null;
let base = '';
let nginxErr = '';

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'dg-nginx-'));
  const accounts = join(dir, 'accounts.jsonl');
  writeFileSync(accounts, ['allowed', 'blocked', 'throttled'].map((a) => JSON.stringify({ account_id: `acct_${a}`, api_keys: [`sk-${a}`] })).join('\n') + '\n');
  up = await startStandIn();
  gw = await startGateway({
    upstream: up.url, listen: '127.0.0.1:0', accounts, defaultMetrics: false,
    policy: createPolicy({ rules: [
      { id: 'blocked', when: { account: 'acct_blocked' }, action: 'block', mode: 'enforce' },
      { id: 'throttled', when: { account: 'acct_throttled' }, action: 'throttle', mode: 'enforce', throttle: { account: { per_minute: 1, burst: 1 } } },
    ] }),
  });
  const port = await freePort();
  for (const d of ['logs', 'tmp']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'nginx.conf'), configure(new URL(gw.url).host, new URL(up.url).host, `127.0.0.1:${port}`));
  nginx = spawn(NGINX!, ['-p', dir + '/', '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  nginx.stderr!.on('data', (b) => { nginxErr += b; });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(base + '/');
      break;
    } catch {
      if (i > 100 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${nginxErr}${existsSync(join(dir, 'logs/error.log')) ? readFileSync(join(dir, 'logs/error.log'), 'utf8') : ''}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
});

after(async () => {
  if (nginx && nginx.exitCode === null) {
    nginx.kill('SIGTERM');
    await new Promise((r) => nginx!.once('exit', r));
  }
  await gw?.close();
  await up?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function chat(key: string, path = '/v1/chat/completions') {
  const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(path === '/v1/messages' ? MSG : CHAT) });
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, json: text.startsWith('{') ? JSON.parse(text) : null };
}

test('an allowed account reaches the model through nginx and its answer comes back', { skip }, async () => {
  const before = up.calls.length;
  const r = await chat('sk-allowed');
  assert.equal(r.status, 200, r.text);
  assert.equal(up.calls.length, before + 1);
  assert.equal(up.calls.at(-1)!.path, '/v1/chat/completions');
  assert.ok(r.json.choices[0].message.content.length > 0);
  assert.match(r.headers.get('x-distillguard-decision') ?? '', /^allow/);
});

test('a streamed answer comes through nginx as server-sent events', { skip }, async () => {
  const r = await fetch(base + '/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-allowed' }, body: JSON.stringify({ ...CHAT, stream: true }) });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /^text\/event-stream/);
  const text = await r.text();
  assert.match(text, /^data: \{/m);
  assert.match(text, /data: \[DONE\]/);
});

test('a blocked account gets 403 in the API\'s error shape with its case, and the model is not called', { skip }, async () => {
  const before = up.calls.length;
  const r = await chat('sk-blocked');
  assert.equal(r.status, 403, r.text);
  assert.equal(r.json.error.code, 'distillguard_blocked');
  assert.equal(r.json.error.type, 'permission_error');
  assert.match(r.headers.get('x-distillguard-decision') ?? '', /^block; case=case-[0-9a-f]{12}$/);
  assert.match(r.json.error.message, /case=case-[0-9a-f]{12}/);
  const m = await chat('sk-blocked', '/v1/messages');
  assert.equal(m.status, 403, m.text);
  assert.equal(m.json.type, 'error');
  assert.equal(m.json.error.type, 'permission_error');
  assert.equal(up.calls.length, before);
});

test('a throttled account gets 429 with Retry-After once its bucket is empty, and the model is not called', { skip }, async () => {
  assert.equal((await chat('sk-throttled')).status, 200);
  const before = up.calls.length;
  const r = await chat('sk-throttled');
  assert.equal(r.status, 429, r.text);
  assert.equal(r.json.error.type, 'rate_limit_error');
  assert.equal(r.json.error.code, 'distillguard_throttled');
  assert.ok(Number(r.headers.get('retry-after')) >= 1, `Retry-After ${r.headers.get('retry-after')}`);
  assert.match(r.headers.get('x-distillguard-decision') ?? '', /^throttle/);
  const m = await chat('sk-throttled', '/v1/messages');
  assert.equal(m.status, 429, m.text);
  assert.equal(m.json.error.type, 'rate_limit_error');
  assert.equal(up.calls.length, before);
});

test('a key no account holds gets 401 and the model is not called', { skip }, async () => {
  const before = up.calls.length;
  const r = await chat('sk-nobody');
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'invalid_api_key');
  assert.equal(up.calls.length, before);
});

test('with the check down, the example fails open: the request reaches the model', { skip }, async () => {
  await gw!.close();
  gw = null;
  const before = up.calls.length;
  const r = await chat('sk-blocked');
  assert.equal(r.status, 200, r.text);
  assert.equal(up.calls.length, before + 1);
});
