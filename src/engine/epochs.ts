/**
 * When the engine sweeps: the epochs of event time between cross-account
 * sweeps. Everything cross-account (campaigns, signatures, address holders)
 * changes only at a sweep, so the epochs are what a partitioned engine agrees
 * on (docs/operations.md "Partitions"): whoever sees the whole stream in
 * event-time order (the reader) runs this clock and tells the partitions
 * where each epoch ends, and the answers do not depend on how the accounts
 * are spread over partitions.
 *
 * ```ts
 * const clock = new SweepClock({ sweepMinutes: 30 });
 * const at = clock.tick(ex.tsMs, accountsSeenBefore, true);
 * if (!Number.isNaN(at)) sweep(at, ex.ts); // then process ex
 * ```
 */
export interface EpochOptions {
  /** event-time minutes between sweep boundaries (default 30) */
  sweepMinutes?: number;
  /** a boundary is skipped unless this many exchanges per account seen arrived since the last sweep (default 2; see EngineOptions) */
  sweepMinNewPerAccount?: number;
  /** sweep anyway once this many event-time minutes passed with new traffic (default 24 h) */
  sweepMaxGapMinutes?: number;
}

export class SweepClock {
  private readonly every: number;
  private readonly perAccount: number;
  private readonly maxGap: number;
  private next = NaN;
  private last = NaN;
  private since = 0;
  private first = NaN;

  constructor(o: EpochOptions = {}) {
    this.every = (o.sweepMinutes ?? 30) * 60_000;
    this.perAccount = o.sweepMinNewPerAccount ?? 2;
    this.maxGap = (o.sweepMaxGapMinutes ?? 24 * 60) * 60_000;
  }

  /**
   * Called once per exchange in processing order, before it is processed,
   * with its event time and the number of accounts seen before it. Returns
   * the boundary to sweep at before this exchange (the sweep's flags carry
   * this exchange's `ts`), or NaN. `sweeping` false (no linkage) never sweeps
   * but keeps the boundaries moving.
   */
  tick(t: number, accountsSeen: number, sweeping: boolean): number {
    if (Number.isNaN(this.first)) this.first = t;
    if (Number.isNaN(this.next)) this.next = this.boundaryAfter(t);
    let at = NaN;
    if (t >= this.next) {
      if (sweeping && this.due(t, accountsSeen)) {
        at = this.next;
        this.last = t;
        this.since = 0;
      }
      this.next = this.boundaryAfter(t);
    }
    this.since++;
    return at;
  }

  private boundaryAfter(t: number): number {
    return Math.floor(t / this.every) * this.every + this.every;
  }

  /** Sweep work grows with the accounts: a boundary counts only once enough traffic per account came in, or too long passed. */
  private due(t: number, accountsSeen: number): boolean {
    if (this.since === 0) return false;
    if (this.since >= this.perAccount * accountsSeen) return true;
    return Number.isNaN(this.last) ? t - this.first >= this.maxGap : t - this.last >= this.maxGap;
  }
}
