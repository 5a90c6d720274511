/**
 * How the router and the coordinator talk to account partitions: one
 * interface, messages in order per partition (docs/operations.md
 * "Partitions", "Transport"). In one process the partitions are worker
 * threads and this is their MessagePorts (`ThreadTransport`); across
 * processes the same interface is to carry NATS JetStream subjects
 * (`dg.ex.<p>`, `dg.up.<p>`), so nothing above it knows which one it has.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../util/worker.js';

export interface PartitionTransport<Down, Up> {
  /** how many partitions there are; partition ids are 0 .. partitions - 1 */
  readonly partitions: number;
  /** sends `message` to `partition`, after everything sent to it before; `transfer` buffers are moved, not copied, where the transport can */
  send(partition: number, message: Down, transfer?: ArrayBuffer[]): void;
  /** called with each partition's messages in the order it sent them */
  onMessage(handler: (partition: number, message: Up) => void): void;
  /** called once when a partition fails; nothing more arrives from it */
  onError(handler: (e: Error) => void): void;
  close(): Promise<void>;
}

/** Partitions as worker threads of this process, one MessagePort each. */
export class ThreadTransport<Down, Up> implements PartitionTransport<Down, Up> {
  private readonly workers: Worker[] = [];
  private handler: (partition: number, message: Up) => void = () => {};
  private errorHandler: (e: Error) => void = () => {};
  private closing = false;
  private failed = false;

  /** `url`: the partition's module; each worker gets `{ partition, partitions, ...workerData }` */
  constructor(readonly partitions: number, url: URL, workerData: Record<string, unknown> = {}) {
    for (let p = 0; p < partitions; p++) {
      const w = startWorker(url, { ...workerData, partition: p, partitions });
      w.on('message', (m: Up) => this.handler(p, m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`partition ${p} exited with code ${code}`));
      });
      this.workers.push(w);
    }
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.errorHandler(e);
  }

  send(partition: number, message: Down, transfer: ArrayBuffer[] = []): void {
    this.workers[partition].postMessage(message, transfer);
  }

  onMessage(handler: (partition: number, message: Up) => void): void {
    this.handler = handler;
  }

  onError(handler: (e: Error) => void): void {
    this.errorHandler = handler;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
