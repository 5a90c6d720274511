import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spansToExchanges } from './otel.js';
import { byId, FIXTURES, runImport } from './testing.js';

test('turns GenAI chat spans into exchanges, in both the message-attribute and the event form, and skips spans that are not model calls', async () => {
  const { summary, lines } = await runImport('otel', 'otel.jsonl');
  assert.equal(summary.exchanges, 3);
  assert.equal(summary.skipped, 2, 'the HTTP server span and the embeddings span');
  const m = byId(lines);
  const a = m.get('chatcmpl-otel001');
  assert.equal(a.account_id, 'acct-otel-1');
  assert.equal(a.ts, new Date(1793700000000 + 7000).toISOString());
  assert.equal(a.latency_ms, 1450);
  assert.equal(a.model, 'gpt-4o-mini');
  assert.equal(a.request.system, 'You are a careful tutor.');
  assert.deepEqual(a.request.messages, [{ role: 'user', content: 'Explain step by step why the sky is blue.' }]);
  assert.equal(a.request.max_tokens, 1024);
  assert.deepEqual(a.response, { text: 'Sunlight scatters off air molecules...', stop_reason: 'stop' });
  assert.deepEqual(a.usage, { input_tokens: 31, output_tokens: 201 });
  assert.equal(a.ip, '203.0.113.11');
  assert.equal(a.user_agent, 'python-httpx/0.27.0');
  // the older form: gen_ai.user.message and gen_ai.choice events
  const b = m.get('chatcmpl-otel002');
  assert.equal(b.request.messages[0].content, 'List the capitals of the Baltic states.');
  assert.equal(b.response.text, 'Tallinn, Riga and Vilnius.');
  // the account from the resource when the span has none
  assert.equal(m.get('chatcmpl-otel003').account_id, 'acct-otel-3');
});

test('sets aside spans without an account or a start time, lines that are not JSON and exports that are not traces, naming each', async () => {
  const { summary, quarantine } = await runImport('otel', 'otel.jsonl');
  assert.equal(summary.quarantined, 4);
  assert.deepEqual(quarantine.map((q) => q.line), [4, 5, 6, 7]);
  assert.match(quarantine[0].reason, /span 0000000000001004 .*no account.*user\.id/);
  assert.match(quarantine[1].reason, /startTimeUnixNano/);
  assert.match(quarantine[2].reason, /not valid JSON/);
  assert.match(quarantine[3].reason, /resourceSpans/);
});

test('reads a pretty-printed export document as well as JSON Lines', async () => {
  const { lines } = await runImport('otel', 'otel-document.json');
  assert.deepEqual(lines.map((l) => l.id), ['chatcmpl-otel001']);
});

test('--account-field takes the account from another attribute', async () => {
  const { lines } = await runImport('otel', 'otel.jsonl', { accountField: 'client.address' });
  assert.equal(lines.length, 4, 'the span without user.id now has an account too');
  assert.ok(lines.every((l) => l.account_id.startsWith('203.0.113.')));
});

test('spansToExchanges gives the service checked exchanges from one OTLP request body', () => {
  const body = JSON.parse(readFileSync(join(FIXTURES, 'otel.jsonl'), 'utf8').split('\n')[0]);
  const r = spansToExchanges(body);
  assert.equal(r.exchanges.length, 1);
  assert.equal(r.exchanges[0].tsMs, 1793700000000 + 7000);
  assert.equal(r.skipped, 2);
  assert.deepEqual(spansToExchanges({ resourceLogs: [] }).exchanges, []);
  assert.match(spansToExchanges({ resourceLogs: [] }).bad[0], /resourceSpans/);
});
