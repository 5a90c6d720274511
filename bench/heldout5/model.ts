/**
 * The event model of heldout/v5: every account is a small agent stepped in
 * event time. Between visits it idles; a visit starts at the points of an
 * inhomogeneous Poisson process (its hours, weekdays, life stage) that excites
 * itself after each visit (a Hawkes kernel: a visit makes another one soon more
 * likely, which gives the bursts real people and scripts show), drawn by
 * thinning. A visit is a session, a multi-turn conversation or a tool loop,
 * each unrolled exchange by exchange with its own gaps. The world collects the
 * exchanges, and `world.ts` writes them as edge servers would.
 */
import { Rng } from './rng.js';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface Account {
  id: string;
  created: number;
  org?: string;
  email_domain: string;
  payment: string;
  signup_ip: string;
  country: string;
  tier: string;
  verified?: boolean;
  key: string;
  label: 'benign' | 'campaign';
  campaign: string | null;
  persona: string;
  /** in the account table, never in the logs */
  dormant?: boolean;
}

export interface Msg { role: 'user' | 'assistant' | 'tool'; content: string }
export interface Req {
  system?: string;
  messages: Msg[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  tools?: string[];
  stream?: boolean;
  logprobs?: boolean;
  top_logprobs?: number;
  logit_bias?: Record<string, number>;
  n?: number;
  seed?: number;
  reasoning_effort?: string;
  thinking?: { type: 'enabled'; budget_tokens: number };
}
export type Kind = 'label' | 'short' | 'chat' | 'long' | 'code' | 'reasoning' | 'translation' | 'tool' | 'judge';
export interface Exchange {
  t: number;
  acct: Account;
  ip: string;
  ua: string;
  model: string;
  endpoint: string;
  req: Req;
  kind: Kind;
  /** the provider keeps no content for this account (zero retention) */
  noContent?: boolean;
  toolCall?: boolean;
}
export interface Answer { text: string; tokens: number; stop: string; latency: number; status: number }

/** collects exchanges; `world.ts` implements it */
export interface Sink { emit(x: Exchange, r: Rng): Answer }

/** the hour of day, 0..24, at a UTC offset */
export const localHour = (t: number, tz: number) => (((t / HOUR + tz) % 24) + 24) % 24;
/** 0 = Monday */
export const weekday = (t: number, tz: number) => Math.floor((t + tz * HOUR) / DAY + 3) % 7;

/** hourly activity shapes, relative, indexed by local hour */
export const SHAPES: Record<string, readonly number[]> = {
  person: [0.3, 0.15, 0.08, 0.05, 0.05, 0.08, 0.2, 0.4, 0.6, 0.8, 0.9, 1, 1, 0.95, 0.9, 0.9, 0.9, 0.85, 0.8, 0.85, 0.95, 1, 0.8, 0.5],
  office: [0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.2, 0.7, 1, 1, 1, 0.6, 0.9, 1, 1, 0.9, 0.6, 0.25, 0.1, 0.06, 0.04, 0.02, 0.01],
  student: [0.5, 0.3, 0.15, 0.05, 0.03, 0.03, 0.05, 0.15, 0.5, 0.7, 0.7, 0.6, 0.5, 0.7, 0.8, 0.8, 0.7, 0.6, 0.6, 0.8, 1, 1, 0.9, 0.7],
  nightowl: [1, 0.9, 0.7, 0.4, 0.2, 0.1, 0.05, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5, 0.6, 0.7, 0.8, 0.8, 0.9, 1, 1, 1, 1],
  flat: new Array(24).fill(1),
};
export function shapeAt(shape: readonly number[], t: number, tz: number): number {
  const h = localHour(t, tz);
  const i = Math.floor(h);
  const f = h - i;
  return shape[i]! * (1 - f) + shape[(i + 1) % 24]! * f;
}
export const weekendFactor = (t: number, tz: number, weekend: number) => (weekday(t, tz) >= 5 ? weekend : 1);

export interface Hazard {
  /** visits per hour at time t, before self-excitation */
  base(t: number): number;
  /** an upper bound of base() */
  max: number;
  /** added visits per hour right after a visit, decaying with `tauH` hours */
  alpha?: number;
  tauH?: number;
}

/**
 * Steps one agent from `start` to `end`: idle until the next accepted visit
 * (Ogata thinning over base + excitation), run the visit, which returns when it
 * ended, and go on from there.
 */
export function stepAgent(r: Rng, start: number, end: number, h: Hazard, visit: (t: number) => number): void {
  const alpha = h.alpha ?? 0;
  const tau = (h.tauH ?? 1) * HOUR;
  let t = start;
  let ex = 0;
  let tEx = start;
  for (let guard = 0; guard < 200_000; guard++) {
    const exNow = ex * Math.exp(-(t - tEx) / tau);
    const lmax = h.max + exNow;
    if (lmax <= 0) return;
    t += r.exp(lmax) * HOUR;
    if (t >= end) return;
    const exT = ex * Math.exp(-(t - tEx) / tau);
    if (r.next() * lmax > h.base(t) + exT) continue;
    const done = visit(t);
    ex = exT + alpha;
    tEx = t;
    t = Math.max(t, done);
  }
}

/** a visit's shared setting: who, from where, with what client and parameters */
export interface Setting {
  acct: Account;
  ip: () => string;
  ua: string;
  model: string;
  endpoint: string;
  system?: string;
  tools?: string[];
  params?: Omit<Req, 'messages' | 'system' | 'tools'>;
  noContent?: boolean;
}

/** keeps the last few turns, as chat clients trim history */
const trim = (ms: Msg[], keep: number) => (ms.length > keep ? ms.slice(ms.length - keep) : ms);

/**
 * A conversation: each turn re-sends the prior turns with the answers the
 * model gave, then waits a think time. Returns when the last answer ended.
 */
export function conversation(sink: Sink, r: Rng, t0: number, s: Setting, turns: readonly string[], kind: Kind | ((i: number) => Kind), think: (r: Rng, i: number) => number, keep = 12): number {
  let t = t0;
  const hist: Msg[] = [];
  for (let i = 0; i < turns.length; i++) {
    hist.push({ role: 'user', content: turns[i]! });
    const k = typeof kind === 'function' ? kind(i) : kind;
    const a = sendRetrying(sink, r, t, s, { ...s.params, system: s.system, tools: s.tools, messages: trim(hist, keep).slice() }, k);
    hist.push({ role: 'assistant', content: a.text });
    t += a.latency + think(r, i);
  }
  return t;
}

/**
 * A tool loop as agent frameworks run it: the model asks for a tool, the
 * framework runs it and sends the result back, until the model answers.
 */
export function toolLoop(sink: Sink, r: Rng, t0: number, s: Setting, task: string, steps: number, toolResult: (r: Rng, i: number) => string, gap: (r: Rng) => number): number {
  let t = t0;
  const hist: Msg[] = [{ role: 'user', content: task }];
  for (let i = 0; i <= steps; i++) {
    const last = i === steps;
    const a = sendRetrying(sink, r, t, s, { ...s.params, system: s.system, tools: s.tools, messages: trim(hist, 14).slice() }, last ? 'chat' : 'tool', !last);
    t += a.latency + gap(r);
    if (last) break;
    hist.push({ role: 'assistant', content: a.text });
    hist.push({ role: 'tool', content: toolResult(r, i) });
  }
  return t;
}

/** one request; a 429 or 5xx is retried after a back-off, as SDKs do */
export function sendRetrying(sink: Sink, r: Rng, t: number, s: Setting, req: Req, kind: Kind, toolCall = false): Answer {
  for (let attempt = 0; ; attempt++) {
    const a = sink.emit({ t, acct: s.acct, ip: s.ip(), ua: s.ua, model: s.model, endpoint: s.endpoint, req, kind, noContent: s.noContent, toolCall }, r);
    if (a.status === 200 || attempt >= 3) return a;
    t += a.latency + (2 ** attempt) * 1000 * (1 + r.next());
  }
}
