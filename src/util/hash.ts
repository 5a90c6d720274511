/**
 * Small, fast 32-bit hashes, one copy each for the whole code base. FNV-1a for
 * strings and code-unit runs, the murmur3 finaliser (fmix32) to derive
 * independent-looking hashes from one. Not cryptographic: fingerprints, key
 * ids and campaign ids only need to be well spread and deterministic, and
 * they must never change (campaign ids and simulated worlds are compared
 * across versions).
 *
 * ```ts
 * fnv1a('hello'); // 1335831723
 * ```
 */

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units of `s`, as an unsigned 32-bit integer. */
export function fnv1a(s: string, seed: number = FNV_OFFSET): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** FNV-1a over `buf[from..to)`, signed 32-bit (callers `>>> 0` when storing). */
export function fnv1aRange(buf: Uint16Array, from: number, to: number, seed: number = FNV_OFFSET): number {
  let h = seed | 0;
  for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
  return h;
}

/** One FNV-1a step: mixes a 32-bit value into a running hash. */
export function fnvMix(h: number, v: number): number {
  h = Math.imul(h ^ (v & 0xff), FNV_PRIME);
  h = Math.imul(h ^ ((v >>> 8) & 0xff), FNV_PRIME);
  h = Math.imul(h ^ ((v >>> 16) & 0xff), FNV_PRIME);
  return Math.imul(h ^ (v >>> 24), FNV_PRIME);
}

/** murmur3's 32-bit finaliser: a bijective avalanche of `h`. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 48-bit hash of a string, as a safe integer: two FNV-1a passes with different seeds. */
export function hash48(s: string): number {
  const a = fnv1a(s);
  const b = fnv1a(s, 0x9747b28c) & 0xffff;
  return b * 4294967296 + a;
}
