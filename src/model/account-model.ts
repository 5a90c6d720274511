/**
 * The fitted per-account model as the engine uses it: the model file
 * (models/account-v3.json, written by scripts/train-model.ts), validated once
 * when loaded, then a dot product per evaluation into a buffer it owns.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Reason, VerdictKind } from '../contract/types.js';
import type { Signal } from '../detectors/detector.js';
import type { AccountState } from '../state/account.js';
import { accountFeatures, FEATURE_COUNT, FEATURE_NAMES, FEATURES, type Membership } from './features.js';
import { applyPlatt } from './logistic.js';
import { FULL_WEIGHT_DAYS } from '../scoring/score.js';

/**
 * Whether the model may act on an account at all. In a campaign (any tie the
 * sweep gave it): yes. Alone: only where the rules let one account's own
 * evidence act, and with evidence of how it asks beside what it asks: the
 * content detector spoke (what is asked is the gate, as in src/scoring), so
 * did automation, token economics or scripted dialogue (machine operation or
 * paying for long answers; coverage, the breadth of what is asked, is not
 * enough), from its FULL_WEIGHT_DAYS-th active day, and never on a verified
 * account. A fit to simulated worlds knows only the benign shapes the
 * simulator has; these are where hand-built look-alikes outside it showed its
 * blind side: a class doing varied homework step by step from browsers (all
 * content and breadth), a verified evaluator, an app back end whose users'
 * questions are now and then harvest-like.
 * Evaded by a lone harvester that lives under three active days (throwaway
 * accounts), keeps its harvest under the content detector's share, or asks
 * at a person's pace from a browser for ordinary-length answers: the linkage
 * must catch those.
 */
export function modelMayAct(days: number, verified: boolean, inCampaign: boolean, contentSpoke: boolean, howSpoke: boolean): boolean {
  return inCampaign || (contentSpoke && howSpoke && !verified && days >= FULL_WEIGHT_DAYS);
}

/** Whether the content detector's signal is among `signals`. */
export function contentSpoke(signals: readonly Signal[]): boolean {
  for (let i = 0; i < signals.length; i++) if (signals[i].signal === CONTENT_SIGNAL) return true;
  return false;
}

/** Whether a detector of how the account asks (automation, token economics, scripted dialogue) spoke. */
export function howSpoke(signals: readonly Signal[]): boolean {
  for (let i = 0; i < signals.length; i++) if (HOW_SIGNALS.has(signals[i].signal)) return true;
  return false;
}

/**
 * What the rules' verdict at one evaluation rests on: 0 it does not flag; 1
 * review on the account's own traffic alone (outside any campaign, so no
 * fleet tie, no signature match, and under the block line), the one verdict
 * the model may clear; 2 review with a campaign's ties; 3 a block or a
 * signature match. 2 and 3 stay with the rules (training measures what
 * clearing 2 would do, src/model/training.ts).
 */
export function rulesEvidence(rules: VerdictKind, s: Pick<AccountState, 'campaignId' | 'signatureId'>): 0 | 1 | 2 | 3 {
  if (rules === 'allow') return 0;
  if (rules === 'block' || s.signatureId !== null) return 3;
  return s.campaignId === null ? 1 : 2;
}

const HOW_SIGNALS: ReadonlySet<string> = new Set(['automation.timing', 'tokens.long_outputs', 'conversation.scripted']);
const CONTENT_SIGNAL = 'content.harvest_intent';

const Threshold = z.object({
  /** calibrated probability at or above which the model acts */
  probability: z.number().min(0).max(1),
  /** share of benign accounts whose highest probability over their evaluations reached it, on the threshold worlds */
  benignFlaggedRate: z.number().min(0).max(1),
  /** the rate it was chosen for */
  targetRate: z.number().min(0).max(1),
  benignAccounts: z.number().int().nonnegative(),
});

const ClearThreshold = z.object({
  /** calibrated probability below which the rules' review on an account's own evidence is cleared */
  probability: z.number().min(0).max(1),
  /** whether the engine clears: the leave-one-generator-out rule held (src/model/training.ts CLEAR_RULE) */
  acts: z.boolean(),
  /** share of each generator's campaign accounts flagged by the rules that it must keep (the lowest over generators sets it) */
  keep: z.number().min(0).max(1),
  /** the rule it was kept or set aside by, and why */
  decision: z.string(),
});

export const ModelFile = z.object({
  version: z.string(),
  created: z.string(),
  trainingCommit: z.string(),
  features: z.array(z.object({ name: z.string(), doc: z.string(), sign: z.number() })),
  standardisation: z.object({ mean: z.array(z.number()), scale: z.array(z.number()) }),
  coefficients: z.object({ intercept: z.number(), weights: z.array(z.number()), l2: z.number() }),
  calibration: z.object({ kind: z.literal('platt'), a: z.number(), b: z.number() }),
  thresholds: z.object({ review: Threshold, block: Threshold, clear: ClearThreshold.optional() }),
  training: z.record(z.unknown()),
  validation: z.record(z.unknown()),
  reproduce: z.record(z.unknown()).optional(),
}).refine((m) => m.features.length === m.standardisation.mean.length && m.features.length === m.coefficients.weights.length, { message: 'features, standardisation and coefficients differ in length' });
export type ModelFile = z.infer<typeof ModelFile>;

export class ModelError extends Error {}

/** The shipped model file, beside src/ and dist/ in the package. */
export const SHIPPED_MODEL = new URL('../../models/account-v3.json', import.meta.url);

export class AccountModel {
  private readonly x = new Float64Array(FEATURE_COUNT);
  /** coefficient / scale and the intercept folded with the means: one pass per evaluation */
  private readonly w: Float64Array;
  private readonly mean: Float64Array;
  private readonly scale: Float64Array;
  private readonly b: number;
  readonly reviewAt: number;
  readonly blockAt: number;
  /** below it the rules' review on an account's own evidence is cleared; -1 when this model does not clear */
  readonly clearAt: number;

  /** `clear: false` keeps the model from clearing whatever its file says (`--disable clearing`) */
  constructor(readonly file: ModelFile, opts: { clear?: boolean } = {}) {
    const names = file.features.map((f) => f.name);
    if (names.length !== FEATURE_COUNT || names.some((n, i) => n !== FEATURE_NAMES[i])) {
      throw new ModelError(`model ${file.version} was trained on features [${names.join(', ')}], this build computes [${FEATURE_NAMES.join(', ')}]`);
    }
    this.w = Float64Array.from(file.coefficients.weights);
    this.mean = Float64Array.from(file.standardisation.mean);
    this.scale = Float64Array.from(file.standardisation.scale);
    this.b = file.coefficients.intercept;
    this.reviewAt = file.thresholds.review.probability;
    this.blockAt = file.thresholds.block.probability;
    const c = file.thresholds.clear;
    this.clearAt = c?.acts && opts.clear !== false ? c.probability : -1;
  }

  /** Loads and validates a model file; throws ModelError naming what is wrong. */
  static load(path: string | URL = SHIPPED_MODEL, opts: { clear?: boolean } = {}): AccountModel {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new ModelError(`cannot read model file ${String(path)}: ${(e as Error).message}`);
    }
    const r = ModelFile.safeParse(raw);
    if (!r.success) throw new ModelError(`model file ${String(path)}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return new AccountModel(r.data, opts);
  }

  /** The raw logit of a feature vector. */
  logit(x: Float64Array): number {
    let z = this.b;
    for (let j = 0; j < FEATURE_COUNT; j++) {
      const v = x[j];
      if (v === v) z += (this.w[j] * (v - this.mean[j])) / this.scale[j]; // NaN contributes nothing
    }
    return z;
  }

  /** Calibrated probability that the account is a campaign account, as of event time `nowMs`. */
  probability(s: AccountState, signals: readonly Signal[], m: Membership, nowMs: number): number {
    return applyPlatt(this.file.calibration, this.logit(accountFeatures(s, signals, m, nowMs, this.x)));
  }

  /** Calibrated probability of a raw logit. */
  calibrate(z: number): number {
    return applyPlatt(this.file.calibration, z);
  }

  /**
   * What the model alone decides: review at the review threshold, never
   * block. Its block threshold is recorded in the file but not acted on: it
   * was set on a few thousand benign validation accounts, where 0.01% is no
   * account at all, and on a simulated class behind one NAT that a campaign
   * cluster took in (`reseller_mix`, scale 0.3, seed 1) it blocked three
   * students whom the rules sent to review. A block stays with the rules and
   * the campaign evidence until the model is measured on far more benign
   * traffic.
   */
  verdictFor(p: number, s: AccountState, signals: readonly Signal[]): VerdictKind {
    if (p < this.reviewAt || !modelMayAct(s.days, !!s.record?.verified, s.campaignId !== null, contentSpoke(signals), howSpoke(signals))) return 'allow';
    // Nor alone on evaluation re-runs (AccountState.evalReruns: a bounded item set sent again
    // and again at temperature 0), which the rules count half: the fit has never seen a CI
    // pipeline's re-runs spread over an organisation's keys, and sent such keys to review on
    // their content and volume. Evaded by a lone harvester that re-sends a third of its
    // items at temperature 0 and stays under a few thousand items: a small harvest per
    // account, which the linkage must join (a campaign's members are still judged).
    if (s.campaignId === null && s.evalReruns()) return 'allow';
    return 'review';
  }

  /**
   * Whether the model clears the rules' verdict `rules` at this evaluation:
   * only a review that rests on the account's own traffic alone
   * (rulesEvidence 1), and only when the calibrated probability is below the
   * clear threshold, set where the training generators keep at least
   * `thresholds.clear.keep` of their campaign accounts the rules flag. Blocks,
   * campaign ties and signature matches stay with the rules. The account stays
   * `allow` with a `model.cleared` reason, and a later evaluation flags it if
   * the rules' evidence becomes a campaign's or the probability rises.
   * Evaded (a campaign account wrongly cleared) by a harvester whose features
   * the model weighs low: human pacing, ordinary answer lengths, no max_tokens,
   * verified, one topic (docs/model-card.md says where it cleared wrongly).
   */
  clears(p: number, rules: VerdictKind, s: AccountState): boolean {
    return p < this.clearAt && rulesEvidence(rules, s) === 1;
  }

  /** The `model.cleared` reason of an account the model kept out of review. */
  clearedReason(p: number): Reason {
    return {
      signal: 'model.cleared',
      weight: 0,
      detail: `the rules would send it to review on its own traffic alone (no campaign tie, no signature); fitted model ${this.file.version} gave a probability of a campaign account of ${p.toFixed(3)}, under its clear threshold ${this.clearAt.toFixed(3)}: not flagged, kept on watch (a campaign tie, a block or a higher probability flags it)`,
    };
  }

  /**
   * The features that pushed the probability up most (coefficient ×
   * standardised value), largest first, as `name (+contribution)`.
   */
  topContributions(s: AccountState, signals: readonly Signal[], m: Membership, nowMs: number, k = 4): { name: string; contribution: number; value: number }[] {
    const x = accountFeatures(s, signals, m, nowMs, new Float64Array(FEATURE_COUNT));
    const out: { name: string; contribution: number; value: number }[] = [];
    for (let j = 0; j < FEATURE_COUNT; j++) {
      const v = x[j];
      if (Number.isNaN(v)) continue;
      const c = (this.w[j] * (v - this.mean[j])) / this.scale[j];
      if (c > 0) out.push({ name: FEATURES[j].name, contribution: c, value: v });
    }
    out.sort((a, b) => b.contribution - a.contribution);
    return out.slice(0, k);
  }

  /** The `model.account` reason: the highest probability the account reached, and why it is high now. */
  reason(s: AccountState, signals: readonly Signal[], m: Membership, nowMs: number, highest: number): Reason {
    const top = this.topContributions(s, signals, m, nowMs);
    const why = top.map((t) => `${t.name} ${fmt(t.value)} (+${t.contribution.toFixed(2)})`).join(', ');
    return {
      signal: 'model.account',
      weight: Math.round(highest * 1000) / 1000,
      detail: `fitted model ${this.file.version}: probability of a campaign account reached ${highest.toFixed(3)} (review at ${this.reviewAt.toFixed(3)}; the model never blocks on its own); top contributions in log-odds: ${why || 'none'}`,
    };
  }
}

function fmt(v: number): string {
  return Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2);
}
