import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byId, runImport } from './testing.js';

test('turns standard logging payloads and spend-log rows into exchanges, the key\'s user as the account', async () => {
  const { summary, lines } = await runImport('litellm', 'litellm.jsonl');
  assert.equal(summary.exchanges, 4);
  assert.equal(summary.skipped, 1, 'the embedding call');
  const m = byId(lines);
  const a = m.get('req-lite-001');
  assert.equal(a.account_id, 'acct-lite-1');
  assert.equal(a.api_key_id, '88dc1e5b1');
  assert.equal(a.ip, '198.51.100.7');
  assert.equal(a.model, 'tutor-small');
  assert.equal(a.latency_ms, 2250);
  assert.equal(a.request.system, 'Answer briefly.');
  assert.equal(a.request.max_tokens, 2048);
  assert.deepEqual(a.response, { text: 'x = 4, because ...', stop_reason: 'stop' });
  assert.deepEqual(a.usage, { input_tokens: 40, output_tokens: 210 });
  assert.equal(a.status, 200);
  assert.equal(m.get('req-lite-002').account_id, 'team-red', 'no user on the key: its team');
  assert.equal(m.get('req-lite-004').status, 429, 'a failure keeps its error code');
  const row = m.get('req-spend-007');
  assert.equal(row.account_id, 'acct-lite-9');
  assert.equal(row.org_id, 'org-blue', 'metadata kept as a JSON string');
  assert.equal(row.endpoint, 'messages');
  assert.equal(row.response.text, 'Moon pulls, water leans');
  // sorted by time whatever the input order
  assert.deepEqual(lines.map((l) => l.ts), [...lines.map((l) => l.ts)].sort());
});

test('sets aside records without an account or a time and lines that are not JSON', async () => {
  const { quarantine } = await runImport('litellm', 'litellm.jsonl');
  assert.deepEqual(quarantine.map((q) => q.line), [6, 7, 8]);
  assert.match(quarantine[0].reason, /no account/);
  assert.match(quarantine[1].reason, /no time/);
  assert.match(quarantine[2].reason, /not valid JSON/);
});

test('--account-field picks the end user instead of the key\'s user', async () => {
  const { lines } = await runImport('litellm', 'litellm.jsonl', { accountField: 'metadata.user_api_key_alias' });
  assert.ok(lines.filter((l) => l.id.startsWith('req-lite')).every((l) => l.account_id === 'batch-key'));
});
