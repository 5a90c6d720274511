/**
 * Exchanges written as contract §1 JSON Lines, one file at a time, a new file
 * when the next line would take the current one past `maxBytes` or (with
 * `hourly`) the wall-clock hour changes. File names sort in write order
 * (`exchanges-000001-20261207T1033.jsonl`), so `scan DIR` and the gateway's
 * own restart read them in the order they were written.
 *
 * Lines are gathered and written in batches, each batch one `write` of whole
 * lines: a reader following the file (`scan` of a live log directory, a
 * restart after a crash) never meets a line cut short by the writer itself,
 * and a batch costs one system call, not one per exchange. The write is
 * synchronous: once `flush` returns, the lines are in the kernel's hands and
 * survive the process being killed (not the machine losing power). The engine
 * worker relies on that: an exchange it reports taken is in its journal.
 */
import { closeSync, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Exchange } from '../contract/types.js';

/** One exchange as a §1 line (without the parsed `tsMs`). */
export function exchangeLine(ex: Exchange): string {
  const { tsMs: _ignored, ...rest } = ex;
  return JSON.stringify(rest) + '\n';
}

export interface LogWriterOptions {
  /** start a new file when the next line would pass this size in bytes (default 256 MiB) */
  maxBytes?: number;
  /** start a new file when the hour changes */
  hourly?: boolean;
  /** write what is gathered this long after its first line (default 20 ms); `flush` writes at once */
  batchMs?: number;
  /** write at once past this many bytes gathered (default 1 MiB) */
  batchBytes?: number;
  clock?: () => Date;
}

const FILE = /^exchanges-(\d{6})-.*\.jsonl$/;

export class LogWriter {
  private fd: number | null = null;
  private file = '';
  private bytes = 0;
  private hour = '';
  private seq: number;
  private readonly maxBytes: number;
  private readonly clock: () => Date;
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  /** lines written since start */
  written = 0;
  /** lines written to the current file */
  fileLines = 0;

  constructor(readonly dir: string, private readonly o: LogWriterOptions = {}) {
    mkdirSync(dir, { recursive: true });
    this.maxBytes = o.maxBytes ?? 256 * 1024 * 1024;
    this.clock = o.clock ?? (() => new Date());
    // continue after the highest number there (older files may have been compacted away), so a restart's files sort after them
    this.seq = lastSeq(dir);
  }

  write(ex: Exchange): void {
    this.writeLine(exchangeLine(ex));
  }

  /**
   * One §1 line, newline included (already serialised: the gateway writes the
   * same line to its log and its engine). Gathered, and written with the rest
   * of its batch.
   */
  writeLine(line: string): void {
    const n = Buffer.byteLength(line);
    if (this.o.hourly) {
      const hour = this.clock().toISOString().slice(0, 13);
      if (hour !== this.hour) {
        this.flush();
        this.close0();
        this.hour = hour;
      }
    }
    // a file holds whole lines up to maxBytes (one line longer than that gets a file of its own)
    const held = this.bytes + this.pendingBytes;
    if (held > 0 && held + n > this.maxBytes) {
      this.flush();
      this.close0();
    }
    this.pending.push(line);
    this.pendingBytes += n;
    if (this.pendingBytes >= (this.o.batchBytes ?? 1024 * 1024)) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.o.batchMs ?? 20);
      this.timer.unref?.();
    }
  }

  /** Writes what is gathered, in one write, to the current file (opening a new one when there is none). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.pending.length) return;
    if (this.fd === null) this.open();
    const buf = Buffer.from(this.pending.length === 1 ? this.pending[0] : this.pending.join(''), 'utf8');
    let off = 0;
    // a regular file takes a write whole; the loop is for the short write the API allows
    while (off < buf.length) off += writeSync(this.fd!, buf, off, buf.length - off);
    this.bytes += buf.length;
    this.written += this.pending.length;
    this.fileLines += this.pending.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /**
   * Ends the current file: the next line goes to a new one. Returns the
   * sequence number the next file will have (the engine worker's snapshot
   * names the journal position so).
   */
  cut(): number {
    this.flush();
    this.close0();
    return this.seq + 1;
  }

  /** the number the next file will have */
  get nextSeq(): number {
    return this.seq + 1;
  }

  /** the current file's name (empty before the first write and after a cut) */
  get current(): string {
    return this.file;
  }

  private open(): void {
    const stamp = this.clock().toISOString().replace(/[-:]/g, '').slice(0, 13);
    this.seq++;
    this.file = `exchanges-${String(this.seq).padStart(6, '0')}-${stamp}.jsonl`;
    this.fd = openSync(join(this.dir, this.file), 'a');
    this.bytes = 0;
    this.fileLines = 0;
  }

  private close0(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.file = '';
    this.bytes = 0;
  }

  /** Writes what is gathered and closes the current file. */
  async close(): Promise<void> {
    this.flush();
    this.close0();
  }
}

/** The sequence number in a log file's name (NaN for another file). */
export function seqOf(path: string): number {
  const m = FILE.exec(basename(path));
  return m ? Number(m[1]) : NaN;
}

function lastSeq(dir: string): number {
  let max = 0;
  for (const f of logFiles(dir)) max = Math.max(max, seqOf(f));
  return max;
}

/** The log files in `dir`, in write order. */
export function logFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => FILE.test(n)).sort().map((n) => join(dir, n));
}
