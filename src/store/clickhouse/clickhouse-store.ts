/**
 * The `Store` on a ClickHouse server, through `@clickhouse/client` (HTTP).
 *
 * Exchanges are encoded as JSONEachRow lines when appended, written at once
 * as UTF-8 into the batch's byte buffer, and sent as one INSERT per batch
 * (ClickHouse wants few large inserts: each becomes a part on disk that
 * merges later). Bytes rather than kept strings: a line built by template
 * concatenation is a tree of string pieces, and holding a batch of them kept
 * the garbage collector busy for more than half the time (measured with
 * --cpu-prof); written out, each line dies young.
 *
 * Batches go out asynchronously; reads first wait for the batches already
 * sent, so a caller reads what it wrote. At most MAX_INFLIGHT batches are on
 * the wire: a batch that fills while they are waits in the queue, and memory
 * is bounded by MAX_QUEUED_BYTES, beyond which `appendExchange` refuses with a
 * StoreError rather than grow without end (a server that stopped answering).
 *
 * SQL literals are escaped here (`lit`): 18.16 predates server-side query
 * parameters.
 */
import { Readable } from 'node:stream';
import { ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import type { Campaign, Exchange, QuarantineRecord, Reason, Verdict, VerdictKind } from '../../contract/types.js';
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
import { finite, instantMs, limit, message, nonEmpty, stringArray } from '../check.js';
export { message };
import { parseClickHouseLocation, type ClickHouseLocation } from './location.js';
import { MIGRATIONS, MIGRATIONS_TABLE, type Migration } from './schema.js';

/**
 * Default rows per INSERT. ClickHouse's own advice is 10k-100k rows an
 * insert; at 65 536 a batch of features is ~60 MB of JSON and one insert
 * every second or so at scan speed (bench/store.ts).
 */
export const DEFAULT_BATCH = 65_536;
/** Bytes a batch may hold before it is sent early (long texts); 65 536 rows of features are ~60 MB. */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;
/** Batches on the wire at once: one being parsed by the server while the next is sent. */
export const MAX_INFLIGHT = 2;
/** Bytes waiting to be sent before appends are refused: the server is not keeping up or is gone. */
export const MAX_QUEUED_BYTES = 512 * 1024 * 1024;

const VERDICT_KINDS = new Set<VerdictKind>(['allow', 'review', 'block']);
const BUCKET_MS: Record<TimelineBucket, number> = { hour: 3_600_000, day: 86_400_000 };
const I32_MAX = 2147483647;

/**
 * Settings sent with every request. Each one exists in 18.16; a setting the
 * server does not know fails every query, so nothing newer goes here.
 */
const SETTINGS: ClickHouseSettings = {
  // Int64 / UInt64 as JSON numbers: every value here is below 2^53
  output_format_json_quote_64bit_integers: 0,
  // lookups by account id put the id in the query text; ids may be long
  max_query_size: '67108864',
};

const wellFormed: (s: string) => string =
  typeof (String.prototype as { toWellFormed?: unknown }).toWellFormed === 'function'
    ? (s) => (s as unknown as { toWellFormed(): string }).toWellFormed()
    : (s) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** A JSON string value; lone surrogates become U+FFFD, as in every backend. */
function js(s: string): string {
  return JSON.stringify(wellFormed(s));
}

function jsOrNull(s: unknown): string {
  return typeof s === 'string' ? js(s) : 'null';
}

/** A ClickHouse string literal. */
export function lit(s: string): string {
  return `'${wellFormed(s).replace(/[\\'\0]/g, (c) => (c === '\0' ? '\\0' : `\\${c}`))}'`;
}

/** Counts go into Int32 columns: clamp rather than wrap or fail on absurd values. */
function count(v: number): number {
  if (typeof v !== 'number' || v !== v) return 0;
  if (v >= I32_MAX) return I32_MAX;
  if (v <= -I32_MAX) return -I32_MAX;
  return Math.trunc(v);
}

/** A float column value; JSON has no NaN or infinity. */
function real(v: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * One exchange as a JSONEachRow line (the hot path: one string per row).
 * Throws `StoreError` when the exchange lacks id, account or time.
 */
export function exchangeLine(ex: Exchange, f: ExchangeFeatures, text: ExchangeText | undefined, keepText: boolean): string {
  if (typeof ex.id !== 'string' || typeof ex.account_id !== 'string') {
    throw new StoreError(`exchange ${JSON.stringify(ex.id)} lacks a string id or account_id; not stored`);
  }
  const ts = ex.tsMs;
  if (typeof ts !== 'number' || !Number.isFinite(ts)) {
    throw new StoreError(`exchange ${JSON.stringify(ex.id)} has no valid tsMs (ts ${JSON.stringify(ex.ts)}); not stored`);
  }
  const it = f.intent;
  const b = f.templateBands;
  const bands = b instanceof Uint32Array && b.length > 0 ? b.join(',') : '';
  const status = typeof ex.status === 'number' && Number.isFinite(ex.status) ? count(ex.status) : 'null';
  const latency = typeof ex.latency_ms === 'number' && Number.isFinite(ex.latency_ms) ? ex.latency_ms : 'null';
  const prompt = keepText && text && typeof text.prompt === 'string' ? js(text.prompt) : 'null';
  const response = keepText && text && typeof text.response === 'string' ? js(text.response) : 'null';
  return (
    `{"id":${js(ex.id)},"ts_ms":${Math.round(ts)},"account_id":${js(ex.account_id)},"org_id":${jsOrNull(ex.org_id)},` +
    `"api_key_id":${jsOrNull(ex.api_key_id)},"ip":${jsOrNull(ex.ip)},"user_agent":${jsOrNull(ex.user_agent)},"model":${jsOrNull(ex.model)},` +
    `"endpoint":${jsOrNull(ex.endpoint)},"lang":${typeof f.lang === 'string' ? js(f.lang) : '""'},"status":${status},"latency_ms":${latency},` +
    `"input_tokens":${count(f.inputTokens)},"output_tokens":${count(f.outputTokens)},"max_tokens":${count(f.maxTokens)},` +
    `"prompt_chars":${count(f.promptChars)},"user_turns":${count(f.userTurns)},"tool_turns":${count(f.toolTurns)},` +
    `"tools_offered":${count(f.toolsOffered)},"tool_calls":${count(f.toolCalls)},"topic":${count(f.topic)},` +
    `"system_hash":${f.systemHash >>> 0},"prompt_hash":${f.promptHash >>> 0},"sim_hi":${f.simHi >>> 0},"sim_lo":${f.simLo >>> 0},` +
    `"skeleton_hash":${f.skeletonHash >>> 0},"intent_cot":${real(it.cot)},"intent_reconstruct":${real(it.reconstruct)},` +
    `"intent_judge":${real(it.judge)},"intent_safety_rewrite":${real(it.safetyRewrite)},"intent_agentic":${real(it.agentic)},` +
    `"intent_benchmark":${real(it.benchmark)},"intent_internals":${real(it.internals)},"intent_datagen":${real(it.datagen)},` +
    `"hit_cap":${f.hitCap ? 1 : 0},"single_turn":${f.userTurns <= 1 ? 1 : 0},"template_bands":[${bands}],` +
    `"prompt_text":${prompt},"response_text":${response}}\n`
  );
}

function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return new Date(Number(v)).toISOString();
}

function parseJson<T>(v: unknown, what: string): T {
  if (typeof v !== 'string') throw new StoreError(`corrupt store: ${what} is not text`);
  try {
    return JSON.parse(v) as T;
  } catch {
    throw new StoreError(`corrupt store: ${what} is not valid JSON`);
  }
}

type Row = Record<string, unknown>;

/** Says what went wrong talking to the server at `where`, in words an operator can act on. */
export function describeFailure(e: unknown, where: string, username: string): string {
  const code = (e as { code?: unknown })?.code;
  const text = message(e);
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) return `cannot reach ClickHouse at ${where}: connection refused (is the server running?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot reach ClickHouse at ${where}: host not found`;
  if (code === 'ECONNRESET' || /socket hang up/i.test(text)) return `ClickHouse at ${where} closed the connection: ${text}`;
  if (/timeout/i.test(text)) return `ClickHouse at ${where} did not answer in time: ${text}`;
  // 192 unknown user, 193 wrong password, 516 authentication failed (newer servers)
  if (code === '192' || code === '193' || code === '516' || /password|authentication/i.test(text)) {
    return `ClickHouse at ${where} refused user ${JSON.stringify(username)}: ${firstLine(text)}`;
  }
  return `ClickHouse at ${where}: ${firstLine(text)}`;
}

function firstLine(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}

/**
 * Opens the ClickHouse store at `location` (`clickhouse://user:pw@host:8123/db`),
 * creating the database and applying the migrations it lacks.
 */
export async function openClickHouseStore(location: string, options: StoreOptions = {}): Promise<ClickHouseStore> {
  const opts = checkOptions({ ...options, batchSize: options.batchSize ?? DEFAULT_BATCH });
  const loc = parseClickHouseLocation(location);
  const client = createClient({
    url: loc.url,
    username: loc.username,
    password: loc.password,
    request_timeout: 300_000,
    // loopback or a LAN: compressing costs more CPU than it saves
    compression: { request: false, response: false },
    clickhouse_settings: SETTINGS,
    // failures reach the caller as StoreErrors; the client's own log would say them twice
    log: { level: ClickHouseLogLevel.OFF },
  });
  try {
    const ping = await client.ping();
    if (!ping.success) throw new StoreError(describeFailure(ping.error, loc.label, loc.username), { cause: ping.error });
    const version = await migrate(client, loc, MIGRATIONS);
    const seq = await client.query({
      query: `SELECT max(m) AS s FROM (
          SELECT max(seq) AS m FROM ${loc.database}.evidence UNION ALL SELECT max(seq) AS m FROM ${loc.database}.quarantine
          UNION ALL SELECT max(version) AS m FROM ${loc.database}.verdicts UNION ALL SELECT max(version) AS m FROM ${loc.database}.campaigns
          UNION ALL SELECT max(version) AS m FROM ${loc.database}.scans)`,
      format: 'JSONEachRow',
    });
    const [{ s }] = await seq.json<{ s: number | string }>();
    return new ClickHouseStore(client, loc, opts, version, Number(s));
  } catch (e) {
    await client.close().catch(() => undefined);
    if (e instanceof StoreError) throw e;
    throw new StoreError(`cannot open store ${loc.label}: ${describeFailure(e, loc.label, loc.username)}`, { cause: e });
  }
}

/**
 * Creates the database and applies the migrations not yet recorded. Refuses
 * a store written by a newer schema, or one whose recorded migrations do not
 * match these (a migration was edited).
 */
export async function migrate(client: ClickHouseClient, loc: ClickHouseLocation, migrations: readonly Migration[]): Promise<number> {
  const sql = (s: string) => s.replaceAll('{db}', loc.database);
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${loc.database}` });
  await client.command({ query: sql(MIGRATIONS_TABLE) });
  const rs = await client.query({ query: `SELECT version, any(name) AS name FROM ${loc.database}.schema_migrations GROUP BY version ORDER BY version`, format: 'JSONEachRow' });
  const applied = new Map((await rs.json<{ version: number; name: string }>()).map((r) => [Number(r.version), r.name]));
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const [v, name] of applied) {
    const m = known.get(v);
    if (!m) throw new StoreError(`store ${loc.label} has schema version ${v}, newer than this distillguard knows (up to ${migrations.length}); upgrade distillguard`);
    if (m.name !== name) throw new StoreError(`store ${loc.label}: migration ${v} was recorded as "${name}" but is "${m.name}" here`);
  }
  let version = 0;
  for (const m of migrations) {
    if (!applied.has(m.version)) {
      try {
        for (const s of m.statements) await client.command({ query: sql(s) });
        await client.insert({ table: `${loc.database}.schema_migrations`, values: [{ version: m.version, name: m.name }], format: 'JSONEachRow' });
      } catch (e) {
        throw new StoreError(`store ${loc.label}: migration ${m.version} (${m.name}) failed: ${describeFailure(e, loc.label, loc.username)}`, { cause: e });
      }
    }
    version = m.version;
  }
  return version;
}

export class ClickHouseStore implements Store {
  readonly kind = 'clickhouse';
  readonly keepText: boolean;
  private readonly batchSize: number;
  private readonly db: string;
  /** UTF-8 JSONEachRow lines of the batch being filled: `used` bytes of `buf` in `batchRows` rows */
  private buf: Buffer = Buffer.allocUnsafeSlow(1 << 20);
  private used = 0;
  private batchRows = 0;
  /** a sent batch's buffer, kept for the next batch */
  private spare: Buffer | null = null;
  /** full batches waiting for a free slot on the wire */
  private readonly queued: { bytes: Buffer; rows: number }[] = [];
  private queuedBytes = 0;
  private inflight = 0;
  /** resolved when nothing is queued or in flight */
  private idle: { promise: Promise<void>; resolve: () => void } | null = null;
  private readonly timer: NodeJS.Timeout | null;
  private lastWrite = Date.now();
  private failure: StoreError | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  /** last seq / version handed out: increasing, and near the clock so other writers' rows order too */
  private lastSeq: number;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly loc: ClickHouseLocation,
    opts: Required<StoreOptions>,
    private readonly version: number,
    lastSeq: number,
  ) {
    this.keepText = opts.keepText;
    this.batchSize = opts.batchSize;
    this.db = loc.database;
    this.lastSeq = Number.isFinite(lastSeq) ? lastSeq : 0;
    const every = opts.flushIntervalMs;
    if (every > 0) {
      this.timer = setInterval(() => {
        if (this.batchRows > 0 && Date.now() - this.lastWrite >= every) this.sealBatch();
      }, every);
      this.timer.unref();
    } else {
      this.timer = null;
    }
  }

  /** The location without its password. */
  get location(): string {
    return this.loc.label;
  }

  appendExchange(ex: Exchange, f: ExchangeFeatures, text?: ExchangeText): void {
    if (this.closed) throw new StoreError('store is closed');
    if (this.failure) throw this.failure;
    if (this.queuedBytes > MAX_QUEUED_BYTES) {
      throw new StoreError(`store ${this.loc.label}: ${this.queued.length} batches (${Math.round(this.queuedBytes / 1048576)} MiB) wait for ClickHouse; it is not keeping up or not answering`);
    }
    const line = exchangeLine(ex, f, text, this.keepText);
    // at most 3 UTF-8 bytes per UTF-16 unit
    const need = this.used + line.length * 3;
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, need));
      this.buf.copy(grown, 0, 0, this.used);
      this.buf = grown;
    }
    this.used += this.buf.write(line, this.used);
    this.batchRows++;
    if (this.batchRows >= this.batchSize || this.used >= MAX_BATCH_BYTES) this.sealBatch();
  }

  /** Moves the batch being filled to the send queue and sends what the wire has room for. */
  private sealBatch(): void {
    if (this.batchRows === 0) return;
    this.queued.push({ bytes: this.buf.subarray(0, this.used), rows: this.batchRows });
    this.queuedBytes += this.used;
    this.buf = this.spare && this.spare.length >= this.buf.length ? this.spare : Buffer.allocUnsafeSlow(this.buf.length);
    this.spare = null;
    this.used = 0;
    this.batchRows = 0;
    this.lastWrite = Date.now();
    this.pump();
  }

  private pump(): void {
    while (this.inflight < MAX_INFLIGHT && this.queued.length > 0 && !this.failure) {
      const batch = this.queued.shift()!;
      this.inflight++;
      this.insert('exchanges', batch.bytes)
        .catch((e: unknown) => {
          this.failure ??= new StoreError(`writing ${batch.rows} exchanges to store ${this.loc.label} failed: ${describeFailure(e, this.loc.label, this.loc.username)}`, { cause: e });
        })
        .finally(() => {
          this.inflight--;
          this.queuedBytes -= batch.bytes.length;
          this.spare = Buffer.from(batch.bytes.buffer, 0, batch.bytes.buffer.byteLength);
          this.lastWrite = Date.now();
          this.pump();
        });
    }
    if (this.failure) {
      this.queued.length = 0;
      this.queuedBytes = 0;
    }
    if (this.inflight === 0 && this.queued.length === 0 && this.idle) {
      this.idle.resolve();
      this.idle = null;
    }
  }

  /** Resolves when every batch sealed so far is written (or failed). */
  private settled(): Promise<void> {
    if (this.inflight === 0 && this.queued.length === 0) return Promise.resolve();
    if (!this.idle) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.idle = { promise, resolve };
    }
    return this.idle.promise;
  }

  /** One INSERT of JSONEachRow lines (a string per line, or UTF-8 bytes) into `table`. */
  private async insert(table: string, lines: readonly string[] | Buffer): Promise<void> {
    if (lines.length === 0) return;
    const body = Buffer.isBuffer(lines) ? lines : Buffer.from(lines.join(''), 'utf8');
    const r = await this.client.exec({
      query: `INSERT INTO ${this.db}.${table} FORMAT JSONEachRow`,
      values: Readable.from([body], { objectMode: false }),
    });
    r.stream.resume();
    await new Promise<void>((res, rej) => r.stream.once('end', res).once('error', rej));
  }

  async flush(): Promise<void> {
    if (this.closed) throw new StoreError('store is closed');
    if (this.failure) throw this.failure;
    this.sealBatch();
    await this.settled();
    if (this.failure) throw this.failure;
  }

  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (!this.failure) this.sealBatch();
    await this.settled();
    this.closed = true;
    await this.client.close().catch(() => undefined);
    if (this.failure) throw this.failure;
  }

  /** `n` increasing numbers for seq / version columns; the first is returned. */
  private nextSeq(n: number): number {
    const first = Math.max(this.lastSeq + 1, Date.now() * 1000);
    this.lastSeq = first + n - 1;
    return first;
  }

  /** Runs a write or read once the exchange batches before it are written. */
  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError('store is closed');
    await this.settled();
    try {
      return await fn();
    } catch (e) {
      if (e instanceof StoreError) throw e;
      throw new StoreError(`${what} in store ${this.loc.label} failed: ${describeFailure(e, this.loc.label, this.loc.username)}`, { cause: e });
    }
  }

  private async rows(sql: string): Promise<Row[]> {
    const rs = await this.client.query({ query: sql, format: 'JSONEachRow' });
    return rs.json<Row>();
  }

  writeVerdicts(verdicts: readonly Verdict[]): Promise<void> {
    if (!Array.isArray(verdicts)) return Promise.reject(new StoreError('writeVerdicts expects an array of verdicts'));
    // the last verdict for an account within the call wins
    const last = new Map<string, string>();
    try {
      verdicts.forEach((v, i) => {
        const where = `verdict ${i}`;
        if (v === null || typeof v !== 'object') throw new StoreError(`${where} is not an object`);
        const id = nonEmpty(v.account_id, `${where}: account_id`);
        if (!VERDICT_KINDS.has(v.verdict)) throw new StoreError(`verdict of account ${id}: verdict must be allow, review or block, got ${JSON.stringify(v.verdict)}`);
        const score = finite(v.score, `verdict of account ${id}: score`);
        const flagged = v.flagged_at === null || v.flagged_at === undefined ? null : instantMs(v.flagged_at, `verdict of account ${id}: flagged_at`);
        if (v.campaign_id !== null && v.campaign_id !== undefined && typeof v.campaign_id !== 'string') {
          throw new StoreError(`verdict of account ${id}: campaign_id must be a string or null`);
        }
        if (!Array.isArray(v.reasons)) throw new StoreError(`verdict of account ${id}: reasons must be an array`);
        last.set(id, `"account_id":${js(id)},"verdict":${js(v.verdict)},"score":${score},"flagged_at_ms":${flagged ?? 'null'},"campaign_id":${jsOrNull(v.campaign_id)},"reasons":${js(JSON.stringify(v.reasons))}`);
      });
    } catch (e) {
      return Promise.reject(e);
    }
    if (last.size === 0) return Promise.resolve();
    const version = this.nextSeq(1);
    const lines = [...last.values()].map((l) => `{${l},"version":${version}}\n`);
    return this.run('writing verdicts', () => this.insert('verdicts', lines));
  }

  writeCampaigns(campaigns: readonly Campaign[]): Promise<void> {
    if (!Array.isArray(campaigns)) return Promise.reject(new StoreError('writeCampaigns expects an array of campaigns'));
    const last = new Map<string, string>();
    try {
      campaigns.forEach((c, i) => {
        if (c === null || typeof c !== 'object') throw new StoreError(`campaign ${i} is not an object`);
        const id = nonEmpty(c.campaign_id, `campaign ${i}: campaign_id`);
        const accounts = stringArray(c.accounts, `campaign ${id}: accounts`);
        const exchanges = finite(c.exchanges, `campaign ${id}: exchanges`);
        const first = c.first_seen ? instantMs(c.first_seen, `campaign ${id}: first_seen`) : null;
        const lastSeen = c.last_seen ? instantMs(c.last_seen, `campaign ${id}: last_seen`) : null;
        const score = finite(c.score, `campaign ${id}: score`);
        const signals = stringArray(c.signals, `campaign ${id}: signals`);
        if (typeof c.summary !== 'string') throw new StoreError(`campaign ${id}: summary must be a string`);
        last.set(
          id,
          `"campaign_id":${js(id)},"exchanges":${Math.round(exchanges)},"first_seen_ms":${first ?? 'null'},"last_seen_ms":${lastSeen ?? 'null'},` +
            `"score":${score},"signals":[${signals.map(js).join(',')}],"summary":${js(c.summary)},"accounts":[${accounts.map(js).join(',')}]`,
        );
      });
    } catch (e) {
      return Promise.reject(e);
    }
    if (last.size === 0) return Promise.resolve();
    const version = this.nextSeq(1);
    const lines = [...last.values()].map((l) => `{${l},"version":${version}}\n`);
    return this.run('writing campaigns', () => this.insert('campaigns', lines));
  }

  writeEvidence(evidence: readonly EvidenceRecord[]): Promise<void> {
    if (!Array.isArray(evidence)) return Promise.reject(new StoreError('writeEvidence expects an array of evidence records'));
    let lines: string[];
    try {
      lines = evidence.map((e, i) => {
        if (e === null || typeof e !== 'object') throw new StoreError(`evidence ${i} is not an object`);
        const id = nonEmpty(e.account_id, `evidence ${i}: account_id`);
        const ts = instantMs(e.ts, `evidence ${i} of account ${id}: ts`);
        if (typeof e.excerpt !== 'string') throw new StoreError(`evidence ${i} of account ${id}: excerpt must be a string`);
        const signals = stringArray(e.signals, `evidence ${i} of account ${id}: signals`);
        const ex = e.exchange_id === undefined || e.exchange_id === null ? null : nonEmpty(e.exchange_id, `evidence ${i} of account ${id}: exchange_id`);
        return `"account_id":${js(id)},"ts_ms":${ts},"exchange_id":${jsOrNull(ex)},"excerpt":${js(e.excerpt)},"signals":[${signals.map(js).join(',')}]`;
      });
    } catch (e) {
      return Promise.reject(e);
    }
    if (lines.length === 0) return Promise.resolve();
    const base = this.nextSeq(lines.length);
    return this.run('writing evidence', () => this.insert('evidence', lines.map((l, i) => `{${l},"seq":${base + i}}\n`)));
  }

  writeQuarantine(records: readonly QuarantineRecord[]): Promise<void> {
    if (!Array.isArray(records)) return Promise.reject(new StoreError('writeQuarantine expects an array of quarantine records'));
    let lines: string[];
    try {
      lines = records.map((q, i) => {
        if (q === null || typeof q !== 'object') throw new StoreError(`quarantine record ${i} is not an object`);
        if (typeof q.file !== 'string') throw new StoreError(`quarantine record ${i}: file must be a string`);
        const line = finite(q.line, `quarantine record ${i}: line`);
        if (typeof q.reason !== 'string') throw new StoreError(`quarantine record ${i}: reason must be a string`);
        return `"file":${js(q.file)},"line":${Math.trunc(line)},"reason":${js(q.reason)},"raw":${jsOrNull(q.raw)}`;
      });
    } catch (e) {
      return Promise.reject(e);
    }
    if (lines.length === 0) return Promise.resolve();
    const base = this.nextSeq(lines.length);
    return this.run('writing quarantine', () => this.insert('quarantine', lines.map((l, i) => `{${l},"seq":${base + i}}\n`)));
  }

  recordScan(s: ScanRecord): Promise<void> {
    let line: string;
    try {
      if (s === null || typeof s !== 'object') throw new StoreError('recordScan expects a scan record');
      const id = nonEmpty(s.scan_id, 'scan: scan_id');
      const started = instantMs(s.started, `scan ${id}: started`);
      const finished = instantMs(s.finished, `scan ${id}: finished`);
      const inputs = stringArray(s.inputs, `scan ${id}: inputs`);
      if (s.counts === null || typeof s.counts !== 'object' || Array.isArray(s.counts)) throw new StoreError(`scan ${id}: counts must be an object`);
      for (const [k, v] of Object.entries(s.counts)) finite(v, `scan ${id}: counts.${k}`);
      const throughput = finite(s.throughput, `scan ${id}: throughput`);
      line = `{"scan_id":${js(id)},"started_ms":${started},"finished_ms":${finished},"inputs":[${inputs.map(js).join(',')}],"counts":${js(JSON.stringify(s.counts))},"throughput":${throughput},"version":${this.nextSeq(1)}}\n`;
    } catch (e) {
      return Promise.reject(e);
    }
    return this.run('recording the scan', () => this.insert('scans', [line]));
  }

  // ---- read side ----

  private async timeline(where: string, bucket: TimelineBucket): Promise<TimelinePoint[]> {
    const ms = BUCKET_MS[bucket];
    if (!ms) throw new StoreError(`timeline bucket must be "hour" or "day", got ${JSON.stringify(bucket)}`);
    // floor division, also for instants before 1970 (intDiv rounds toward zero)
    const rows = await this.run('reading a timeline', () =>
      this.rows(
        `SELECT ts_ms - ((ts_ms % ${ms}) + ${ms}) % ${ms} AS bucket, count() AS exchanges, uniqExact(account_id) AS accounts,
                sum(toInt64(input_tokens)) AS input_tokens, sum(toInt64(output_tokens)) AS output_tokens, sum(hit_cap) AS hit_cap
           FROM ${this.db}.exchanges WHERE ${where} GROUP BY bucket ORDER BY bucket`,
      ),
    );
    return rows.map((r) => ({
      bucket: iso(r.bucket) as string,
      exchanges: Number(r.exchanges),
      accounts: Number(r.accounts),
      input_tokens: Number(r.input_tokens),
      output_tokens: Number(r.output_tokens),
      hit_cap: Number(r.hit_cap),
    }));
  }

  async accountTimeline(accountId: string, bucket: TimelineBucket): Promise<TimelinePoint[]> {
    if (typeof accountId !== 'string') throw new StoreError('accountTimeline needs an account id string');
    return this.timeline(`account_id = ${lit(accountId)}`, bucket);
  }

  async campaignTimeline(campaignId: string, bucket: TimelineBucket = 'hour'): Promise<TimelinePoint[]> {
    if (typeof campaignId !== 'string') throw new StoreError('campaignTimeline needs a campaign id string');
    return this.timeline(`account_id IN (SELECT arrayJoin(accounts) FROM ${this.db}.campaigns FINAL WHERE campaign_id = ${lit(campaignId)})`, bucket);
  }

  async topAccounts(n: number): Promise<AccountSummary[]> {
    const k = limit(n, 10, 100_000, 'topAccounts n');
    if (k === 0) return [];
    const top = `SELECT account_id, verdict, score, flagged_at_ms, campaign_id FROM ${this.db}.verdicts FINAL ORDER BY score DESC, account_id LIMIT ${k}`;
    // 18.16 wants ANY/ALL on joins and fills misses with defaults: two queries joined here read plainer
    const [tops, acts] = await this.run('reading top accounts', () =>
      Promise.all([
        this.rows(top),
        this.rows(
          `SELECT account_id, count() AS n, min(ts_ms) AS f, max(ts_ms) AS l FROM ${this.db}.exchanges
            WHERE account_id IN (SELECT account_id FROM (${top})) GROUP BY account_id`,
        ),
      ]),
    );
    const act = new Map(acts.map((r) => [r.account_id as string, r]));
    return tops.map((r) => {
      const a = act.get(r.account_id as string);
      return {
        account_id: r.account_id as string,
        verdict: r.verdict as VerdictKind,
        score: Number(r.score),
        flagged_at: iso(r.flagged_at_ms),
        campaign_id: (r.campaign_id as string | null) ?? null,
        exchanges: a ? Number(a.n) : 0,
        first_seen: a ? iso(a.f) : null,
        last_seen: a ? iso(a.l) : null,
      };
    });
  }

  async exchangeCount(): Promise<number> {
    const rows = await this.run('counting exchanges', () => this.rows(`SELECT count() AS n FROM ${this.db}.exchanges`));
    return Number(rows[0].n);
  }

  async verdict(accountId: string): Promise<Verdict | null> {
    if (typeof accountId !== 'string') throw new StoreError('verdict needs an account id string');
    const rows = await this.run('reading a verdict', () =>
      this.rows(`SELECT account_id, verdict, score, flagged_at_ms, campaign_id, reasons FROM ${this.db}.verdicts FINAL WHERE account_id = ${lit(accountId)} LIMIT 1`),
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return {
      account_id: r.account_id as string,
      verdict: r.verdict as VerdictKind,
      score: Number(r.score),
      flagged_at: iso(r.flagged_at_ms),
      campaign_id: (r.campaign_id as string | null) ?? null,
      reasons: parseJson<Reason[]>(r.reasons, `reasons of account ${accountId}`),
    };
  }

  private async readCampaigns(where: string): Promise<Campaign[]> {
    const rows = await this.run('reading campaigns', () =>
      this.rows(
        `SELECT campaign_id, exchanges, first_seen_ms, last_seen_ms, score, signals, summary, accounts
           FROM ${this.db}.campaigns FINAL ${where} ORDER BY score DESC, campaign_id`,
      ),
    );
    return rows.map((r) => ({
      campaign_id: r.campaign_id as string,
      accounts: r.accounts as string[],
      exchanges: Number(r.exchanges),
      first_seen: iso(r.first_seen_ms) ?? '',
      last_seen: iso(r.last_seen_ms) ?? '',
      score: Number(r.score),
      signals: r.signals as string[],
      summary: r.summary as string,
    }));
  }

  async campaign(campaignId: string): Promise<Campaign | null> {
    if (typeof campaignId !== 'string') throw new StoreError('campaign needs a campaign id string');
    const c = await this.readCampaigns(`WHERE campaign_id = ${lit(campaignId)}`);
    return c[0] ?? null;
  }

  campaigns(): Promise<Campaign[]> {
    return this.readCampaigns('');
  }

  async evidence(accountId: string): Promise<EvidenceRecord[]> {
    if (typeof accountId !== 'string') throw new StoreError('evidence needs an account id string');
    const rows = await this.run('reading evidence', () =>
      this.rows(`SELECT account_id, ts_ms, exchange_id, excerpt, signals FROM ${this.db}.evidence WHERE account_id = ${lit(accountId)} ORDER BY ts_ms, seq`),
    );
    return rows.map((r) => ({
      account_id: r.account_id as string,
      ts: iso(r.ts_ms) as string,
      exchange_id: (r.exchange_id as string | null) ?? null,
      excerpt: r.excerpt as string,
      signals: r.signals as string[],
    }));
  }

  async scans(): Promise<ScanRecord[]> {
    const rows = await this.run('reading scans', () =>
      this.rows(`SELECT scan_id, started_ms, finished_ms, inputs, counts, throughput FROM ${this.db}.scans FINAL ORDER BY started_ms, scan_id`),
    );
    return rows.map((r) => ({
      scan_id: r.scan_id as string,
      started: iso(r.started_ms) as string,
      finished: iso(r.finished_ms) as string,
      inputs: r.inputs as string[],
      counts: parseJson<Record<string, number>>(r.counts, 'scans.counts'),
      throughput: Number(r.throughput),
    }));
  }

  async quarantine(max?: number): Promise<QuarantineRecord[]> {
    const k = limit(max, 1000, 1_000_000, 'quarantine limit');
    const rows = await this.run('reading quarantine', () => this.rows(`SELECT file, line, reason, raw FROM ${this.db}.quarantine ORDER BY seq LIMIT ${k}`));
    return rows.map((r) => ({ file: r.file as string, line: Number(r.line), reason: r.reason as string, raw: (r.raw as string | null) ?? '' }));
  }

  async exchanges(q: ExchangeQuery = {}): Promise<StoredExchange[]> {
    if (q === null || typeof q !== 'object') throw new StoreError('exchanges query must be an object');
    const k = limit(q.limit, 100, 10_000, 'exchanges limit');
    const byAccount = q.accountId !== undefined;
    if (byAccount && typeof q.accountId !== 'string') throw new StoreError('exchanges query accountId must be a string');
    const rows = await this.run('reading exchanges', () =>
      this.rows(`SELECT * FROM ${this.db}.exchanges ${byAccount ? `WHERE account_id = ${lit(q.accountId as string)}` : ''} ORDER BY ts_ms, id LIMIT ${k}`),
    );
    return rows.map(toStoredExchange);
  }

  async schemaVersion(): Promise<number> {
    if (this.closed) throw new StoreError('store is closed');
    return this.version;
  }
}

function toStoredExchange(r: Row): StoredExchange {
  const s = (k: string) => (r[k] as string | null) ?? null;
  const n = (k: string) => Number(r[k] ?? 0);
  const f32 = (k: string) => Math.fround(Number(r[k] ?? 0));
  const features: ExchangeFeatures = {
    promptChars: n('prompt_chars'),
    userTurns: n('user_turns'),
    toolTurns: n('tool_turns'),
    systemHash: n('system_hash'),
    promptHash: n('prompt_hash'),
    simHi: n('sim_hi'),
    simLo: n('sim_lo'),
    skeletonHash: n('skeleton_hash'),
    templateBands: Uint32Array.from(r.template_bands as number[]),
    topic: n('topic'),
    lang: s('lang') ?? '',
    intent: {
      cot: f32('intent_cot'),
      reconstruct: f32('intent_reconstruct'),
      judge: f32('intent_judge'),
      safetyRewrite: f32('intent_safety_rewrite'),
      agentic: f32('intent_agentic'),
      benchmark: f32('intent_benchmark'),
      internals: f32('intent_internals'),
      datagen: f32('intent_datagen'),
    },
    inputTokens: n('input_tokens'),
    outputTokens: n('output_tokens'),
    maxTokens: n('max_tokens'),
    hitCap: Number(r.hit_cap) === 1,
    toolsOffered: n('tools_offered'),
    toolCalls: n('tool_calls'),
  };
  return {
    id: r.id as string,
    ts: iso(r.ts_ms) as string,
    account_id: r.account_id as string,
    org_id: s('org_id'),
    api_key_id: s('api_key_id'),
    ip: s('ip'),
    user_agent: s('user_agent'),
    model: s('model'),
    endpoint: s('endpoint'),
    status: r.status === null || r.status === undefined ? null : Number(r.status),
    latency_ms: r.latency_ms === null || r.latency_ms === undefined ? null : Number(r.latency_ms),
    single_turn: Number(r.single_turn) === 1,
    features,
    prompt_text: s('prompt_text'),
    response_text: s('response_text'),
  };
}
