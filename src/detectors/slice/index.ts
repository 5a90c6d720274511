import { z } from 'zod';
import { defineDetector, type Signal } from '../detector.js';
import type { Exchange } from '../../contract/types.js';
import type { ExchangeFeatures } from '../../features/types.js';
import { INTENT_ON, type AccountState } from '../../state/account.js';
import { isFollowUp } from '../../state/followups.js';
import { SliceSketch, type TopSlices } from '../../state/slices.js';
import { pct } from '../content/index.js';

/**
 * A harvest slice inside others' traffic: a reseller's accounts carry paying
 * end users' conversations and a distiller's harvest, interleaved (the
 * disclosed "hydra" networks did this). Over the whole account the harvest
 * is a quarter or a third, too little for the content gate to carry the
 * account, and the rest looks like an app; what the operator cannot hide is
 * the harvest's absolute volume, day after day, far beyond what the share of
 * benchmark-like questions in honest traffic would give on that much traffic.
 *
 * Per account (src/state/slices.ts, made at its first harvest exchange) the
 * harvest is counted by API key, address range (/16, /48) and hour of the
 * day. The detector fires when the account carries others' traffic
 * (`minUseShare` of its exchanges are follow-up turns of conversations that
 * do not harvest) and the account, or one of its slices, shows:
 * - a harvest share of at least `minShare`,
 * - harvest beyond the benign base rate (`baseRate` of the slice's exchanges)
 *   of at least `minExcessPerDay` per active day of the account: a rate, so
 *   a heavy account at the benign share has none and a light one with a
 *   curious user cannot reach it,
 * - a share that the benign rate explains with probability below
 *   10^-`minSurprisal` (binomial upper tail, Chernoff bound), so a small
 *   slice with a few harvest exchanges in it is not evidence,
 * - harvest on `minHarvestDays` days and on `minHarvestDayShare` of its
 *   active days: sustained, not one run.
 * Its reasons name the slice: the share and count, the key, the range and
 * addresses, the hours of the day the harvest sits in. Its score stands
 * between the review and block lines: review, never block on this alone.
 *
 * What separates a reseller slice from a benchmark evaluator, whose traffic
 * is harvest-shaped by content at volume: the evaluator carries nobody's
 * conversations (its exchanges are single-turn items, none is a follow-up),
 * and it runs in bursts (a suite on a few days) rather than every day. A
 * developer who chats and runs a suite once has harvest on a few of many
 * active days. App back ends, company seats and agent products stay under
 * `baseRate` (their users' benchmark-like questions were 3–6% of heavy app
 * traffic with public prompt corpora); batch jobs send no follow-ups.
 *
 * Evaded by: a reseller whose harvest per account stays under
 * `minExcessPerDay` (spread over more accounts: the linkage's job), under
 * `minShare` of every slice, or on fewer than half of its active days; by
 * end-user traffic without follow-up turns (single-shot API resale); by
 * harvest the intent lexicons miss (plain answers to ordinary prompts) or
 * tool-use traces (not counted here: a product's agent traffic looks the
 * same). Falsely flags: a tutoring or homework app whose users ask for
 * worked solutions all day, at scale, in a log without `latency_ms` or whose
 * students rarely follow up: harvest-shaped by content, sustained (review; an
 * analyst reads the system prompt and the app). With latencies logged, an
 * app whose students follow up most answers (`readHarvestShare`), at any
 * pace, is left alone; so is an account whose traffic is evaluation re-runs
 * (a CI pipeline's suite on every build, AccountState.evalReruns), whose
 * repeated items give a distiller nothing new: a reseller that re-sends its
 * harvest at temperature 0 to pass as one keeps to a few thousand items per
 * account and pays every repeat.
 */
export const harvestSlice = defineDetector({
  id: 'mixed.harvest_slice',
  summary: 'A harvest slice inside traffic that carries others\' conversations: share and volume far beyond the benign rate, by key, range and hour.',
  evadedBy: 'harvest kept under the per-day excess or the share in every slice (more accounts), on under half the active days, end-user traffic without follow-ups, harvest the intent lexicons miss',
  falselyFlags: 'a tutoring or homework app whose users ask for worked solutions all day, at scale (review only, never block alone)',
  weight: 0.7,
  config: z.object({
    /**
     * Harvest share honest heavy traffic shows: app back ends relaying users'
     * chats from public prompt corpora 3–6%, developers and people 1–10%
     * (their curious days), so a tenth is the top of that range. Harvest
     * beyond it is "excess". Lower it and heavy honest apps gain excess.
     */
    baseRate: z.number().min(0).max(1).default(0.1),
    /** harvest share of the account or slice from which it counts: half again the base rate, so the excess is a slice and not the base rate's noise at volume */
    minShare: z.number().min(0).max(1).default(0.15),
    /**
     * Harvest beyond the base rate per active day of the account. Benign
     * accounts with conversations in our worlds (simulated people, classes,
     * seats, apps; built-in and public-corpus text) reach at most 2; the
     * reseller accounts 100 and more. Ten a day every day is more worked
     * benchmark items than a person reads; a reseller under it must spread
     * over many accounts, which the linkage sees.
     */
    minExcessPerDay: z.number().positive().default(10),
    /** decades of binomial surprisal of the harvest count under the base rate (10^-8: one chance account in a hundred million) */
    minSurprisal: z.number().positive().default(8),
    /** share of exchanges that are non-harvest follow-up turns: the account carries someone's conversations (an evaluator's or a pure harvester's carry none) */
    minUseShare: z.number().min(0).max(1).default(0.1),
    /**
     * Or: one fixed system prompt on this share of its exchanges. An account
     * that presents as an app (its configuration in one system prompt) claims
     * to relay its users' traffic, so its harvest is judged as a slice of
     * theirs even when its users never follow up: the facade of a verified
     * app whose "users" sweep capabilities. Benchmark harnesses mostly send
     * no system prompt; one that does, every day, at volume, goes to review.
     */
    appSystemShare: z.number().min(0).max(1).default(0.9),
    /**
     * Share of the harvest-shaped exchanges whose answer the account's own
     * next turn followed up (src/state/pacing.ts matches the turn to the
     * answer), from which the account is a tutoring app whose students take
     * worked answers apart, not a slice: a reseller's harvest is single-shot
     * items beside its users' chats (1–7% of them are even follow-up turns in
     * our worlds), a tutoring app's students follow up on most of theirs (a
     * student with 1.5 follow-ups a conversation on average follows up 60% of
     * the answers; an app relaying more conversations at once than
     * THREAD_SLOTS loses some matches, hence 0.4). Whether the pause grows
     * with the answer is not asked: students who skim, and apps that pre-fetch
     * the next step, press at once. Evaded by a harvest that follows up each
     * item once inside its own conversation (twice the requests per item;
     * conversations that go deeper every time are `conversation.reasoning_probe`'s).
     * Falsely flags, still, a tutoring app in a log without `latency_ms` (no
     * answer is matched).
     */
    readHarvestShare: z.number().min(0).max(1).default(0.4),
    /** days with harvest: a suite run lasts a day or two */
    minHarvestDays: z.number().int().positive().default(3),
    /** of the account's active days, the share with harvest: a reseller's harvest runs every day, an evaluation in bursts */
    minHarvestDayShare: z.number().min(0).max(1).default(0.5),
    /** an hour-of-day window is named (and tested as a slice) when this share of the harvest fits in 12 hours or fewer */
    hourShare: z.number().min(0).max(1).default(0.8),
  }),
  create(cfg) {
    // one sketch per account with harvest, dropped with the account
    const sketches = new WeakMap<AccountState, SliceSketch>();
    const minLn = cfg.minSurprisal * Math.LN10;
    return {
      observe(s: AccountState, ex: Exchange, f: ExchangeFeatures): void {
        const it = f.intent;
        // tool-use traces are left out: a product's agent traffic has the same shape
        const harvest = Math.max(it.cot, it.reconstruct, it.judge, it.safetyRewrite, it.internals, it.benchmark, it.datagen) >= INTENT_ON;
        let sk = sketches.get(s);
        if (!sk) {
          if (!harvest) return;
          sk = new SliceSketch();
          sketches.set(s, sk);
        }
        sk.add({ key: ex.api_key_id, ip: ex.ip, tsMs: ex.tsMs, harvest, use: !harvest && isFollowUp(f.userTurns, f.toolTurns), outputTokens: f.outputTokens });
      },

      evaluate(s: AccountState): Signal[] {
        const sk = sketches.get(s);
        if (!sk || sk.harvestDays < cfg.minHarvestDays || sk.harvestDays < cfg.minHarvestDayShare * s.days) return [];
        // An agent built once on a framework (one toolset, its reasoning instruction in its one
        // system prompt: `agentConfigured` in src/state/account.ts) presents as an app, and what
        // this sketch counts as its harvest is that configuration at work, not a slice.
        if (s.productTools() && s.agentConfigured()) return [];
        // A tutoring app: its harvest-shaped turns are its students' conversations, followed up as
        // they go, not a slice beside them. Whether the pause before a follow-up grows with the
        // answer (src/state/pacing.ts) is not asked: students who skim, or an app that pre-fetches
        // the next step, press as soon as the answer is there, and such apps were sent to review.
        if (s.readHarvest() >= cfg.readHarvestShare * sk.harvest) return [];
        // Evaluation re-runs (AccountState.evalReruns): a CI pipeline sends the same suite at
        // temperature 0 on every build beside its product's test conversations. Its harvest-shaped
        // count is the same items again, which gives a distiller nothing it has not got: not a slice.
        if (s.evalReruns()) return [];
        const use = sk.use / sk.n;
        const system = s.systemShare();
        if (use < cfg.minUseShare && system < cfg.appSystemShare) return [];
        // the account as a whole (all its exchanges), then each slice (counted from its first harvest)
        let best: Test | null = test(s.n, sk.harvest, '');
        const consider = (n: number, h: number, name: () => string) => {
          // a slice is named when it is a slice: a tenth or more of the traffic left out
          if (n > 0.9 * s.n) return;
          const t = test(n, h, name);
          if (t && (!best || t.excessPerDay > best.excessPerDay)) best = t;
        };
        const keys = sk.keys;
        const ranges = sk.ranges;
        for (const [slices, what] of [[keys, 'key'], [ranges, 'range']] as const) {
          for (let i = 0; i < slices.size; i++) consider(slices.exchanges(i), slices.harvest(i), () => `${what} ${clip(slices.label(i))}`);
        }
        const hours = sk.harvestHours(cfg.hourShare);
        const narrow = hours && hours.hours <= 12 ? hours : null;
        if (narrow) consider(narrow.exchanges, narrow.harvest, () => `hours ${hh(narrow.from)}–${hh(narrow.from + narrow.hours)} UTC`);
        if (!best) return [];
        const b: Test = best;
        const volume = Math.min(1, Math.log10(b.excessPerDay / cfg.minExcessPerDay));
        const share = Math.min(1, (b.share - cfg.minShare) / (0.5 - cfg.minShare));
        const score = 0.62 + 0.04 * volume + 0.04 * share;

        const where: string[] = [];
        const on = (slices: TopSlices, name: string, addresses: boolean) => {
          const i = slices.topByHarvest();
          if (i < 0) return;
          const a = slices.harvestAddresses(i);
          where.push(`${pct(slices.harvest(i) / sk.harvest)} of them ${name} ${clip(slices.label(i))}${addresses ? ` from ${a} address${a === 1 ? '' : 'es'}` : ''} (its traffic ${pct(slices.harvest(i) / slices.exchanges(i))} harvest)`);
        };
        on(keys, 'on key', false);
        on(ranges, 'in', true);
        where.push(narrow ? `${pct(narrow.harvest / sk.harvest)} between ${hh(narrow.from)} and ${hh(narrow.from + narrow.hours)} UTC` : 'around the clock');
        const answers = sk.harvestWithOutput > 0 ? `; harvest answers average ${Math.round(sk.harvestOutput / sk.harvestWithOutput)} tokens` : '';
        const lead = typeof b.name === 'function' ? `its slice ${b.name()} is ${pct(b.share)} harvest over ${num(b.n)} exchanges; ` : '';
        return [{
          signal: 'mixed.harvest_slice',
          score: round3(score),
          detail:
            `${lead}${pct(sk.harvest / s.n)} of its ${num(s.n)} exchanges are harvest-shaped (${num(sk.harvest)}; ${num(Math.round(b.excessPerDay))} a day beyond the benign ${pct(cfg.baseRate)}, on ${sk.harvestDays} of its ${s.days} active days), ` +
            `${where.join(', ')}; ${use >= cfg.minUseShare ? `the rest carries others' conversations (${pct(use)} follow-up turns)` : `it presents as an app (one system prompt on ${pct(system)} of its exchanges) whose users never follow up (${pct(use)} follow-up turns)`}${answers}; for review, never blocked on this alone`,
        }];

        function test(n: number, h: number, name: (() => string) | ''): Test | null {
          if (n <= 0 || h <= 0) return null;
          const q = h / n;
          const excessPerDay = (h - cfg.baseRate * n) / Math.max(1, s.days);
          if (q < cfg.minShare || excessPerDay < cfg.minExcessPerDay) return null;
          if (n * kl(q, cfg.baseRate) < minLn) return null;
          return { n, share: q, excessPerDay, name };
        }
      },
    };
  },
});

interface Test {
  /** the slice, or '' for the account as a whole */
  name: (() => string) | '';
  n: number;
  share: number;
  excessPerDay: number;
}

/** Kullback–Leibler divergence of Bernoulli(q) from Bernoulli(p), in nats: n·KL bounds the binomial upper tail (Chernoff). */
export function kl(q: number, p: number): number {
  if (q <= p) return 0;
  const a = q * Math.log(q / p);
  const b = q < 1 ? (1 - q) * Math.log((1 - q) / (1 - p)) : 0;
  return a + b;
}

function hh(h: number): string {
  return `${String(h % 24).padStart(2, '0')}:00`;
}

function num(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function clip(s: string): string {
  return s.length > 20 ? `${s.slice(0, 18)}…` : s;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
