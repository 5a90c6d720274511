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
import type { Readable } from 'node:stream';

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

async function readHead(path: string): Promise<Buffer> {
  const { open } = await import('node:fs/promises');
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** A stream of the file's decompressed bytes. */
export async function openDecompressed(path: string): Promise<AsyncIterable<Buffer>> {
  const compression = detectCompression(await readHead(path), path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
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

/**
 * Yields batches of lines from one file. Empty lines are skipped (they carry no
 * record). A UTF-8 byte-order mark at the start is dropped.
 */
export async function* readLines(path: string, opts: LineReaderOptions = {}): AsyncGenerator<RawLine[]> {
  const maxLineBytes = opts.maxLineBytes ?? 4 << 20;
  const batchLines = opts.batchLines ?? 256;
  let lineNo = 0;
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let overflowing = false; // inside a line that already exceeded the limit
  let overflowPreview = '';
  let overflowBytes = 0;
  let first = true;
  let batch: RawLine[] = [];

  const emit = (buf: Buffer, start: number, end: number) => {
    lineNo++;
    if (end > start && buf[end - 1] === 0x0d) end--; // CRLF
    if (end === start) return;
    if (end - start > maxLineBytes) {
      batch.push({ line: lineNo, text: null, reason: `line is ${end - start} bytes, over the ${maxLineBytes}-byte limit`, raw: preview(buf, start, end) });
      return;
    }
    const slice = buf.subarray(start, end);
    if (!isUtf8(slice)) {
      batch.push({ line: lineNo, text: null, reason: 'line is not valid UTF-8', raw: preview(buf, start, end) });
      return;
    }
    const text = buf.toString('utf8', start, end);
    if (text.trim() === '') return;
    batch.push({ line: lineNo, text });
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
        batch.push({ line: lineNo, text: null, reason: `line is ${overflowBytes} bytes, over the ${maxLineBytes}-byte limit`, raw: overflowPreview });
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
      if (batch.length >= batchLines) {
        yield batch;
        batch = [];
      }
    }
  }
  if (overflowing) {
    lineNo++;
    batch.push({ line: lineNo, text: null, reason: `line is ${overflowBytes} bytes, over the ${maxLineBytes}-byte limit`, raw: overflowPreview });
  } else if (carryBytes > 0) {
    const joined = Buffer.concat(carry);
    emit(joined, 0, joined.length);
  }
  if (batch.length) yield batch;
}
