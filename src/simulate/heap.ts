/**
 * A binary min-heap of (time, id) pairs on typed arrays: the scheduler of the
 * simulator keeps one entry per actor, so memory follows the number of actors,
 * never the number of exchanges. Ties break on id so the order is deterministic.
 */
export class TimeHeap {
  private times: Float64Array;
  private ids: Int32Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(Math.max(4, capacity));
    this.ids = new Int32Array(Math.max(4, capacity));
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest entry; Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.times[0] : Infinity;
  }

  peekId(): number {
    return this.n > 0 ? this.ids[0] : -1;
  }

  push(time: number, id: number): void {
    if (this.n === this.times.length) this.grow();
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(time, id, this.times[p], this.ids[p])) break;
      this.times[i] = this.times[p];
      this.ids[i] = this.ids[p];
      i = p;
    }
    this.times[i] = time;
    this.ids[i] = id;
  }

  /** Removes the earliest entry and returns its id (-1 when empty). */
  pop(): number {
    if (this.n === 0) return -1;
    const top = this.ids[0];
    const n = --this.n;
    if (n > 0) {
      const t = this.times[n];
      const id = this.ids[n];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.less(this.times[r], this.ids[r], this.times[l], this.ids[l]) ? r : l;
        if (!this.less(this.times[c], this.ids[c], t, id)) break;
        this.times[i] = this.times[c];
        this.ids[i] = this.ids[c];
        i = c;
      }
      this.times[i] = t;
      this.ids[i] = id;
    }
    return top;
  }

  private less(ta: number, ia: number, tb: number, ib: number): boolean {
    return ta < tb || (ta === tb && ia < ib);
  }

  private grow(): void {
    const t = new Float64Array(this.times.length * 2);
    t.set(this.times);
    const i = new Int32Array(this.ids.length * 2);
    i.set(this.ids);
    this.times = t;
    this.ids = i;
  }
}
