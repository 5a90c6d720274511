import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byId, runImport } from './testing.js';

test('turns Chat Completions, Responses and Anthropic Messages log lines into exchanges', async () => {
  const { summary, lines } = await runImport('openai', 'openai.jsonl');
  assert.equal(summary.exchanges, 3);
  const m = byId(lines);
  const chat = m.get('chatcmpl-A1');
  assert.equal(chat.endpoint, 'chat.completions');
  assert.equal(chat.request.system, 'Be concise.', 'a developer message is the system prompt');
  assert.equal(chat.request.max_tokens, 400);
  assert.deepEqual(chat.request.tools, ['lookup']);
  assert.equal(chat.response.text, "The Moon's gravity.");
  assert.deepEqual(chat.usage, { input_tokens: 21, output_tokens: 6 });
  assert.equal(chat.status, 200);
  const claude = m.get('msg_01XYZ');
  assert.equal(claude.account_id, 'acct-an-1', "Anthropic's metadata.user_id");
  assert.equal(claude.endpoint, 'messages');
  assert.equal(claude.request.system, 'You grade essays.');
  assert.equal(claude.request.messages[0].content, 'Grade this essay on a 1-10 scale.');
  assert.deepEqual(claude.response, { text: 'Score: 6.', stop_reason: 'tool_use', tool_calls: 1 });
  const resp = m.get('resp_1');
  assert.equal(resp.account_id, 'acct-oa-2');
  assert.equal(resp.endpoint, 'responses');
  assert.equal(resp.request.system, 'Short answers.');
  assert.equal(resp.response.text, 'Salut !');
});

test('sets aside lines without an account, a time or a request, and messages in unknown roles', async () => {
  const { quarantine } = await runImport('openai', 'openai.jsonl');
  assert.deepEqual(quarantine.map((q) => q.line), [4, 5, 6, 7]);
  assert.match(quarantine[0].reason, /no account/);
  assert.match(quarantine[1].reason, /unknown role "narrator"/);
  assert.match(quarantine[2].reason, /no time/);
  assert.match(quarantine[3].reason, /no "request"/);
});
