/**
 * Columnar buffer of exchange rows and its writer into DuckDB data chunks.
 *
 * Why not the row Appender or `DuckDBVector.setItem`: measured on this
 * machine (bench/store.ts), one native call per value costs ~9 µs a row and
 * `setItem` ~5 µs a row (its validity bookkeeping allocates BigInts), while
 * this layout costs ~2 µs: `push` only stores into typed arrays and string
 * arrays, and `writeTo` copies each numeric column into the chunk with one
 * memcpy per 2 048 rows (`copy_data_to_vector`). Strings still take one native
 * call each; there is no bulk string API in DuckDB's C API.
 *
 * Strings are encoded to UTF-8 as they are pushed, into one growing byte
 * buffer with a length table, rather than kept as JavaScript strings: a batch
 * then holds no reference into the exchange (its strings die young instead of
 * being promoted and traced by every major GC until the batch is written),
 * and posting it to the writer thread transfers two buffers instead of
 * structured-cloning ~10 strings a row (~14 µs a row, bench/store.ts).
 *
 * Column order here is the column order of the `exchanges` table (migration 1).
 */
import duckdb from '@duckdb/node-bindings';
import {
  BLOB,
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  FLOAT,
  INTEGER,
  TIMESTAMPTZ,
  UINTEGER,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBType,
} from '@duckdb/node-api';
import type { Exchange } from '../../contract/types.js';
import type { ExchangeFeatures } from '../../features/types.js';
import { StoreError, type ExchangeText } from '../store.js';

const VECTOR = 2048;
const TWO32 = 4294967296;
const I32_MAX = 2147483647;

/** The `exchanges` columns in table order, with their DuckDB types. */
export const EXCHANGE_COLUMNS: readonly (readonly [string, DuckDBType])[] = [
  ['id', VARCHAR],
  ['ts', TIMESTAMPTZ],
  ['account_id', VARCHAR],
  ['org_id', VARCHAR],
  ['api_key_id', VARCHAR],
  ['ip', VARCHAR],
  ['user_agent', VARCHAR],
  ['model', VARCHAR],
  ['endpoint', VARCHAR],
  ['lang', VARCHAR],
  ['status', INTEGER],
  ['latency_ms', DOUBLE],
  ['input_tokens', INTEGER],
  ['output_tokens', INTEGER],
  ['max_tokens', INTEGER],
  ['prompt_chars', INTEGER],
  ['user_turns', INTEGER],
  ['tool_turns', INTEGER],
  ['tools_offered', INTEGER],
  ['tool_calls', INTEGER],
  ['topic', INTEGER],
  ['system_hash', UINTEGER],
  ['prompt_hash', UINTEGER],
  ['sim_hi', UINTEGER],
  ['sim_lo', UINTEGER],
  ['skeleton_hash', UINTEGER],
  ['intent_cot', FLOAT],
  ['intent_reconstruct', FLOAT],
  ['intent_judge', FLOAT],
  ['intent_safety_rewrite', FLOAT],
  ['intent_agentic', FLOAT],
  ['intent_benchmark', FLOAT],
  ['intent_internals', FLOAT],
  ['hit_cap', BOOLEAN],
  ['single_turn', BOOLEAN],
  ['template_bands', BLOB],
  ['prompt_text', VARCHAR],
  ['response_text', VARCHAR],
  // migration 2
  ['intent_datagen', FLOAT],
];

/** Counts go into INTEGER columns: clamp rather than wrap or fail on absurd values. */
function count(v: number): number {
  if (v !== v) return 0;
  if (v >= I32_MAX) return I32_MAX;
  if (v <= -I32_MAX) return -I32_MAX;
  return Math.trunc(v);
}

/**
 * One batch of exchange rows, column by column. Plain data (arrays and typed
 * arrays), so it can be posted to the writer thread, typed arrays transferred.
 */
export interface ExchangeColumns {
  length: number;
  capacity: number;
  keepText: boolean;
  /** characters of raw text buffered, so huge texts force an early write */
  textChars: number;
  /**
   * UTF-8 bytes of the string columns, row after row: per row the nine short
   * columns (id, account, org, key, ip, user agent, model, endpoint, lang),
   * then prompt and response when text is kept.
   */
  strBytes: Buffer;
  /** bytes used in `strBytes` */
  strUsed: number;
  /** byte length of string (row i, column k) at i * strCols + k; -1 = null */
  strLen: Int32Array;
  /** string columns per row: 9, or 11 with text */
  strCols: number;
  tsMs: Float64Array;
  /** NaN = absent */
  status: Float64Array;
  latency: Float64Array;
  /** input, output, max tokens, prompt chars, user turns, tool turns, tools offered, tool calls, topic */
  ints: Int32Array[];
  /** system, prompt, sim hi, sim lo, skeleton */
  uints: Uint32Array[];
  intents: Float32Array[];
  hitCap: Uint8Array;
  singleTurn: Uint8Array;
  /** template bands of row i are bandData[bandOff[i] .. bandOff[i + 1]) */
  bandData: Uint32Array;
  bandOff: Int32Array;
}

/** Empty columns for `capacity` rows. */
export function newColumns(capacity: number, keepText: boolean): ExchangeColumns {
  const n = capacity;
  const strCols = keepText ? 11 : 9;
  return {
    length: 0,
    capacity,
    keepText,
    textChars: 0,
    strBytes: byteBuffer(Math.min(n, 8192) * 128),
    strUsed: 0,
    strLen: new Int32Array(n * strCols),
    strCols,
    tsMs: new Float64Array(n),
    status: new Float64Array(n),
    latency: new Float64Array(n),
    ints: Array.from({ length: 9 }, () => new Int32Array(n)),
    uints: Array.from({ length: 5 }, () => new Uint32Array(n)),
    intents: Array.from({ length: 8 }, () => new Float32Array(n)),
    hitCap: new Uint8Array(n),
    singleTurn: new Uint8Array(n),
    bandData: new Uint32Array(Math.max(64, n * 8)),
    bandOff: new Int32Array(n + 1),
  };
}

/** The buffers to transfer (not copy) when posting `c` to another thread. */
export function transferList(c: ExchangeColumns): ArrayBuffer[] {
  const typed = [c.strBytes, c.strLen, c.tsMs, c.status, c.latency, ...c.ints, ...c.uints, ...c.intents, c.hitCap, c.singleTurn, c.bandData, c.bandOff];
  return typed.map((t) => t.buffer as ArrayBuffer);
}

/** Empties `c` for reuse. */
export function clearColumns(c: ExchangeColumns): void {
  c.length = 0;
  c.textChars = 0;
  c.strUsed = 0;
}

/** A Buffer over its own ArrayBuffer (never Node's shared pool), so it can be transferred. */
function byteBuffer(n: number): Buffer {
  return Buffer.from(new ArrayBuffer(n));
}

/** Appends `v` as UTF-8 (or null) for row i, column k. */
function putString(c: ExchangeColumns, i: number, k: number, v: string | null | undefined): void {
  if (typeof v !== 'string') {
    c.strLen[i * c.strCols + k] = -1;
    return;
  }
  // at most 3 UTF-8 bytes per UTF-16 unit (a surrogate pair is 2 units, 4 bytes)
  const need = c.strUsed + v.length * 3;
  if (need > c.strBytes.length) {
    const grown = byteBuffer(Math.max(c.strBytes.length * 2, need));
    grown.set(c.strBytes.subarray(0, c.strUsed));
    c.strBytes = grown;
  }
  const buf = c.strBytes;
  const at = c.strUsed;
  let written = 0;
  // Short ASCII strings (ids, IPs, model names: nearly all of them) are copied
  // in JavaScript; a native call costs more than the copy.
  if (v.length <= 64) {
    let j = 0;
    for (; j < v.length; j++) {
      const ch = v.charCodeAt(j);
      if (ch >= 0x80) break;
      buf[at + j] = ch;
    }
    written = j === v.length ? j : buf.write(v, at);
  } else {
    written = buf.write(v, at);
  }
  c.strUsed += written;
  c.strLen[i * c.strCols + k] = written;
}

/**
 * Copies one exchange into `c` (the hot path: stores into arrays only). The
 * caller writes the batch when `c.length === c.capacity`.
 */
export function pushExchange(c: ExchangeColumns, ex: Exchange, f: ExchangeFeatures, text: ExchangeText | undefined): void {
  if (typeof ex.id !== 'string' || typeof ex.account_id !== 'string') {
    throw new StoreError(`exchange ${JSON.stringify(ex.id)} lacks a string id or account_id; not stored`);
  }
  const ts = ex.tsMs;
  if (typeof ts !== 'number' || !Number.isFinite(ts)) {
    throw new StoreError(`exchange ${JSON.stringify(ex.id)} has no valid tsMs (ts ${JSON.stringify(ex.ts)}); not stored`);
  }
  const i = c.length;
  putString(c, i, 0, ex.id);
  putString(c, i, 1, ex.account_id);
  putString(c, i, 2, ex.org_id);
  putString(c, i, 3, ex.api_key_id);
  putString(c, i, 4, ex.ip);
  putString(c, i, 5, ex.user_agent);
  putString(c, i, 6, ex.model);
  putString(c, i, 7, ex.endpoint);
  putString(c, i, 8, f.lang);
  c.tsMs[i] = ts;
  c.status[i] = typeof ex.status === 'number' ? ex.status : NaN;
  c.latency[i] = typeof ex.latency_ms === 'number' ? ex.latency_ms : NaN;
  const n = c.ints;
  n[0][i] = count(f.inputTokens);
  n[1][i] = count(f.outputTokens);
  n[2][i] = count(f.maxTokens);
  n[3][i] = count(f.promptChars);
  n[4][i] = count(f.userTurns);
  n[5][i] = count(f.toolTurns);
  n[6][i] = count(f.toolsOffered);
  n[7][i] = count(f.toolCalls);
  n[8][i] = count(f.topic);
  const u = c.uints;
  u[0][i] = f.systemHash;
  u[1][i] = f.promptHash;
  u[2][i] = f.simHi;
  u[3][i] = f.simLo;
  u[4][i] = f.skeletonHash;
  const it = f.intent;
  const q = c.intents;
  q[0][i] = it.cot;
  q[1][i] = it.reconstruct;
  q[2][i] = it.judge;
  q[3][i] = it.safetyRewrite;
  q[4][i] = it.agentic;
  q[5][i] = it.benchmark;
  q[6][i] = it.internals;
  q[7][i] = it.datagen;
  c.hitCap[i] = f.hitCap ? 1 : 0;
  c.singleTurn[i] = f.userTurns <= 1 ? 1 : 0;
  // Bands are copied into one flat array: no per-row object crosses threads.
  const start = c.bandOff[i];
  const b = f.templateBands;
  const len = b instanceof Uint32Array ? b.length : 0;
  if (start + len > c.bandData.length) {
    const grown = new Uint32Array(Math.max(c.bandData.length * 2, start + len));
    grown.set(c.bandData.subarray(0, start));
    c.bandData = grown;
  }
  if (len > 0) c.bandData.set(b, start);
  c.bandOff[i + 1] = start + len;
  if (c.keepText) {
    const p = text && typeof text.prompt === 'string' ? text.prompt : null;
    const r = text && typeof text.response === 'string' ? text.response : null;
    putString(c, i, 9, p);
    putString(c, i, 10, r);
    c.textChars += (p?.length ?? 0) + (r?.length ?? 0);
  }
  c.length = i + 1;
}

/** Writes `ExchangeColumns` into DuckDB through an appender, a data chunk of 2 048 rows at a time. */
export class ChunkWriter {
  private readonly tsWords = new Uint32Array(VECTOR * 2);
  private readonly i32 = new Int32Array(VECTOR);
  private readonly mask = new Uint8Array(VECTOR / 8);
  private readonly chunk = DuckDBDataChunk.create(EXCHANGE_COLUMNS.map((c) => c[1]));

  /** Appends every row of `c` (no appender flush). */
  write(c: ExchangeColumns, appender: DuckDBAppender): void {
    for (let off = 0; off < c.length; off += VECTOR) this.writeChunk(c, appender, off, Math.min(VECTOR, c.length - off));
  }

  private writeChunk(c: ExchangeColumns, appender: DuckDBAppender, off: number, n: number): void {
    const raw = this.chunk.chunk;
    duckdb.data_chunk_reset(raw);
    duckdb.data_chunk_set_size(raw, n);
    const vec = (k: number) => duckdb.data_chunk_get_vector(raw, k);
    // where each row's strings start in strBytes
    const rowStart = this.rowStarts(c, off, n);
    const STR_COLS = [0, 2, 3, 4, 5, 6, 7, 8, 9];
    for (let k = 0; k < 9; k++) this.writeStrings(vec(STR_COLS[k]), c, rowStart, k, off, n);

    const tw = this.tsWords;
    for (let j = 0; j < n; j++) {
      const us = Math.round(c.tsMs[off + j] * 1000);
      const hi = Math.floor(us / TWO32);
      tw[2 * j] = us - hi * TWO32;
      tw[2 * j + 1] = hi; // negative hi wraps to its two's complement, as int64 needs
    }
    duckdb.copy_data_to_vector(vec(1), 0, tw.buffer, 0, n * 8);

    this.writeNullableInt(vec(10), c.status, off, n);
    this.writeNullableDouble(vec(11), c.latency, off, n);
    for (let k = 0; k < 9; k++) copyColumn(vec(12 + k), c.ints[k], off, n);
    for (let k = 0; k < 5; k++) copyColumn(vec(21 + k), c.uints[k], off, n);
    for (let k = 0; k < 7; k++) copyColumn(vec(26 + k), c.intents[k], off, n);
    copyColumn(vec(38), c.intents[7], off, n);
    copyColumn(vec(33), c.hitCap, off, n);
    copyColumn(vec(34), c.singleTurn, off, n);

    const bandVec = vec(35);
    const mask = this.startMask(n);
    let nulls = 0;
    const data = c.bandData;
    for (let j = 0; j < n; j++) {
      const a = c.bandOff[off + j];
      const b = c.bandOff[off + j + 1];
      if (a === b) {
        mask[j >> 3] &= ~(1 << (j & 7));
        nulls++;
      } else {
        duckdb.vector_assign_string_element_len(bandVec, j, new Uint8Array(data.buffer, data.byteOffset + a * 4, (b - a) * 4));
      }
    }
    if (nulls > 0) this.applyMask(bandVec, n);

    if (c.keepText) {
      this.writeStrings(vec(36), c, rowStart, 9, off, n);
      this.writeStrings(vec(37), c, rowStart, 10, off, n);
    } else {
      this.allNull(vec(36), n);
      this.allNull(vec(37), n);
    }
    appender.appendDataChunk(this.chunk);
  }

  private startMask(n: number): Uint8Array {
    this.mask.fill(0xff, 0, (n + 7) >> 3);
    return this.mask;
  }

  private applyMask(v: duckdb.Vector, n: number): void {
    duckdb.vector_ensure_validity_writable(v);
    // Validity is a bitmap of uint64 words; copy whole words.
    duckdb.copy_data_to_vector_validity(v, 0, this.mask.buffer, 0, Math.ceil(n / 64) * 8);
  }

  private allNull(v: duckdb.Vector, n: number): void {
    this.mask.fill(0, 0, (n + 7) >> 3);
    this.applyMask(v, n);
  }

  private readonly starts = new Float64Array(VECTOR);
  private startsOf: ExchangeColumns | null = null;
  private startsNext = 0;
  private startsEnd = 0;

  /**
   * Byte offset in `c.strBytes` of the first string of each of rows
   * off .. off + n (chunks of one batch come in order, so the running offset
   * carries over from the previous chunk).
   */
  private rowStarts(c: ExchangeColumns, off: number, n: number): Float64Array {
    let at = 0;
    if (this.startsOf === c && this.startsNext === off) at = this.startsEnd;
    else for (let r = 0; r < off; r++) at += rowBytes(c, r);
    const st = this.starts;
    for (let j = 0; j < n; j++) {
      st[j] = at;
      at += rowBytes(c, off + j);
    }
    this.startsOf = c;
    this.startsNext = off + n;
    this.startsEnd = at;
    return st;
  }

  private writeStrings(v: duckdb.Vector, c: ExchangeColumns, rowStart: Float64Array, k: number, off: number, n: number): void {
    const mask = this.startMask(n);
    let nulls = 0;
    const cols = c.strCols;
    const lens = c.strLen;
    const bytes = c.strBytes;
    for (let j = 0; j < n; j++) {
      const base = (off + j) * cols;
      const len = lens[base + k];
      if (len >= 0) {
        let at = rowStart[j];
        for (let q = 0; q < k; q++) {
          const l = lens[base + q];
          if (l > 0) at += l;
        }
        duckdb.vector_assign_string_element_len(v, j, bytes.subarray(at, at + len));
      } else {
        mask[j >> 3] &= ~(1 << (j & 7));
        nulls++;
      }
    }
    if (nulls > 0) this.applyMask(v, n);
  }

  private writeNullableInt(v: duckdb.Vector, src: Float64Array, off: number, n: number): void {
    const mask = this.startMask(n);
    const out = this.i32;
    let nulls = 0;
    for (let j = 0; j < n; j++) {
      const x = src[off + j];
      if (x === x) out[j] = count(x);
      else {
        out[j] = 0;
        mask[j >> 3] &= ~(1 << (j & 7));
        nulls++;
      }
    }
    duckdb.copy_data_to_vector(v, 0, out.buffer, 0, n * 4);
    if (nulls > 0) this.applyMask(v, n);
  }

  private writeNullableDouble(v: duckdb.Vector, src: Float64Array, off: number, n: number): void {
    const mask = this.startMask(n);
    let nulls = 0;
    for (let j = 0; j < n; j++) {
      const x = src[off + j];
      if (x !== x) {
        mask[j >> 3] &= ~(1 << (j & 7));
        nulls++;
      }
    }
    copyColumn(v, src, off, n);
    if (nulls > 0) this.applyMask(v, n);
  }
}

/** UTF-8 bytes of all strings of row r. */
function rowBytes(c: ExchangeColumns, r: number): number {
  let t = 0;
  const base = r * c.strCols;
  for (let q = 0; q < c.strCols; q++) {
    const l = c.strLen[base + q];
    if (l > 0) t += l;
  }
  return t;
}

function copyColumn(v: duckdb.Vector, src: Int32Array | Uint32Array | Float32Array | Float64Array | Uint8Array, off: number, n: number): void {
  const w = src.BYTES_PER_ELEMENT;
  duckdb.copy_data_to_vector(v, 0, src.buffer as ArrayBuffer, src.byteOffset + off * w, n * w);
}
