/**
 * L2-regularised logistic regression, fitted by projected Newton steps, with
 * optional sign constraints on coefficients, and Platt calibration. Written
 * here rather than taken from a library: it is the product's decision, a few
 * hundred numbers, and must fit in seconds on one core with no native code.
 *
 * Rows are standardised (mean 0, scale 1 per feature, from the training rows)
 * before fitting, so one penalty fits every feature and a coefficient reads as
 * "log-odds per standard deviation". A missing value (NaN) is standardised to
 * 0: it contributes nothing, whichever way the feature points.
 */

/** Per-feature centring and scaling, stored with the model. */
export interface Standardisation {
  mean: number[];
  scale: number[];
}

/**
 * A sign constraint per coefficient: +1 never below 0 (more of the feature
 * never lowers the score), -1 never above 0, 0 free.
 */
export type Sign = -1 | 0 | 1;

export interface FitOptions {
  /** L2 penalty on the coefficients (not the intercept), per unit of total row weight */
  l2: number;
  signs?: readonly Sign[];
  maxIter?: number;
  /** stop when no coefficient moves more than this */
  tol?: number;
}

export interface LogisticFit {
  intercept: number;
  /** coefficients on standardised features */
  coef: number[];
  iterations: number;
  converged: boolean;
  /** penalised mean log-loss at the solution */
  loss: number;
}

/** Rows as one row-major array (n × p), so a large training set is one allocation. */
export interface Matrix {
  data: Float64Array | Float32Array;
  rows: number;
  cols: number;
}

/** Mean and standard deviation of each column over its non-missing values (scale 1 for a constant column). */
export function standardisation(X: Matrix, weights?: Float64Array): Standardisation {
  const { rows, cols, data } = X;
  const mean = new Array<number>(cols).fill(0);
  const scale = new Array<number>(cols).fill(1);
  for (let j = 0; j < cols; j++) {
    let sw = 0, s = 0;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + j];
      if (Number.isNaN(v)) continue;
      const w = weights ? weights[i] : 1;
      sw += w;
      s += w * v;
    }
    const m = sw > 0 ? s / sw : 0;
    let ss = 0;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + j];
      if (Number.isNaN(v)) continue;
      const w = weights ? weights[i] : 1;
      ss += w * (v - m) * (v - m);
    }
    const sd = sw > 0 ? Math.sqrt(ss / sw) : 0;
    mean[j] = m;
    scale[j] = sd > 1e-9 ? sd : 1;
  }
  return { mean, scale };
}

/** A standardised copy of X (NaN becomes 0). */
export function standardise(X: Matrix, st: Standardisation): Matrix {
  const { rows, cols, data } = X;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      out[i * cols + j] = Number.isNaN(v) ? 0 : (v - st.mean[j]) / st.scale[j];
    }
  }
  return { data: out, rows, cols };
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + e^z) without overflow */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Fits P(y=1 | x) = sigmoid(b + w·x) to standardised rows `X`, targets `y` in
 * [0, 1] (soft targets allowed, for Platt's correction), by minimising
 *   Σ w_i · logloss_i / Σ w_i + l2/2 · |w|²
 * with Newton steps projected onto the sign constraints (Bertsekas' projected
 * Newton: a coefficient held at 0 by its constraint, whose gradient still
 * pushes it across, is left out of the step) and an Armijo backtracking line
 * search, so every iterate satisfies the constraints.
 *
 * @example
 *   const fit = fitLogistic({ data, rows: n, cols: 3 }, y, undefined, { l2: 1e-3, signs: [1, 0, -1] });
 */
export function fitLogistic(X: Matrix, y: ArrayLike<number>, weights: Float64Array | undefined, opts: FitOptions): LogisticFit {
  const { rows: n, cols: p, data } = X;
  const q = p + 1; // the intercept is parameter p
  const signs = opts.signs ?? new Array<Sign>(p).fill(0);
  if (signs.length !== p) throw new Error(`fitLogistic: ${signs.length} signs for ${p} features`);
  const maxIter = opts.maxIter ?? 100;
  const tol = opts.tol ?? 1e-7;
  let W = 0;
  for (let i = 0; i < n; i++) W += weights ? weights[i] : 1;
  if (!(W > 0)) throw new Error('fitLogistic: no row weight');
  const beta = new Float64Array(q);
  // start the intercept at the base rate's log-odds
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += (weights ? weights[i] : 1) * y[i];
  ybar = Math.min(1 - 1e-6, Math.max(1e-6, ybar / W));
  beta[p] = Math.log(ybar / (1 - ybar));

  const objective = (b: Float64Array): number => {
    let l = 0;
    for (let i = 0; i < n; i++) {
      let z = b[p];
      const o = i * p;
      for (let j = 0; j < p; j++) z += b[j] * data[o + j];
      // -[y log s + (1-y) log(1-s)] = softplus(z) - y z
      l += (weights ? weights[i] : 1) * (softplus(z) - y[i] * z);
    }
    let r = 0;
    for (let j = 0; j < p; j++) r += b[j] * b[j];
    return l / W + 0.5 * opts.l2 * r;
  };

  const g = new Float64Array(q);
  const H = new Float64Array(q * q);
  let f = objective(beta);
  let it = 0;
  let converged = false;
  for (; it < maxIter; it++) {
    g.fill(0);
    H.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      let z = beta[p];
      for (let j = 0; j < p; j++) z += beta[j] * data[o + j];
      const s = sigmoid(z);
      const w = (weights ? weights[i] : 1) / W;
      const r = w * (s - y[i]);
      const h = w * s * (1 - s);
      for (let j = 0; j < p; j++) {
        const xj = data[o + j];
        if (xj === 0) continue;
        g[j] += r * xj;
        const hx = h * xj;
        for (let k = 0; k <= j; k++) H[j * q + k] += hx * data[o + k];
        H[p * q + j] += hx;
      }
      g[p] += r;
      H[p * q + p] += h;
    }
    for (let j = 0; j < p; j++) {
      g[j] += opts.l2 * beta[j];
      H[j * q + j] += opts.l2;
      for (let k = 0; k < j; k++) H[k * q + j] = H[j * q + k];
      H[j * q + p] = H[p * q + j];
    }
    // coefficients held at their bound by the constraint
    const free: number[] = [];
    for (let j = 0; j < q; j++) {
      const sj = j < p ? signs[j] : 0;
      const atBound = sj !== 0 && beta[j] === 0;
      if (atBound && sj * g[j] > 0) continue; // the gradient pushes it across the bound
      free.push(j);
    }
    const d = new Float64Array(q);
    const m = free.length;
    const Hf = new Float64Array(m * m);
    const gf = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      gf[a] = -g[free[a]];
      for (let b = 0; b < m; b++) Hf[a * m + b] = H[free[a] * q + free[b]];
      Hf[a * m + a] += 1e-10;
    }
    const step = choleskySolve(Hf, gf, m);
    for (let a = 0; a < m; a++) d[free[a]] = step[a];
    // projected backtracking line search
    let t = 1;
    let moved = 0;
    const next = new Float64Array(q);
    let fNext = f;
    for (let tries = 0; tries < 40; tries++) {
      let descent = 0;
      moved = 0;
      for (let j = 0; j < q; j++) {
        let v = beta[j] + t * d[j];
        const sj = j < p ? signs[j] : 0;
        if (sj > 0 && v < 0) v = 0;
        else if (sj < 0 && v > 0) v = 0;
        next[j] = v;
        descent += g[j] * (v - beta[j]);
        moved = Math.max(moved, Math.abs(v - beta[j]));
      }
      fNext = objective(next);
      if (fNext <= f + 1e-4 * descent || moved < tol) break;
      t /= 2;
    }
    if (fNext > f) {
      converged = true; // no further descent possible at this precision
      break;
    }
    beta.set(next);
    const gain = f - fNext;
    f = fNext;
    if (moved < tol || gain < 1e-12) {
      converged = true;
      it++;
      break;
    }
  }
  return { intercept: beta[p], coef: Array.from(beta.subarray(0, p)), iterations: it, converged, loss: f };
}

/** Solves A x = b for a symmetric positive definite A (m × m, row-major); A is overwritten. */
function choleskySolve(A: Float64Array, b: Float64Array, m: number): Float64Array {
  for (let j = 0; j < m; j++) {
    let s = A[j * m + j];
    for (let k = 0; k < j; k++) s -= A[j * m + k] * A[j * m + k];
    const d = Math.sqrt(Math.max(s, 1e-12));
    A[j * m + j] = d;
    for (let i = j + 1; i < m; i++) {
      let t = A[i * m + j];
      for (let k = 0; k < j; k++) t -= A[i * m + k] * A[j * m + k];
      A[i * m + j] = t / d;
    }
  }
  const x = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let t = b[i];
    for (let k = 0; k < i; k++) t -= A[i * m + k] * x[k];
    x[i] = t / A[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let t = x[i];
    for (let k = i + 1; k < m; k++) t -= A[k * m + i] * x[k];
    x[i] = t / A[i * m + i];
  }
  return x;
}

/** Platt scaling: the calibrated probability is sigmoid(a · logit + b). */
export interface Platt {
  kind: 'platt';
  a: number;
  b: number;
}

/**
 * Fits Platt scaling to raw logits `z` and labels `y` of held-out rows, with
 * Platt's targets ((N+ + 1)/(N+ + 2) and 1/(N- + 2) instead of 1 and 0), so a
 * perfectly separated validation set does not send `a` to infinity.
 */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>, weights?: Float64Array): Platt {
  const n = z.length;
  let pos = 0, neg = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (y[i] > 0.5) pos += w;
    else neg += w;
  }
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = y[i] > 0.5 ? hi : lo;
  const X: Matrix = { data: Float64Array.from(z as ArrayLike<number>), rows: n, cols: 1 };
  const fit = fitLogistic(X, t, weights, { l2: 0, signs: [1] });
  return { kind: 'platt', a: fit.coef[0], b: fit.intercept };
}

export function applyPlatt(c: Platt, z: number): number {
  return sigmoid(c.a * z + c.b);
}

/** One bin of a reliability table: mean predicted probability against the observed rate. */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  rows: number;
  predicted: number;
  observed: number;
}

export const RELIABILITY_EDGES = [0, 0.01, 0.05, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.95, 0.99, 1];

/** Reliability table of probabilities `p` against labels `y` (weighted), over `edges`. */
export function reliability(p: ArrayLike<number>, y: ArrayLike<number>, weights?: Float64Array, edges = RELIABILITY_EDGES): ReliabilityBin[] {
  const k = edges.length - 1;
  const w = new Float64Array(k), sp = new Float64Array(k), sy = new Float64Array(k), c = new Float64Array(k);
  for (let i = 0; i < p.length; i++) {
    let b = 0;
    while (b < k - 1 && p[i] >= edges[b + 1]) b++;
    const wi = weights ? weights[i] : 1;
    w[b] += wi;
    sp[b] += wi * p[i];
    sy[b] += wi * y[i];
    c[b]++;
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < k; b++) out.push({ lo: edges[b], hi: edges[b + 1], rows: c[b], predicted: w[b] ? sp[b] / w[b] : NaN, observed: w[b] ? sy[b] / w[b] : NaN });
  return out;
}

/** Expected calibration error: the row-weighted mean |predicted - observed| over the bins. */
export function calibrationError(bins: readonly ReliabilityBin[]): number {
  let n = 0, e = 0;
  for (const b of bins) {
    if (!b.rows) continue;
    n += b.rows;
    e += b.rows * Math.abs(b.predicted - b.observed);
  }
  return n ? e / n : 0;
}
