/**
 * The DuckDB schema as numbered migrations. Each is applied once, in order, in
 * its own transaction, and recorded in `schema_migrations`; reopening a store
 * applies only the ones it lacks. Never edit a released migration: add the
 * next one. The column order of `exchanges` is the order the appender writes
 * (see `exchange-buffer.ts`); a migration that changes it must change both.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE exchanges (
  id VARCHAR NOT NULL,
  ts TIMESTAMPTZ NOT NULL,
  account_id VARCHAR NOT NULL,
  org_id VARCHAR,
  api_key_id VARCHAR,
  ip VARCHAR,
  user_agent VARCHAR,
  model VARCHAR,
  endpoint VARCHAR,
  lang VARCHAR,
  status INTEGER,
  latency_ms DOUBLE,
  input_tokens INTEGER,
  output_tokens INTEGER,
  max_tokens INTEGER,
  prompt_chars INTEGER,
  user_turns INTEGER,
  tool_turns INTEGER,
  tools_offered INTEGER,
  tool_calls INTEGER,
  topic INTEGER,
  system_hash UINTEGER,
  prompt_hash UINTEGER,
  sim_hi UINTEGER,
  sim_lo UINTEGER,
  skeleton_hash UINTEGER,
  intent_cot FLOAT,
  intent_reconstruct FLOAT,
  intent_judge FLOAT,
  intent_safety_rewrite FLOAT,
  intent_agentic FLOAT,
  intent_benchmark FLOAT,
  intent_internals FLOAT,
  hit_cap BOOLEAN,
  single_turn BOOLEAN,
  -- little-endian uint32 LSH band keys of the template MinHash
  template_bands BLOB,
  -- only when the store keeps text
  prompt_text VARCHAR,
  response_text VARCHAR
);

CREATE TABLE verdicts (
  account_id VARCHAR NOT NULL,
  verdict VARCHAR NOT NULL,
  score DOUBLE NOT NULL,
  flagged_at TIMESTAMPTZ,
  campaign_id VARCHAR,
  reasons JSON NOT NULL
);

CREATE TABLE campaigns (
  campaign_id VARCHAR NOT NULL,
  exchanges BIGINT NOT NULL,
  first_seen TIMESTAMPTZ,
  last_seen TIMESTAMPTZ,
  score DOUBLE NOT NULL,
  signals JSON NOT NULL,
  summary VARCHAR NOT NULL,
  account_count INTEGER NOT NULL
);

CREATE TABLE campaign_members (
  campaign_id VARCHAR NOT NULL,
  account_id VARCHAR NOT NULL,
  -- position in the campaign's account list, so it reads back in order
  ordinal INTEGER NOT NULL
);

CREATE TABLE evidence (
  account_id VARCHAR NOT NULL,
  ts TIMESTAMPTZ NOT NULL,
  exchange_id VARCHAR,
  excerpt VARCHAR NOT NULL,
  signals JSON NOT NULL,
  seq BIGINT NOT NULL
);

CREATE TABLE scans (
  scan_id VARCHAR NOT NULL,
  started TIMESTAMPTZ NOT NULL,
  finished TIMESTAMPTZ NOT NULL,
  inputs JSON NOT NULL,
  counts JSON NOT NULL,
  throughput DOUBLE NOT NULL
);

CREATE TABLE quarantine (
  file VARCHAR NOT NULL,
  line BIGINT NOT NULL,
  reason VARCHAR NOT NULL,
  raw VARCHAR,
  seq BIGINT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'intent: synthetic training data',
    // appended at the end of the table, after the text columns: the appender writes it last
    sql: `ALTER TABLE exchanges ADD COLUMN intent_datagen FLOAT;`,
  },
];
