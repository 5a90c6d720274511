/**
 * Small fixed-size sketches for per-account state. Each one's memory is set at
 * construction and never grows with the number of exchanges.
 */
import { fmix32, fnv1a } from '../util/hash.js';

/**
 * HyperLogLog distinct counter (Flajolet et al. 2007) with 2^p one-byte
 * registers and the small-range (linear counting) correction. p = 7 gives 128
 * bytes and about 9% standard error, plenty to tell "a few prompts repeated"
 * from "every prompt new".
 */
export class HyperLogLog {
  private readonly reg: Uint8Array;
  private readonly p: number;
  /** running sum of 2^-register and count of empty registers, so count() is O(1) */
  private readonly acc = new Float64Array(2);
  constructor(p = 7) {
    this.p = p;
    this.reg = new Uint8Array(1 << p);
    hllInit(p, this.acc, 0);
  }
  /** Adds a 32-bit hash (callers pass well-mixed hashes). */
  add(hash: number): void {
    hllAdd(this.reg, 0, this.p, this.acc, 0, hash);
  }
  count(): number {
    return hllCount(this.p, this.acc, 0);
  }
}

/*
 * The same sketches as functions over arrays shared with other state: an
 * account keeps all its sketches in three typed arrays of one buffer (see
 * AccountState) rather than one object and one view per sketch, which cost
 * more than the registers themselves at 100k accounts.
 */

/** Sets up an empty HyperLogLog's running sum and zero count at acc[at], acc[at + 1]. */
export function hllInit(p: number, acc: Float64Array, at: number): void {
  acc[at] = 1 << p;
  acc[at + 1] = 1 << p;
}

/** Adds a 32-bit hash to the 2^p registers reg[regAt ..], keeping acc[accAt], acc[accAt + 1] current. */
export function hllAdd(reg: Uint8Array, regAt: number, p: number, acc: Float64Array, accAt: number, hash: number): void {
  const h = hash >>> 0;
  const idx = regAt + (h >>> (32 - p));
  const w = (h << p) | (1 << (p - 1)); // guard bit bounds the rank
  const rank = Math.clz32(w) + 1;
  const old = reg[idx];
  if (rank > old) {
    reg[idx] = rank;
    acc[accAt] += POW2_NEG[rank] - POW2_NEG[old];
    if (old === 0) acc[accAt + 1]--;
  }
}

/** The distinct count of a HyperLogLog with 2^p registers from its running sum and zero count. */
export function hllCount(p: number, acc: Float64Array, accAt: number): number {
  const m = 1 << p;
  const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
  const est = (alpha * m * m) / acc[accAt];
  const zeros = acc[accAt + 1];
  if (est <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
  return est;
}

const POW2_NEG = Float64Array.from({ length: 34 }, (_, i) => 2 ** -i);

/**
 * Misra–Gries heavy hitters over 32-bit keys with k counters: any key whose
 * share of the stream is above 1/(k+1) is kept, and its count is
 * underestimated by at most n/(k+1).
 */
export class HeavyHitters {
  /** (key, count) pairs side by side in one array: a key beside its count */
  readonly slots: Uint32Array;
  constructor(k = 4) {
    this.slots = new Uint32Array(2 * k);
  }
  add(key: number): void {
    hhAdd(this.slots, 0, this.slots.length, key);
  }
  /** The largest (under-)estimated count. */
  topCount(): number {
    return hhTopCount(this.slots, 0, this.slots.length);
  }
  topKey(): number {
    let m = 0;
    let key = 0;
    for (let i = 0; i < this.slots.length; i += 2) if (this.slots[i + 1] > m) { m = this.slots[i + 1]; key = this.slots[i]; }
    return key;
  }
}

/** Misra–Gries over the (key, count) pairs s[at .. at + len). */
export function hhAdd(s: Uint32Array, at: number, len: number, key: number): void {
  const k = key >>> 0;
  const end = at + len;
  let free = -1;
  for (let i = at; i < end; i += 2) {
    if (s[i + 1] > 0 && s[i] === k) {
      s[i + 1]++;
      return;
    }
    if (s[i + 1] === 0 && free < 0) free = i;
  }
  if (free >= 0) {
    s[free] = k;
    s[free + 1] = 1;
    return;
  }
  for (let i = at + 1; i < end; i += 2) s[i]--;
}

/** The largest count among the pairs s[at .. at + len). */
export function hhTopCount(s: Uint32Array, at: number, len: number): number {
  let m = 0;
  for (let i = at + 1; i < at + len; i += 2) if (s[i] > m) m = s[i];
  return m;
}

/**
 * A set of strings that keeps at most `cap` members and counts how many it
 * turned away. Members sit in a plain array searched in order: for the few
 * members an account has (its languages, clients, models) that costs less
 * memory than a hash set and no more time.
 */
export class CappedSet {
  private members: string[] | null = null;
  overflow = 0;
  constructor(readonly cap: number) {}
  add(s: string): boolean {
    const m = this.members;
    if (m === null) {
      if (this.cap < 1) {
        this.overflow++;
        return false;
      }
      this.members = [s];
      return true;
    }
    for (let i = 0; i < m.length; i++) if (m[i] === s) return false;
    if (m.length >= this.cap) {
      this.overflow++;
      return false;
    }
    m.push(s);
    return true;
  }
  has(s: string): boolean {
    return this.members !== null && this.members.includes(s);
  }
  get size(): number {
    return this.members === null ? 0 : this.members.length;
  }
}

/** 32-bit FNV-1a over a string's UTF-16 code units, then a murmur finaliser for good low bits. */
export function hashString(s: string): number {
  return fmix32(fnv1a(s));
}

/** Number of set bits in a 32-bit integer. */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
