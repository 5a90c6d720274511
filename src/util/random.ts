/**
 * Small seeded random number generators, one copy each. Each returns a
 * function giving numbers in [0, 1) and depends only on its seed, so sweeps,
 * evidence samples, fixtures and benchmarks are the same on every run. Not for
 * anything an adversary must not predict. (The simulator's own generator, with
 * its distributions, is `Rng` in src/simulate/rng.ts.)
 *
 * ```ts
 * const r = mulberry32(7);
 * r(); // 0.0117...
 * ```
 */
import { fnv1a } from './hash.js';

/**
 * A number in [0, 1) that depends only on `key`, `n` and `seed`: the n-th draw
 * of a stream of its own for each key. The evidence sampler draws per account
 * this way, so that an account's samples do not depend on which other
 * accounts' exchanges came between its own (a partitioned engine interleaves
 * them differently from a single one). FNV-1a of the key, then the murmur3
 * finaliser over it and `n`.
 */
export function keyedDraw(key: string, n: number, seed: number): number {
  let h = fnv1a(key, seed >>> 0) ^ Math.imul(n, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** mulberry32: 32 bits of state, good spread for its size; the default choice. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * xorshift32 (Marsaglia): three shifts per number, for a sampler on the hot
 * path that only needs to be spread out and repeatable. Zero is its fixed
 * point, so a zero seed starts from 1.
 */
export function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/**
 * The C library's linear congruential generator (multiplier 1103515245,
 * increment 12345, all 32 bits): weak low bits, but the stream the tests and
 * benchmarks have drawn their data from.
 */
export function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 4294967296;
  };
}
