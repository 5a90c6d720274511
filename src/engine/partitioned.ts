/**
 * The router of a partitioned scan (scan --partitions N): on the main thread
 * it orders the parsed stream in event time (the reorder buffer one engine
 * uses), runs the sweep clock to mark where epochs end, numbers each exchange
 * and sends it to the partition owning its account (a hash of the account
 * id). The partitions (src/engine/partition-worker.ts) run their accounts'
 * side of the engine and hand back each exchange's link record, each in the
 * order it was given; the router merges them by sequence number into the
 * engine, which folds them into the linkage in the order one engine does. At
 * each epoch's end the merge waits while the coordinator sweeps
 * (`CoordinatorHooks.onEpoch`, src/engine/remote.ts), so verdicts, campaigns
 * and signatures are the same whatever N is.
 *
 * ```ts
 * const router = new PartitionRouter(transport, (p) => engine.pushOrdered(p), { ...engine.ordering(), coordinator });
 * router.sendRows(accountTable);
 * for (const p of parsed) router.push(p);     // await router.settle() now and then
 * const ordered = await router.finish();
 * await engine.finishRemote(ordered, ordered.epoch);   // src/engine/scan.ts wires `coordinator`
 * ```
 */
import type { AccountRecord, Exchange } from '../contract/types.js';
import type { CoordinatorDown, CoordinatorUp } from './remote.js';
import { fmix32, fnv1a } from '../util/hash.js';
import { SweepClock, type EpochOptions } from './epochs.js';
import { type PackedItems, unpackItems } from './handoff.js';
import type { WorkerItem } from './pool.js';
import type { Prepared } from './engine.js';
import { ReorderBuffer } from './reorder.js';
import type { PartitionTransport } from './transport.js';

/**
 * Router to partition: the account table's rows of its accounts, exchanges
 * of its accounts in order, the end of an epoch (`nowMs`: event time reached
 * at the boundary), and the coordinator's messages (src/engine/remote.ts).
 */
export type PartitionDown =
  | { kind: 'rows'; rows: AccountRecord[] }
  | { kind: 'exchanges'; exs: Exchange[]; keepText: boolean }
  | { kind: 'epoch'; epoch: number; nowMs: number }
  | CoordinatorDown;

/** Partition to router: its exchanges' link records, in the order sent (columns, or objects when the texts travel), and its answers to the coordinator. */
export type PartitionUp =
  | { kind: 'prepared'; n: number; packed?: PackedItems; items?: WorkerItem[] }
  | CoordinatorUp;

/** Where an epoch ends: before the exchange numbered `seq`, which has event time `tsMs`; the sweep acts at `sweepAt` with that exchange's `ts`. */
export interface EpochMark {
  epoch: number;
  seq: number;
  sweepAt: number;
  ts: string;
  tsMs: number;
}

/** What the router hands the coordinator besides link records: the epochs' ends (the merge waits for the returned promise) and the partitions' other messages. */
export interface CoordinatorHooks {
  onEpoch(mark: EpochMark): Promise<void>;
  receive(partition: number, m: CoordinatorUp): void;
}

/** The partition's module, for `ThreadTransport`. */
export function partitionWorkerUrl(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith('.ts') ? './partition-worker.ts' : './partition-worker.js', self);
}

/** The partition owning an account: its id hashed (FNV-1a, mixed so that ids differing in the last character spread). */
export function partitionOf(accountId: string, partitions: number): number {
  return (fmix32(fnv1a(accountId)) >>> 0) % partitions;
}

export interface RouterOptions extends EpochOptions {
  /** the reorder window (the engine's, default 5 minutes) */
  reorderMs?: number;
  /** whether the engine sweeps at all (it has a linkage); without, no epoch ends */
  sweeping: boolean;
  /** send the texts back (the store keeps them) */
  keepText?: boolean;
  /** exchanges sent to a partition at a time (default 256) */
  batch?: number;
  /** the coordinator, when the partitions own the account side (src/engine/remote.ts) */
  coordinator?: CoordinatorHooks;
}

export class PartitionRouter {
  private readonly reorder: ReorderBuffer<Prepared>;
  private readonly clock: SweepClock;
  private readonly seen = new Set<string>();
  private readonly n: number;
  private readonly batch: number;
  private readonly keepText: boolean;
  private readonly sweeping: boolean;
  /** the owning partition of each exchange sent and not yet delivered, in sequence order (from `head`) */
  private owners: number[] = [];
  private head = 0;
  /** exchanges waiting to be sent, per partition */
  private readonly pending: Exchange[][];
  /** exchanges handed back and not yet delivered, per partition, in its order (from `at[p]`) */
  private readonly ready: Prepared[][];
  private readonly at: number[];
  private failed: Error | null = null;
  private waiter: { below: number; resolve: () => void; reject: (e: Error) => void } | null = null;
  /** epochs ended so far */
  epochs = 0;
  /** exchanges routed so far, and delivered before `owners[0]` */
  private routed = 0;
  private base = 0;
  /** the latest event time routed */
  private nowMs = -Infinity;
  private readonly marks: EpochMark[] = [];
  private markAt = 0;
  /** a sweep is running: the merge waits */
  private busy = false;
  private readonly hooks?: CoordinatorHooks;

  constructor(private readonly transport: PartitionTransport<PartitionDown, PartitionUp>, private readonly deliver: (p: Prepared) => void, opts: RouterOptions) {
    this.n = transport.partitions;
    this.batch = opts.batch ?? 256;
    this.keepText = opts.keepText ?? false;
    this.sweeping = opts.sweeping;
    this.hooks = opts.coordinator;
    this.clock = new SweepClock(opts);
    this.reorder = new ReorderBuffer<Prepared>(opts.reorderMs ?? 5 * 60_000, (p) => this.route(p));
    this.pending = Array.from({ length: this.n }, () => []);
    this.ready = Array.from({ length: this.n }, () => []);
    this.at = new Array<number>(this.n).fill(0);
    transport.onMessage((p, m) => this.receive(p, m));
    transport.onError((e) => this.fail(e));
  }

  private fail(e: Error): void {
    this.failed ??= e;
    this.waiter?.reject(e);
    this.waiter = null;
  }

  /** Sends each partition the account-table rows of its accounts (before any exchange). */
  sendRows(rows: readonly AccountRecord[]): void {
    const by: AccountRecord[][] = Array.from({ length: this.n }, () => []);
    for (const a of rows) by[partitionOf(a.account_id, this.n)].push(a);
    for (let p = 0; p < this.n; p++) this.transport.send(p, { kind: 'rows', rows: by[p] });
  }

  /** Exchanges sent to the partitions and not yet handed to the engine. */
  get inFlight(): number {
    return this.owners.length - this.head;
  }

  /** Takes one parsed exchange in arrival order. */
  push(p: Prepared): void {
    if (this.failed) throw this.failed;
    this.reorder.push(p);
  }

  /** Resolves once no more than `below` exchanges are in flight (sends what is waiting first). */
  settle(below: number): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    this.flushAll();
    if (this.inFlight <= below) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiter = { below, resolve, reject };
    });
  }

  /**
   * End of input: releases the reorder buffer and waits for every exchange to
   * reach the engine. With a coordinator, every partition is then told the
   * last epoch ended (`epoch`): the engine's last sweep is that epoch's.
   */
  async finish(): Promise<{ late: number; maxHeld: number; epoch: number }> {
    this.reorder.drain();
    await this.settle(0);
    const epoch = this.hooks ? this.endEpoch() : -1;
    return { late: this.reorder.late, maxHeld: this.reorder.maxHeld, epoch };
  }

  private route(p: Prepared): void {
    // the clock ticks before the exchange with the accounts seen before it, as the engine's does
    const boundary = this.clock.tick(p.tsMs, this.seen.size, this.sweeping);
    if (p.tsMs > this.nowMs) this.nowMs = p.tsMs;
    if (!Number.isNaN(boundary)) {
      const epoch = this.endEpoch();
      this.marks.push({ epoch, seq: this.routed, sweepAt: boundary, ts: p.ex.ts, tsMs: p.tsMs });
    }
    this.routed++;
    this.seen.add(p.ex.account_id);
    const owner = partitionOf(p.ex.account_id, this.n);
    this.owners.push(owner);
    const q = this.pending[owner];
    q.push(p.ex);
    if (q.length >= this.batch) this.flush(owner);
  }

  /** Everything before the boundary goes out, then the epoch's end to every partition. */
  private endEpoch(): number {
    this.flushAll();
    const epoch = this.epochs++;
    for (let p = 0; p < this.n; p++) this.transport.send(p, { kind: 'epoch', epoch, nowMs: this.nowMs });
    return epoch;
  }

  private flushAll(): void {
    for (let p = 0; p < this.n; p++) if (this.pending[p].length) this.flush(p);
  }

  private flush(p: number): void {
    const exs = this.pending[p];
    this.pending[p] = [];
    this.transport.send(p, { kind: 'exchanges', exs, keepText: this.keepText });
  }

  private receive(p: number, m: PartitionUp): void {
    if (m.kind !== 'prepared') {
      this.hooks?.receive(p, m);
      return;
    }
    const q = this.ready[p];
    if (m.packed) for (const x of unpackItems(m.packed)) q.push(x);
    else for (const x of m.items ?? []) q.push({ tsMs: x.ex.tsMs, ex: x.ex, f: x.f, excerpt: x.excerpt });
    this.merge();
  }

  /** Hands the engine every exchange whose turn has come, in sequence order. */
  private merge(): void {
    if (this.busy || this.failed) return;
    const owners = this.owners;
    let h = this.head;
    while (h < owners.length) {
      const mark = this.hooks && this.marks[this.markAt];
      if (mark && mark.seq === this.base + h) {
        // the epoch ends before this exchange: the coordinator sweeps (round trips to the partitions) first
        this.markAt++;
        this.head = h;
        this.busy = true;
        this.hooks!.onEpoch(mark).then(
          () => {
            this.busy = false;
            this.merge();
          },
          (e: Error) => this.fail(e),
        );
        return;
      }
      const o = owners[h];
      const q = this.ready[o];
      if (this.at[o] >= q.length) break;
      const item = q[this.at[o]++];
      h++;
      this.deliver(item);
    }
    this.head = h;
    // drop what was delivered once it is most of the arrays
    if (h > 65_536 && h * 2 > owners.length) {
      this.owners = owners.slice(h);
      this.base += h;
      this.head = 0;
    }
    if (this.markAt > 1024) {
      this.marks.splice(0, this.markAt);
      this.markAt = 0;
    }
    for (let p = 0; p < this.n; p++) {
      if (this.at[p] > 4096 && this.at[p] * 2 > this.ready[p].length) {
        this.ready[p] = this.ready[p].slice(this.at[p]);
        this.at[p] = 0;
      }
    }
    const w = this.waiter;
    if (w && this.inFlight <= w.below) {
      this.waiter = null;
      w.resolve();
    }
  }
}
