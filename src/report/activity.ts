/**
 * Activity over time for the report's timelines, recorded while the scan
 * streams. Per-account state elsewhere is O(1) and keeps no time series, so
 * this keeps one small fixed grid per account: `buckets` saturating 16-bit
 * counts (128 bytes at the default 64) whose width starts at one hour and
 * doubles, merging neighbours, whenever the traffic outgrows the grid. Memory
 * is therefore bounded by the number of accounts (about 250 bytes each with
 * the Map entry), never by the number of exchanges or the length of the scan.
 */
import type { TimeSeries } from './types.js';

const HOUR = 3_600_000;

export interface ActivityOptions {
  /** buckets per account (default 64) */
  buckets?: number;
  /** buckets of the whole-scan series (default 256) */
  totalBuckets?: number;
  /** narrowest bucket, ms (default one hour) */
  baseBucketMs?: number;
}

/** Halves the resolution of a series in place: bucket i becomes 2i + 2i+1. */
function widen(a: Uint16Array | Float64Array, cap: number): void {
  const half = a.length >>> 1;
  for (let i = 0; i < half; i++) a[i] = Math.min(cap, a[2 * i]! + a[2 * i + 1]!);
  a.fill(0, half);
}

/**
 * Records exchanges per account and in total on a shared, widening time grid.
 * It has the engine's sink shape (`append(ex)`), so a scan can pass it as the
 * engine's `sink` or call it beside its own.
 *
 * @example
 *   const activity = new ActivityRecorder();
 *   for (const ex of exchanges) { engine.push(ex); }   // with sink: activity
 *   activity.account('acct_1') // => { startMs, bucketMs, counts }
 */
export class ActivityRecorder {
  private readonly n: number;
  private readonly totalN: number;
  private readonly base: number;
  private startMs = Number.NaN;
  private bucketMs: number;
  private totalBucketMs: number;
  private readonly per = new Map<string, Uint16Array>();
  private chunk = new Uint16Array(0);
  private chunkUsed = 0;
  private readonly totals: Float64Array;
  /** offset of the latest exchange from startMs */
  private lastOff = 0;

  constructor(opts: ActivityOptions = {}) {
    this.n = Math.max(2, Math.floor(opts.buckets ?? 64));
    this.totalN = Math.max(2, Math.floor(opts.totalBuckets ?? 256));
    this.base = opts.baseBucketMs && opts.baseBucketMs > 0 ? opts.baseBucketMs : HOUR;
    this.bucketMs = this.base;
    this.totalBucketMs = this.base;
    this.totals = new Float64Array(this.totalN);
  }

  /** Counts one exchange. Exchanges older than the first one seen go in the first bucket. */
  append(ex: { account_id: string; tsMs: number }): void {
    const t = ex.tsMs;
    if (!Number.isFinite(t)) return;
    if (Number.isNaN(this.startMs)) this.startMs = Math.floor(t / this.base) * this.base;
    const off = Math.max(0, t - this.startMs);
    if (off > this.lastOff) this.lastOff = off;
    while (off >= this.bucketMs * this.n) {
      this.bucketMs *= 2;
      for (const a of this.per.values()) widen(a, 0xffff);
    }
    while (off >= this.totalBucketMs * this.totalN) {
      this.totalBucketMs *= 2;
      widen(this.totals, Number.MAX_SAFE_INTEGER);
    }
    let a = this.per.get(ex.account_id);
    if (!a) {
      // carved from a chunk shared by 1,024 accounts: one backing store per chunk, not per account
      if (this.chunkUsed + this.n > this.chunk.length) {
        this.chunk = new Uint16Array(this.n * 1024);
        this.chunkUsed = 0;
      }
      a = this.chunk.subarray(this.chunkUsed, this.chunkUsed + this.n);
      this.chunkUsed += this.n;
      this.per.set(ex.account_id, a);
    }
    const i = Math.floor(off / this.bucketMs);
    if (a[i]! < 0xffff) a[i]! += 1;
    this.totals[Math.floor(off / this.totalBucketMs)]! += 1;
  }

  /** The account's series, trimmed to the buckets in use; undefined when it was never seen. */
  account(id: string): TimeSeries | undefined {
    const a = this.per.get(id);
    return a ? this.series(a, this.bucketMs, this.used(this.bucketMs)) : undefined;
  }

  /** The sum of several accounts' series (a campaign's timeline). */
  sum(ids: Iterable<string>): TimeSeries | undefined {
    const out = new Float64Array(this.n);
    let any = false;
    for (const id of ids) {
      const a = this.per.get(id);
      if (!a) continue;
      any = true;
      for (let i = 0; i < this.n; i++) out[i]! += a[i]!;
    }
    return any ? this.series(out, this.bucketMs, this.used(this.bucketMs)) : undefined;
  }

  /** The whole scan's series. */
  total(): TimeSeries | undefined {
    return Number.isNaN(this.startMs) ? undefined : this.series(this.totals, this.totalBucketMs, this.used(this.totalBucketMs, this.totalN));
  }

  /** Buckets up to the latest exchange seen, so a short scan's charts are not mostly empty. */
  private used(bucketMs: number, n = this.n): number {
    return Math.min(n, Math.floor(this.lastOff / bucketMs) + 1);
  }

  private series(a: ArrayLike<number>, bucketMs: number, used: number): TimeSeries {
    return { startMs: this.startMs, bucketMs, counts: Array.from({ length: used }, (_, i) => a[i]!) };
  }

  /** Accounts recorded. */
  get size(): number {
    return this.per.size;
  }
}
