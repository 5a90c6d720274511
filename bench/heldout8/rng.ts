/**
 * Seeded random numbers for heldout/v8: a 53-bit cyrb53 string hash keys a
 * splitmix32 stream. Every actor, copy and log line forks its own stream by
 * name, so adding an actor never shifts another one's draws (that is what keeps
 * campaign bytes equal across benign sizes).
 */
export function cyrb53(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed, h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export const hex = (s: string, n = 12): string => cyrb53(s).toString(16).padStart(14, '0').slice(0, n);

export class Rng {
  private s: number;
  constructor(readonly key: string) {
    this.s = cyrb53(key) % 4294967296 | 0;
  }
  fork(name: string | number): Rng {
    return new Rng(`${this.key}/${name}`);
  }
  /** uniform in [0, 1) */
  next(): number {
    this.s = (this.s + 0x9e3779b9) | 0;
    let z = this.s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  range(a: number, b: number): number { return a + this.next() * (b - a); }
  intIn(a: number, b: number): number { return a + this.int(b - a + 1); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]!; }
  exp(mean: number): number { return -Math.log(1 - this.next()) * mean; }
  normal(): number { return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next()); }
  logn(median: number, sigma: number): number { return median * Math.exp(sigma * this.normal()); }
  /** Pareto with scale xm and tail index a: heavy-tailed sizes */
  pareto(xm: number, a: number): number { return xm / Math.pow(1 - this.next(), 1 / a); }
  poisson(l: number): number {
    if (l > 40) return Math.max(0, Math.round(l + Math.sqrt(l) * this.normal()));
    let k = 0, p = 1;
    const L = Math.exp(-l);
    do { k++; p *= this.next(); } while (p > L);
    return k - 1;
  }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    let tot = 0;
    for (const [, w] of xs) tot += w;
    let r = this.next() * tot;
    for (const [x, w] of xs) { r -= w; if (r < 0) return x; }
    return xs[xs.length - 1]![0];
  }
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) { const j = this.int(i + 1); [a[i], a[j]] = [a[j]!, a[i]!]; }
    return a;
  }
  sample<T>(a: readonly T[], k: number): T[] { return this.shuffle([...a]).slice(0, k); }
}
