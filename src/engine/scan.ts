/**
 * `scan`: replays log files through the streaming engine and writes the
 * contract §3 outputs. Batch is a replay of the stream: the same Engine the
 * gateway runs, fed in event-time order.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Exchange, QuarantineRecord, Verdict, Campaign } from '../contract/types.js';
import { expandInputs, InputError, readExchanges, type SourceStats } from '../sources/files.js';
import { readAccountTable } from '../sources/accounts.js';
import { buildEngine, EngineBuildError } from './build.js';
import type { ScanConfig } from './config.js';
import type { Engine, ExchangeSink, Prepared } from './engine.js';
import { FeaturePool } from './pool.js';
import { PartitionRouter, partitionWorkerUrl, type CoordinatorHooks, type PartitionDown, type PartitionUp } from './partitioned.js';
import { RemoteSide } from './remote.js';
import { ScoringConfig } from '../scoring/score.js';
import { ThreadTransport, type PartitionTransport } from './transport.js';
import { NatsTransport } from './nats/transport.js';
import { spawnPartitions, type SpawnedPartitions } from './nats/spawn.js';
import { availableParallelism } from 'node:os';
import { ActivityRecorder } from '../report/activity.js';
import { buildReportData } from '../report/build.js';
import { renderReport } from '../report/html.js';
import { DETECTORS } from '../detectors/registry.js';
import { openStore, redactLocation, storeLocation, type Store } from '../store/store.js';
import { StorePolicy } from '../store/policy/policy.js';
import { lastUserMessage } from '../contract/parse.js';
import { randomUUID } from 'node:crypto';
import { writeSignatures } from '../signatures/index.js';

export { InputError };

export interface ScanOptions {
  inputs: string[];
  accounts?: string;
  out: string;
  /** reorder window in minutes (default 5) */
  reorderMinutes?: number;
  /** event-time minutes between cross-account sweeps (default 30) */
  sweepMinutes?: number;
  /** the store: a DuckDB file (default `OUT/distillguard.duckdb`) or a `clickhouse://` URL; false for none */
  store?: string | false;
  /** keep raw prompt and response text in the store (default: features only) */
  keepText?: boolean;
  /** which exchanges reach the store (src/store/policy/policy.ts; default: config, else flagged accounts and a sample) */
  storeExchanges?: 'flagged' | 'all';
  /** configuration (see src/engine/config.ts); options given here win over it */
  config?: ScanConfig;
  /** signal families to turn off (see src/engine/families.ts), e.g. ["timing"] */
  disable?: string[];
  /** opt-in signal families to turn on (src/engine/families.ts: `model`) */
  enable?: string[];
  /** the fitted model's file (default the shipped models/account-v3.json); for tests and for measuring a retrained model */
  modelFile?: string;
  /** longest line accepted, in bytes (default 4 MiB) */
  maxLineBytes?: number;
  /**
   * worker threads that parse and featurise lines (default: one fewer than the
   * cores, at least 1); 0 does everything on the main thread
   */
  workers?: number;
  /**
   * account partitions as worker threads (src/engine/partitioned.ts): the main
   * thread parses and orders the stream, each partition prepares the
   * exchanges of the accounts that hash to it; outputs are those of one
   * engine. When set, `workers` is not used
   */
  partitions?: number;
  /**
   * the partitions as processes over NATS JetStream instead of threads
   * (src/engine/nats/): `url` of the server; by default the scan starts the
   * `partitions` processes itself, with `external` they are started
   * elsewhere (`distillguard partition --nats URL --index p --of N`).
   * Needs `partitions`; same outputs
   */
  nats?: { url: string; external?: boolean; stream?: string };
  /** only exchanges at or after this event time (ms since the epoch) are scanned */
  sinceMs?: number;
  /** only exchanges before this event time are scanned */
  untilMs?: number;
  /** called every ~0.5 s with progress */
  onProgress?: (p: ScanProgress) => void;
}

export interface ScanProgress {
  exchanges: number;
  bytes: number;
  accounts: number;
  flagged: number;
  quarantined: number;
  elapsedMs: number;
}

export interface ScanSummary {
  files: string[];
  exchanges: number;
  accounts: number;
  flagged: number;
  review: number;
  block: number;
  campaigns: number;
  quarantined: number;
  late: number;
  /** exchanges with no prompt text: content was not judged for them */
  withoutText: number;
  sweeps: number;
  /** time spent in cross-account sweeps */
  sweepMs: number;
  elapsedMs: number;
  exchangesPerSecond: number;
  firstTs: string | null;
  lastTs: string | null;
  outDir: string;
  peakRssBytes: number;
  /** memory still live after a full garbage collection at the end (only when node runs with --expose-gc) */
  liveBytesAtEnd?: number;
  /** files that could not be read to their end; the scan covers what came before the damage */
  damaged: { file: string; afterLine: number; reason: string }[];
  /** files in the directories given that are not logs, left unread */
  skippedFiles: string[];
  /** valid exchanges outside --since/--until, not scanned */
  outsideWindow: number;
  /** the first few lines set aside, to tell what a log that yielded nothing is instead */
  firstBad: QuarantineRecord[];
}

class QuarantineWriter {
  count = 0;
  private readonly stream: WriteStream;
  constructor(path: string) {
    this.stream = createWriteStream(path);
  }
  write(q: QuarantineRecord): void {
    this.count++;
    this.stream.write(JSON.stringify(q) + '\n');
  }
  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}


/**
 * Exchanges in the partitions before the reader waits, and how far it lets
 * them drain: enough to keep every partition busy for a few batches, few
 * enough that the parsed texts held stay in the tens of megabytes.
 */
const ROUTER_HIGH = 16_384;
const ROUTER_LOW = 8_192;

/** Runs a scan. Throws InputError for unusable input (exit 2). */
export async function scan(opts: ScanOptions): Promise<ScanSummary> {
  const started = performance.now();
  // the engine is built before any file is touched: a usage error leaves no output behind
  const activity = new ActivityRecorder();
  const sinks: ExchangeSink[] = [activity];
  let engine: Engine;
  const partitioned = opts.partitions !== undefined && opts.partitions > 0;
  let transport: PartitionTransport<PartitionDown, PartitionUp> | undefined;
  let spawned: SpawnedPartitions | undefined;
  let remote: RemoteSide | undefined;
  try {
    const build = { config: opts.config, disable: opts.disable, enable: opts.enable, modelFile: opts.modelFile, reorderMinutes: opts.reorderMinutes, sweepMinutes: opts.sweepMinutes };
    // with partitions (src/engine/remote.ts), the partitions build their side from the same options
    if (partitioned) {
      // the threads start once the inputs are known to be usable (below)
      const link = { partitions: opts.partitions!, send: (p: number, m: PartitionDown) => transport!.send(p, m) };
      engine = buildEngine({ ...build, sinks }, (scoring, detectors) => (remote = new RemoteSide(link, ScoringConfig.parse(scoring ?? {}), new Set(detectors.map((d) => d.id)), sinks)));
    } else engine = buildEngine({ ...build, sinks });
  } catch (e) {
    if (e instanceof EngineBuildError) throw new InputError(e.message);
    throw e;
  }
  const skippedFiles: string[] = [];
  const files = await expandInputs(opts.inputs, skippedFiles);
  const outStat = await stat(opts.out).catch(() => null);
  if (outStat && !outStat.isDirectory()) throw new InputError(`--out ${opts.out} is a file; --out names the directory to write verdicts.jsonl, campaigns.json and report.html into`);
  await mkdir(opts.out, { recursive: true });
  const quarantine = new QuarantineWriter(join(opts.out, 'quarantine.jsonl'));
  const onBad = (r: QuarantineRecord) => {
    quarantine.write(r);
    if (quarantined.length < 100_000) quarantined.push(r);
    if (quarantine.count <= 20) process.stderr.write(`set aside ${r.file}:${r.line}: ${r.reason}\n`);
    else if (quarantine.count === 21) process.stderr.write('more lines set aside; see quarantine.jsonl\n');
  };

  const storePath = opts.store === false ? null : opts.store ?? join(opts.out, 'distillguard.duckdb');
  let store: Store | null = null;
  if (storePath) {
    // the default store belongs to this output directory, which a scan rewrites whole
    if (opts.store === undefined) await rm(storePath, { force: true }), await rm(storePath + '.wal', { force: true });
    try {
      store = await openStore({ ...storeLocation(storePath), keepText: opts.keepText ?? false, worker: true, memoryLimitMb: opts.config?.store.memoryLimitMb, threads: opts.config?.store.threads ?? 1 });
    } catch (e) {
      throw new InputError(`cannot open the store ${redactLocation(storePath)}: ${(e as Error).message}`);
    }
  }
  const keepText = opts.keepText ?? false;
  const sc = opts.config?.store;
  const storeSink = store && new StorePolicy(store, (id) => engine.accounts.get(id)?.flaggedAt != null,
    { exchanges: opts.storeExchanges ?? sc?.exchanges, sampleOneIn: sc?.sampleOneIn, recentBytes: sc?.recentBytes },
    keepText ? (ex: Exchange) => ({ prompt: lastUserMessage(ex), response: ex.response?.text ?? '' }) : undefined);
  const quarantined: QuarantineRecord[] = [];
  if (storeSink) sinks.push(storeSink);
  const rows = opts.accounts ? await readAccountTable(opts.accounts, (r) => quarantine.write(r)) : [];
  for (const a of rows) engine.addAccount(a);

  const stats: SourceStats = { lines: 0, bytes: 0, quarantined: 0 };
  let lastProgress = performance.now();
  let lastFlagCount = 0;
  let flaggedSoFar = 0;
  let peakRss = process.memoryUsage.rss();
  // what each partition builds its side from, thread or process
  const partitionData = { build: { config: opts.config, disable: opts.disable, enable: opts.enable, modelFile: opts.modelFile } };
  if (partitioned && opts.nats) {
    const nats = await NatsTransport.open<PartitionDown, PartitionUp>({ url: opts.nats.url, partitions: opts.partitions!, stream: opts.nats.stream, workerData: partitionData })
      .catch((e: Error) => { throw new InputError(`cannot use NATS at ${opts.nats!.url}: ${e.message}`); });
    transport = nats;
    if (!opts.nats.external) spawned = spawnPartitions({ url: opts.nats.url, of: opts.partitions!, stream: opts.nats.stream, onFail: (e) => nats.abort(e) });
  } else if (partitioned) transport = new ThreadTransport<PartitionDown, PartitionUp>(opts.partitions!, partitionWorkerUrl(), partitionData);
  const nWorkers = partitioned ? 0 : opts.workers ?? Math.max(1, availableParallelism() - 1);
  const pool = nWorkers > 0 ? new FeaturePool(nWorkers, keepText) : undefined;
  const coordinator: CoordinatorHooks | undefined = remote && {
    onEpoch: async (mark) => {
      engine.advance(mark.tsMs);
      await engine.sweepRemote(mark.sweepAt, mark.ts, mark.epoch);
    },
    receive: (p, m) => remote!.receive(p, m),
    fail: (e) => remote!.fail(e),
  };
  const router = transport && new PartitionRouter(transport, (p) => engine.pushOrdered(p), { ...engine.ordering(), keepText, coordinator });
  router?.sendRows(rows);
  const take = router ? (p: Prepared) => router.push(p) : (p: Prepared) => engine.pushPrepared(p);
  let ordered: { late: number; maxHeld: number; epoch: number } | undefined;
  const since = opts.sinceMs ?? -Infinity;
  const until = opts.untilMs ?? Infinity;
  const windowed = opts.sinceMs !== undefined || opts.untilMs !== undefined;
  let outsideWindow = 0;
  try {
  for await (const batch of readExchanges(files, onBad, stats, { maxLineBytes: opts.maxLineBytes, keepLine: partitioned }, pool)) {
    if (windowed) {
      for (const p of batch) {
        if (p.tsMs >= since && p.tsMs < until) take(p);
        else outsideWindow++;
      }
    } else for (const p of batch) take(p);
    // a bounded number of exchanges in the partitions: the reader waits for the engine
    if (router && router.inFlight > ROUTER_HIGH) await router.settle(ROUTER_LOW);
    const now = performance.now();
    if (now - lastProgress > 500) {
      lastProgress = now;
      const rss = process.memoryUsage.rss();
      if (rss > peakRss) peakRss = rss;
      // counting flags walks every account: refreshed every 5 s, not every progress tick
      if (now - lastFlagCount > 5000) {
        lastFlagCount = now;
        flaggedSoFar = countFlagged(engine);
      }
      opts.onProgress?.({ exchanges: engine.stats.exchanges, bytes: stats.bytes, accounts: engine.accounts.size, flagged: flaggedSoFar, quarantined: quarantine.count, elapsedMs: now - started });
    }
  }
  if (router) {
    ordered = await router.finish();
    // the last sweep and every account's verdict come from the partitions, before they stop
    await engine.finishRemote(ordered, ordered.epoch);
  } else engine.finish();
  } finally {
    await pool?.close();
    await transport?.close();
    await spawned?.stop();
  }
  storeSink?.finish();
  // With --expose-gc (benchmarks), measure what is really held at the end: the
  // engine's state, which must grow with accounts and not with exchanges.
  let liveBytesAtEnd: number | undefined;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    const m = process.memoryUsage();
    liveBytesAtEnd = m.heapUsed + m.external;
  }

  const campaigns = engine.campaignList();
  // verdicts are built one at a time as they are written, never all at once
  const ranked = [...engine.accounts.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  let review = 0;
  let block = 0;
  for (const a of ranked) {
    if (a.verdict === 'review') review++;
    else if (a.verdict === 'block') block++;
  }
  const storing = store ? storeVerdicts(store) : undefined;
  await writeOutputs(opts.out, ranked, (a) => engine.verdictOf(a), campaigns, storing);
  await writeSignatures(join(opts.out, 'signatures.json'), engine.signatures?.signatures() ?? [], engine.stats.lastMs);
  await quarantine.close();
  // maxRSS is the kernel's high-water mark (KiB), truer than sampling
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const elapsedMs = performance.now() - started;
  const st = engine.stats;
  const summary: ScanSummary = {
    files,
    exchanges: st.exchanges,
    accounts: ranked.length,
    flagged: review + block,
    review,
    block,
    campaigns: campaigns.length,
    quarantined: quarantine.count,
    late: st.late,
    withoutText: st.withoutText,
    sweeps: st.sweeps,
    sweepMs: st.sweepMs,
    elapsedMs,
    exchangesPerSecond: st.exchanges / (elapsedMs / 1000),
    firstTs: Number.isNaN(st.firstMs) ? null : new Date(st.firstMs).toISOString(),
    lastTs: Number.isNaN(st.lastMs) ? null : new Date(st.lastMs).toISOString(),
    outDir: opts.out,
    peakRssBytes: peakRss,
    damaged: stats.damaged ?? [],
    skippedFiles,
    outsideWindow,
    firstBad: quarantined.slice(0, 5),
    liveBytesAtEnd,
  };
  const report = buildReportData({
    scan: summary,
    engine,
    thresholds: { review: engine.scoring.reviewAt, block: engine.scoring.blockAt },
    activity,
    detectors: DETECTORS,
    tool: 'distillguard',
    quarantinePath: 'quarantine.jsonl',
    outputs: ['verdicts.jsonl', 'campaigns.json', 'signatures.json', 'quarantine.jsonl'],
  });
  await writeFile(join(opts.out, 'report.html'), renderReport(report));
  if (store) await fillStore(store, engine, storing!, campaigns, quarantined, summary, new Date(Date.now() - elapsedMs).toISOString(), storeSink!.stats.written);
  // the high-water mark over the whole run, writing the report and the store included
  // (the report shows it as of its own writing)
  summary.peakRssBytes = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  return summary;
}

/** The end-of-scan records the store keeps beside the exchanges it took while streaming. */
async function fillStore(store: Store, engine: Engine, verdicts: VerdictSink, campaigns: Campaign[], quarantined: QuarantineRecord[], s: ScanSummary, started: string, stored: number): Promise<void> {
  try {
    await store.flush();
    await verdicts.done();
    await store.writeCampaigns(campaigns);
    const evidence = [];
    for (const a of engine.accounts.values()) {
      if (a.verdict === 'allow' && a.score < 0.3) continue;
      for (const e of a.evidence) evidence.push({ account_id: a.id, ts: e.ts, excerpt: e.excerpt, signals: e.intents });
    }
    await store.writeEvidence(evidence);
    if (quarantined.length) await store.writeQuarantine(quarantined);
    await store.recordScan({
      scan_id: randomUUID(),
      started,
      finished: new Date().toISOString(),
      inputs: s.files,
      counts: { exchanges: s.exchanges, accounts: s.accounts, review: s.review, block: s.block, campaigns: s.campaigns, quarantined: s.quarantined, late: s.late, exchanges_stored: stored },
      throughput: s.exchangesPerSecond,
    });
  } finally {
    await store.close();
  }
}

function countFlagged(engine: Engine): number {
  let n = 0;
  for (const s of engine.accounts.values()) if (s.flaggedAt !== null) n++;
  return n;
}

/** Takes verdicts one by one and hands them to the store in chunks, one chunk in flight. */
interface VerdictSink {
  add(v: Verdict): Promise<void>;
  /** sends the last chunk and waits for all of them (rejects with the first store error) */
  done(): Promise<void>;
}

const VERDICT_CHUNK = 4096;

function storeVerdicts(store: Store): VerdictSink {
  let chunk: Verdict[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  let failed: unknown;
  const send = async () => {
    const c = chunk;
    chunk = [];
    await inFlight;
    inFlight = store.writeVerdicts(c).catch((e) => {
      failed ??= e;
    });
  };
  return {
    async add(v) {
      chunk.push(v);
      if (chunk.length >= VERDICT_CHUNK) await send();
    },
    async done() {
      if (chunk.length) await send();
      await inFlight;
      if (failed !== undefined) throw failed;
    },
  };
}

/** verdicts.jsonl (in the order given: highest score first) and campaigns.json; each verdict is built as it is written. */
async function writeOutputs<A>(out: string, accounts: A[], verdictOf: (a: A) => Verdict, campaigns: Campaign[], sink?: VerdictSink): Promise<void> {
  const ws = createWriteStream(join(out, 'verdicts.jsonl'));
  for (const a of accounts) {
    const v = verdictOf(a);
    if (!ws.write(JSON.stringify(v) + '\n')) await once(ws, 'drain');
    if (sink) await sink.add(v);
  }
  ws.end();
  await once(ws, 'finish');
  await writeFile(join(out, 'campaigns.json'), JSON.stringify(campaigns, null, 2) + '\n');
}
