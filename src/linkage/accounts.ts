/**
 * Bounded per-account linkage state: the keys an account has shown (capped per
 * kind, with use counts), a few tallies the campaign judge falls back on when
 * the engine gives no profile, and a 7-day ring of 5-minute activity buckets
 * for synchronisation and turn-taking. O(1) in the account's exchanges.
 */
import { KIND_COUNT, KINDS } from './keys.js';
import { Slab } from '../state/slab.js';
import { INTENT_NAMES } from '../features/types.js';

/** 5-minute buckets over 7 days. */
export const BUCKET_MS = 300_000;
export const RING_BUCKETS = 2016;
export const RING_WORDS = RING_BUCKETS / 32; // 63

/** Distinct prompt hashes sampled per account (the first ones seen) for cross-account repeat checks. */
export const PROMPT_SAMPLE = 16;
/**
 * Key slots an account starts with. An account that sends a few exchanges
 * already shows 20-40 keys (its IP and range, client, key style, template
 * bands, harvest focus), so starting at 8 meant two or three reallocations of
 * five arrays for nearly every account (a fifth of the bytes the scan thread
 * promoted at 100k accounts); 32 covers most accounts in one buffer.
 */
const FIRST_SLOTS = 32;
/** slots of AcctState's numbers in its Float64Array, and their starting values */
const F_FIRST = 0, F_LAST = 1, F_GAP_SUM = 2, F_GAP_SQ = 3, F_IP = 4, F_NET = 5, F_UA = 6, F_KEY = 7, F_CREATED = 8;
const F64_START = [Infinity, -Infinity, 0, 0, -1, -1, -1, -1, NaN];
const F64_FIELDS = F64_START.length;
/** bytes of key slots: raw f64, key i32, count u16, kind u8, and two table bytes per slot */
const SLOT_BYTES = 8 + 4 + 2 + 1 + 2;
/** bytes of an account's fixed arrays and first key slots (see AcctState's constructor, which checks it) */
const ACCT_SLAB_BYTES = 8 * F64_FIELDS + SLOT_BYTES * FIRST_SLOTS + 4 * (INTENT_NAMES.length + 8 + PROMPT_SAMPLE + RING_WORDS) + 2 * KIND_COUNT;
/**
 * Where the distinct-prompt bitmap and the prompt sample sit in the ring's
 * run, after the ring's words: one run and one offset for the three. Likewise
 * the per-kind victims sit after the per-kind counts.
 */
const BITS_AT = RING_WORDS;
const SAMPLE_AT = BITS_AT + 8;
const VICTIM_AT = KIND_COUNT;

/** Slot-table hash of a raw key (kind * 2^48 + value, a safe integer). */
function slotHash(raw: number): number {
  const lo = raw >>> 0;
  const hi = (raw / 4294967296) >>> 0;
  return Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> 16;
}

const EMPTY = 0;

export class AcctState {
  readonly id: string;
  readonly idx: number;
  /**
   * Key slots, `n` used: the raw key, its use count and kind, and its index in
   * the linkage-wide key table, or -1 until a sweep interns it. Interning waits
   * for the sweep and only for slots that count as evidence, so the one-off
   * keys a benign account churns through (a prompt shape seen once, a roaming
   * IP) never reach the shared table.
   */
  rawV: Float64Array;
  keysV: Int32Array;
  cntV: Uint16Array;
  kindV: Uint8Array;
  /**
   * The arrays above are views shared with the other accounts of a chunk
   * (src/state/slab.ts): this account's `cap` slots start at these offsets.
   */
  rawAt: number;
  keysAt: number;
  cntAt: number;
  kindAt: number;
  cap: number;
  n = 0;
  /** open-addressing table raw key -> slot + 1 (0 empty), twice the slot capacity, at `tabAt` */
  private tab: Uint8Array;
  private tabAt: number;
  /**
   * Per kind, the slots in use (at `kind`) and the slot last replaced when the
   * kind was full (at VICTIM_AT + kind; the first one-off slot, as a scan
   * would find; -1 for none). Caps are far below 127.
   */
  private readonly perKind: Int8Array;
  private readonly kindsAt: number;
  /** interned slots overwritten since the last sweep (the key table may hold dead keys) */
  evictedInterned = 0;
  /** observed since the last sweep */
  dirty = false;

  // tallies (fallback profile)
  exchanges = 0;
  // Numbers that are not small integers (times, raw keys) live in the account's
  // buffer: V8 keeps a double field as a heap object of its own.
  private readonly f64: Float64Array;
  private readonly fAt: number;
  get firstMs(): number { return this.f64[this.fAt + F_FIRST]; }
  set firstMs(v: number) { this.f64[this.fAt + F_FIRST] = v; }
  get lastMs(): number { return this.f64[this.fAt + F_LAST]; }
  set lastMs(v: number) { this.f64[this.fAt + F_LAST] = v; }
  singleTurn = 0;
  harvest = 0;
  /** exchanges that carried request content (`carriesContent`; a log may keep none: see `judgeWithoutText`) */
  withText = 0;
  clientLib = 0;
  /** summed intent scores, one float per intent (INTENT_NAMES) at `intentAt` */
  readonly intentV: Float32Array;
  readonly intentAt: number;
  topicLo = 0;
  topicHi = 0;
  hourMask = 0;
  gapN = 0;
  get gapSum(): number { return this.f64[this.fAt + F_GAP_SUM]; }
  set gapSum(v: number) { this.f64[this.fAt + F_GAP_SUM] = v; }
  get gapSq(): number { return this.f64[this.fAt + F_GAP_SQ]; }
  set gapSq(v: number) { this.f64[this.fAt + F_GAP_SQ] = v; }
  /** prompt hashes sampled (the first PROMPT_SAMPLE distinct ones); read them with `sampledPrompt` */
  nSample = 0;
  lastModel = '';
  lastModelName = '';
  // last raw values and their raw keys: most exchanges repeat them, so parsing,
  // masking and hashing are skipped (the key's use count is still bumped)
  lastIp = '';
  get lastIpRaw(): number { return this.f64[this.fAt + F_IP]; }
  set lastIpRaw(v: number) { this.f64[this.fAt + F_IP] = v; }
  get lastNetRaw(): number { return this.f64[this.fAt + F_NET]; }
  set lastNetRaw(v: number) { this.f64[this.fAt + F_NET] = v; }
  lastUa = '';
  get lastUaRaw(): number { return this.f64[this.fAt + F_UA]; }
  set lastUaRaw(v: number) { this.f64[this.fAt + F_UA] = v; }
  lastApiKey = '';
  get lastApiKeyRaw(): number { return this.f64[this.fAt + F_KEY]; }
  set lastApiKeyRaw(v: number) { this.f64[this.fAt + F_KEY] = v; }
  lastUaLib = false;

  /**
   * The activity ring: RING_WORDS words of 5-minute buckets. The same array
   * holds, after the ring, the linear-counting bitmap of prompt hashes (for a
   * distinct-prompt estimate) and the prompt sample.
   */
  readonly ringV: Uint32Array;
  readonly ringAt: number;
  lastBucket = -1;

  // account table
  verified = false;
  org = '';
  get createdMs(): number { return this.f64[this.fAt + F_CREATED]; }
  set createdMs(v: number) { this.f64[this.fAt + F_CREATED] = v; }
  registered = false;

  constructor(id: string, idx: number) {
    this.id = id;
    this.idx = idx;
    // the fixed arrays and the first key slots in one buffer (src/state/slab.ts);
    // key slots move to arrays of their own when they grow
    const slab = new Slab(ACCT_SLAB_BYTES);
    const v = slab.views;
    this.f64 = v.f64;
    this.fAt = slab.f64(F64_FIELDS);
    this.f64.set(F64_START, this.fAt);
    this.rawV = v.f64;
    this.rawAt = slab.f64(FIRST_SLOTS);
    this.keysV = v.i32;
    this.keysAt = slab.i32(FIRST_SLOTS);
    this.intentV = v.f32;
    this.intentAt = slab.f32(INTENT_NAMES.length);
    this.ringV = v.u32;
    this.ringAt = slab.u32(RING_WORDS + 8 + PROMPT_SAMPLE);
    this.cntV = v.u16;
    this.cntAt = slab.u16(FIRST_SLOTS);
    this.kindV = v.u8;
    this.kindAt = slab.u8(FIRST_SLOTS);
    this.tab = v.u8;
    this.tabAt = slab.u8(2 * FIRST_SLOTS);
    this.perKind = v.i8;
    this.kindsAt = slab.i8(2 * KIND_COUNT);
    this.perKind.fill(-1, this.kindsAt + VICTIM_AT, this.kindsAt + 2 * KIND_COUNT);
    this.cap = FIRST_SLOTS;
    if (slab.used !== slab.bytes) throw new Error(`AcctState: ACCT_SLAB_BYTES is ${slab.bytes}, the arrays take ${slab.used}`);
  }

  /** Slot of raw key `raw`, or -1. */
  find(raw: number): number {
    const tab = this.tab;
    const at = this.tabAt;
    const mask = 2 * this.cap - 1;
    const r = this.rawV;
    const r0 = this.rawAt - 1;
    let h = slotHash(raw) & mask;
    for (;;) {
      const v = tab[at + h];
      if (v === EMPTY) return -1;
      if (r[r0 + v] === raw) return v - 1;
      h = (h + 1) & mask;
    }
  }

  /**
   * Record one use of raw key `raw` of `kind`. Returns the slot, or -1 when the
   * kind is full of repeating keys and this one was dropped.
   */
  addKey(raw: number, kind: number): number {
    const f = this.find(raw);
    if (f >= 0) {
      const c = this.cntAt + f;
      if (this.cntV[c] < 65535) this.cntV[c]++;
      return f;
    }
    return this.insert(raw, kind);
  }

  private insert(raw: number, kind: number): number {
    const pk = this.perKind;
    const pkAt = this.kindsAt;
    if (pk[pkAt + kind] >= KINDS[kind].cap) {
      // Full: replace a one-off key of this kind, so keys that repeat (a template, a
      // home IP) stay and churn (one-off prompts, roaming IPs) cycles through one slot.
      let v = pk[pkAt + VICTIM_AT + kind];
      if (v < 0 || this.kindV[this.kindAt + v] !== kind || this.cntV[this.cntAt + v] > 1) {
        v = -1;
        for (let i = 0; i < this.n; i++) {
          if (this.kindV[this.kindAt + i] === kind && this.cntV[this.cntAt + i] <= 1) {
            v = i;
            break;
          }
        }
        if (v < 0) return -1;
        pk[pkAt + VICTIM_AT + kind] = v;
      }
      this.unlink(v);
      this.rawV[this.rawAt + v] = raw;
      this.cntV[this.cntAt + v] = 1;
      if (this.keysV[this.keysAt + v] >= 0) this.evictedInterned++;
      this.keysV[this.keysAt + v] = -1;
      this.link(v);
      return v;
    }
    if (this.n === this.cap) this.growKeys();
    const i = this.n++;
    this.rawV[this.rawAt + i] = raw;
    this.keysV[this.keysAt + i] = -1;
    this.cntV[this.cntAt + i] = 1;
    this.kindV[this.kindAt + i] = kind;
    pk[pkAt + kind]++;
    this.link(i);
    return i;
  }

  private link(slot: number): void {
    const tab = this.tab;
    const at = this.tabAt;
    const mask = 2 * this.cap - 1;
    let h = slotHash(this.rawV[this.rawAt + slot]) & mask;
    while (tab[at + h] !== EMPTY) h = (h + 1) & mask;
    tab[at + h] = slot + 1;
  }

  /** Remove a slot from the table by backward-shift deletion (no tombstones to pile up under churn). */
  private unlink(slot: number): void {
    const tab = this.tab;
    const at = this.tabAt;
    const mask = 2 * this.cap - 1;
    const r0 = this.rawAt - 1;
    let i = slotHash(this.rawV[r0 + slot + 1]) & mask;
    while (tab[at + i] !== slot + 1) i = (i + 1) & mask;
    let j = i;
    for (;;) {
      tab[at + i] = EMPTY;
      for (;;) {
        j = (j + 1) & mask;
        const v = tab[at + j];
        if (v === EMPTY) return;
        const k = slotHash(this.rawV[r0 + v]) & mask;
        // the entry at j may move to i unless its home k lies cyclically in (i, j]
        if (i <= j ? i < k && k <= j : i < k || k <= j) continue;
        tab[at + i] = v;
        i = j;
        break;
      }
    }
  }


  /** Mark activity at `tsMs` in the ring, clearing buckets skipped since the last one. */
  touch(tsMs: number): void {
    const b = Math.floor(tsMs / BUCKET_MS);
    this.advance(b);
    const pos = b % RING_BUCKETS;
    this.ringV[this.ringAt + (pos >>> 5)] |= 1 << (pos & 31);
  }

  /** Move the ring forward to bucket `b` (clears stale buckets; late events leave it unchanged). */
  advance(b: number): void {
    const last = this.lastBucket;
    if (b <= last) return;
    this.lastBucket = b;
    if (last < 0 || b - last >= RING_BUCKETS) {
      this.ringV.fill(0, this.ringAt, this.ringAt + RING_WORDS);
      return;
    }
    // clear positions last+1 .. b of the circular ring: at most two straight runs, by word masks
    const p0 = (last + 1) % RING_BUCKETS;
    const p1 = b % RING_BUCKETS;
    if (p0 <= p1) this.clearRun(p0, p1);
    else {
      this.clearRun(p0, RING_BUCKETS - 1);
      this.clearRun(0, p1);
    }
  }

  /** Clear bits lo..hi (inclusive) of the ring. */
  private clearRun(lo: number, hi: number): void {
    const ring = this.ringV;
    const w0 = this.ringAt + (lo >>> 5);
    const w1 = this.ringAt + (hi >>> 5);
    const headMask = (0xffffffff << (lo & 31)) >>> 0;
    const tailMask = (hi & 31) === 31 ? 0xffffffff : ((1 << ((hi & 31) + 1)) - 1) >>> 0;
    if (w0 === w1) {
      ring[w0] &= ~(headMask & tailMask);
      return;
    }
    ring[w0] &= ~headMask;
    for (let w = w0 + 1; w < w1; w++) ring[w] = 0;
    ring[w1] &= ~tailMask;
  }

  /** Notes a prompt hash; true when it became one of the account's sampled prompts (`sampledPrompt`). */
  notePrompt(h: number): boolean {
    const bit = (Math.imul(h, 0x9e3779b1) >>> 24) & 255;
    const r = this.ringV;
    const at = this.ringAt;
    r[at + BITS_AT + (bit >>> 5)] |= 1 << (bit & 31);
    if (this.nSample < PROMPT_SAMPLE) {
      for (let i = 0; i < this.nSample; i++) if (r[at + SAMPLE_AT + i] === h) return false;
      r[at + SAMPLE_AT + this.nSample++] = h;
      return true;
    }
    return false;
  }

  /** Slots in use by keys of `kind`. */
  keysOfKind(kind: number): number {
    return this.perKind[this.kindsAt + kind];
  }

  /** The i-th sampled prompt hash (i < nSample). */
  sampledPrompt(i: number): number {
    return this.ringV[this.ringAt + SAMPLE_AT + i];
  }

  /** Distinct prompts estimated by linear counting over 256 bits. */
  distinctPrompts(): number {
    let zeros = 0;
    for (let i = 0; i < 8; i++) {
      let w = this.ringV[this.ringAt + BITS_AT + i];
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

  /** Rewrite interned key indices after the key table was compacted (every interned slot is live). */
  remap(map: Int32Array): void {
    const k = this.keysV;
    const at = this.keysAt;
    for (let i = at; i < at + this.n; i++) if (k[i] >= 0) k[i] = map[k[i]];
  }

  bytes(): number {
    return 200 + this.cap * SLOT_BYTES + 4 * (RING_WORDS + 8 + PROMPT_SAMPLE) + 28 + 2 * KIND_COUNT;
  }

  private growKeys(): void {
    // the grown slots in a slab of their own (src/state/slab.ts); the old slots stay unused
    const cap = this.cap * 2;
    const n = this.n;
    const slab = new Slab(cap * SLOT_BYTES);
    const v = slab.views;
    const r = slab.f64(cap);
    v.f64.set(this.rawV.subarray(this.rawAt, this.rawAt + n), r);
    const k = slab.i32(cap);
    v.i32.set(this.keysV.subarray(this.keysAt, this.keysAt + n), k);
    const c = slab.u16(cap);
    v.u16.set(this.cntV.subarray(this.cntAt, this.cntAt + n), c);
    const d = slab.u8(cap);
    v.u8.set(this.kindV.subarray(this.kindAt, this.kindAt + n), d);
    this.rawV = v.f64;
    this.rawAt = r;
    this.keysV = v.i32;
    this.keysAt = k;
    this.cntV = v.u16;
    this.cntAt = c;
    this.kindV = v.u8;
    this.kindAt = d;
    this.tab = v.u8;
    this.tabAt = slab.u8(cap * 2);
    this.cap = cap;
    for (let i = 0; i < n; i++) this.link(i);
  }

  /** Raw key of slot `i`. */
  rawKey(i: number): number {
    return this.rawV[this.rawAt + i];
  }
  /** Key-table index of slot `i`, or -1 until a sweep interns it. */
  key(i: number): number {
    return this.keysV[this.keysAt + i];
  }
  setKey(i: number, k: number): void {
    this.keysV[this.keysAt + i] = k;
  }
  /** Use count of slot `i`. */
  count(i: number): number {
    return this.cntV[this.cntAt + i];
  }
  /** Kind of slot `i`. */
  kindOf(i: number): number {
    return this.kindV[this.kindAt + i];
  }
  /** The ring's words with the prompt bitmap and sample after them, as a view of their own (tests, tools; allocates). */
  ringView(): Uint32Array {
    return this.ringV.subarray(this.ringAt, this.ringAt + RING_WORDS + 8 + PROMPT_SAMPLE);
  }
  /** Word `w` of the activity ring. */
  ringWord(w: number): number {
    return this.ringV[this.ringAt + w];
  }
  /** Summed score of intent `i`. */
  intentSum(i: number): number {
    return this.intentV[this.intentAt + i];
  }
}
