/**
 * heldout/v9's event model.
 *
 * People (and the end users behind an app) are **attention-budget agents**
 * stepped on a ten-minute clock: needs ("something to ask") arrive at a
 * personal rate and pile up in a backlog; a person is free with a probability
 * that follows their local day (a chronotype shift, work or school hours,
 * weekends); while free with a backlog they start a sitting with a probability
 * that falls with their **fatigue**, a reservoir that every exchange fills (by
 * a cost that grows with the prompt's length) and that drains exponentially
 * (half-life 30–150 minutes). A sitting ends when fatigue passes the person's
 * tolerance, the backlog empties, or an **interruption** arrives (a call, a
 * meeting, a bus stop: a few percent per turn); an interrupted conversation is
 * **resumed** in a later sitting with its history. So activity comes in
 * bounded sittings whose length is set by effort spent, not by a hidden state,
 * self-excitation, renewal draw, hourly Poisson or priority queue.
 *
 * Scripts (benchmarks, CI, apps' back ends, labelling shops, harvesters) are
 * **budget pacers**: a job has a token budget for its window (a day's spend,
 * a run's size) and a pool of workers; a pacer spreads the remaining budget
 * over the remaining window (the worker's next send waits so that spend keeps
 * pace), and each account has a **token bucket** (tokens per minute, refilled
 * continuously); a request the bucket cannot cover gets a 429 with a
 * Retry-After of the time to refill, and the worker waits that long.
 */
import { Rng, tag } from './rng.js';

export const MIN = 60_000, HOUR = 3_600_000, DAY = 86_400_000;

export interface Msg { role: 'user' | 'assistant' | 'tool'; content: string }
export interface Account {
  id: string; org?: string; keys: string[]; country: string; tz: number; created: number;
  /** tokens per minute the tier allows, and requests per minute */
  tpm: number; rpm: number;
  zeroRetention?: boolean;
  /** token bucket state */
  level?: number; last?: number; recent?: number[];
}
export interface Req {
  ip: string; ua: string; model?: string; endpoint?: string; system?: string; messages: Msg[];
  temperature?: number; top_p?: number; max_tokens?: number; tools?: string[]; stream?: boolean;
  extra?: Record<string, unknown>;
  /** the answer's length in tokens and its kind (for the stand-in text) */
  out: number; toolCalls?: number; stop?: string; lang?: string;
}
/** one logged exchange before the edge formats it */
export interface Rec { t: number; done: number; id: string; acct: Account; key: string; req: Req; status: number; text: string; inTok: number; outTok: number; latency: number }

/** where exchanges go: formatted into a log line as they are made (nothing large is kept) */
export class Sink {
  private n = new Map<string, number>();
  constructor(private readonly emit: (r: Rec) => void) {}
  /** the next request id of a stream: unique over the world, the same for the same stream at any scale */
  id(stream: string): string { const k = (this.n.get(stream) ?? 0) + 1; this.n.set(stream, k); return `req_${tag(`${stream}#${k}`, 16)}`; }
  push(r: Rec): void { this.emit(r); }
}

const tokens = (s: string): number => Math.max(1, Math.round(s.length / 3.8));
const OPEN: Record<string, string[]> = {
  en: ['Sure.', 'Here is', 'Good question.', 'Let me explain.', 'Short answer:'],
  ru: ['Конечно.', 'Вот ответ:', 'Хороший вопрос.'], zh: ['好的。', '以下是', '这个问题'], ja: ['はい。', '以下に', 'ご質問ありがとうございます。'],
  ko: ['네,', '다음은'], de: ['Gern.', 'Hier ist'], fr: ['Bien sûr.', 'Voici'], es: ['Claro.', 'Aquí tienes'], pt: ['Claro.', 'Aqui está'], pl: ['Jasne.', 'Oto'],
};
const TAIL = ['I hope that helps.', 'Let me know if you want more detail.', 'That is the main idea.', 'Each step follows from the one before.', 'This covers the usual cases.'];
/** the stand-in answer text a logger keeps (at most 220 characters) */
export function answer(r: Rng, prompt: string, lang: string, kind: 'text' | 'label' | 'json' | 'tool'): string {
  if (kind === 'label') return r.pick(['A', 'B', 'C', 'D', 'positive', 'negative', 'neutral', 'yes', 'no', '1', '0']);
  if (kind === 'json') return `{"score": ${r.int(1, 10)}, "rationale": "${r.pick(['The response is accurate', 'Assistant A is more helpful', 'Both answers are similar', 'The answer misses a step'])}"}`;
  if (kind === 'tool') return '';
  const words = prompt.replace(/\s+/g, ' ').split(' ').filter((w) => w.length > 3);
  const start = words.length > 6 ? r.int(0, words.length - 6) : 0;
  const s = `${r.pick(OPEN[lang] ?? OPEN.en!)} ${words.slice(start, start + r.int(3, 9)).join(' ')} ${r.pick(TAIL)}`;
  return s.length > 220 ? s.slice(0, 220) : s;
}

/**
 * Sends one request from `acct` at `t` through its token bucket and the
 * per-minute request cap. Returns the time the answer finished and whether it
 * succeeded; a refused request is logged as a 429 and `retryAt` says when the
 * bucket can cover it.
 */
export function send(sink: Sink, r: Rng, stream: string, acct: Account, t: number, req: Req, key?: string): { ok: boolean; end: number; retryAt: number; text: string; status: number } {
  const prompt = (req.system ?? '') + req.messages.map((m) => m.content).join('\n');
  const inTok = tokens(prompt) + (req.tools?.length ?? 0) * 60;
  const cost = inTok + Math.min(req.out, req.max_tokens ?? req.out);
  // bucket
  const cap = acct.tpm;
  if (acct.level === undefined) { acct.level = cap; acct.last = t; acct.recent = []; }
  acct.level = Math.min(cap, acct.level + ((t - acct.last!) / MIN) * cap);
  acct.last = t;
  const recent = acct.recent!;
  while (recent.length && recent[0]! < t - MIN) recent.shift();
  const k = key ?? acct.keys[0]!;
  if (acct.level < Math.min(cost, cap * 0.9) || recent.length >= acct.rpm) {
    const waitTok = Math.max(0, ((Math.min(cost, cap * 0.9) - acct.level) / cap) * MIN);
    const waitReq = recent.length >= acct.rpm ? recent[0]! + MIN - t : 0;
    const retryAt = t + Math.max(waitTok, waitReq, 1000) + r.uni(200, 3000);
    sink.push({ t, done: t + r.uni(30, 250), id: sink.id(stream), acct, key: k, req: { ...req, out: 0 }, status: 429, text: '', inTok: 0, outTok: 0, latency: Math.round(r.uni(20, 200)) });
    return { ok: false, end: t + 300, retryAt, text: '', status: 429 };
  }
  acct.level -= cost;
  recent.push(t);
  const status = r.chance(0.004) ? (r.chance(0.6) ? 500 : 503) : 200;
  const out = status === 200 ? Math.max(1, Math.min(req.max_tokens ?? 1e9, Math.round(req.out))) : 0;
  const perTok = req.model?.includes('think') ? r.uni(12, 25) : r.uni(6, 16);
  const latency = status === 200 ? Math.round(r.uni(250, 900) + out * perTok) : Math.round(r.uni(100, 30000));
  const kind = req.toolCalls ? 'tool' : req.stop === 'label' ? 'label' : req.stop === 'json' ? 'json' : 'text';
  const last = req.messages.at(-1)?.content ?? '';
  const text = status === 200 ? answer(r, last, req.lang ?? 'en', kind) : '';
  sink.push({ t, done: t + latency, id: sink.id(stream), acct, key: k, req, status, text, inTok, outTok: out, latency });
  if (status !== 200) return { ok: false, end: t + latency, retryAt: t + latency + r.uni(1000, 8000), text, status };
  return { ok: true, end: t + latency, retryAt: t, text, status };
}

/** sends until it succeeds (at most `tries`), waiting out 429s and errors; returns the end of the last attempt */
export function sendRetry(sink: Sink, r: Rng, stream: string, acct: Account, t: number, req: Req, tries = 4, key?: string): { ok: boolean; end: number; text: string; spent: number } {
  for (let i = 0; i < tries; i++) {
    const s = send(sink, r, stream, acct, t, req, key);
    if (s.ok) return { ...s, spent: req.out };
    t = s.retryAt;
  }
  return { ok: false, end: t, text: '', spent: 0 };
}

// ---------------- attention-budget agents ----------------

/** a conversation a person drives, one turn at a time */
export interface Conv {
  /** sends the next turn at `t`; returns when the person has read the answer */
  turn(t: number): number;
  /** turns left */
  left(): number;
  /** fatigue one more turn costs */
  cost(): number;
}

export interface Person {
  rng: Rng;
  /** local offset from UTC, hours */
  tz: number;
  /** needs per day on an ordinary day */
  rate: number;
  /** hours the person's day is shifted (a night owl +3, an early bird -2) */
  shift: number;
  /** works or studies on weekdays (less free in working hours) */
  busyWeekdays: boolean;
  /** fatigue half-life, minutes, and the level at which a sitting stops */
  halfLife: number; tolerance: number;
  /** chance per turn of being interrupted */
  interrupt: number;
}

export function newPerson(r: Rng, tz: number, rate: number, busy = true): Person {
  return { rng: r, tz, rate, shift: r.weighted([[0, 5], [2, 2], [-1.5, 2], [4, 1]] as const) + r.uni(-1, 1), busyWeekdays: busy, halfLife: r.uni(30, 150), tolerance: r.uni(1.2, 4), interrupt: r.uni(0.02, 0.09) };
}

/** how free a person is at local hour `h` on local weekday `wd` (0 Sunday) */
export function freeness(p: Person, h: number, wd: number): number {
  const x = (((h - p.shift) % 24) + 24) % 24;
  let f = x < 7 ? 0.01 : x < 8 ? 0.25 : x < 12 ? 0.5 : x < 14 ? 0.65 : x < 18 ? 0.5 : x < 22 ? 0.9 : x < 23.5 ? 0.5 : 0.1;
  if (p.busyWeekdays && wd >= 1 && wd <= 5 && x >= 9 && x < 17) f *= 0.45;
  if (wd === 0 || wd === 6) f *= x >= 9 ? 1.1 : 0.8;
  return Math.min(1, f);
}

/**
 * Runs a person from `from` to `to`. `need(t)` scales the arrival of needs
 * (a deadline, an event); `next(t)` makes the conversation for a need.
 */
export function live(p: Person, from: number, to: number, need: (t: number) => number, next: (t: number) => Conv | undefined): void {
  const r = p.rng;
  const tick = 10 * MIN;
  let backlog = r.uni(0, 1.5), fatigue = 0, busyUntil = from, last = from;
  let parked: Conv | undefined;
  for (let t = from + r.uni(0, tick); t < to; t += tick) {
    fatigue *= Math.pow(0.5, (t - last) / (p.halfLife * MIN));
    last = t;
    backlog += r.poisson((p.rate * need(t) * tick) / DAY);
    if (t < busyUntil) continue;
    const local = t + p.tz * HOUR;
    const h = (local % DAY) / HOUR;
    const wd = (Math.floor(local / DAY) + 4) % 7; // 1970-01-01 was a Thursday
    const want = 1 - Math.exp(-backlog - (parked ? 1 : 0));
    if (!r.chance(freeness(p, h, wd) * want * Math.max(0, 1 - fatigue / p.tolerance) * 0.7)) continue;
    // a sitting
    let s = t + r.uni(0, tick);
    for (;;) {
      const conv = parked ?? next(s);
      parked = undefined;
      if (!conv) { backlog = Math.max(0, backlog - 1); break; }
      let cut = false;
      while (conv.left() > 0 && s < to) {
        s = conv.turn(s);
        fatigue += conv.cost();
        if (r.chance(p.interrupt)) { cut = true; break; }
        if (fatigue > p.tolerance * 1.2) break;
        s += r.lognormal(40_000, 0.8);
      }
      if (conv.left() > 0) parked = conv; else backlog = Math.max(0, backlog - 1);
      if (cut) { s += r.lognormal(45 * MIN, 0.9); break; }
      if (fatigue > p.tolerance || backlog < 0.5 || s >= to) break;
      s += r.lognormal(3 * MIN, 1);
    }
    busyUntil = s;
  }
}

/** a conversation from prompts known in advance; each turn re-sends the history */
export function scripted(r: Rng, prompts: string[], sendTurn: (t: number, msgs: Msg[]) => { end: number; text: string }, readMs = 25_000): Conv {
  const hist: Msg[] = [];
  let i = 0;
  return {
    left: () => prompts.length - i,
    cost: () => 0.12 + Math.min(0.5, (prompts[Math.min(i, prompts.length - 1)]?.length ?? 0) / 4000),
    turn(t: number) {
      const p = prompts[i++]!;
      const msgs: Msg[] = [...hist, { role: 'user', content: p }];
      const s = sendTurn(t, msgs);
      hist.push({ role: 'user', content: p }, { role: 'assistant', content: s.text || '…' });
      return s.end + r.lognormal(readMs, 0.7);
    },
  };
}

// ---------------- budget pacers ----------------

export interface PaceJob {
  rng: Rng;
  /** the window [start, end) */
  start: number; end: number;
  /** tokens the job may spend in the window (Infinity: until the items run out) */
  budget: number;
  workers: number;
  /** sends the next item from worker `w` at `t`: its end time and the tokens it spent, or undefined when nothing is left */
  step(t: number, w: number): { end: number; spent: number } | undefined;
}

/** drains a job: the worker that is free first sends next, paced so the budget lasts the window */
export function pace(j: PaceJob): number {
  const free = Array.from({ length: j.workers }, (_, i) => j.start + i * j.rng.uni(50, 900));
  let spent = 0, sent = 0;
  for (;;) {
    let w = 0;
    for (let i = 1; i < free.length; i++) if (free[i]! < free[w]!) w = i;
    const t = free[w]!;
    if (t >= j.end || spent >= j.budget) break;
    const s = j.step(t, w);
    if (!s) break;
    spent += s.spent;
    sent++;
    let next = s.end + j.rng.exp(400);
    if (Number.isFinite(j.budget)) {
      // spend so far against the share of the window gone: ahead of pace waits, behind goes at once
      const gone = (next - j.start) / (j.end - j.start);
      const ahead = spent / j.budget - gone;
      if (ahead > 0) next += ahead * (j.end - j.start) * j.rng.uni(0.5, 1.0) / Math.max(1, j.workers);
    }
    free[w] = next;
  }
  return sent;
}

export const localDay = (t: number, tz: number): number => Math.floor((t + tz * HOUR) / DAY);
export const weekday = (t: number, tz: number): number => (localDay(t, tz) + 4) % 7;
/** UTC time of local `hour` on the local day containing `t` */
export const atLocal = (t: number, tz: number, hour: number): number => localDay(t, tz) * DAY - tz * HOUR + hour * HOUR;
