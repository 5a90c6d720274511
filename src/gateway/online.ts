/**
 * The engine online, as the request thread sees it: the engine itself runs in
 * a worker thread (src/gateway/engine-worker.ts), and this side keeps a
 * standing table (account -> verdict, score, flag time, campaign, signature,
 * reasons) that the worker updates after each batch of exchanges and each
 * sweep. A decision is a read of that table, the manual block list and the
 * policy's rule walk: no detector work, and a sweep running in the worker
 * holds up nothing here.
 *
 * Completed exchanges reach the worker in batches: each one as the §1 line
 * the gateway already wrote for its log, joined into one string per batch
 * (a string is copied once to the worker; a structured clone of the objects
 * walks every field). A batch goes BATCH_MS after its first exchange, or at
 * once past BATCH_LINES.
 *
 * Consequence: the table lags the exchanges the gateway has answered by a
 * batch and the worker's time to take it (sub-millisecond when idle, a sweep's
 * length during one). Under `--replay-clock` the gateway waits for the table
 * to catch up before each decision (`settled`), so a replay decides every
 * request on every exchange before it, as `scan` does.
 */
import type { Worker } from 'node:worker_threads';
import type { AccountRecord, Campaign, Exchange, Reason } from '../contract/types.js';
import type { RequestSignatures } from '../signatures/request.js';
import type { ScanConfig } from '../engine/config.js';
import { EngineBuildError } from '../engine/build.js';
import type { AuditLog } from '../audit/audit.js';
import type { Decision, Policy, Standing, Subject } from '../policy/types.js';
import { accountCaseId, caseIdFor, ManualBlocks } from '../policy/index.js';
import type { EngineWorkerData } from './engine-worker.js';
import { siblingModule, startWorker } from '../util/worker.js';
import type { AccountSummary, FromWorker, StandingUpdate, ToWorker } from './worker-protocol.js';

/** What the gateway does when the engine has thrown: let traffic through, or refuse it. */
export type FailMode = 'open' | 'closed';

/** Seconds a refused request is told to wait while the engine is down (fail-closed). */
const FAIL_CLOSED_RETRY_S = 30;

/**
 * A batch goes to the worker BATCH_MS after its first exchange, or at once
 * past BATCH_LINES. A postMessage costs the request thread about the same
 * whatever its size (on this shared machine, a few hundred microseconds of
 * profiled time each, most of it the thread losing its core as it wakes the
 * worker): at 2,000 req/s, batches every turn of the event loop took 4.6% of
 * the request thread's profile, every 5 ms 6.5%, every 25 ms 1.3%. The price
 * is that the table lags an answered exchange by up to BATCH_MS more.
 */
const BATCH_MS = 20;
const BATCH_LINES = 512;

const NO_REASONS: readonly Reason[] = [];

/** A message that asks the worker something, before its id is given. */
type Query = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

export interface OnlineOptions {
  policy: Policy;
  audit: AuditLog;
  /** the manual block list, consulted before the policy (src/policy/blocks.ts; persisted in the state dir) */
  blocks: ManualBlocks;
  failMode?: FailMode;
  /** the worker's engine settings, account table and state directory */
  engine: Omit<EngineWorkerData, 'accounts' | 'state'> & { config?: ScanConfig };
  accounts: AccountRecord[];
  state: string | null;
  /** called with the engine's time per exchange (ms), and with how long the last batch waited and took (ms) */
  onPush?: (ms: number) => void;
  onLag?: (ms: number) => void;
  onEngineError?: (e: unknown) => void;
  /** called when the worker has written a snapshot to the state directory */
  onSnapshot?: () => void;
  /** campaign signatures followed from a file (`--signatures`), matched on a new account's requests */
  signatures?: RequestSignatures;
}

/** A request as the engine would record it, for matching signatures before the engine has seen the account. */
export type Probe = () => { ex: Exchange; record?: AccountRecord };

interface Entry {
  standing: Standing;
}

export class OnlineEngine {
  private readonly policy: Policy;
  private readonly audit: AuditLog;
  private readonly failMode: FailMode;
  readonly blocks: ManualBlocks;
  /** accounts whose first automatic block or throttle is in the audit log */
  private readonly audited = new Set<string>();
  private readonly table = new Map<string, Entry>();
  /**
   * Accounts whose first request matched a followed signature before the
   * engine had seen them: that standing holds until the engine's own flags
   * the account (or the signature leaves the file).
   */
  private readonly matched = new Map<string, Standing>();
  /** a followed signatures file loaded before the worker started */
  private followedFile: unknown = null;
  private worker!: Worker;
  private pending: string[] = [];
  private pendingSince = 0;
  private scheduled = false;
  private sentSeq = 0;
  private appliedSeq = 0;
  private readonly sentAt = new Map<number, number>();
  private waiters: { seq: number; resolve: () => void }[] = [];
  private nextId = 0;
  private readonly replies = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private gone: Error | null = null;
  /** what the worker's engine held at its last report */
  counts = { accounts: 0, exchanges: 0, sweeps: 0 };
  /** exchanges replayed from the state journal at start, and how long that took */
  restored = { exchanges: 0, ms: 0, replayMs: 0 };
  /** the first error the engine threw, when it has; the gateway then runs in its fail mode */
  failed: unknown = null;

  private constructor(private readonly o: OnlineOptions) {
    this.policy = o.policy;
    this.audit = o.audit;
    this.failMode = o.failMode ?? 'open';
    this.blocks = o.blocks;
    // an account's first automatic action is audited once, across restarts
    for (const e of o.audit.list({ actor: 'policy', limit: Number.MAX_SAFE_INTEGER })) if (e.target.startsWith('account:')) this.audited.add(e.target.slice(8));
    if (o.signatures) {
      o.signatures.onLoad = (ids, file) => {
        for (const [a, st] of this.matched) if (!ids.has(st.signature!.id)) this.matched.delete(a);
        // the engine matches later exchanges of new accounts against them too, as against its own
        if (this.worker) this.send({ t: 'signatures', file });
        else this.followedFile = file;
      };
      if (o.signatures.file !== null) this.followedFile = o.signatures.file;
    }
  }

  /** The accounts matched on a request by a followed signature, for the state directory. */
  signatureMatches(): [string, Standing][] {
    return [...this.matched];
  }

  loadSignatureMatches(rows: [string, Standing][]): void {
    for (const [a, st] of rows) if (st?.signature) this.matched.set(a, st);
  }

  /** Starts the worker, which builds the engine and replays the state journal; resolves once the table holds its result. */
  static async start(o: OnlineOptions): Promise<OnlineEngine> {
    const self = new OnlineEngine(o);
    self.worker = startWorker(siblingModule(import.meta.url, 'engine-worker'), { ...o.engine, accounts: o.accounts, state: o.state } satisfies EngineWorkerData);
    if (self.followedFile !== null) self.send({ t: 'signatures', file: self.followedFile });
    await new Promise<void>((resolve, reject) => {
      self.worker.on('message', (m: FromWorker) => {
        if (m.t === 'ready') {
          self.ready = true;
          self.restored = m.restored;
          self.apply(m.table);
          self.count(m);
          resolve();
        } else if (m.t === 'init-error') reject(m.usage ? new EngineBuildError(m.message) : new Error(m.message));
        else self.onMessage(m);
      });
      self.worker.on('error', (e) => {
        reject(e);
        self.lost(e);
      });
      self.worker.on('exit', (code) => {
        self.lost(new Error(`the engine worker exited with code ${code}`));
        reject(new Error('the engine worker exited before it was ready'));
      });
    });
    return self;
  }

  private count(m: { accounts?: number; exchanges?: number; sweeps?: number }): void {
    if (m.accounts !== undefined) this.counts = { accounts: m.accounts, exchanges: m.exchanges!, sweeps: m.sweeps! };
  }

  private apply(updates: StandingUpdate[]): void {
    for (const u of updates) {
      const was = this.table.get(u.id);
      const reasons = u.reasons ?? was?.standing.reasons ?? NO_REASONS;
      const standing: Standing = { verdict: u.verdict, score: u.score, flaggedAt: u.flaggedAt, campaignId: u.campaignId, reasons: reasons.length ? reasons : NO_REASONS, signature: u.signature };
      if (was) was.standing = standing;
      else this.table.set(u.id, { standing });
    }
  }

  private onMessage(m: FromWorker): void {
    switch (m.t) {
      case 'applied': {
        this.apply(m.updates);
        this.count(m);
        for (const ms of m.pushMs) this.o.onPush?.(ms);
        const at = this.sentAt.get(m.seq);
        if (at !== undefined) {
          this.sentAt.delete(m.seq);
          this.o.onLag?.(performance.now() - at);
        }
        this.appliedSeq = m.seq;
        this.wake();
        return;
      }
      case 'reply': {
        if (m.updates) this.apply(m.updates);
        this.count(m);
        const r = this.replies.get(m.id);
        this.replies.delete(m.id);
        r?.resolve(m.value);
        return;
      }
      case 'failed':
        this.fail(new Error(m.error));
        return;
      case 'snapshot':
        this.o.onSnapshot?.();
        return;
    }
  }

  private fail(e: unknown): void {
    if (this.failed === null) {
      this.failed = e;
      this.o.onEngineError?.(e);
    }
  }

  /** The worker is gone (crashed or closed): waiters and queries end, and a crash puts the gateway in its fail mode. */
  private lost(e: Error): void {
    if (this.gone) return;
    this.gone = e;
    // a worker that never got ready failed start(), which says why; one that closed was asked to
    if (this.ready && !this.closing) this.fail(e);
    for (const r of this.replies.values()) r.reject(e);
    this.replies.clear();
    this.appliedSeq = this.sentSeq;
    this.wake();
  }

  private wake(): void {
    if (!this.waiters.length) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) (w.seq <= this.appliedSeq ? w.resolve() : still.push(w));
    this.waiters = still;
  }

  private send(m: ToWorker): void {
    if (!this.gone) this.worker.postMessage(m);
  }

  /** Queues a completed exchange (its §1 line, newline included) for the engine. */
  pushLine(line: string): void {
    if (this.pending.length === 0) this.pendingSince = performance.now();
    this.pending.push(line);
    if (this.pending.length >= BATCH_LINES) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => {
        this.scheduled = false;
        this.flush();
      }, BATCH_MS);
    }
  }

  private flush(): void {
    if (!this.pending.length) return;
    const seq = ++this.sentSeq;
    this.sentAt.set(seq, this.pendingSince);
    const lines = this.pending.join('');
    this.pending = [];
    this.send({ t: 'batch', seq, lines });
  }

  /** Resolves once the worker has taken every exchange queued so far and the table shows the result. */
  settled(): Promise<void> {
    this.flush();
    const seq = this.sentSeq;
    if (seq <= this.appliedSeq) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /** true when every exchange queued has reached the table */
  get caughtUp(): boolean {
    return this.pending.length === 0 && this.appliedSeq === this.sentSeq;
  }

  private ask<T>(m: Query): Promise<T> {
    this.flush();
    if (this.gone) return Promise.reject(this.gone);
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.replies.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ ...m, id } as ToWorker);
    });
  }

  /** Runs a cross-account sweep in the worker now (recorded in the state dir, so a restart reproduces it). */
  sweep(): Promise<{ sweeps: number }> {
    return this.ask({ t: 'sweep' });
  }

  /** Every account's verdict line, as `scan` writes verdicts.jsonl. */
  verdicts(): Promise<string> {
    return this.ask({ t: 'verdicts' });
  }

  campaigns(): Promise<Campaign[]> {
    return this.ask({ t: 'campaigns' });
  }

  /** One account's engine state (tests, benches); null when the engine has not seen it. */
  account(id: string): Promise<AccountSummary | null> {
    return this.ask({ t: 'account', account: id });
  }

  accounts(): Promise<AccountSummary[]> {
    return this.ask({ t: 'accounts' });
  }

  /** The engine's counters, and the worker's heap. */
  stats(): Promise<{ exchanges: number; sweeps: number; sweepMs: number; heapUsed: number }> {
    return this.ask({ t: 'stats' });
  }

  /** Tests only: makes the engine throw on its next exchange, as a bug in a detector would. */
  async breakEngineForTest(): Promise<void> {
    await this.ask({ t: 'break' });
  }

  private closing = false;
  private ready = false;

  /** Sends what is queued, waits for the worker to take it and close the journal, and ends the worker. */
  async close(): Promise<void> {
    if (this.gone) return;
    this.closing = true;
    try {
      await this.ask({ t: 'close' });
    } catch {
      // the worker already went away
    }
    await this.worker.terminate();
  }

  /** The account's standing as the table holds it now; undefined for an account the engine has not reported. */
  standing(accountId: string): Standing | undefined {
    return this.table.get(accountId)?.standing;
  }

  /** Accounts in the table. */
  get held(): number {
    return this.table.size;
  }

  /**
   * The standing a decision reads: the engine's, or, for an account the
   * engine has not flagged, a followed signature's match of its first request.
   */
  private standingFor(accountId: string, nowMs: number, probe?: Probe): Standing | undefined {
    const st = this.standing(accountId);
    const sigs = this.o.signatures;
    if (!sigs || (st && st.verdict !== 'allow')) {
      if (st && this.matched.size) this.matched.delete(accountId);
      return st;
    }
    const m = this.matched.get(accountId);
    if (m) return m;
    // a new account: the engine has not seen one exchange of it
    if (st || !probe || sigs.size === 0) return st;
    const { ex, record } = probe();
    const hit = sigs.match(ex, record, nowMs);
    if (!hit) return st;
    this.matched.set(accountId, hit);
    return hit;
  }

  /** The decision for one request at event time `nowMs`; `probe` gives the request, for signatures followed from a file. */
  decide(subject: Subject, nowMs: number, probe?: Probe): Decision {
    // a person's block holds whatever the policy or the engine's state
    const m = this.blocks.size > 0 || this.blocks.followed > 0 ? this.blocks.get(subject.account_id) : undefined;
    if (m) return { action: 'block', rule: 'manual', caseId: m.case_id, reasons: [{ signal: 'policy.manual_block', weight: 1, detail: `blocked by ${m.by} at ${m.at}: ${m.note}` }] };
    if (this.failed !== null) {
      return this.failMode === 'open'
        ? { action: 'allow', rule: 'engine.failed', reasons: [] }
        : { action: 'throttle', rule: 'engine.failed', reasons: [{ signal: 'engine.failed', weight: 1, detail: 'the detection engine failed; the gateway fails closed' }], retryAfterS: FAIL_CLOSED_RETRY_S };
    }
    const d = this.policy.decide(subject, this.standingFor(subject.account_id, nowMs, probe), nowMs);
    if ((d.action === 'block' || d.action === 'throttle') && !this.audited.has(subject.account_id)) {
      this.audited.add(subject.account_id);
      this.audit.append({
        actor: 'policy',
        action: d.action,
        target: `account:${subject.account_id}`,
        note: `${d.rule ?? 'default'}${d.caseId ? `, case ${d.caseId}` : ''}: ${d.reasons.slice(0, 3).map((r) => r.detail).join('; ')}`.slice(0, 2000),
      });
    }
    return d;
  }

  /** A person's block, written to the block list and the audit log before it takes effect; returns its case id. */
  block(accountId: string, note: string, actor: string): string {
    const st = this.standing(accountId);
    return this.blocks.block(accountId, { note, by: actor }, st ? caseIdFor(accountId, st) : accountCaseId(accountId)).case_id;
  }

  /** Lifts a person's block; false when there was none. The engine's own verdict still applies. */
  unblock(accountId: string, note: string, actor: string): boolean {
    return this.blocks.unblock(accountId, { note, by: actor });
  }

  get manualBlocks(): number {
    return this.blocks.size;
  }
}
