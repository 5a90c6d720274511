/**
 * Resemblance to a campaign: the members of a fleet that the linkage could not
 * see.
 *
 * A careful operation gives each account its own address, card and wording, so
 * the linkage ties only part of it together (the accounts that happen to share
 * a template family, a model switch or a harvest focus). The rest share no key
 * with anyone, and each on its own looks like a keen student. What they cannot
 * avoid is behaving like the part that was caught: the same mix of harvest and
 * plain questions, the same conversation shape, the same output economics, the
 * same daily rhythm and pace, because one operator scripted them all. This is
 * how an analyst hunts once a campaign is confirmed: pivot from its members to
 * accounts that behave like them.
 *
 * A region is drawn around the flagged members of one campaign, over ten
 * behaviour measures (`MEASURES`): per measure, the members' 5th to 95th
 * percentile widened by half a robust spread, and overall, a scaled distance
 * from the members' medians no larger than that of 80% of the members. An
 * account inside both, that harvests itself, shares no key with the campaign
 * and has no crowd of its own on its address, is sent to review as a likely
 * member. It is never blocked on this evidence alone (see the engine). A
 * verified account is judged the same way: verification keeps an account from
 * being blocked, not from a person's eyes (an operation can verify some of its
 * accounts; in the red team's app-facade worlds 30% were, and all of those
 * went unflagged while verification kept them out).
 *
 * Evaded by a fleet whose accounts each behave unlike the caught part (the
 * region is only as good as the members it is drawn from), that keep harvest
 * under `MIN_HARVEST` of their traffic, or that sit behind shared addresses
 * (which the linkage then sees). Falsely sends to review a lone, heavy
 * harvest-style user (homework drilled step by step, around the clock, from a
 * script) while a campaign of the same shape runs, and likewise a verified
 * product whose own traffic is harvest-shaped (a grading service next to a
 * judge-harvesting campaign); a class or an office behind one NAT is kept out
 * by the address rule, a benchmark run in a public harness's form by its form.
 */
import type { AccountState } from '../state/account.js';

/** The behaviour measures a region is drawn over, in the order of a profile. */
export const MEASURES = [
  'harvest share',
  'reasoning share',
  'single-turn share',
  'distinct prompts',
  'output / input tokens (log)',
  'output tokens (log)',
  'spread over the hours of the day',
  'spread over topics',
  'client-library share',
  'exchanges per active day (log)',
] as const;
export const MEASURE_COUNT = MEASURES.length;

/** Own exchanges before an account's shares are a profile (as the engine's sweep-shape rule). */
export const MIN_EXCHANGES = 10;
/** Own harvest share an account needs to be attached by resemblance (a chat user asks none). */
export const MIN_HARVEST = 0.15;
/** Flagged members, each with a profile, a campaign needs before a region is drawn around them. */
export const MIN_ANCHORS = 8;
/**
 * An account whose busiest address is used by more accounts than this has a
 * crowd of its own (a campus NAT, an office, a proxy exit): the linkage judged
 * it with that crowd, and resemblance does not overrule it.
 */
export const MAX_ADDRESS_HOLDERS = 3;

/**
 * Outsiders a region may hold, per member it is drawn from, before it is what
 * ordinary accounts look like rather than a fleet's behaviour (`distinctive`).
 * Why 1: a key ties an account to a campaign only when held mostly inside it
 * (src/linkage); a behaviour region is held to the same rule, so its reach is
 * a share of the population, never a count that grows with it. Evaded by a
 * fleet with more unlinked accounts than linked ones inside a crowd of
 * look-alikes (the region then attaches none of them). Falsely flags what is
 * left: outsiders of a region that stays distinctive (at most one per member).
 */
export const MAX_OUTSIDERS_PER_MEMBER = 1;

const LOW_Q = 0.05;
const WIDEN = 0.5;
const RADIUS_Q = 0.8;
/** the smallest robust spread per measure: a measure all members share (100% single-turn) still admits a little */
const MIN_SPREAD = 0.1;

/** Writes the account's ten measures into `out` (length `MEASURE_COUNT`). */
export function profileOf(s: AccountState, out: Float64Array = new Float64Array(MEASURE_COUNT)): Float64Array {
  out[0] = s.harvestShare();
  out[1] = s.reasoningShare();
  out[2] = s.singleTurnShare();
  out[3] = s.distinctPromptShare();
  out[4] = Math.log1p(s.outputInputRatio());
  out[5] = Math.log1p(s.meanOutputTokens());
  out[6] = s.hourEntropy();
  out[7] = s.topicEntropy();
  out[8] = s.clientLibShare();
  out[9] = Math.log(Math.max(1, s.exchangesPerActiveDay()));
  return out;
}

/**
 * Whether an account's own traffic is enough, and harvest enough, to be judged
 * by resemblance. A benchmark run in a public harness's form is not: its
 * behaviour is a harvester's by design (see src/features/harness.ts).
 */
export function eligible(s: AccountState): boolean {
  return s.n >= MIN_EXCHANGES && s.harvestShare() >= MIN_HARVEST && !s.evalShaped();
}

/**
 * The behaviour region of a campaign's members.
 *
 * @example
 *   const r = BehaviourRegion.of(members.map((s) => profileOf(s)));
 *   if (r?.contains(profileOf(candidate))) ...
 */
export class BehaviourRegion {
  private constructor(
    /** per measure: median, robust spread, lower and upper bound */
    readonly median: Float64Array,
    readonly spread: Float64Array,
    readonly lo: Float64Array,
    readonly hi: Float64Array,
    /** the distance within which 80% of the members lie */
    readonly radius: number,
    readonly members: number,
  ) {}

  /** The region of these member profiles, or undefined when there are fewer than `MIN_ANCHORS`. */
  static of(profiles: readonly Float64Array[]): BehaviourRegion | undefined {
    const n = profiles.length;
    if (n < MIN_ANCHORS) return undefined;
    const median = new Float64Array(MEASURE_COUNT);
    const spread = new Float64Array(MEASURE_COUNT);
    const lo = new Float64Array(MEASURE_COUNT);
    const hi = new Float64Array(MEASURE_COUNT);
    const col = new Float64Array(n);
    for (let m = 0; m < MEASURE_COUNT; m++) {
      for (let i = 0; i < n; i++) col[i] = profiles[i][m];
      col.sort();
      median[m] = quantile(col, 0.5);
      // interquartile range / 1.35: the standard deviation of a normal sample, robust to outliers
      spread[m] = Math.max(MIN_SPREAD, (quantile(col, 0.75) - quantile(col, 0.25)) / 1.35);
      lo[m] = quantile(col, LOW_Q) - WIDEN * spread[m];
      hi[m] = quantile(col, 1 - LOW_Q) + WIDEN * spread[m];
    }
    const r = new BehaviourRegion(median, spread, lo, hi, 0, n);
    const d = Float64Array.from(profiles, (p) => r.distance(p)).sort();
    return new BehaviourRegion(median, spread, lo, hi, quantile(d, RADIUS_Q), n);
  }

  /** Root mean square of the measures' deviations from the members' medians, each in its robust spread. */
  distance(p: Float64Array): number {
    let sum = 0;
    for (let m = 0; m < MEASURE_COUNT; m++) {
      const z = (p[m] - this.median[m]) / this.spread[m];
      sum += z * z;
    }
    return Math.sqrt(sum / MEASURE_COUNT);
  }

  /** The first measure on which `p` lies outside the members' range, or -1 when it lies inside on all. */
  outsideOn(p: Float64Array): number {
    for (let m = 0; m < MEASURE_COUNT; m++) if (!(p[m] >= this.lo[m] && p[m] <= this.hi[m])) return m;
    return -1;
  }

  /**
   * How deep inside the region `p` lies: its distance over the radius (0 at the
   * centre, 1 at the edge), or Infinity when it lies outside on any measure or
   * beyond the radius.
   */
  depth(p: Float64Array): number {
    if (this.outsideOn(p) >= 0) return Infinity;
    const d = this.distance(p);
    if (d > this.radius) return Infinity;
    return this.radius > 0 ? d / this.radius : 0;
  }

  /** Inside the range on every measure and no farther from the centre than 80% of the members. */
  contains(p: Float64Array): boolean {
    return this.depth(p) !== Infinity;
  }
}

/**
 * Whether a region, drawn from `members` flagged accounts, still tells a fleet
 * from the population: the eligible accounts outside the campaign that lie in
 * it (`outsiders`, counted before any is placed) are at most
 * `MAX_OUTSIDERS_PER_MEMBER` per member. A campaign that mixes several kinds
 * of harvest draws a wide region; as the benign population grows, more
 * ordinary keen users fall inside it, and without this rule the region filled
 * its room with them (students and people at 10×: 44 in one campaign of a
 * held-out world).
 *
 * @example
 *   distinctive(12, 40) // → true: the region is mostly its members'
 *   distinctive(90, 40) // → false: it is what 90 ordinary accounts look like
 */
export function distinctive(outsiders: number, members: number): boolean {
  return outsiders <= MAX_OUTSIDERS_PER_MEMBER * members;
}

/** An account (by its number among the candidates) inside a region, and how deep. */
export interface Placement {
  who: number;
  region: number;
  depth: number;
}

/**
 * Places accounts in regions, deepest first: each account goes to the region it
 * lies deepest in that still has room (`room[region]` places left), so a full
 * region passes an account on to the next region that holds it rather than
 * dropping it. Returns the placements made, in the order made.
 *
 * @example
 *   // x is deepest in region 0, which has room for one; y goes on to region 1
 *   placeDeepestFirst([{ who: 0, region: 0, depth: 0.1 }, { who: 1, region: 0, depth: 0.2 }, { who: 1, region: 1, depth: 0.6 }], [1, 1])
 *   // → [{ who: 0, region: 0, ... }, { who: 1, region: 1, ... }]
 */
export function placeDeepestFirst(inside: readonly Placement[], room: readonly number[]): Placement[] {
  const left = [...room];
  const placed = new Set<number>();
  const out: Placement[] = [];
  // ties by account, then region, so the result does not depend on the input's order
  const order = [...inside].sort((a, b) => a.depth - b.depth || a.who - b.who || a.region - b.region);
  for (const x of order) {
    if (placed.has(x.who) || !(left[x.region] > 0)) continue;
    left[x.region]--;
    placed.add(x.who);
    out.push(x);
  }
  return out;
}

/** Linear interpolation between order statistics of an ascending array. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const x = q * (sorted.length - 1);
  const i = Math.floor(x);
  const j = Math.min(sorted.length - 1, i + 1);
  return sorted[i] + (sorted[j] - sorted[i]) * (x - i);
}
