/**
 * Signals -> account score, verdict and reasons.
 *
 * The score is built so that no single family can flag an account: content
 * evidence (what is asked) is a gate, and automation, coverage, token economics
 * and volume decide how far through the gate an account goes. An account that
 * harvests but looks like a person stays below the line on its own; campaign
 * membership (cross-account linkage) is what lifts the light, spread-out
 * accounts of a large operation.
 */
import { z } from 'zod';
import type { Reason, VerdictKind } from '../contract/types.js';
import type { Signal } from '../detectors/detector.js';
import type { AccountState } from '../state/account.js';

export const ScoringConfig = z.object({
  /** score at or above which an account is flagged for review */
  reviewAt: z.number().min(0).max(1).default(0.6),
  /** score at or above which an account is blocked */
  blockAt: z.number().min(0).max(1).default(0.85),
  /** verified accounts (identity / organisation checked) have their per-account score multiplied by this */
  verifiedFactor: z.number().min(0).max(1).default(0.65),
}).refine((c) => c.blockAt >= c.reviewAt, { message: 'blockAt must be at least reviewAt' });
export type ScoringConfig = z.infer<typeof ScoringConfig>;

export interface AccountScore {
  score: number;
  /** per-account part, before linkage */
  local: number;
  reasons: Reason[];
}

/**
 * Active days from which one account's own evidence counts fully (a single
 * day of benchmark-like traffic is what a researcher's evaluation looks like;
 * see the persistence cap in scoreAccount). The fitted model acts on an
 * account outside any campaign only from then too (src/model/account-model.ts).
 */
export const FULL_WEIGHT_DAYS = 3;

/** Signals whose score stands as the local score (see scoreAccount). */
const PROBES = new Set(['probe.logit_harvest', 'conversation.reasoning_probe']);

const SUPPORT: Record<string, number> = { 'automation.timing': 0.35, 'coverage.sweep': 0.4, 'tokens.long_outputs': 0.25 };

/** Exchanges per active day mapped to 0..1: 10/day -> 0, 1,000/day -> 1. */
export function volumeFactor(s: AccountState): number {
  const perDay = s.exchangesPerActiveDay();
  const v = (Math.log10(Math.max(perDay, 1)) - 1) / 2;
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

export function scoreAccount(s: AccountState, signals: Signal[], cfg: ScoringConfig): AccountScore {
  let content = 0;
  let support = 0;
  let scripted = 0;
  let slice = 0;
  let sustained = 0;
  let probe = 0;
  for (const sig of signals) {
    if (sig.signal === 'content.harvest_intent') content = Math.max(content, sig.score);
    else if (sig.signal === 'conversation.scripted') scripted = sig.score;
    else if (sig.signal === 'mixed.harvest_slice') slice = sig.score;
    else if (sig.signal === 'volume.sustained_harvest') sustained = sig.score;
    else if (PROBES.has(sig.signal)) probe = Math.max(probe, sig.score);
    else if (SUPPORT[sig.signal] !== undefined) support += SUPPORT[sig.signal] * sig.score;
  }
  // An app back end tells the model to reason in its one fixed system prompt
  // while its end users ask ordinary questions: on its own such an account is
  // an app, not a harvester, so that content counts half. (A group of linked
  // accounts doing the same is judged by the linkage, which does not discount
  // it; a lone harvester hiding its instruction in a fixed system prompt evades
  // this path, and per-key volume limits or linkage must catch it.)
  const appShaped = s.n > 0 && s.reasoningHarvest > 0 && s.reasoningFromSystem / s.reasoningHarvest >= 0.8 && s.systemShare() >= 0.9;
  if (appShaped) content *= 0.5;
  // An account whose harvest mostly has the form of a public evaluation
  // harness (src/features/harness.ts) is a researcher running benchmarks: the
  // same content as a harvest, at volume, but an evaluation. Its content counts
  // half, so volume and automation alone do not flag it. (Linked groups are
  // judged by the linkage, which does not key harness text as a template; a
  // harvester that dresses its items in a harness's exact form evades this
  // path.) The red team's researchers without the account table: 4–6 flagged
  // per world, most blocked, before this.
  const evalShaped = s.evalShaped();
  // The same for an account whose traffic is evaluation re-runs, whatever the
  // prompts' form: a bounded item set sent again and again at temperature 0
  // (AccountState.evalReruns says what evades it).
  const reruns = !evalShaped && s.evalReruns();
  if (evalShaped || reruns) content *= 0.5;
  const volume = volumeFactor(s);
  let local = content * (0.3 + 0.45 * support + 0.25 * volume);
  // Scripted dialogues (src/detectors/scripted) are their own content evidence
  // and already require machine operation, breadth and full answers, so the
  // signal's score stands as the local score: review at most, never block alone.
  local = Math.max(local, scripted);
  // One account on its own is only flagged for sustained harvest: a single
  // day of benchmark-like traffic is what a researcher running an evaluation
  // looks like, so on its first active day an account stays under the line
  // (0.55) and reaches full weight from its third. Campaign membership is not
  // capped: an operation is caught through its linkage from the first sweep.
  const persistence = Math.min(1, Math.max(0, (s.days - 1) / (FULL_WEIGHT_DAYS - 1)));
  local = Math.min(local, 0.55 + 0.45 * persistence);
  if (s.record?.verified) local *= cfg.verifiedFactor;
  // A harvest slice inside others' traffic (src/detectors/slice) already asks for
  // sustained volume far beyond the benign rate: its score stands, verified or
  // not (a reseller's or an app facade's verification says whom to call, not
  // whether to look), between the review and block lines.
  local = Math.max(local, slice);
  // Sustained harvest answered at length (src/detectors/sustained) stands the
  // same way: it asks for many long answers kept every day, which is what a
  // verified organisation or a harness's dress does not change.
  local = Math.max(local, sustained);
  // Logit probing and multi-turn reasoning extraction (src/detectors/logit,
  // src/detectors/reasoning) stand the same way: each already asks for the
  // volume and the structure a harvest cannot avoid, and neither harvest is
  // written in the words the content gate reads. Review only: their scores stay
  // under the block line.
  local = Math.max(local, probe);
  // noisy-OR with the campaign score: either piece of evidence can carry the account
  const score = 1 - (1 - local) * (1 - s.linkScore);

  const reasons: Reason[] = [];
  for (const sig of signals) {
    const w = sig.signal === 'content.harvest_intent' || sig.signal === 'conversation.scripted' || sig.signal === 'mixed.harvest_slice' || sig.signal === 'volume.sustained_harvest' || PROBES.has(sig.signal) ? sig.score * 0.3 : (SUPPORT[sig.signal] ?? 0.2) * sig.score * Math.max(content, scripted) * 0.45;
    reasons.push({ signal: sig.signal, weight: round3(w), detail: sig.detail });
  }
  if (volume > 0.2) reasons.push({ signal: 'volume.per_day', weight: round3(0.25 * volume * Math.max(content, scripted)), detail: `${Math.round(s.exchangesPerActiveDay())} exchanges per active day over ${s.days} day(s)` });
  if (persistence < 1 && content > 0.3) reasons.push({ signal: 'volume.persistence', weight: 0, detail: `active on ${s.days} day(s): per-account evidence counts fully from the third active day` });
  if (evalShaped) reasons.push({ signal: 'content.evaluation_harness', weight: 0, detail: `${Math.round((100 * s.evalHarvest) / s.harvest)}% of the harvest-style requests have the form of a public evaluation harness (few-shot exemplars, a benchmark's fixed answer instruction): a benchmark run, counted half` });
  else if (reruns) reasons.push({ signal: 'content.evaluation_reruns', weight: 0, detail: `${Math.round(100 * (1 - s.distinctPromptShare()))}% of its ${s.n} requests re-send a prompt it sent before, at temperature 0, over at most a few thousand items, single-turn, its first items still re-sent in its latest runs: evaluation runs of a closed suite (a distiller takes each answer once, or re-sends it only while it walks on to new items), counted half` });
  else if (s.evalHarvest >= 0.5 * s.harvest && s.evalAnswersLong()) reasons.push({ signal: 'content.evaluation_harness_kept', weight: 0, detail: `${Math.round((100 * s.evalHarvest) / s.harvest)}% of the harvest-style requests have the form of a public evaluation harness, but their answers average ${Math.round(s.evalOutputTokens / s.evalWithOutput)} tokens: kept, not scored, so not counted as a benchmark run` });
  if (s.productTools() && s.agentConfigured() && s.configOnly > s.agenticOnly) reasons.push({ signal: 'content.agent_configured', weight: 0, detail: `one toolset and one system prompt that asks for the reasoning (${Math.round((100 * s.reasoningFromSystem) / s.reasoningHarvest)}% of its reasoning requests): an agent built on a framework; its ${s.configOnly} exchanges whose only harvest wording is that configuration do not count as harvest` });
  else if (s.agenticOnly > 0 && s.productTools()) reasons.push({ signal: 'content.product_tools', weight: 0, detail: `offers one fixed toolset in 90% or more of its ${s.toolsOffered} tool requests: its ${s.agenticOnly} tool-use exchanges are a product at work and do not count as harvest` });
  if (appShaped) reasons.push({ signal: 'content.system_prompt_only', weight: 0, detail: `${Math.round((100 * s.reasoningFromSystem) / s.reasoningHarvest)}% of the reasoning requests come from one fixed system prompt, not from the users' turns: an app's configuration, counted half` });
  if (s.record?.verified && local > 0) reasons.push({ signal: 'account.verified', weight: round3(-(1 - cfg.verifiedFactor) * local), detail: 'verified account: per-account evidence discounted' });
  for (const r of s.linkReasons) reasons.push(r);
  reasons.sort((a, b) => b.weight - a.weight);
  return { score: round3(score), local: round3(local), reasons };
}

export function verdictFor(score: number, cfg: ScoringConfig): VerdictKind {
  return score >= cfg.blockAt ? 'block' : score >= cfg.reviewAt ? 'review' : 'allow';
}

export function isFlagged(v: VerdictKind): boolean {
  return v !== 'allow';
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
