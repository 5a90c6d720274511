/**
 * The file source: expands LOGS arguments into files, reads each one, parses
 * its lines against the contract and merges the files by time, so logs of
 * several servers (each mostly in order) come out as one mostly-ordered stream.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, basename } from 'node:path';
import { parseExchangeLine } from '../contract/parse.js';
import type { Exchange, QuarantineRecord } from '../contract/types.js';
import { detectCompression, readHead, readLines, readLineSpans, STDIN, type LineReaderOptions, type LineSpans, type RawLine } from './lines.js';
import type { ExchangeFeatures } from '../features/types.js';
import { unpackItems, type PackedItems } from '../engine/handoff.js';

/** An exchange ready for the engine; features and excerpt are there when a worker computed them. */
export interface PreparedExchange {
  tsMs: number;
  ex: Exchange;
  f?: ExchangeFeatures;
  excerpt?: string;
  /** the line it was parsed from, when the reader was asked to keep it (`LineReaderOptions.keepLine`) */
  line?: string;
}

/** Parses (and featurises) batches of line texts elsewhere, e.g. a worker pool. */
export interface BatchPreparer {
  submit(texts: string[], lines: number[]): Promise<PreparedBatch>;
  /** takes raw lines to check and decode itself (see LineSpans); used when present */
  submitSpans?(spans: LineSpans): Promise<PreparedBatch>;
  readonly size: number;
}

export interface PreparedBatch {
  items: { ex: Exchange; f: ExchangeFeatures; excerpt: string }[];
  /** the exchanges as columns instead of `items` (src/engine/handoff.ts) */
  packed?: PackedItems;
  bad: { line: number; reason: string; raw: string }[];
  /** whitespace-only lines skipped (raw lines only) */
  blank?: number;
}

const LOG_FILE = /\.(jsonl|ndjson|json)(\.gz|\.zst|\.zstd)?$/i;

export class InputError extends Error {}

/**
 * Expands files and directories into the list of log files to read; `-` is
 * standard input. In a directory, a file is a log when its name says so
 * (`.jsonl`, `.ndjson`, `.json`, compressed or not) or, whatever its name,
 * when its first bytes are gzip (1f 8b) or zstd (28 b5 2f fd) magic or a JSON
 * object (`{`); anything else (a README, a CSV, a checksum) is skipped and
 * listed in `skipped`. A file named on the command line is always read.
 * Throws InputError when an argument does not exist or holds no log file.
 */
export async function expandInputs(inputs: string[], skipped: string[] = []): Promise<string[]> {
  const files: string[] = [];
  if (inputs.filter((i) => i === STDIN).length > 1) throw new InputError('standard input (-) can be read only once');
  for (const input of inputs) {
    if (input === STDIN) {
      files.push(input);
      continue;
    }
    let st;
    try {
      st = await stat(input);
    } catch {
      throw new InputError(`cannot read ${input}: no such file or directory`);
    }
    if (st.isDirectory()) {
      const found = await walk(input, skipped);
      if (found.length === 0) throw new InputError(`${input} holds no log files (.jsonl, .jsonl.gz or .jsonl.zst)${skipped.length ? `; skipped ${skipped.length} other file(s), e.g. ${skipped[0]}` : ''}`);
      files.push(...found);
    } else if (st.isFile()) {
      files.push(input);
    } else {
      throw new InputError(`${input} is neither a file nor a directory`);
    }
  }
  return [...new Set(files)];
}

/** Whether a file whose name does not say it is a log starts like one. */
async function looksLikeLog(path: string): Promise<boolean> {
  let head: Buffer;
  try {
    head = await readHead(path, 64);
  } catch {
    return false;
  }
  if (detectCompression(head, '') !== 'none') return true;
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return text.startsWith('{');
}

async function walk(dir: string, skipped: string[]): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p, skipped)));
    else if (!e.isFile()) continue;
    // account tables, labels, a scan's own outputs and an import's set-aside records sitting next to logs are not exchange logs
    else if (/^(accounts|labels|manifest|verdicts|quarantine|campaigns|signatures)\b/.test(basename(e.name)) || /\.quarantine\.jsonl$/i.test(e.name)) skipped.push(p);
    else if (LOG_FILE.test(e.name) || (!e.name.startsWith('.') && (await looksLikeLog(p)))) out.push(p);
    else skipped.push(p);
  }
  return out;
}

export interface SourceStats {
  lines: number;
  bytes: number;
  quarantined: number;
  /** files that could not be read to their end (a corrupt or truncated compressed stream, an I/O error) */
  damaged?: { file: string; afterLine: number; reason: string }[];
}

interface Cursor {
  file: string;
  it: AsyncGenerator<PreparedExchange[]>;
  batch: PreparedExchange[];
  i: number;
}

/**
 * A file's batches, ending quietly at damage: everything read before a
 * corrupt or truncated stream is kept, the damage is reported with the line
 * it came after, and the rest of that file is skipped.
 */
async function* guarded<B>(file: string, batches: AsyncGenerator<B>, lastLineOf: (b: B) => number, onBad: (q: QuarantineRecord) => void, stats: SourceStats): AsyncGenerator<B> {
  let lastLine = 0;
  const it = batches[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<B>;
    try {
      next = await it.next();
    } catch (e) {
      const reason = `${(e as Error).message}; the rest of the file after line ${lastLine} could not be read`;
      (stats.damaged ??= []).push({ file, afterLine: lastLine, reason });
      onBad({ file, line: lastLine + 1, reason, raw: '' });
      return;
    }
    if (next.done) return;
    lastLine = Math.max(lastLine, lastLineOf(next.value));
    yield next.value;
  }
}

/** Reads one file into batches of decoded lines. */
function rawBatches(file: string, onBad: (q: QuarantineRecord) => void, stats: SourceStats, opts: LineReaderOptions): AsyncGenerator<RawLine[]> {
  return guarded(file, readLines(file, opts), (b) => (b.length ? b[b.length - 1].line : 0), onBad, stats);
}

/** Reads one file into batches of raw lines, for a worker to decode. */
function spanBatches(file: string, onBad: (q: QuarantineRecord) => void, stats: SourceStats, opts: LineReaderOptions): AsyncGenerator<LineSpans> {
  return guarded(file, readLineSpans(file, opts), (b) => Math.max(b.n ? b.line[b.n - 1] : 0, b.bad.length ? b.bad[b.bad.length - 1].line : 0), onBad, stats);
}

/** Parses on this thread. */
async function* parsedBatches(file: string, onBad: (q: QuarantineRecord) => void, stats: SourceStats, opts: LineReaderOptions): AsyncGenerator<PreparedExchange[]> {
  for await (const lines of rawBatches(file, onBad, stats, opts)) {
    const out: PreparedExchange[] = [];
    for (const l of lines) {
      stats.lines++;
      if (l.text === null) {
        stats.quarantined++;
        onBad({ file, line: l.line, reason: l.reason!, raw: l.raw ?? '' });
        continue;
      }
      stats.bytes += l.text.length + 1;
      const r = parseExchangeLine(l.text);
      if (r.ok) out.push(opts.keepLine ? { tsMs: r.value.tsMs, ex: r.value, line: l.text } : { tsMs: r.value.tsMs, ex: r.value });
      else {
        stats.quarantined++;
        onBad({ file, line: l.line, reason: r.reason, raw: truncate(l.text) });
      }
    }
    if (out.length) yield out;
  }
}

/**
 * Parses and featurises in a worker pool, keeping a few batches in flight so
 * reading, decompression and the workers overlap; yields in file order.
 */
async function* pooledBatches(file: string, onBad: (q: QuarantineRecord) => void, stats: SourceStats, opts: LineReaderOptions, pool: BatchPreparer): AsyncGenerator<PreparedExchange[]> {
  // Lines set aside here (too long, not UTF-8) wait for their batch, so the
  // quarantine lists a file's bad lines in line order whoever found them.
  const inFlight: { res: ReturnType<BatchPreparer['submit']>; localBad: QuarantineRecord[] }[] = [];
  // One batch in flight per worker beyond the one being consumed: deeper queues
  // keep parsed batches alive across young-generation collections, and their
  // promotion cost the scan thread more than the overlap gained (measured with
  // --trace-gc-nvp; see docs/benchmarks.md).
  const depth = pool.size + 1;
  const drainOne = async (): Promise<PreparedExchange[]> => {
    const { res: pending, localBad } = inFlight.shift()!;
    const res = await pending;
    const bad = localBad.concat(res.bad.map((b) => ({ file, line: b.line, reason: b.reason, raw: b.raw })));
    if (localBad.length && res.bad.length) bad.sort((a, b) => a.line - b.line);
    for (const b of bad) onBad(b);
    stats.quarantined += res.bad.length;
    if (res.blank) stats.lines -= res.blank;
    if (res.packed) return res.packed.n ? unpackItems(res.packed) : [];
    const out: PreparedExchange[] = new Array(res.items.length);
    for (let i = 0; i < res.items.length; i++) {
      const it = res.items[i];
      out[i] = { tsMs: it.ex.tsMs, ex: it.ex, f: it.f, excerpt: it.excerpt };
    }
    return out;
  };
  type Submission = (typeof inFlight)[number];
  const none = () => Promise.resolve({ items: [], bad: [] });
  // raw lines when the pool takes them: the worker checks and decodes them, this thread only splits
  async function* spanSubmissions(submitSpans: (s: LineSpans) => Promise<PreparedBatch>): AsyncGenerator<Submission> {
    for await (const spans of spanBatches(file, onBad, stats, opts)) {
      const localBad: QuarantineRecord[] = spans.bad.map((l) => ({ file, line: l.line, reason: l.reason!, raw: l.raw ?? '' }));
      stats.lines += spans.n + spans.bad.length;
      stats.quarantined += spans.bad.length;
      stats.bytes += spans.bytes.length + spans.n;
      yield { res: spans.n ? submitSpans(spans) : none(), localBad };
    }
  }
  async function* textSubmissions(): AsyncGenerator<Submission> {
    for await (const lines of rawBatches(file, onBad, stats, opts)) {
      const texts: string[] = [];
      const nums: number[] = [];
      const localBad: QuarantineRecord[] = [];
      for (const l of lines) {
        stats.lines++;
        if (l.text === null) {
          stats.quarantined++;
          localBad.push({ file, line: l.line, reason: l.reason!, raw: l.raw ?? '' });
          continue;
        }
        stats.bytes += l.text.length + 1;
        texts.push(l.text);
        nums.push(l.line);
      }
      yield { res: texts.length ? pool.submit(texts, nums) : none(), localBad };
    }
  }
  const submitSpans = pool.submitSpans?.bind(pool);
  for await (const sub of submitSpans ? spanSubmissions(submitSpans) : textSubmissions()) {
    inFlight.push(sub);
    if (inFlight.length >= depth) {
      const out = await drainOne();
      if (out.length) yield out;
    }
  }
  while (inFlight.length) {
    const out = await drainOne();
    if (out.length) yield out;
  }
}

function truncate(s: string): string {
  return s.length > 512 ? s.slice(0, 512) + '…' : s;
}

/**
 * Merges the files by timestamp: at each step the exchange with the smallest
 * `ts` among the files' heads comes next. Each file keeps its own (mostly
 * sorted) order; the engine's reorder buffer mends the rest.
 */
export async function* readExchanges(
  files: string[],
  onBad: (q: QuarantineRecord) => void,
  stats: SourceStats,
  opts: LineReaderOptions = {},
  pool?: BatchPreparer,
): AsyncGenerator<PreparedExchange[]> {
  const cursors: Cursor[] = [];
  for (const file of files) {
    const it = pool ? pooledBatches(file, onBad, stats, opts, pool) : parsedBatches(file, onBad, stats, opts);
    const first = await it.next();
    if (!first.done) cursors.push({ file, it, batch: first.value, i: 0 });
  }
  if (cursors.length === 1) {
    // one file: hand its batches straight through
    const c = cursors[0];
    yield c.batch;
    for await (const b of c.it) yield b;
    return;
  }
  const outSize = 256;
  let out: PreparedExchange[] = [];
  while (cursors.length) {
    let best = 0;
    for (let k = 1; k < cursors.length; k++) {
      if (cursors[k].batch[cursors[k].i].tsMs < cursors[best].batch[cursors[best].i].tsMs) best = k;
    }
    const c = cursors[best];
    out.push(c.batch[c.i++]);
    if (c.i >= c.batch.length) {
      const next = await c.it.next();
      if (next.done) cursors.splice(best, 1);
      else {
        c.batch = next.value;
        c.i = 0;
      }
    }
    if (out.length >= outSize) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}
