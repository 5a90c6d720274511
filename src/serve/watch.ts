/**
 * A watched directory: new files and what is appended to them are ingested as
 * they arrive (`--watch DIR`). Plain `.jsonl` files are tailed by byte
 * offset, up to their last complete line; a compressed file is read once,
 * whole, when its size has stayed the same for one poll (it is still being
 * written before that). Offsets are kept in a file beside the store, so a
 * restart neither reads a line twice nor misses one.
 *
 * Polling rather than fs.watch: fs.watch misses events on network and
 * overlay file systems, and one stat per file per second is cheap.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import type { Service } from './service.js';

const PLAIN = /\.(jsonl|ndjson)$/i;
const PACKED = /\.(jsonl|ndjson)\.(gz|zst|zstd)$/i;
/** read a growing file this much at a time */
const CHUNK = 16 * 1024 * 1024;

export class DirectoryWatcher {
  private readonly offsets: Record<string, number>;
  private readonly sizes = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly dir: string, private readonly service: Service, private readonly statePath: string, private readonly log: (l: string) => void = () => {}) {
    this.offsets = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, number>) : {};
  }

  start(intervalMs = 1000): void {
    const tick = () => {
      this.running = this.poll().catch((e) => this.log(`watch ${this.dir}: ${(e as Error).message}`)).finally(() => {
        this.running = null;
        if (this.timer !== null) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** One pass over the directory (exposed for tests). */
  async poll(): Promise<void> {
    const names = (await readdir(this.dir)).sort();
    for (const name of names) {
      const path = join(this.dir, name);
      const st = await stat(path).catch(() => null);
      if (!st?.isFile()) continue;
      const done = this.offsets[name] ?? 0;
      if (PLAIN.test(name)) {
        if (st.size < done) this.offsets[name] = 0; // truncated or replaced: start over
        if (st.size > (this.offsets[name] ?? 0)) await this.tail(name, path, st.size);
      } else if (PACKED.test(name) && done === 0) {
        // whole once its size held still for a poll
        if (this.sizes.get(name) === st.size && st.size > 0) {
          const raw = readFileSync(path);
          const text = Buffer.from(/\.gz$/i.test(name) ? gunzipSync(raw) : zstdDecompress(raw)).toString('utf8');
          await this.service.ingest(text, `watch:${name}`);
          this.offsets[name] = st.size;
          this.save();
        }
        this.sizes.set(name, st.size);
      }
    }
  }

  /** Ingests a file's complete lines from its offset on, a chunk at a time. */
  private async tail(name: string, path: string, size: number): Promise<void> {
    const fh = await open(path, 'r');
    try {
      for (;;) {
        const from = this.offsets[name] ?? 0;
        const len = Math.min(CHUNK, size - from);
        if (len <= 0) return;
        const buf = Buffer.alloc(len);
        await fh.read(buf, 0, len, from);
        const lastNl = buf.lastIndexOf(0x0a);
        if (lastNl < 0) return; // a line still being written (or longer than a chunk: scan sets those aside too)
        await this.service.ingest(buf.subarray(0, lastNl + 1).toString('utf8'), `watch:${name}@${from}`);
        this.offsets[name] = from + lastNl + 1;
        this.save();
      }
    } finally {
      await fh.close();
    }
  }

  private save(): void {
    writeFileSync(this.statePath, JSON.stringify(this.offsets));
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
