/**
 * heldout/v9's own seeded random numbers: Mulberry32 streams keyed by a
 * MurmurHash3 (x86, 32-bit) of a string, one stream per copy, account, end
 * user, campaign, day and log line.
 */
export function murmur(s: string, seed = 0): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    let k = s.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= s.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** a 64-bit hex tag of a string (two murmur seeds) */
export const tag = (s: string, n = 16): string => (murmur(s, 0x51ed27).toString(16).padStart(8, '0') + murmur(s, 0x2f6b3a1).toString(16).padStart(8, '0')).slice(0, n);

export class Rng {
  private s: number;
  constructor(readonly key: string) {
    this.s = murmur(key, 0x9e3779b9) ^ Math.imul(murmur(key, 0x7f4a7c15), 3);
  }
  /** a child stream, independent of how much this one has been used */
  fork(name: string): Rng { return new Rng(`${this.key}/${name}`); }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uni(lo: number, hi: number): number { return lo + (hi - lo) * this.next(); }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]!; }
  exp(mean: number): number { return -mean * Math.log(1 - this.next()); }
  normal(): number { return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next()); }
  lognormal(median: number, sigma: number): number { return median * Math.exp(sigma * this.normal()); }
  pareto(xm: number, alpha: number): number { return xm / Math.pow(1 - this.next(), 1 / alpha); }
  geometric(mean: number): number { return mean <= 1 ? 1 : 1 + Math.floor(Math.log(1 - this.next()) / Math.log(1 - 1 / mean)); }
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0, p = 1;
    do { k++; p *= this.next(); } while (p > l);
    return k - 1;
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let tot = 0;
    for (const [, w] of pairs) tot += w;
    let x = this.next() * tot;
    for (const [v, w] of pairs) { x -= w; if (x < 0) return v; }
    return pairs[pairs.length - 1]![0];
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [xs[i], xs[j]] = [xs[j]!, xs[i]!]; }
    return xs;
  }
  hex(n: number): string { let s = ''; while (s.length < n) s += Math.floor(this.next() * 16).toString(16); return s; }
}
