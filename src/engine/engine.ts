/**
 * The streaming engine: one exchange at a time, in event-time order, through
 * features -> account state -> detectors -> scoring, with a cross-account sweep
 * every N minutes of event time. A scan of files and the live gateway run this
 * same class; `flagged_at` is always the `ts` of the exchange being processed
 * when the engine decided, computed only from what came before.
 */
import type { AccountRecord, Campaign, Exchange, Reason, Verdict } from '../contract/types.js';
import type { Detector, DetectorSpec, Signal } from '../detectors/detector.js';
import { DETECTORS } from '../detectors/registry.js';
import type { ExchangeFeatures } from '../features/types.js';
import { carriesContent } from '../features/types.js';
import { AccountState, NO_REASONS, standalone } from '../state/account.js';
import { isFlagged, scoreAccount, ScoringConfig, verdictFor } from '../scoring/score.js';
import type { AccountModel } from '../model/account-model.js';
import type { Membership } from '../model/features.js';
import { ReorderBuffer } from './reorder.js';
import { INSTRUMENT_KINDS, InstrumentIndex, instrumentOf, PAYMENT, type InstrumentKind } from './instruments.js';
import { BehaviourRegion, distinctive, eligible, MAX_ADDRESS_HOLDERS, MEASURE_COUNT, MIN_EXCHANGES, placeDeepestFirst, profileOf, type Placement } from './resemblance.js';
import { followsScript, memberLines, type MemberLines, MIN_ANCHOR_TEXTS, MIN_CAUGHT, MIN_COHORT, ScriptDraft, type ScriptBook, type ScriptMatch } from './script-cohort.js';
import { FOLLOW_SLOTS, FOLLOW_WARMUP } from '../state/followups.js';
import { Group, KINDS } from '../linkage/keys.js';
import { PLAIN_ANSWER_MIN_TOKENS, TEXT_KNOWN } from '../linkage/judge.js';
import type { SharedValue } from '../linkage/types.js';
import { xorshift32 } from '../util/random.js';
import { SignatureBook } from '../signatures/index.js';
import { frameCohortsOf, MIN_DISTINCT, MIN_EXCHANGES as FRAME_MIN_EXCHANGES, MIN_FRAMED_SHARE, MIN_REPEATS as FRAME_MIN_REPEATS, type FrameCandidate } from './frame-cohort.js';

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
  /** derive campaign signatures after each sweep and match new exchanges against them (default on with a linkage; src/signatures) */
  signatures?: boolean;
  /** seed for the evidence sampler */
  seed?: number;
  /** the fitted per-account model (src/model), which can raise a verdict; absent, the rules alone decide */
  model?: AccountModel;
  /** called at every evaluation with what the model reads (scripts/train-model.ts records its rows here) */
  onEvaluate?: (s: AccountState, signals: readonly Signal[], m: Readonly<Membership>, tMs: number) => void;
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
  readonly accounts = new Map<string, AccountState>();
  private readonly records = new Map<string, AccountRecord>();
  private readonly detectors: { spec: DetectorSpec; d: Detector }[];
  private readonly observers: Detector[];
  readonly scoring: ScoringConfig;
  private readonly reorder: ReorderBuffer<Prepared>;
  private readonly sweepMs: number;
  private readonly sinks?: ExchangeSink[];
  private nextSweepMs = NaN;
  private lastSweepMs = NaN;
  private sinceSweep = 0;
  private campaigns = new Map<string, CampaignFinding>();
  /** clusters that are one organisation's seats (see `runSweep`), by cluster id */
  private organisations = new Map<string, CampaignFinding>();
  /** the evidence sampler: only needs to be spread out and repeatable */
  private readonly rand: () => number;
  private lastTs = '';
  /** payment fingerprints and sign-up IPs of the account table, with their holders */
  private readonly instruments = new InstrumentIndex();
  /** event time reached: the latest `ts` processed */
  private nowMs = -Infinity;
  /** rows of the account table not yet created in event time, by `created_at` from `upcomingAt` on (see `release`) */
  private upcoming: { a: AccountRecord; at: number; seq: number }[] = [];
  private upcomingAt = 0;
  private upcomingSorted = true;
  private upcomingSeq = 0;
  /** the row each account in `upcoming` will enter with */
  private readonly waiting = new Map<string, AccountRecord>();
  /** what an account not caught on its own needs to join a script cohort (the scripted detector's settings) */
  private readonly memberLines: MemberLines;
  /** campaign signatures (src/signatures), when on */
  readonly signatures?: SignatureBook;
  private readonly model?: AccountModel;
  /** the account's campaign membership as the model reads it, refilled at each evaluation */
  private readonly membership: Membership = { linkScore: 0, campaignSize: 0, reviewOnly: false, addressHolders: 0 };
  readonly stats: EngineStats = { exchanges: 0, withoutText: 0, late: 0, sweeps: 0, sweepMs: 0, maxReorderHeld: 0, firstMs: NaN, lastMs: NaN };

  constructor(private readonly opts: EngineOptions) {
    this.scoring = ScoringConfig.parse(opts.scoring ?? {});
    const specs = opts.detectors ?? DETECTORS;
    this.detectors = specs.map((spec) => ({ spec, d: spec.create(spec.config.parse(opts.detectorConfig?.[spec.id] ?? {})) }));
    this.memberLines = memberLines(opts.detectorConfig);
    this.observers = this.detectors.filter((x) => x.d.observe).map((x) => x.d);
    this.reorder = new ReorderBuffer<Prepared>(opts.reorderMs ?? 5 * 60_000, (p) => this.process(p));
    this.sweepMs = (opts.sweepMinutes ?? 30) * 60_000;
    this.sinks = opts.sinks?.length ? opts.sinks : undefined;
    this.rand = xorshift32(opts.seed ?? 0x5eed);
    if (opts.linkage && opts.signatures !== false) this.signatures = new SignatureBook(this.scoring);
    this.model = opts.model;
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
    const before = this.records.get(a.account_id);
    if (before) this.instruments.remove(before);
    this.instruments.add(a);
    this.records.set(a.account_id, a);
    const s = this.accounts.get(a.account_id);
    if (s) s.record = a;
    this.opts.linkage?.registerAccount(a);
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

  /** End of input: processes what the reorder buffer still holds and runs a last sweep. */
  finish(): void {
    this.reorder.drain();
    this.stats.late = this.reorder.late;
    this.stats.maxReorderHeld = this.reorder.maxHeld;
    // The last sweep acts at the last exchange seen: in a replay the end of the
    // input is "now", and it uses nothing that came after it.
    if (this.stats.exchanges > 0) this.runSweep(this.stats.lastMs, this.lastTs);
  }

  private process(p: Prepared): void {
    const ex = p.ex;
    const t = ex.tsMs;
    if (t > this.nowMs) {
      this.nowMs = t;
      if (this.upcomingAt < this.upcoming.length) this.release(t);
    }
    if (Number.isNaN(this.nextSweepMs)) this.nextSweepMs = Math.floor(t / this.sweepMs) * this.sweepMs + this.sweepMs;
    if (t >= this.nextSweepMs) {
      if (this.opts.linkage && this.sweepDue(t)) {
        // the sweep sees only exchanges before this one; flags it produces carry this exchange's ts
        this.runSweep(this.nextSweepMs, ex.ts);
        this.lastSweepMs = t;
        this.sinceSweep = 0;
      }
      this.nextSweepMs = Math.floor(t / this.sweepMs) * this.sweepMs + this.sweepMs;
    }
    this.sinceSweep++;
    const f = p.f ?? this.opts.extract(ex);
    let s = this.accounts.get(ex.account_id);
    if (!s) {
      s = new AccountState(ex.account_id);
      const early = this.waiting.get(ex.account_id);
      if (early) {
        this.waiting.delete(ex.account_id);
        this.enter(early);
      }
      const rec = this.records.get(ex.account_id);
      if (rec) s.record = rec;
      this.accounts.set(ex.account_id, s);
    }
    s.update(ex, f);
    // an excerpt from a worker arrives as a string of its own; one cut here is copied flat
    s.offerEvidence(ex, f, () => p.excerpt ?? standalone(this.opts.excerpt(ex)), () => this.rand());
    for (const d of this.observers) d.observe!(s, ex, f);
    if (this.opts.linkage) s.linkSlot = this.opts.linkage.observe(ex, f, s.record, s.linkSlot);
    const signed = this.signatures?.observe(s, ex, f) === true;
    if (this.sinks) for (const k of this.sinks) k.append(ex, f);
    this.stats.exchanges++;
    if (!carriesContent(f)) this.stats.withoutText++;
    if (Number.isNaN(this.stats.firstMs)) this.stats.firstMs = t;
    if (!(t <= this.stats.lastMs)) {
      this.stats.lastMs = t;
      this.lastTs = ex.ts;
    }
    // Every exchange early, then every 4th, then every 16th: the cost stays flat
    // while a new account or a burst is still judged within a few exchanges.
    const n = s.n;
    if (signed || n <= 32 || (n <= 512 ? (n & 3) === 0 : (n & 15) === 0)) this.evaluate(s, ex.ts, t);
  }

  /**
   * Whether campaign membership acts on an account. A cluster is judged as a
   * whole, but a verdict is per account, so each member must also stand on its
   * own evidence:
   * - a verified account (identity or organisation checked) does not inherit a
   *   campaign through this gate: it is accountable by contract, and an agentic
   *   product's seats or an evaluator's harness sit next to harvesters by
   *   content alone. The narrower rule of `instrumentMembers` applies to it;
   * - an account whose own traffic is use, not harvest, does not inherit one (a
   *   student behind a campus NAT that a campaign's proxies also used), and
   *   its own traffic must be enough to tell: at least `MIN_OWN_HARVEST`
   *   harvest exchanges, or `MIN_SHAPE_EXCHANGES` exchanges for the shape of
   *   a sweep (a class judged at a sweep where each student has sent one
   *   question is otherwise swept in whole);
   * - then it needs a decisive link (infrastructure, identity or a template
   *   mostly held inside the campaign, a retry hop, synchronised activity), or,
   *   when it harvests heavily itself, a shared template that is not
   *   overwhelmingly common outside the campaign (paraphrasing campaigns'
   *   wrappers often coincide with ordinary phrasing).
   * Evaded by a campaign whose accounts each dilute harvest below a fifth of
   * their traffic, or whose heavy harvesters share only common phrasing with
   * it; falsely attaches a heavy harvester (a student drilling one benchmark)
   * who also uses a campaign's proxy range or wording.
   */
  private attach(c: CampaignFinding, id: string): boolean {
    const s = this.accounts.get(id);
    if (!s || s.record?.verified) return false;
    const harvest = s.harvestShare();
    // shares over an account's first exchange or two are not evidence: one single-turn question from a
    // script is "100% single-turn, 100% distinct", one benchmark-like homework question "100% harvest"
    const reasons = c.memberReasons.get(id);
    // judged without prompt text (judgeWithoutText): an account whose own log has none is held to its
    // identity and address ties alone, and goes to review
    if (c.signals.includes('campaign.without_text') && s.textShare() < TEXT_KNOWN) return c.memberDecisive ? c.memberDecisive.has(id) : decisivelyLinked(reasons);
    const sweepShaped = s.n >= MIN_SHAPE_EXCHANGES && s.singleTurnShare() >= 0.9 && s.distinctPromptShare() >= 0.9 && s.clientLibShare() >= 0.5;
    if ((harvest < 0.2 || s.harvestCount() < MIN_OWN_HARVEST) && !sweepShaped) return false;
    if (c.memberDecisive ? c.memberDecisive.has(id) : decisivelyLinked(reasons)) return true;
    if (harvest < 0.4) return false;
    if (c.memberTemplateTie) return c.memberTemplateTie.has(id);
    return !!reasons?.some((r) => r.signal === 'linkage.template' || r.signal === 'linkage.template_family');
  }

  /**
   * Accounts a campaign acts on through the account table rather than the
   * clustering, each with the reason an analyst reads: an account that holds
   * an identity instrument (payment fingerprint or sign-up IP) that flagged
   * members of the campaign also hold, where the instrument is held mostly by
   * the campaign and this account (not a company card or a campus NAT most of
   * whose holders are elsewhere): the same payer or the same registration
   * desk. Its own traffic must be harvest for at least
   * `INSTRUMENT_MEMBER_HARVEST` of its exchanges (the linkage's own notion of
   * an account that harvests), over at least `MIN_OWN_HARVEST` of them.
   * - A verified account qualifies only this way, and goes to review, never
   *   block: verification lowers the weight of evidence but does not immunise.
   *   Content links never qualify it (an evaluator's harness and a campaign
   *   harvesting the same benchmark look alike), nor do addresses, retry hops
   *   or timing (app back ends of one provider share all three).
   * - An account the clustering left out (a verified account has no content
   *   links, so one card may be its only edge; community detection may also
   *   leave a weakly linked harvester on the border) is judged the same way, at
   *   the weakest attachment the linkage gives a member.
   * Evaded by accounts with their own card and sign-up address, or that keep
   * harvest below the bar; falsely flags an account that harvests heavily and
   * pays with a card that also pays for a campaign (a contractor doing
   * evaluation work for the operator), which is for review.
   */
  private instrumentMembers(c: CampaignFinding, attached: string[]): Map<string, Reason> {
    const out = new Map<string, Reason>();
    // instruments of the members this campaign flagged, with how many hold each
    const flagged = INSTRUMENT_KINDS.map(() => new Map<string, number>());
    // per instrument, the organisation all its flagged holders belong to ('' when they differ or have none)
    const flaggedOrg = INSTRUMENT_KINDS.map(() => new Map<string, string>());
    let any = false;
    for (const id of attached) {
      const s = this.accounts.get(id);
      if (!s || !isFlagged(s.verdict)) continue;
      for (const kind of INSTRUMENT_KINDS) {
        const v = instrumentOf(s.record, kind);
        if (v === undefined || this.instruments.holders(kind, v) < 2) continue;
        flagged[kind].set(v, (flagged[kind].get(v) ?? 0) + 1);
        const org = s.record?.org_id ?? '';
        const seen = flaggedOrg[kind].get(v);
        flaggedOrg[kind].set(v, seen === undefined || seen === org ? org : '');
        any = true;
      }
    }
    if (!any) return out;
    const members = new Set(c.accounts);
    const tied = new Set(attached);
    const inside = INSTRUMENT_KINDS.map(() => new Map<string, number>());
    for (const id of c.accounts) {
      for (const kind of INSTRUMENT_KINDS) {
        const v = instrumentOf(this.records.get(id), kind);
        if (v !== undefined && flagged[kind].has(v)) inside[kind].set(v, (inside[kind].get(v) ?? 0) + 1);
      }
    }
    const best = new Map<string, { kind: InstrumentKind; value: string; n: number }>();
    for (const kind of INSTRUMENT_KINDS) {
      for (const [value, n] of flagged[kind]) {
        for (const id of this.instruments.holderIds(kind, value)) {
          if (tied.has(id)) continue;
          const s = this.accounts.get(id);
          if (!s || s.harvestShare() < INSTRUMENT_MEMBER_HARVEST || s.harvestCount() < MIN_OWN_HARVEST) continue;
          // an organisation's card held by its own flagged seats is what any organisation's seats share
          const org = s.record?.org_id;
          if (org && flaggedOrg[kind].get(value) === org) continue;
          const held = (inside[kind].get(value) ?? 0) + (members.has(id) ? 0 : 1);
          if (this.instruments.holders(kind, value) - held > held) continue;
          const b = best.get(id);
          if (!b || n > b.n) best.set(id, { kind, value, n });
        }
      }
    }
    for (const [id, { kind, value, n }] of best) {
      const s = this.accounts.get(id)!;
      const what = kind === PAYMENT ? `payment instrument ${clip(value)}` : `sign-up IP ${value}`;
      const verified = !!s.record?.verified;
      out.set(id, {
        signal: verified ? 'campaign.verified_member' : 'campaign.instrument',
        weight: 0,
        detail: `${verified ? 'verified, but shares' : 'shares'} ${what} with ${n} flagged account${n === 1 ? '' : 's'} of campaign ${c.campaignId}; its own traffic is ${Math.round(100 * s.harvestShare())}% harvest`,
      });
    }
    return out;
  }

  private sweepDue(t: number): boolean {
    if (this.sinceSweep === 0) return false;
    const perAccount = this.opts.sweepMinNewPerAccount ?? 2;
    if (this.sinceSweep >= perAccount * this.accounts.size) return true;
    const maxGap = (this.opts.sweepMaxGapMinutes ?? 24 * 60) * 60_000;
    return Number.isNaN(this.lastSweepMs) ? t - this.stats.firstMs >= maxGap : t - this.lastSweepMs >= maxGap;
  }

  private evaluate(s: AccountState, ts: string, tMs: number): void {
    const signals = [];
    for (const { d } of this.detectors) for (const sig of d.evaluate(s)) signals.push(sig);
    const r = scoreAccount(s, signals, this.scoring);
    s.score = r.score;
    s.localScore = r.local;
    // Reasons are not kept here: they are rebuilt from the final state when the
    // verdicts are written (reasonsOf). Keeping every evaluation's reasons, with
    // their strings, on the account made them outlive the young generation and
    // cost a fifth of the scan thread's garbage collection.
    let v = verdictFor(r.score, this.scoring);
    if (this.model || this.opts.onEvaluate) {
      const m = this.membershipOf(s);
      this.opts.onEvaluate?.(s, signals, m, tMs);
      // the model raises a verdict, never lowers one (src/model/account-model.ts verdictFor)
      if (this.model) {
        const p = this.model.probability(s, signals, m, tMs);
        if (p > s.modelScore) s.modelScore = p;
        const mv = this.model.verdictFor(p, s, signals);
        if (rank(mv) > rank(v)) v = mv;
      }
    }
    // Verification lowers the weight of the evidence, it does not immunise: a
    // verified account can be sent to review, but it is never blocked without a person.
    if (v === 'block' && s.record?.verified) v = 'review';
    // An account tied to its campaign by resemblance alone goes to a person, not
    // to an automatic block, unless its own traffic blocks it.
    if (v === 'block' && s.campaignReviewOnly && r.local < this.scoring.blockAt) v = 'review';
    // verdicts only escalate while streaming: the engine acted when it acted
    if (rank(v) > rank(s.verdict)) s.verdict = v;
    if (s.flaggedAt === null && isFlagged(v)) {
      s.flaggedAt = ts;
      s.flaggedAtMs = tMs;
    }
  }

  /**
   * A campaign re-read as a class or a team (src/linkage `retracted`) no longer
   * speaks against its members: the campaign evidence leaves each account that
   * still carries it, and the account is judged again on its own traffic. Its
   * verdict may fall (the one place verdicts fall while streaming) and
   * `flagged_at` keeps the moment the engine acted. Before this, a class
   * flagged on its first evening stayed flagged after the next day's homework
   * re-read it as a class: in seven held-out worlds 21–305 ordinary students
   * (a third to a half of the false positives, and the part that grew with the
   * population) were still in review under a campaign that was no longer acted
   * on. An account whose own traffic flags it keeps its flag. Evaded (as the
   * retraction is) by an operation that pays for the same items from many
   * accounts; it is then released only if its members' own traffic is clean.
   */
  private lift(id: string, c: CampaignFinding, ts: string, nowMs: number): void {
    const s = this.accounts.get(id);
    if (!s || s.campaignId !== c.campaignId) return;
    const was = s.verdict;
    s.campaignId = null;
    s.linkScore = 0;
    s.linkReasons = NO_REASONS;
    s.campaignReviewOnly = false;
    const signals = [];
    for (const { d } of this.detectors) for (const sig of d.evaluate(s)) signals.push(sig);
    const r = scoreAccount(s, signals, this.scoring);
    s.score = r.score;
    s.localScore = r.local;
    let v = verdictFor(r.score, this.scoring);
    if (v === 'block' && s.record?.verified) v = 'review';
    if (rank(v) < rank(was)) {
      s.verdict = v;
      s.lifted = { signal: 'campaign.lifted', weight: 0, detail: `${was} lifted at ${ts}: campaign ${c.campaignId} ${c.retracted ?? 're-read as a class or a team'}` };
    }
    // the model can still raise it, as at any evaluation
    this.evaluate(s, ts, nowMs);
  }

  private membershipOf(s: AccountState): Membership {
    const m = this.membership;
    const c = s.campaignId === null ? undefined : this.campaigns.get(s.campaignId);
    m.linkScore = s.campaignId === null ? 0 : s.linkScore;
    m.campaignSize = c ? c.accounts.length : 0;
    m.reviewOnly = s.campaignId !== null && s.campaignReviewOnly;
    m.addressHolders = this.opts.linkage?.addressHolders?.(s.id) ?? 0;
    return m;
  }

  private runSweep(nowMs: number, ts: string): void {
    const linkage = this.opts.linkage;
    if (!linkage) return;
    const started = performance.now();
    const profile = this.opts.profile;
    const out = linkage.sweep(nowMs, (id) => {
      const s = this.accounts.get(id);
      return s && profile ? profile(s) : undefined;
    });
    this.stats.sweeps++;
    const minScore = this.opts.campaignMinScore ?? 0.5;
    for (const found of out.campaigns) {
      // A cluster that is one organisation's seats (80% or more) is one customer,
      // not a campaign: what ties it (one card, one office range, one system
      // prompt, one product's traffic) is what any organisation's seats share.
      // Its seats are judged on their own traffic, and the cluster is listed
      // apart for an analyst (`organisationList`). Until the sixth session its
      // seats went to review: 122 company seats and 96 app back ends over seven
      // fresh red-team worlds scanned without the account table. Evaded by an
      // operation that enrols its accounts in one organisation, which then
      // answers for them as one customer and is caught only where an account's
      // own traffic is flagged; members attached while the cluster was not one
      // organisation keep their campaign.
      if (found.oneOrganisation) {
        this.organisations.set(found.campaignId, found);
        continue;
      }
      this.organisations.delete(found.campaignId);
      // A campaign whose members now read as a class or a team (src/linkage `describe`)
      // is kept for the accounts it already flagged and acted on no further.
      if (found.retracted) {
        this.campaigns.set(found.campaignId, found);
        for (const id of found.accounts) this.lift(id, found, ts, nowMs);
        continue;
      }
      const attached = found.accounts.filter((id) => this.attach(found, id));
      let c = attached.length === found.accounts.length ? found : { ...found, accounts: attached };
      // A handful of accounts tied by what they send alone is for a person to confirm (`tiedByContentOnly`)
      const contentOnly = tiedByContentOnly(c);
      if (contentOnly) c = { ...c, contentOnly: true };
      // judged without prompt text (src/linkage/judge.ts judgeWithoutText): for a person to confirm
      const reviewOnly = contentOnly || c.signals.includes('campaign.without_text');
      this.campaigns.set(c.campaignId, c);
      if (c.score < minScore) continue;
      for (const id of c.accounts) {
        const s = this.accounts.get(id);
        if (!s) continue;
        const member = c.memberScores?.get(id) ?? c.score;
        if (s.campaignId === null || member >= s.linkScore) {
          s.campaignId = c.campaignId;
          s.linkScore = member;
          s.linkReasons = c.memberReasons.get(id) ?? [{ signal: 'linkage.campaign', weight: c.score, detail: `member of campaign ${c.campaignId} (${c.accounts.length} accounts)` }];
          s.campaignReviewOnly = reviewOnly || (c.memberContentOnly?.has(id) ?? false) || (c.memberContentTie?.has(id) ?? false);
        }
        this.evaluate(s, ts, nowMs);
      }
      // after the others, so that "flagged" includes what this sweep flagged
      const byInstrument = this.instrumentMembers(found, attached);
      if (byInstrument.size === 0) continue;
      c = { ...found, accounts: [...attached, ...byInstrument.keys()], byInstrument: byInstrument.size };
      this.campaigns.set(c.campaignId, c);
      for (const [id, why] of byInstrument) {
        const s = this.accounts.get(id)!;
        // The rule decides "send to an analyst": at least review (evaluate() never blocks a verified
        // account); an account outside the cluster has the weakest attachment the linkage gives a member.
        const member = Math.max(this.scoring.reviewAt, c.memberScores?.get(id) ?? MIN_ATTACHMENT * c.score);
        if (s.campaignId === null || member >= s.linkScore) {
          s.campaignId = c.campaignId;
          s.linkScore = member;
          s.linkReasons = [{ ...why, weight: round3(member) }, ...(c.memberReasons.get(id) ?? [])];
          s.campaignReviewOnly = false;
        }
        this.evaluate(s, ts, nowMs);
      }
    }
    if (this.opts.resemblance !== false) this.resemblance(minScore, ts, nowMs);
    if (this.opts.scriptCohorts !== false) this.scriptCohorts(ts, nowMs);
    if (this.opts.frameCohorts !== false) this.frameCohorts(ts, nowMs);
    this.signatures?.derive(nowMs, this.campaigns.values(), this.accounts);
    this.stats.sweepMs += performance.now() - started;
  }

  /**
   * Accounts the linkage could not tie to a campaign that behave like its
   * flagged members (src/engine/resemblance.ts says why, what evades it and what
   * it falsely flags). Each is attached to the campaign whose region it lies
   * deepest in, for review: it joins with the review line as its campaign
   * evidence and is never blocked on it (`campaignReviewOnly`). A campaign
   * gains at most as many accounts this way as it has members to draw its
   * region from, the closest first; an account a full campaign has no room for
   * goes to the next campaign it lies inside (`placeDeepestFirst`). An account
   * attached this way stays listed with its campaign at later sweeps (verdicts
   * only escalate), unless the
   * linkage itself makes it a member of one.
   */
  private resemblance(minScore: number, ts: string, nowMs: number): void {
    const linkage = this.opts.linkage;
    if (!linkage?.addressHolders) return;
    const regions: { c: CampaignFinding; r: BehaviourRegion; kept: string[] }[] = [];
    const keptBy = new Map<string, string[]>();
    for (const c of this.campaigns.values()) {
      const kept: string[] = [];
      keptBy.set(c.campaignId, kept);
      if (c.score < minScore || c.oneOrganisation || c.retracted || c.script || c.frames) continue;
      const profiles: Float64Array[] = [];
      for (const id of c.accounts) {
        const s = this.accounts.get(id);
        if (!s || s.campaignId !== c.campaignId || !isFlagged(s.verdict) || s.n < MIN_EXCHANGES || byResemblance(s)) continue;
        profiles.push(profileOf(s));
      }
      const r = BehaviourRegion.of(profiles);
      if (r) regions.push({ c, r, kept });
    }
    const p = new Float64Array(MEASURE_COUNT);
    const candidates: AccountState[] = [];
    const inside: Placement[] = [];
    for (const s of this.accounts.values()) {
      if (s.campaignId !== null) {
        if (byResemblance(s)) keptBy.get(s.campaignId)?.push(s.id);
        continue;
      }
      if (regions.length === 0 || !eligible(s) || linkage.addressHolders(s.id) > MAX_ADDRESS_HOLDERS) continue;
      profileOf(s, p);
      for (let i = 0; i < regions.length; i++) {
        const depth = regions[i].r.depth(p);
        if (depth !== Infinity) inside.push({ who: candidates.length, region: i, depth });
      }
      candidates.push(s);
    }
    // a region more outsiders lie in than it has members is the population's, not the fleet's
    const outsiders = new Array<number>(regions.length).fill(0);
    for (const x of inside) outsiders[x.region]++;
    const room = regions.map(({ r, kept }, i) => (distinctive(outsiders[i] + kept.length, r.members) ? Math.max(0, r.members - kept.length) : 0));
    const reviewAt = this.scoring.reviewAt;
    for (const { who, region } of placeDeepestFirst(inside, room)) {
      const s = candidates[who];
      const { c, r, kept } = regions[region];
      profileOf(s, p);
      s.campaignId = c.campaignId;
      s.linkScore = reviewAt;
      s.linkReasons = [{ signal: 'campaign.resemblance', weight: round3(reviewAt), detail: resemblanceDetail(c.campaignId, r, p) }];
      s.campaignReviewOnly = true;
      this.evaluate(s, ts, nowMs);
      kept.push(s.id);
    }
    for (const [id, kept] of keptBy) {
      const c = this.campaigns.get(id);
      if (!c || kept.length === 0) continue;
      const listed = new Set(c.accounts);
      const more = kept.filter((x) => !listed.has(x));
      this.campaigns.set(id, { ...c, accounts: more.length ? [...c.accounts, ...more] : c.accounts, byResemblance: kept.length });
    }
  }

  /**
   * Self-chat fleets as one campaign each (src/engine/script-cohort.ts says
   * why, what evades it and what it falsely flags): the accounts the
   * scripted-dialogue detector caught teach the fleet's stock follow-ups;
   * they are listed together, and an account whose follow-ups are nearly all
   * those texts is sent to review with them. Cohorts are drawn afresh at each
   * sweep; an account keeps the cohort it was given (verdicts only escalate),
   * and one the linkage placed in a campaign stays there.
   */
  private scriptCohorts(ts: string, nowMs: number): void {
    const scripted = this.detectors.find((x) => x.spec.id === 'conversation.scripted')?.d;
    if (!scripted) return;
    const anchors: AccountState[] = [];
    const anchorTexts: Uint32Array[] = [];
    const buf = new Uint32Array(FOLLOW_SLOTS);
    for (const s of this.accounts.values()) {
      // the detector's own first test, so most accounts cost one comparison
      if (s.laterFollowUps() === 0 || scripted.evaluate(s).length === 0) continue;
      anchors.push(s);
      anchorTexts.push(buf.slice(0, s.followUpTexts(buf)));
    }
    const draft = ScriptDraft.of(anchorTexts);
    if (!draft) return;
    const isAnchor = new Set(anchors);
    // the base rate: how many of the other accounts that follow up, in people's hours, send each shared text
    for (const s of this.accounts.values()) if (s.followUps() >= FOLLOW_WARMUP && !isAnchor.has(s) && s.quietHours() > this.memberLines.quietHours) draft.observe(buf, s.followUpTexts(buf));
    const book = draft.book();
    if (!book) return;
    const cohorts = new Map<number, { caught: AccountState[]; joined: { s: AccountState; m: ScriptMatch }[] }>();
    const cohort = (k: number) => cohorts.get(k) ?? cohorts.set(k, { caught: [], joined: [] }).get(k)!;
    const free = (s: AccountState): boolean => s.campaignId === null || (this.campaigns.get(s.campaignId)?.script !== undefined);
    for (let i = 0; i < anchors.length; i++) {
      const m = book.match(anchorTexts[i]);
      if (m && m.inScript >= MIN_ANCHOR_TEXTS && free(anchors[i])) cohort(m.script).caught.push(anchors[i]);
    }
    const linkage = this.opts.linkage;
    for (const s of this.accounts.values()) {
      if (s.followUps() < FOLLOW_WARMUP || isAnchor.has(s) || s.n < MIN_EXCHANGES) continue;
      if (s.campaignId !== null && !free(s)) continue;
      const lines = this.memberLines;
      if (s.followUpShare() < lines.followUpShare || s.clientLibShare() < lines.clientLib || s.systemShare() >= 0.9) continue;
      const answer = s.answerLength();
      if (answer < lines.answerTokens || (linkage?.addressHolders && linkage.addressHolders(s.id) > MAX_ADDRESS_HOLDERS)) continue;
      const m = book.match(buf, s.followUpTexts(buf));
      if (followsScript(m)) cohort(m.script).joined.push({ s, m });
    }
    const reviewAt = this.scoring.reviewAt;
    for (const [k, { caught, joined }] of cohorts) {
      if (caught.length + joined.length < MIN_COHORT || caught.length < MIN_CAUGHT) continue;
      const members = [...caught, ...joined.map((j) => j.s)];
      // the cohort most of its accounts already carry keeps its id from sweep to sweep
      const ids = new Map<string, number>();
      for (const s of members) if (s.campaignId !== null) ids.set(s.campaignId, (ids.get(s.campaignId) ?? 0) + 1);
      let id = `c_script_${book.signature(k).toString(16).padStart(8, '0')}`;
      let most = 0;
      for (const [x, n] of ids) if (n > most) [id, most] = [x, n];
      const texts = book.size(k);
      const what = `campaign ${id} (${members.length} accounts sending the same ${texts} stock follow-ups)`;
      for (const s of caught) {
        if (s.campaignId === id) continue;
        s.campaignId = id;
        s.linkScore = Math.max(s.linkScore, reviewAt);
        s.linkReasons = [{ signal: 'campaign.script', weight: round3(reviewAt), detail: `caught scripting dialogues on its own traffic, and one of ${what}` }];
        s.campaignReviewOnly = true;
        this.evaluate(s, ts, nowMs);
      }
      for (const { s, m } of joined) {
        s.campaignId = id;
        s.linkScore = Math.max(s.linkScore, reviewAt);
        s.linkReasons = [{
          signal: 'campaign.script',
          weight: round3(reviewAt),
          detail: `${m.inScript} of the ${m.of} different follow-ups it sent are stock follow-ups of ${caught.length} accounts caught scripting dialogues, ${what}, each sent by at most ${pctOf(m.commonest)} of the ${book.others} other accounts that follow up in people's hours; ${Math.round(100 * s.followUpShare())}% of its ${s.n} exchanges are follow-ups, from client libraries; for review, never blocked on this alone`,
        }];
        s.campaignReviewOnly = true;
        this.evaluate(s, ts, nowMs);
      }
      const prior = this.campaigns.get(id);
      const { accounts, first, last, exchanges } = this.cohortSpan(prior, members);
      // a few of the texts as the accounts wrote them, once found (a search per sweep would cost)
      let quotes = prior?.script?.quotes ?? [];
      if (quotes.length < SCRIPT_QUOTES) quotes = this.scriptQuotes(members, book, k, quotes);
      const said = quotes.length ? `, such as ${quotes.map((q) => `“${q}”`).join(', ')}` : '';
      this.campaigns.set(id, {
        campaignId: id,
        accounts,
        score: reviewAt,
        signals: ['conversation.scripted', 'campaign.script'],
        summary:
          `${accounts.length} accounts drive conversations with the same ${texts} stock follow-ups${said} (a user simulator harvesting dialogues): ` +
          `${caught.length} caught scripting on their own traffic, ${joined.length} sending nearly only those follow-ups; for review`,
        firstSeenMs: first,
        lastSeenMs: last,
        exchanges,
        memberReasons: new Map(),
        script: { texts, caught: caught.length, joined: joined.length, quotes },
      });
    }
  }

  /**
   * Up to SCRIPT_QUOTES texts of script `k` as its accounts wrote them, added
   * to `have`: found among the members' evidence samples (each the new user
   * turn of an exchange, so a follow-up when the sample is one), by the same
   * template skeleton the follow-up tally keeps. Looks at the first
   * SCRIPT_QUOTE_LOOK members only.
   */
  /** A cohort's accounts (those it listed before, then `members`), its first and last activity and its exchanges. */
  private cohortSpan(prior: CampaignFinding | undefined, members: readonly AccountState[]): { accounts: string[]; first: number; last: number; exchanges: number } {
    const accounts = prior ? [...new Set([...prior.accounts, ...members.map((s) => s.id)])] : members.map((s) => s.id);
    let first = Infinity;
    let last = -Infinity;
    let exchanges = 0;
    for (const a of accounts) {
      const s = this.accounts.get(a);
      if (!s) continue;
      first = Math.min(first, s.firstMs);
      last = Math.max(last, s.lastMs);
      exchanges += s.n;
    }
    return { accounts, first, last, exchanges };
  }

  /**
   * Frame cohorts (src/engine/frame-cohort.ts): accounts no campaign has
   * taken that send their prompts inside wrappers they share, listed as one
   * campaign for review.
   */
  private frameCohorts(ts: string, nowMs: number): void {
    const linkage = this.opts.linkage;
    if (!linkage?.framesOf) return;
    const candidates: FrameCandidate[] = [];
    const states: AccountState[] = [];
    const shares: number[] = [];
    const repeaters = new Map<number, number>();
    for (const s of this.accounts.values()) {
      if (s.n < FRAME_MIN_EXCHANGES) continue;
      const frames = linkage.framesOf(s.id, FRAME_MIN_REPEATS);
      if (frames.length === 0) continue;
      for (const f of frames) repeaters.set(f.key, (repeaters.get(f.key) ?? 0) + 1);
      if (s.record?.verified || (s.campaignId !== null && this.campaigns.get(s.campaignId)?.frames === undefined)) continue;
      let inside = 0;
      for (const f of frames) inside += f.count;
      const share = Math.min(1, inside / s.n);
      if (share < MIN_FRAMED_SHARE || s.distinctPromptShare() < MIN_DISTINCT || s.systemShare() >= 0.5 || s.answerLength() < PLAIN_ANSWER_MIN_TOKENS) continue;
      // a crowd on one address (a campus NAT) shares its phrasing too: a class asking "can you explain it step by step?"
      if (linkage.addressHolders && linkage.addressHolders(s.id) > MAX_ADDRESS_HOLDERS) continue;
      candidates.push({ id: s.id, frames });
      states.push(s);
      shares.push(share);
    }
    if (candidates.length === 0) return;
    const reviewAt = this.scoring.reviewAt;
    for (const cohort of frameCohortsOf(candidates, repeaters)) {
      const members = cohort.members.map((i) => states[i]);
      const ids = new Map<string, number>();
      for (const s of members) if (s.campaignId !== null) ids.set(s.campaignId, (ids.get(s.campaignId) ?? 0) + 1);
      let id = `c_frame_${(cohort.frames[0] % 4294967296).toString(16).padStart(8, '0')}`;
      let most = 0;
      for (const [x, n] of ids) if (n > most) [id, most] = [x, n];
      const what = `campaign ${id} (${members.length} accounts sharing ${cohort.frames.length} wrapper${cohort.frames.length === 1 ? '' : 's'})`;
      cohort.members.forEach((i) => {
        const s = states[i];
        if (s.campaignId === id) return;
        s.campaignId = id;
        s.linkScore = Math.max(s.linkScore, reviewAt);
        const answer = s.answerLength();
        s.linkReasons = [{
          signal: 'campaign.frames',
          weight: round3(reviewAt),
          detail: `${Math.round(100 * shares[i])}% of its ${s.n} prompts sit inside wrappers it repeats and that other accounts of ${what} repeat too, around items that never repeat (${Math.round(100 * s.distinctPromptShare())}% distinct)${Number.isFinite(answer) ? `, answers of ${Math.round(answer)} tokens on average` : ''}; for review, never blocked on this alone`,
        }];
        s.campaignReviewOnly = true;
        this.evaluate(s, ts, nowMs);
      });
      const prior = this.campaigns.get(id);
      const { accounts, first, last, exchanges } = this.cohortSpan(prior, members);
      this.campaigns.set(id, {
        campaignId: id,
        accounts,
        score: reviewAt,
        signals: ['campaign.frames', 'linkage.frame'],
        summary:
          `${accounts.length} accounts send their prompts inside the same ${cohort.frames.length} wrapper${cohort.frames.length === 1 ? '' : 's'} (the same first or last words around items that never repeat) and get full answers back: ` +
          'a harvest whatever the wrappers say. They share no key the linkage draws as a link; for review',
        firstSeenMs: first,
        lastSeenMs: last,
        exchanges,
        memberReasons: new Map(),
        frames: { wrappers: cohort.frames.length },
      });
    }
  }

  private scriptQuotes(members: readonly AccountState[], book: ScriptBook, k: number, have: readonly string[]): string[] {
    const out = [...have];
    const seen = new Set<string>(out);
    const skeleton = (text: string): number => {
      const f = this.opts.extract({ id: '', ts: '', tsMs: 0, account_id: '', request: { messages: [{ role: 'user', content: text }] } } as unknown as Exchange);
      return (f.skeletonHash || f.promptHash) >>> 0;
    };
    const hashes = new Set<number>(out.map(skeleton));
    for (let i = 0; i < members.length && i < SCRIPT_QUOTE_LOOK && out.length < SCRIPT_QUOTES; i++) {
      for (const e of members[i].evidence) {
        const text = e.excerpt;
        // a whole, short text (a cut excerpt ends in an ellipsis and hashes differently)
        if (text.length === 0 || text.length > 120 || text.endsWith('…') || seen.has(text)) continue;
        const h = skeleton(text);
        if (h === 0 || hashes.has(h) || book.scriptFor(h) !== k) continue;
        hashes.add(h);
        seen.add(text);
        out.push(text);
        if (out.length >= SCRIPT_QUOTES) break;
      }
    }
    return out;
  }

  /** The account's reasons as of its state now (detectors and campaign evidence), strongest first. */
  reasonsOf(s: AccountState): Reason[] {
    const signals = [];
    for (const { d } of this.detectors) for (const sig of d.evaluate(s)) signals.push(sig);
    const reasons = scoreAccount(s, signals, this.scoring).reasons;
    if (this.model && s.modelScore >= this.model.reviewAt) {
      reasons.unshift(this.model.reason(s, signals, this.membershipOf(s), this.stats.lastMs, s.modelScore));
    }
    if (s.lifted) reasons.push(s.lifted);
    return reasons;
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
    return {
      account_id: st.id,
      verdict: st.verdict,
      score: st.score,
      flagged_at: st.flaggedAt,
      campaign_id: st.campaignId,
      reasons: this.reasonsOf(st).slice(0, 8),
    };
  }

  /** Campaigns from the latest sweep that scored as campaigns, per contract §3. */
  campaignList(): Campaign[] {
    // Every account whose verdict names a campaign is listed with it: a later sweep
    // may find the campaign again with fewer members passing the gates (a campaign
    // was written with no accounts while four verdicts named it), and a retracted
    // campaign is listed only while a verdict names it.
    const named = new Map<string, string[]>();
    for (const s of this.accounts.values()) if (s.campaignId !== null) (named.get(s.campaignId) ?? named.set(s.campaignId, []).get(s.campaignId)!).push(s.id);
    // And an account is listed once, with the campaign its verdict names: a later sweep
    // may place an account in a second campaign with a weaker tie than the one it has,
    // which leaves its verdict with the first (in red-team scans, 1-4 accounts of a
    // campaign were listed with two). The counts of accounts joined by an instrument or
    // by resemblance are those of the listed accounts.
    const live = new Map<string, CampaignFinding>();
    for (const [id, c] of this.campaigns) {
      if (c.retracted && !named.has(id)) continue;
      // found again with no member passing the gates, and naming none: nothing to list
      if (c.accounts.length === 0 && !named.has(id)) continue;
      const mine = c.accounts.filter((a) => {
        const s = this.accounts.get(a);
        return !s || s.campaignId === null || s.campaignId === id;
      });
      const have = new Set(mine);
      const accounts = [...mine, ...(named.get(id) ?? []).filter((a) => !have.has(a))];
      let byResemblance = 0;
      let byInstrument = 0;
      for (const a of accounts) {
        const s = this.accounts.get(a);
        if (s?.campaignId !== id) continue;
        const how = s.linkReasons[0]?.signal;
        if (how === 'campaign.resemblance') byResemblance++;
        else if (how === 'campaign.instrument' || how === 'campaign.verified_member') byInstrument++;
      }
      live.set(id, { ...c, accounts, byResemblance, byInstrument });
    }
    const more = (n: number): string => `${n} more account${n === 1 ? '' : 's'}`;
    return this.listed(live, (c) =>
      c.summary +
      (c.contentOnly ? `; ${c.accounts.length} accounts tied only by what they send (templates, system prompts, harvest focus), as independent users of one public evaluation suite are: for review, not blocked on this` : '') +
      (c.byInstrument ? `; ${more(c.byInstrument)} hold a payment instrument or sign-up IP of its flagged members (for review)` : '') +
      (c.byResemblance ? `; ${more(c.byResemblance)} behave like its members without a shared key (resemblance, for review)` : ''),
    );
  }

  /**
   * Clusters that are one organisation's seats acting alike: shown to an
   * analyst beside the campaigns, their seats judged on their own traffic
   * (see `runSweep`). Same shape as a campaign; not written to campaigns.json.
   */
  organisationList(): Campaign[] {
    return this.listed(this.organisations, (c) => {
      const one = c.oneOrganisation!;
      return `one organisation's seats (${one.org}, ${Math.round(100 * one.share)}% of ${c.accounts.length} accounts), judged as a customer, not a campaign: ${c.summary}`;
    });
  }

  private listed(from: Map<string, CampaignFinding>, summary: (c: CampaignFinding) => string): Campaign[] {
    const minScore = this.opts.campaignMinScore ?? 0.5;
    const out: Campaign[] = [];
    const sharing = this.opts.linkage?.sharedValues?.bind(this.opts.linkage);
    for (const c of from.values()) {
      if (c.score < minScore) continue;
      const accounts = [...c.accounts].sort();
      // The linkage counted its cluster as of its last sweep; the campaign as listed
      // (members placed elsewhere since, or named by a verdict) is counted here, so
      // the accounts, the exchanges and the summary's first words agree.
      let exchanges = 0;
      for (const a of accounts) {
        const st = this.accounts.get(a);
        if (!st) {
          exchanges = c.exchanges;
          break;
        }
        exchanges += st.n;
      }
      const said = summary(c);
      out.push({
        campaign_id: c.campaignId,
        accounts,
        exchanges,
        first_seen: new Date(c.firstSeenMs).toISOString(),
        last_seen: new Date(c.lastSeenMs).toISOString(),
        score: c.score,
        signals: c.byResemblance ? [...c.signals, 'campaign.resemblance'] : c.signals,
        summary: said.replace(/^\d+ accounts, [\d.]+[kM]? exchanges/, `${accounts.length} accounts, ${countText(exchanges)} exchanges`),
        ...(sharing ? { shared: sharing(accounts) } : {}),
      });
    }
    out.sort((a, b) => b.score - a.score || b.accounts.length - a.accounts.length);
    return out;
  }

  /** The strongest key two accounts share, named (for the report's graph links); null when unknown. */
  sharedKey(a: string, b: string, group?: string): { kind: string; value: string } | null {
    return this.opts.linkage?.sharedKey?.(a, b, group) ?? null;
  }

  campaignFindings(): CampaignFinding[] {
    return [...this.campaigns.values()];
  }
}

/**
 * Links that are costly or improbable to share by coincidence. Campaign
 * membership only acts on an account that has at least one of them: a shared
 * user agent, API-key naming style, model switch or harvest focus (intent on a
 * topic) is what two unrelated people running the same task with the same
 * tools have in common, e.g. a researcher evaluating on a public benchmark
 * while a campaign harvests the same benchmark. Evaded by a campaign that
 * shares none of infrastructure, identity, templates and timing: it pays for
 * that in cost per exchange, and per-account scoring still applies to it.
 */
export const DECISIVE_LINKS: ReadonlySet<string> = new Set([
  'linkage.ip', 'linkage.subnet', 'linkage.payment', 'linkage.email_domain', 'linkage.org', 'linkage.signup_ip',
  'linkage.signup_burst', 'linkage.template', 'linkage.template_family', 'linkage.system_prompt', 'linkage.sync', 'linkage.retry_hop',
]);

/**
 * Fewest members a campaign tied by content alone needs before its tie can
 * block them. Below it, the members go to review (unless their own traffic
 * blocks them).
 */
export const CONTENT_ONLY_BLOCK_MIN = 7;
const CONTENT_SIGNALS: ReadonlySet<string> = new Set(KINDS.filter((k) => k.group === Group.Content).map((k) => k.signal));

/**
 * Whether a campaign is a handful of accounts (fewer than
 * CONTENT_ONLY_BLOCK_MIN) tied only by what they send: shared templates,
 * template families, system prompts and harvest focus, with no shared
 * address, range, card, e-mail domain, organisation, sign-up window, client
 * or timing. That is what a few independent researchers running the same
 * public evaluation suite share, each from their own institution (in the
 * red team's worlds without the account table, four such researchers were
 * one "campaign", blocked). An operation of thousands cannot stay this small,
 * and one that shares anything else is not affected. What a small
 * content-only fleet gains: its accounts wait for an analyst instead of an
 * automatic block (they are flagged all the same).
 */
function tiedByContentOnly(c: CampaignFinding): boolean {
  if (c.accounts.length >= CONTENT_ONLY_BLOCK_MIN) return false;
  let linked = false;
  for (const sig of c.signals) {
    if (!sig.startsWith('linkage.')) continue;
    if (!CONTENT_SIGNALS.has(sig)) return false;
    linked = true;
  }
  return linked;
}

/** Whether the account's campaign membership rests on resemblance alone. */
function byResemblance(s: AccountState): boolean {
  return s.linkReasons.length > 0 && s.linkReasons[0].signal === 'campaign.resemblance';
}

function resemblanceDetail(campaignId: string, r: BehaviourRegion, p: Float64Array): string {
  const pct = (x: number): string => `${Math.min(100, Math.round(100 * x))}%`;
  const perDay = (x: number): string => `${Math.round(Math.exp(x))}`;
  const range = (m: number, f: (x: number) => string): string => `theirs ${f(Math.max(0, r.lo[m]))}–${f(r.hi[m])}`;
  return (
    `behaves like the ${r.members} flagged members of campaign ${campaignId} on all ten behaviour measures without sharing an address, card or template with them: ` +
    `harvest ${pct(p[0])} of its exchanges (${range(0, pct)}), hour-of-day spread ${p[6].toFixed(2)} (${range(6, (x) => x.toFixed(2))}), ` +
    `${perDay(p[9])} exchanges per active day (${range(9, perDay)}); for review, never blocked on this alone`
  );
}

function decisivelyLinked(reasons: Reason[] | undefined): boolean {
  if (!reasons) return true; // a linkage that gives no per-member reasons is trusted as it is
  for (const r of reasons) if (DECISIVE_LINKS.has(r.signal)) return true;
  return false;
}

/** A count as the linkage's summaries write it (2572, 25k, 1.2M). */
function countText(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(n);
}

function rank(v: string): number {
  return v === 'block' ? 2 : v === 'review' ? 1 : 0;
}

/**
 * Own harvest share from which an account that shares an identity instrument
 * with flagged campaign members is acted on (`instrumentMembers`): the bar at
 * which the linkage treats an account as a harvester itself (`harvesters()` in
 * src/linkage/graph.ts). A company seat, student or developer asks far fewer
 * extraction-style questions than that.
 */
export const INSTRUMENT_MEMBER_HARVEST = 0.3;

/** Stock follow-ups quoted in a script cohort's summary, and the members searched for them. */
const SCRIPT_QUOTES = 3;
const SCRIPT_QUOTE_LOOK = 50;

/** The weakest attachment the linkage gives a campaign member (src/linkage: 0.6 + 0.4 × relative degree). */
const MIN_ATTACHMENT = 0.6;

/**
 * Harvest exchanges an account must have sent before its own harvest share
 * counts towards campaign membership (one question is no share). Costs a
 * campaign account at most one more exchange before it can be flagged.
 */
export const MIN_OWN_HARVEST = 2;

/**
 * Exchanges an account must have sent before the shape of a sweep (single
 * turns, no repeats, a client library) counts as its own evidence: over fewer,
 * those shares are 100% for anyone. A plain-answer sweep account is flagged
 * through it from its tenth exchange at the earliest.
 */
export const MIN_SHAPE_EXCHANGES = 10;

/** When an account-table row was created; -Infinity when it does not say (known from the start). */
function createdMsOf(a: AccountRecord): number {
  const ms = typeof a.createdMs === 'number' ? a.createdMs : a.created_at ? Date.parse(a.created_at) : NaN;
  return Number.isFinite(ms) ? ms : -Infinity;
}

function clip(s: string): string {
  return s.length > 14 ? `${s.slice(0, 12)}…` : s;
}

function pctOf(x: number): string {
  return x < 0.01 ? `${(100 * x).toFixed(1)}%` : `${Math.round(100 * x)}%`;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
