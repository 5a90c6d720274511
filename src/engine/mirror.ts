/**
 * What the sweep reads of an account, when the account lives in a partition
 * on another thread (docs/operations.md "Partitions", "What crosses"): the
 * partition summarises each account that changed in an epoch at the epoch's
 * end (`summarize`), and the coordinator keeps an `AccountMirror` per account
 * that answers the sweep's questions (shares, follow-up texts, the resemblance
 * measures, the linkage's profile, verdict) from the last summary. Campaign
 * membership (campaign, link score and reasons, review-only) is written by the
 * sweep on the mirror and sent to the partition with each evaluation; the
 * partition sends it back only when it changed it itself (a signature match).
 */
import type { AccountRecord, Reason, VerdictKind } from '../contract/types.js';
import { INTENT_NAMES, TOPIC_BUCKETS } from '../features/types.js';
import { FOLLOW_SLOTS } from '../state/followups.js';
import { NO_REASONS, type AccountState, type EvidenceSample } from '../state/account.js';

/** The numeric answers a summary carries, in this order. */
const MEASURES = [
  'n', 'firstMs', 'lastMs', 'harvestShare', 'harvestCount', 'textShare', 'singleTurnShare', 'distinctPromptShare', 'clientLibShare',
  'systemShare', 'answerLength', 'quietHours', 'followUps', 'laterFollowUps', 'followUpShare', 'activeHours', 'distinctTopics', 'gapCv',
  'evalShaped', 'exchangesPerActiveDay', 'hourEntropy', 'meanOutputTokens', 'outputInputRatio', 'reasoningShare', 'topicEntropy',
  'scripted', 'score', 'localScore', 'followsAnswers', 'evalReruns',
] as const;
const M = Object.fromEntries(MEASURES.map((k, i) => [k, i])) as Record<(typeof MEASURES)[number], number>;
const INTENT_AT = MEASURES.length;
/** the account's exchanges per topic bucket (sibling organisations pool them per organisation) */
const TOPIC_AT = INTENT_AT + INTENT_NAMES.length;
/** numbers per account in a summary */
export const WIDTH = TOPIC_AT + TOPIC_BUCKETS;

/** An account's campaign membership, as the sweep and a signature match set it. */
export interface MembershipFields {
  campaignId: string | null;
  linkScore: number;
  linkReasons: readonly Reason[];
  campaignReviewOnly: boolean;
}

/** Accounts summarised at an epoch's end, as columns (one structured clone, not one per account). */
export interface Summaries {
  ids: string[];
  nums: Float64Array;
  verdicts: VerdictKind[];
  flaggedAt: (string | null)[];
  /** follow-up text hashes of account i: texts[textAt[i] .. textAt[i + 1]) */
  textAt: Uint32Array;
  texts: Uint32Array;
  /** memberships the partition changed itself since it last summarised the account (by index into ids) */
  memberships: { i: number; m: MembershipFields }[];
}

/** Summarises accounts as the sweep reads them; `scripted(s)`: whether the scripted-dialogue detector fires on it. */
export function summarize(states: readonly AccountState[], scripted: (s: AccountState) => boolean, changedMembership: ReadonlySet<string>): Summaries {
  const n = states.length;
  const nums = new Float64Array(n * WIDTH);
  const textAt = new Uint32Array(n + 1);
  const buf = new Uint32Array(FOLLOW_SLOTS);
  const texts: number[] = [];
  const out: Summaries = { ids: [], nums, verdicts: [], flaggedAt: [], textAt, texts: new Uint32Array(0), memberships: [] };
  for (let i = 0; i < n; i++) {
    const s = states[i];
    const o = i * WIDTH;
    nums[o + M.n] = s.n;
    nums[o + M.firstMs] = s.firstMs;
    nums[o + M.lastMs] = s.lastMs;
    nums[o + M.harvestShare] = s.harvestShare();
    nums[o + M.harvestCount] = s.harvestCount();
    nums[o + M.textShare] = s.textShare();
    nums[o + M.singleTurnShare] = s.singleTurnShare();
    nums[o + M.distinctPromptShare] = s.distinctPromptShare();
    nums[o + M.clientLibShare] = s.clientLibShare();
    nums[o + M.systemShare] = s.systemShare();
    nums[o + M.answerLength] = s.answerLength();
    nums[o + M.quietHours] = s.quietHours();
    nums[o + M.followUps] = s.followUps();
    nums[o + M.laterFollowUps] = s.laterFollowUps();
    nums[o + M.followUpShare] = s.followUpShare();
    nums[o + M.activeHours] = s.activeHours();
    nums[o + M.distinctTopics] = s.distinctTopics();
    nums[o + M.gapCv] = s.gapCv();
    nums[o + M.evalShaped] = s.evalShaped() ? 1 : 0;
    nums[o + M.exchangesPerActiveDay] = s.exchangesPerActiveDay();
    nums[o + M.hourEntropy] = s.hourEntropy();
    nums[o + M.meanOutputTokens] = s.meanOutputTokens();
    nums[o + M.outputInputRatio] = s.outputInputRatio();
    nums[o + M.reasoningShare] = s.reasoningShare();
    nums[o + M.topicEntropy] = s.topicEntropy();
    // the detector's own first test, as the coordinator's script cohorts ask it
    nums[o + M.scripted] = s.laterFollowUps() > 0 && scripted(s) ? 1 : 0;
    nums[o + M.score] = s.score;
    nums[o + M.localScore] = s.localScore;
    nums[o + M.followsAnswers] = s.followsAnswers() ? 1 : 0;
    nums[o + M.evalReruns] = s.evalReruns() ? 1 : 0;
    for (let k = 0; k < INTENT_NAMES.length; k++) nums[o + INTENT_AT + k] = s.intentMean(k);
    nums.set(s.topicCounts(), o + TOPIC_AT);
    const t = s.followUpTexts(buf);
    for (let k = 0; k < t; k++) texts.push(buf[k]);
    textAt[i + 1] = texts.length;
    out.ids.push(s.id);
    out.verdicts.push(s.verdict);
    out.flaggedAt.push(s.flaggedAt);
    if (changedMembership.has(s.id)) out.memberships.push({ i, m: membershipOf(s) });
  }
  out.texts = Uint32Array.from(texts);
  return out;
}

export function membershipOf(s: MembershipFields): MembershipFields {
  return { campaignId: s.campaignId, linkScore: s.linkScore, linkReasons: s.linkReasons, campaignReviewOnly: s.campaignReviewOnly };
}

/** What an evaluation changes of an account, sent back to the coordinator's mirror. */
export interface Judged {
  id: string;
  score: number;
  localScore: number;
  verdict: VerdictKind;
  flaggedAt: string | null;
}

/**
 * The coordinator's copy of what the sweep reads of one account. Its methods
 * answer as `AccountState`'s do, from the last summary; the linkage's and
 * signatures' per-account handles (`linkSlot`, `sigSlot`) are the
 * coordinator's own, since it folds every exchange into them.
 */
export class AccountMirror implements MembershipFields {
  private nums = new Float64Array(WIDTH);
  private texts: Uint32Array = new Uint32Array(0);
  record?: AccountRecord;
  verdict: VerdictKind = 'allow';
  flaggedAt: string | null = null;
  campaignId: string | null = null;
  linkScore = 0;
  linkReasons: readonly Reason[] = NO_REASONS;
  campaignReviewOnly = false;
  /** the evidence sample, fetched when a sweep step quotes it, and at the end */
  evidence: EvidenceSample[] = [];
  /** exchanges per UTC hour of the day, at the end (for the report) */
  hours?: Uint32Array;
  linkSlot: unknown = undefined;
  sigSlot = -1;
  signatureId: string | null = null;
  /** exchanges folded on the coordinator's side (the summary's `n` is the partition's, as of the epoch's end) */
  seen = 0;

  constructor(readonly id: string) {}

  /** Takes account `i` of a summary. */
  take(s: Summaries, i: number): void {
    this.nums = s.nums.slice(i * WIDTH, (i + 1) * WIDTH);
    this.texts = s.texts.slice(s.textAt[i], s.textAt[i + 1]);
    this.verdict = s.verdicts[i];
    this.flaggedAt = s.flaggedAt[i];
  }

  judged(j: Judged): void {
    this.nums[M.score] = j.score;
    this.nums[M.localScore] = j.localScore;
    this.verdict = j.verdict;
    this.flaggedAt = j.flaggedAt;
  }

  setMembership(m: MembershipFields): void {
    this.campaignId = m.campaignId;
    this.linkScore = m.linkScore;
    this.linkReasons = m.linkReasons;
    this.campaignReviewOnly = m.campaignReviewOnly;
  }

  get n(): number { return this.nums[M.n]; }
  get firstMs(): number { return this.nums[M.firstMs]; }
  get lastMs(): number { return this.nums[M.lastMs]; }
  get score(): number { return this.nums[M.score]; }
  get localScore(): number { return this.nums[M.localScore]; }
  /** whether the scripted-dialogue detector fired on the account at its last summary */
  get scripted(): boolean { return this.nums[M.scripted] === 1; }
  harvestShare(): number { return this.nums[M.harvestShare]; }
  harvestCount(): number { return this.nums[M.harvestCount]; }
  textShare(): number { return this.nums[M.textShare]; }
  singleTurnShare(): number { return this.nums[M.singleTurnShare]; }
  distinctPromptShare(): number { return this.nums[M.distinctPromptShare]; }
  clientLibShare(): number { return this.nums[M.clientLibShare]; }
  systemShare(): number { return this.nums[M.systemShare]; }
  answerLength(): number { return this.nums[M.answerLength]; }
  quietHours(): number { return this.nums[M.quietHours]; }
  followUps(): number { return this.nums[M.followUps]; }
  laterFollowUps(): number { return this.nums[M.laterFollowUps]; }
  followUpShare(): number { return this.nums[M.followUpShare]; }
  activeHours(): number { return this.nums[M.activeHours]; }
  distinctTopics(): number { return this.nums[M.distinctTopics]; }
  gapCv(): number { return this.nums[M.gapCv]; }
  evalShaped(): boolean { return this.nums[M.evalShaped] === 1; }
  followsAnswers(): boolean { return this.nums[M.followsAnswers] === 1; }
  evalReruns(): boolean { return this.nums[M.evalReruns] === 1; }
  exchangesPerActiveDay(): number { return this.nums[M.exchangesPerActiveDay]; }
  hourEntropy(): number { return this.nums[M.hourEntropy]; }
  meanOutputTokens(): number { return this.nums[M.meanOutputTokens]; }
  outputInputRatio(): number { return this.nums[M.outputInputRatio]; }
  reasoningShare(): number { return this.nums[M.reasoningShare]; }
  topicEntropy(): number { return this.nums[M.topicEntropy]; }
  intentMean(i: number): number { return this.nums[INTENT_AT + i]; }
  topicCounts(): Float64Array { return this.nums.subarray(TOPIC_AT, TOPIC_AT + TOPIC_BUCKETS); }
  followUpTexts(out: Uint32Array): number {
    out.set(this.texts);
    return this.texts.length;
  }

  /** The mirror where code reads an `AccountState` for what the sweep reads (the measures above): the coordinator, resemblance, the linkage's profile. */
  asState(): AccountState {
    return this as unknown as AccountState;
  }
}
