/**
 * Event-time reorder buffer. Logs from several servers interleave, so a line
 * may be a few minutes older than the one before it. The buffer holds
 * exchanges until event time has moved `windowMs` past them, then releases
 * them in timestamp order. An exchange older than what was already released is
 * "late": it is still processed (nothing valid is dropped) and counted.
 */
export interface Timed {
  tsMs: number;
}

export class ReorderBuffer<T extends Timed> {
  private heap: T[] = [];
  private seq: number[] = [];
  private n = 0;
  private maxSeen = -Infinity;
  /** timestamp of the last released item */
  watermark = -Infinity;
  late = 0;
  maxHeld = 0;

  constructor(readonly windowMs: number, private readonly release: (item: T) => void) {}

  push(item: T): void {
    if (item.tsMs < this.watermark) {
      // later than the buffer can mend: process now, count it
      this.late++;
      this.release(item);
      return;
    }
    this.insert(item);
    if (item.tsMs > this.maxSeen) this.maxSeen = item.tsMs;
    const limit = this.maxSeen - this.windowMs;
    while (this.heap.length && this.heap[0].tsMs <= limit) this.pop();
  }

  /** Releases everything still held, in order. */
  drain(): void {
    while (this.heap.length) this.pop();
  }

  get size(): number {
    return this.heap.length;
  }

  private pop(): void {
    const top = this.heap[0];
    const last = this.heap.pop()!;
    const lastSeq = this.seq.pop()!;
    if (this.heap.length) {
      this.heap[0] = last;
      this.seq[0] = lastSeq;
      this.down(0);
    }
    this.watermark = top.tsMs;
    this.release(top);
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i].tsMs;
    const b = this.heap[j].tsMs;
    // ties keep arrival order, so sorted input comes out exactly as it went in
    return a < b || (a === b && this.seq[i] < this.seq[j]);
  }

  private insert(item: T): void {
    this.heap.push(item);
    this.seq.push(this.n++);
    if (this.heap.length > this.maxHeld) this.maxHeld = this.heap.length;
    let i = this.heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const h = this.heap[i];
    this.heap[i] = this.heap[j];
    this.heap[j] = h;
    const s = this.seq[i];
    this.seq[i] = this.seq[j];
    this.seq[j] = s;
  }
}
