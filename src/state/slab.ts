/**
 * Runs of one buffer carved for one account's state, read through views the
 * buffer's accounts share.
 *
 * Why: a typed array of its own costs an ArrayBuffer object, a native backing
 * store and a GC-tracked extension besides its data (~200 bytes for a 96-byte
 * array); an account's state has about twenty such arrays, more than their
 * data. Runs of one shared buffer keep the data and drop the rest; reading
 * them through shared views (an account keeps offsets) drops the ~100-byte
 * view objects too (measured with heap snapshots, see docs/benchmarks.md).
 * Memory stays fixed per account either way.
 *
 * Carve the widest elements first (f64, then 32-bit, 16-bit, 8-bit), so every
 * run is aligned without padding; `take` pads when a caller does not.
 */
/** Slabs up to this size are carved from shared chunks; larger ones get a buffer of their own. */
const SHARED_MAX = 4096;
const CHUNK_BYTES = 1 << 20;

/**
 * One view per element type over one buffer, shared by every slab carved from
 * it: an account holds these (pointers it shares with ~1,000 other accounts)
 * and the element offsets of its arrays, not views of its own. A view is a
 * heap object of ~100 bytes that the collector traces; twelve per account were
 * a third of the scan thread's heap objects at 100k accounts.
 */
export class Views {
  readonly f64: Float64Array;
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly u16: Uint16Array;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  constructor(readonly buffer: ArrayBuffer) {
    const b = buffer.byteLength;
    this.f64 = new Float64Array(buffer, 0, b >>> 3);
    this.f32 = new Float32Array(buffer, 0, b >>> 2);
    this.i32 = new Int32Array(buffer, 0, b >>> 2);
    this.u32 = new Uint32Array(buffer, 0, b >>> 2);
    this.u16 = new Uint16Array(buffer, 0, b >>> 1);
    this.u8 = new Uint8Array(buffer);
    this.i8 = new Int8Array(buffer);
  }
}

let chunk: Views | null = null;
let chunkUsed = 0;

export class Slab {
  private off = 0;
  /** the views every array of this slab is read through, at the offsets its methods return */
  readonly views: Views;
  /** where this slab starts in the buffer (8-byte aligned) */
  private readonly base: number;

  /**
   * A small slab is carved from a 1 MiB chunk shared with the slabs made after
   * it, so an account costs no ArrayBuffer of its own: allocating one per
   * account (zeroed memory, a native backing store, external-memory
   * accounting that triggers collections) cost more than the account's data
   * at 100k accounts. A chunk is freed when nothing holds its views any more;
   * a slab's memory is zero when it is made and never reused.
   */
  constructor(readonly bytes: number) {
    const need = (bytes + 7) & ~7;
    if (bytes > SHARED_MAX) {
      this.views = new Views(new ArrayBuffer(need));
      this.base = 0;
      return;
    }
    if (chunk === null || chunkUsed + need > CHUNK_BYTES) {
      chunk = new Views(new ArrayBuffer(CHUNK_BYTES));
      chunkUsed = 0;
    }
    this.views = chunk;
    this.base = chunkUsed;
    chunkUsed += need;
  }

  /** Byte offset in the buffer of `n` elements of `size` bytes carved next. */
  private take(n: number, size: number): number {
    const at = (this.off + size - 1) & ~(size - 1);
    const end = at + n * size;
    if (end > this.bytes) throw new RangeError(`slab of ${this.bytes} bytes cannot hold ${n}×${size} more bytes at ${at}`);
    this.off = end;
    return this.base + at;
  }

  /** Carves `n` float64s; returns their first index in `views.f64`. The other methods likewise. */
  f64(n: number): number {
    return this.take(n, 8) >>> 3;
  }
  f32(n: number): number {
    return this.take(n, 4) >>> 2;
  }
  u32(n: number): number {
    return this.take(n, 4) >>> 2;
  }
  i32(n: number): number {
    return this.take(n, 4) >>> 2;
  }
  u16(n: number): number {
    return this.take(n, 2) >>> 1;
  }
  u8(n: number): number {
    return this.take(n, 1);
  }
  i8(n: number): number {
    return this.take(n, 1);
  }

  /** Bytes carved so far (a layout's exact size when measured on a large slab). */
  get used(): number {
    return this.off;
  }
}
