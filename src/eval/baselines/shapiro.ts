/**
 * The Shapiro–Wilk W statistic (Shapiro & Wilk 1965), with the coefficient
 * approximation of Royston (1992, "Approximating the Shapiro-Wilk W-test for
 * non-normality", Statistics and Computing 2; algorithm AS R94, 1995), valid
 * for 3 ≤ n ≤ 5000. Only W is computed: PRADA compares W to a threshold δ and
 * needs no p-value.
 */

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
}

const cache = new Map<number, Float64Array>();

/** The n antisymmetric SW coefficients a_1..a_n (a_i = −a_{n+1−i}), cached per n. */
export function shapiroCoefficients(n: number): Float64Array {
  let a = cache.get(n);
  if (a) return a;
  a = new Float64Array(n);
  if (n === 3) {
    a[0] = -Math.SQRT1_2;
    a[2] = Math.SQRT1_2;
  } else {
    const m = new Float64Array(n);
    let mm = 0;
    for (let i = 0; i < n; i++) {
      m[i] = normalQuantile((i + 1 - 0.375) / (n + 0.25));
      mm += m[i] * m[i];
    }
    const u = 1 / Math.sqrt(n);
    const sq = Math.sqrt(mm);
    // Royston's polynomial corrections for the two outermost weights.
    const an = m[n - 1] / sq + 0.221157 * u - 0.147981 * u ** 2 - 2.07119 * u ** 3 + 4.434685 * u ** 4 - 2.706056 * u ** 5;
    if (n > 5) {
      const an1 = m[n - 2] / sq + 0.042981 * u - 0.293762 * u ** 2 - 1.752461 * u ** 3 + 5.682633 * u ** 4 - 3.582633 * u ** 5;
      const phi = (mm - 2 * m[n - 1] ** 2 - 2 * m[n - 2] ** 2) / (1 - 2 * an ** 2 - 2 * an1 ** 2);
      const s = Math.sqrt(phi);
      for (let i = 2; i < n - 2; i++) a[i] = m[i] / s;
      a[n - 1] = an; a[0] = -an;
      a[n - 2] = an1; a[1] = -an1;
    } else {
      const phi = (mm - 2 * m[n - 1] ** 2) / (1 - 2 * an ** 2);
      const s = Math.sqrt(phi);
      for (let i = 1; i < n - 1; i++) a[i] = m[i] / s;
      a[n - 1] = an; a[0] = -an;
    }
  }
  if (cache.size < 5000) cache.set(n, a);
  return a;
}

/**
 * W for a sample (not modified). NaN when n < 3, n > 5000 or the sample has no spread.
 *
 * @example shapiroWilkW([2.1, 1.9, 2.4, 2.0, 2.2]) // close to 1 for normal-looking data
 */
export function shapiroWilkW(sample: ArrayLike<number>): number {
  const n = sample.length;
  if (n < 3 || n > 5000) return NaN;
  const x = Float64Array.from(sample).sort();
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  // Relative test: a spread below rounding noise is no spread.
  if (!(ss > 1e-12 * Math.max(1, mean * mean) * n)) return NaN;
  const a = shapiroCoefficients(n);
  let num = 0;
  for (let i = 0; i < n; i++) num += a[i] * x[i];
  return Math.min(1, (num * num) / ss);
}
