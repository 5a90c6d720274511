/**
 * Event-time reorder buffer. Logs from several servers interleave, so a line
 * may be a few minutes older than the one before it. The buffer holds
 * exchanges until event time has moved `windowMs` past them, then releases
 * them in timestamp order. An exchange older than what was already released is
 * "late": it is still processed (nothing valid is dropped) and counted.
 */
import { OrderedHeap } from '../util/heap.js';

export interface Timed {
  tsMs: number;
}

export class ReorderBuffer<T extends Timed> {
  private readonly heap = new OrderedHeap<T>();
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
    // ties keep arrival order, so sorted input comes out exactly as it went in
    this.heap.push(item, item.tsMs);
    if (this.heap.size > this.maxHeld) this.maxHeld = this.heap.size;
    if (item.tsMs > this.maxSeen) this.maxSeen = item.tsMs;
    const limit = this.maxSeen - this.windowMs;
    while (this.heap.size && this.heap.peekKey() <= limit) this.pop();
  }

  /** Releases everything still held, in order. */
  drain(): void {
    while (this.heap.size) this.pop();
  }

  get size(): number {
    return this.heap.size;
  }

  private pop(): void {
    const top = this.heap.pop()!;
    this.watermark = top.tsMs;
    this.release(top);
  }
}
