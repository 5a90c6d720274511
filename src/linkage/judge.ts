/**
 * Judging a cluster AS A WHOLE. Linkage says the accounts belong together; it
 * never says they are harvesting. A campaign is a linked cluster whose content
 * is harvest (extraction intent), spread over many items with few repeats
 * (coverage), driven by machines (automation), and the stronger the linkage
 * evidence the higher the score. Member accounts inherit the campaign score.
 *
 * Benign look-alikes and what keeps each clean:
 * - a campus class (one NAT, same week, synchronised): content is use:
 *   multi-turn, the same homework asked by many students (cross-account
 *   repeats), low harvest share → the harvest gate fails.
 * - company seats (one org, one card, one office range): content is use
 *   → the harvest gate fails; and a verified organisation is cleared outright.
 * - a benchmark evaluator: harvest-like prompts, but one verified account
 *   with bounded volume: one account is never a campaign (minCampaignAccounts),
 *   and verified accounts give no content links.
 * - an agentic product: many seats with one system prompt and tool traces,
 *   but one verified organisation → cleared with that reason.
 */
import type { AcctState } from './accounts.js';
import { RING_WORDS } from './accounts.js';
import type { AccountProfile } from './types.js';
import { INTENT_NAMES } from '../features/types.js';
import { popcount32 } from './numindex.js';

/** Merged view of one member: the engine's profile where given, linkage's own tallies otherwise. */
export interface MemberView {
  exchanges: number;
  firstMs: number;
  lastMs: number;
  harvest: number;
  singleTurn: number;
  distinct: number;
  topicsKnown: number;
  cv: number;
  activeHours: number;
  clientLib: number;
  verified: boolean;
  org: string;
  intent: Float64Array;
  accountScore: number;
  /** mean output tokens, NaN when unknown */
  outTokens: number;
  /** share of its exchanges that carried prompt text */
  textShare: number;
}

export function memberView(s: AcctState, p: AccountProfile | undefined): MemberView {
  const ex = Math.max(1, s.exchanges);
  const intent = new Float64Array(INTENT_NAMES.length);
  for (let i = 0; i < INTENT_NAMES.length; i++) {
    const given = p?.meanIntent?.[INTENT_NAMES[i]];
    intent[i] = typeof given === 'number' && Number.isFinite(given) ? given : s.intentSum(i) / ex;
  }
  const mean = s.gapN > 0 ? s.gapSum / s.gapN : 0;
  const variance = s.gapN > 1 ? Math.max(0, s.gapSq / s.gapN - mean * mean) : 0;
  const ownCv = s.gapN > 2 && mean > 0 ? Math.sqrt(variance) / mean : NaN;
  const num = (v: unknown, fb: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fb);
  return {
    exchanges: num(p?.exchanges, s.exchanges),
    firstMs: num(p?.firstSeenMs, s.firstMs),
    lastMs: num(p?.lastSeenMs, s.lastMs),
    harvest: clamp01(num(p?.harvestShare, s.harvest / ex)),
    singleTurn: clamp01(num(p?.singleTurnShare, s.singleTurn / ex)),
    distinct: clamp01(num(p?.distinctPromptShare, s.distinctPrompts() / ex)),
    topicsKnown: num(p?.distinctTopics, popcount32(s.topicLo) + popcount32(s.topicHi)),
    cv: num(p?.interArrivalCv, ownCv),
    activeHours: num(p?.activeHours, popcount32(s.hourMask)),
    clientLib: clamp01(num(p?.clientLibShare, s.clientLib / ex)),
    verified: p?.verified ?? s.verified,
    org: p?.orgId ?? s.org,
    intent,
    accountScore: num(p?.accountScore, NaN),
    outTokens: num(p?.meanOutputTokens, NaN),
    textShare: clamp01(s.withText / ex),
  };
}

/** Evidence of one kind of link inside the cluster. */
export interface LinkEvidence {
  kind: number;
  /** distinct keys of this kind shared by >= 2 members */
  keys: number;
  /** members holding at least one such key */
  members: number;
}

export interface ClusterFacts {
  n: number;
  exchanges: number;
  firstMs: number;
  lastMs: number;
  harvest: number;
  singleTurn: number;
  distinct: number;
  crossRepeat: number;
  /** share of sampled prompts that three or more members sent: repeats that come in waves (see `WAVE_MEMBERS`) */
  waveRepeat: number;
  topics: number;
  automation: number;
  clientLib: number;
  regularShare: number;
  aroundClock: number;
  verifiedShare: number;
  topOrg: string;
  topOrgShare: number;
  intent: Float64Array;
  /** observed / expected co-activity; > 3 synchronised, < 0.4 taking turns */
  coactivity: number;
  /** members per 5-minute bucket of cluster activity is ~1 though each is active often: round-robin */
  turnTaking: boolean;
  synchronized: boolean;
  links: LinkEvidence[];
  /** share of members with at least one infrastructure, identity, client, content or timing link */
  groupCoverage: number[];
  accountScore: number;
  /** members' mean output tokens, weighted by exchanges; NaN when no member's is known */
  outTokens: number;
  /** share of the members' exchanges that carried prompt text (weighted by exchanges) */
  textShare: number;
}

export function clusterFacts(members: AcctState[], views: MemberView[], links: LinkEvidence[], groupCoverage: number[], ringSpan: number): ClusterFacts {
  const n = members.length;
  let ex = 0;
  let first = Infinity;
  let last = -Infinity;
  let h = 0;
  let st = 0;
  let dist = 0;
  let cl = 0;
  let reg = 0;
  let clock = 0;
  let ver = 0;
  let accScore = 0;
  let accN = 0;
  let outSum = 0;
  let outW = 0;
  let text = 0;
  const intent = new Float64Array(INTENT_NAMES.length);
  const orgs = new Map<string, number>();
  let tLo = 0;
  let tHi = 0;
  for (let i = 0; i < n; i++) {
    const v = views[i];
    const w = Math.max(1, v.exchanges);
    ex += v.exchanges;
    first = Math.min(first, v.firstMs);
    last = Math.max(last, v.lastMs);
    h += v.harvest * w;
    st += v.singleTurn * w;
    dist += v.distinct * w;
    cl += v.clientLib * w;
    text += v.textShare * w;
    for (let k = 0; k < INTENT_NAMES.length; k++) intent[k] += v.intent[k] * w;
    if (Number.isFinite(v.cv) && v.cv < 0.5) reg++;
    if (v.activeHours >= 18) clock++;
    if (v.verified) ver++;
    if (v.org) orgs.set(v.org, (orgs.get(v.org) ?? 0) + 1);
    if (Number.isFinite(v.accountScore)) {
      accScore += v.accountScore;
      accN++;
    }
    if (Number.isFinite(v.outTokens)) {
      outSum += v.outTokens * w;
      outW += w;
    }
    tLo |= members[i].topicLo;
    tHi |= members[i].topicHi;
  }
  const wsum = views.reduce((a, v) => a + Math.max(1, v.exchanges), 0);
  for (let k = 0; k < INTENT_NAMES.length; k++) intent[k] /= wsum;
  let topOrg = '';
  let topOrgN = 0;
  for (const [o, c] of orgs) if (c > topOrgN) [topOrg, topOrgN] = [o, c];

  // Cross-account repeats: the share of sampled prompts that another member also sent.
  // A class asks the same homework; a sweep over a benchmark asks each item once.
  const seen = new Map<number, number>();
  let sampled = 0;
  for (const s of members) {
    for (let i = 0; i < s.nSample; i++) {
      const h = s.sampledPrompt(i);
      seen.set(h, (seen.get(h) ?? 0) + 1);
    }
    sampled += s.nSample;
  }
  let repeated = 0;
  let waves = 0;
  for (const c of seen.values()) {
    if (c > 1) repeated += c;
    if (c >= WAVE_MEMBERS) waves += c;
  }
  const crossRepeat = sampled > 0 ? repeated / sampled : 0;
  const waveRepeat = sampled > 0 ? waves / sampled : 0;

  // Co-activity over 5-minute buckets: sum of members' active buckets against the
  // union. Independent accounts overlap by chance (expected union below); a
  // synchronised group overlaps far more, a load-balanced one far less.
  let sumActive = 0;
  let union = 0;
  const span = Math.max(32, ringSpan);
  let logFree = 0;
  for (let w = 0; w < RING_WORDS; w++) {
    let u = 0;
    for (const s of members) u |= s.ringWord(w);
    union += popcount32(u);
  }
  const runLengths: number[] = [];
  for (const s of members) {
    let c = 0;
    let runs = 0;
    let carry = 0;
    for (let w = 0; w < RING_WORDS; w++) {
      const x = s.ringWord(w);
      c += popcount32(x);
      // a run starts at a set bit whose lower neighbour (the previous word's top bit for bit 0) is clear
      runs += popcount32((x & ~((x << 1) | carry)) >>> 0);
      carry = x >>> 31;
    }
    if (runs > 0) runLengths.push(c / runs);
    sumActive += c;
    logFree += Math.log(Math.max(1e-9, 1 - Math.min(c, span - 1) / span));
  }
  const expectedUnion = span * (1 - Math.exp(logFree));
  const obsOverlap = sumActive - union;
  const expOverlap = Math.max(1e-9, sumActive - expectedUnion);
  const coactivity = obsOverlap / expOverlap;
  const meaningful = expOverlap >= 5;
  // Taking turns means sharing the same period and never the same slots. Members
  // active one after another (each researcher's one-day evaluation, on different
  // days) never overlap either, but that is a sequence, not load balancing: at
  // least two thirds of the members must be active across the group's middle moment.
  const mids = views.map((v) => (v.firstMs + v.lastMs) / 2).sort((a, b) => a - b);
  const mid = mids[n >> 1];
  let spanning = 0;
  for (const v of views) if (v.firstMs <= mid && v.lastMs >= mid) spanning++;
  const concurrent = n > 0 && 3 * spanning >= 2 * n;
  // And load balancing scatters each member's requests: a member active for
  // hours on end (a researcher's evaluation run, a person's session) is a
  // burst, and bursts at different hours never overlap without any turns being
  // taken. The typical member's runs of active 5-minute slots must be short.
  runLengths.sort((a, b) => a - b);
  const scattered = runLengths.length > 0 && runLengths[runLengths.length >> 1] <= SCATTERED_RUN;
  return {
    n,
    exchanges: ex,
    firstMs: first,
    lastMs: last,
    harvest: h / wsum,
    singleTurn: st / wsum,
    distinct: dist / wsum,
    crossRepeat,
    waveRepeat,
    topics: popcount32(tLo) + popcount32(tHi),
    clientLib: cl / wsum,
    regularShare: reg / n,
    aroundClock: clock / n,
    automation: 0,
    verifiedShare: ver / n,
    topOrg,
    topOrgShare: topOrgN / n,
    intent,
    coactivity,
    turnTaking: meaningful && coactivity < 0.4 && concurrent && scattered,
    synchronized: meaningful && coactivity > 3,
    links,
    groupCoverage,
    accountScore: accN > 0 ? accScore / accN : NaN,
    outTokens: outW > 0 ? outSum / outW : NaN,
    textShare: text / wsum,
  };
}

/** Mean run of consecutive active 5-minute slots up to which a member's activity is scattered (see `turnTaking`). */
export const SCATTERED_RUN = 3;

/** Below this harvest share a cluster's content is use: it scores 0 and is cleared, whatever links it. */
export const HARVEST_FLOOR = 0.15;
/**
 * Harvest share from which a cluster's content counts fully. A reseller mixes
 * its paying users' chats with harvest on the same accounts, so a third of
 * harvest over a large, linked, automated operation is already an operation;
 * benign groups stay far below (a class or a company asks few extraction-style
 * questions, and members must also harvest themselves to inherit a verdict).
 */
export const HARVEST_FULL = 0.4;

function automationOf(f: ClusterFacts): number {
  return Math.max(f.clientLib, 0.8 * f.singleTurn, f.regularShare, f.aroundClock, f.turnTaking ? 0.9 : 0);
}

/**
 * Mean answer length (output tokens) below which a plain-answer sweep is
 * processing rather than harvesting: one-line summaries, tags and extracted
 * fields of the caller's own data, a paragraph of product copy per record.
 * Harvested answers run far longer (the red team's plain-wording fleets: 470+
 * tokens at the 5th percentile of their accounts; batch jobs 63 at the
 * median). It was 150 until four companies writing one SEO paragraph per
 * record from one copied instruction (185 tokens on average) were blocked as
 * one campaign in a red-team world.
 */
export const PLAIN_ANSWER_MIN_TOKENS = 300;

/**
 * The cluster's harvest share, or a moderate one for a plain-answer sweep.
 * A self-instruct-style sweep (instructions with no elicitation wording)
 * carries no intent, but a linked group that only ever asks single questions,
 * never the same one twice, across many topics, by machine, and gets full
 * answers back, is harvesting answers rather than using them; it counts as a
 * 0.45 harvest share so that coverage, automation and linkage decide the rest.
 * Evaded by adding follow-up turns or repeats, which costs the operator, or by
 * harvesting answers shorter than `PLAIN_ANSWER_MIN_TOKENS` on average (little
 * to distil); a team or class repeats items and converses, so it never takes
 * this route, and batch jobs that several companies run with one copied
 * prompt (a summary or a tag per record) get short answers, so they do not
 * either. When no member reports usage the answer length is not asked.
 */
export function effectiveHarvest(f: ClusterFacts): number {
  const sweep =
    f.singleTurn >= 0.9 && f.distinct >= 0.9 && f.crossRepeat < 0.1 && f.topics >= 8 && automationOf(f) >= 0.7 && !(f.outTokens < PLAIN_ANSWER_MIN_TOKENS);
  return Math.max(f.harvest, sweep ? 0.45 : 0);
}

export interface Judgement {
  score: number;
  campaign: boolean;
  /** why it is, or is not, a campaign */
  why: string;
  parts: { harvest: number; coverage: number; automation: number; linkage: number };
}

/** Share of sampled prompts shared across members from which a group's content is use (see `judge`). */
export const CROSS_REPEAT_USE = 0.25;

/**
 * Members that send one prompt before it is a wave, not a coincidence of two
 * (`ClusterFacts.waveRepeat`). Accounts drawing items independently from one
 * pool repeat each other by chance, mostly in pairs: with λ the mean number of
 * members that draw an item, a sampled prompt is repeated with probability
 * 1 − e^−λ and sent by three or more with 1 − e^−λ(1 + λ), so waves are under
 * a sixth of the repeats while a fleet's duplicates are under a third of its
 * prompts (λ ≤ 0.4). A class asks the week's assignment from many accounts
 * at once; a team runs one benchmark's items from every seat.
 */
export const WAVE_MEMBERS = 3;

/**
 * Share of a group's cross-account repeats that must come in waves for the
 * repeats to read as use rather than a fleet's chance collisions (see
 * `repeatsAreUse`). Why a half: independent draws from one pool reach it only
 * at λ ≈ 1.3, when seven in ten of the sampled prompts are duplicates an
 * operator paid for twice; the classes of a held-out world at 10× are at
 * 0.53–0.75.
 * Evaded by an operation that pays for the same items from three or more of
 * its accounts, for half of its repeats and a quarter of its prompts; falsely
 * releases a fleet that does so (its members' own traffic still flags them).
 */
export const WAVE_SHARE = 0.5;

/**
 * Whether the prompts a group's members repeat across accounts make its
 * content use (a class, a team) rather than a sweep, at the level at which a
 * campaign already found is re-read (`describe` in index.ts): half or more of
 * the sampled prompts repeated, or a quarter and more with the repeats in
 * waves (`WAVE_SHARE`). The count of repeats alone is not the base rate:
 * independent draws from a pool of benchmark items repeat each other too; how
 * the repeats are spread over the members is what chance cannot produce.
 *
 * @example
 *   repeatsAreUse(0.45, 0.30) // → true: a class, its repeats in waves
 *   repeatsAreUse(0.30, 0.03) // → false: pairs, as draws from one pool give
 */
export function repeatsAreUse(crossRepeat: number, waveRepeat: number, retractAt: number): boolean {
  return crossRepeat >= retractAt || (crossRepeat >= CROSS_REPEAT_USE && waveRepeat >= WAVE_SHARE * crossRepeat);
}

/** Score a cluster; `threshold` is the campaign threshold from config. */
export function judge(f: ClusterFacts, minAccounts: number, threshold: number): Judgement {
  const coverage = (f.distinct + (1 - Math.min(1, f.crossRepeat * 2)) + Math.min(1, f.topics / 6)) / 3;
  const automation = automationOf(f);
  f.automation = automation;
  const harvest = effectiveHarvest(f);
  const harvestTerm = smooth(harvest, HARVEST_FLOOR, HARVEST_FULL);
  const gc = f.groupCoverage;
  // Linkage strength: identity and infrastructure ties cost the operator money; timing and
  // client ties are cheaper to fake; content ties alone are the weakest.
  const linkage = 1 - (1 - 0.9 * gc[1]) * (1 - 0.7 * gc[0]) * (1 - 0.5 * gc[4]) * (1 - 0.35 * gc[2]) * (1 - 0.3 * gc[3]);
  let score = harvestTerm * (0.55 + 0.45 * coverage) * (0.6 + 0.25 * automation + 0.15 * linkage);
  if (Number.isFinite(f.accountScore)) score = Math.max(score, Math.min(score * 1.2, 0.5 * score + 0.5 * f.accountScore * harvestTerm));
  score = clamp01(score);
  const parts = { harvest: f.harvest, coverage, automation, linkage };
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  if (f.n < minAccounts) return { score: 0, campaign: false, why: `only ${f.n} accounts: an account problem, not a campaign`, parts };
  if (f.verifiedShare >= 0.5 && f.topOrgShare >= 0.8) {
    return {
      score: score * 0.3,
      campaign: false,
      why: `one verified organisation (${f.topOrg}, ${pct(f.topOrgShare)} of accounts, ${pct(f.verifiedShare)} verified): a product or team, accountable by contract`,
      parts,
    };
  }
  if (f.textShare < TEXT_KNOWN) return judgeWithoutText(f, threshold, gc, parts);
  // A sweep asks each item once across the whole operation (the operator pays
  // for every duplicate); a class or a team asks the same items again and again
  // from many accounts. When a quarter of the sampled prompts are shared across
  // members, the content is use even when it asks for steps (a class doing
  // math homework "step by step"). Evaded only by paying for duplicates.
  if (f.crossRepeat >= CROSS_REPEAT_USE && f.n >= minAccounts) {
    return {
      score: score * (1 - Math.min(1, f.crossRepeat)),
      campaign: false,
      why: `content is use: many members ask the same items (${pct(f.crossRepeat)} of sampled prompts shared across accounts), a class or a team, not a sweep`,
      parts,
    };
  }
  if (harvest < HARVEST_FLOOR) {
    return {
      score,
      campaign: false,
      why: `content is use, not harvest: ${pct(f.harvest)} harvest-intent exchanges, ${pct(1 - f.singleTurn)} multi-turn, ${pct(f.crossRepeat)} of prompts repeated across accounts`,
      parts,
    };
  }
  if (score < threshold) {
    return {
      score,
      campaign: false,
      why: `below campaign threshold: harvest ${pct(f.harvest)}, coverage ${pct(coverage)}, automation ${pct(automation)}, linkage ${pct(linkage)}`,
      parts,
    };
  }
  return { score, campaign: true, why: `harvest ${pct(f.harvest)}, coverage ${pct(coverage)}, automation ${pct(automation)}, linkage ${pct(linkage)}`, parts };
}

/**
 * Share of a cluster's exchanges with prompt text below which its content is
 * unknown rather than use: the log keeps no prompts (a provider that records
 * metadata only, or customers under zero retention), and harvest, coverage
 * and repeats cannot be read. See `judgeWithoutText`.
 */
export const TEXT_KNOWN = 0.2;
/** Share of members an identity or address tie must reach for a cluster without text to be a campaign. */
export const NO_TEXT_MIN_TIED = 0.5;
/** Score of a campaign judged without text: inside the review band at the default thresholds, never block on its own. */
export const NO_TEXT_SCORE = 0.7;

/** Automation read from clients and timing alone: without a request, an exchange reads as single-turn whatever it was. */
export function machineShare(f: ClusterFacts): number {
  return Math.max(f.clientLib, f.regularShare, f.aroundClock, f.turnTaking ? 0.9 : 0);
}

/**
 * Judging a cluster whose logs carry no prompt text. Without the prompts
 * nothing says what was asked, so only what an operation cannot hide in its
 * metadata counts, all of it required:
 * - at least half of the members tied by identity (card, sign-up address,
 *   e-mail domain, organisation) or by address (IP, range), which cost the
 *   operator money;
 * - machines driving the traffic (client libraries, regular or
 *   round-the-clock timing: `machineShare`);
 * - full answers coming back (usage with at least PLAIN_ANSWER_MIN_TOKENS
 *   output tokens on average): processing jobs get short ones.
 * Such a campaign is for review, never block on this alone: a verified
 * organisation is cleared before this point, but an unverified company's app
 * back ends on one card and one range look the same without their prompts.
 * Evaded by an operation with its own card and address per account, human
 * clients, or short answers (tool-use steps); falsely flags an unverified
 * organisation's machine-driven seats, or several back ends of one payer,
 * that return long answers (review clears them).
 */
export function judgeWithoutText(f: ClusterFacts, threshold: number, gc: number[], parts: Judgement['parts']): Judgement {
  const automation = machineShare(f);
  f.automation = automation;
  parts.automation = automation;
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const tied = Math.max(gc[0], gc[1]);
  const head = `no prompt text in the logs for ${pct(1 - f.textShare)} of exchanges, so content was not judged`;
  if (!Number.isFinite(f.outTokens)) return { score: 0, campaign: false, why: `${head}, and no usage either: nothing shows what the accounts took`, parts };
  if (f.outTokens < PLAIN_ANSWER_MIN_TOKENS) {
    return { score: 0, campaign: false, why: `${head}; answers average ${Math.round(f.outTokens)} output tokens, processing rather than harvest`, parts };
  }
  if (automation < 0.7) return { score: 0, campaign: false, why: `${head}; driven by people (automation ${pct(automation)})`, parts };
  if (tied < NO_TEXT_MIN_TIED) {
    return { score: 0, campaign: false, why: `${head}; only ${pct(tied)} of accounts tied by identity or address, which is not enough without the prompts`, parts };
  }
  const score = Math.max(threshold, NO_TEXT_SCORE);
  return {
    score,
    campaign: true,
    why: `${head}; ${pct(tied)} of accounts tied by identity or address, automation ${pct(automation)}, answers averaging ${Math.round(f.outTokens)} output tokens`,
    parts,
  };
}

const INTENT_PHRASES: Record<string, string> = {
  cot: 'step-by-step reasoning',
  reconstruct: 'reconstructed reasoning for given answers',
  judge: 'grading of answers (LLM-as-judge)',
  safetyRewrite: 'safety rewrites',
  agentic: 'tool-use traces',
  benchmark: 'answers to benchmark-style items',
  internals: 'hidden reasoning and system prompts',
  datagen: 'synthetic training data (example pairs, dialogues, harder variants)',
};

/** The harvest phrase for a summary: the two strongest intents. */
export function harvestPhrase(intent: Float64Array): string {
  const order = [...INTENT_NAMES.keys()].sort((a, b) => intent[b] - intent[a]).filter((i) => intent[i] >= 0.1);
  if (order.length === 0) return 'model answers';
  return order.slice(0, 2).map((i) => INTENT_PHRASES[INTENT_NAMES[i]]).join(' and ');
}

function smooth(x: number, lo: number, hi: number): number {
  if (x <= lo) return 0;
  if (x >= hi) return 1;
  const t = (x - lo) / (hi - lo);
  return t * t * (3 - 2 * t);
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : Number.isFinite(x) ? x : 0;
}
