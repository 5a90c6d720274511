import { z } from 'zod';
import { defineDetector, type Signal } from '../detector.js';
import type { Exchange } from '../../contract/types.js';
import type { ExchangeFeatures } from '../../features/types.js';
import type { AccountState } from '../../state/account.js';
import { pct } from '../content/index.js';

/** Bits of the per-account linear counter of distinct short answers (Whang et al. 1990): exact-ish to a few hundred, saturates beyond. */
const ANSWER_BITS = 256;

/** What the detector keeps per account, from its first short answer: a 32-byte bitmap and nine numbers. */
class Tally {
  /** exchanges answered with a few tokens at most (or capped to a few) */
  short = 0;
  /** of those, the ones whose answer text was logged (an answer hash) */
  withAnswer = 0;
  readonly answers = new Uint32Array(ANSWER_BITS / 32);
  /** of the short ones, the ones in a public evaluation harness's form */
  evalForm = 0;
  /** exchanges asking for log-probabilities, and for 5 or more alternatives */
  logprobs = 0;
  topFive = 0;
  /** exchanges with a logit bias, and how many of them changed it from the one before */
  biased = 0;
  biasMoves = 0;
  lastBias = 0;
  /** short exchanges whose request was logged, and of those the ones at temperature 0 (a logger may keep no request) */
  withRequest = 0;
  atZero = 0;

  /** distinct short answers, estimated from the bitmap's empty bits */
  distinctAnswers(): number {
    let zero = 0;
    for (const w of this.answers) zero += 32 - popcount(w);
    if (zero === 0) return ANSWER_BITS * Math.log(ANSWER_BITS);
    return ANSWER_BITS * Math.log(ANSWER_BITS / zero);
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

type Cfg = {
  minShort: number; minShortShare: number; shortTokens: number; rereadMinItems: number; rereadMinCopies: number; rereadMinZero: number;
};

/**
 * The re-read reading: for a log that keeps no short answer text (or logs a
 * stub in its place), where the distinct-answer test cannot be asked. What a
 * logit-bias sweep cannot avoid is to read one prompt again and again, each
 * time under another bias window (or on another model), at temperature 0,
 * for one to a few tokens: at temperature 0 the same request has the same
 * first tokens, so the copies pay only because something varied that the
 * log may not keep. And it walks on: a prompt's copies follow its first send
 * and stop, then the next prompts (`AccountState.walksNewItems` 'resamples').
 * A classifier or a router sends each text once; an evaluation scored by
 * log-probabilities re-runs a closed suite whose first items come back in its
 * latest runs (then `walksNewItems` is null, and this does not fire); a
 * health check re-sends a handful of prompts for the account's whole life.
 *
 * Fires when `minShort` or more exchanges, and `minShortShare` of the
 * account's, are short; under half of them carry a short answer text; of the
 * short requests logged, `rereadMinZero` are at temperature 0; the prompts
 * (over the exchanges that carried one, half at least) are sent
 * `rereadMinCopies` times or more each on average, over `rereadMinItems`
 * distinct prompts or more; and the copies come soon after the first send
 * and stop ('resamples', single-turn).
 *
 * Evaded by: a sweep that samples at a temperature above 0 (then the copies
 * read as sampling, which this does not judge), that changes the prompt a
 * little for each window (a nonce: near repeats, not repeats), that re-reads
 * each prompt in runs spread over its whole life (a suite's shape: then it
 * is as slow as one), or under `minShort` per account (more accounts: the
 * linkage's job). Falsely flags: an evaluation that loops over models item by
 * item on a suite it runs once, scored by one-token answers with a logger
 * that keeps no answer text (review only; an analyst reads the account).
 */
function rereads(s: AccountState, t: Tally, cfg: Cfg): Signal | null {
  if (t.short < cfg.minShort || t.withAnswer >= 0.5 * t.short) return null;
  if (t.withRequest === 0 || t.atZero < cfg.rereadMinZero * t.withRequest) return null;
  if (s.withText < 0.5 * s.n) return null;
  const items = s.distinctPromptShare() * s.n;
  if (items < cfg.rereadMinItems || s.withText < cfg.rereadMinCopies * items) return null;
  if (s.walksNewItems() !== 'resamples') return null;
  const copies = s.withText / items;
  return {
    signal: 'probe.logit_harvest',
    score: 0.62,
    detail: `${pct(t.short / s.n)} of its ${s.n.toLocaleString('en-US')} exchanges keep ${cfg.shortTokens} tokens or fewer of the answer, ${pct(t.atZero / t.withRequest)} of them at temperature 0, and each of its about ${Math.round(items).toLocaleString('en-US')} prompts is sent ${copies.toFixed(1)} times on average, the copies right after the first send before it walks on to new prompts: one prompt read again under something the log does not show (a logit-bias window, another model), as a sweep of the output distribution does; no answer text logged to say more; for review, never blocked on this alone`,
  };
}

/**
 * Log-probability / logit probing (Carlini et al. 2024, "Stealing Part of a
 * Production Language Model"; Finlayson et al. 2024): an account that sends
 * many distinct prompts and keeps only one to a few tokens of each answer,
 * with the output distribution (`logprobs`, `top_logprobs`) or a logit_bias
 * swept over the vocabulary. What a prober cannot avoid, whether or not the
 * logger keeps those fields: tiny answers (a tiny max_tokens, answers stopped
 * at the cap), to prompts that are nearly all different, at volume, and the
 * answers themselves many different tokens, because whatever a model says
 * first to thousands of unrelated prompts is thousands of words.
 *
 * It fires when:
 * - `minShort` or more exchanges, and `minShortShare` of the account's, are
 *   short (output of `shortTokens` or fewer, or max_tokens that low),
 * - their answers are `minDistinctAnswers` or more different texts (a
 *   classifier, a router or a moderation service answers with its few
 *   labels; an evaluation scored by log-probabilities with letters),
 * - `minDistinctPrompts` of the prompts are distinct and under
 *   `maxNearRepeat` are near repeats of a recent one (autocomplete sends the
 *   user's growing text: each prompt is nearly the one before); not asked
 *   when a logged logit bias moves request after request, or when the same
 *   prompts come back with different answers (a sweep reads one prompt
 *   under many biases, logged or not),
 * - under half of the short requests have a public evaluation harness's form,
 * - on `minDays` active days.
 * Under `minShort` (a campaign spread thin over many accounts), the thin
 * reading asks each answer to say more: from `thinMinShort` short exchanges
 * when `thinFieldShare` of them ask for log-probabilities or carry a logit
 * bias, from `thinBareMinShort` when they do not (or the logger dropped the
 * fields); `thinAnswerShare` of the answers different texts (a label service
 * repeats its few within fifty), `thinDistinctPrompts` of the prompts
 * distinct with few near repeats, or a logged bias sweep.
 * A log that keeps no short answer text is read by `rereads` instead: the
 * same prompts re-read at temperature 0, batch after batch of new ones.
 * Logged probing fields raise the score a little (log-probabilities asked for
 * on most requests, five or more alternatives, a logit bias moved request
 * after request); they are never required. Review only: the score stays
 * between the review and block lines.
 *
 * Evaded by: a prober whose prompts all elicit a few labels (yes/no or
 * multiple-choice items, little of the distribution per query), one that
 * dresses each item in a harness's form, one that keeps under `thinMinShort` per
 * account, or under `thinBareMinShort` with no probing fields logged (more
 * accounts: linkage's job), one that repeats prompts or sends
 * overlapping prefixes (autocomplete's shape) without a logit bias to vary the
 * answers, one whose logger keeps no answer text (then the distinct-answer test cannot pass). Falsely flags: an
 * extraction service answering its users' texts with short free text (a name,
 * a number) at volume on broad inputs; a word-completion keyboard whose
 * prompts do not overlap (review, an analyst reads the account).
 */
export const logitProbe = defineDetector({
  id: 'probe.logit_harvest',
  summary: 'Many distinct prompts answered with one to a few tokens each, the answers many different words: the output distribution harvested, with or without logprobs fields.',
  evadedBy: 'prompts that all elicit a few labels; harness-form items; under 50 probes per account (under 150 with no probing fields logged); overlapping prompts; a log without answer text, unless the prompts are re-read at temperature 0 batch after batch (then under 300 probes per account, a temperature above 0, or a nonce per window)',
  falselyFlags: 'an extraction service answering broad user texts with short free text at volume; a non-overlapping word-completion product; a developer trying logprobs on 50+ varied one-word questions (review only, never block)',
  weight: 0.7,
  config: z.object({
    /** output tokens at or under which an answer is short: a token or a few words, what a probe keeps per prompt */
    shortTokens: z.number().int().positive().default(5),
    /** short exchanges before the account is judged: a prober needs thousands; a person never sends hundreds of 5-token requests */
    minShort: z.number().int().positive().default(300),
    /** share of the account's exchanges that are short: probing is all the account does (a batch job tagging documents mixes in longer outputs: 27–28% short in our worlds) */
    minShortShare: z.number().min(0).max(1).default(0.6),
    /**
     * Distinct short answers (estimated, up to ~1,400 with 256 bits). A
     * classifier or router answers with its 2–12 labels, an evaluation with
     * letters, a batch tagger with under 100 values; a prober's first tokens
     * over thousands of prompts run to hundreds and more.
     */
    minDistinctAnswers: z.number().positive().default(150),
    /**
     * Distinct prompts / exchanges: a probe's prompts are nearly all different
     * (65–100% in our worlds, the lower end where the built-in text repeats);
     * an evaluation re-running one item set falls to 1/runs. Not asked of a
     * logged logit-bias sweep, which reads one prompt under many biases.
     */
    minDistinctPrompts: z.number().min(0).max(1).default(0.5),
    /** near repeats of a recent prompt: autocomplete's growing text is 35–45% near repeats in our worlds, a prober's 0% */
    maxNearRepeat: z.number().min(0).max(1).default(0.2),
    /**
     * Distinct answers over distinct prompts above which the same prompts were
     * answered differently (a hidden variation: a logit bias the log did not
     * keep). Autocomplete, classifiers and evaluations get at most one answer
     * per prompt; a bias sweep one per bias window.
     */
    variedAnswers: z.number().positive().default(1.5),
    /** active days: one day of tiny requests is an experiment */
    minDays: z.number().int().positive().default(2),
    /**
     * The thin reading: short exchanges from which an account is judged when
     * what it shows is surprising in itself rather than by volume. A campaign
     * spread over many accounts keeps each one under `minShort`; 50 one-token
     * answers that are nearly all different words, to prompts that are all
     * different, with the probing fields asked for, are already unlike any
     * label service or evaluation. Evaded by: under 50 per account; a logger
     * that drops the probing fields (then only the volume reading remains).
     * Falsely flags: a developer trying logprobs on 50+ varied one-word
     * questions over two days (review only).
     */
    thinMinShort: z.number().int().positive().default(50),
    /** thin reading: distinct answers over answered short exchanges; labels, letters and tags repeat (a label service's 50 answers are a dozen texts), a prober's first words rarely do */
    thinAnswerShare: z.number().min(0).max(1).default(0.8),
    /** thin reading: distinct prompts / exchanges, stricter than the volume reading's, since there are fewer to judge */
    thinDistinctPrompts: z.number().min(0).max(1).default(0.8),
    /** thin reading: share of the short exchanges that ask for log-probabilities or carry a logit bias (the fields a prober came for), for judging from `thinMinShort` */
    thinFieldShare: z.number().min(0).max(1).default(0.8),
    /**
     * Thin reading without those fields (not asked for, or dropped by the
     * logger): short exchanges needed instead of `thinMinShort`, since
     * diverse one-word answers alone are less telling than with the
     * distribution asked for. Evaded by: under this many per account with no
     * fields logged. Falsely flags: a one-word quiz or lookup tool on varied
     * questions, 150+ a person over two days (review only).
     */
    thinBareMinShort: z.number().int().positive().default(150),
    /**
     * The re-read reading (`rereads`), for a log that keeps no short answer
     * text: distinct prompts the account must have walked through, so that a
     * health check or a smoke test re-sending its handful of prompts all day
     * is not read (those also come back for the account's whole life, which
     * the re-read reading refuses anyway).
     */
    rereadMinItems: z.number().int().positive().default(50),
    /**
     * Sends per distinct prompt (over the exchanges that carried a prompt). At
     * temperature 0 a prompt's first tokens do not change when it is re-sent:
     * a classifier, a router or an evaluation sends an item once per model or
     * run; a bias sweep re-reads each prompt under one window after another
     * (10–30 times in one outside world, 2–4 in our simulator's re-sending
     * probers, where each copy goes to another model or window).
     */
    rereadMinCopies: z.number().positive().default(2),
    /** share of the short requests (as logged) at temperature 0: re-sending a deterministic request is what says something else varied */
    rereadMinZero: z.number().min(0).max(1).default(0.9),
  }),
  create(cfg) {
    const tallies = new WeakMap<AccountState, Tally>();
    return {
      observe(s: AccountState, ex: Exchange, f: ExchangeFeatures): void {
        const short = (f.outputTokens > 0 && f.outputTokens <= cfg.shortTokens) || (f.maxTokens > 0 && f.maxTokens <= cfg.shortTokens);
        let t = tallies.get(s);
        if (!t) {
          if (!short) return;
          t = new Tally();
          tallies.set(s, t);
        }
        const lp = f.logprobs ?? 0;
        if (lp > 0) {
          t.logprobs++;
          if (lp > 5) t.topFive++;
        }
        const bias = f.biasKey ?? 0;
        if (bias !== 0) {
          t.biased++;
          if (bias !== t.lastBias) t.biasMoves++;
          t.lastBias = bias;
        }
        if (!short) return;
        t.short++;
        if (f.evalHarness) t.evalForm++;
        if (ex.request) {
          t.withRequest++;
          if (ex.request.temperature === 0) t.atZero++;
        }
        const a = f.answerHash ?? 0;
        if (a !== 0) {
          t.withAnswer++;
          const bit = (a >>> 8) % ANSWER_BITS;
          t.answers[bit >>> 5] |= 1 << (bit & 31);
        }
      },

      evaluate(s: AccountState): Signal[] {
        const t = tallies.get(s);
        if (!t || t.short < cfg.thinMinShort || t.short < cfg.minShortShare * s.n || s.days < cfg.minDays) return [];
        if (t.evalForm >= 0.5 * t.short) return [];
        const distinct = t.distinctAnswers();
        const prompts = s.distinctPromptShare();
        const near = s.nearRepeatShare();
        const moves = t.biased ? t.biasMoves / t.biased : 0;
        // A logit-bias sweep reads one prompt under many biases, so its prompts repeat. Logged, the
        // sweep shows; dropped by the logger, it shows as the same prompts answered differently
        // (at temperature 0 a prompt has one answer): more distinct answers than distinct prompts.
        const sweep = t.biased >= 0.5 * t.short && moves >= 0.5;
        const reread = rereads(s, t, cfg);
        if (reread) return [reread];
        if (t.short < cfg.minShort || distinct < cfg.minDistinctAnswers) {
          // the thin reading: fewer answers, so each must say more
          const fields = Math.max(t.logprobs, t.biased);
          const need = fields >= cfg.thinFieldShare * t.short ? cfg.thinMinShort : cfg.thinBareMinShort;
          const thin = t.withAnswer >= need && distinct >= cfg.thinAnswerShare * t.withAnswer && (sweep || (prompts >= cfg.thinDistinctPrompts && near <= cfg.maxNearRepeat));
          if (!thin) return [];
          return [{
            signal: 'probe.logit_harvest',
            score: 0.62,
            detail: `${t.short.toLocaleString('en-US')} of its ${s.n.toLocaleString('en-US')} exchanges keep ${cfg.shortTokens} tokens or fewer of the answer, to ${pct(prompts)} distinct prompts (${pct(near)} near repeats), ${pct(fields / t.short)} asking for log-probabilities or a logit bias (as logged${sweep ? ', the bias moved request after request' : ''}), and about ${Math.round(distinct).toLocaleString('en-US')} of ${t.withAnswer.toLocaleString('en-US')} answers are different texts (a label service repeats its few): few requests, but each a probe; for review, never blocked on this alone`,
          }];
        }
        const varied = distinct > cfg.variedAnswers * prompts * s.n;
        if (!sweep && !varied && (prompts < cfg.minDistinctPrompts || near > cfg.maxNearRepeat)) return [];
        const lpShare = t.logprobs / s.n;
        const fields: string[] = [];
        if (lpShare >= 0.5) fields.push(`${pct(lpShare)} ask for log-probabilities${t.topFive >= 0.5 * t.logprobs ? ' (5 or more alternatives)' : ''}`);
        if (sweep) fields.push(`a logit bias moved on ${pct(moves)} of ${t.biased.toLocaleString('en-US')} biased requests (a sweep)`);
        const score = Math.round((0.62 + (lpShare >= 0.5 ? 0.03 : 0) + (fields.length === 2 || moves >= 0.5 ? 0.03 : 0)) * 1000) / 1000;
        const est = distinct >= ANSWER_BITS * Math.log(ANSWER_BITS) - 1 ? `over ${Math.round(distinct).toLocaleString('en-US')}` : `about ${Math.round(distinct).toLocaleString('en-US')}`;
        return [{
          signal: 'probe.logit_harvest',
          score,
          detail: `${pct(t.short / s.n)} of its ${s.n.toLocaleString('en-US')} exchanges keep ${cfg.shortTokens} tokens or fewer of the answer, to ${pct(prompts)} distinct prompts (${pct(near)} near repeats), and those answers are ${est} different texts (a classifier answers with its few labels)${fields.length ? '; ' + fields.join('; ') : ''}: the model's output distribution harvested; for review, never blocked on this alone`,
        }];
      },
    };
  },
});
