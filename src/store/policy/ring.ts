/**
 * Recent rows per account, held as bytes until the account is flagged or the
 * scan ends (see policy.ts for why).
 *
 * Each account gets a circular byte ring of fixed capacity carved from 1 MiB
 * slabs, so the memory is bounded per account (capacity × accounts seen) and
 * the rows are plain bytes: nothing in them is traced by the garbage
 * collector, and no object is kept per exchange. A row is what the store's
 * `exchanges` table keeps of an exchange (its features, no text), encoded
 * with a two-byte length in front; the newest rows push the oldest out. A row
 * longer than the whole ring (very long identifiers) is not held.
 */
import type { Exchange } from '../../contract/types.js';
import type { ExchangeFeatures, IntentScores } from '../../features/types.js';

const SLAB_BYTES = 1 << 20;
const I32_MAX = 2147483647;
/** two bytes of length in front of each row */
const HEAD = 2;
/** the longest row the encoder writes (strings beyond it make the row not held) */
const MAX_ROW = 0xffff;
const NO_STRING = 0xffff;
/** where the fixed-width fields of a row end (see encode) */
const FIXED_END = 115;

/** The fields after the three leading doubles, in the order encode writes them (decode reads them back by these lists). */
const COUNTS = ['inputTokens', 'outputTokens', 'maxTokens', 'promptChars', 'userTurns', 'toolTurns', 'toolsOffered', 'toolCalls', 'topic'] as const;
const HASHES = ['systemHash', 'promptHash', 'simHi', 'simLo', 'skeletonHash'] as const;
const INTENTS = ['cot', 'reconstruct', 'judge', 'safetyRewrite', 'agentic', 'benchmark', 'internals', 'datagen'] as const;
const STRINGS = ['id', 'org_id', 'api_key_id', 'ip', 'user_agent', 'model', 'endpoint'] as const;

function count(v: number): number {
  if (v !== v) return 0;
  if (v >= I32_MAX) return I32_MAX;
  if (v <= -I32_MAX) return -I32_MAX;
  return Math.trunc(v);
}

/** What a ring gives back of one row: the fields the store writes. */
export interface HeldRow {
  ex: Exchange;
  f: ExchangeFeatures;
}

export class RecentRows {
  /** ring capacity in bytes */
  readonly capacity: number;
  private readonly perSlab: number;
  private readonly slabs: Uint8Array[] = [];
  /** per ring: offset of its oldest row (from the ring's start), bytes used, rows held */
  private start = new Uint32Array(1024);
  private used = new Uint32Array(1024);
  private rows = new Uint32Array(1024);
  private n = 0;
  private readonly scratch = new Uint8Array(MAX_ROW + HEAD);
  private readonly view = new DataView(this.scratch.buffer);
  private readonly enc = new TextEncoder();
  private readonly dec = new TextDecoder();
  /** rows not held because they were longer than a ring */
  tooLong = 0;

  constructor(capacityBytes: number) {
    if (!Number.isInteger(capacityBytes) || capacityBytes < 256 || capacityBytes > 65_536) {
      throw new RangeError(`ring capacity must be an integer number of bytes in 256..65536, got ${String(capacityBytes)}`);
    }
    this.capacity = capacityBytes;
    this.perSlab = Math.max(1, Math.floor(SLAB_BYTES / capacityBytes));
  }

  /** Bytes allocated for rings so far. */
  get bytes(): number {
    return this.slabs.length * this.perSlab * this.capacity;
  }

  /** A new, empty ring; returns its number. */
  open(): number {
    const r = this.n++;
    if (r >= this.start.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.start = grow(this.start);
      this.used = grow(this.used);
      this.rows = grow(this.rows);
    }
    if (Math.floor(r / this.perSlab) >= this.slabs.length) this.slabs.push(new Uint8Array(this.perSlab * this.capacity));
    return r;
  }

  /** Rows ring `r` holds now. */
  held(r: number): number {
    return this.rows[r];
  }

  /** Adds one exchange's row to ring `r`, pushing out its oldest rows as needed. */
  push(r: number, ex: Exchange, f: ExchangeFeatures): void {
    const len = this.encode(ex, f);
    const cap = this.capacity;
    if (len < 0 || len + HEAD > cap) {
      this.tooLong++;
      return;
    }
    const slab = this.slabs[Math.floor(r / this.perSlab)];
    const base = (r % this.perSlab) * cap;
    let start = this.start[r];
    let used = this.used[r];
    let rows = this.rows[r];
    while (used + len + HEAD > cap) {
      const old = HEAD + (slab[base + start] | (slab[base + ((start + 1) % cap)] << 8));
      start = (start + old) % cap;
      used -= old;
      rows--;
    }
    this.view.setUint16(0, len, true);
    const end = (start + used) % cap;
    const total = len + HEAD;
    const first = Math.min(total, cap - end);
    slab.set(this.scratch.subarray(0, first), base + end);
    if (first < total) slab.set(this.scratch.subarray(first, total), base);
    this.start[r] = start;
    this.used[r] = used + total;
    this.rows[r] = rows + 1;
  }

  /** Ring `r`'s rows, oldest first, emptying it. */
  drain(r: number, accountId: string, out: (row: HeldRow) => void): void {
    const cap = this.capacity;
    const slab = this.slabs[Math.floor(r / this.perSlab)];
    const base = (r % this.perSlab) * cap;
    let start = this.start[r];
    let used = this.used[r];
    while (used > 0) {
      const total = HEAD + (slab[base + start] | (slab[base + ((start + 1) % cap)] << 8));
      const first = Math.min(total, cap - start);
      this.scratch.set(slab.subarray(base + start, base + start + first), 0);
      if (first < total) this.scratch.set(slab.subarray(base, base + total - first), first);
      out(this.decode(accountId));
      start = (start + total) % cap;
      used -= total;
    }
    this.start[r] = 0;
    this.used[r] = 0;
    this.rows[r] = 0;
  }

  /** Encodes a row into scratch after its length; returns the row's length, or -1 when too long. */
  private encode(ex: Exchange, f: ExchangeFeatures): number {
    // written out field by field: a loop over field names made every load a keyed one (~2x the cost)
    const v = this.view;
    v.setFloat64(2, ex.tsMs, true);
    v.setFloat64(10, typeof ex.status === 'number' ? ex.status : NaN, true);
    v.setFloat64(18, typeof ex.latency_ms === 'number' ? ex.latency_ms : NaN, true);
    v.setInt32(26, count(f.inputTokens), true);
    v.setInt32(30, count(f.outputTokens), true);
    v.setInt32(34, count(f.maxTokens), true);
    v.setInt32(38, count(f.promptChars), true);
    v.setInt32(42, count(f.userTurns), true);
    v.setInt32(46, count(f.toolTurns), true);
    v.setInt32(50, count(f.toolsOffered), true);
    v.setInt32(54, count(f.toolCalls), true);
    v.setInt32(58, count(f.topic), true);
    v.setUint32(62, f.systemHash, true);
    v.setUint32(66, f.promptHash, true);
    v.setUint32(70, f.simHi, true);
    v.setUint32(74, f.simLo, true);
    v.setUint32(78, f.skeletonHash, true);
    // the store's intent columns are 32-bit floats: this keeps what it would keep
    const it = f.intent;
    v.setFloat32(82, it.cot, true);
    v.setFloat32(86, it.reconstruct, true);
    v.setFloat32(90, it.judge, true);
    v.setFloat32(94, it.safetyRewrite, true);
    v.setFloat32(98, it.agentic, true);
    v.setFloat32(102, it.benchmark, true);
    v.setFloat32(106, it.internals, true);
    v.setFloat32(110, it.datagen, true);
    v.setUint8(114, f.hitCap ? 1 : 0);
    let o = FIXED_END;
    const b = f.templateBands instanceof Uint32Array ? f.templateBands : null;
    const nb = b ? b.length : 0;
    if (o + 2 + nb * 4 > MAX_ROW) return -1;
    v.setUint16(o, nb, true);
    o += 2;
    for (let i = 0; i < nb; i++) v.setUint32(o, b![i], true), (o += 4);
    o = this.putString(o, ex.id);
    if (o > 0) o = this.putString(o, ex.org_id);
    if (o > 0) o = this.putString(o, ex.api_key_id);
    if (o > 0) o = this.putString(o, ex.ip);
    if (o > 0) o = this.putString(o, ex.user_agent);
    if (o > 0) o = this.putString(o, ex.model);
    if (o > 0) o = this.putString(o, ex.endpoint);
    if (o > 0) o = this.putString(o, f.lang);
    return o < 0 ? -1 : o - HEAD;
  }

  private putString(o: number, s: unknown): number {
    if (typeof s !== 'string') {
      if (o + 2 > MAX_ROW) return -1;
      this.view.setUint16(o, NO_STRING, true);
      return o + 2;
    }
    // at most 3 UTF-8 bytes per UTF-16 unit
    if (o + 2 + s.length * 3 > MAX_ROW) return -1;
    // identifiers are nearly always ASCII: copied unit by unit, no call into the encoder
    const out = this.scratch;
    const n = s.length;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      out[o + 2 + i] = c;
    }
    let written = n;
    if (i < n) written = this.enc.encodeInto(s, out.subarray(o + 2)).written;
    if (written >= NO_STRING) return -1;
    this.view.setUint16(o, written, true);
    return o + 2 + written;
  }

  private getString(o: number): [string | undefined, number] {
    const n = this.view.getUint16(o, true);
    if (n === NO_STRING) return [undefined, o + 2];
    return [this.dec.decode(this.scratch.subarray(o + 2, o + 2 + n)), o + 2 + n];
  }

  private decode(accountId: string): HeldRow {
    const v = this.view;
    let o = HEAD;
    const tsMs = v.getFloat64(o, true);
    const status = v.getFloat64(o + 8, true);
    const latency = v.getFloat64(o + 16, true);
    o += 24;
    // the fields in the order encode writes them
    const c: number[] = [];
    for (let i = 0; i < COUNTS.length; i++) c.push(v.getInt32(o, true)), (o += 4);
    const h: number[] = [];
    for (let i = 0; i < HASHES.length; i++) h.push(v.getUint32(o, true)), (o += 4);
    const intent = {} as IntentScores;
    for (const k of INTENTS) (intent[k] = v.getFloat32(o, true)), (o += 4);
    const hitCap = v.getUint8(o++) === 1;
    if (o !== FIXED_END) throw new Error('ring row layout: encode and decode disagree');
    const nb = v.getUint16(o, true);
    o += 2;
    const bands = new Uint32Array(nb);
    for (let i = 0; i < nb; i++) (bands[i] = v.getUint32(o, true)), (o += 4);
    const s: (string | undefined)[] = [];
    for (let i = 0; i <= STRINGS.length; i++) {
      const [x, next] = this.getString(o);
      s.push(x);
      o = next;
    }
    const ex: Exchange = {
      id: s[0]!,
      ts: new Date(tsMs).toISOString(),
      tsMs,
      account_id: accountId,
      org_id: s[1],
      api_key_id: s[2],
      ip: s[3],
      user_agent: s[4],
      model: s[5],
      endpoint: s[6],
      status: Number.isNaN(status) ? undefined : status,
      latency_ms: Number.isNaN(latency) ? undefined : latency,
    };
    const f: ExchangeFeatures = {
      inputTokens: c[0],
      outputTokens: c[1],
      maxTokens: c[2],
      promptChars: c[3],
      userTurns: c[4],
      toolTurns: c[5],
      toolsOffered: c[6],
      toolCalls: c[7],
      topic: c[8],
      systemHash: h[0],
      promptHash: h[1],
      simHi: h[2],
      simLo: h[3],
      skeletonHash: h[4],
      intent,
      hitCap,
      templateBands: bands,
      // always a string from the features; an absent one is stored as null either way
      lang: s[7] as string,
    };
    return { ex, f };
  }
}
