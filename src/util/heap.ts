/**
 * Binary min-heaps, one per use that needs its own tie order or storage:
 * `OrderedHeap` (items by a number, ties in push order), `TimeHeap` ((time, id)
 * pairs on typed arrays, ties by id) and `IndexedMinHeap` (integers by a
 * number, with decrease- and increase-key).
 *
 * ```ts
 * const h = new OrderedHeap<string>();
 * h.push('b', 2); h.push('a', 1);
 * h.pop(); // 'a'
 * ```
 */

/**
 * A binary min-heap of items by a number given with each, equal numbers in the
 * order they were pushed: the event-time reorder buffer releases exchanges of
 * one timestamp in arrival order, so sorted input comes out as it went in.
 */
export class OrderedHeap<T> {
  private items: T[] = [];
  private keys: number[] = [];
  private seq: number[] = [];
  private n = 0;

  get size(): number {
    return this.items.length;
  }

  /** The least key held; Infinity when empty. */
  peekKey(): number {
    return this.items.length ? this.keys[0] : Infinity;
  }

  push(item: T, key: number): void {
    this.items.push(item);
    this.keys.push(key);
    this.seq.push(this.n++);
    let i = this.items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Removes and returns the item with the least key (the earliest pushed among equals); undefined when empty. */
  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    const top = this.items[0];
    const last = this.items.pop()!;
    const lastKey = this.keys.pop()!;
    const lastSeq = this.seq.pop()!;
    if (this.items.length) {
      this.items[0] = last;
      this.keys[0] = lastKey;
      this.seq[0] = lastSeq;
      this.down(0);
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    const a = this.keys[i];
    const b = this.keys[j];
    return a < b || (a === b && this.seq[i] < this.seq[j]);
  }

  private down(i: number): void {
    const n = this.items.length;
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
    const t = this.items[i];
    this.items[i] = this.items[j];
    this.items[j] = t;
    const k = this.keys[i];
    this.keys[i] = this.keys[j];
    this.keys[j] = k;
    const s = this.seq[i];
    this.seq[i] = this.seq[j];
    this.seq[j] = s;
  }
}

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

/**
 * An indexed binary min-heap of the integers 0..n-1 by a number each, with
 * decrease- and increase-key (greedy peeling takes the least-connected member
 * and lowers its neighbours' degrees). Equal keys come out in an order that
 * depends on the pushes and updates: callers that need a stable order must
 * break ties in the key.
 */
export class IndexedMinHeap {
  private heap: Int32Array;
  private pos: Int32Array;
  private key: Float64Array;
  private size = 0;
  constructor(n: number) {
    this.heap = new Int32Array(n);
    this.pos = new Int32Array(n).fill(-1);
    this.key = new Float64Array(n);
  }
  push(i: number, k: number): void {
    this.key[i] = k;
    this.heap[this.size] = i;
    this.pos[i] = this.size;
    this.up(this.size++);
  }
  pop(): number {
    if (this.size === 0) return -1;
    const top = this.heap[0];
    this.pos[top] = -1;
    this.size--;
    if (this.size > 0) {
      this.heap[0] = this.heap[this.size];
      this.pos[this.heap[0]] = 0;
      this.down(0);
    }
    return top;
  }
  update(i: number, k: number): void {
    const p = this.pos[i];
    if (p < 0) return;
    const old = this.key[i];
    this.key[i] = k;
    if (k < old) this.up(p);
    else this.down(p);
  }
  private up(p: number): void {
    const h = this.heap;
    while (p > 0) {
      const q = (p - 1) >> 1;
      if (this.key[h[q]] <= this.key[h[p]]) break;
      this.swap(p, q);
      p = q;
    }
  }
  private down(p: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * p + 1;
      const r = l + 1;
      let m = p;
      if (l < this.size && this.key[h[l]] < this.key[h[m]]) m = l;
      if (r < this.size && this.key[h[r]] < this.key[h[m]]) m = r;
      if (m === p) break;
      this.swap(p, m);
      p = m;
    }
  }
  private swap(p: number, q: number): void {
    const h = this.heap;
    const t = h[p];
    h[p] = h[q];
    h[q] = t;
    this.pos[h[p]] = p;
    this.pos[h[q]] = q;
  }
}
