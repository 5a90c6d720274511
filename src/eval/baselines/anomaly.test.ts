import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Exchange } from '../../contract/types.js';
import { createAnomalyBaseline } from './anomaly.js';
import { mulberry32 } from '../../util/random.js';
import { fitIsolationForest } from './iforest.js';

test('the isolation forest scores a far point above every point of a cluster', () => {
  const r = mulberry32(5);
  const rows = Array.from({ length: 300 }, () => [r(), r(), r()]);
  rows.push([8, 8, 8]);
  const f = fitIsolationForest(rows, { random: mulberry32(1) });
  const outlier = f.score([8, 8, 8]);
  const inliers = rows.slice(0, -1).map((x) => f.score(x));
  assert.ok(outlier > 0.7, `outlier score ${outlier}`);
  assert.ok(outlier > Math.max(...inliers));
  // Uniform data has no distinct anomaly: the paper's s ≈ 0.5.
  const mean = inliers.reduce((a, b) => a + b, 0) / inliers.length;
  assert.ok(Math.abs(mean - 0.5) < 0.05, `mean inlier score ${mean}`);
});

const DAY0 = Date.parse('2026-11-02T00:00:00Z');

/** Quiet users: a few multi-turn chats in their working hours; one abuser: thousands of capped single-turn requests around the clock. */
function traffic(): Exchange[] {
  const r = mulberry32(9);
  const out: Exchange[] = [];
  for (let day = 0; day < 3; day++) {
    for (let u = 0; u < 60; u++) {
      const n = 3 + Math.floor(r() * 25);
      const startHour = 7 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) {
        const ts = DAY0 + day * 86_400_000 + (startHour + r() * 9) * 3_600_000;
        const turns = 1 + Math.floor(r() * 4);
        const messages = Array.from({ length: turns * 2 - 1 }, (_, k) => ({ role: (k % 2 === 0 ? 'user' : 'assistant') as 'user' | 'assistant', content: 'question' }));
        out.push({ id: `u${u}-${day}-${i}`, ts: new Date(ts).toISOString(), tsMs: ts, account_id: `quiet-${u}`, ip: `10.0.${u}.1`, user_agent: 'Mozilla/5.0',
          request: { messages, max_tokens: 1024, temperature: 0.7 }, usage: { input_tokens: 100 + Math.floor(r() * 400), output_tokens: 200 + Math.floor(r() * 600) }, status: 200 });
      }
    }
    for (let i = 0; i < 3000; i++) {
      const ts = DAY0 + day * 86_400_000 + i * 28_000;
      out.push({ id: `a-${day}-${i}`, ts: new Date(ts).toISOString(), tsMs: ts, account_id: 'abuser', ip: `203.0.113.${i % 50}`, user_agent: 'python-httpx/0.27',
        request: { messages: [{ role: 'user', content: 'solve step by step' }], max_tokens: 8192, temperature: 0 }, usage: { input_tokens: 60, output_tokens: 4000 }, status: i % 10 === 0 ? 429 : 200 });
    }
  }
  return out.sort((a, b) => a.tsMs - b.tsMs);
}

test('flags the obvious abuser at the end of its first day and no quiet user', () => {
  const b = createAnomalyBaseline();
  for (const ex of traffic()) b.observe(ex);
  b.finish();
  assert.equal(b.flagged.get('abuser'), DAY0 + 86_400_000, 'flagged at the first day boundary, never before');
  const quiet = [...b.flagged.keys()].filter((a) => a.startsWith('quiet'));
  assert.deepEqual(quiet, []);
  const scored = Array.from({ length: 60 }, (_, u) => b.score!(`quiet-${u}`)).filter((s) => s !== undefined);
  assert.ok(scored.length >= 40, `quiet users were scored too (${scored.length} of 60), not skipped`);
});

test('nothing is flagged from a day that has not ended while streaming', () => {
  const b = createAnomalyBaseline();
  const xs = traffic().filter((x) => x.tsMs < DAY0 + 86_400_000);
  for (const ex of xs) b.observe(ex);
  assert.equal(b.flagged.size, 0, 'no day boundary has passed yet');
  b.finish();
  assert.equal(b.flagged.has('abuser'), true);
});

test('too few accounts to fit a forest flags nobody', () => {
  const b = createAnomalyBaseline({ minAccounts: 100 });
  for (const ex of traffic()) b.observe(ex);
  b.finish();
  assert.equal(b.flagged.size, 0);
});
