/**
 * Scenarios: which personas and strategies a world holds, and how many, as a
 * function of `scale`. Units are documented per scenario so a reader can tell
 * how big a world `--scale 1` is.
 */
import { PERSONAS, PERSONA_SUMMARY, type Persona } from './personas.js';
import { MIXED_STRATEGIES, RESEND_STRATEGIES, STRATEGIES, STRATEGY_SUMMARY, type Strategy } from './strategies.js';

export interface CampaignPlan {
  strategy: Strategy;
  accounts: number;
  perAccountDay: number;
  /** see CampaignSize.framework */
  framework?: boolean;
}

/** How many units of a persona, and a volume factor below 1 when the minimum of one unit is more than the scale asks for. */
export interface Units {
  n: number;
  vol: number;
}

export interface Composition {
  /** units per persona: accounts, or classes / organisations for group personas */
  personas: Partial<Record<Persona, Units>>;
  campaigns: CampaignPlan[];
}

export interface Scenario {
  name: string;
  summary: string;
  defaultDays: number;
  compose(scale: number): Composition;
}

const DAYS = 14;

function units(n: number, scale: number, min = 1): Units {
  const k = Math.max(min, Math.round(n * scale));
  // a tiny world keeps at least one app back end, but at the volume its scale asks for
  return { n: k, vol: Math.min(1, (n * scale) / k) };
}

/** A campaign of `n` accounts at scale 1; below its minimum size, each account does proportionally less. */
function camp(strategy: Strategy, n: number, scale: number, min: number, perAccountDay: number): CampaignPlan {
  const u = units(n, scale, min);
  return { strategy, accounts: u.n, perAccountDay: perAccountDay * u.vol };
}

/** Benign background of `mixed` at scale 1: about 600k exchanges over 14 days. */
function background(scale: number): Partial<Record<Persona, Units>> {
  return {
    hobbyist: units(1200, scale),
    developer: units(300, scale),
    app_backend: units(8, scale),
    batch_job: units(6, scale),
    benchmark_evaluator: units(8, scale),
    campus_class: units(3, scale),
    company_seat: units(3, scale),
    agentic_product: units(3, scale),
  };
}

/** The look-alikes of `lookalikes` the fitted account model was trained on, at scale 1. */
function lookalikesCore(scale: number): Partial<Record<Persona, Units>> {
  return {
    hobbyist: units(200, scale), developer: units(150, scale), app_backend: units(12, scale), batch_job: units(10, scale),
    benchmark_evaluator: units(15, scale), campus_class: units(6, scale), company_seat: units(6, scale), agentic_product: units(5, scale),
  };
}

/**
 * Look-alikes that share what a campaign shares, with everyone who does the
 * same thing: tutoring apps whose students press the app's few canned
 * follow-ups (a user simulator repeats a few too), and benchmark researchers
 * and CI eval pipelines sending the same public items through the same eval
 * libraries (a benchmark harvest sends public items too), the pipelines
 * retrying 429s on their organisation's other keys (a fleet retries on its
 * other accounts); and event crowds (hackathons, workshops, labs: one venue
 * address, sign-ups within an hour, one agent framework's prompt and tools).
 * At scale 1.
 */
function publicItemLookalikes(scale: number): Partial<Record<Persona, Units>> {
  return { button_tutor: units(12, scale), bench_researcher: units(30, scale), ci_eval: units(15, scale), event_crowd: units(4, scale) };
}

/** The look-alikes of the two probing strategies at scale 1 (see `probe_lookalikes`). */
function probeLookalikes(scale: number): Partial<Record<Persona, Units>> {
  return {
    classifier_service: units(12, scale),
    logprob_eval: units(10, scale),
    autocomplete: units(8, scale),
    tutor_app: units(8, scale),
    curious_learner: units(60, scale),
    support_desk: units(8, scale),
  };
}

/** Campaigns of `mixed` at scale 1: about 400k exchanges over 14 days. */
function mixedCampaign(strategy: Strategy, scale: number): CampaignPlan {
  switch (strategy) {
    case 'naive':
      // a script's rate does not shrink with the world, but a tiny world should not be all naive
      return { strategy, accounts: 2, perAccountDay: Math.round(2500 * Math.min(1, Math.max(0.05, scale))) };
    case 'hydra':
      return camp(strategy, 400, scale, 20, 30);
    case 'agentic_harvest':
      return camp(strategy, 100, scale, 8, 60);
    case 'stealth':
      return camp(strategy, 40, scale, 6, 30);
    case 'reseller_mix':
      return camp(strategy, 10, scale, 3, 500);
    case 'slow_drip':
      return camp(strategy, 150, scale, 10, 60);
    case 'model_switch':
      return camp(strategy, 100, scale, 10, 40);
    case 'reseller_slice':
      return camp(strategy, 10, scale, 3, 500);
    case 'app_facade':
      return camp(strategy, 6, scale, 2, 600);
    case 'eval_dress':
      return camp(strategy, 8, scale, 3, 300);
    case 'logit_probe':
      return camp(strategy, 20, scale, 4, 600);
    case 'reasoning_probe':
      return camp(strategy, 30, scale, 5, 150);
    case 'chain_resend':
    case 'tool_resend':
    case 'judge_resend':
    case 'logit_resend':
      return camp(strategy, 20, scale, 4, 150);
    case 'org_split':
      return camp(strategy, 30, scale, 24, 40);
    case 'crowd_cover':
      // the operation draws its own size, 3–30 accounts: a crowd of a few dozen hides no more
      return { strategy, accounts: 30, perAccountDay: 60 };
  }
}

const list: Scenario[] = [
  {
    name: 'incident',
    summary: 'the reported case: at scale 1, 25,000 campaign accounts and 28.8M campaign exchanges over 45 days (~26 a day each), benign background in proportion',
    defaultDays: 45,
    compose(scale) {
      const acc = Math.max(10, Math.round(25000 * scale));
      // 28.8M / 25,000 accounts / 45 days
      const perDay = 28_800_000 / 25_000 / 45;
      const agentic = Math.round(acc * 0.12);
      const sw = Math.round(acc * 0.08);
      return {
        personas: {
          hobbyist: units(30000, scale), developer: units(6000, scale), app_backend: units(150, scale), batch_job: units(80, scale),
          benchmark_evaluator: units(60, scale), campus_class: units(40, scale), company_seat: units(30, scale), agentic_product: units(30, scale),
        },
        campaigns: [
          { strategy: 'hydra', accounts: acc - agentic - sw, perAccountDay: perDay },
          { strategy: 'agentic_harvest', accounts: agentic, perAccountDay: perDay },
          { strategy: 'model_switch', accounts: sw, perAccountDay: perDay },
        ].filter((c) => c.accounts > 0) as CampaignPlan[],
      };
    },
  },
  {
    name: 'mixed',
    summary: 'every persona and the strategies naive to model_switch; scale 1 is about 1M exchanges over 14 days',
    defaultDays: DAYS,
    compose: (scale) => ({ personas: background(scale), campaigns: MIXED_STRATEGIES.map((s) => mixedCampaign(s, scale)) }),
  },
  {
    name: 'lookalikes',
    summary: 'benign only, weighted to the hard look-alikes (NAT classes, company seats, templates, benchmark runs, researchers and CI pipelines on the same public items, tutoring apps with quick-reply buttons, event crowds, agents): the right answer is zero flags',
    defaultDays: DAYS,
    compose: (scale) => ({ personas: { ...lookalikesCore(scale), ...publicItemLookalikes(scale) }, campaigns: [] }),
  },
  {
    name: 'lookalikes_core',
    // The fitted account model (models/) was trained and validated on these worlds and its
    // tests pin them; `lookalikes` adds the quick-reply and public-benchmark look-alikes.
    summary: 'lookalikes without its quick-reply apps, benchmark researchers and CI eval pipelines: the worlds the fitted account model was trained on',
    defaultDays: DAYS,
    compose: (scale) => ({ personas: lookalikesCore(scale), campaigns: [] }),
  },
  {
    name: 'probe_lookalikes',
    summary: 'benign only, weighted to the look-alikes of logit probing and multi-turn reasoning extraction (classifiers, log-probability evaluations, autocomplete, tutoring apps, curious learners, support desks): the right answer is zero flags',
    defaultDays: DAYS,
    compose: (scale) => ({ personas: { hobbyist: units(200, scale), developer: units(150, scale), ...probeLookalikes(scale) }, campaigns: [] }),
  },
  {
    name: 'probes',
    summary: 'logit probing and multi-turn reasoning extraction beside the benign background of mixed and their look-alikes',
    defaultDays: DAYS,
    compose: (scale) => ({ personas: { ...background(scale), ...probeLookalikes(scale) }, campaigns: [mixedCampaign('logit_probe', scale), mixedCampaign('reasoning_probe', scale)] }),
  },
  {
    name: 'crowd_join',
    // Event crowds are not in the other scenarios' backgrounds: the fitted account model
    // (models/) was trained on those worlds and its tests pin them; it is to be retrained
    // with crowds in every background.
    summary: 'event crowds (hackathons, workshops, labs) on popular agent frameworks beside an agentic harvest that runs on one of those frameworks too; with the benign background of mixed',
    defaultDays: DAYS,
    compose: (scale) => {
      const bg = background(scale);
      return {
        personas: { ...bg, event_crowd: units(12, scale, 3) },
        campaigns: [{ ...mixedCampaign('agentic_harvest', scale), framework: true }],
      };
    },
  },
  {
    name: 'crowd_cover',
    summary: 'three small operations, each hiding inside an event crowd (its venue address, sign-up hour and framework) and harvesting through it, beside event crowds with no operation in them; with the benign background of mixed',
    defaultDays: DAYS,
    compose: (scale) => ({
      personas: { ...background(scale), event_crowd: units(6, scale, 2) },
      campaigns: [0, 1, 2].map(() => mixedCampaign('crowd_cover', scale)),
    }),
  },
  {
    name: 'resend',
    summary: 'harvests that re-send their items at temperature 0 under a per-account item cap (reasoning chains, tool traces, a grader harvest, logit probes) beside the benign background of mixed and the researchers and CI pipelines that re-run public suites',
    defaultDays: DAYS,
    compose: (scale) => ({
      personas: { ...background(scale), bench_researcher: units(30, scale), ci_eval: units(15, scale) },
      campaigns: RESEND_STRATEGIES.map((s) => mixedCampaign(s, scale)),
    }),
  },
  ...STRATEGIES.filter((s) => s !== 'crowd_cover').map((s): Scenario => ({
    name: s,
    summary: `${STRATEGY_SUMMARY[s]}; with the benign background of mixed`,
    defaultDays: DAYS,
    compose: (scale) => ({ personas: background(scale), campaigns: [mixedCampaign(s, scale)] }),
  })),
];

/** Scenario names with one-line descriptions. */
export const SCENARIOS: ReadonlyArray<{ name: string; summary: string; defaultDays: number }> = list.map(({ name, summary, defaultDays }) => ({ name, summary, defaultDays }));

export function findScenario(name: string): Scenario | undefined {
  return list.find((s) => s.name === name);
}

export { PERSONAS, PERSONA_SUMMARY, STRATEGIES, STRATEGY_SUMMARY };
