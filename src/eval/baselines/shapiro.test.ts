import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../util/random.js';
import { normalQuantile, shapiroWilkW } from './shapiro.js';

// Reference values computed with scipy.stats.shapiro (SciPy 1.17.1, the same Royston algorithm).
test('W matches the reference implementation on small and skewed samples', () => {
  assert.ok(Math.abs(shapiroWilkW([148, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236]) - 0.788815) < 1e-5);
  assert.ok(Math.abs(shapiroWilkW([1, 2, 4, 8]) - 0.920203) < 1e-5);
  assert.ok(Math.abs(shapiroWilkW([3, 1, 4, 1, 5]) - 0.893924) < 1e-5);
  assert.equal(shapiroWilkW([1, 2, 3]), 1);
});

test('W is high for normal data and low for exponential data', () => {
  const r = mulberry32(11);
  const normal = Array.from({ length: 500 }, () => normalQuantile(r()));
  const expo = Array.from({ length: 500 }, () => -Math.log(1 - r()));
  assert.ok(shapiroWilkW(normal) > 0.99);
  assert.ok(shapiroWilkW(expo) < 0.9);
});

test('W is not a number when the sample is too small or has no spread', () => {
  assert.ok(Number.isNaN(shapiroWilkW([1, 2])));
  assert.ok(Number.isNaN(shapiroWilkW([5, 5, 5, 5])));
});

test('the normal quantile inverts the normal distribution', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-12);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232) < 1e-6);
});
