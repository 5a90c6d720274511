import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CappedSet, HeavyHitters, HyperLogLog, hashString, popcount32 } from './sketches.js';

test('HyperLogLog counts distinct hashes within its error at every size', () => {
  for (const n of [0, 10, 100, 1000, 20000]) {
    const h = new HyperLogLog(7);
    for (let i = 0; i < n; i++) { h.add(hashString(`item-${i}`)); h.add(hashString(`item-${i}`)); }
    const est = h.count();
    // 128 registers: ~9% standard error; allow 3 sigma
    assert.ok(Math.abs(est - n) <= Math.max(2, 0.28 * n), `n=${n} est=${est}`);
  }
});

test('Misra–Gries keeps a key above its share and bounds the undercount', () => {
  const hh = new HeavyHitters(4);
  let n = 0;
  for (let i = 0; i < 1000; i++) { hh.add(42); n++; if (i % 2) { hh.add(1000 + i); n++; } }
  assert.equal(hh.topKey(), 42);
  assert.ok(hh.topCount() >= 1000 - n / 5, `count ${hh.topCount()}`);
});

test('CappedSet never grows past its cap and counts what it turned away', () => {
  const s = new CappedSet(3);
  for (const x of ['a', 'b', 'a', 'c', 'd', 'e']) s.add(x);
  assert.equal(s.size, 3);
  assert.equal(s.overflow, 2);
  assert.ok(s.has('a') && s.has('c') && !s.has('d'));
  const none = new CappedSet(0);
  assert.equal(none.add('x'), false);
  assert.equal(none.size, 0);
  assert.equal(none.overflow, 1);
});

test('popcount32 agrees with a bit loop', () => {
  for (const x of [0, 1, 0xffffffff, 0x80000001, 0x12345678, 0xdeadbeef]) {
    let c = 0;
    for (let i = 0; i < 32; i++) if ((x >>> i) & 1) c++;
    assert.equal(popcount32(x), c);
  }
});
