/**
 * The streaming engine: one exchange at a time, in event-time order, through
 * features -> account state -> detectors -> scoring, with a cross-account sweep
 * every N minutes of event time. A scan of files and the live gateway run this
 * same class; `flagged_at` is always the `ts` of the exchange being processed
 * when the engine decided, computed only from what came before.
 */
import type { AccountRecord, Campaign, Exchange, Reason, Verdict, VerdictKind } from '../contract/types.js';
import type { DetectorSpec, Signal } from '../detectors/detector.js';
import type { ExchangeFeatures } from '../features/types.js';
import { carriesContent } from '../features/types.js';
import type { AccountState } from '../state/account.js';
import type { ScoringConfig } from '../scoring/score.js';
import type { AccountModel } from '../model/account-model.js';
import type { Membership } from '../model/features.js';
import type { SharedValue } from '../linkage/types.js';
import type { SignatureBook } from '../signatures/index.js';
import { ReorderBuffer } from './reorder.js';
import { SweepClock } from './epochs.js';
import { AccountPartition } from './partition.js';
import { LinkageCoordinator } from './coordinator.js';
import type { RemoteSide } from './remote.js';

export { CONTENT_ONLY_BLOCK_MIN, DECISIVE_LINKS, INSTRUMENT_MEMBER_HARVEST, MIN_OWN_HARVEST, MIN_SHAPE_EXCHANGES } from './coordinator.js';

/** What the engine needs from the cross-account linkage (src/linkage). */
export interface LinkagePort {
  registerAccount(a: AccountRecord): void;
  /** returns a handle to pass back with the account's next exchange (`slot`), or nothing */
  observe(ex: Exchange, f: ExchangeFeatures, acct?: AccountRecord, slot?: unknown): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sweep(nowMs: number, profiles: (accountId: string) => any): SweepOutcome;
  /** accounts using the account's busiest address as of the last sweep (0 when unknown); enables `resemblance` */
  addressHolders?(accountId: string): number;
  /** the account's repeated prompt frames; enables frame cohorts (src/engine/frame-cohort.ts) */
  framesOf?(accountId: string, minRepeats: number): { key: number; count: number }[];
  /** the account's sampled prompt hashes and organisation; enables sibling organisations (src/engine/sibling-orgs.ts) */
  promptSample?(accountId: string): { org: string; prompts: number[] } | undefined;
  /** what at least two of the accounts share; fills campaigns.json `shared` */
  sharedValues?(accountIds: readonly string[]): SharedValue[];
  /** the strongest key two accounts share; names a campaign graph's links in the report */
  sharedKey?(a: string, b: string, group?: string): { kind: string; value: string } | null;
}

/** A campaign as the engine consumes it from a sweep. */
export interface CampaignFinding {
  campaignId: string;
  accounts: string[];
  score: number;
  signals: string[];
  summary: string;
  firstSeenMs: number;
  lastSeenMs: number;
  exchanges: number;
  memberReasons: Map<string, Reason[]>;
  /** per member: how firmly it belongs (campaign score times attachment) */
  memberScores?: Map<string, number>;
  /** members with a decisive link (see src/linkage CampaignResult); when absent, decided from their reasons */
  memberDecisive?: Set<string>;
  /** members sharing a template with the campaign that is not overwhelmingly common outside it */
  memberTemplateTie?: Set<string>;
  /** members that are seats of an organisation tied to the rest of the campaign by content or timing only (src/linkage `describe`): for review */
  memberContentOnly?: Set<string>;
  /** members tied only by what they send (src/linkage `describe`): for review, blocked only when their own traffic blocks them */
  memberContentTie?: Set<string>;
  /** members tied only by what a crowd shares (src/linkage `describe`, `CROWD_KINDS`): for review, blocked only when their own traffic blocks them */
  memberCrowdTie?: Set<string>;
  /** members that ask what other accounts ask, unlike the campaign's typical member (src/linkage `COMMON_ITEMS`): joined only by a fleet's own tie */
  memberCommonItems?: Set<string>;
  graph?: unknown;
  detectedAtMs?: number;
  /** set when at least 80% of the members belong to one organisation (see `runSweep`) */
  oneOrganisation?: { org: string; share: number };
  /** set, with why, when the members re-read as a class or a team: no longer acted on (see `runSweep`) */
  retracted?: string;
  /** accounts listed with the campaign that joined it by resemblance only (see `resemblance`) */
  byResemblance?: number;
  /** accounts listed with the campaign that joined it through a shared identity instrument (see `instrumentMembers`) */
  byInstrument?: number;
  /** set when the campaign is a handful of accounts tied by content alone (see `tiedByContentOnly`): its members go to review, not to block */
  contentOnly?: boolean;
  /** set on a script cohort (see `scriptCohorts`): not found by the linkage but by shared stock follow-ups */
  script?: { texts: number; caught: number; joined: number; quotes: string[] };
  /** set on a frame cohort (see `frameCohorts`): accounts sharing the wrappers around their prompts */
  frames?: { wrappers: number };
  /** set on a group of sibling organisations (see `siblingOrgs`): one harvest split across apparent organisations */
  siblings?: { organisations: string[] };
}

export interface SweepOutcome {
  campaigns: CampaignFinding[];
}

/** Where processed exchanges go besides the engine's state (the store). */
export interface ExchangeSink {
  append(ex: Exchange, f: ExchangeFeatures): void;
}

/**
 * An exchange whose features were computed before it reached the engine (by a
 * worker thread); its text may have been dropped already, so the evidence
 * excerpt travels with it.
 */
export interface Prepared {
  tsMs: number;
  ex: Exchange;
  f?: ExchangeFeatures;
  excerpt?: string;
  /** the line it was parsed from, when kept (a partitioned scan sends it to the partition) */
  line?: string;
}

export interface EngineOptions {
  extract: (ex: Exchange) => ExchangeFeatures;
  excerpt: (ex: Exchange) => string;
  scoring?: Partial<ScoringConfig>;
  detectors?: readonly DetectorSpec[];
  /** detector id -> config overrides */
  detectorConfig?: Record<string, unknown>;
  linkage?: LinkagePort;
  /** builds the linkage's view of an account from its state */
  profile?: (s: AccountState) => unknown;
  /** where each processed exchange also goes (store, activity recorder) */
  sinks?: ExchangeSink[];
  /** reorder buffer window (default 5 minutes) */
  reorderMs?: number;
  /** event-time minutes between cross-account sweeps (default 30) */
  sweepMinutes?: number;
  /**
   * A sweep boundary is skipped unless at least this many exchanges per known
   * account arrived since the last sweep (default 2). A sweep costs time in
   * proportion to the accounts, so this keeps the total sweep work linear in
   * the exchanges whatever the event-time span; live traffic at any real rate
   * still sweeps every `sweepMinutes`.
   */
  sweepMinNewPerAccount?: number;
  /** sweep anyway once this many event-time minutes passed with new traffic (default 24 h) */
  sweepMaxGapMinutes?: number;
  /** campaigns scoring below this do not flag their members (default 0.5) */
  campaignMinScore?: number;
  /** attach accounts that behave like a campaign's flagged members (default on; needs the linkage's addressHolders) */
  resemblance?: boolean;
  /** group self-chat accounts by the stock follow-ups they share, and send accounts that send only those to review (default on; see script-cohort.ts) */
  scriptCohorts?: boolean;
  /** group accounts that send their prompts inside wrappers they share (default on; src/engine/frame-cohort.ts) */
  frameCohorts?: boolean;
  /** group organisations whose seats all run one sweep as one campaign, for review (default on; src/engine/sibling-orgs.ts) */
  siblingOrgs?: boolean;
  /** derive campaign signatures after each sweep and match new exchanges against them (default on with a linkage; src/signatures) */
  signatures?: boolean;
  /** seed for the evidence sampler */
  seed?: number;
  /** the fitted per-account model (src/model), which can raise a verdict to review or clear the rules' review on an account's own evidence; absent, the rules alone decide */
  model?: AccountModel;
  /** called at every evaluation with what the model reads (scripts/train-model.ts records its rows here) */
  onEvaluate?: (s: AccountState, signals: readonly Signal[], m: Readonly<Membership>, tMs: number, rules: VerdictKind) => void;
  /**
   * The account side, when it is not this thread's (a partitioned scan's
   * partitions, src/engine/remote.ts): the engine then folds link records
   * and runs the coordinator, and a router drives its sweeps (`sweepRemote`).
   */
  remote?: RemoteSide;
}

export interface EngineStats {
  exchanges: number;
  /** exchanges that carried no prompt text (a log may keep none) */
  withoutText: number;
  late: number;
  sweeps: number;
  sweepMs: number;
  maxReorderHeld: number;
  firstMs: number;
  lastMs: number;
}

export class Engine {
  /** the per-account side (src/engine/partition.ts), or the mirrors of partitions elsewhere (src/engine/remote.ts) */
  private readonly side: AccountPartition | RemoteSide;
  /** the cross-account side (src/engine/coordinator.ts) */
  private readonly coordinator: LinkageCoordinator;
  readonly accounts: Map<string, AccountState>;
  readonly scoring: ScoringConfig;
  private readonly reorder: ReorderBuffer<Prepared>;
  /** where the epochs between sweeps end (src/engine/epochs.ts) */
  private readonly clock: SweepClock;
  private lastTs = '';
  /** event time reached: the latest `ts` processed */
  private nowMs = -Infinity;
  /** rows of the account table not yet created in event time, by `created_at` from `upcomingAt` on (see `release`) */
  private upcoming: { a: AccountRecord; at: number; seq: number }[] = [];
  private upcomingAt = 0;
  private upcomingSorted = true;
  private upcomingSeq = 0;
  /** the row each account in `upcoming` will enter with */
  private readonly waiting = new Map<string, AccountRecord>();
  /** campaign signatures (src/signatures), when on */
  readonly signatures?: SignatureBook;
  readonly stats: EngineStats = { exchanges: 0, withoutText: 0, late: 0, sweeps: 0, sweepMs: 0, maxReorderHeld: 0, firstMs: NaN, lastMs: NaN };

  constructor(private readonly opts: EngineOptions) {
    this.side = opts.remote ?? new AccountPartition(opts);
    this.scoring = this.side.scoring;
    this.accounts = this.side.accounts;
    this.coordinator = new LinkageCoordinator(this.side, { ...opts, scoring: this.scoring });
    this.side.connect(this.coordinator);
    this.signatures = this.coordinator.signatures;
    this.reorder = new ReorderBuffer<Prepared>(opts.reorderMs ?? 5 * 60_000, (p) => this.process(p));
    this.clock = new SweepClock(opts);
  }

  /**
   * Adds a row of the account table (contract §2). The engine knows it from its
   * `created_at` in event time (from the start when it has none), so that no
   * flag rests on an account created later (contract §3): until then the row
   * waits, and no index, record or linkage key holds it.
   *
   * One exception: an account that sends before its `created_at` (bad data: it
   * cannot exist before it was created) has its row entered with its first
   * exchange. Its traffic proves it exists, and leaving the row out would judge
   * a verified account as an unverified one.
   */
  addAccount(a: AccountRecord): void {
    const at = createdMsOf(a);
    // before the first exchange every row waits, so that rows entering together enter in table order (see `release`)
    if ((at > this.nowMs || this.nowMs === -Infinity) && !this.accounts.has(a.account_id)) {
      const last = this.upcoming[this.upcoming.length - 1];
      if (last && at < last.at) this.upcomingSorted = false;
      this.upcoming.push({ a, at, seq: this.upcomingSeq++ });
      this.waiting.set(a.account_id, a);
      return;
    }
    // a row known now replaces one still waiting for its created_at
    this.waiting.delete(a.account_id);
    this.enter(a);
  }

  private enter(a: AccountRecord): void {
    this.coordinator.enter(a, this.side.records.get(a.account_id));
    this.side.enter(a);
    this.coordinator.register(a);
  }

  /**
   * Enters the rows created by event time `t`. Rows released together enter
   * in table order: the linkage numbers accounts as it meets them and its
   * clusters can depend on that order, so a table whose rows are all created
   * before the first exchange gives the verdicts it gave when every row was
   * entered up front.
   */
  private release(t: number): void {
    const rows = this.upcoming;
    if (!this.upcomingSorted) {
      // once for a whole account table added before the first exchange
      const rest = rows.slice(this.upcomingAt).sort((x, y) => x.at - y.at || x.seq - y.seq);
      rows.length = this.upcomingAt;
      for (const r of rest) rows.push(r);
      this.upcomingSorted = true;
    }
    const from = this.upcomingAt;
    while (this.upcomingAt < rows.length && rows[this.upcomingAt].at <= t) this.upcomingAt++;
    const batch = rows.slice(from, this.upcomingAt);
    if (batch.length > 1) batch.sort((x, y) => x.seq - y.seq);
    for (const { a } of batch) {
      // a row replaced, or entered early by its account's own exchange, is no longer waiting
      if (this.waiting.get(a.account_id) !== a) continue;
      this.waiting.delete(a.account_id);
      this.enter(a);
    }
    if (this.upcomingAt === rows.length) {
      this.upcoming = [];
      this.upcomingAt = 0;
    }
  }

  /** Feeds one exchange in arrival order; it is processed once event time allows. */
  push(ex: Exchange): void {
    this.reorder.push({ tsMs: ex.tsMs, ex });
  }

  /** Feeds an exchange whose features (and evidence excerpt) were computed elsewhere. */
  pushPrepared(p: Prepared): void {
    this.reorder.push(p);
  }

  /**
   * Feeds an exchange already in processing order (a partitioned scan's router
   * ordered it with a reorder buffer of its own, src/engine/partitioned.ts):
   * processed now, not held.
   */
  pushOrdered(p: Prepared): void {
    this.process(p);
  }

  /** How this engine orders and sweeps, for a router that orders the stream for it (src/engine/partitioned.ts). */
  ordering(): { reorderMs: number; sweepMinutes?: number; sweepMinNewPerAccount?: number; sweepMaxGapMinutes?: number; sweeping: boolean } {
    const o = this.opts;
    return { reorderMs: this.reorder.windowMs, sweepMinutes: o.sweepMinutes, sweepMinNewPerAccount: o.sweepMinNewPerAccount, sweepMaxGapMinutes: o.sweepMaxGapMinutes, sweeping: !!o.linkage };
  }

  /**
   * End of input: processes what the reorder buffer still holds and runs a
   * last sweep. `ordered`: what the router's reorder buffer counted, when the
   * exchanges came through `pushOrdered`.
   */
  finish(ordered?: { late: number; maxHeld: number }): void {
    this.reorder.drain();
    this.stats.late = ordered?.late ?? this.reorder.late;
    this.stats.maxReorderHeld = ordered?.maxHeld ?? this.reorder.maxHeld;
    // The last sweep acts at the last exchange seen: in a replay the end of the
    // input is "now", and it uses nothing that came after it.
    if (this.stats.exchanges > 0) this.runSweep(this.stats.lastMs, this.lastTs);
  }

  /** Event time reaches `t`: the account-table rows created by then enter. */
  advance(t: number): void {
    if (t > this.nowMs) {
      this.nowMs = t;
      if (this.upcomingAt < this.upcoming.length) this.release(t);
    }
  }

  /**
   * With partitions elsewhere (`remote`): the sweep at the boundary before
   * exchange `p`, each step's reads answered by the partitions. The router
   * calls it where its clock ended an epoch, after `advance(p.tsMs)`.
   */
  async sweepRemote(nowMs: number, ts: string, epoch: number, run = true): Promise<void> {
    const remote = this.opts.remote!;
    const started = performance.now();
    await remote.epochEnd(epoch);
    // without a sweep the partitions still wait for the epoch's end to be answered
    await remote.sweep(run ? this.coordinator.sweepSteps(nowMs, ts) : noSteps(), epoch);
    if (!run) return;
    this.stats.sweeps++;
    this.stats.sweepMs += performance.now() - started;
  }

  /** `finish` with partitions elsewhere: the last sweep (`epoch`: the router's last), then every account's verdict from its partition. */
  async finishRemote(ordered: { late: number; maxHeld: number }, epoch: number): Promise<void> {
    const remote = this.opts.remote!;
    this.stats.late = ordered.late;
    this.stats.maxReorderHeld = ordered.maxHeld;
    await this.sweepRemote(this.stats.lastMs, this.lastTs, epoch, this.stats.exchanges > 0 && !!this.opts.linkage);
    await remote.collect(this.stats.lastMs);
  }

  private process(p: Prepared): void {
    const ex = p.ex;
    const t = ex.tsMs;
    this.advance(t);
    // the sweep sees only exchanges before this one; flags it produces carry this exchange's ts
    if (!this.opts.remote) {
      const sweepAt = this.clock.tick(t, this.accounts.size, !!this.opts.linkage);
      if (!Number.isNaN(sweepAt)) this.runSweep(sweepAt, ex.ts);
    }
    if (!this.accounts.has(ex.account_id)) {
      const early = this.waiting.get(ex.account_id);
      if (early) {
        this.waiting.delete(ex.account_id);
        this.enter(early);
      }
    }
    const f = this.side.take(p);
    this.stats.exchanges++;
    if (!carriesContent(f)) this.stats.withoutText++;
    if (Number.isNaN(this.stats.firstMs)) this.stats.firstMs = t;
    if (!(t <= this.stats.lastMs)) {
      this.stats.lastMs = t;
      this.lastTs = ex.ts;
    }
  }

  private runSweep(nowMs: number, ts: string): void {
    const started = performance.now();
    if (!this.coordinator.sweep(nowMs, ts)) return;
    this.stats.sweeps++;
    this.stats.sweepMs += performance.now() - started;
  }

  /** The account's reasons as of its state now (detectors and campaign evidence), strongest first. */
  reasonsOf(s: AccountState): Reason[] {
    return this.side.reasonsOf(s, this.stats.lastMs);
  }

  /** One verdict per account seen, per contract §3, strongest reasons first. */
  verdicts(): Verdict[] {
    const out: Verdict[] = [];
    for (const s of this.accounts.values()) out.push(this.verdictOf(s));
    return out;
  }

  /**
   * One account's verdict per contract §3, its reasons rebuilt from its state
   * now. At the end of a large scan, build verdicts one at a time as they are
   * written rather than all at once: 100k verdicts with their reasons held
   * together cost a few hundred megabytes at the scan's peak.
   */
  verdictOf(st: AccountState): Verdict {
    return this.side.verdictOf(st, this.stats.lastMs);
  }

  /** Campaigns from the latest sweep that scored as campaigns, per contract §3. */
  campaignList(): Campaign[] {
    return this.coordinator.campaignList();
  }

  /**
   * Clusters that are one organisation's seats acting alike: shown to an
   * analyst beside the campaigns, their seats judged on their own traffic.
   * Same shape as a campaign; not written to campaigns.json.
   */
  organisationList(): Campaign[] {
    return this.coordinator.organisationList();
  }

  /** The strongest key two accounts share, named (for the report's graph links); null when unknown. */
  sharedKey(a: string, b: string, group?: string): { kind: string; value: string } | null {
    return this.coordinator.sharedKey(a, b, group);
  }

  campaignFindings(): CampaignFinding[] {
    return this.coordinator.campaignFindings();
  }
}

function* noSteps(): Generator<never, void, void> {}

/** When an account-table row was created; -Infinity when it does not say (known from the start). */
function createdMsOf(a: AccountRecord): number {
  const ms = typeof a.createdMs === 'number' ? a.createdMs : a.created_at ? Date.parse(a.created_at) : NaN;
  return Number.isFinite(ms) ? ms : -Infinity;
}
