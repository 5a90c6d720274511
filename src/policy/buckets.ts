/**
 * Token buckets keyed by account or campaign, with memory bounded by the keys
 * active lately: a bucket that has refilled to its burst is the same as a new
 * one, so it is dropped, and a sweep every `sweepEveryMs` of event time drops
 * all such buckets. The keys held are those that sent within the last
 * `burst / rate` (a few minutes for any sensible setting).
 */
import type { BucketSpec } from './schema.js';

interface Bucket {
  tokens: number;
  atMs: number;
}

export class Buckets {
  private readonly map = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly burst: number;
  private nextSweepMs = -Infinity;

  constructor(spec: BucketSpec, private readonly sweepEveryMs = 60_000) {
    this.perMs = spec.per_minute / 60_000;
    this.burst = spec.burst;
  }

  /** tokens `key` holds at `nowMs` after refill (the bucket is created full) */
  private refill(key: string, nowMs: number): Bucket {
    let b = this.map.get(key);
    if (!b) {
      b = { tokens: this.burst, atMs: nowMs };
      this.map.set(key, b);
      return b;
    }
    // event time can step back a little (logs interleave): never refill backwards
    if (nowMs > b.atMs) {
      b.tokens = Math.min(this.burst, b.tokens + (nowMs - b.atMs) * this.perMs);
      b.atMs = nowMs;
    }
    return b;
  }

  /** milliseconds until `key` has a whole token (0 when it has one now); refills, takes nothing */
  waitMs(key: string, nowMs: number): number {
    this.maybeSweep(nowMs);
    const b = this.refill(key, nowMs);
    return b.tokens >= 1 ? 0 : (1 - b.tokens) / this.perMs;
  }

  /** takes one token from `key` (call after `waitMs` said 0) */
  take(key: string): void {
    const b = this.map.get(key);
    if (b) b.tokens -= 1;
  }

  /** every bucket held, as [key, tokens, atMs] (a snapshot; `load` takes it back) */
  dump(): [string, number, number][] {
    const out: [string, number, number][] = [];
    for (const [k, b] of this.map) out.push([k, b.tokens, b.atMs]);
    return out;
  }

  load(rows: readonly [string, number, number][]): void {
    for (const [k, tokens, atMs] of rows) {
      if (typeof k === 'string' && Number.isFinite(tokens) && Number.isFinite(atMs)) this.map.set(k, { tokens: Math.min(tokens, this.burst), atMs });
    }
  }

  get size(): number {
    return this.map.size;
  }

  private maybeSweep(nowMs: number): void {
    if (nowMs < this.nextSweepMs) return;
    this.nextSweepMs = nowMs + this.sweepEveryMs;
    for (const [k, b] of this.map) {
      if (b.tokens + (nowMs - b.atMs) * this.perMs >= this.burst) this.map.delete(k);
    }
  }
}
