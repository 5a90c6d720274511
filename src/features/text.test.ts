import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFeatures } from './index.js';
import type { Exchange } from '../contract/types.js';

function ex(content: string): Exchange {
  return { id: 'x', ts: '2026-05-04T00:00:00Z', tsMs: Date.parse('2026-05-04T00:00:00Z'), account_id: 'a', request: { messages: [{ role: 'user', content }] } };
}

const key = (content: string) => JSON.stringify(extractFeatures(ex(content)), (_k, v) => (v instanceof Uint32Array ? Array.from(v) : v));

/**
 * A partitioned scan featurises each account's exchanges on its own thread,
 * so an exchange's features must not depend on what the thread featurised
 * before it (the look-ahead of the structural marks once read past the text
 * into the previous one's code units).
 */
test("an exchange's features do not depend on the texts featurised before it", () => {
  // texts ending where a mark looks ahead: `\x` (math), `(a)` (inline option), `- ` (dash line), `a.` (option)
  const endings = ['Think step by step. Is this world politics or sports?\\\\', 'Which one is right? Choose (', 'Which one is right? Choose (b', 'List them:\n-', 'Pick one:\na'];
  // longer texts whose letters, `)` and spaces sit right after where each ending stops (normalising may shift it a little)
  const before = endings.flatMap((e) => [-3, -2, -1, 0, 1, 2, 3].map((d) => 'q'.repeat(e.length + d) + 'xa) - z.xa) more words follow here'));
  const after = (prev: string, text: string) => {
    extractFeatures(ex(prev));
    return key(text);
  };
  let differs = 0;
  for (const [i, e] of endings.entries()) {
    const alone = after('hi', e);
    for (const b of before) if (after(b, e) !== alone) differs++;
    for (const b of before.slice(i * 7, i * 7 + 7)) assert.equal(after(b, e), alone, JSON.stringify(e));
  }
  assert.equal(differs, 0);
});
