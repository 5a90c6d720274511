import { z } from 'zod';
import { defineDetector, type Signal } from '../detector.js';
import type { Exchange } from '../../contract/types.js';
import type { ExchangeFeatures } from '../../features/types.js';
import { INTENT_ON, type AccountState } from '../../state/account.js';
import { intentModelOn } from '../../features/intent-model/index.js';
import { pct } from '../content/index.js';

/** What the detector keeps per account, from the account's first harvest exchange: eight numbers. */
class Tally {
  harvest = 0;
  /** harvest exchanges that report output tokens, and their sum */
  answered = 0;
  answerTokens = 0;
  /** the UTC day being counted and its harvest so far */
  day = -1;
  today = 0;
  /** days on which the harvest reached the detector's per-day line */
  fullDays = 0;
  /** days with any harvest */
  harvestDays = 0;
  /** exchanges asking for a grading (a rubric score, a pairwise verdict), and days on which they reached `judgePerDay` */
  judge = 0;
  judgeToday = 0;
  judgeFullDays = 0;
}

type Cfg = { minDays: number; minDayShare: number; maxFollowUpShare: number; judgePerDay: number; judgeShare: number; judgeMinDistinct: number };

/**
 * The judgement reading: a grader harvest (LLM-as-judge / reward-model
 * distillation: rubric scores and pairwise verdicts over many candidate
 * answers) keeps answers of a few hundred tokens, under the length the
 * reading above asks for, but what it cannot avoid is the same: many
 * distinct gradings, dozens every day, each item graded once and then the
 * next, for as long as it runs; a reward model needs thousands of distinct
 * judgements. The benign look-alikes grade too: an evaluation team or a CI
 * pipeline running a judge suite (MT-Bench, AlpacaEval, Arena-Hard) re-runs
 * one closed set of items on each model or build (`AccountState.evalReruns`),
 * and its runs come in bursts of a few days; a person or a class has a few
 * essays graded a day.
 *
 * Fires when `judgeShare` of its exchanges ask for a grading, that grading
 * reached `judgePerDay` on `minDays` days or more and on `minDayShare` of
 * its active days, `judgeMinDistinct` of its prompts (over those that carried
 * one) are distinct or their copies follow the first send and stop
 * (`AccountState.walksNewItems` 'resamples'), it does not read as re-runs of a closed suite, and
 * under `maxFollowUpShare` of its exchanges are follow-ups.
 *
 * Evaded by: under `judgePerDay` gradings per account per day (more
 * accounts: the linkage's job), grading on under half the active days,
 * gradings worded so that the lexicon does not read them as such (then only
 * the content model and the linkage), or the same items re-graded again and
 * again as a suite is (paying for copies). Falsely flags: a team grading a
 * new model's outputs every day for a week on fresh items, or a product that
 * grades its users' essays with a rubric at volume (review only; an analyst
 * reads the account).
 */
function judgements(s: AccountState, t: Tally, cfg: Cfg): Signal | null {
  if (t.judge < cfg.judgeShare * s.n || t.judgeFullDays < cfg.minDays || t.judgeFullDays < cfg.minDayShare * s.days) return null;
  if (s.withText < 0.5 * s.n) return null;
  const distinct = Math.min(1, (s.distinctPromptShare() * s.n) / s.withText);
  // each item graded once, or its copies (to several graders) right after its first send and then the next items
  const walks = distinct >= cfg.judgeMinDistinct || s.walksNewItems() === 'resamples';
  if (!walks || s.evalReruns()) return null;
  const follow = s.followUpShare();
  if (follow >= cfg.maxFollowUpShare) return null;
  const days = Math.min(1, (t.judgeFullDays - cfg.minDays) / cfg.minDays);
  const score = Math.round((0.62 + 0.03 * days) * 1000) / 1000;
  return {
    signal: 'volume.sustained_harvest',
    score,
    detail: `${pct(t.judge / s.n)} of its ${s.n.toLocaleString('en-US')} exchanges ask for a grading (a rubric score, a verdict between answers), ${cfg.judgePerDay} or more a day on ${t.judgeFullDays} of its ${s.days} active days, ${pct(distinct)} of its prompts distinct${distinct < cfg.judgeMinDistinct ? ', each re-sent only right after its first send' : ''}, not a suite run again: judgements kept day after day, item after item, as a reward model is trained on; for review, never blocked on this alone`,
  };
}

/**
 * Sustained harvest answered at length: an account that, day after day, sends
 * dozens of harvest-shaped requests (written-out reasoning, benchmark-style
 * items, training data), lets the answers run long, and never talks about an
 * answer afterwards. This is what a distiller pays for and cannot do without:
 * many full answers to many items, every day; whatever dress the requests
 * wear (a public evaluation harness's form, a verified organisation, cloud
 * addresses, a popular SDK) does not change it. The score stands whether the
 * account is verified or not, between the review and block lines: it sends
 * the account to a person, never blocks it alone.
 *
 * It fires when, over the account's life:
 * - `minShare` or more of its exchanges are harvest (lexicon or text model;
 *   tool-use traces are left out, an agent product's traffic has their shape),
 * - on `minDays` or more days, and on `minDayShare` of its active days, the
 *   harvest reached `perDay` exchanges,
 * - its harvest answers average `minAnswerTokens` or more,
 * - under `maxFollowUpShare` of its exchanges are follow-up turns (an account
 *   whose traffic carries conversations is the harvest-slice detector's).
 *
 * Measured on every account of our simulator's worlds and of two outside
 * generators' (v2-a, v3-x1; docs/detection.md): benchmark evaluators run on 1–4 days with
 * answers of 3–540 tokens; agent products and app back ends harvest-shaped
 * every day have answers of 120–350 tokens or a harvest share of 5%;
 * harness-dressed, verified-organisation and plain harvesters send 50 or more
 * harvest exchanges on nearly every active day with answers of 1,145–2,020.
 *
 * A grader harvest, whose answers are shorter, is read by `judgements`.
 *
 * Evaded by: under `perDay` harvest exchanges per account per day (more
 * accounts: the linkage's job), short answers (little reasoning collected),
 * harvest on under half the active days, or a third of the traffic in
 * follow-up turns (then the slice detector reads it). Falsely flags: an
 * evaluation team running a reasoning model's long answers through a suite
 * every day for a week, or a pipeline generating long worked solutions for
 * its own product every day (review; an analyst reads the account).
 */
export const sustainedHarvest = defineDetector({
  id: 'volume.sustained_harvest',
  summary: 'Harvest answered at length, dozens a day on most active days, with no conversation around the answers.',
  evadedBy: 'under the per-day line per account (more accounts), short answers (unless they are gradings, 30 or more a day on fresh items), harvest on under half the active days, follow-up turns',
  falselyFlags: 'an evaluation team running a long-answer reasoning model through suites every day; a pipeline writing long worked solutions daily; a team or product grading fresh answers with a rubric 30+ a day for days (review only, never block alone)',
  weight: 0.7,
  config: z.object({
    /** harvest share of the account: benign heavy accounts with long answers (app back ends relaying users) stay near 5%; a harvester is mostly harvest */
    minShare: z.number().min(0).max(1).default(0.5),
    /**
     * Harvest exchanges on one UTC day for the day to count. A person or a
     * class does not reach it; a benchmark suite does, on the day it runs, so
     * the day count below is what tells a run from a harvest.
     */
    perDay: z.number().int().positive().default(50),
    /**
     * Days at the per-day line, as many as an account's own evidence needs to
     * count fully (src/scoring FULL_WEIGHT_DAYS): a suite run on one or two
     * days stays under it. Evaluators in the worlds we measured ran on 1–4 days,
     * so the answer length, not this, is what keeps a week of re-runs out;
     * 5 days left harness-dressed harvests served for half their life
     * (leakage 47% against 26% at 3 in one outside world), with the same flags.
     */
    minDays: z.number().int().positive().default(3),
    /** of the account's active days, the share at the line: a harvest runs every day, an evaluation in bursts */
    minDayShare: z.number().min(0).max(1).default(0.5),
    /**
     * Mean answer length of the harvest, in output tokens. Evaluations score
     * short answers (3–540 tokens on average in every world we measured), agent
     * products and apps answer in 120–350; a harvest keeps long written-out
     * answers (1,600–1,910 in the outside worlds' harness-dressed harvests, 1,145–2,020 in our eval_dress draws, 700–820 in our other strategies (stealth, resellers, app facades)).
     */
    minAnswerTokens: z.number().positive().default(800),
    /** follow-up turns: the account carries no conversation around the answers */
    maxFollowUpShare: z.number().min(0).max(1).default(0.1),
    /**
     * The judgement reading (`judgements`): grading requests on one UTC day
     * for the day to count. A person has an essay or two graded; a judge
     * suite reaches it on the days it runs, and is told apart by re-running
     * its items (`AccountState.evalReruns`), not by this.
     */
    judgePerDay: z.number().int().positive().default(30),
    /** grading requests among the account's exchanges: its traffic is the grading */
    judgeShare: z.number().min(0).max(1).default(0.5),
    /** distinct prompts over the exchanges that carried one: each judgement taken once, the items walking on (a judge suite re-run falls to 1/runs) */
    judgeMinDistinct: z.number().min(0).max(1).default(0.5),
  }),
  create(cfg) {
    const tallies = new WeakMap<AccountState, Tally>();
    return {
      observe(s: AccountState, ex: Exchange, f: ExchangeFeatures): void {
        const it = f.intent;
        const lexicon = Math.max(it.cot, it.reconstruct, it.judge, it.safetyRewrite, it.internals, it.benchmark, it.datagen) >= INTENT_ON;
        const harvest = lexicon || (!f.evalHarness && (f.intentModel ?? 0) >= intentModelOn());
        let t = tallies.get(s);
        if (!t) {
          if (!harvest) return;
          t = new Tally();
          tallies.set(s, t);
        }
        if (!harvest) return;
        t.harvest++;
        if (f.outputTokens > 0) {
          t.answered++;
          t.answerTokens += f.outputTokens;
        }
        const day = Math.floor(ex.tsMs / 86_400_000);
        if (day !== t.day) {
          t.day = day;
          t.today = 0;
          t.judgeToday = 0;
          t.harvestDays++;
        }
        if (++t.today === cfg.perDay) t.fullDays++;
        if (it.judge >= INTENT_ON) {
          t.judge++;
          if (++t.judgeToday === cfg.judgePerDay) t.judgeFullDays++;
        }
      },

      evaluate(s: AccountState): Signal[] {
        const t = tallies.get(s);
        if (!t) return [];
        const judged = judgements(s, t, cfg);
        if (judged) return [judged];
        if (t.fullDays < cfg.minDays || t.fullDays < cfg.minDayShare * s.days) return [];
        if (t.harvest < cfg.minShare * s.n || t.answered < cfg.perDay) return [];
        const answer = t.answerTokens / t.answered;
        if (answer < cfg.minAnswerTokens) return [];
        const follow = s.followUpShare();
        if (follow >= cfg.maxFollowUpShare) return [];
        // more days at the line and longer answers: a little higher, always between review (0.6) and block (0.85)
        const days = Math.min(1, (t.fullDays - cfg.minDays) / cfg.minDays);
        const length = Math.min(1, Math.log2(answer / cfg.minAnswerTokens));
        const score = Math.round((0.62 + 0.03 * days + 0.03 * length) * 1000) / 1000;
        return [{
          signal: 'volume.sustained_harvest',
          score,
          detail: `${pct(t.harvest / s.n)} of its ${s.n.toLocaleString('en-US')} exchanges are harvest-shaped, ${cfg.perDay} or more a day on ${t.fullDays} of its ${s.days} active days, answered at ${Math.round(answer).toLocaleString('en-US')} tokens on average, ${pct(follow)} follow-up turns: full answers kept day after day, whatever form the requests take; for review, never blocked on this alone`,
        }];
      },
    };
  },
});
