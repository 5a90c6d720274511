/**
 * Reads JSON Lines files (plain, gzip, zstd) as batches of raw lines, with
 * bounded memory: a line longer than `maxLineBytes` is reported and skipped
 * without ever being held whole, and invalid UTF-8 is reported rather than
 * silently replaced.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { Readable } from 'node:stream';

export interface RawLine {
  line: number;
  /** the decoded text, or null when the line is bad */
  text: string | null;
  /** why the line is bad (only when text is null) */
  reason?: string;
  /** a truncated copy of a bad line */
  raw?: string;
}

export interface LineReaderOptions {
  /** lines longer than this many bytes are set aside (default 4 MiB) */
  maxLineBytes?: number;
  /** how many lines a batch holds at most (default 256: a batch of parsed exchanges stays within V8's young generation) */
  batchLines?: number;
  /** keep each parsed line's text beside its exchange (`PreparedExchange.line`): a partitioned scan sends the text to its partition, which is cheaper than copying the parsed object to another thread */
  keepLine?: boolean;
}

export const RAW_PREVIEW_BYTES = 512;

export type Compression = 'none' | 'gzip' | 'zstd';

/** Tells the compression from the file's first bytes (magic numbers), falling back to its name. */
export function detectCompression(head: Buffer, name: string): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (name.endsWith('.gz')) return 'gzip';
  if (name.endsWith('.zst') || name.endsWith('.zstd')) return 'zstd';
  return 'none';
}

/** The first bytes of a file, to tell its compression (and whether it is a log at all) from them. */
export async function readHead(path: string, bytes = 4): Promise<Buffer> {
  const { open } = await import('node:fs/promises');
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The path that means standard input (`scan -`). */
export const STDIN = '-';

/**
 * Standard input as a stream, its compression told from its first chunk
 * (a pipe cannot be read twice, so the chunk is put back in front).
 */
async function stdinStream(): Promise<{ head: Buffer; stream: Readable }> {
  const it = process.stdin[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : (first.value as Buffer);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value as Buffer;
    }
  }
  return { head, stream: Readable.from(all(), { objectMode: false }) };
}

/** A stream of the file's decompressed bytes (`-`: standard input). */
export async function openDecompressed(path: string): Promise<AsyncIterable<Buffer>> {
  let compression: Compression;
  let file: Readable;
  if (path === STDIN) {
    const s = await stdinStream();
    compression = detectCompression(s.head, '');
    file = s.stream;
  } else {
    compression = detectCompression(await readHead(path), path);
    file = createReadStream(path, { highWaterMark: 1 << 20 });
  }
  if (compression === 'gzip') return file.pipe(createGunzip({ chunkSize: 1 << 18 })) as Readable;
  if (compression === 'zstd') return zstdChunks(file);
  return file;
}

async function* zstdChunks(file: Readable): AsyncIterable<Buffer> {
  const out: Uint8Array[] = [];
  const dec = new Decompress((chunk) => { out.push(chunk); });
  for await (const chunk of file) {
    try {
      dec.push(chunk as Uint8Array);
    } catch (e) {
      throw new Error(`zstd stream is corrupt: ${(e as Error).message}`);
    }
    while (out.length) yield toBuffer(out.shift()!);
  }
  try {
    dec.push(new Uint8Array(0), true);
  } catch (e) {
    throw new Error(`zstd stream is corrupt or truncated: ${(e as Error).message}`);
  }
  while (out.length) yield toBuffer(out.shift()!);
}

function toBuffer(c: Uint8Array): Buffer {
  return Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

function preview(buf: Buffer, start: number, end: number): string {
  const stop = Math.min(end, start + RAW_PREVIEW_BYTES);
  // toString replaces invalid sequences, so the preview itself is always valid text.
  return buf.toString('utf8', start, stop) + (end - start > RAW_PREVIEW_BYTES ? '…' : '');
}

/** What a line reader collects its lines into, one batch at a time. */
interface BatchBuilder<B> {
  /** a non-empty line (CR stripped), `end - start` bytes of `buf` */
  line(buf: Buffer, start: number, end: number, lineNo: number): void;
  /** a line over the length limit, seen only in part */
  overlong(lineNo: number, bytes: number, preview: string): void;
  readonly size: number;
  /** the batch so far; the builder starts a new one */
  take(): B;
}

/**
 * Splits one file into lines and hands them to `b`, yielding a batch every
 * `batchLines` lines. Empty lines are skipped (they carry no record) but
 * counted in the line numbers; a UTF-8 byte-order mark at the start is dropped.
 */
async function* splitLines<B>(path: string, opts: LineReaderOptions, b: BatchBuilder<B>): AsyncGenerator<B> {
  const maxLineBytes = opts.maxLineBytes ?? 4 << 20;
  const batchLines = opts.batchLines ?? 256;
  let lineNo = 0;
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let overflowing = false; // inside a line that already exceeded the limit
  let overflowPreview = '';
  let overflowBytes = 0;
  let first = true;

  const emit = (buf: Buffer, start: number, end: number) => {
    lineNo++;
    if (end > start && buf[end - 1] === 0x0d) end--; // CRLF
    if (end === start) return;
    if (end - start > maxLineBytes) b.overlong(lineNo, end - start, preview(buf, start, end));
    else b.line(buf, start, end, lineNo);
  };

  for await (let chunk of await openDecompressed(path)) {
    if (first) {
      first = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(0x0a, pos);
      if (nl === -1) {
        // no newline in the rest of the chunk: keep it for the next one, unless the line is already too long
        const rest = chunk.length - pos;
        if (overflowing) {
          overflowBytes += rest;
        } else if (carryBytes + rest > maxLineBytes) {
          const joined = Buffer.concat([...carry, chunk.subarray(pos)]);
          overflowPreview = preview(joined, 0, joined.length);
          overflowBytes = joined.length;
          overflowing = true;
          carry = [];
          carryBytes = 0;
        } else {
          carry.push(chunk.subarray(pos));
          carryBytes += rest;
        }
        break;
      }
      if (overflowing) {
        lineNo++;
        overflowBytes += nl - pos;
        b.overlong(lineNo, overflowBytes, overflowPreview);
        overflowing = false;
        overflowPreview = '';
        overflowBytes = 0;
      } else if (carryBytes > 0) {
        const joined = Buffer.concat([...carry, chunk.subarray(pos, nl)]);
        carry = [];
        carryBytes = 0;
        emit(joined, 0, joined.length);
      } else {
        emit(chunk, pos, nl);
      }
      pos = nl + 1;
      if (b.size >= batchLines) yield b.take();
    }
  }
  if (overflowing) {
    lineNo++;
    b.overlong(lineNo, overflowBytes, overflowPreview);
  } else if (carryBytes > 0) {
    const joined = Buffer.concat(carry);
    emit(joined, 0, joined.length);
  }
  if (b.size) yield b.take();
}

function overlongLine(lineNo: number, bytes: number, maxLineBytes: number, raw: string): RawLine {
  return { line: lineNo, text: null, reason: `line is ${bytes} bytes, over the ${maxLineBytes}-byte limit`, raw };
}

/** Batches of decoded lines: bad ones (too long, not UTF-8) carry a reason instead of text. */
class TextBatch implements BatchBuilder<RawLine[]> {
  private batch: RawLine[] = [];
  constructor(private readonly maxLineBytes: number) {}
  get size(): number {
    return this.batch.length;
  }
  line(buf: Buffer, start: number, end: number, lineNo: number): void {
    if (!isUtf8(buf.subarray(start, end))) {
      this.batch.push({ line: lineNo, text: null, reason: 'line is not valid UTF-8', raw: preview(buf, start, end) });
      return;
    }
    const text = buf.toString('utf8', start, end);
    if (text.trim() === '') return;
    this.batch.push({ line: lineNo, text });
  }
  overlong(lineNo: number, bytes: number, raw: string): void {
    this.batch.push(overlongLine(lineNo, bytes, this.maxLineBytes, raw));
  }
  take(): RawLine[] {
    const b = this.batch;
    this.batch = [];
    return b;
  }
}

/**
 * A batch of lines as raw bytes, back to back in one buffer of its own, for a
 * worker thread to decode: the reading thread then never turns a line into a
 * string (no UTF-8 decoding, no copy into the worker's message, no ~2 KB of
 * young garbage per line), it only finds the newlines and copies bytes.
 */
export interface LineSpans {
  /** the lines' bytes; line i is bytes[off[i] .. off[i + 1]) */
  bytes: Uint8Array;
  off: Int32Array;
  /** line numbers */
  line: Int32Array;
  n: number;
  /** lines set aside here (over the length limit), in line order */
  bad: RawLine[];
}

class SpanBatch implements BatchBuilder<LineSpans> {
  private bytes = new Uint8Array(0);
  private used = 0;
  private off: Int32Array;
  private lines: Int32Array;
  private n = 0;
  private bad: RawLine[] = [];
  constructor(private readonly maxLineBytes: number, private readonly batchLines: number) {
    this.off = new Int32Array(batchLines + 1);
    this.lines = new Int32Array(batchLines);
  }
  get size(): number {
    return this.n + this.bad.length;
  }
  line(buf: Buffer, start: number, end: number, lineNo: number): void {
    const len = end - start;
    if (this.used + len > this.bytes.length) {
      // a buffer of its own (never Node's shared pool), so it can be transferred
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + len, 1 << 19));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    this.bytes.set(buf.subarray(start, end), this.used);
    this.used += len;
    this.lines[this.n] = lineNo;
    this.off[++this.n] = this.used;
  }
  overlong(lineNo: number, bytes: number, raw: string): void {
    this.bad.push(overlongLine(lineNo, bytes, this.maxLineBytes, raw));
  }
  take(): LineSpans {
    const out: LineSpans = { bytes: this.bytes.subarray(0, this.used), off: this.off.subarray(0, this.n + 1), line: this.lines.subarray(0, this.n), n: this.n, bad: this.bad };
    this.bytes = new Uint8Array(Math.max(1 << 19, this.used));
    this.used = 0;
    this.off = new Int32Array(this.batchLines + 1);
    this.lines = new Int32Array(this.batchLines);
    this.n = 0;
    this.bad = [];
    return out;
  }
}

/**
 * Yields batches of lines from one file, decoded. Bad lines (over
 * `maxLineBytes`, not valid UTF-8) come with a reason and a preview instead of
 * text; a line over the limit is never held whole.
 */
export function readLines(path: string, opts: LineReaderOptions = {}): AsyncGenerator<RawLine[]> {
  return splitLines(path, opts, new TextBatch(opts.maxLineBytes ?? 4 << 20));
}

/** Yields batches of raw lines from one file for another thread to decode (see `LineSpans`). */
export function readLineSpans(path: string, opts: LineReaderOptions = {}): AsyncGenerator<LineSpans> {
  return splitLines(path, opts, new SpanBatch(opts.maxLineBytes ?? 4 << 20, opts.batchLines ?? 256));
}
