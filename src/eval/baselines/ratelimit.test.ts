import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Exchange } from '../../contract/types.js';
import { createRateLimitBaseline } from './ratelimit.js';

const T0 = Date.parse('2026-11-02T09:00:00Z');
const ex = (account: string, tsMs: number, key?: string, tokens = 500): Exchange => ({
  id: `${account}-${tsMs}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: account, api_key_id: key,
  usage: { input_tokens: tokens / 2, output_tokens: tokens / 2 },
});

test('flags the key that bursts past the per-minute cap at its first refused request, not the quiet user', () => {
  const b = createRateLimitBaseline();
  for (let i = 0; i < 10; i++) b.observe(ex('quiet', T0 + i * 360_000, 'k-quiet'));
  // 120 requests, one every 200 ms: the 51st falls inside the first sliding minute.
  for (let i = 0; i < 120; i++) b.observe(ex('abuser', T0 + i * 200, 'k-abuser'));
  b.finish();
  assert.equal(b.flagged.get('abuser'), T0 + 50 * 200);
  assert.equal(b.flagged.has('quiet'), false);
});

test('the sliding window lets a steady 50 a minute through but not 51', () => {
  const steady = createRateLimitBaseline({ tpm: 0, rpd: 0, tokensPerDay: 0 });
  for (let i = 0; i < 500; i++) steady.observe(ex('a', T0 + i * 1200, 'k'));
  assert.equal(steady.flagged.size, 0);
  const over = createRateLimitBaseline({ tpm: 0, rpd: 0, tokensPerDay: 0 });
  for (let i = 0; i < 500; i++) over.observe(ex('a', T0 + i * 1150, 'k'));
  assert.equal(over.flagged.size, 1);
});

test('caps are per key, falling back to the account when a line has no key', () => {
  const b = createRateLimitBaseline({ rpm: 10, tpm: 0, rpd: 0, tokensPerDay: 0 });
  // Two keys of one account, 8 a minute each: neither key is over its cap.
  for (let i = 0; i < 8; i++) { b.observe(ex('two-keys', T0 + i * 1000, 'k1')); b.observe(ex('two-keys', T0 + i * 1000 + 1, 'k2')); }
  // The same 16 requests without keys fall on the account itself.
  for (let i = 0; i < 8; i++) { b.observe(ex('no-key', T0 + i * 1000)); b.observe(ex('no-key', T0 + i * 1000 + 1)); }
  assert.equal(b.flagged.has('two-keys'), false);
  assert.equal(b.flagged.get('no-key'), T0 + 5000);
});

test('the daily token budget refuses once spent and resets at the next UTC day', () => {
  const b = createRateLimitBaseline({ rpm: 0, tpm: 0, rpd: 0, tokensPerDay: 10_000 });
  for (let i = 0; i < 10; i++) b.observe(ex('a', T0 + i * 3_600_000 / 10, 'k', 1000));
  assert.equal(b.flagged.size, 0, '10 × 1000 tokens exactly spends the budget');
  b.observe(ex('b', T0, 'kb', 1000));
  b.observe(ex('a', T0 + 3_600_000, 'k', 1000));
  assert.equal(b.flagged.get('a'), T0 + 3_600_000);
  const c = createRateLimitBaseline({ rpm: 0, tpm: 0, rpd: 0, tokensPerDay: 10_000 });
  for (let i = 0; i < 10; i++) c.observe(ex('a', T0 + i * 1000, 'k', 1000));
  c.observe(ex('a', T0 + 86_400_000, 'k', 1000));
  assert.equal(c.flagged.size, 0);
});
