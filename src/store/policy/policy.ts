/**
 * Which exchanges a scan writes to the store's `exchanges` table.
 *
 * Why: writing every exchange's features cost a fifth of a scan's CPU (the
 * writer thread, DuckDB's appender and its threads; docs/benchmarks.md),
 * while what is read back per exchange is an account's own traffic: the
 * analyst's queries on flagged accounts, their campaigns and address ranges
 * (docs/log-format.md). Verdicts, campaigns, evidence, quarantine and scans
 * are written whole whatever the policy; the service (`serve`) keeps its own
 * store of every exchange and is not affected.
 *
 * The default policy (`flagged`) writes:
 * - every exchange of an account flagged (`flagged_at` set) at the time the
 *   exchange is seen, and its recent exchanges from before the flag: each
 *   account's latest rows are held in a bounded byte ring (ring.ts,
 *   `recentBytes` an account) and written when the account is flagged, at its
 *   next exchange or at the end of the scan. A flagged account's rows older
 *   than its ring are not in the store;
 * - every exchange of a sample of the other accounts (`sampleOneIn`), chosen
 *   by a hash of the account id: the same accounts in every scan, each with
 *   its whole traffic, so a sampled account's timeline is complete and a
 *   population figure over them scales by `sampleOneIn`.
 * `all` writes every exchange, as before.
 *
 * With `--keep-text` the text goes with rows written as they arrive; rows
 * written from a ring carry none (the ring holds features only).
 */
import type { Exchange } from '../../contract/types.js';
import type { ExchangeFeatures } from '../../features/types.js';
import type { Store, ExchangeText } from '../store.js';
import { RecentRows } from './ring.js';

export interface StorePolicyOptions {
  /** 'flagged' (default): flagged accounts and a sample of the rest; 'all': every exchange */
  exchanges?: 'flagged' | 'all';
  /** one account in this many (by hash of its id) is written whole; 0 for none (default 32) */
  sampleOneIn?: number;
  /** bytes of recent rows held per unflagged account (default 1024: 3-4 rows of ~260 bytes on the bench log) */
  recentBytes?: number;
}

export const STORE_POLICY_DEFAULTS = { exchanges: 'flagged', sampleOneIn: 32, recentBytes: 1024 } as const;

/** What the policy did, for the scan's record. */
export interface StorePolicyStats {
  /** exchanges offered */
  seen: number;
  /** rows written to the store (as they came, plus released from rings) */
  written: number;
  /** rows released from rings when their account was flagged */
  released: number;
  /** rows that never reached the store (pushed out of a ring, or their account never flagged) */
  dropped: number;
}

/** 32-bit FNV-1a of a string's UTF-16 units: stable across runs and machines. */
export function accountHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Whether `id` is in the 1-in-`oneIn` sample (0: no sample). */
export function sampled(id: string, oneIn: number): boolean {
  return oneIn > 0 && accountHash(id) % oneIn === 0;
}

const KEPT = -1;

/**
 * The scan's exchange sink in front of the store.
 *
 * @example
 *   const p = new StorePolicy(store, (id) => engine.accounts.get(id)?.flaggedAt != null, {});
 *   sinks.push(p);        // p.append(ex, f) for every exchange
 *   p.finish();           // at the end: release the rings of flagged accounts
 */
export class StorePolicy {
  private readonly all: boolean;
  private readonly oneIn: number;
  private readonly ring: RecentRows | null;
  /** account id -> its ring, or KEPT when every exchange of it is written */
  private readonly accounts = new Map<string, number>();
  private readonly stats0: StorePolicyStats = { seen: 0, written: 0, released: 0, dropped: 0 };

  constructor(
    private readonly store: Store,
    private readonly isFlagged: (accountId: string) => boolean,
    opts: StorePolicyOptions,
    private readonly text?: (ex: Exchange) => ExchangeText,
  ) {
    const o = {
      exchanges: opts.exchanges ?? STORE_POLICY_DEFAULTS.exchanges,
      sampleOneIn: opts.sampleOneIn ?? STORE_POLICY_DEFAULTS.sampleOneIn,
      recentBytes: opts.recentBytes ?? STORE_POLICY_DEFAULTS.recentBytes,
    };
    if (o.exchanges !== 'flagged' && o.exchanges !== 'all') throw new RangeError(`store policy exchanges must be 'flagged' or 'all', got ${String(o.exchanges)}`);
    if (!Number.isInteger(o.sampleOneIn) || o.sampleOneIn < 0) throw new RangeError(`store policy sampleOneIn must be a whole number >= 0, got ${String(o.sampleOneIn)}`);
    this.all = o.exchanges === 'all';
    this.oneIn = o.sampleOneIn;
    this.ring = this.all ? null : new RecentRows(o.recentBytes);
  }

  append(ex: Exchange, f: ExchangeFeatures): void {
    this.stats0.seen++;
    if (this.all) return this.write(ex, f);
    const id = ex.account_id;
    let r = this.accounts.get(id);
    if (r === undefined) {
      r = sampled(id, this.oneIn) ? KEPT : this.ring!.open();
      this.accounts.set(id, r);
    }
    if (r !== KEPT && this.isFlagged(id)) {
      this.release(id, r);
      r = KEPT;
    }
    if (r === KEPT) this.write(ex, f);
    else this.ring!.push(r, ex, f);
  }

  /** Writes the held rows of every account flagged by now; call once the engine has finished. */
  finish(): void {
    for (const [id, r] of this.accounts) if (r !== KEPT && this.isFlagged(id)) this.release(id, r);
    this.stats0.dropped = this.stats0.seen - this.stats0.written;
  }

  get stats(): StorePolicyStats {
    return { ...this.stats0, dropped: this.stats0.seen - this.stats0.written };
  }

  /** Bytes the rings hold (allocated, whether used or not). */
  get heldBytes(): number {
    return this.ring?.bytes ?? 0;
  }

  private release(id: string, r: number): void {
    this.accounts.set(id, KEPT);
    this.ring!.drain(r, id, (row) => {
      this.stats0.released++;
      this.stats0.written++;
      this.store.appendExchange(row.ex, row.f);
    });
  }

  private write(ex: Exchange, f: ExchangeFeatures): void {
    this.stats0.written++;
    this.store.appendExchange(ex, f, this.text?.(ex));
  }
}
