/**
 * One ArrayBuffer carved into the typed arrays of one account's state.
 *
 * Why: a typed array of its own costs an ArrayBuffer object, a native backing
 * store and a GC-tracked extension besides its data (~200 bytes for a 96-byte
 * array); an account's state has about twenty such arrays, more than their
 * data. Views on one buffer keep the data where it was and drop the rest
 * (measured with a heap snapshot of a 20,000-account scan, see
 * docs/benchmarks.md). Memory stays fixed per account either way.
 *
 * Carve the widest elements first (f64, then 32-bit, 16-bit, 8-bit), so every
 * view is aligned without padding; `align` pads when a caller does not.
 */
/** Slabs up to this size are carved from shared chunks; larger ones get a buffer of their own. */
const SHARED_MAX = 4096;
const CHUNK_BYTES = 1 << 20;
let chunk: ArrayBuffer | null = null;
let chunkUsed = 0;

export class Slab {
  private off = 0;
  readonly buffer: ArrayBuffer;
  /** where this slab starts in `buffer` (8-byte aligned) */
  private readonly base: number;

  /**
   * A small slab is carved from a 1 MiB chunk shared with the slabs made after
   * it, so an account costs no ArrayBuffer of its own: allocating one per
   * account (zeroed memory, a native backing store, external-memory
   * accounting that triggers collections) cost more than the account's data
   * at 100k accounts. A chunk is freed when no view on any of its slabs is
   * left; a slab's memory is zero when it is made and never reused.
   */
  constructor(readonly bytes: number) {
    if (bytes > SHARED_MAX) {
      this.buffer = new ArrayBuffer(bytes);
      this.base = 0;
      return;
    }
    const need = (bytes + 7) & ~7;
    if (chunk === null || chunkUsed + need > CHUNK_BYTES) {
      chunk = new ArrayBuffer(CHUNK_BYTES);
      chunkUsed = 0;
    }
    this.buffer = chunk;
    this.base = chunkUsed;
    chunkUsed += need;
  }

  private take(n: number, size: number): number {
    const at = (this.off + size - 1) & ~(size - 1);
    const end = at + n * size;
    if (end > this.bytes) throw new RangeError(`slab of ${this.bytes} bytes cannot hold ${n}×${size} more bytes at ${at}`);
    this.off = end;
    return at;
  }

  f64(n: number): Float64Array {
    return new Float64Array(this.buffer, this.base + this.take(n, 8), n);
  }
  f32(n: number): Float32Array {
    return new Float32Array(this.buffer, this.base + this.take(n, 4), n);
  }
  u32(n: number): Uint32Array {
    return new Uint32Array(this.buffer, this.base + this.take(n, 4), n);
  }
  i32(n: number): Int32Array {
    return new Int32Array(this.buffer, this.base + this.take(n, 4), n);
  }
  u16(n: number): Uint16Array {
    return new Uint16Array(this.buffer, this.base + this.take(n, 2), n);
  }
  u8(n: number): Uint8Array {
    return new Uint8Array(this.buffer, this.base + this.take(n, 1), n);
  }
  i8(n: number): Int8Array {
    return new Int8Array(this.buffer, this.base + this.take(n, 1), n);
  }

  /** Bytes carved so far (a layout's exact size when measured on a large slab). */
  get used(): number {
    return this.off;
  }
}
