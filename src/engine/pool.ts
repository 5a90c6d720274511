/**
 * A pool of worker threads that parse and featurise batches of lines in
 * parallel, handing results back in submission order. On a 2-core machine one
 * or two workers take the per-exchange text work off the engine's thread.
 */
import type { Worker } from 'node:worker_threads';
import { siblingModule, startWorker } from '../util/worker.js';
import type { Exchange } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';
import type { LineSpans } from '../sources/lines.js';
import type { PackedItems } from './handoff.js';

export interface WorkerRequest {
  seq: number;
  texts: string[];
  lines: number[];
  /** raw lines to decode instead of `texts` */
  spans?: LineSpans;
  keepText: boolean;
}

export interface WorkerItem {
  ex: Exchange;
  f: ExchangeFeatures;
  excerpt: string;
}

export interface WorkerResponse {
  seq: number;
  /** the batch's exchanges as objects (only when their text is kept) */
  items: WorkerItem[];
  /** the batch's exchanges as columns (src/engine/handoff.ts) */
  packed?: PackedItems;
  bad: { line: number; reason: string; raw: string }[];
  /** lines of only whitespace, skipped */
  blank?: number;
}

export class FeaturePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private next = 0;
  private failed: Error | null = null;

  constructor(readonly size: number, private readonly keepText = false) {
    for (let i = 0; i < size; i++) {
      const w = startWorker(siblingModule(import.meta.url, 'feature-worker'));
      w.on('message', (res: WorkerResponse) => {
        const p = this.waiting.get(res.seq);
        if (p) {
          this.waiting.delete(res.seq);
          p.resolve(res);
        }
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => { if (code !== 0 && !this.closing) this.fail(new Error(`feature worker exited with code ${code}`)); });
      this.workers.push(w);
    }
  }

  private fail(e: Error): void {
    this.failed = e;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  /** Sends a batch of line texts; resolves with the parsed, featurised items. */
  submit(texts: string[], lines: number[]): Promise<WorkerResponse> {
    return this.send({ texts, lines }, []);
  }

  /** Sends a batch of raw lines (their buffers are transferred, not copied); resolves as `submit`. */
  submitSpans(spans: LineSpans): Promise<WorkerResponse> {
    const transfer = [spans.bytes.buffer as ArrayBuffer, spans.off.buffer as ArrayBuffer, spans.line.buffer as ArrayBuffer];
    return this.send({ texts: [], lines: [], spans: { ...spans, bad: [] } }, transfer);
  }

  /** Posts a request to the next worker in turn; resolves with its answer. */
  private send(body: Omit<WorkerRequest, 'seq' | 'keepText'>, transfer: ArrayBuffer[]): Promise<WorkerResponse> {
    if (this.failed) return Promise.reject(this.failed);
    const seq = this.seq++;
    const w = this.workers[this.next];
    this.next = (this.next + 1) % this.workers.length;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      const req: WorkerRequest = { ...body, seq, keepText: this.keepText };
      w.postMessage(req, transfer);
    });
  }

  private closing = false;

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
