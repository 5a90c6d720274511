import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnswerReader, captureRequest, MAX_TEXT_CHARS } from './capture.js';

/** Feeds `s` to a reader in pieces of `size` bytes, splitting lines and multi-byte characters anywhere. */
function feed(r: AnswerReader, s: string, size: number) {
  const b = Buffer.from(s);
  for (let i = 0; i < b.length; i += size) r.push(b.subarray(i, i + size));
  return r.finish();
}

const anthropicStream = [
  { type: 'message_start', message: { usage: { input_tokens: 12, output_tokens: 1 } } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'héllo ' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'wörld 🚀' } },
  { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 't', name: 'x', input: {} } },
  { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 30 } },
].map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');

test('a streamed answer is read the same however its bytes are split', () => {
  for (const size of [1, 2, 3, 7, 64, 1 << 16]) {
    const got = feed(new AnswerReader('messages', true), anthropicStream, size);
    assert.deepEqual(got, { response: { text: 'héllo wörld 🚀', stop_reason: 'tool_use', tool_calls: 1 }, usage: { input_tokens: 12, output_tokens: 30 } }, `pieces of ${size}`);
  }
});

test('OpenAI chat chunks give text, finish reason, tool calls and usage', () => {
  const s = [
    { choices: [{ delta: { role: 'assistant', content: '' } }] },
    { choices: [{ delta: { content: 'a' } }] },
    { choices: [{ delta: { tool_calls: [{ index: 0, id: 'call_1', function: { name: 'f', arguments: '' } }] } }] },
    { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '{}' } }] } }] },
    { choices: [{ delta: {}, finish_reason: 'tool_calls' }], usage: { prompt_tokens: 5, completion_tokens: 9 } },
  ].map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') + 'data: [DONE]\n\n';
  assert.deepEqual(feed(new AnswerReader('chat.completions', true), s, 5), { response: { text: 'a', stop_reason: 'tool_calls', tool_calls: 1 }, usage: { input_tokens: 5, output_tokens: 9 } });
});

test('the kept text is bounded, the usage still read', () => {
  const big = 'x'.repeat(MAX_TEXT_CHARS + 5000);
  const body = JSON.stringify({ content: [{ type: 'text', text: big }], stop_reason: 'max_tokens', usage: { input_tokens: 1, output_tokens: 99999 } });
  const got = feed(new AnswerReader('messages', false), body, 4096);
  assert.equal(got.response!.text!.length, MAX_TEXT_CHARS);
  assert.equal(got.usage!.output_tokens, 99999);
});

test('an answer that is not JSON records nothing rather than failing', () => {
  assert.deepEqual(feed(new AnswerReader('responses', false), '<html>bad gateway</html>', 8), {});
});

test('requests of all three APIs map to the contract fields', () => {
  assert.deepEqual(captureRequest('chat.completions', { messages: [{ role: 'developer', content: 'sys' }, { role: 'user', content: [{ type: 'text', text: 'q' }] }], max_completion_tokens: 50, tools: [{ type: 'function', function: { name: 'f' } }], stream: true, temperature: 0 }),
    { system: 'sys', messages: [{ role: 'user', content: 'q' }], temperature: 0, max_tokens: 50, tools: ['f'], stream: true });
  assert.deepEqual(captureRequest('responses', { instructions: 'sys', input: 'q', max_output_tokens: 7 }), { system: 'sys', messages: [{ role: 'user', content: 'q' }], max_tokens: 7 });
  assert.deepEqual(captureRequest('messages', { system: [{ type: 'text', text: 'sys' }], messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'text', text: 'a' }] }], max_tokens: 9, tools: [{ name: 't' }], top_p: 0.5 }),
    { system: 'sys', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }], top_p: 0.5, max_tokens: 9, tools: ['t'] });
});

test('a request\'s logprobs, top_logprobs, n and logit_bias are recorded when the client sends them, the bias map as a bounded summary', () => {
  const bias: Record<string, number> = {};
  for (let i = 0; i < 300; i++) bias[String(1000 + 7 * i)] = i % 2 ? 100 : -100;
  const r = captureRequest('chat.completions', { messages: [{ role: 'user', content: 'q' }], max_tokens: 1, logprobs: true, top_logprobs: 20, n: 4, logit_bias: bias });
  assert.deepEqual(r, { messages: [{ role: 'user', content: 'q' }], max_tokens: 1, logprobs: true, top_logprobs: 20, n: 4, logit_bias: { count: 300, min: -100, max: 100, lo: 1000, hi: 1000 + 7 * 299 } });
  assert.ok(JSON.stringify(r).length < 200, 'the bias map is not kept whole');
  // absent when not sent
  assert.deepEqual(captureRequest('chat.completions', { messages: [{ role: 'user', content: 'q' }] }), { messages: [{ role: 'user', content: 'q' }] });
});
