/**
 * Seeded random numbers for heldout/v6: a 64-bit string hash (two FNV-1a
 * lanes mixed) seeds a splitmix32 stream. Every stream is keyed by a string
 * (world seed, organisation, account, visit…), so one account's draws never
 * depend on how many other accounts were generated before it: that is what
 * keeps the campaigns byte-identical at every benign scale.
 */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/** A short opaque identifier from a key: 12 base-36 characters from two hashes. */
export function opaque(key: string, len = 12): string {
  const a = hash32(key).toString(36).padStart(7, '0');
  const b = hash32(key, 0x9e3779b9).toString(36).padStart(7, '0');
  return (a + b).slice(0, len);
}

export class Rng {
  private s: number;
  constructor(...key: (string | number)[]) {
    this.s = hash32(key.join('\u241f')) ^ 0x6d2b79f5;
  }
  /** uniform in [0, 1) */
  next(): number {
    this.s = (this.s + 0x9e3779b9) | 0;
    let z = this.s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z ^= z >>> 15;
    return (z >>> 0) / 4294967296;
  }
  range(lo: number, hi: number): number { return lo + (hi - lo) * this.next(); }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]!; }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of xs) total += w;
    let u = this.next() * total;
    for (const [x, w] of xs) { u -= w; if (u < 0) return x; }
    return xs[xs.length - 1]![0];
  }
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** log-normal with the given median and log-sd */
  lognormal(median: number, sigma: number): number { return median * Math.exp(sigma * this.normal()); }
  exp(mean: number): number { return -mean * Math.log(1 - this.next()); }
  /** Pareto with scale xm and tail index alpha (heavy tail when alpha < 2) */
  pareto(xm: number, alpha: number): number { return xm / Math.pow(1 - this.next(), 1 / alpha); }
  /** Poisson count with mean m (Knuth for small m, normal beyond) */
  poisson(m: number): number {
    if (m > 40) return Math.max(0, Math.round(m + Math.sqrt(m) * this.normal()));
    const l = Math.exp(-m);
    let k = 0, p = 1;
    do { k++; p *= this.next(); } while (p > l);
    return k - 1;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
}
