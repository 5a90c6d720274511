/**
 * The ClickHouse schema as numbered migrations, applied in order and
 * recorded in `schema_migrations`. ClickHouse has no transactions, so each
 * statement is idempotent (IF NOT EXISTS): a migration cut short is simply
 * run again on the next open. Never edit a released migration: add the next.
 *
 * Written for the oldest server we meet (Debian's 18.16): no DateTime64,
 * no LowCardinality, no TTL. So:
 * - instants are Int64 milliseconds since the epoch (`*_ms`), converted at
 *   the edges;
 * - "a re-write replaces the earlier row" (verdicts, campaigns, scans) is a
 *   ReplacingMergeTree on the key with a `version` column, read with FINAL;
 *   campaign members are an array in the campaign's row, so the member list
 *   is replaced with it;
 * - exchanges are partitioned by month of event time, so retention is
 *   `ALTER TABLE exchanges DROP PARTITION 202611` (docs/operations.md).
 */
export interface Migration {
  version: number;
  name: string;
  /** `{db}` stands for the database name */
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    statements: [
      `CREATE TABLE IF NOT EXISTS {db}.exchanges (
  id String,
  ts_ms Int64,
  account_id String,
  org_id Nullable(String),
  api_key_id Nullable(String),
  ip Nullable(String),
  user_agent Nullable(String),
  model Nullable(String),
  endpoint Nullable(String),
  lang String,
  status Nullable(Int32),
  latency_ms Nullable(Float64),
  input_tokens Int32,
  output_tokens Int32,
  max_tokens Int32,
  prompt_chars Int32,
  user_turns Int32,
  tool_turns Int32,
  tools_offered Int32,
  tool_calls Int32,
  topic Int32,
  system_hash UInt32,
  prompt_hash UInt32,
  sim_hi UInt32,
  sim_lo UInt32,
  skeleton_hash UInt32,
  intent_cot Float32,
  intent_reconstruct Float32,
  intent_judge Float32,
  intent_safety_rewrite Float32,
  intent_agentic Float32,
  intent_benchmark Float32,
  intent_internals Float32,
  intent_datagen Float32,
  hit_cap UInt8,
  single_turn UInt8,
  template_bands Array(UInt32),
  prompt_text Nullable(String),
  response_text Nullable(String)
) ENGINE = MergeTree
PARTITION BY toYYYYMM(toDateTime(intDiv(ts_ms, 1000)))
ORDER BY (account_id, ts_ms)`,
      `CREATE TABLE IF NOT EXISTS {db}.verdicts (
  account_id String,
  verdict String,
  score Float64,
  flagged_at_ms Nullable(Int64),
  campaign_id Nullable(String),
  reasons String,
  version UInt64
) ENGINE = ReplacingMergeTree(version) ORDER BY account_id`,
      `CREATE TABLE IF NOT EXISTS {db}.campaigns (
  campaign_id String,
  exchanges Int64,
  first_seen_ms Nullable(Int64),
  last_seen_ms Nullable(Int64),
  score Float64,
  signals Array(String),
  summary String,
  accounts Array(String),
  version UInt64
) ENGINE = ReplacingMergeTree(version) ORDER BY campaign_id`,
      `CREATE TABLE IF NOT EXISTS {db}.evidence (
  account_id String,
  ts_ms Int64,
  exchange_id Nullable(String),
  excerpt String,
  signals Array(String),
  seq UInt64
) ENGINE = MergeTree ORDER BY (account_id, ts_ms, seq)`,
      `CREATE TABLE IF NOT EXISTS {db}.scans (
  scan_id String,
  started_ms Int64,
  finished_ms Int64,
  inputs Array(String),
  counts String,
  throughput Float64,
  version UInt64
) ENGINE = ReplacingMergeTree(version) ORDER BY scan_id`,
      `CREATE TABLE IF NOT EXISTS {db}.quarantine (
  file String,
  line Int64,
  reason String,
  raw Nullable(String),
  seq UInt64
) ENGINE = MergeTree ORDER BY seq`,
    ],
  },
];

/** The bookkeeping table, created before any migration. */
export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS {db}.schema_migrations (
  version UInt32,
  name String,
  applied_at DateTime DEFAULT now()
) ENGINE = ReplacingMergeTree ORDER BY version`;
