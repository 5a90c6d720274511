/**
 * Activity over time for the report's timelines, recorded while the scan
 * streams. Per-account state elsewhere is O(1) and keeps no time series, so
 * this keeps one small fixed grid per account: `buckets` saturating 16-bit
 * counts (128 bytes at the default 64) whose width starts at one hour and
 * doubles, merging neighbours, whenever the traffic outgrows the grid. Memory
 * is therefore bounded by the number of accounts (about 180 bytes each with
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
  /**
   * Account -> its series' number: series k is chunks[k >> 10], from
   * (k & 1023) * n. A number rather than a view per account: a view costs
   * ~90 bytes, as much as the series.
   */
  private readonly per = new Map<string, number>();
  private readonly chunks: Uint16Array[] = [];
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
      for (let k = 0; k < this.per.size; k++) widen(this.seriesOf(k), 0xffff);
    }
    while (off >= this.totalBucketMs * this.totalN) {
      this.totalBucketMs *= 2;
      widen(this.totals, Number.MAX_SAFE_INTEGER);
    }
    let k = this.per.get(ex.account_id);
    if (k === undefined) {
      // series live in chunks shared by 1,024 accounts: one backing store per chunk, not per account
      k = this.per.size;
      if ((k & 1023) === 0) this.chunks.push(new Uint16Array(this.n * 1024));
      this.per.set(ex.account_id, k);
    }
    const c = this.chunks[k >>> 10];
    const i = (k & 1023) * this.n + Math.floor(off / this.bucketMs);
    if (c[i]! < 0xffff) c[i]! += 1;
    this.totals[Math.floor(off / this.totalBucketMs)]! += 1;
  }

  /** The account's series, trimmed to the buckets in use; undefined when it was never seen. */
  account(id: string): TimeSeries | undefined {
    const k = this.per.get(id);
    return k === undefined ? undefined : this.series(this.seriesOf(k), this.bucketMs, this.used(this.bucketMs));
  }

  /** Series number k as a view (made on each call). */
  private seriesOf(k: number): Uint16Array {
    const at = (k & 1023) * this.n;
    return this.chunks[k >>> 10].subarray(at, at + this.n);
  }

  /** The sum of several accounts' series (a campaign's timeline). */
  sum(ids: Iterable<string>): TimeSeries | undefined {
    const out = new Float64Array(this.n);
    let any = false;
    for (const id of ids) {
      const k = this.per.get(id);
      if (k === undefined) continue;
      const a = this.seriesOf(k);
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
