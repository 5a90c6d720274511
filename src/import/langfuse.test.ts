import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byId, runImport } from './testing.js';

test('turns the generations of a page of traces into exchanges, the trace\'s user as the account', async () => {
  const { summary, lines, quarantine } = await runImport('langfuse', 'langfuse.json');
  assert.equal(summary.exchanges, 3);
  assert.equal(summary.skipped, 3, 'a span and two observation ids');
  const m = byId(lines);
  const a = m.get('obs-trace-a-1');
  assert.equal(a.account_id, 'acct-lf-1');
  assert.equal(a.ip, '192.0.2.44', 'from the trace\'s metadata');
  assert.equal(a.request.system, 'You are a study helper.');
  assert.equal(a.request.temperature, 0.7, 'model parameters given as strings');
  assert.equal(a.request.max_tokens, 512);
  assert.equal(a.response.text, 'Chlorophyll breaks down...');
  assert.deepEqual(a.usage, { input_tokens: 55, output_tokens: 180 });
  assert.equal(a.latency_ms, 1800);
  assert.equal(m.get('obs-trace-a-2').status, 500, 'level ERROR');
  assert.deepEqual(m.get('obs-trace-c-4').request.messages, [{ role: 'user', content: 'Name three noble gases.' }], 'a string input is one user turn');
  assert.equal(quarantine.length, 2);
  assert.match(quarantine[0].reason, /obs-trace-b-3.*no account/);
  assert.match(quarantine[1].reason, /obs-trace-c-5.*startTime/);
});

test('reads observations exported one per line, their account from their own fields', async () => {
  const { lines, quarantine, summary } = await runImport('langfuse', 'langfuse-observations.jsonl');
  assert.deepEqual(lines.map((l) => l.account_id), ['acct-lf-3', 'acct-lf-3']);
  assert.equal(summary.skipped, 1);
  assert.deepEqual(quarantine.map((q) => q.line), [3]);
});
