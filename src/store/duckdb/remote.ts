/**
 * The DuckDB store with its database on a worker thread.
 *
 * Why: DuckDB's own work per appended row (compression, commit) costs several
 * µs, synchronously, on the thread that flushes the appender (bench/store.ts).
 * On the scan's thread that would eat a third of its 20 µs budget per
 * exchange. Here the scan's thread only copies each exchange into columnar
 * buffers; full batches are posted to the worker, their typed arrays
 * transferred rather than copied, and DuckDB works on the other core.
 *
 * Strings cross as UTF-8 bytes written at push time (see exchange-buffer.ts),
 * so a batch is posted by transferring its buffers, with no per-string
 * structured clone; the worker hands the buffers back for reuse. Measured in
 * bench/store.ts ("paced"): with the caller's thread busy ~20 µs a row, as a
 * scan's is, the writer thread takes ~5 µs a row off it. The scan uses this
 * mode.
 *
 * Backpressure: at most MAX_INFLIGHT batches wait for the worker; beyond that
 * `appendExchange` blocks (Atomics.wait) until one is written, so memory stays
 * bounded when DuckDB is slower than the scan.
 */
import type { Worker } from 'node:worker_threads';
import { siblingModule, startWorker } from '../../util/worker.js';
import type { Campaign, Exchange, QuarantineRecord, Verdict } from '../../contract/types.js';
import type { ExchangeFeatures } from '../../features/types.js';
import {
  StoreError,
  checkOptions,
  type AccountSummary,
  type EvidenceRecord,
  type ExchangeQuery,
  type ExchangeText,
  type ScanRecord,
  type Store,
  type StoreOptions,
  type StoredExchange,
  type TimelineBucket,
  type TimelinePoint,
} from '../store.js';
import { MAX_TEXT_CHARS, ROW_GROUP, checkPath, openPaths } from './duckdb-store.js';
import { clearColumns, newColumns, pushExchange, transferList, type ExchangeColumns } from './exchange-buffer.js';
import type { FromWorker, ToWorker } from './worker.js';

const MAX_INFLIGHT = 3;
/** How long appendExchange waits for a stuck writer before giving up. */
const STALL_MS = 120_000;

/**
 * The one writer thread of this process, started on first use. It is unref'd
 * while nothing waits on it, so open stores never keep the process alive.
 */
class WriterHost {
  readonly worker: Worker;
  readonly inflight = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  readonly stores = new Map<number, RemoteDuckDBStore>();
  dead: StoreError | null = null;

  constructor() {
    this.worker = startWorker(siblingModule(import.meta.url, 'worker'), { inflight: this.inflight });
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => {
      if (m.type === 'batch-error') this.stores.get(m.handle)?.fail(new StoreError(m.message));
      else if (m.type === 'recycle') this.stores.get(m.handle)?.recycle(m.cols);
      else this.settle(m.id, m.ok ? { value: m.value } : { error: new StoreError(m.message) });
    });
    this.worker.on('error', (e) => this.die(new StoreError(`store writer thread failed: ${e.message}`, { cause: e })));
    this.worker.on('exit', (code) => this.die(new StoreError(`store writer thread exited (code ${code})`)));
  }

  private settle(id: number, r: { value?: unknown; error?: StoreError }): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    if (r.error) p.reject(r.error);
    else p.resolve(r.value);
  }

  private die(e: StoreError): void {
    this.dead ??= e;
    if (host === this) host = null;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    for (const s of this.stores.values()) s.fail(e);
  }

  /** Sends a request and resolves with the worker's answer. */
  request<T>(msg: DistributiveOmit<Extract<ToWorker, { id: number }>, 'id'>): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        this.worker.postMessage({ ...msg, id } as ToWorker);
      } catch (e) {
        this.settle(id, { error: new StoreError(`cannot send a request to the store writer thread: ${e instanceof Error ? e.message : String(e)}`) });
      }
    });
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

let host: WriterHost | null = null;
let nextHandle = 1;

/** Opens the DuckDB store at `path` on the writer thread. */
export async function openRemoteDuckDBStore(path: string, options: StoreOptions = {}): Promise<Store> {
  const opts = checkOptions({ ...options, batchSize: options.batchSize ?? ROW_GROUP });
  const abs = checkPath(path);
  host ??= new WriterHost();
  const h = host;
  const handle = nextHandle++;
  if (abs !== ':memory:') openPaths.add(abs);
  try {
    await h.request({ type: 'open', handle, path: abs, options: opts });
  } catch (e) {
    openPaths.delete(abs);
    throw e;
  }
  const store = new RemoteDuckDBStore(abs, h, handle, opts);
  h.stores.set(handle, store);
  return store;
}

class RemoteDuckDBStore implements Store {
  readonly kind = 'duckdb';
  readonly keepText: boolean;
  private cols: ExchangeColumns;
  private readonly batchSize: number;
  private readonly timer: NodeJS.Timeout | null;
  private lastShip = Date.now();
  private failure: StoreError | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly path: string,
    private readonly host: WriterHost,
    private readonly handle: number,
    opts: Required<StoreOptions>,
  ) {
    this.keepText = opts.keepText;
    this.batchSize = opts.batchSize;
    this.cols = newColumns(opts.batchSize, opts.keepText);
    const every = opts.flushIntervalMs;
    if (every > 0) {
      this.timer = setInterval(() => {
        if (this.cols.length > 0 && Date.now() - this.lastShip >= every && !this.failure) {
          try {
            this.ship();
          } catch {
            // kept in this.failure and reported by the next call
          }
        }
      }, every);
      this.timer.unref();
    } else {
      this.timer = null;
    }
  }

  /** Spare column sets the writer thread has finished with. */
  private readonly spare: ExchangeColumns[] = [];

  /** Takes back a batch the writer thread has written, for reuse. */
  recycle(c: ExchangeColumns): void {
    if (this.spare.length >= MAX_INFLIGHT || c.capacity !== this.batchSize || c.keepText !== this.keepText) return;
    clearColumns(c);
    // a Buffer crosses threads as a plain Uint8Array; give it its methods back
    const b = c.strBytes as Uint8Array;
    c.strBytes = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    this.spare.push(c);
  }

  /** Marks the store broken; the next call reports `e`. */
  fail(e: StoreError): void {
    this.failure ??= e;
  }

  private call<T>(method: string, args: unknown[] = []): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('store is closed'));
    if (this.failure) return Promise.reject(this.failure);
    return this.host.request<T>({ type: 'call', handle: this.handle, method, args });
  }

  appendExchange(ex: Exchange, f: ExchangeFeatures, text?: ExchangeText): void {
    if (this.closed) throw new StoreError('store is closed');
    if (this.failure) throw this.failure;
    pushExchange(this.cols, ex, f, text);
    if (this.cols.length >= this.batchSize || this.cols.textChars >= MAX_TEXT_CHARS) this.ship();
  }

  /** Posts the current batch to the worker, waiting first if too many are queued. */
  private ship(): void {
    if (this.cols.length === 0) return;
    const inflight = this.host.inflight;
    const deadline = Date.now() + STALL_MS;
    for (let n = Atomics.load(inflight, 0); n >= MAX_INFLIGHT; n = Atomics.load(inflight, 0)) {
      if (Date.now() > deadline) {
        this.failure ??= new StoreError(`store writer thread for ${this.path} wrote nothing for ${STALL_MS / 1000} s`);
        throw this.failure;
      }
      Atomics.wait(inflight, 0, n, 1000);
    }
    const c = this.cols;
    Atomics.add(inflight, 0, 1);
    this.host.worker.postMessage({ type: 'batch', handle: this.handle, cols: c } satisfies ToWorker, transferList(c));
    this.cols = this.spare.pop() ?? newColumns(this.batchSize, this.keepText);
    this.lastShip = Date.now();
  }

  async flush(): Promise<void> {
    if (this.closed) throw new StoreError('store is closed');
    if (this.failure) throw this.failure;
    this.ship();
    // Answered after every batch posted before it, so a batch error is known by then.
    await this.call('flush');
    if (this.failure) throw this.failure;
  }

  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    let err: unknown = null;
    try {
      if (!this.failure) this.ship();
    } catch (e) {
      err = e;
    }
    try {
      if (!this.host.dead) await this.host.request({ type: 'call', handle: this.handle, method: 'close', args: [] });
    } catch (e) {
      err ??= e;
    }
    err ??= this.failure;
    this.closed = true;
    this.host.stores.delete(this.handle);
    openPaths.delete(this.path);
    if (err) throw err;
  }

  writeVerdicts(v: readonly Verdict[]): Promise<void> {
    return this.call('writeVerdicts', [v]);
  }
  writeCampaigns(c: readonly Campaign[]): Promise<void> {
    return this.call('writeCampaigns', [c]);
  }
  writeEvidence(e: readonly EvidenceRecord[]): Promise<void> {
    return this.call('writeEvidence', [e]);
  }
  writeQuarantine(q: readonly QuarantineRecord[]): Promise<void> {
    return this.call('writeQuarantine', [q]);
  }
  recordScan(s: ScanRecord): Promise<void> {
    return this.call('recordScan', [s]);
  }
  accountTimeline(accountId: string, bucket: TimelineBucket): Promise<TimelinePoint[]> {
    return this.call('accountTimeline', [accountId, bucket]);
  }
  campaignTimeline(campaignId: string, bucket?: TimelineBucket): Promise<TimelinePoint[]> {
    return this.call('campaignTimeline', bucket === undefined ? [campaignId] : [campaignId, bucket]);
  }
  topAccounts(n: number): Promise<AccountSummary[]> {
    return this.call('topAccounts', [n]);
  }
  exchangeCount(): Promise<number> {
    return this.call('exchangeCount');
  }
  verdict(accountId: string): Promise<Verdict | null> {
    return this.call('verdict', [accountId]);
  }
  campaign(campaignId: string): Promise<Campaign | null> {
    return this.call('campaign', [campaignId]);
  }
  campaigns(): Promise<Campaign[]> {
    return this.call('campaigns');
  }
  evidence(accountId: string): Promise<EvidenceRecord[]> {
    return this.call('evidence', [accountId]);
  }
  scans(): Promise<ScanRecord[]> {
    return this.call('scans');
  }
  quarantine(limit?: number): Promise<QuarantineRecord[]> {
    return this.call('quarantine', limit === undefined ? [] : [limit]);
  }
  exchanges(q?: ExchangeQuery): Promise<StoredExchange[]> {
    return this.call('exchanges', q === undefined ? [] : [q]);
  }
  schemaVersion(): Promise<number> {
    return this.call('schemaVersion');
  }
}
