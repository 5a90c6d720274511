import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAccountLine, parseAccountRow, parseExchangeLine, lastUserMessage } from './parse.js';

const full = {
  id: 'req_1', ts: '2026-11-02T14:03:22.123Z', account_id: 'acct_1', org_id: 'org_1', api_key_id: 'key_1',
  ip: '2001:db8::1', user_agent: 'openai-python/1.40.0', model: 'model-x', endpoint: 'chat.completions',
  request: {
    system: 'You are helpful.',
    messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'tool', content: '{}' }, { role: 'user', content: 'solve it' }],
    temperature: 0.7, top_p: 0.9, max_tokens: 4096, tools: ['search', 'python'], stream: true,
  },
  response: { text: 'answer', stop_reason: 'max_tokens', tool_calls: 2 },
  usage: { input_tokens: 12, output_tokens: 4096 },
  status: 200, latency_ms: 1234.5, extra_field: { kept: 'or ignored' },
};

test('parses every field of the exchange contract', () => {
  const r = parseExchangeLine(JSON.stringify(full));
  assert.ok(r.ok);
  const ex = r.value;
  assert.equal(ex.id, 'req_1');
  assert.equal(ex.tsMs, Date.parse('2026-11-02T14:03:22.123Z'));
  assert.equal(ex.account_id, 'acct_1');
  assert.equal(ex.org_id, 'org_1');
  assert.equal(ex.api_key_id, 'key_1');
  assert.equal(ex.ip, '2001:db8::1');
  assert.equal(ex.user_agent, 'openai-python/1.40.0');
  assert.equal(ex.model, 'model-x');
  assert.equal(ex.endpoint, 'chat.completions');
  assert.equal(ex.request?.system, 'You are helpful.');
  assert.equal(ex.request?.messages?.length, 4);
  assert.equal(ex.request?.messages?.[2].role, 'tool');
  assert.equal(ex.request?.temperature, 0.7);
  assert.equal(ex.request?.top_p, 0.9);
  assert.equal(ex.request?.max_tokens, 4096);
  assert.deepEqual(ex.request?.tools, ['search', 'python']);
  assert.equal(ex.request?.stream, true);
  assert.equal(ex.response?.text, 'answer');
  assert.equal(ex.response?.stop_reason, 'max_tokens');
  assert.equal(ex.response?.tool_calls, 2);
  assert.deepEqual(ex.usage, { input_tokens: 12, output_tokens: 4096 });
  assert.equal(ex.status, 200);
  assert.equal(ex.latency_ms, 1234.5);
  assert.equal(lastUserMessage(ex), 'solve it');
});

test('accepts the minimal exchange and timestamps with an offset', () => {
  const r = parseExchangeLine('{"id":"a","ts":"2026-11-02T14:03:22+02:00","account_id":"x"}');
  assert.ok(r.ok);
  assert.equal(r.value.tsMs, Date.parse('2026-11-02T12:03:22Z'));
});

const bad: [string, string, RegExp][] = [
  ['not JSON', '{"id": "a", ', /not valid JSON/],
  ['an array', '[1,2]', /must be a JSON object/],
  ['missing id', '{"ts":"2026-11-02T14:03:22Z","account_id":"x"}', /missing required field "id"/],
  ['missing ts', '{"id":"a","account_id":"x"}', /missing required field "ts"/],
  ['missing account', '{"id":"a","ts":"2026-11-02T14:03:22Z"}', /missing required field "account_id"/],
  ['numeric account', '{"id":"a","ts":"2026-11-02T14:03:22Z","account_id":7}', /"account_id" must be a string/],
  ['timestamp without zone', '{"id":"a","ts":"2026-11-02T14:03:22","account_id":"x"}', /RFC 3339/],
  ['string status', '{"id":"a","ts":"2026-11-02T14:03:22Z","account_id":"x","status":"200"}', /"status" must be a number/],
  ['fractional tokens', '{"id":"a","ts":"2026-11-02T14:03:22Z","account_id":"x","usage":{"input_tokens":1.5}}', /must be an integer/],
  ['messages not an array', '{"id":"a","ts":"2026-11-02T14:03:22Z","account_id":"x","request":{"messages":"hi"}}', /"request.messages" must be an array/],
  ['unknown role', '{"id":"a","ts":"2026-11-02T14:03:22Z","account_id":"x","request":{"messages":[{"role":"bot","content":"x"}]}}', /role must be one of/],
  ['tools of numbers', '{"id":"a","ts":"2026-11-02T14:03:22Z","account_id":"x","request":{"tools":[1]}}', /array of strings/],
  ['stream as string', '{"id":"a","ts":"2026-11-02T14:03:22Z","account_id":"x","request":{"stream":"yes"}}', /must be a boolean/],
];

for (const [name, line, reason] of bad) {
  test(`rejects a line with ${name}, saying why`, () => {
    const r = parseExchangeLine(line);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, reason);
  });
}

test('parses the account table and rejects a bad created_at', () => {
  const r = parseAccountLine(JSON.stringify({ account_id: 'a', created_at: '2026-10-01T00:00:00Z', org_id: 'o', email_domain: 'uni.edu', payment_fingerprint: 'pm_1', signup_ip: '10.0.0.1', country: 'DE', tier: 'pro', verified: true }));
  assert.ok(r.ok);
  assert.equal(r.value.verified, true);
  assert.equal(r.value.createdMs, Date.parse('2026-10-01T00:00:00Z'));
  assert.equal(r.value.payment_fingerprint, 'pm_1');
  const b = parseAccountLine('{"account_id":"a","created_at":"yesterday"}');
  assert.equal(b.ok, false);
  assert.equal(parseAccountLine('{"account_id":"a","verified":"yes"}').ok, false);
});

test('one reading of a row gives the record and its api_keys apart: the record never carries the keys', () => {
  const r = parseAccountRow(JSON.stringify({ account_id: 'a', tier: 'pro', api_keys: ['sk-1', 'sk-2'] }));
  assert.ok(r.ok);
  assert.deepEqual(r.value.apiKeys, ['sk-1', 'sk-2']);
  assert.deepEqual(r.value.record, { account_id: 'a', tier: 'pro' });
  const line = parseAccountLine(JSON.stringify({ account_id: 'a', api_keys: ['sk-1'] }));
  assert.ok(line.ok && !('api_keys' in line.value) && !('apiKeys' in line.value));
  const none = parseAccountRow('{"account_id":"a"}');
  assert.ok(none.ok && none.value.apiKeys === undefined);
  for (const bad of ['"sk-1"', '[1]', '{"k":"sk"}']) {
    const b = parseAccountRow(`{"account_id":"a","api_keys":${bad}}`);
    assert.ok(!b.ok && /api_keys/.test(b.reason), bad);
  }
});

test('keeps the optional probing fields (logprobs, top_logprobs, n, logit_bias as a summary), whatever form a logger wrote them in', () => {
  const base = { id: 'r', ts: '2026-11-02T14:03:22Z', account_id: 'a' };
  const chat = parseExchangeLine(JSON.stringify({ ...base, request: { messages: [{ role: 'user', content: 'x' }], max_tokens: 1, logprobs: true, top_logprobs: 20, n: 2, logit_bias: { '100': -100, '5000': 100, '42': 3.5 } } }));
  assert.ok(chat.ok);
  assert.equal(chat.value.request?.logprobs, true);
  assert.equal(chat.value.request?.top_logprobs, 20);
  assert.equal(chat.value.request?.n, 2);
  assert.deepEqual(chat.value.request?.logit_bias, { count: 3, min: -100, max: 100, lo: 42, hi: 5000 });
  // the legacy completions API's integer logprobs is the number of alternatives
  const legacy = parseExchangeLine(JSON.stringify({ ...base, request: { logprobs: 5 } }));
  assert.ok(legacy.ok);
  assert.equal(legacy.value.request?.logprobs, true);
  assert.equal(legacy.value.request?.top_logprobs, 5);
  // the summary this system writes reads back as itself
  const summary = { count: 300, min: -100, max: 100, lo: 7, hi: 99_000 };
  const again = parseExchangeLine(JSON.stringify({ ...base, request: { logit_bias: summary } }));
  assert.ok(again.ok);
  assert.deepEqual(again.value.request?.logit_bias, summary);
});

test('an unusable probing field is ignored, never bad input (contract §1: unknown fields are kept or ignored)', () => {
  const base = { id: 'r', ts: '2026-11-02T14:03:22Z', account_id: 'a' };
  const r = parseExchangeLine(JSON.stringify({ ...base, request: { logprobs: 'yes', top_logprobs: -1, n: 0.5, logit_bias: { abc: 'x' } } }));
  assert.ok(r.ok);
  assert.deepEqual(r.value.request, {});
});
