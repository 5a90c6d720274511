import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexedMinHeap, OrderedHeap, TimeHeap } from './heap.js';
import { mulberry32 } from './random.js';

test('OrderedHeap gives items by key, equal keys in the order they were pushed, across interleaved pushes and pops', () => {
  const r = mulberry32(1);
  const h = new OrderedHeap<{ k: number; n: number }>();
  const held: { k: number; n: number }[] = [];
  const out: { k: number; n: number }[] = [];
  const expected: { k: number; n: number }[] = [];
  for (let n = 0; n < 5000; n++) {
    const item = { k: Math.floor(r() * 50), n };
    h.push(item, item.k);
    held.push(item);
    if (r() < 0.4) {
      // the least key, the earliest pushed among equals
      held.sort((a, b) => a.k - b.k || a.n - b.n);
      expected.push(held.shift()!);
      assert.equal(h.peekKey(), expected[expected.length - 1].k);
      out.push(h.pop()!);
    }
  }
  held.sort((a, b) => a.k - b.k || a.n - b.n);
  while (h.size) out.push(h.pop()!);
  assert.deepEqual(out, [...expected, ...held]);
  assert.equal(h.pop(), undefined);
  assert.equal(h.peekKey(), Infinity);
});

test('TimeHeap gives ids by time, equal times by id, and grows past its capacity', () => {
  const r = mulberry32(2);
  const h = new TimeHeap(4);
  const pairs = Array.from({ length: 3000 }, (_, i) => ({ t: Math.floor(r() * 100), id: (i * 7919) % 3000 }));
  for (const p of pairs) h.push(p.t, p.id);
  assert.equal(h.size, 3000);
  const sorted = [...pairs].sort((a, b) => a.t - b.t || a.id - b.id);
  const out: number[] = [];
  while (h.size) {
    assert.equal(h.peekTime(), sorted[out.length].t);
    assert.equal(h.peekId(), sorted[out.length].id);
    out.push(h.pop());
  }
  assert.deepEqual(out, sorted.map((p) => p.id));
  assert.equal(h.pop(), -1);
  assert.equal(h.peekTime(), Infinity);
});

test('IndexedMinHeap pops the least key after keys go down and up', () => {
  const r = mulberry32(3);
  const n = 500;
  const key = Array.from({ length: n }, () => r() * 100);
  const h = new IndexedMinHeap(n);
  for (let i = 0; i < n; i++) h.push(i, key[i]);
  const live = new Set(Array.from({ length: n }, (_, i) => i));
  while (live.size) {
    for (let k = 0; k < 5; k++) {
      const i = Math.floor(r() * n);
      key[i] = r() * 100;
      h.update(i, key[i]); // ignored for an index already popped
    }
    const least = Math.min(...[...live].map((i) => key[i]));
    const i = h.pop();
    assert.ok(live.delete(i), `${i} popped once`);
    assert.equal(key[i], least);
  }
  assert.equal(h.pop(), -1);
});
