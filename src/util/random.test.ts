import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyedDraw, lcg, mulberry32, xorshift32 } from './random.js';

// The first numbers of each stream are pinned: sweeps, evidence samples,
// fixtures and benchmark data are drawn from them, and must not move.

test('each generator gives its known stream for a seed', () => {
  const first3 = (r: () => number) => [r(), r(), r()];
  assert.deepEqual(first3(mulberry32(7)), [0.011704753153026104, 0.06195825757458806, 0.97690763277933]);
  assert.deepEqual(first3(xorshift32(0x5eed)), [0.4390046230982989, 0.261042975820601, 0.7186680461745709]);
  assert.deepEqual(first3(lcg(4711)), [0.407431130297482, 0.570855661528185, 0.1909150299616158]);
});

test('each generator repeats for a seed, differs between seeds, and stays in [0, 1) and spread out', () => {
  for (const make of [mulberry32, xorshift32, lcg]) {
    const a = make(42);
    const b = make(42);
    const c = make(43);
    let same = 0;
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const x = a();
      assert.equal(x, b(), `${make.name} repeats`);
      assert.ok(x >= 0 && x < 1, `${make.name} in [0, 1)`);
      if (x === c()) same++;
      bins[Math.floor(x * 10)]++;
    }
    assert.ok(same < 5, `${make.name}: seeds 42 and 43 give different streams`);
    for (const n of bins) assert.ok(Math.abs(n - 2000) < 200, `${make.name}: tenths hold ${bins.join(', ')}`);
  }
});

test('xorshift32 seeded with zero, its fixed point, starts from 1 instead', () => {
  const zero = xorshift32(0);
  const one = xorshift32(1);
  const a = [zero(), zero(), zero()];
  assert.deepEqual(a, [one(), one(), one()]);
  assert.ok(a.every((x) => x > 0));
});

test('keyedDraw gives each key a stream of its own, spread out over [0, 1)', () => {
  const bins = new Array<number>(10).fill(0);
  let same = 0;
  for (let n = 0; n < 2000; n++) {
    for (const key of ['acct_1', 'acct_2', 'a much longer account id 123456', 'acct_10']) {
      const x = keyedDraw(key, n, 0x5eed);
      assert.equal(x, keyedDraw(key, n, 0x5eed));
      assert.ok(x >= 0 && x < 1);
      bins[Math.floor(x * 10)]++;
    }
    if (keyedDraw('acct_1', n, 0x5eed) === keyedDraw('acct_2', n, 0x5eed)) same++;
    if (keyedDraw('acct_1', n, 0x5eed) === keyedDraw('acct_1', n, 0x5eee)) same++;
  }
  assert.ok(same < 3, `${same} equal draws across keys or seeds`);
  for (const k of bins) assert.ok(Math.abs(k - 800) < 120, `tenths hold ${bins.join(', ')}`);
});
