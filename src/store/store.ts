/**
 * The store: where a scan leaves what the API, the console and the report read
 * afterwards (per-exchange features, verdicts, campaigns, evidence, scans,
 * quarantined lines).
 *
 * This file is backend-independent: it names no database. Backends live in
 * their own folders (`duckdb/`, `clickhouse/`) and are loaded lazily by
 * `openStore`, so a process that never opens a DuckDB file never loads DuckDB.
 * Every backend passes the shared suite in `store.case.ts`.
 *
 * Conventions every backend keeps:
 * - Instants go in as RFC 3339 strings (or `Exchange.tsMs`) and come back as
 *   UTC ISO-8601 strings with milliseconds (`2026-11-02T14:03:22.123Z`): the
 *   same instant, normalised zone.
 * - Timeline buckets are UTC hours / days.
 * - Writes of verdicts, campaigns and scans replace earlier rows with the same
 *   key (a re-scan overwrites); exchanges, evidence and quarantine append.
 * - Failures are `StoreError`s whose message names what was wrong.
 */
import type { Campaign, Exchange, QuarantineRecord, Verdict, VerdictKind } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';

/** Raw text of one exchange, kept only when the store was opened with `keepText`. */
export interface ExchangeText {
  prompt: string;
  response: string;
}

/** A bounded evidence sample an analyst reads next to a verdict. */
export interface EvidenceRecord {
  account_id: string;
  /** RFC 3339 instant of the exchange the excerpt comes from. */
  ts: string;
  /** the exchange id, when known */
  exchange_id?: string | null;
  excerpt: string;
  /** the signals this excerpt illustrates */
  signals: string[];
}

/** Metadata of one scan run. */
export interface ScanRecord {
  scan_id: string;
  /** RFC 3339 instants */
  started: string;
  finished: string;
  /** the input paths as given */
  inputs: string[];
  /** named counts: exchanges, accounts, flagged, campaigns, quarantined, ... */
  counts: Record<string, number>;
  /** exchanges per second, whole process */
  throughput: number;
}

/** What the store kept of one exchange (read back for the console and tests). */
export interface StoredExchange {
  id: string;
  /** UTC ISO-8601 */
  ts: string;
  account_id: string;
  org_id: string | null;
  api_key_id: string | null;
  ip: string | null;
  user_agent: string | null;
  model: string | null;
  endpoint: string | null;
  status: number | null;
  latency_ms: number | null;
  single_turn: boolean;
  features: ExchangeFeatures;
  /** null unless the store keeps text */
  prompt_text: string | null;
  response_text: string | null;
}

export type TimelineBucket = 'hour' | 'day';

/** One bucket of activity; buckets without activity are absent. */
export interface TimelinePoint {
  /** UTC ISO-8601 start of the bucket */
  bucket: string;
  exchanges: number;
  /** distinct accounts active in the bucket */
  accounts: number;
  input_tokens: number;
  output_tokens: number;
  /** exchanges that stopped on the output cap */
  hit_cap: number;
}

/** One row of the "top accounts" list: its verdict and its activity. */
export interface AccountSummary {
  account_id: string;
  verdict: VerdictKind;
  score: number;
  flagged_at: string | null;
  campaign_id: string | null;
  exchanges: number;
  /** UTC ISO-8601; null when the store holds no exchange of the account */
  first_seen: string | null;
  last_seen: string | null;
}

export interface ExchangeQuery {
  accountId?: string;
  /** default 100, at most 10 000 */
  limit?: number;
}

/** The store every backend implements. */
export interface Store {
  readonly kind: string;
  /** whether raw prompt / response text is kept */
  readonly keepText: boolean;

  /**
   * Buffers one exchange's features (and its text when `keepText`); rows are
   * written in batches when the buffer fills or the flush interval passes.
   * Hot path: no I/O unless a batch is due. Throws `StoreError` when the store
   * is closed, a previous batch failed, or the exchange lacks id / account / ts.
   */
  appendExchange(ex: Exchange, f: ExchangeFeatures, text?: ExchangeText): void;
  /** Writes every buffered exchange. */
  flush(): Promise<void>;
  /** Flushes, makes everything durable and releases the store; idempotent. */
  close(): Promise<void>;

  /** Replaces the verdicts of the accounts given (the last one wins within a call). */
  writeVerdicts(v: readonly Verdict[]): Promise<void>;
  /** Replaces the campaigns given, with their member lists. */
  writeCampaigns(c: readonly Campaign[]): Promise<void>;
  writeEvidence(e: readonly EvidenceRecord[]): Promise<void>;
  writeQuarantine(q: readonly QuarantineRecord[]): Promise<void>;
  /** Records (or replaces, by `scan_id`) a scan's metadata. */
  recordScan(s: ScanRecord): Promise<void>;

  /** Activity of one account per UTC hour or day, oldest first. */
  accountTimeline(accountId: string, bucket: TimelineBucket): Promise<TimelinePoint[]>;
  /** Activity of a campaign's member accounts per UTC bucket (default hour), oldest first. */
  campaignTimeline(campaignId: string, bucket?: TimelineBucket): Promise<TimelinePoint[]>;
  /** The n accounts with the highest score (ties by account id), with their activity. */
  topAccounts(n: number): Promise<AccountSummary[]>;
  /** Exchanges written so far (buffered rows not yet flushed are not counted). */
  exchangeCount(): Promise<number>;
  verdict(accountId: string): Promise<Verdict | null>;
  campaign(campaignId: string): Promise<Campaign | null>;
  /** All campaigns, highest score first. */
  campaigns(): Promise<Campaign[]>;
  /** Evidence of one account, oldest first. */
  evidence(accountId: string): Promise<EvidenceRecord[]>;
  /** Scans, oldest first. */
  scans(): Promise<ScanRecord[]>;
  /** Quarantined lines in the order written, at most `limit` (default 1000). */
  quarantine(limit?: number): Promise<QuarantineRecord[]>;
  /** Stored exchanges in time order (then id), for the console and for checks. */
  exchanges(q?: ExchangeQuery): Promise<StoredExchange[]>;
  /** Highest schema migration applied. */
  schemaVersion(): Promise<number>;
}

/** Options every backend understands. */
export interface StoreOptions {
  /** keep raw prompt / response text (default false: features only) */
  keepText?: boolean;
  /** rows per write batch (default: the backend's best; DuckDB 122 880, one row group; ClickHouse 65 536, one INSERT) */
  batchSize?: number;
  /** a partly filled batch is written after this long (default 1000 ms; 0 = only on size / flush) */
  flushIntervalMs?: number;
  /**
   * DuckDB: memory for its cache and its queries, in MiB (default and least
   * 64; larger queries spill to a temporary folder beside the file; at 16 the
   * shared store suite ran out reading long strings). A file store is
   * written in batches and read rarely, so little cache is needed; at 256 the
   * scan's peak at 100k accounts was ~180 MiB higher (docs/benchmarks.md).
   */
  memoryLimitMb?: number;
  /**
   * DuckDB: threads for its own work (default 0: DuckDB's choice, one per
   * core). The scan passes 1: its writer thread is the only one writing, and
   * DuckDB's extra threads only competed with the scan's for the cores
   * (docs/benchmarks.md, tenth session).
   */
  threads?: number;
}

/**
 * Which store to open. DuckDB: `path` is a file (`:memory:` for a throw-away
 * store); `worker: true` runs DuckDB on a writer thread so its work stays off
 * the caller's thread (default false; the scan turns it on, see duckdb/remote.ts).
 * ClickHouse: `url` is `clickhouse://user:password@host:8123/database`
 * (`clickhouses://` for HTTPS; see clickhouse/location.ts). DuckDB-only
 * options (worker, memoryLimitMb, threads) are ignored by ClickHouse.
 */
export type StoreConfig =
  | ({ kind: 'duckdb'; path: string; worker?: boolean } & StoreOptions)
  | ({ kind: 'clickhouse'; url: string; worker?: boolean } & StoreOptions);

/**
 * The store a location names: a `clickhouse://` or `clickhouses://` URL is a
 * ClickHouse server, anything else a DuckDB file path. This is how `--store`
 * of scan and serve is read.
 *
 * @example
 *   storeLocation('out/store.duckdb')                  // { kind: 'duckdb', path: 'out/store.duckdb' }
 *   storeLocation('clickhouse://ch1:8123/distillguard') // { kind: 'clickhouse', url: 'clickhouse://ch1:8123/distillguard' }
 */
export function storeLocation(location: string): { kind: 'duckdb'; path: string } | { kind: 'clickhouse'; url: string } {
  return /^clickhouses?:\/\//i.test(location) ? { kind: 'clickhouse', url: location } : { kind: 'duckdb', path: location };
}

/** A store location fit for messages and logs: a URL's password is replaced by `***`. */
export function redactLocation(location: string): string {
  return location.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** A store failure; `message` says what was wrong and with which input. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Checks the options shared by every backend; throws `StoreError` naming the bad one. */
export function checkOptions(o: StoreOptions): Required<StoreOptions> {
  const keepText = o.keepText ?? false;
  const batchSize = o.batchSize ?? 16_384;
  const flushIntervalMs = o.flushIntervalMs ?? 1000;
  if (typeof keepText !== 'boolean') throw new StoreError(`store option keepText must be a boolean, got ${typeof keepText}`);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 4_000_000) {
    throw new StoreError(`store option batchSize must be an integer in 1..4000000, got ${String(batchSize)}`);
  }
  if (typeof flushIntervalMs !== 'number' || !Number.isFinite(flushIntervalMs) || flushIntervalMs < 0) {
    throw new StoreError(`store option flushIntervalMs must be a number >= 0, got ${String(flushIntervalMs)}`);
  }
  const memoryLimitMb = o.memoryLimitMb ?? 64;
  if (!Number.isInteger(memoryLimitMb) || memoryLimitMb < 64 || memoryLimitMb > 1_048_576) {
    throw new StoreError(`store option memoryLimitMb must be an integer in 64..1048576 (MiB), got ${String(memoryLimitMb)}`);
  }
  const threads = o.threads ?? 0;
  if (!Number.isInteger(threads) || threads < 0 || threads > 1024) {
    throw new StoreError(`store option threads must be an integer in 0..1024 (0: one per core), got ${String(threads)}`);
  }
  return { keepText, batchSize, flushIntervalMs, memoryLimitMb, threads };
}

/**
 * Opens (creating and migrating when needed) a store.
 *
 * @example
 *   const store = await openStore({ kind: 'duckdb', path: 'out/distillguard.duckdb' });
 *   store.appendExchange(ex, features);
 *   await store.writeVerdicts(verdicts);
 *   await store.close();
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config === null || typeof config !== 'object') throw new StoreError('store config must be an object');
  switch (config.kind) {
    case 'duckdb': {
      const { openDuckDBStore } = await import('./duckdb/index.js');
      return openDuckDBStore(config.path, config);
    }
    case 'clickhouse': {
      const { openClickHouseStore } = await import('./clickhouse/index.js');
      return openClickHouseStore(config.url, config);
    }
    default:
      throw new StoreError(`unknown store kind ${JSON.stringify((config as { kind?: unknown }).kind)}; known: duckdb, clickhouse`);
  }
}
