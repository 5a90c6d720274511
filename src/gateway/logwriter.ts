/**
 * Exchanges written as contract §1 JSON Lines, one file at a time, a new file
 * when the current one passes `maxBytes` or (with `hourly`) the wall-clock
 * hour changes. File names sort in write order
 * (`exchanges-20261207T1033-000001.jsonl`), so `scan DIR` and the gateway's
 * own restart read them in the order they were written.
 */
import { createWriteStream, mkdirSync, readdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Exchange } from '../contract/types.js';

/** One exchange as a §1 line (without the parsed `tsMs`). */
export function exchangeLine(ex: Exchange): string {
  const { tsMs: _ignored, ...rest } = ex;
  return JSON.stringify(rest) + '\n';
}

export interface LogWriterOptions {
  /** start a new file past this size (default 256 MiB) */
  maxBytes?: number;
  /** start a new file when the hour changes */
  hourly?: boolean;
  clock?: () => Date;
}

export class LogWriter {
  private stream: WriteStream | null = null;
  private bytes = 0;
  private hour = '';
  private seq: number;
  private readonly maxBytes: number;
  private readonly clock: () => Date;
  /** lines written since start */
  written = 0;

  constructor(readonly dir: string, private readonly o: LogWriterOptions = {}) {
    mkdirSync(dir, { recursive: true });
    this.maxBytes = o.maxBytes ?? 256 * 1024 * 1024;
    this.clock = o.clock ?? (() => new Date());
    // continue the numbering of files already there, so a restart's files sort after them
    this.seq = logFiles(dir).length;
  }

  write(ex: Exchange): void {
    this.writeLine(exchangeLine(ex));
  }

  /** One §1 line, newline included (already serialised: the gateway writes the same line to its log and its engine). */
  writeLine(line: string): void {
    const hour = this.o.hourly ? this.clock().toISOString().slice(0, 13) : '';
    if (!this.stream || this.bytes + line.length > this.maxBytes || hour !== this.hour) this.rotate(hour);
    this.stream!.write(line);
    this.bytes += Buffer.byteLength(line);
    this.written++;
  }

  private rotate(hour: string): void {
    this.stream?.end();
    this.hour = hour;
    this.bytes = 0;
    const stamp = this.clock().toISOString().replace(/[-:]/g, '').slice(0, 13);
    this.seq++;
    this.stream = createWriteStream(join(this.dir, `exchanges-${String(this.seq).padStart(6, '0')}-${stamp}.jsonl`), { flags: 'a' });
  }

  /** Flushes and closes the current file. */
  async close(): Promise<void> {
    const s = this.stream;
    this.stream = null;
    if (!s) return;
    s.end();
    await once(s, 'finish');
  }
}

/** The log files in `dir`, in write order. */
export function logFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => /^exchanges-\d{6}-.*\.jsonl$/.test(n)).sort().map((n) => join(dir, n));
}
