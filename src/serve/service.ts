/**
 * The running service: the streaming engine fed by what arrives (the API,
 * a watched directory), the analyst's decisions, and where they go (audit
 * log, block list, signatures, webhooks).
 *
 * What survives a restart, and how:
 * - exchanges: every accepted line is appended to a journal beside the store
 *   before the engine sees it, and the moments the engine settled (see
 *   `settle`) are recorded with it; at start the journal is replayed through
 *   the same engine, settling at the same points, so verdicts, campaigns and
 *   their ids come back as they were. The DuckDB store is rebuilt by that
 *   replay: it is the engine's output, read by SQL and the timelines.
 * - decisions (statuses, blocks, annotations): the audit log is the record,
 *   and the service's state is the audit log applied in order.
 * - webhook deliveries, webhooks added through the API, imported indicators
 *   and quarantined lines: files of their own beside the store.
 */
import { appendFileSync, closeSync, existsSync, ftruncateSync, openSync, readSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { parseExchangeLine } from '../contract/parse.js';
import type { AccountRecord, Campaign, Exchange, QuarantineRecord, Verdict } from '../contract/types.js';
import { AuditLog, type AuditEntry, type AuditInput } from '../audit/audit.js';
import { buildEngine } from '../engine/build.js';
import type { ScanConfig } from '../engine/config.js';
import type { Engine, Prepared } from '../engine/engine.js';
import { FeaturePool } from '../engine/pool.js';
import { unpackItems } from '../engine/handoff.js';
import type { ExchangeFeatures } from '../features/types.js';
import { ActivityRecorder } from '../report/activity.js';
import { graphOf } from '../report/build.js';
import type { TimeSeries } from '../report/types.js';
import { toSignaturesFile, type SignaturesFile } from '../signatures/index.js';
import { readExchanges } from '../sources/files.js';
import { spansToExchanges } from '../import/index.js';
import { accountCaseId, type ManualBlock } from '../policy/index.js';
import { readAccountTable } from '../sources/accounts.js';
import { openStore, type Store } from '../store/store.js';
import type { AccountState } from '../state/account.js';
import { Webhooks, type RetryPolicy } from './webhooks.js';
import type { WebhookConfig as WebhookConfigSchema } from './schemas.js';
import type { z } from 'zod';
import { exportBundle, importBundle, type StixBundle } from './stix.js';

type WebhookConfig = z.infer<typeof WebhookConfigSchema>;
type SignatureJson = SignaturesFile['signatures'][number];

export type CampaignStatus = 'open' | 'confirmed' | 'dismissed';

export interface ServiceOptions {
  /** the DuckDB store file; the journal and the service's other files sit beside it */
  store: string;
  /** account table (contract §2) */
  accounts?: string;
  /** the block list the gateway reads (default: `blocklist.json` beside the store) */
  blocklist?: string;
  /** signatures for the gateway (default: `signatures.json` beside the store) */
  signatures?: string;
  config?: ScanConfig;
  /** webhooks from `--webhooks FILE` */
  webhooks?: WebhookConfig[];
  retry?: RetryPolicy;
  /** quiet wall-clock time after which the engine settles (default 2000 ms) */
  settleMs?: number;
  /** feature worker threads (default: cores - 1, at least 1; 0: parse on this thread) */
  workers?: number;
  /** the name STIX bundles are shared under */
  provider?: string;
  /** longest line accepted, in bytes (default 4 MiB, as scan) */
  maxLineBytes?: number;
  log?: (line: string) => void;
}

export interface BlockEntry {
  account_id: string;
  campaign_id: string | null;
  actor: string;
  at: string;
  note: string;
}

export interface Annotation {
  at: string;
  actor: string;
  target: string;
  note: string;
}

export interface CampaignView extends Campaign {
  status: CampaignStatus;
  decision: { action: 'confirm' | 'dismiss'; actor: string; at: string; note: string } | null;
}

/** An expected failure of an action, turned into an HTTP answer by the API. */
export class ServiceError extends Error {
  constructor(readonly status: 400 | 404 | 409 | 415 | 413, readonly code: string, message: string) {
    super(message);
  }
}

/** Sort order of lists: score high to low, then id. */
function before(sa: number, ia: string, sb: number, ib: string): boolean {
  return sa > sb || (sa === sb && ia < ib);
}

export function encodeCursor(score: number, id: string): string {
  return Buffer.from(JSON.stringify([score, id])).toString('base64url');
}

export function decodeCursor(c: string): [number, string] | null {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through
  }
  return null;
}

function seriesPoints(s: TimeSeries | undefined): { t: string; exchanges: number }[] {
  if (!s) return [];
  const out = [];
  for (let i = 0; i < s.counts.length; i++) out.push({ t: new Date(s.startMs + i * s.bucketMs).toISOString(), exchanges: s.counts[i]! });
  return out;
}

/** Writes a file whole or not at all (a reader never sees half of it). */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const JOURNAL_BATCH = 4096;
/**
 * Under a steady feed verdicts reach the store at most this often; at every
 * settle and at shutdown they are written at once. Each sync rebuilds the
 * reasons of every account that moved, which under a steady feed is most of
 * the active ones: at 100k accounts a sync every 5 s took a third of the
 * service's time. The API reads the engine, never these rows.
 */
const STORE_SYNC_MS = 60_000;

export class Service {
  readonly engine: Engine;
  readonly audit: AuditLog;
  readonly webhooks: Webhooks;
  private store!: Store;
  private pool?: FeaturePool;
  private readonly activity = new ActivityRecorder();
  private readonly paths: { journal: string; settles: string; quarantine: string; webhooks: string; watched: string; blocklist: string; signatures: string; deliveries: string; audit: string };
  /** exchanges accepted so far (lines in the journal) */
  private accepted = 0;
  /** accepted counts at which the engine settled, for an exact replay */
  private settles: number[] = [];
  private settleTimer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly quarantined: QuarantineRecord[] = [];
  private quarantineCount = 0;
  private batchSeq = 0;
  /** decisions: the audit log applied */
  private readonly status = new Map<string, { status: CampaignStatus; decision: CampaignView['decision'] }>();
  private readonly blocks = new Map<string, BlockEntry>();
  private readonly annotations = new Map<string, Annotation[]>();
  private watched: SignatureJson[] = [];
  private readonly apiWebhooks: { id: string; config: WebhookConfig }[] = [];
  /** the latest campaign list and what alerts were sent for */
  private campaigns: Campaign[] = [];
  private campaignIndex = new Map<string, Campaign>();
  private readonly alerted = new Map<string, { score: number; size: number }>();
  private replaying = false;
  /** bumped whenever the engine may have changed: the account ranking is rebuilt lazily */
  private version = 0;
  private ranked: { version: number; list: AccountState[] } = { version: -1, list: [] };
  /** what the store holds per account, to write only what changed */
  private readonly written = new Map<string, { v: string; s: number; c: string | null; f: string | null }>();
  private readonly evidenceWritten = new Set<string>();
  private storeSync: Promise<void> = Promise.resolve();
  private storeSyncTimer: NodeJS.Timeout | null = null;
  private lastBlocklist = '';
  private lastSignatures = '';
  private closed = false;
  private readonly log: (line: string) => void;
  readonly maxLineBytes: number;

  private constructor(private readonly o: ServiceOptions) {
    this.log = o.log ?? (() => {});
    this.maxLineBytes = o.maxLineBytes ?? 4 * 1024 * 1024;
    const base = o.store;
    const dir = dirname(base);
    this.paths = {
      journal: `${base}.journal.jsonl`,
      settles: `${base}.settles`,
      quarantine: `${base}.quarantine.jsonl`,
      webhooks: `${base}.webhooks.json`,
      watched: `${base}.watched.json`,
      deliveries: `${base}.deliveries.jsonl`,
      audit: `${base}.audit.jsonl`,
      blocklist: o.blocklist ?? join(dir, 'blocklist.json'),
      signatures: o.signatures ?? join(dir, 'signatures.json'),
    };
    this.engine = buildEngine({ config: o.config, sinks: [this.activity, { append: (ex, f) => this.store.appendExchange(ex, f) }] });
    this.audit = new AuditLog(this.paths.audit);
    this.webhooks = new Webhooks(this.paths.deliveries, o.retry);
  }

  /** Opens the service: loads decisions, replays the journal, and is ready for traffic. */
  static async open(o: ServiceOptions): Promise<Service> {
    const s = new Service(o);
    await s.start();
    return s;
  }

  get storePath(): string {
    return this.o.store;
  }

  private async start(): Promise<void> {
    const p = this.paths;
    const hasJournal = existsSync(p.journal);
    if (existsSync(this.o.store) && !hasJournal) {
      throw new ServiceError(400, 'store_not_served', `${this.o.store} exists but has no journal beside it (${p.journal}): it was not written by serve; give a new store file`);
    }
    // an empty journal marks the store as this service's from the start
    if (!hasJournal) writeFileSync(p.journal, '');
    // the store is the replay's output: rebuilt from the journal
    rmSync(this.o.store, { force: true });
    rmSync(this.o.store + '.wal', { force: true });
    this.store = await openStore({ kind: 'duckdb', path: this.o.store, worker: true, threads: 1, memoryLimitMb: this.o.config?.store.memoryLimitMb });
    const workers = this.o.workers ?? Math.max(1, availableParallelism() - 1);
    if (workers > 0) this.pool = new FeaturePool(workers, false);

    // the account table's bad rows are listed with the quarantine (not written to its file: the table is read at every start)
    if (this.o.accounts) for (const a of await readAccounts(this.o.accounts, (q) => this.keepQuarantined(q))) this.engine.addAccount(a);
    for (const e of this.audit.list({ limit: Number.MAX_SAFE_INTEGER }).reverse()) this.apply(e);
    if (existsSync(p.watched)) this.watched = (JSON.parse(readFileSync(p.watched, 'utf8')) as { signatures: SignatureJson[] }).signatures;
    (this.o.webhooks ?? []).forEach((w, i) => this.webhooks.add(w, `file-${i + 1}`));
    if (existsSync(p.webhooks)) {
      for (const w of JSON.parse(readFileSync(p.webhooks, 'utf8')) as { id: string; config: WebhookConfig }[]) {
        this.apiWebhooks.push(w);
        this.webhooks.add(w.config, w.id);
      }
    }
    if (existsSync(p.quarantine)) {
      for (const line of readFileSync(p.quarantine, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.keepQuarantined(JSON.parse(line) as QuarantineRecord);
        } catch {
          // a torn last line from a crash
        }
      }
    }
    if (hasJournal) {
      mendJournal(p.journal);
      await this.replay();
    }
    this.refresh();
    await this.syncStore();
  }

  private async replay(): Promise<void> {
    const started = performance.now();
    this.replaying = true;
    const settles = existsSync(this.paths.settles)
      ? readFileSync(this.paths.settles, 'utf8').split('\n').filter(Boolean).map(Number)
      : [];
    let next = 0;
    const stats = { lines: 0, bytes: 0, quarantined: 0 };
    for await (const batch of readExchanges([this.paths.journal], () => {}, stats, { maxLineBytes: this.maxLineBytes }, this.pool)) {
      for (const p of batch) {
        this.engine.pushPrepared(p);
        this.accepted++;
        while (next < settles.length && settles[next] === this.accepted) {
          this.engine.finish();
          next++;
        }
      }
    }
    this.settles = settles.slice(0, next);
    // a journal torn mid-line by a crash: the settle points past it are not ours
    if (next < settles.length) writeFileSync(this.paths.settles, this.settles.map((n) => `${n}\n`).join(''));
    this.version++;
    this.refresh();
    this.replaying = false;
    this.log(`replayed ${this.accepted} exchanges from ${this.paths.journal} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  /** Runs one operation at a time, in order: the engine is single-threaded and its input ordered. */
  private serial<T>(f: () => Promise<T> | T): Promise<T> {
    const p = this.chain.then(f);
    this.chain = p.catch(() => {});
    return p;
  }

  /**
   * Ingests a body of JSON Lines (contract §1). Bad lines are set aside with
   * the rules of `scan` and listed by `quarantine()`; `source` names them.
   */
  ingest(body: string, source = 'api'): Promise<{ accepted: number; quarantined: number }> {
    return this.serial(() => this.ingestNow(body, source, []));
  }

  /**
   * Ingests one OTLP/HTTP JSON export of GenAI spans (`{resourceSpans}`),
   * converted by `distillguard import`'s converter; spans it cannot use are
   * set aside with their reason, like bad lines. The journal keeps the
   * converted exchanges, so a replay does not depend on the converter.
   */
  ingestSpans(json: unknown): Promise<{ accepted: number; quarantined: number }> {
    const { exchanges, bad } = spansToExchanges(json);
    const lines = exchanges.map(({ tsMs: _, ...ex }) => JSON.stringify(ex)).join('\n');
    return this.serial(() => this.ingestNow(lines, 'otlp', bad.map((reason) => ({ line: 0, reason, raw: '' }))));
  }

  private async ingestNow(body: string, source: string, setAside: { line: number; reason: string; raw: string }[]): Promise<{ accepted: number; quarantined: number }> {
    if (this.closed) throw new ServiceError(409, 'closing', 'the service is shutting down');
    const file = `${source}#${++this.batchSeq}`;
    const texts: string[] = [];
    const nums: number[] = [];
    const bad: QuarantineRecord[] = setAside.map((b) => ({ file, ...b }));
    let line = 0;
    let at = 0;
    while (at <= body.length) {
      let end = body.indexOf('\n', at);
      if (end < 0) end = body.length;
      line++;
      let text = body.slice(at, end);
      at = end + 1;
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (!text.trim()) continue;
      if (Buffer.byteLength(text) > this.maxLineBytes) {
        bad.push({ file, line, reason: `line longer than ${this.maxLineBytes} bytes`, raw: text.slice(0, 512) });
        continue;
      }
      texts.push(text);
      nums.push(line);
    }
    let prepared: Prepared[] = [];
    const acceptedTexts: string[] = [];
    for (let i = 0; i < texts.length; i += JOURNAL_BATCH) {
      const t = texts.slice(i, i + JOURNAL_BATCH);
      const n = nums.slice(i, i + JOURNAL_BATCH);
      if (this.pool) {
        const res = await this.pool.submit(t, n);
        const badLines = new Set<number>();
        for (const b of res.bad) {
          badLines.add(b.line);
          bad.push({ file, line: b.line, reason: b.reason, raw: b.raw });
        }
        for (let k = 0; k < t.length; k++) if (!badLines.has(n[k])) acceptedTexts.push(t[k]);
        if (res.packed) prepared = prepared.concat(res.packed.n ? unpackItems(res.packed) : []);
        else for (const it of res.items) prepared.push({ tsMs: it.ex.tsMs, ex: it.ex, f: it.f, excerpt: it.excerpt });
      } else {
        for (let k = 0; k < t.length; k++) {
          const r = parseExchangeLine(t[k]);
          if (r.ok) {
            acceptedTexts.push(t[k]);
            prepared.push({ tsMs: r.value.tsMs, ex: r.value });
          } else bad.push({ file, line: n[k], reason: r.reason, raw: t[k].length > 512 ? t[k].slice(0, 512) + '…' : t[k] });
        }
      }
    }
    // on disk before the engine acts on it: a crash after this point replays it
    if (acceptedTexts.length) appendFileSync(this.paths.journal, acceptedTexts.join('\n') + '\n');
    if (bad.length) {
      bad.sort((a, b) => a.line - b.line);
      appendFileSync(this.paths.quarantine, bad.map((q) => JSON.stringify(q)).join('\n') + '\n');
      for (const q of bad) this.keepQuarantined(q);
      void this.store.writeQuarantine(bad).catch((e) => this.log(`store: ${(e as Error).message}`));
    }
    for (const p of prepared) this.engine.pushPrepared(p);
    this.accepted += prepared.length;
    if (prepared.length) {
      this.version++;
      this.scheduleRefresh();
      this.scheduleSettle();
      this.scheduleStoreSync();
    }
    return { accepted: prepared.length, quarantined: bad.length };
  }

  private keepQuarantined(q: QuarantineRecord): void {
    this.quarantineCount++;
    // the newest 10,000 are listed; the file beside the store keeps them all
    if (this.quarantined.length >= 10_000) this.quarantined.shift();
    this.quarantined.push(q);
  }

  quarantine(limit = 1000): { lines: QuarantineRecord[]; total: number } {
    return { lines: this.quarantined.slice(-limit), total: this.quarantineCount };
  }

  /**
   * A request bringing exchanges has begun (its body may take a while to
   * arrive): the feed is not quiet, so no settle until it is done. Returns
   * the call that says it is done.
   */
  arriving(): () => void {
    this.incoming++;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.incoming--;
      this.scheduleSettle();
    };
  }

  private incoming = 0;

  private scheduleSettle(): void {
    const ms = this.o.settleMs ?? 2000;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    if (this.incoming > 0 || this.closed || this.settles[this.settles.length - 1] === this.accepted) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      void this.settle();
    }, ms);
    this.settleTimer.unref();
  }

  /**
   * When the feed goes quiet the engine judges what it holds as `scan` does at
   * the end of its input: the reorder buffer is drained and a cross-account
   * sweep runs at the last exchange. Exchanges arriving later that are older
   * than what was processed count as late and are still judged.
   */
  settle(): Promise<void> {
    return this.serial(async () => {
      if (this.settles[this.settles.length - 1] === this.accepted || this.accepted === 0) return;
      appendFileSync(this.paths.settles, `${this.accepted}\n`);
      this.settles.push(this.accepted);
      this.engine.finish();
      this.version++;
      this.refresh();
      if (this.storeSyncTimer) clearTimeout(this.storeSyncTimer);
      this.storeSyncTimer = null;
      void this.syncStore().catch((e) => this.log(`store: ${(e as Error).message}`));
    });
  }

  /** Waits until everything queued so far was processed (tests, benchmarks, shutdown). */
  async idle(): Promise<void> {
    await this.serial(() => {});
  }

  private refreshTimer: NodeJS.Timeout | null = null;

  /**
   * While exchanges stream in, the campaign list (and what follows from it)
   * is refreshed at most once a second: listing campaigns walks every
   * account, which at 100k accounts cost more than a batch of exchanges.
   */
  private scheduleRefresh(): void {
    if (this.refreshTimer || this.closed) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      if (!this.closed) this.refresh();
    }, 1000);
    this.refreshTimer.unref();
  }

  /** The campaign list, alerts, automatic blocks and the files the gateway reads, after the engine moved. */
  private refresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    this.campaigns = this.engine.campaignList();
    this.campaignIndex = new Map(this.campaigns.map((c) => [c.campaign_id, c]));
    const blockAt = this.engine.scoring.blockAt;
    for (const c of this.campaigns) {
      const seen = this.alerted.get(c.campaign_id);
      const size = c.accounts.length;
      if (!seen) {
        this.alerted.set(c.campaign_id, { score: c.score, size });
        if (!this.replaying) this.alert('campaign.new', c, `New distillation campaign ${c.campaign_id}: ${size} accounts, ${c.exchanges} exchanges, score ${c.score.toFixed(2)}. ${c.summary}`);
      } else if ((seen.score < blockAt && c.score >= blockAt) || size >= 2 * seen.size) {
        this.alerted.set(c.campaign_id, { score: c.score, size });
        if (!this.replaying) this.alert('campaign.escalated', c, `Campaign ${c.campaign_id} escalated: ${seen.size} -> ${size} accounts, score ${seen.score.toFixed(2)} -> ${c.score.toFixed(2)}.`);
      }
      // a confirmed campaign's new members are blocked as they join
      if (this.status.get(c.campaign_id)?.status === 'confirmed') {
        const joined = c.accounts.filter((a) => !this.blocks.has(a));
        if (joined.length) {
          this.act({ actor: 'policy', action: 'block', target: `campaign:${c.campaign_id}`, note: `joined confirmed campaign ${c.campaign_id}`, before: null, after: { blocked: joined, campaign_id: c.campaign_id } });
        }
      }
    }
    this.writeEnforcement();
  }

  private alert(event: 'campaign.new' | 'campaign.escalated' | 'campaign.decision', c: Campaign, text: string, extra: Record<string, unknown> = {}): void {
    const view = this.view(c);
    this.webhooks.emit(event, { campaign: { ...view, accounts: view.accounts.slice(0, 100), account_count: view.accounts.length }, ...extra }, text);
  }

  /**
   * The block list and signatures files, rewritten when they change. The block
   * list is in the policy's manual block list form (src/policy/blocks.ts,
   * `STATE_DIR/blocks.json` of the gateway), so the gateway reads it as its
   * own: the case id of a campaign's block is the campaign, of a block by
   * hand the policy's case id for the account.
   */
  private writeEnforcement(): void {
    const blocks: ManualBlock[] = this.blocklist().map((b) => ({ account_id: b.account_id, case_id: b.campaign_id ?? accountCaseId(b.account_id), note: b.note, by: b.actor, at: b.at }));
    const bl = JSON.stringify({ version: 1, blocks }, null, 1) + '\n';
    if (bl !== this.lastBlocklist) {
      this.lastBlocklist = bl;
      writeAtomic(this.paths.blocklist, bl);
    }
    const file = this.signaturesFile();
    const sig = JSON.stringify(file.signatures);
    if (sig !== this.lastSignatures) {
      this.lastSignatures = sig;
      writeAtomic(this.paths.signatures, JSON.stringify(file, null, 2) + '\n');
    }
  }

  /**
   * The engine's signatures, less those of dismissed campaigns, with those of
   * confirmed campaigns enforced (`block`), plus imported ones (watched, `review`).
   */
  signaturesFile(): SignaturesFile {
    const file = toSignaturesFile(this.engine.signatures?.signatures() ?? [], this.engine.stats.lastMs);
    const own = [];
    for (const s of file.signatures) {
      const st = this.status.get(s.campaign_id)?.status;
      if (st === 'dismissed') continue;
      own.push(st === 'confirmed' ? { ...s, action: 'block' as const } : s);
    }
    return { ...file, signatures: [...own, ...this.watched] };
  }

  // ---- decisions: every one goes through the audit log, and the state is the log applied

  private act(input: AuditInput): AuditEntry {
    const e = this.audit.append(input);
    this.apply(e);
    this.version++;
    if (!this.replaying) this.writeEnforcement();
    return e;
  }

  private apply(e: AuditEntry): void {
    const after = (e.after ?? {}) as Record<string, unknown>;
    const [kind, ...rest] = e.target.split(':');
    const id = rest.join(':');
    const note = e.note ?? '';
    switch (e.action) {
      case 'confirm':
      case 'dismiss': {
        this.status.set(id, { status: e.action === 'confirm' ? 'confirmed' : 'dismissed', decision: { action: e.action, actor: e.actor, at: e.at, note } });
        for (const a of (after.blocked as string[] | undefined) ?? []) this.blocks.set(a, { account_id: a, campaign_id: id, actor: e.actor, at: e.at, note });
        for (const a of (after.unblocked as string[] | undefined) ?? []) this.blocks.delete(a);
        break;
      }
      case 'block':
        if (kind === 'account') this.blocks.set(id, { account_id: id, campaign_id: null, actor: e.actor, at: e.at, note });
        else for (const a of (after.blocked as string[] | undefined) ?? []) this.blocks.set(a, { account_id: a, campaign_id: (after.campaign_id as string) ?? id, actor: e.actor, at: e.at, note });
        break;
      case 'unblock':
        this.blocks.delete(id);
        break;
      case 'annotate': {
        const list = this.annotations.get(e.target) ?? [];
        list.push({ at: e.at, actor: e.actor, target: e.target, note });
        this.annotations.set(e.target, list);
        break;
      }
      default:
        // webhook and indicator actions change files of their own; nothing to apply
        break;
    }
  }

  /** Confirms (blocking its accounts) or dismisses a campaign (unblocking those its confirmation blocked). */
  decide(campaignId: string, action: 'confirm' | 'dismiss', note: string, actor: string): CampaignView {
    const c = this.campaignIndex.get(campaignId);
    if (!c) throw new ServiceError(404, 'not_found', `no campaign ${campaignId}`);
    const prior = this.status.get(campaignId)?.status ?? 'open';
    const target = action === 'confirm' ? 'confirmed' : 'dismissed';
    if (prior === target) throw new ServiceError(409, 'already_decided', `campaign ${campaignId} is already ${prior}`);
    const after: Record<string, unknown> = { status: target };
    if (action === 'confirm') after.blocked = c.accounts.filter((a) => !this.blocks.has(a));
    else after.unblocked = [...this.blocks.values()].filter((b) => b.campaign_id === campaignId).map((b) => b.account_id);
    this.act({ actor, action, target: `campaign:${campaignId}`, note, before: { status: prior }, after });
    const view = this.view(c);
    this.alert('campaign.decision', c, `${actor} ${action === 'confirm' ? 'confirmed' : 'dismissed'} campaign ${campaignId} (${c.accounts.length} accounts): ${note}`, { decision: view.decision });
    return view;
  }

  block(accountId: string, note: string, actor: string): void {
    if (!this.engine.accounts.has(accountId)) throw new ServiceError(404, 'not_found', `no account ${accountId}`);
    if (this.blocks.has(accountId)) throw new ServiceError(409, 'already_blocked', `account ${accountId} is already blocked`);
    this.act({ actor, action: 'block', target: `account:${accountId}`, note, before: { status: 'active' }, after: { status: 'blocked' } });
  }

  unblock(accountId: string, note: string, actor: string): void {
    if (!this.engine.accounts.has(accountId)) throw new ServiceError(404, 'not_found', `no account ${accountId}`);
    const b = this.blocks.get(accountId);
    if (!b) throw new ServiceError(409, 'not_blocked', `account ${accountId} is not blocked`);
    this.act({ actor, action: 'unblock', target: `account:${accountId}`, note, before: { status: 'blocked', campaign_id: b.campaign_id }, after: { status: 'active' } });
  }

  annotate(target: string, note: string, actor: string): Annotation {
    const [kind, ...rest] = target.split(':');
    const id = rest.join(':');
    const known = kind === 'account' ? this.engine.accounts.has(id) : this.campaignIndex.has(id) || this.status.has(id);
    if (!known) throw new ServiceError(404, 'not_found', `no ${kind} ${id}`);
    const e = this.act({ actor, action: 'annotate', target, note, before: null, after: null });
    return { at: e.at, actor: e.actor, target, note };
  }

  // ---- webhooks

  addWebhook(config: WebhookConfig, actor: string): { id: string; url: string; events: string[] } {
    const t = this.webhooks.add(config);
    this.apiWebhooks.push({ id: t.id, config });
    writeAtomic(this.paths.webhooks, JSON.stringify(this.apiWebhooks));
    this.act({ actor, action: 'webhook.add', target: `webhook:${t.id}`, note: config.url, before: null, after: { url: t.url, events: t.events } });
    return { id: t.id, url: t.url, events: t.events };
  }

  removeWebhook(id: string, actor: string): { id: string; url: string; events: string[] } {
    const i = this.apiWebhooks.findIndex((w) => w.id === id);
    if (i < 0) throw new ServiceError(404, 'not_found', this.webhooks.list().some((w) => w.id === id) ? `webhook ${id} comes from --webhooks and is removed there` : `no webhook ${id}`);
    const t = this.webhooks.remove(id)!;
    this.apiWebhooks.splice(i, 1);
    writeAtomic(this.paths.webhooks, JSON.stringify(this.apiWebhooks));
    this.act({ actor, action: 'webhook.remove', target: `webhook:${id}`, note: t.url, before: { url: t.url, events: t.events }, after: null });
    return { id, url: t.url, events: t.events };
  }

  // ---- indicators

  indicators(campaignId: string, provider = this.o.provider ?? 'distillguard'): StixBundle {
    const c = this.campaignIndex.get(campaignId);
    if (!c) throw new ServiceError(404, 'not_found', `no campaign ${campaignId}`);
    const view = this.view(c);
    // a dismissed campaign is our false positive: sharing it would spread the mistake
    if (view.status === 'dismissed') throw new ServiceError(409, 'dismissed', `campaign ${campaignId} was dismissed; its indicators are not shared`);
    const sigs = toSignaturesFile(this.engine.signatures?.signatures() ?? [], this.engine.stats.lastMs).signatures.filter((s) => s.campaign_id === campaignId);
    return exportBundle({ campaign: view, signatures: sigs, provider });
  }

  importIndicators(bundle: unknown, actor: string): { imported: number; signatures: string[] } {
    const r = importBundle(bundle);
    if (!r.ok) throw new ServiceError(400, 'invalid_bundle', `not a valid STIX 2.1 bundle: ${r.reason}`);
    const ids = new Set(r.signatures.map((s) => s.signature_id));
    this.watched = [...this.watched.filter((s) => !ids.has(s.signature_id)), ...r.signatures];
    writeAtomic(this.paths.watched, JSON.stringify({ signatures: this.watched }, null, 2));
    this.act({ actor, action: 'indicators.import', target: `bundle:${(bundle as { id?: string }).id ?? 'unknown'}`, note: `${r.signatures.length} signature(s)`, before: null, after: { signatures: [...ids] } });
    return { imported: r.signatures.length, signatures: [...ids] };
  }

  watchedSignatures(): readonly SignatureJson[] {
    return this.watched;
  }

  // ---- reads

  view(c: Campaign): CampaignView {
    const st = this.status.get(c.campaign_id);
    return { ...c, status: st?.status ?? 'open', decision: st?.decision ?? null };
  }

  listCampaigns(q: { status?: CampaignStatus; min_score?: number; since?: string; until?: string; limit: number; cursor?: string }): { campaigns: CampaignView[]; next_cursor: string | null } {
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !after) throw new ServiceError(400, 'bad_cursor', 'cursor is not one this service gave');
    const since = q.since ? Date.parse(q.since) : -Infinity;
    const until = q.until ? Date.parse(q.until) : Infinity;
    // campaignList is highest score first, ties by size; the cursor needs a total order
    const sorted = [...this.campaigns].sort((a, b) => b.score - a.score || (a.campaign_id < b.campaign_id ? -1 : a.campaign_id > b.campaign_id ? 1 : 0));
    const out: CampaignView[] = [];
    let more = false;
    for (const c of sorted) {
      if (after && !before(after[0], after[1], c.score, c.campaign_id)) continue;
      if (q.min_score !== undefined && c.score < q.min_score) continue;
      if (Date.parse(c.last_seen) < since || Date.parse(c.first_seen) > until) continue;
      const v = this.view(c);
      if (q.status && v.status !== q.status) continue;
      if (out.length === q.limit) {
        more = true;
        break;
      }
      out.push(v);
    }
    const last = out[out.length - 1];
    return { campaigns: out, next_cursor: more && last ? encodeCursor(last.score, last.campaign_id) : null };
  }

  /**
   * Pages built since the engine or a decision last changed anything: a page
   * costs a verdict (detectors re-read) per member, and between ingest batches
   * every reader would otherwise pay it again.
   */
  private pages = { version: -1, campaign: new Map<string, string>() };

  /** The campaign page as JSON text, built once per state of the engine and the decisions; null when unknown. */
  campaignPageJson(id: string): string | null {
    if (this.pages.version !== this.version) this.pages = { version: this.version, campaign: new Map() };
    let text = this.pages.campaign.get(id);
    if (text === undefined) {
      const page = this.campaignPage(id);
      if (!page) return null; // unknown ids are not kept: anyone could fill the map with them
      text = JSON.stringify({ ...page, annotations: this.campaignAnnotations(id) });
      this.pages.campaign.set(id, text);
    }
    return text;
  }

  /** A campaign's page: the campaign (campaigns.json fields, status), its members' verdicts, the graph over them, the timeline and evidence; null when unknown. */
  campaignPage(id: string): CampaignView & { members: Verdict[]; graph: { nodes: { id: string; verdict: Verdict['verdict']; score: number; campaign_id: string | null }[]; edges: { source: string; target: string; key: string; detail: string }[] }; timeline: { t: string; exchanges: number }[]; evidence: { account_id: string; ts: string; excerpt: string; signals: string[] }[] } | null {
    const c = this.campaignIndex.get(id);
    if (!c) return null;
    const states = this.engine.accounts;
    const members = c.accounts.map((a) => states.get(a)).filter((s): s is AccountState => s !== undefined);
    const finding = this.engine.campaignFindings().find((f) => f.campaignId === id);
    const g = graphOf(finding?.graph, states, c.accounts, this.engine.sharedKey?.bind(this.engine)) ?? { nodes: [], edges: [] };
    const accounts = members.map((s) => this.engine.verdictOf(s)).sort((a, b) => b.score - a.score || (a.account_id < b.account_id ? -1 : 1));
    const evidence = [];
    // the strongest members' samples first: what an analyst reads to confirm
    for (const v of accounts) {
      for (const e of states.get(v.account_id)!.evidence) evidence.push({ account_id: v.account_id, ts: e.ts, excerpt: e.excerpt, signals: e.intents });
      if (evidence.length >= 60) break;
    }
    return {
      // contract §6 lists the campaign as campaigns.json has it: its fields at the top, `accounts` the ids
      ...this.view(c),
      members: accounts,
      graph: {
        nodes: g.nodes.map((n) => ({ id: n.id, verdict: n.verdict, score: n.score ?? 0, campaign_id: states.get(n.id)?.campaignId ?? null })),
        edges: g.edges.map((e) => ({ source: e.source, target: e.target, key: e.kind, detail: `shared ${e.key ? `${e.key.kind} ${e.key.value}` : e.kind}${e.weight !== undefined ? `, link weight ${Number(e.weight.toFixed(3))}` : ''}` })),
      },
      timeline: seriesPoints(this.activity.sum(c.accounts)),
      evidence: evidence.slice(0, 60),
    };
  }

  private rankedAccounts(): AccountState[] {
    if (this.ranked.version !== this.version) {
      const list = [...this.engine.accounts.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.ranked = { version: this.version, list };
    }
    return this.ranked.list;
  }

  private row(s: AccountState) {
    return {
      ...this.engine.verdictOf(s),
      status: this.blocks.has(s.id) ? ('blocked' as const) : ('active' as const),
      exchanges: s.n,
      first_seen: s.n > 0 ? new Date(s.firstMs).toISOString() : null,
      last_seen: s.n > 0 ? new Date(s.lastMs).toISOString() : null,
    };
  }

  listAccounts(q: { verdict?: 'allow' | 'review' | 'block' | 'flagged'; campaign?: string; min_score?: number; since?: string; until?: string; q?: string; status?: 'active' | 'blocked'; limit: number; cursor?: string }) {
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !after) throw new ServiceError(400, 'bad_cursor', 'cursor is not one this service gave');
    const list = this.rankedAccounts();
    let i = 0;
    if (after) {
      // first position after the cursor, by binary search on the ranking
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(after[0], after[1], list[mid].score, list[mid].id) || (list[mid].score === after[0] && list[mid].id === after[1])) hi = mid;
        else lo = mid + 1;
      }
      i = lo;
      if (i < list.length && list[i].score === after[0] && list[i].id === after[1]) i++;
    }
    const since = q.since ? Date.parse(q.since) : -Infinity;
    const until = q.until ? Date.parse(q.until) : Infinity;
    const needle = q.q?.toLowerCase();
    const out = [];
    let more = false;
    for (; i < list.length; i++) {
      const s = list[i];
      if (q.min_score !== undefined && s.score < q.min_score) break;
      if (q.verdict === 'flagged' ? s.verdict === 'allow' : q.verdict && s.verdict !== q.verdict) continue;
      if (q.campaign && s.campaignId !== q.campaign) continue;
      if (s.lastMs < since || s.firstMs > until) continue;
      if (needle && !s.id.toLowerCase().includes(needle)) continue;
      if (q.status && (this.blocks.has(s.id) ? 'blocked' : 'active') !== q.status) continue;
      if (out.length === q.limit) {
        more = true;
        break;
      }
      out.push(s);
    }
    const last = out[out.length - 1];
    return { accounts: out.map((s) => this.row(s)), next_cursor: more && last ? encodeCursor(last.score, last.id) : null };
  }

  /** Contract §6: the account's verdict line as in verdicts.jsonl, its fields at the top, plus evidence and activity. */
  accountPage(id: string) {
    const s = this.engine.accounts.get(id);
    if (!s) return null;
    return {
      ...this.row(s),
      evidence: s.evidence.map((e) => ({ account_id: id, ts: e.ts, excerpt: e.excerpt, signals: e.intents })),
      activity: seriesPoints(this.activity.account(id)),
      annotations: this.annotations.get(`account:${id}`) ?? [],
      block: this.blocks.get(id) ?? null,
    };
  }

  blocklist(): BlockEntry[] {
    return [...this.blocks.values()].sort((a, b) => (a.account_id < b.account_id ? -1 : 1));
  }

  campaignAnnotations(id: string): Annotation[] {
    return this.annotations.get(`campaign:${id}`) ?? [];
  }

  /** `settled`: the engine has judged everything accepted as scan would at the end of its input */
  health(): { ok: boolean; exchanges: number; accounts: number; campaigns: number; settled: boolean } {
    const settled = this.accepted === 0 || this.settles[this.settles.length - 1] === this.accepted;
    return { ok: !this.closed, exchanges: this.accepted, accounts: this.engine.accounts.size, campaigns: this.campaigns.length, settled };
  }

  /** Every account's verdict, as `scan` writes verdicts.jsonl (highest score first). */
  verdicts(): Verdict[] {
    return this.rankedAccounts().map((s) => this.engine.verdictOf(s));
  }

  campaignList(): Campaign[] {
    return this.campaigns;
  }

  // ---- the store

  private scheduleStoreSync(): void {
    if (this.storeSyncTimer || this.closed) return;
    this.storeSyncTimer = setTimeout(() => {
      this.storeSyncTimer = null;
      void this.syncStore().catch((e) => this.log(`store: ${(e as Error).message}`));
    }, STORE_SYNC_MS);
    this.storeSyncTimer.unref();
  }

  /** Writes what changed since the last sync: verdicts, campaigns, evidence of newly flagged accounts. */
  syncStore(): Promise<void> {
    const run = async () => {
      const verdicts: Verdict[] = [];
      const evidence = [];
      for (const s of this.engine.accounts.values()) {
        const w = this.written.get(s.id);
        if (w && w.v === s.verdict && w.s === s.score && w.c === s.campaignId && w.f === s.flaggedAt) continue;
        this.written.set(s.id, { v: s.verdict, s: s.score, c: s.campaignId, f: s.flaggedAt });
        verdicts.push(this.engine.verdictOf(s));
        if (s.verdict !== 'allow' && !this.evidenceWritten.has(s.id)) {
          this.evidenceWritten.add(s.id);
          for (const e of s.evidence) evidence.push({ account_id: s.id, ts: e.ts, excerpt: e.excerpt, signals: e.intents });
        }
      }
      await this.store.flush();
      if (verdicts.length) await this.store.writeVerdicts(verdicts);
      if (this.campaigns.length) await this.store.writeCampaigns(this.campaigns);
      if (evidence.length) await this.store.writeEvidence(evidence);
    };
    this.storeSync = this.storeSync.then(run, run);
    return this.storeSync;
  }

  /** Settles, writes the store and closes everything; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    if (this.storeSyncTimer) clearTimeout(this.storeSyncTimer);
    await this.idle();
    if (this.refreshTimer) this.refresh();
    this.closed = true;
    await this.syncStore().catch((e) => this.log(`store: ${(e as Error).message}`));
    await this.store.close();
    await this.pool?.close();
    await this.webhooks.close();
  }

  /** Bytes of the journal (for the operator's log at start). */
  journalBytes(): number {
    return existsSync(this.paths.journal) ? statSync(this.paths.journal).size : 0;
  }

  get files(): Readonly<typeof this.paths> {
    return this.paths;
  }
}

/**
 * Cuts a line torn by a crash off the journal's end, so the next append
 * starts on a line of its own. Only the torn line is lost: it was never
 * answered as accepted.
 */
function mendJournal(path: string): void {
  const size = statSync(path).size;
  if (size === 0) return;
  const fd = openSync(path, 'r+');
  try {
    const step = 64 * 1024;
    let end = size;
    const buf = Buffer.alloc(step);
    for (;;) {
      const from = Math.max(0, end - step);
      const n = readSync(fd, buf, 0, end - from, from);
      const nl = buf.subarray(0, n).lastIndexOf(0x0a);
      if (nl >= 0) {
        if (from + nl + 1 < size) ftruncateSync(fd, from + nl + 1);
        return;
      }
      if (from === 0) {
        ftruncateSync(fd, 0);
        return;
      }
      end = from;
    }
  } finally {
    closeSync(fd);
  }
}

/** The account table (contract §2), bad rows set aside as `scan` sets them aside. */
async function readAccounts(path: string, onBad: (q: QuarantineRecord) => void): Promise<AccountRecord[]> {
  try {
    return await readAccountTable(path, onBad);
  } catch (e) {
    throw new ServiceError(400, 'bad_accounts', `cannot read accounts file ${path}: ${(e as Error).message}`);
  }
}

export type { Exchange, ExchangeFeatures };
