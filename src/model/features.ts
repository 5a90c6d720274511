/**
 * The account model's inputs: a pure function from an account's bounded
 * streaming state (and the signals its detectors gave, and its campaign
 * membership) to a fixed-length vector of named numbers. Shares are clipped to
 * [0, 1], counts and rates enter as log(1 + x), and a value the state cannot
 * tell (no account table, fewer than two gaps, a log without usage) is NaN,
 * which the model reads as "average" (it contributes nothing).
 *
 * The vector is written into a caller's buffer: the engine computes it at
 * every evaluation, so nothing is allocated here.
 */
import type { Signal } from '../detectors/detector.js';
import type { AccountState } from '../state/account.js';
import type { Sign } from './logistic.js';
import { volumeFactor } from '../scoring/score.js';

/** What the engine knows about the account's campaign membership at this evaluation. */
export interface Membership {
  /** the member score campaign evidence gives the account (0 when in no campaign) */
  linkScore: number;
  /** accounts listed with its campaign (0 when in none) */
  campaignSize: number;
  /** its membership alone sends it to review, never block (resemblance, content-only, one organisation's seats, cohorts) */
  reviewOnly: boolean;
  /** accounts seen on its busiest address at the last sweep (0 when unknown): a campus NAT or an office */
  addressHolders: number;
}

export interface FeatureSpec {
  name: string;
  /** what it measures, for the model card and an analyst reading a reason */
  doc: string;
  /**
   * Sign constraint on its coefficient where the domain demands one: more
   * harvest, more campaign evidence never lower the score; verification and
   * the benign shapes the scoring already discounts never raise it.
   */
  sign: Sign;
}

const DAY = 86_400_000;

/** The features, in vector order. Adding one means a new model version. */
export const FEATURES: readonly FeatureSpec[] = [
  { name: 'harvest_share', doc: 'share of exchanges where an extraction intent fired (reasoning, grading, tool traces, benchmark items, data generation)', sign: 1 },
  { name: 'harvest_log', doc: 'log(1 + harvest exchanges)', sign: 1 },
  { name: 'reasoning_share', doc: 'share of exchanges asking for written-out reasoning or grading', sign: 1 },
  { name: 'single_turn_share', doc: 'share of single-turn exchanges without tool turns', sign: 1 },
  { name: 'distinct_prompt_share', doc: 'distinct prompts / exchanges (HyperLogLog)', sign: 1 },
  { name: 'near_repeat_share', doc: 'share of prompts within a small SimHash distance of a recent one (returning to a need)', sign: -1 },
  { name: 'template_share', doc: 'share of exchanges from the most common prompt template skeleton', sign: 0 },
  { name: 'client_lib_share', doc: 'share of user agents that are client libraries (NaN without user agents)', sign: 1 },
  { name: 'gap_spread', doc: 'standard deviation of log10 inter-arrival seconds: low is machine-regular (NaN under 2 gaps)', sign: -1 },
  { name: 'fast_gap_share', doc: 'share of inter-arrival gaps under 2 seconds', sign: 0 },
  { name: 'hour_entropy', doc: 'normalised entropy of activity over the 24 UTC hours', sign: 1 },
  { name: 'quiet_hours', doc: 'longest run of hours of the day never active, / 24 (a person sleeps)', sign: -1 },
  { name: 'answer_log', doc: 'log(1 + mean output tokens) over exchanges reporting usage (NaN without usage)', sign: 1 },
  { name: 'out_in_ratio_log', doc: 'log(1 + output / input tokens), ratio clipped at 1000 (NaN without input tokens)', sign: 1 },
  { name: 'max_tokens_share', doc: 'share of requests setting max_tokens', sign: 1 },
  { name: 'cap_share', doc: 'share of answers stopped at the max_tokens cap', sign: 1 },
  { name: 'system_share', doc: 'share of exchanges with the most common system prompt (an app\'s configuration); constrained: never raises the odds, a fleet sharing one is tied by the linkage instead', sign: -1 },
  { name: 'follow_up_share', doc: 'share of exchanges that are follow-up turns', sign: -1 },
  { name: 'stock_follow_up_share', doc: 'share of later follow-ups repeating a text the account sent before (a stock list)', sign: 1 },
  { name: 'topic_entropy', doc: 'normalised entropy of the topic buckets', sign: 1 },
  { name: 'text_share', doc: 'share of exchanges that carried prompt text', sign: 0 },
  { name: 'temperature_zero_share', doc: 'share of requests at temperature 0', sign: 0 },
  { name: 'error_share', doc: 'share of exchanges answered 429 or another error', sign: 0 },
  { name: 'per_day_log', doc: 'log(1 + exchanges per active day)', sign: 1 },
  // The next three never raise the odds of a new or little-seen account: in the
  // simulator benign accounts are older and longer-lived than throwaway campaign
  // accounts, and a fit free to use that flags every new customer (the
  // hand-built classes of test/lookalikes.test.ts, signed up that week).
  { name: 'exchanges_log', doc: 'log(1 + exchanges); constrained: more history never lowers the odds', sign: 1 },
  { name: 'days_log', doc: 'log(1 + distinct active days); constrained: more active days never lower the odds', sign: 1 },
  { name: 'age_log', doc: 'log(1 + days since sign-up, at this evaluation) (NaN without the account table); constrained: an older account is never less suspect, so "new" is no evidence', sign: 1 },
  { name: 'verified', doc: '1 when the account table says identity or organisation is verified', sign: -1 },
  { name: 'eval_shaped', doc: '1 when half or more of the harvest has the form of a public evaluation harness', sign: -1 },
  { name: 'app_shaped', doc: '1 when 80%+ of reasoning requests come from one fixed system prompt used on 90%+ of exchanges', sign: -1 },
  { name: 'product_tools', doc: '1 when one toolset is offered in 90%+ of tool requests (a product at work)', sign: -1 },
  { name: 'det_automation', doc: 'automation.timing signal strength', sign: 1 },
  { name: 'det_coverage', doc: 'coverage.sweep signal strength', sign: 1 },
  { name: 'det_tokens', doc: 'tokens.long_outputs signal strength', sign: 1 },
  { name: 'det_scripted', doc: 'conversation.scripted signal strength', sign: 1 },
  // Content evidence (the content.harvest_intent signal) enters only multiplied by
  // another family's: no single family flags an account (DESIGN.md, scoring). A
  // step-by-step homework class is all content and nothing else, and the
  // simulator has no such class for the fit to learn from.
  { name: 'content_x_automation', doc: 'content.harvest_intent strength × automation.timing strength', sign: 1 },
  { name: 'content_x_coverage', doc: 'content.harvest_intent strength × coverage.sweep strength', sign: 1 },
  { name: 'content_x_tokens', doc: 'content.harvest_intent strength × tokens.long_outputs strength', sign: 1 },
  { name: 'content_x_volume', doc: 'content.harvest_intent strength × volume (10 exchanges per active day -> 0, 1,000 -> 1)', sign: 1 },
  { name: 'link_score', doc: 'the member score campaign evidence gives the account (0 outside a campaign)', sign: 1 },
  { name: 'campaign_size_log', doc: 'log(1 + accounts listed with its campaign)', sign: 1 },
  { name: 'review_only_member', doc: '1 when its campaign membership alone only sends it to review', sign: 0 },
  { name: 'address_crowd_log', doc: 'log(1 + accounts on its busiest address at the last sweep): a campus NAT or an office (0 before the first sweep)', sign: 0 },
  // The detectors added after account-v1 (src/detectors): each spoke on a kind of
  // harvest the first model never saw (a slice inside others' traffic, sustained
  // answered-at-length harvest, logit probing, multi-turn reasoning pulls).
  { name: 'det_slice', doc: 'mixed.harvest_slice signal strength (a harvest slice inside traffic that carries others\' conversations)', sign: 1 },
  { name: 'det_sustained', doc: 'volume.sustained_harvest signal strength', sign: 1 },
  { name: 'det_logit', doc: 'probe.logit_harvest signal strength', sign: 1 },
  { name: 'det_reasoning_probe', doc: 'conversation.reasoning_probe signal strength', sign: 1 },
  // What the engine reads as a person or an evaluation at work: never raises the odds.
  { name: 'eval_reruns', doc: '1 when its traffic is evaluation runs: a bounded item set re-sent at temperature 0 (a distiller takes each answer once)', sign: -1 },
  { name: 'follows_answers', doc: '1 when its follow-ups come after pauses that track the answers\' lengths (src/state/pacing.ts): a person reading', sign: -1 },
  { name: 'read_harvest_share', doc: 'share of its harvest-shaped turns that a person read and answered with a follow-up', sign: -1 },
  { name: 'text_model_share', doc: 'share of exchanges the fitted text model reads as harvest while no lexicon intent fired (wording the lexicons never listed)', sign: 1 },
];

export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);
export const FEATURE_COUNT = FEATURES.length;

const SIGNAL_SLOT: Record<string, number> = {
  'automation.timing': FEATURE_NAMES.indexOf('det_automation'),
  'coverage.sweep': FEATURE_NAMES.indexOf('det_coverage'),
  'tokens.long_outputs': FEATURE_NAMES.indexOf('det_tokens'),
  'conversation.scripted': FEATURE_NAMES.indexOf('det_scripted'),
  'mixed.harvest_slice': FEATURE_NAMES.indexOf('det_slice'),
  'volume.sustained_harvest': FEATURE_NAMES.indexOf('det_sustained'),
  'probe.logit_harvest': FEATURE_NAMES.indexOf('det_logit'),
  'conversation.reasoning_probe': FEATURE_NAMES.indexOf('det_reasoning_probe'),
};
const LATE_DET_FIRST = FEATURE_NAMES.indexOf('det_slice');
const DET_FIRST = FEATURE_NAMES.indexOf('det_automation');

function clip01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Writes the account's feature vector (FEATURES order) into `out`, as of event
 * time `nowMs`, and returns it.
 *
 * @example
 *   const x = accountFeatures(state, signals, { linkScore: 0, campaignSize: 0, reviewOnly: false, addressHolders: 0 }, Date.now(), new Float64Array(FEATURE_COUNT));
 */
export function accountFeatures(s: AccountState, signals: readonly Signal[], m: Membership, nowMs: number, out: Float64Array): Float64Array {
  const n = s.n;
  let k = 0;
  out[k++] = clip01(s.harvestShare());
  out[k++] = Math.log1p(s.harvestCount());
  out[k++] = clip01(s.reasoningShare());
  out[k++] = clip01(s.singleTurnShare());
  out[k++] = clip01(s.distinctPromptShare());
  out[k++] = clip01(s.nearRepeatShare());
  out[k++] = clip01(s.templateShare());
  out[k++] = s.withUa ? clip01(s.clientLibShare()) : NaN;
  out[k++] = s.gaps >= 2 ? Math.min(3, s.gapSpread()) : NaN;
  out[k++] = s.gaps ? clip01(s.fastGaps / s.gaps) : NaN;
  out[k++] = clip01(s.hourEntropy());
  out[k++] = s.quietHours() / 24;
  const answer = s.answerLength();
  out[k++] = Number.isNaN(answer) ? NaN : Math.log1p(answer);
  out[k++] = s.inputTokens > 0 ? Math.log1p(Math.min(1000, s.outputInputRatio())) : NaN;
  out[k++] = n ? clip01(s.maxTokensSet / n) : 0;
  out[k++] = n ? clip01(s.hitCap / n) : 0;
  out[k++] = clip01(s.systemShare());
  out[k++] = clip01(s.followUpShare());
  out[k++] = s.laterFollowUps() > 0 ? clip01(s.stockFollowUpShare()) : 0;
  out[k++] = clip01(s.topicEntropy());
  out[k++] = clip01(s.textShare());
  out[k++] = n ? clip01(s.temperatureZero / n) : 0;
  out[k++] = n ? clip01((s.errors + s.rateLimited) / n) : 0;
  out[k++] = Math.log1p(s.exchangesPerActiveDay());
  out[k++] = Math.log1p(n);
  out[k++] = Math.log1p(s.days);
  const created = s.record?.createdMs ?? (s.record?.created_at ? Date.parse(s.record.created_at) : NaN);
  out[k++] = Number.isFinite(created) ? Math.log1p(Math.max(0, (nowMs - created) / DAY)) : NaN;
  out[k++] = s.record?.verified ? 1 : 0;
  out[k++] = s.evalShaped() ? 1 : 0;
  out[k++] = n > 0 && s.reasoningHarvest > 0 && s.reasoningFromSystem / s.reasoningHarvest >= 0.8 && s.systemShare() >= 0.9 ? 1 : 0;
  out[k++] = s.productTools() ? 1 : 0;
  // detector strengths: 0 unless the detector spoke
  for (let j = 0; j < 4; j++) out[DET_FIRST + j] = 0;
  for (let j = 0; j < 4; j++) out[LATE_DET_FIRST + j] = 0;
  k += 4;
  let content = 0;
  for (let i = 0; i < signals.length; i++) {
    const sig = signals[i];
    if (sig.signal === 'content.harvest_intent') content = Math.max(content, clip01(sig.score));
    const slot = SIGNAL_SLOT[sig.signal];
    if (slot !== undefined) out[slot] = Math.max(out[slot], clip01(sig.score));
  }
  out[k++] = content * out[DET_FIRST];
  out[k++] = content * out[DET_FIRST + 1];
  out[k++] = content * out[DET_FIRST + 2];
  out[k++] = content * volumeFactor(s);
  out[k++] = clip01(m.linkScore);
  out[k++] = Math.log1p(m.campaignSize);
  out[k++] = m.reviewOnly ? 1 : 0;
  out[k++] = Math.log1p(m.addressHolders);
  k += 4; // det_slice .. det_reasoning_probe, written with the other detectors above
  out[k++] = s.evalReruns() ? 1 : 0;
  out[k++] = s.followsAnswers() ? 1 : 0;
  out[k++] = s.harvest > 0 ? clip01(s.readHarvest() / s.harvest) : 0;
  out[k++] = n ? clip01(s.modelHarvest / n) : 0;
  return out;
}
