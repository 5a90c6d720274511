/**
 * A small streaming reader for the files `eval` needs: exchange logs (plain,
 * gzip or zstd JSON Lines, contract §1), labels, verdicts and accounts.
 *
 * It is deliberately local to eval: the scoreboard must not depend on the
 * engine's own reader, so a bug there cannot hide itself here. Compression is
 * sniffed from the first bytes, not the file name, because log shippers rename.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { parseExchangeLine } from '../contract/parse.js';
import type { Exchange } from '../contract/types.js';

export type Compression = 'plain' | 'gzip' | 'zstd';

/** A line that could not be used, with where it was. */
export interface BadLine {
  file: string;
  line: number;
  reason: string;
}

/** Looks at the magic number: gzip 1f 8b, zstd 28 b5 2f fd. */
export async function sniffCompression(path: string): Promise<Compression> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    if (bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return 'gzip';
    if (bytesRead >= 4 && buf[0] === 0x28 && buf[1] === 0xb5 && buf[2] === 0x2f && buf[3] === 0xfd) return 'zstd';
    return 'plain';
  } finally {
    await fh.close();
  }
}

function zstdStream(): Transform {
  const t: Transform = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        dec.push(chunk);
        cb();
      } catch (e) {
        cb(new Error(`zstd: ${(e as Error).message}`));
      }
    },
    flush(cb) {
      try {
        dec.push(new Uint8Array(0), true);
        cb();
      } catch (e) {
        cb(new Error(`zstd: ${(e as Error).message}`));
      }
    },
  });
  // fzstd may hand out views of its own window; copy before passing downstream.
  const dec = new Decompress((data) => { t.push(Buffer.from(data)); });
  return t;
}

async function byteStream(path: string): Promise<Readable> {
  const kind = await sniffCompression(path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (kind === 'plain') return file;
  const dec = kind === 'gzip' ? createGunzip() : zstdStream();
  // pipe() does not forward errors; without this a read error would hang the iterator.
  file.on('error', (e) => dec.destroy(e));
  return file.pipe(dec);
}

/**
 * Yields the lines of a file (decompressed), with 1-based line numbers.
 * Throws with the file name when the file is unreadable or its compression is corrupt.
 */
export async function* readLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const stream = await byteStream(path);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let n = 0;
  try {
    for await (const chunk of stream) {
      const s = rest + decoder.write(chunk as Buffer);
      let start = 0;
      for (;;) {
        const nl = s.indexOf('\n', start);
        if (nl < 0) break;
        n++;
        let text = s.slice(start, nl);
        if (text.endsWith('\r')) text = text.slice(0, -1);
        // A byte-order mark some editors write would make the first line bad JSON.
        if (n === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        yield { line: n, text };
        start = nl + 1;
      }
      rest = s.slice(start);
    }
  } catch (e) {
    throw new Error(`${path}: cannot read: ${(e as Error).message}`);
  }
  rest += decoder.end();
  if (n === 0 && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
  if (rest.length > 0) yield { line: n + 1, text: rest.endsWith('\r') ? rest.slice(0, -1) : rest };
}

const LOG_FILE = /\.jsonl(\.gz|\.zst)?$/;

/**
 * The log files of a path: the file itself, or every `*.jsonl[.gz|.zst]` file in a directory (sorted).
 */
export function logFilesOf(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isDirectory()) {
    return readdirSync(path).filter((n) => LOG_FILE.test(n)).sort().map((n) => join(path, n));
  }
  return [path];
}

/**
 * The exchange logs of a simulated world: `logs.jsonl`, `logs.jsonl.gz`,
 * `logs.jsonl.zst`, or a `logs/` directory. Empty when there are none.
 */
export function worldLogFiles(worldDir: string): string[] {
  const out: string[] = [];
  for (const name of ['logs.jsonl', 'logs.jsonl.gz', 'logs.jsonl.zst']) {
    const p = join(worldDir, name);
    if (existsSync(p) && statSync(p).isFile()) out.push(p);
  }
  const dir = join(worldDir, 'logs');
  if (existsSync(dir) && statSync(dir).isDirectory()) out.push(...logFilesOf(dir));
  return out;
}

/**
 * Streams exchanges from files, in file order. Bad lines are reported through
 * `onBad` and skipped; a file that cannot be read is reported as one bad line
 * (line 0) and the next file is read.
 */
export async function* readExchanges(files: string[], onBad: (b: BadLine) => void): AsyncGenerator<Exchange> {
  for (const file of files) {
    try {
      for await (const { line, text } of readLines(file)) {
        if (text.trim().length === 0) continue;
        const r = parseExchangeLine(text);
        if (r.ok) yield r.value;
        else onBad({ file, line, reason: r.reason });
      }
    } catch (e) {
      onBad({ file, line: 0, reason: (e as Error).message });
    }
  }
}

/**
 * Reads a JSON Lines file into values via `parse`, which returns a value or a reason.
 * Bad lines are reported and skipped.
 */
export async function readJsonl<T>(
  file: string,
  parse: (v: unknown) => T | string,
  onBad: (b: BadLine) => void,
): Promise<T[]> {
  const out: T[] = [];
  for await (const { line, text } of readLines(file)) {
    if (text.trim().length === 0) continue;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      onBad({ file, line, reason: `not valid JSON: ${(e as Error).message}` });
      continue;
    }
    const r = parse(v);
    if (typeof r === 'string') onBad({ file, line, reason: r });
    else out.push(r);
  }
  return out;
}

/**
 * Turns mostly-ordered exchanges into ordered ones with a bounded buffer
 * (contract §1: lines may be a few minutes late). Anything later than the
 * window is still yielded, and counted in `stats.late`.
 */
export async function* reorder(
  src: AsyncIterable<Exchange>,
  windowMs: number,
  stats: { late: number } = { late: 0 },
): AsyncGenerator<Exchange> {
  const heap: Exchange[] = [];
  let maxSeen = -Infinity;
  let lastOut = -Infinity;
  const emit = (ex: Exchange): Exchange => {
    if (ex.tsMs < lastOut) stats.late++;
    else lastOut = ex.tsMs;
    return ex;
  };
  for await (const ex of src) {
    heapPush(heap, ex);
    if (ex.tsMs > maxSeen) maxSeen = ex.tsMs;
    while (heap.length > 0 && heap[0].tsMs < maxSeen - windowMs) yield emit(heapPop(heap));
  }
  while (heap.length > 0) yield emit(heapPop(heap));
}

function heapPush(h: Exchange[], x: Exchange): void {
  h.push(x);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p].tsMs <= x.tsMs) break;
    h[i] = h[p];
    i = p;
  }
  h[i] = x;
}

function heapPop(h: Exchange[]): Exchange {
  const top = h[0];
  const last = h.pop()!;
  if (h.length > 0) {
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && h[r].tsMs < h[l].tsMs ? r : l;
      if (h[c].tsMs >= last.tsMs) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
  }
  return top;
}
