/**
 * The engine's per-account side: an account's state, its detectors, its
 * scoring and its verdict. Everything here reads one account (and what the
 * cross-account side published at the last sweep: campaign sizes, address
 * holders); the linkage coordinator (src/engine/coordinator.ts) reads and
 * re-judges accounts through this class at a sweep.
 */
import type { AccountRecord, Reason, Verdict } from '../contract/types.js';
import type { Detector, DetectorSpec } from '../detectors/detector.js';
import { DETECTORS } from '../detectors/registry.js';
import type { ExchangeFeatures } from '../features/types.js';
import { AccountState, NO_REASONS, standalone } from '../state/account.js';
import { isFlagged, scoreAccount, ScoringConfig, verdictFor } from '../scoring/score.js';
import type { AccountModel } from '../model/account-model.js';
import type { Membership } from '../model/features.js';
import type { AccountSide } from './coordinator.js';
import type { EngineOptions, Prepared } from './engine.js';

/** What the account side reads of the cross-account side between sweeps. */
export interface CrossAccountView {
  /** notes the exchange in the linkage and signature holdings; true when a signature placed the account in a campaign now */
  observe(s: AccountState, ex: Prepared['ex'], f: ExchangeFeatures): boolean;
  campaignSize(campaignId: string | null): number;
  addressHolders(accountId: string): number;
}

export type PartitionOptions = Pick<EngineOptions, 'extract' | 'excerpt' | 'scoring' | 'detectors' | 'detectorConfig' | 'sinks' | 'seed' | 'model' | 'onEvaluate'>;

export class AccountPartition implements AccountSide {
  readonly accounts = new Map<string, AccountState>();
  readonly records = new Map<string, AccountRecord>();
  private readonly detectors: { spec: DetectorSpec; d: Detector }[];
  private readonly observers: Detector[];
  readonly scoring: ScoringConfig;
  private readonly sinks?: PartitionOptions['sinks'];
  /** the evidence sampler's seed: each account draws from a stream of its own (AccountState.offerEvidence) */
  private readonly seed: number;
  private readonly model?: AccountModel;
  /** the account's campaign membership as the model reads it, refilled at each evaluation */
  private readonly membership: Membership = { linkScore: 0, campaignSize: 0, reviewOnly: false, addressHolders: 0 };
  /** set once by the engine that wires this side to the coordinator */
  cross!: CrossAccountView;

  constructor(private readonly opts: PartitionOptions) {
    this.scoring = ScoringConfig.parse(opts.scoring ?? {});
    const specs = opts.detectors ?? DETECTORS;
    this.detectors = specs.map((spec) => ({ spec, d: spec.create(spec.config.parse(opts.detectorConfig?.[spec.id] ?? {})) }));
    this.observers = this.detectors.filter((x) => x.d.observe).map((x) => x.d);
    this.sinks = opts.sinks?.length ? opts.sinks : undefined;
    this.seed = opts.seed ?? 0x5eed;
    this.model = opts.model;
  }

  connect(cross: CrossAccountView): void {
    this.cross = cross;
  }

  detector(id: string): Detector | undefined {
    return this.detectors.find((x) => x.spec.id === id)?.d;
  }

  /** Takes a row of the account table (the coordinator takes its instruments and linkage keys). */
  enter(a: AccountRecord): void {
    this.records.set(a.account_id, a);
    const s = this.accounts.get(a.account_id);
    if (s) s.record = a;
  }

  /**
   * Folds one exchange into its account's state, notes it with the
   * cross-account side and judges the account when its cadence says so.
   * Returns the exchange's features.
   */
  take(p: Prepared): ExchangeFeatures {
    const ex = p.ex;
    const f = p.f ?? this.opts.extract(ex);
    let s = this.accounts.get(ex.account_id);
    if (!s) {
      s = new AccountState(ex.account_id);
      const rec = this.records.get(ex.account_id);
      if (rec) s.record = rec;
      this.accounts.set(ex.account_id, s);
    }
    s.update(ex, f);
    // an excerpt from a worker arrives as a string of its own; one cut here is copied flat
    s.offerEvidence(ex, f, () => p.excerpt ?? standalone(this.opts.excerpt(ex)), this.seed);
    for (const d of this.observers) d.observe!(s, ex, f);
    const signed = this.cross.observe(s, ex, f);
    if (this.sinks) for (const k of this.sinks) k.append(ex, f);
    // Every exchange early, then every 4th, then every 16th: the cost stays flat
    // while a new account or a burst is still judged within a few exchanges.
    const n = s.n;
    if (signed || n <= 32 || (n <= 512 ? (n & 3) === 0 : (n & 15) === 0)) this.evaluate(s, ex.ts, ex.tsMs);
    return f;
  }

  /** Judges the account now (`ts`, `tMs`): detectors, scoring, the model; verdicts only escalate. */
  evaluate(s: AccountState, ts: string, tMs: number): void {
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
      this.opts.onEvaluate?.(s, signals, m, tMs, v);
      if (this.model) {
        const p = this.model.probability(s, signals, m, tMs);
        if (p > s.modelScore) s.modelScore = p;
        const mv = this.model.verdictFor(p, s, signals);
        // the model raises a verdict to review; it lowers one only where the rules' review rests on
        // the account's own traffic alone and its probability is low (AccountModel.clears)
        if (rank(mv) > rank(v)) v = mv;
        else if (this.model.clears(p, v, s)) {
          v = 'allow';
          s.clearedBy = p;
        }
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
  lift(s: AccountState, campaignId: string, why: string | undefined, ts: string, nowMs: number): void {
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
      s.lifted = { signal: 'campaign.lifted', weight: 0, detail: `${was} lifted at ${ts}: campaign ${campaignId} ${why ?? 're-read as a class or a team'}` };
    }
    // the model can still raise it, as at any evaluation
    this.evaluate(s, ts, nowMs);
  }

  private membershipOf(s: AccountState): Membership {
    const m = this.membership;
    m.linkScore = s.campaignId === null ? 0 : s.linkScore;
    m.campaignSize = this.cross.campaignSize(s.campaignId);
    m.reviewOnly = s.campaignId !== null && s.campaignReviewOnly;
    m.addressHolders = this.cross.addressHolders(s.id);
    return m;
  }

  /** The account's reasons as of its state now (detectors and campaign evidence), strongest first; `nowMs` is the model's "now". */
  reasonsOf(s: AccountState, nowMs: number): Reason[] {
    const signals = [];
    for (const { d } of this.detectors) for (const sig of d.evaluate(s)) signals.push(sig);
    const reasons = scoreAccount(s, signals, this.scoring).reasons;
    if (this.model && s.modelScore >= this.model.reviewAt) {
      reasons.unshift(this.model.reason(s, signals, this.membershipOf(s), nowMs, s.modelScore));
    }
    // first: why an account the rules would review is not flagged
    if (this.model && s.verdict === 'allow' && s.clearedBy >= 0) reasons.unshift(this.model.clearedReason(s.clearedBy));
    if (s.lifted) reasons.push(s.lifted);
    return reasons;
  }

  /** One account's verdict per contract §3, its reasons rebuilt from its state now. */
  verdictOf(st: AccountState, nowMs: number): Verdict {
    return {
      account_id: st.id,
      verdict: st.verdict,
      score: st.score,
      flagged_at: st.flaggedAt,
      campaign_id: st.campaignId,
      reasons: this.reasonsOf(st, nowMs).slice(0, 8),
    };
  }
}

export function rank(v: string): number {
  return v === 'block' ? 2 : v === 'review' ? 1 : 0;
}
