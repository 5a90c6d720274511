/**
 * Bounded per-account linkage state: the keys an account has shown (capped per
 * kind, with use counts), a few tallies the campaign judge falls back on when
 * the engine gives no profile, and a 7-day ring of 5-minute activity buckets
 * for synchronisation and turn-taking. O(1) in the account's exchanges.
 */
import { KIND_COUNT, KINDS } from './keys.js';

/** 5-minute buckets over 7 days. */
export const BUCKET_MS = 300_000;
export const RING_BUCKETS = 2016;
export const RING_WORDS = RING_BUCKETS / 32; // 63

/** Distinct prompt hashes sampled per account (the first ones seen) for cross-account repeat checks. */
export const PROMPT_SAMPLE = 16;

export class AcctState {
  readonly id: string;
  readonly idx: number;
  /** interned key indices, their use counts and kinds, `n` used */
  keys = new Int32Array(8);
  cnt = new Uint16Array(8);
  kind = new Uint8Array(8);
  n = 0;
  readonly perKind = new Uint8Array(KIND_COUNT);

  // tallies (fallback profile)
  exchanges = 0;
  firstMs = Infinity;
  lastMs = -Infinity;
  singleTurn = 0;
  harvest = 0;
  clientLib = 0;
  readonly intentSum = new Float32Array(7);
  topicLo = 0;
  topicHi = 0;
  hourMask = 0;
  gapN = 0;
  gapSum = 0;
  gapSq = 0;
  /** linear-counting bitmap of prompt hashes, for a distinct-prompt estimate */
  readonly promptBits = new Uint32Array(8);
  readonly promptSample = new Uint32Array(PROMPT_SAMPLE);
  nSample = 0;
  lastModel = 0;
  lastModelName = '';
  // last raw values and their interned keys: most exchanges repeat them, so the
  // hashing and masking is skipped (the key's use count is still bumped)
  lastIp = '';
  lastIpKeys: number[] = [];
  lastUa = '';
  lastUaKey = -1;
  lastApiKey = '';
  lastApiKeyKey = -1;
  lastUaLib = false;

  // activity ring
  readonly ring = new Uint32Array(RING_WORDS);
  lastBucket = -1;

  // account table
  verified = false;
  org = '';
  createdMs = NaN;
  registered = false;

  constructor(id: string, idx: number) {
    this.id = id;
    this.idx = idx;
  }

  /** Record one use of key `k` (interned index) of `kind`. Returns false when the kind is full and the key was dropped. */
  addKey(k: number, kind: number): boolean {
    const keys = this.keys;
    for (let i = 0; i < this.n; i++) {
      if (keys[i] === k) {
        if (this.cnt[i] < 65535) this.cnt[i]++;
        return true;
      }
    }
    if (this.perKind[kind] >= KINDS[kind].cap) {
      // Full: replace a one-off key of this kind, so keys that repeat (a template, a
      // home IP) stay and churn (one-off prompts, roaming IPs) cycles through one slot.
      for (let i = 0; i < this.n; i++) {
        if (this.kind[i] === kind && this.cnt[i] <= 1) {
          keys[i] = k;
          this.cnt[i] = 1;
          return true;
        }
      }
      return false;
    }
    if (this.n === keys.length) this.growKeys();
    this.keys[this.n] = k;
    this.cnt[this.n] = 1;
    this.kind[this.n] = kind;
    this.n++;
    this.perKind[kind]++;
    return true;
  }

  /** Mark activity at `tsMs` in the ring, clearing buckets skipped since the last one. */
  touch(tsMs: number): void {
    const b = Math.floor(tsMs / BUCKET_MS);
    this.advance(b);
    const pos = b % RING_BUCKETS;
    this.ring[pos >>> 5] |= 1 << (pos & 31);
  }

  /** Move the ring forward to bucket `b` (clears stale buckets; late events leave it unchanged). */
  advance(b: number): void {
    if (b <= this.lastBucket) return;
    if (this.lastBucket < 0 || b - this.lastBucket >= RING_BUCKETS) {
      this.ring.fill(0);
    } else {
      // whole words at a time where possible: a quiet account skips up to 2016 buckets
      let x = this.lastBucket + 1;
      while (x <= b) {
        const pos = x % RING_BUCKETS;
        if ((pos & 31) === 0 && x + 31 <= b) {
          this.ring[pos >>> 5] = 0;
          x += 32;
        } else {
          this.ring[pos >>> 5] &= ~(1 << (pos & 31));
          x++;
        }
      }
    }
    this.lastBucket = b;
  }

  notePrompt(h: number): void {
    const bit = (Math.imul(h, 0x9e3779b1) >>> 24) & 255;
    this.promptBits[bit >>> 5] |= 1 << (bit & 31);
    if (this.nSample < PROMPT_SAMPLE) {
      for (let i = 0; i < this.nSample; i++) if (this.promptSample[i] === h) return;
      this.promptSample[this.nSample++] = h;
    }
  }

  /** Distinct prompts estimated by linear counting over 256 bits. */
  distinctPrompts(): number {
    let zeros = 0;
    for (let i = 0; i < 8; i++) {
      let w = this.promptBits[i];
      let ones = 0;
      while (w) {
        w &= w - 1;
        ones++;
      }
      zeros += 32 - ones;
    }
    if (zeros === 0) return Math.max(this.exchanges, 256 * Math.log(256));
    return Math.min(this.exchanges, -256 * Math.log(zeros / 256));
  }

  /** Rewrite interned key indices after the key table was compacted; drop keys mapped to -1. */
  remap(map: Int32Array): void {
    let w = 0;
    const perKind = this.perKind;
    perKind.fill(0);
    for (let i = 0; i < this.n; i++) {
      const k = map[this.keys[i]];
      if (k < 0) continue;
      this.keys[w] = k;
      this.cnt[w] = this.cnt[i];
      this.kind[w] = this.kind[i];
      perKind[this.kind[i]]++;
      w++;
    }
    this.n = w;
    this.lastIp = '';
    this.lastUa = '';
    this.lastApiKey = '';
  }

  bytes(): number {
    return 200 + this.keys.byteLength * 1.75 + this.ring.byteLength + 32 + 28 + 64;
  }

  private growKeys(): void {
    const cap = this.keys.length * 2;
    const k = new Int32Array(cap);
    k.set(this.keys);
    const c = new Uint16Array(cap);
    c.set(this.cnt);
    const d = new Uint8Array(cap);
    d.set(this.kind);
    this.keys = k;
    this.cnt = c;
    this.kind = d;
  }
}
