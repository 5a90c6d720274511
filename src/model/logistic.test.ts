import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../simulate/rng.js';
import { applyPlatt, calibrationError, fitLogistic, fitPlatt, reliability, sigmoid, standardisation, standardise, type Matrix } from './logistic.js';

/** n rows of p standard-normal features with labels drawn from sigmoid(b + w·x). */
function synthetic(seed: number, n: number, w: number[], b: number): { X: Matrix; y: Float64Array } {
  const r = new Rng(seed, 'logistic-test');
  const p = w.length;
  const data = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < p; j++) {
      const v = r.normal();
      data[i * p + j] = v;
      z += w[j] * v;
    }
    y[i] = r.next() < sigmoid(z) ? 1 : 0;
  }
  return { X: { data, rows: n, cols: p }, y };
}

test('the fit recovers known coefficients on synthetic data', () => {
  const w = [1.5, -2, 0, 0.7];
  const { X, y } = synthetic(1, 20_000, w, -0.5);
  const fit = fitLogistic(X, y, undefined, { l2: 0 });
  assert.ok(fit.converged);
  fit.coef.forEach((c, j) => assert.ok(Math.abs(c - w[j]) < 0.1, `coefficient ${j}: ${c} vs ${w[j]}`));
  assert.ok(Math.abs(fit.intercept + 0.5) < 0.1, `intercept ${fit.intercept}`);
});

test('the L2 penalty shrinks coefficients towards zero', () => {
  const { X, y } = synthetic(2, 5_000, [2, -1], 0);
  const loose = fitLogistic(X, y, undefined, { l2: 0 });
  const tight = fitLogistic(X, y, undefined, { l2: 0.5 });
  assert.ok(Math.abs(tight.coef[0]) < Math.abs(loose.coef[0]) * 0.7);
  assert.ok(Math.abs(tight.coef[1]) < Math.abs(loose.coef[1]) * 0.7);
});

test('sign constraints hold when the data pull the other way, and the other coefficients still fit', () => {
  // feature 0 truly lowers the odds, feature 1 truly raises them: constrain both the wrong way
  const { X, y } = synthetic(3, 10_000, [-1.5, 1.2, 0.8], 0.3);
  const fit = fitLogistic(X, y, undefined, { l2: 1e-4, signs: [1, -1, 0] });
  assert.equal(fit.coef[0], 0);
  assert.equal(fit.coef[1], 0);
  // with both held at 0 the solution is the fit on the free feature alone
  const only = fitLogistic({ data: Float64Array.from({ length: X.rows }, (_, i) => X.data[3 * i + 2]), rows: X.rows, cols: 1 }, y, undefined, { l2: 1e-4 });
  assert.ok(Math.abs(fit.coef[2] - only.coef[0]) < 1e-4, `free coefficient ${fit.coef[2]} vs ${only.coef[0]}`);
  assert.ok(Math.abs(fit.intercept - only.intercept) < 1e-4);
  // a constraint the data agree with changes nothing
  const agree = fitLogistic(X, y, undefined, { l2: 1e-4, signs: [-1, 1, 1] });
  const free = fitLogistic(X, y, undefined, { l2: 1e-4 });
  agree.coef.forEach((c, j) => assert.ok(Math.abs(c - free.coef[j]) < 1e-4));
});

test('row weights count as repeated rows', () => {
  const { X, y } = synthetic(4, 2_000, [1, -1], 0);
  const w = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) w[i] = i % 2 ? 2 : 1;
  // the same rows duplicated as weight 2 means
  const idx: number[] = [];
  for (let i = 0; i < X.rows; i++) {
    idx.push(i);
    if (i % 2) idx.push(i);
  }
  const data = new Float64Array(idx.length * 2);
  const y2 = new Float64Array(idx.length);
  idx.forEach((i, r) => { data[2 * r] = X.data[2 * i]; data[2 * r + 1] = X.data[2 * i + 1]; y2[r] = y[i]; });
  const a = fitLogistic(X, y, w, { l2: 1e-3 });
  const b = fitLogistic({ data, rows: idx.length, cols: 2 }, y2, undefined, { l2: 1e-3 });
  a.coef.forEach((c, j) => assert.ok(Math.abs(c - b.coef[j]) < 1e-6));
});

test('standardisation centres and scales each column, and a missing value becomes 0', () => {
  const X: Matrix = { data: Float64Array.from([1, 10, 3, NaN, 5, 30]), rows: 3, cols: 2 };
  const st = standardisation(X);
  assert.deepEqual(st.mean, [3, 20]);
  const S = standardise(X, st);
  assert.ok(Math.abs(S.data[0] + S.data[4]) < 1e-12);
  assert.equal(S.data[3], 0);
});

test('Platt scaling is calibrated on held-out data from a miscalibrated score', () => {
  // the true probability is sigmoid(0.5 z - 1); the raw score z is overconfident
  const make = (seed: number, n: number) => {
    const r = new Rng(seed, 'platt');
    const z = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      z[i] = 4 * r.normal();
      y[i] = r.next() < sigmoid(0.5 * z[i] - 1) ? 1 : 0;
    }
    return { z, y };
  };
  const fitOn = make(5, 20_000);
  const heldOut = make(6, 20_000);
  const c = fitPlatt(fitOn.z, fitOn.y);
  assert.ok(Math.abs(c.a - 0.5) < 0.05 && Math.abs(c.b + 1) < 0.1, `a ${c.a}, b ${c.b}`);
  const raw = reliability(Float64Array.from(heldOut.z, sigmoid), heldOut.y);
  const cal = reliability(Float64Array.from(heldOut.z, (z) => applyPlatt(c, z)), heldOut.y);
  assert.ok(calibrationError(cal) < 0.02, `calibrated error ${calibrationError(cal)}`);
  assert.ok(calibrationError(raw) > 3 * calibrationError(cal), `raw ${calibrationError(raw)} vs calibrated ${calibrationError(cal)}`);
});
