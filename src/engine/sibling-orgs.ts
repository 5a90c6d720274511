/**
 * Sibling organisations: one harvest split across apparent organisations.
 *
 * A cluster that is one organisation's seats is judged as a customer, not a
 * campaign (`runSweep`, coordinator.ts), so an operation that enrols each
 * part of its fleet in an organisation of its own (its own domain, cards,
 * client, system prompt and proxy reseller) shares no key across the parts:
 * every organisation is a customer, and its seats, each harvesting plain
 * answers at a few dozen a day, stay under every per-account line. What the
 * parts cannot avoid sharing is the harvest itself: they drain one queue of
 * items, so
 *  - every seat of every part runs the same sweep: single questions, nearly
 *    all distinct, over many topics, from a client library, full answers back;
 *  - the parts never ask each other's items (a sweep pays for no duplicate),
 *    while honest organisations drawing on the same public material
 *    (benchmarks, tutorials, a course's problem set) repeat one another;
 *  - the parts' topic mixes are the queue's mix: much closer to each other
 *    than to the population's (a surprisal against the base rate, not a
 *    count: two general-purpose assistants mirror the population, and are no
 *    closer to each other than to it).
 *
 * An organisation is a candidate when it has at least MIN_SEATS seats with
 * MIN_SEAT_EXCHANGES exchanges or more and at least SEAT_SHARE of them are
 * sweep-shaped (`sweepSeat`), its seats' sampled prompts do not repeat
 * across seats, and it is not one product (a fixed system prompt on every
 * seat over a narrow topic range is an app; a broad one is not cleared for it,
 * since a split operation can give each part a system prompt). Two candidates
 * are siblings when they are active over the same days, share (almost) no
 * sampled prompt, and their pooled topic histograms are closer to each other
 * than either is to the population's by SURPRISAL_RATIO (Jensen-Shannon
 * divergence), and their per-seat volume and answer length are alike. A
 * connected group of MIN_ORGS siblings or more is listed as one campaign, for
 * review: nothing ties its parts but what they harvest and how.
 *
 * Evaded by an operation that gives each part a different corpus mix (then
 * each part's harvest is a narrower slice, of which the topic mix says
 * nothing), that runs fewer than MIN_ORGS parts (two organisations with one
 * shape are left alone: the bound that keeps two honest look-alikes
 * unflagged), that repeats items across parts on purpose, or that mixes its
 * sweep with conversation so that its seats are not sweep-shaped. Falsely
 * groups three or more unrelated organisations each of whose seats sends
 * single distinct questions over the population's-unlike topic mix of one
 * public instruction corpus from a script, at the same time, without
 * sharing an item: for review, never blocked on this alone.
 */
import { TOPIC_BUCKETS } from '../features/types.js';
import { UnionFind } from '../util/union-find.js';

/** seats with at least this many exchanges count */
export const MIN_SEAT_EXCHANGES = 20;
/** an organisation with fewer counted seats is not read */
export const MIN_SEATS = 3;
/** share of an organisation's counted seats that must be sweep-shaped */
export const SEAT_SHARE = 0.75;
/** distinct prompts (estimated: a HyperLogLog count is a few points off at a few dozen exchanges) a sweep seat sends, as a share of those with text */
export const MIN_DISTINCT = 0.85;
/** sibling organisations to list a group */
export const MIN_ORGS = 3;
/** sibling topic mixes are at least this many times closer to each other than to the population's */
export const SURPRISAL_RATIO = 4;
/** sampled prompts two siblings may share, as a share of the smaller sample */
export const MAX_SHARED_PROMPTS = 0.03;
/** sampled prompts an organisation's seats may share with each other */
export const MAX_SEAT_REPEATS = 0.05;
/** siblings' medians of exchanges per active day and of answer length are within this factor */
export const SHAPE_FACTOR = 2.5;
/** siblings' active spans overlap by at least this share of the shorter */
export const MIN_OVERLAP = 0.5;

/** What the rule reads of one seat. */
export interface SeatView {
  id: string;
  exchanges: number;
  /** share of its exchanges logged with prompt text; `distinct` and `system` are shares of those */
  text: number;
  singleTurn: number;
  distinct: number;
  followUps: number;
  clientLib: number;
  /** mean output tokens; NaN when the log has no usage */
  answer: number;
  topics: number;
  perDay: number;
  system: number;
  firstMs: number;
  lastMs: number;
  /** counts per topic bucket (TOPIC_BUCKETS long) */
  topicCounts: ArrayLike<number>;
  /** sampled prompt hashes */
  prompts: readonly number[];
}

export interface OrgView {
  org: string;
  seats: SeatView[];
}

/** A seat running a plain sweep: single distinct questions over many topics, by machine, full answers. */
export function sweepSeat(s: SeatView, minAnswer: number): boolean {
  return s.text >= 0.5 && s.singleTurn >= 0.9 && s.distinct >= MIN_DISTINCT && s.followUps < 0.1 && s.clientLib >= 0.8 && s.topics >= 8 && !(s.answer < minAnswer);
}

export interface OrgProfile {
  org: string;
  seats: SeatView[];
  topics: Float64Array;
  /** exchanges the topic histogram was pooled from */
  n: number;
  prompts: Set<number>;
  perDay: number;
  answer: number;
  firstMs: number;
  lastMs: number;
}

export interface SiblingGroup {
  orgs: OrgProfile[];
  /** the weakest pairwise surprisal ratio that tied the group */
  ratio: number;
}

const median = (xs: number[]): number => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? v[v.length >> 1] : NaN;
};

function normalise(h: Float64Array): Float64Array {
  let t = 0;
  for (const x of h) t += x;
  if (t > 0) for (let i = 0; i < h.length; i++) h[i] /= t;
  return h;
}

/** buckets either distribution occupies */
function occupied(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0 || q[i] > 0) k++;
  return k;
}

/** Jensen-Shannon divergence in bits, of two distributions */
export function jsd(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    if (p[i] > 0) d += 0.5 * p[i] * Math.log2(p[i] / m);
    if (q[i] > 0) d += 0.5 * q[i] * Math.log2(q[i] / m);
  }
  return Math.max(0, d);
}

/** The organisations whose seats run a sweep (see the module comment), profiled. */
export function candidateOrgs(orgs: readonly OrgView[], minAnswer: number): OrgProfile[] {
  const out: OrgProfile[] = [];
  for (const o of orgs) {
    const seats = o.seats.filter((s) => s.exchanges >= MIN_SEAT_EXCHANGES);
    if (seats.length < MIN_SEATS) continue;
    const sweeping = seats.filter((s) => sweepSeat(s, minAnswer));
    if (sweeping.length < SEAT_SHARE * seats.length) continue;
    // the seats do not ask each other's items
    const seen = new Map<number, number>();
    let sampled = 0;
    let repeated = 0;
    sweeping.forEach((s, k) => {
      for (const h of s.prompts) {
        sampled++;
        const at = seen.get(h);
        if (at !== undefined && at !== k) repeated++;
        else seen.set(h, k);
      }
    });
    if (sampled === 0 || repeated > MAX_SEAT_REPEATS * sampled) continue;
    const topics = new Float64Array(TOPIC_BUCKETS);
    for (const s of sweeping) for (let i = 0; i < TOPIC_BUCKETS; i++) topics[i] += s.topicCounts[i] ?? 0;
    let n = 0;
    for (const x of topics) n += x;
    normalise(topics);
    out.push({
      org: o.org,
      seats: sweeping,
      topics,
      n,
      prompts: new Set(seen.keys()),
      perDay: median(sweeping.map((s) => s.perDay)),
      answer: median(sweeping.map((s) => s.answer)),
      firstMs: Math.min(...sweeping.map((s) => s.firstMs)),
      lastMs: Math.max(...sweeping.map((s) => s.lastMs)),
    });
  }
  return out;
}

const alike = (a: number, b: number): boolean => !(Number.isFinite(a) && Number.isFinite(b)) || Math.max(a, b) <= SHAPE_FACTOR * Math.max(1e-9, Math.min(a, b));

/**
 * Whether two candidates are parts of one harvest; the surprisal ratio
 * (how many times closer their topic mixes are to each other than to the
 * population's) when they are, else 0.
 */
export function siblings(a: OrgProfile, b: OrgProfile, population: Float64Array): number {
  const overlap = Math.min(a.lastMs, b.lastMs) - Math.max(a.firstMs, b.firstMs);
  if (overlap < MIN_OVERLAP * Math.min(a.lastMs - a.firstMs, b.lastMs - b.firstMs)) return 0;
  if (!alike(a.perDay, b.perDay) || !alike(a.answer, b.answer)) return 0;
  let shared = 0;
  for (const h of a.prompts) if (b.prompts.has(h)) shared++;
  if (shared > MAX_SHARED_PROMPTS * Math.min(a.prompts.size, b.prompts.size)) return 0;
  // Each divergence less what sampling alone gives two histograms of one distribution
  // ((K - 1)(1/n1 + 1/n2) / (8 ln 2) bits over K occupied buckets): after a day a part has
  // a few hundred exchanges, and two of its histograms differ by that much by chance.
  // The population's histogram is taken as exact (it pools every account).
  const k = Math.max(1, occupied(a.topics, b.topics) - 1) / (8 * Math.LN2);
  const noise = k * (1 / Math.max(1, a.n) + 1 / Math.max(1, b.n));
  const between = Math.max(jsd(a.topics, b.topics) - noise, noise / 2, 1e-6);
  const base = Math.min(jsd(a.topics, population) - k / Math.max(1, a.n), jsd(b.topics, population) - k / Math.max(1, b.n));
  const ratio = base / between;
  return ratio >= SURPRISAL_RATIO ? ratio : 0;
}

/**
 * Groups of MIN_ORGS or more sibling organisations. `population` is the
 * topic histogram of every account's traffic (counts or shares).
 */
export function siblingGroups(orgs: readonly OrgView[], population: ArrayLike<number>, minAnswer: number): SiblingGroup[] {
  const cands = candidateOrgs(orgs, minAnswer);
  if (cands.length < MIN_ORGS) return [];
  const pop = normalise(Float64Array.from(population));
  const uf = new UnionFind(cands.length);
  const weakest = new Float64Array(cands.length).fill(Infinity);
  for (let i = 0; i < cands.length; i++) {
    for (let j = i + 1; j < cands.length; j++) {
      const r = siblings(cands[i], cands[j], pop);
      if (r === 0) continue;
      uf.union(i, j);
      weakest[i] = Math.min(weakest[i], r);
      weakest[j] = Math.min(weakest[j], r);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < cands.length; i++) {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const out: SiblingGroup[] = [];
  for (const g of groups.values()) {
    if (g.length < MIN_ORGS) continue;
    out.push({ orgs: g.map((i) => cands[i]), ratio: Math.min(...g.map((i) => weakest[i])) });
  }
  return out;
}
