/**
 * The official SDKs through the gateway to a stand-in model server: answers
 * arrive intact, streamed and not, and refusals surface as the SDK's own
 * typed errors. Nothing is mocked but the model.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import type { Decision, Policy } from '../policy/types.js';
import { startGateway, type Gateway } from './server.js';
import { startStandIn, type StandIn } from './testing/upstream.js';

/** Blocks one account, throttles another, degrades a third: the cases under test, by account. */
const byAccount: Policy = {
  decide(subject): Decision {
    if (subject.account_id === 'acct_blocked') return { action: 'block', rule: 'test', reasons: [], caseId: 'case_test' };
    if (subject.account_id === 'acct_throttled') return { action: 'throttle', rule: 'test', reasons: [], retryAfterS: 7 };
    if (subject.account_id === 'acct_degraded') return { action: 'degrade', rule: 'test', reasons: [], degrade: { maxTokens: 16, dropReasoning: true, dropLogprobs: true } };
    return { action: 'allow', rule: null, reasons: [] };
  },
};

const TEXT = 'Ceci est une réponse assez longue pour être découpée en plusieurs morceaux: 🚀 fin.';

describe('the official SDKs through the gateway', () => {
  let up: StandIn;
  let gw: Gateway;
  let logDir: string;
  const openai = (account: string) => new OpenAI({ baseURL: gw.url + '/v1', apiKey: 'sk-test', maxRetries: 0, defaultHeaders: { 'X-Account-Id': account } });
  const anthropic = (account: string) => new Anthropic({ baseURL: gw.url, apiKey: 'sk-ant-test', maxRetries: 0, defaultHeaders: { 'X-Account-Id': account } });

  before(async () => {
    up = await startStandIn({ text: TEXT });
    logDir = mkdtempSync(join(tmpdir(), 'dg-gw-log-'));
    gw = await startGateway({ upstream: up.url, listen: '127.0.0.1:0', policy: byAccount, log: logDir, defaultMetrics: false });
  });
  after(async () => {
    await gw.close();
    await up.close();
  });

  test('an OpenAI chat completion comes back intact, with the decision header', async () => {
    const { data, response } = await openai('acct_ok').chat.completions.create({ model: 'm', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello' }] }).withResponse();
    assert.equal(data.choices[0].message.content, TEXT);
    assert.equal(data.usage?.completion_tokens, TEXT.split(' ').length);
    assert.equal(response.headers.get('x-distillguard-decision'), 'allow');
  });

  test('an OpenAI chat completion streams through chunk by chunk', async () => {
    const stream = await openai('acct_ok').chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hello' }], stream: true });
    let text = '';
    let chunks = 0;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? '';
      chunks++;
    }
    assert.equal(text, TEXT);
    assert.ok(chunks >= 4, `only ${chunks} chunks`);
  });

  test('an OpenAI Responses answer, streamed and not, comes back intact', async () => {
    const r = await openai('acct_ok').responses.create({ model: 'm', input: 'hello', instructions: 'be brief' });
    assert.equal(r.output_text, TEXT);
    const s = await openai('acct_ok').responses.create({ model: 'm', input: 'hello', stream: true });
    let text = '';
    for await (const e of s) if (e.type === 'response.output_text.delta') text += e.delta;
    assert.equal(text, TEXT);
  });

  test('an Anthropic message, streamed and not, comes back intact', async () => {
    const m = await anthropic('acct_ok').messages.create({ model: 'claude-x', max_tokens: 100, system: 'be brief', messages: [{ role: 'user', content: 'hello' }] });
    assert.equal(m.content[0].type === 'text' ? m.content[0].text : '', TEXT);
    const s = anthropic('acct_ok').messages.stream({ model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] });
    let text = '';
    s.on('text', (t) => (text += t));
    const final = await s.finalMessage();
    assert.equal(text, TEXT);
    assert.equal(final.usage.output_tokens, TEXT.split(' ').length);
  });

  test('a blocked account gets each SDK\'s permission error, with the case id, and the upstream is not called', async () => {
    const before = up.calls.length;
    await assert.rejects(openai('acct_blocked').chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.PermissionDeniedError, String(e));
      assert.equal(e.status, 403);
      assert.equal((e.error as { code?: string }).code, 'distillguard_blocked');
      assert.match(e.message, /case_test/);
      assert.equal(e.headers?.get('x-distillguard-decision'), 'block; case=case_test');
      return true;
    });
    await assert.rejects(anthropic('acct_blocked').messages.create({ model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => {
      assert.ok(e instanceof Anthropic.PermissionDeniedError, String(e));
      assert.equal((e.error as { error?: { type?: string } }).error?.type, 'permission_error');
      return true;
    });
    assert.equal(up.calls.length, before);
  });

  test('a throttled account gets each SDK\'s rate-limit error with Retry-After, and the upstream is not called', async () => {
    const before = up.calls.length;
    await assert.rejects(openai('acct_throttled').chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.RateLimitError, String(e));
      assert.equal(e.headers?.get('retry-after'), '7');
      assert.equal((e.error as { type?: string }).type, 'rate_limit_error');
      return true;
    });
    await assert.rejects(anthropic('acct_throttled').messages.create({ model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => {
      assert.ok(e instanceof Anthropic.RateLimitError, String(e));
      return true;
    });
    assert.equal(up.calls.length, before);
  });

  test('a degraded request reaches the upstream with its output capped and reasoning and logprobs dropped', async () => {
    await openai('acct_degraded').chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 4000, reasoning_effort: 'high', logprobs: true, top_logprobs: 5 });
    const sent = up.calls[up.calls.length - 1].body;
    assert.equal(sent.max_completion_tokens, 16);
    assert.equal(sent.reasoning_effort, undefined);
    assert.equal(sent.logprobs, undefined);
    assert.equal(sent.top_logprobs, undefined);
    await anthropic('acct_degraded').messages.create({ model: 'c', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'hi' }] });
    const sent2 = up.calls[up.calls.length - 1].body;
    assert.equal(sent2.max_tokens, 16);
    assert.equal(sent2.thinking, undefined);
  });

  test('what passed is logged in contract §1 form, streamed answers included, keys never', async () => {
    await gw.close();
    const raw = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8')).join('');
    assert.ok(!raw.includes('sk-test') && !raw.includes('sk-ant-test'), 'an API key reached the log');
    const lines = raw.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const streamed = lines.find((l) => l.endpoint === 'chat.completions' && l.request?.stream === true && l.status === 200);
    assert.ok(streamed, 'no streamed chat exchange logged');
    assert.equal(streamed.response.text, TEXT);
    assert.equal(streamed.account_id, 'acct_ok');
    assert.deepEqual(streamed.usage, { input_tokens: 10, output_tokens: TEXT.split(' ').length });
    const msg = lines.find((l) => l.endpoint === 'messages' && l.request?.system === 'be brief');
    assert.equal(msg.response.text, TEXT);
    assert.equal(msg.response.stop_reason, 'end_turn');
    const refused = lines.filter((l) => l.account_id === 'acct_blocked');
    assert.ok(refused.length >= 2 && refused.every((l) => l.status === 403 && !l.response));
  });
});
