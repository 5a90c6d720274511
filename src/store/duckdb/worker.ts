/**
 * The DuckDB writer thread: owns the DuckDB instances of every store the
 * process opened through `remote.ts`, writes the exchange batches the main
 * thread posts, and answers every other Store call. Running DuckDB here takes
 * its storage work (compression, commit) off the scan's thread. One thread
 * serves all stores, so opening a store costs no thread start after the first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoreOptions } from '../store.js';
import { message, openLocalDuckDBStore, type DuckDBStore } from './duckdb-store.js';
import { transferList, type ExchangeColumns } from './exchange-buffer.js';

export type ToWorker =
  | { type: 'open'; id: number; handle: number; path: string; options: StoreOptions }
  | { type: 'batch'; handle: number; cols: ExchangeColumns }
  | { type: 'call'; id: number; handle: number; method: string; args: unknown[] };

export type FromWorker =
  | { type: 'batch-error'; handle: number; message: string }
  | { type: 'recycle'; handle: number; cols: ExchangeColumns }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; message: string };

const port = parentPort!;
const { inflight } = workerData as { inflight: Int32Array };
const post = (m: FromWorker) => port.postMessage(m);
const stores = new Map<number, DuckDBStore>();

port.on('message', async (m: ToWorker) => {
  if (m.type === 'batch') {
    try {
      const s = stores.get(m.handle);
      if (!s) throw new Error('store is closed');
      s.writeColumns(m.cols);
    } catch (e) {
      post({ type: 'batch-error', handle: m.handle, message: message(e) });
    } finally {
      Atomics.sub(inflight, 0, 1);
      Atomics.notify(inflight, 0);
    }
    // the written batch's buffers go back for reuse: no fresh 20 MB per batch on the scan's thread
    port.postMessage({ type: 'recycle', handle: m.handle, cols: m.cols } satisfies FromWorker, transferList(m.cols));
    return;
  }
  try {
    let value: unknown;
    if (m.type === 'open') {
      // Batches arrive whole; the local store buffers nothing itself.
      stores.set(m.handle, await openLocalDuckDBStore(m.path, { ...m.options, batchSize: 1, flushIntervalMs: 0 }));
    } else {
      const s = stores.get(m.handle);
      if (!s) throw new Error('store is closed');
      const fn = (s as unknown as Record<string, (...a: unknown[]) => unknown>)[m.method];
      if (typeof fn !== 'function') throw new Error(`unknown store method ${m.method}`);
      if (m.method === 'close') stores.delete(m.handle);
      value = await fn.apply(s, m.args);
    }
    post({ type: 'result', id: m.id, ok: true, value });
  } catch (e) {
    post({ type: 'result', id: m.id, ok: false, message: message(e) });
  }
});
