import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReorderBuffer } from './reorder.js';

test('releases shuffled items in time order when the disorder fits the window', () => {
  const out: number[] = [];
  const buf = new ReorderBuffer<{ tsMs: number }>(100, (x) => out.push(x.tsMs));
  // each item is at most 90 ms older than the newest seen so far
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const items = Array.from({ length: 2000 }, (_, i) => i * 10 + Math.floor(rnd() * 90));
  for (const t of items) buf.push({ tsMs: t });
  buf.drain();
  assert.equal(out.length, items.length);
  assert.deepEqual(out, [...items].sort((a, b) => a - b));
  assert.equal(buf.late, 0);
});

test('processes items later than the window anyway and counts them', () => {
  const out: number[] = [];
  const buf = new ReorderBuffer<{ tsMs: number }>(100, (x) => out.push(x.tsMs));
  for (const t of [0, 50, 500, 1000, 20, 1001]) buf.push({ tsMs: t });
  buf.drain();
  assert.equal(out.length, 6, 'nothing is dropped');
  assert.equal(buf.late, 1);
  assert.ok(out.includes(20));
});
