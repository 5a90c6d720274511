/**
 * heldout/v7's event model, different from the six earlier generators:
 *
 * - A person (or one end user of an app) is a **Markov-modulated Poisson
 *   process**: a continuous-time Markov chain over three states (away, around,
 *   absorbed) whose switching rates follow the person's local-time propensity
 *   curve, and each state has its own Poisson rate of conversation starts. Bursts
 *   come from the hidden state, not from self-excitation or renewal sittings.
 * - Who uses what, and from when, spreads by **word of mouth over a social
 *   graph**: a Watts-Strogatz small world per community, an SI cascade by day
 *   (adoption of a viral prompt, a framework, the company assistant, a newly
 *   released model).
 * - A harvesting worker is an **AIMD rate controller** against its tier's
 *   per-minute limit: it adds to its request rate while answers come back and
 *   halves it on a 429, inside the operator's active windows.
 */
import type { Rng } from './rng.js';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface Account {
  account_id: string; org_id?: string; created_at: number; email_domain?: string; payment_fingerprint?: string;
  signup_ip?: string; country?: string; tier?: string; verified?: boolean; api_keys: string[];
  label: 'benign' | 'campaign'; campaign_id: string | null; persona: string;
}

export interface Msg { role: 'user' | 'assistant' | 'tool'; content: string }
/** One exchange before the edge servers log it. */
export interface Ex {
  t: number; acct: Account; key?: string; ip: string; ua?: string; model: string; endpoint: string;
  system?: string; messages?: Msg[]; params?: Record<string, unknown>; lang?: string;
  answer: string; outTok: number; status: number; stop: string; toolCalls?: number; noContent?: boolean;
}
export type Emit = (e: Ex) => void;
/** Something that sends: called once per UTC day with that day's start. */
export interface Actor { day(d: number, dayStart: number, emit: Emit): void }

/** Local-time propensity 0..1 by local hour and weekday (0 = Sunday). */
export type Curve = (hour: number, weekday: number) => number;
export const CURVES = {
  evening: ((h, w) => (h >= 18 && h < 24 ? 1 : h >= 7 && h < 9 ? 0.4 : h >= 12 && h < 14 ? 0.5 : h >= 9 && h < 18 ? (w === 0 || w === 6 ? 0.7 : 0.25) : h < 1 ? 0.5 : 0.03)) as Curve,
  office: ((h, w) => (w === 0 || w === 6 ? (h >= 10 && h < 18 ? 0.06 : 0.01) : h >= 9 && h < 12 ? 1 : h >= 13 && h < 18 ? 0.9 : h === 12 ? 0.35 : h >= 18 && h < 21 ? 0.12 : 0.01)) as Curve,
  owl: ((h) => (h >= 21 || h < 3 ? 1 : h >= 3 && h < 11 ? 0.04 : 0.45)) as Curve,
  afterSchool: ((h, w) => (w === 0 || w === 6 ? (h >= 10 && h < 21 ? 0.6 : 0.02) : h >= 15 && h < 22 ? 1 : h >= 7 && h < 15 ? 0.08 : 0.01)) as Curve,
  flat: (() => 0.6) as Curve,
};

export interface MmppProfile {
  curve: Curve;
  /** per hour at full propensity: away -> around */
  wake: number;
  /** per hour: around -> away, scaled up when propensity is low */
  sleep: number;
  /** per hour at full propensity: around -> absorbed */
  absorb: number;
  /** per hour: absorbed -> around */
  release: number;
  /** conversation starts per hour while around / absorbed */
  rateAround: number;
  rateAbsorbed: number;
}
export interface MmppState { s: 0 | 1 | 2 }

/**
 * The conversation starts of one UTC day, drawn event by event (Gillespie) with
 * rates held constant within each local hour; `scale` multiplies the wake rate
 * (a person's life stage: joining, fading, on holiday).
 */
export function mmppDay(rng: Rng, p: MmppProfile, st: MmppState, dayStart: number, offsetMin: number, scale = 1): { t: number; absorbed: boolean }[] {
  const out: { t: number; absorbed: boolean }[] = [];
  for (let h = 0; h < 24; h++) {
    const hs = dayStart + h * HOUR;
    const local = new Date(hs + offsetMin * MIN);
    const c = p.curve(local.getUTCHours(), local.getUTCDay());
    let t = hs;
    const end = hs + HOUR;
    for (;;) {
      const leave = st.s === 0 ? p.wake * c * scale : st.s === 1 ? p.sleep * (1.3 - c) + p.absorb * c : p.release;
      const lam = st.s === 0 ? 0 : st.s === 1 ? p.rateAround : p.rateAbsorbed;
      const r = leave + lam;
      if (r <= 0) break;
      t += rng.exp(HOUR / r);
      if (t >= end) break;
      if (rng.next() * r < lam) out.push({ t, absorbed: st.s === 2 });
      else if (st.s === 0) st.s = 1;
      else if (st.s === 2) st.s = 1;
      else st.s = rng.next() * (p.sleep * (1.3 - c) + p.absorb * c) < p.sleep * (1.3 - c) ? 0 : 2;
    }
  }
  return out;
}

/** A Watts-Strogatz small world: n nodes on a ring, k neighbours each side, rewired with probability beta. */
export function smallWorld(rng: Rng, n: number, k: number, beta: number): number[][] {
  const adj: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (let i = 0; i < n; i++) for (let j = 1; j <= k; j++) {
    let to = (i + j) % n;
    if (rng.chance(beta)) to = rng.int(0, n - 1);
    if (to !== i) { adj[i]!.add(to); adj[to]!.add(i); }
  }
  return adj.map((s) => [...s].sort((a, b) => a - b));
}

/**
 * Word of mouth: an SI cascade by day. `seeds` adopt on their given day; each
 * day every adopter passes it to each neighbour with probability `p`. Returns
 * each node's adoption time (ms from the world's start, a random moment of the
 * day), Infinity when never.
 */
export function cascade(rng: Rng, graph: number[][], seeds: [number, number][], p: number, days: number): number[] {
  const at = graph.map(() => Infinity);
  for (const [n, d] of seeds) at[n] = Math.min(at[n]!, d * DAY + rng.next() * DAY);
  for (let d = 0; d < days; d++) {
    const fresh: number[] = [];
    for (let i = 0; i < graph.length; i++) if (at[i]! < d * DAY) for (const j of graph[i]!) if (at[j] === Infinity && rng.chance(p)) fresh.push(j);
    for (const j of fresh) if (at[j] === Infinity) at[j] = d * DAY + rng.next() * DAY;
  }
  return at;
}

/**
 * An AIMD client: the request rate (per minute) grows by `add` after each
 * answered request and halves on a 429; the provider answers 429 once a minute
 * window holds `cap` requests.
 */
export class Aimd {
  private windowStart = -1;
  private inWindow = 0;
  constructor(public rate: number, readonly add: number, readonly cap: number, readonly ceiling: number) {}
  /** Gap to the next request, ms. */
  gap(rng: Rng): number { return rng.exp(MIN / this.rate); }
  /** Whether the request at t is rate limited; adjusts the rate. */
  send(t: number): number {
    const w = Math.floor(t / MIN);
    if (w !== this.windowStart) { this.windowStart = w; this.inWindow = 0; }
    this.inWindow++;
    if (this.inWindow > this.cap) { this.rate = Math.max(0.2, this.rate / 2); return 429; }
    this.rate = Math.min(this.ceiling, this.rate + this.add);
    return 200;
  }
}

export const approxTokens = (s: string): number => Math.max(1, Math.ceil(s.length / 3.7));
