/**
 * A compact open-addressing map from non-negative integers below 2^53 to dense
 * indices 0..size-1.
 *
 * Why not a JS `Map`: numbers above 2^31 are heap-allocated in V8, so a `Map`
 * of 5M linkage keys or pair ids costs ~50 bytes an entry; this table costs 12
 * bytes a slot (Float64 key + Int32 value) at a load factor of at most 0.6.
 */
export class NumIndex {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  /** number of entries */
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity / 0.6) cap *= 2;
    this.keys = new Float64Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The index of `k`, or -1. */
  get(k: number): number {
    const keys = this.keys;
    let i = mix(k) & this.mask;
    for (;;) {
      const s = keys[i];
      if (s === k) return this.vals[i];
      if (s === -1) return -1;
      i = (i + 1) & this.mask;
    }
  }

  /** The index of `k`, adding it as `size` when absent. */
  intern(k: number): number {
    let keys = this.keys;
    let i = mix(k) & this.mask;
    for (;;) {
      const s = keys[i];
      if (s === k) return this.vals[i];
      if (s === -1) break;
      i = (i + 1) & this.mask;
    }
    if ((this.size + 1) > keys.length * 0.6) {
      this.grow();
      keys = this.keys;
      i = mix(k) & this.mask;
      while (keys[i] !== -1) i = (i + 1) & this.mask;
    }
    keys[i] = k;
    this.vals[i] = this.size;
    return this.size++;
  }

  /** Make room for `more` further entries at once (one rehash instead of a doubling series). */
  reserve(more: number): void {
    while ((this.size + more) > this.keys.length * 0.6) this.grow();
  }

  /** Bytes held by the table. */
  bytes(): number {
    return this.keys.byteLength + this.vals.byteLength;
  }

  private grow(): void {
    const oldK = this.keys;
    const oldV = this.vals;
    const cap = oldK.length * 2;
    this.keys = new Float64Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < oldK.length; j++) {
      const k = oldK[j];
      if (k === -1) continue;
      let i = mix(k) & this.mask;
      while (this.keys[i] !== -1) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.vals[i] = oldV[j];
    }
  }
}

/** Spread a 53-bit integer over 32 bits (both halves matter: kind lives in the high bits). */
function mix(k: number): number {
  const lo = k >>> 0;
  const hi = Math.floor(k / 4294967296) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Population count of a 32-bit integer (one implementation, shared with per-account state). */
export { popcount32 } from '../state/sketches.js';
