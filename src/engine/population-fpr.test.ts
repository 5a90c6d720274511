/**
 * False positives against the size of the benign population: the same
 * campaigns among 1×, 3× and 10× the ordinary accounts. A rule that spreads
 * suspicion by "N accounts share X" without asking how common X is among
 * ordinary accounts sweeps in more of them the more there are; here the
 * benign false-positive rate must stay small at every size and not grow with
 * it, while the campaigns are still found.
 *
 * The benign side is what made that happen outside: people who chat through
 * client libraries and follow up with the everyday vocabulary ("why?",
 * "shorter please"), a few of them shared keys busy around the clock that the
 * scripted-dialogue detector takes for user simulators; beside them casual
 * users, developers, students drilling maths step by step and heavy chatters.
 * The campaigns: a self-chat fleet with its own stock follow-ups (one of them
 * the everyday "continue"), a stealthy fleet, a framed fleet and a proxy-pool
 * fleet, the same accounts at every size.
 *
 * And the crowds that share what a fleet shares, growing with the population:
 * classes doing one assignment (a third of their prompts shared, in waves
 * before the deadline; each class on its own campus address and domain) and
 * independent researchers running the same public benchmarks in published
 * layouts, one of which the proxy-pool fleet copied; and event crowds
 * (hackathons of 25 who sign up within an hour at the venue's address and
 * build on one popular agent framework, whose system prompt, client and
 * starter tools a tool-use fleet also runs on), and tutoring apps whose
 * students press the app's few quick-reply buttons after reading each long
 * explanation (a stock list repeated around the clock, as a user simulator's
 * is, under a system prompt that names the student; in some apps the
 * students skim or the app pre-fetches the next step, so the pause before a
 * press does not grow with the answer), and CI eval pipelines (an
 * organisation's keys re-running one public suite slice on every build at
 * temperature 0, 429s and 5xx retried on a sibling key; their product test
 * conversations are left out here: with them the framed fleet's recall at 1×
 * fell to 17 of 20, with the detection code before and after alike, and the
 * slice detector's population test carries them). None of them may be blocked, no class may be
 * flagged as a campaign, and each of these look-alike personas stays under
 * MAX_LOOKALIKE flagged over the three sizes. (Most researchers are
 * still sent to review, by their own heavy benchmark traffic in a wording no
 * harness check knows, or as members of a campaign tied to them by wording
 * alone; they are counted in the rate, one per 170 ordinary accounts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation, CORPORA_DIR } from '../linkage/testing/population.js';
import { Engine } from './engine.js';
import { accountProfile } from './profile.js';

const SIZES = [1, 3, 10];
/** benign false-positive rate allowed at any size: the detector's own false positives (shared keys) are about 1% */
const MAX_FPR = 0.015;
/** how much higher the rate may be at 10× than at the smaller sizes, beyond their sampling noise */
const MAX_GROWTH = 0.002;
/** share of benign accounts allowed to join a campaign through a rule that spreads suspicion (cohorts, resemblance, instruments) */
const MAX_SPREAD = 0.002;
/**
 * Share of a look-alike persona's accounts (tutoring apps, CI pipelines, event
 * crowds) allowed in review over the three sizes: a CI key that gets its first
 * run on its second day is judged on that run alone until its re-runs show.
 */
const MAX_LOOKALIKE = 0.2;
const LOOKALIKES = ['button_tutor', 'ci_eval', 'event_crowd'];
const SPREAD = new Set(['campaign.script', 'campaign.frames', 'campaign.resemblance', 'campaign.instrument', 'campaign.verified_member', 'campaign.payer']);

interface Outcome {
  benign: number;
  flagged: number;
  spread: number;
  /** benign accounts blocked, by persona */
  blocked: Map<string, number>;
  /** benign accounts and those flagged, by persona */
  personas: Map<string, [number, number]>;
  /** class students flagged through a campaign */
  classFlagged: number;
  recall: Map<string, [number, number]>;
}

function run(k: number): Outcome | null {
  const pop = buildPopulation({
    seed: 5, days: 3, benign: 60 * k, chatToolUsers: 60 * k, tutees: 10 * k, heavyChatters: 10 * k,
    benchRunners: k, classes: k, classSize: 30, assignmentShare: 0.3,
    selfChat: 30, stealth: 20, framed: 20, hydra: 30, campaignRate: 30,
    eventCrowds: k, eventSize: 25, frameworkFleet: 20, buttonTutors: k, tutorPacing: 'any', ciHarnesses: k, ciProductTests: false,
  });
  if (!pop) return null;
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 30 }), profile: accountProfile });
  for (const a of pop.accounts) engine.addAccount(a);
  for (const ex of pop.exchanges) engine.push(ex);
  engine.finish();
  const out: Outcome = { benign: 0, flagged: 0, spread: 0, blocked: new Map(), personas: new Map(), classFlagged: 0, recall: new Map() };
  for (const v of engine.verdicts()) {
    const l = pop.labels.get(v.account_id)!;
    const hit = v.verdict !== 'allow';
    if (l.label === 'benign') {
      out.benign++;
      if (hit) out.flagged++;
      const p = out.personas.get(l.persona) ?? [0, 0];
      p[0]++;
      if (hit) p[1]++;
      out.personas.set(l.persona, p);
      if (hit && SPREAD.has(engine.accounts.get(v.account_id)!.linkReasons[0]?.signal ?? '')) out.spread++;
      if (v.verdict === 'block') out.blocked.set(l.persona, (out.blocked.get(l.persona) ?? 0) + 1);
      if (hit && l.persona === 'class_student' && v.campaign_id !== null) out.classFlagged++;
    } else {
      const r = out.recall.get(l.persona) ?? [0, 0];
      r[1]++;
      if (hit) r[0]++;
      out.recall.set(l.persona, r);
    }
  }
  return out;
}

const skip = buildPopulation({ seed: 1, days: 1, benign: 1 }) ? false : `corpora not found at ${CORPORA_DIR}; population test skipped`;

test('the benign false-positive rate stays small and flat from 1× to 10× the ordinary accounts, no look-alike is blocked, and the campaigns are still found', { skip }, () => {
  const rates: number[] = [];
  const sizes: number[] = [];
  const lookalikes = new Map<string, [number, number]>(LOOKALIKES.map((p) => [p, [0, 0]]));
  for (const k of SIZES) {
    const o = run(k)!;
    for (const [persona, [n, hit]] of o.personas) {
      const t = lookalikes.get(persona);
      if (t) {
        t[0] += n;
        t[1] += hit;
      }
    }
    const fpr = o.flagged / o.benign;
    rates.push(fpr);
    sizes.push(o.benign);
    assert.ok(o.benign >= 140 * k, `benign accounts at ${k}×: ${o.benign}`);
    assert.ok(fpr <= MAX_FPR, `${k}×: ${o.flagged} of ${o.benign} benign accounts flagged`);
    assert.ok(o.spread <= MAX_SPREAD * o.benign, `${k}×: ${o.spread} of ${o.benign} benign accounts joined a campaign through a shared text, frame, behaviour or instrument`);
    assert.deepEqual([...o.blocked], [], `${k}×: benign accounts blocked, by persona`);
    assert.equal(o.classFlagged, 0, `${k}×: class students flagged as members of a campaign`);
    for (const [persona, [hit, of]] of o.recall) assert.ok(hit >= 0.9 * of, `${k}×: ${persona} recall ${hit}/${of}`);
  }
  for (const [persona, [n, hit]] of lookalikes) {
    assert.ok(n > 0, `no ${persona} accounts in the population`);
    assert.ok(hit <= MAX_LOOKALIKE * n, `${persona}: ${hit} of ${n} accounts flagged over the three sizes`);
  }
  // the smaller sizes pooled, and their sampling noise: at 1× one account is 0.7%
  const n0 = sizes[0] + sizes[1];
  const p0 = (rates[0] * sizes[0] + rates[1] * sizes[1]) / n0;
  const noise = 2 * Math.sqrt((Math.max(p0, 0.005) * (1 - p0)) / n0);
  assert.ok(rates[2] <= p0 + noise + MAX_GROWTH, `benign false-positive rate grows with the population: ${rates.map((r) => (100 * r).toFixed(2) + '%').join(' → ')}`);
});
