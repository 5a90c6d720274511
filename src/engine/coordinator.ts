/**
 * The linkage coordinator: the engine's cross-account side. It keeps what no
 * single account owns (the linkage's keys and graph, the account table's
 * identity instruments, campaigns, organisations, campaign signatures) and
 * runs the sweep: clusters, gates each member (`attach`), instrument members,
 * resemblance, script and frame cohorts, signatures. It reads and re-judges
 * accounts only through an `AccountSide` (src/engine/partition.ts), so that the
 * per-account work can be owned by partitions (docs/operations.md "Partitions"
 * says what crosses between the two and when).
 */
import type { AccountRecord, Campaign, Exchange, Reason } from '../contract/types.js';
import type { Detector } from '../detectors/detector.js';
import type { ExchangeFeatures } from '../features/types.js';
import type { AccountState } from '../state/account.js';
import { isFlagged, type ScoringConfig } from '../scoring/score.js';
import { INSTRUMENT_KINDS, InstrumentIndex, instrumentOf, PAYMENT, type InstrumentKind } from './instruments.js';
import { BehaviourRegion, distinctive, eligible, MAX_ADDRESS_HOLDERS, MEASURE_COUNT, MIN_EXCHANGES, placeDeepestFirst, profileOf, type Placement } from './resemblance.js';
import { followsScript, memberLines, type MemberLines, MIN_ANCHOR_TEXTS, MIN_CAUGHT, MIN_COHORT, ScriptDraft, type ScriptBook, type ScriptMatch } from './script-cohort.js';
import { FOLLOW_SLOTS, FOLLOW_WARMUP } from '../state/followups.js';
import { Group, KINDS } from '../linkage/keys.js';
import { PLAIN_ANSWER_MIN_TOKENS, TEXT_KNOWN } from '../linkage/judge.js';
import { SignatureBook } from '../signatures/index.js';
import { frameCohortsOf, MIN_DISTINCT, MIN_EXCHANGES as FRAME_MIN_EXCHANGES, MIN_FRAMED_SHARE, MIN_REPEATS as FRAME_MIN_REPEATS, type FrameCandidate } from './frame-cohort.js';
import type { CampaignFinding, LinkagePort } from './engine.js';
import { MIN_SEAT_EXCHANGES, siblingGroups, type OrgView, type SeatView } from './sibling-orgs.js';
import { TOPIC_BUCKETS } from '../features/types.js';
import { joinPending, type PendingJoin } from './payer.js';

/**
 * What the coordinator reads of the accounts and asks of them at a sweep: the
 * per-account side (one partition in process, src/engine/partition.ts).
 */
export interface AccountSide {
  readonly accounts: { get(id: string): AccountState | undefined; values(): Iterable<AccountState> };
  readonly records: { get(id: string): AccountRecord | undefined };
  /** judges the account again at `ts` (its detectors, scoring, the model) */
  evaluate(s: AccountState, ts: string, tMs: number): void;
  /** takes campaign `campaignId`'s evidence off the account and judges it on its own traffic (see `lift`) */
  lift(s: AccountState, campaignId: string, why: string | undefined, ts: string, nowMs: number): void;
  /** the account-side detector with this id, when it runs */
  detector(id: string): Detector | undefined;
}

/** What a sweep step reads next that the account side produces (see `sweepSteps`). */
export type SweepNeed = { kind: 'verdicts' } | { kind: 'evidence'; ids: string[] };
const VERDICTS: SweepNeed = { kind: 'verdicts' };

export interface CoordinatorOptions {
  linkage?: LinkagePort;
  scoring: ScoringConfig;
  /** detector id -> config overrides (script cohorts read the scripted detector's settings) */
  detectorConfig?: Record<string, unknown>;
  extract: (ex: Exchange) => ExchangeFeatures;
  /** builds the linkage's view of an account from its state */
  profile?: (s: AccountState) => unknown;
  campaignMinScore?: number;
  resemblance?: boolean;
  scriptCohorts?: boolean;
  frameCohorts?: boolean;
  /** sibling organisations (src/engine/sibling-orgs.ts); on unless false */
  siblingOrgs?: boolean;
  signatures?: boolean;
}

export class LinkageCoordinator {
  private campaigns = new Map<string, CampaignFinding>();
  /** clusters that are one organisation's seats (see `sweep`), by cluster id */
  private organisations = new Map<string, CampaignFinding>();
  /** payment fingerprints and sign-up IPs of the account table, with their holders */
  private readonly instruments = new InstrumentIndex();
  /** what an account not caught on its own needs to join a script cohort (the scripted detector's settings) */
  private readonly memberLines: MemberLines;
  /** campaign signatures (src/signatures), when on */
  readonly signatures?: SignatureBook;
  private readonly scoring: ScoringConfig;
  private readonly linkage?: LinkagePort;
  /** account ids entered from the account table */
  private readonly registered = new Set<string>();
  /** campaign members that had not sent at the last sweep, by account: they join at their first exchange (src/engine/payer.ts) */
  readonly pending = new Map<string, PendingJoin>();

  constructor(private readonly side: AccountSide, private readonly opts: CoordinatorOptions) {
    this.scoring = opts.scoring;
    this.linkage = opts.linkage;
    this.memberLines = memberLines(opts.detectorConfig);
    if (opts.linkage && opts.signatures !== false) this.signatures = new SignatureBook(this.scoring);
  }

  private get accounts(): AccountSide['accounts'] {
    return this.side.accounts;
  }

  private evaluate(s: AccountState, ts: string, tMs: number): void {
    this.side.evaluate(s, ts, tMs);
  }

  /** Enters a row of the account table (`before`: the row it replaces) into the instruments and the linkage. */
  enter(a: AccountRecord, before: AccountRecord | undefined): void {
    if (before) this.instruments.remove(before);
    this.instruments.add(a);
  }

  /** Registers the row with the linkage (after the account side took it). */
  register(a: AccountRecord): void {
    this.registered.add(a.account_id);
    this.linkage?.registerAccount(a);
  }

  /**
   * Notes one exchange of `s` in the linkage and the signature holdings, and
   * matches it against the signatures of the last sweep and the members it
   * left waiting for their first exchange (src/engine/payer.ts). Returns true
   * when either assigned the account to a campaign now.
   */
  observe(s: AccountState, ex: Exchange, f: ExchangeFeatures): boolean {
    if (this.linkage) s.linkSlot = this.linkage.observe(ex, f, s.record, s.linkSlot);
    if (this.signatures?.observe(s, ex, f) === true) return true;
    return joinPending(s, this.pending);
  }

  /**
   * Notes one exchange in the linkage and the signature holdings only: with
   * partitions, each matches its own accounts' exchanges against the
   * signatures this coordinator publishes (src/engine/partition-worker.ts).
   */
  note(s: AccountState, ex: Exchange, f: ExchangeFeatures): void {
    if (this.linkage) s.linkSlot = this.linkage.observe(ex, f, s.record, s.linkSlot);
    this.signatures?.note(s, ex, f);
  }

  /** Every campaign's size as of now, for partitions to read between sweeps. */
  campaignSizes(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, c] of this.campaigns) out.set(id, c.accounts.length);
    return out;
  }

  /** Members of the campaign as of the last sweep (0 when unknown). */
  campaignSize(campaignId: string | null): number {
    const c = campaignId === null ? undefined : this.campaigns.get(campaignId);
    return c ? c.accounts.length : 0;
  }

  /** Accounts using the account's busiest address as of the last sweep (0 when unknown). */
  addressHolders(accountId: string): number {
    return this.linkage?.addressHolders?.(accountId) ?? 0;
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
    // evaluation re-runs of public items share what every evaluator shares (items, harness forms, eval
    // libraries, CI ranges): only a fleet's own tie joins them to a campaign (AccountState.evalReruns)
    if (s.evalReruns() && !reasons?.some((r) => FLEET_SIGNALS.has(r.signal))) return false;
    // nor are accounts that ask what other accounts ask, unlike the campaign's typical member
    // (public items from their first one, a shared problem set: src/linkage `COMMON_ITEMS`)
    if (c.memberCommonItems?.has(id) && !reasons?.some((r) => FLEET_SIGNALS.has(r.signal))) return false;
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
   * - A sign-up address is what a crowd shares (a venue, a campus): an
   *   account tied by it alone goes to review, and is blocked only when its
   *   own traffic blocks it (`crowd` on the result); a card can block.
   */
  private instrumentMembers(c: CampaignFinding, attached: string[]): Map<string, Reason & { crowd: boolean }> {
    const out = new Map<string, Reason & { crowd: boolean }>();
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
        const v = instrumentOf(this.side.records.get(id), kind);
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
        crowd: kind !== PAYMENT,
        signal: verified ? 'campaign.verified_member' : 'campaign.instrument',
        weight: 0,
        detail: `${verified ? 'verified, but shares' : 'shares'} ${what} with ${n} flagged account${n === 1 ? '' : 's'} of campaign ${c.campaignId}; its own traffic is ${Math.round(100 * s.harvestShare())}% harvest`,
      });
    }
    return out;
  }

  /**
   * A campaign re-read as a class or a team (src/linkage `retracted`) no longer
   * speaks against its members: the account side takes the campaign evidence
   * off each account that still carries it and judges it again on its own
   * traffic (src/engine/partition.ts `lift` says why).
   */
  private lift(id: string, c: CampaignFinding, ts: string, nowMs: number): void {
    const s = this.accounts.get(id);
    if (!s || s.campaignId !== c.campaignId) return;
    this.side.lift(s, c.campaignId, c.retracted, ts, nowMs);
  }


  /**
   * Runs a sweep at event time `nowMs`; flags it produces carry `ts`. Returns
   * false when there is no linkage (nothing to sweep).
   */
  sweep(nowMs: number, ts: string): boolean {
    if (!this.linkage) return false;
    // in one process every evaluation is done when asked for: nothing to wait for between the steps
    const steps = this.sweepSteps(nowMs, ts);
    while (!steps.next().done);
    return true;
  }

  /**
   * The sweep as steps. Between two steps it yields what the next one reads
   * that the account side produces: the verdicts of the evaluations asked
   * for so far, or the evidence of some accounts. One engine's side has them
   * already; partitions in other threads answer a round trip first
   * (src/engine/remote.ts), and the sweep goes on with the same values.
   */
  *sweepSteps(nowMs: number, ts: string): Generator<SweepNeed, void, void> {
    const linkage = this.linkage;
    if (!linkage) return;
    const profile = this.opts.profile;
    const out = linkage.sweep(nowMs, (id) => {
      const s = this.accounts.get(id);
      return s && profile ? profile(s) : undefined;
    });
    const minScore = this.opts.campaignMinScore ?? 0.5;
    this.pending.clear();
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
      let attached = found.accounts.filter((id) => this.attach(found, id));
      // an account the campaign acted on before its runs repeated (a suite's first run is all distinct
      // items) is released once its traffic reads as evaluation re-runs and nothing but a crowd's ties hold it
      const released = new Set<string>();
      if (attached.length < found.accounts.length) {
        const kept = new Set(attached);
        for (const id of found.accounts) {
          if (kept.has(id)) continue;
          const common = found.memberCommonItems?.has(id) ?? false;
          if (!common && !this.accounts.get(id)?.evalReruns()) continue;
          released.add(id);
          this.lift(id, { ...found, retracted: common ? COMMON_RELEASED : RERUNS_RELEASED }, ts, nowMs);
        }
      }
      // members held back for thin evidence of their own that the campaign's own card pays for: for review now (`payerTied`)
      const payer = attached.length < found.accounts.length && found.score >= minScore ? this.payerTied(found, attached, (id) => found.memberScores?.get(id) ?? found.score) : NO_PAYER;
      if (payer.size) attached = found.accounts.filter((id) => (payer.has(id) && !released.has(id)) || attached.includes(id));
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
          s.campaignReviewOnly = reviewOnly || payer.has(id) || (c.memberContentOnly?.has(id) ?? false) || (c.memberContentTie?.has(id) ?? false) || (c.memberCrowdTie?.has(id) ?? false);
          const paid = payer.get(id);
          if (paid) s.linkReasons = [paid, ...s.linkReasons];
        }
        this.evaluate(s, ts, nowMs);
      }
      // after the others, so that "flagged" includes what this sweep flagged
      if (this.holdsSharedInstrument(attached)) yield VERDICTS;
      const byInstrument = this.instrumentMembers(found, attached);
      if (byInstrument.size === 0) continue;
      c = { ...found, accounts: [...attached, ...byInstrument.keys()], byInstrument: byInstrument.size };
      this.campaigns.set(c.campaignId, c);
      for (const [id, { crowd, ...why }] of byInstrument) {
        const s = this.accounts.get(id)!;
        // The rule decides "send to an analyst": at least review (evaluate() never blocks a verified
        // account); an account outside the cluster has the weakest attachment the linkage gives a member.
        const member = Math.max(this.scoring.reviewAt, c.memberScores?.get(id) ?? MIN_ATTACHMENT * c.score);
        if (s.campaignId === null || member >= s.linkScore) {
          s.campaignId = c.campaignId;
          s.linkScore = member;
          s.linkReasons = [{ ...why, weight: round3(member) }, ...(c.memberReasons.get(id) ?? [])];
          s.campaignReviewOnly = crowd;
        }
        this.evaluate(s, ts, nowMs);
      }
    }
    if (this.opts.resemblance !== false && linkage.addressHolders) {
      yield VERDICTS;
      this.resemblance(minScore, ts, nowMs);
    }
    if (this.opts.scriptCohorts !== false) yield* this.scriptCohorts(ts, nowMs);
    if (this.opts.frameCohorts !== false) this.frameCohorts(ts, nowMs);
    if (this.opts.siblingOrgs !== false) this.siblingOrgs(ts, nowMs);
    if (this.signatures) {
      yield VERDICTS;
      this.signatures.derive(nowMs, this.campaigns.values(), this.accounts);
    }
  }

  /**
   * Members of a found campaign that `attach` held back because their own
   * traffic does not show harvest enough yet (a fleet's next account on its
   * first exchanges; tool-use traces that read as harvest only slowly), but
   * whose payment instrument is the campaign's: held by at
   * least PAYER_MIN_ATTACHED members that attach on their own evidence, with
   * at most as many holders outside the cluster as inside it (not a company
   * card most of whose holders are elsewhere), and not shared only within one
   * organisation (an organisation's seats share its card). Whoever pays for
   * the fleet's accounts pays for this one: it goes to review at this sweep,
   * never blocked on this alone, and is judged as any member once its own
   * traffic passes `attach` (then it can block). Without it such an account
   * was served until its own harvest reached the gate (in our agentic
   * harvest worlds, 10 to 100 exchanges, hours, with the campaign known).
   * Evaded by a fleet that pays each account with its own card (or prepaid
   * cards); its new accounts then wait for their own evidence or a signature
   * as before. Falsely sends to review an account paid for by a campaign's
   * operator that is not harvesting (yet): the payer is the campaign's, and a
   * person decides.
   */
  private payerTied(c: CampaignFinding, attached: readonly string[], score: (id: string) => number): Map<string, Reason> {
    const out = new Map<string, Reason>();
    if (c.score < (this.opts.campaignMinScore ?? 0.5) || c.signals.includes('campaign.without_text') || tiedByContentOnly(c)) return out;
    // the cards of the members that attach on their own, with how many of them hold each
    const cards = new Map<string, { n: number; org: string }>();
    for (const id of attached) {
      const rec = this.accounts.get(id)?.record ?? this.side.records.get(id);
      const v = instrumentOf(rec, PAYMENT);
      if (v === undefined) continue;
      const org = rec?.org_id ?? '';
      const had = cards.get(v);
      cards.set(v, { n: (had?.n ?? 0) + 1, org: had === undefined || had.org === org ? org : '' });
    }
    if (cards.size === 0) return out;
    const members = new Set(c.accounts);
    const ok = new Set(attached);
    for (const id of c.accounts) {
      if (ok.has(id)) continue;
      const s = this.accounts.get(id);
      const rec = s?.record ?? this.side.records.get(id);
      if (rec?.verified) continue;
      const v = instrumentOf(rec, PAYMENT);
      const card = v === undefined ? undefined : cards.get(v);
      if (!card || card.n < PAYER_MIN_ATTACHED) continue;
      if (card.org && rec?.org_id === card.org) continue;
      let inside = 0;
      const holders = this.instruments.holderIds(PAYMENT, v!);
      for (const h of holders) if (members.has(h)) inside++;
      if (holders.length - inside > inside) continue;
      const n = s?.n ?? 0;
      const reason: Reason = {
        signal: 'campaign.payer',
        weight: round3(score(id)),
        detail: `paid with payment instrument ${clip(v!)} like ${card.n} accounts of campaign ${c.campaignId} flagged on their own traffic (${inside} of its ${holders.length} holders are in the campaign); ${n ? `its own ${n} exchange${n === 1 ? ' does' : 's do'} not yet tie it to the campaign` : 'joined at its first exchange'}: for review, blocked only when its own traffic blocks it`,
      };
      // one that has not sent yet joins at its first exchange (src/engine/payer.ts)
      if (s) out.set(id, reason);
      else this.pending.set(id, { campaignId: c.campaignId, score: score(id), reason });
    }
    return out;
  }

  /** Whether any of the accounts holds an identity instrument others hold too (only then do `instrumentMembers` read verdicts). */
  private holdsSharedInstrument(ids: readonly string[]): boolean {
    for (const id of ids) {
      const s = this.accounts.get(id);
      if (!s) continue;
      for (const kind of INSTRUMENT_KINDS) {
        const v = instrumentOf(s.record, kind);
        if (v !== undefined && this.instruments.holders(kind, v) >= 2) return true;
      }
    }
    return false;
  }

  /** Every account id the linkage knows (entered from the account table or seen), for publishing what a sweep changed. */
  *knownIds(): Iterable<string> {
    for (const s of this.accounts.values()) yield s.id;
    for (const id of this.registered) if (!this.accounts.get(id)) yield id;
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
    const linkage = this.linkage;
    if (!linkage?.addressHolders) return;
    const regions: { c: CampaignFinding; r: BehaviourRegion; kept: string[] }[] = [];
    const keptBy = new Map<string, string[]>();
    for (const c of this.campaigns.values()) {
      const kept: string[] = [];
      keptBy.set(c.campaignId, kept);
      if (c.score < minScore || c.oneOrganisation || c.retracted || c.script || c.frames || c.siblings) continue;
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
  private *scriptCohorts(ts: string, nowMs: number): Generator<SweepNeed, void, void> {
    const scripted = this.side.detector('conversation.scripted');
    if (!scripted) return;
    const anchors: AccountState[] = [];
    const anchorTexts: Uint32Array[] = [];
    const buf = new Uint32Array(FOLLOW_SLOTS);
    for (const s of this.accounts.values()) {
      // A verified account neither teaches nor joins a cohort (as it joins no campaign through
      // `attach`): its identity or organisation was checked, it answers for its own traffic,
      // and that traffic is judged on its own. Tutoring apps whose students press a few
      // quick-reply buttons (common phrasings across apps: "show me a hint") at once, without
      // reading (they skim, or the app pre-fetches the next step), were listed as one script
      // cohort and sent to review. Evaded by a self-chat fleet whose every account passes
      // verification (an identity or an organisation per account); each is still judged by
      // `conversation.scripted` on its own traffic.
      if (s.record?.verified) continue;
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
    const linkage = this.linkage;
    for (const s of this.accounts.values()) {
      if (s.followUps() < FOLLOW_WARMUP || isAnchor.has(s) || s.n < MIN_EXCHANGES || s.record?.verified) continue;
      if (s.campaignId !== null && !free(s)) continue;
      const lines = this.memberLines;
      // a person pressing an app's quick-reply buttons pauses to read each answer (src/state/pacing.ts)
      if (s.followUpShare() < lines.followUpShare || s.clientLibShare() < lines.clientLib || s.systemShare() >= 0.9 || s.followsAnswers()) continue;
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
        this.holdForReview(s, id, reviewAt, 'campaign.script', `caught scripting dialogues on its own traffic, and one of ${what}`, ts, nowMs);
      }
      for (const { s, m } of joined) {
        this.holdForReview(s, id, reviewAt, 'campaign.script', `${m.inScript} of the ${m.of} different follow-ups it sent are stock follow-ups of ${caught.length} accounts caught scripting dialogues, ${what}, each sent by at most ${pctOf(m.commonest)} of the ${book.others} other accounts that follow up in people's hours; ${Math.round(100 * s.followUpShare())}% of its ${s.n} exchanges are follow-ups, from client libraries; for review, never blocked on this alone`, ts, nowMs);
      }
      const prior = this.campaigns.get(id);
      const { accounts, first, last, exchanges } = this.cohortSpan(prior, members);
      // a few of the texts as the accounts wrote them, once found (a search per sweep would cost)
      let quotes = prior?.script?.quotes ?? [];
      if (quotes.length < SCRIPT_QUOTES) {
        yield { kind: 'evidence', ids: members.slice(0, SCRIPT_QUOTE_LOOK).map((s) => s.id) };
        quotes = this.scriptQuotes(members, book, k, quotes);
      }
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
   * Puts `s` in campaign `id` for review only, with `signal` and `detail` as
   * its link reason (never blocked on this alone), and evaluates it again.
   */
  private holdForReview(s: AccountState, id: string, reviewAt: number, signal: string, detail: string, ts: string, nowMs: number): void {
    s.campaignId = id;
    s.linkScore = Math.max(s.linkScore, reviewAt);
    s.linkReasons = [{ signal, weight: round3(reviewAt), detail }];
    s.campaignReviewOnly = true;
    this.evaluate(s, ts, nowMs);
  }
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
    const linkage = this.linkage;
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
        const answer = s.answerLength();
        this.holdForReview(s, id, reviewAt, 'campaign.frames', `${Math.round(100 * shares[i])}% of its ${s.n} prompts sit inside wrappers it repeats and that other accounts of ${what} repeat too, around items that never repeat (${Math.round(100 * s.distinctPromptShare())}% distinct)${Number.isFinite(answer) ? `, answers of ${Math.round(answer)} tokens on average` : ''}; for review, never blocked on this alone`, ts, nowMs);
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

  /**
   * Sibling organisations (src/engine/sibling-orgs.ts says why, what evades it
   * and what it falsely groups): three or more organisations whose seats all
   * run one plain sweep, over a topic mix far closer to each other's than to
   * the population's, at the same time, never asking each other's items. They
   * are listed as one campaign, for review: each organisation alone is a
   * customer (`runSweep`), and nothing but the harvest ties them.
   */
  private siblingOrgs(ts: string, nowMs: number): void {
    const linkage = this.linkage;
    if (!linkage?.promptSample) return;
    const population = new Float64Array(TOPIC_BUCKETS);
    const byOrg = new Map<string, SeatView[]>();
    const states = new Map<string, AccountState>();
    for (const s of this.accounts.values()) {
      if (s.n < MIN_SEAT_EXCHANGES) continue;
      const counts = s.topicCounts();
      for (let i = 0; i < TOPIC_BUCKETS; i++) population[i] += counts[i];
      const sample = linkage.promptSample(s.id);
      const org = s.record?.org_id || sample?.org;
      if (!org || !sample) continue;
      // shares of the exchanges that carried text: a line logged without its prompt says nothing of repeats
      const text = s.textShare();
      const seat: SeatView = {
        id: s.id,
        exchanges: s.n,
        text,
        singleTurn: s.singleTurnShare(),
        distinct: text > 0 ? Math.min(1, s.distinctPromptShare() / text) : 0,
        followUps: s.followUpShare(),
        clientLib: s.clientLibShare(),
        answer: s.answerLength(),
        topics: s.distinctTopics(),
        perDay: s.exchangesPerActiveDay(),
        system: text > 0 ? Math.min(1, s.systemShare() / text) : 0,
        firstMs: s.firstMs,
        lastMs: s.lastMs,
        topicCounts: counts,
        prompts: sample.prompts,
      };
      states.set(s.id, s);
      const seats = byOrg.get(org);
      if (seats) seats.push(seat);
      else byOrg.set(org, [seat]);
    }
    if (byOrg.size < 3) return;
    const orgs: OrgView[] = [];
    for (const [org, seats] of byOrg) orgs.push({ org, seats });
    const reviewAt = this.scoring.reviewAt;
    for (const g of siblingGroups(orgs, population, PLAIN_ANSWER_MIN_TOKENS)) {
      const members = g.orgs.flatMap((o) => o.seats.map((x) => states.get(x.id)!));
      const names = g.orgs.map((o) => o.org).sort();
      const ids = new Map<string, number>();
      for (const s of members) if (s.campaignId?.startsWith('c_orgs_')) ids.set(s.campaignId, (ids.get(s.campaignId) ?? 0) + 1);
      let id = `c_orgs_${fnv(names[0]).toString(16).padStart(8, '0')}`;
      let most = 0;
      for (const [x, n] of ids) if (n > most) [id, most] = [x, n];
      const what = `${names.length} organisations (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''})`;
      for (const s of members) {
        // an account a campaign of the linkage holds keeps it
        if (s.campaignId !== null && s.campaignId !== id && this.campaigns.get(s.campaignId)?.siblings === undefined) continue;
        const answer = s.answerLength();
        this.holdForReview(s, id, reviewAt, 'campaign.sibling_orgs', `its organisation is one of ${what} whose seats all run the same plain sweep (${Math.round(100 * s.singleTurnShare())}% single-turn, ${Math.round(100 * s.distinctPromptShare())}% distinct prompts over ${s.distinctTopics()} topic buckets${Number.isFinite(answer) ? `, answers of ${Math.round(answer)} tokens on average` : ''}) at the same time, over topic mixes ${g.ratio.toFixed(1)}× or more closer to each other than to the population's, without asking each other's items: one harvest split across organisations; for review, never blocked on this alone`, ts, nowMs);
      }
      const prior = this.campaigns.get(id);
      const { accounts, first, last, exchanges } = this.cohortSpan(prior, members);
      this.campaigns.set(id, {
        campaignId: id,
        accounts,
        score: reviewAt,
        signals: ['campaign.sibling_orgs'],
        summary:
          `${accounts.length} seats of ${what}, each organisation a customer on its own, run one plain-answer sweep: single distinct questions over many topics from a script, full answers back, ` +
          `topic mixes ${g.ratio.toFixed(1)}× or more closer to each other than to the population's, the same days, no item asked twice across them. They share no key the linkage draws as a link; for review`,
        firstSeenMs: first,
        lastSeenMs: last,
        exchanges,
        memberReasons: new Map(),
        siblings: { organisations: names },
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
    const sharing = this.linkage?.sharedValues?.bind(this.linkage);
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
    return this.linkage?.sharedKey?.(a, b, group) ?? null;
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

/**
 * Own harvest share from which an account that shares an identity instrument
 * with flagged campaign members is acted on (`instrumentMembers`): the bar at
 * which the linkage treats an account as a harvester itself (`harvesters()` in
 * src/linkage/graph.ts). A company seat, student or developer asks far fewer
 * extraction-style questions than that.
 */
export const INSTRUMENT_MEMBER_HARVEST = 0.3;

/**
 * Members that attach on their own evidence and pay with one card before that
 * card ties the campaign's other holders to it (`payerTied`): two, so that
 * one member's own card (held by a second, unflagged account) is not the
 * fleet's.
 */
export const PAYER_MIN_ATTACHED = 2;
const NO_PAYER: ReadonlyMap<string, Reason> = new Map();

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
/** Why an account is released from a campaign once its traffic reads as evaluation re-runs (see the sweep). */
const RERUNS_RELEASED = 'holds it only by what evaluators of public suites share, and its traffic is evaluation re-runs (the same items again at temperature 0)';
const COMMON_RELEASED = 'holds it only by what a crowd around public items shares, and most of the prompts it sent first other accounts sent too, unlike the typical member (public benchmark items, a shared problem set)';
/** Ties that join an account to a fleet and not to a crowd (src/linkage FLEET_TIES and `describe`): a card, retry hops, turn-taking. */
const FLEET_SIGNALS: ReadonlySet<string> = new Set(['linkage.payment', 'linkage.retry_hop', 'linkage.turn_taking']);

/**
 * Exchanges an account must have sent before the shape of a sweep (single
 * turns, no repeats, a client library) counts as its own evidence: over fewer,
 * those shares are 100% for anyone. A plain-answer sweep account is flagged
 * through it from its tenth exchange at the earliest.
 */
export const MIN_SHAPE_EXCHANGES = 10;

function clip(s: string): string {
  return s.length > 14 ? `${s.slice(0, 12)}…` : s;
}

function pctOf(x: number): string {
  return x < 0.01 ? `${(100 * x).toFixed(1)}%` : `${Math.round(100 * x)}%`;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** FNV-1a of a string, for a stable campaign id */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
