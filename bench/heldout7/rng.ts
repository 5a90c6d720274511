/**
 * Seeded random numbers for heldout/v7: Bob Jenkins' small fast generator
 * (JSF32), keyed by a MurmurHash3-finalised FNV-1a hash of a string, so every
 * organisation, account, end user, campaign worker and day draws from its own
 * stream and adding one actor never shifts another's numbers.
 */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private a: number; private b: number; private c: number; private d: number;
  constructor(readonly key: string) {
    this.a = 0xf1ea5eed; this.b = this.c = this.d = hash32(key) | 0;
    for (let i = 0; i < 20; i++) this.u32();
  }
  u32(): number {
    const e = (this.a - ((this.b << 27) | (this.b >>> 5))) | 0;
    this.a = this.b ^ ((this.c << 17) | (this.c >>> 15));
    this.b = (this.c + this.d) | 0;
    this.c = (this.d + e) | 0;
    this.d = (e + this.a) | 0;
    return this.d >>> 0;
  }
  /** A child stream: the same key always gives the same numbers. */
  fork(sub: string | number): Rng { return new Rng(`${this.key}/${sub}`); }
  next(): number { return this.u32() / 4294967296; }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]!; }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    let s = 0; for (const [, w] of xs) s += w;
    let r = this.next() * s;
    for (const [x, w] of xs) { r -= w; if (r < 0) return x; }
    return xs[xs.length - 1]![0];
  }
  exp(mean: number): number { return -mean * Math.log(1 - this.next()); }
  normal(): number { return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next()); }
  logNormal(median: number, sigma: number): number { return median * Math.exp(sigma * this.normal()); }
  /** Poisson count (Knuth for small means, normal approximation above 40). */
  poisson(mean: number): number {
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean); let k = 0; let p = 1;
    do { k++; p *= this.next(); } while (p > l);
    return k - 1;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [xs[i], xs[j]] = [xs[j]!, xs[i]!]; }
    return xs;
  }
  hex(n: number): string { let s = ''; while (s.length < n) s += this.u32().toString(16).padStart(8, '0'); return s.slice(0, n); }
}
