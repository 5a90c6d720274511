/**
 * heldout/v6's event model and log writer.
 *
 * The unit is the organisation: an org owns seats (accounts), keys and apps,
 * and its seats join and leave over the weeks. Three processes drive traffic:
 *
 * - `seat`: a person at a keyboard is a **semi-Markov alternating renewal
 *   process**: OFF periods drawn from a log-normal mixture (a short break or a
 *   long absence), ON periods ("sittings") whose request count is Pareto
 *   (heavy-tailed), and a local-time acceptance curve that defers a sitting
 *   falling in the person's off hours to a later slot.
 * - `appQueue`: an app serving end users is an **M/G/∞ queue fed by a Cox
 *   process**: arrivals per 10-minute slot are Poisson around the app's
 *   market-time curve times a day-level gamma-like popularity draw; each end
 *   user is served independently (a conversation of k turns), so the app's
 *   load is the sum of overlapping conversations.
 * - `workerPool`: a campaign is a **closed queueing network**: a shared queue of
 *   harvest items and a pool of workers (accounts), each on its own shift
 *   windows, taking the next item when free, working it, then pausing.
 *
 * The log is written as three edge servers write it: each line when its answer
 * ends plus that server's drifting shipping delay, each server with its own
 * omissions; file order is write order.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Rng, opaque } from './rng.js';
import type { Client, Country } from './net.js';

export const HOUR = 3_600_000;
export const MIN = 60_000;
export const DAY = 24 * HOUR;

/** local-hour acceptance curves */
export const CURVES = {
  /** evenings and weekends weigh more than working hours */
  person: [0.08, 0.04, 0.02, 0.02, 0.02, 0.04, 0.12, 0.3, 0.45, 0.55, 0.6, 0.6, 0.6, 0.6, 0.55, 0.55, 0.6, 0.65, 0.75, 0.85, 0.9, 0.8, 0.5, 0.2],
  office: [0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.25, 0.75, 0.95, 1, 0.9, 0.6, 0.85, 0.95, 0.95, 0.85, 0.55, 0.25, 0.12, 0.08, 0.05, 0.03, 0.02],
  owl: [0.7, 0.6, 0.45, 0.25, 0.1, 0.05, 0.05, 0.08, 0.15, 0.3, 0.45, 0.5, 0.55, 0.55, 0.6, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.9, 0.8],
  machine: Array.from({ length: 24 }, () => 0.9),
  /** an app's end users: lunch and evening peaks */
  market: [0.15, 0.08, 0.05, 0.04, 0.04, 0.06, 0.15, 0.35, 0.5, 0.6, 0.65, 0.7, 0.8, 0.7, 0.65, 0.7, 0.75, 0.85, 0.95, 1, 0.95, 0.8, 0.55, 0.3],
} as const;
export type Curve = readonly number[];

export const localHour = (t: number, tz: number) => (((t / HOUR + tz) % 24) + 24) % 24;
export const localDow = (t: number, tz: number) => (Math.floor((t + tz * HOUR) / DAY) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
export const isWeekend = (t: number, tz: number) => { const d = localDow(t, tz); return d === 0 || d === 6; };

export interface Habit {
  curve: Curve;
  weekend: number;
  /** probability the next OFF period is a short break */
  shortP: number;
  shortMin: number;
  longH: number;
  /** Pareto tail index of requests per sitting */
  alpha: number;
  maxPer: number;
}

/**
 * A seat's sittings from `from` to `to`: `onSitting(t, n)` sends up to n
 * requests from t and returns when it ended.
 */
export function seat(r: Rng, from: number, to: number, tz: number, h: Habit, onSitting: (t: number, n: number) => number): void {
  let t = from + r.exp(h.longH * HOUR * 0.6);
  while (t < to) {
    let tries = 0;
    for (;;) {
      const a = h.curve[Math.floor(localHour(t, tz))]! * (isWeekend(t, tz) ? h.weekend : 1);
      if (r.chance(a) || ++tries > 300) break;
      t += r.range(12, 70) * MIN;
    }
    if (t >= to) break;
    const n = Math.min(h.maxPer, Math.floor(r.pareto(1, h.alpha)));
    const end = Math.max(t + 1000, onSitting(t, n));
    t = end + (r.chance(h.shortP) ? r.lognormal(h.shortMin * MIN, 0.7) : r.lognormal(h.longH * HOUR, 0.8));
  }
}

/** End-user arrivals to an app: `peakPerHour` at the curve's top, Cox-modulated per day. */
export function appQueue(r: Rng, from: number, to: number, tz: number, peakPerHour: number, curve: Curve, weekend: number, onUser: (t: number, k: number) => void): void {
  let k = 0;
  let day = -1, mood = 1;
  for (let slot = from; slot < to; slot += 10 * MIN) {
    const d = Math.floor(slot / DAY);
    if (d !== day) { day = d; mood = Math.max(0.2, r.lognormal(1, 0.35)); }
    const lam = (peakPerHour / 6) * curve[Math.floor(localHour(slot, tz))]! * (isWeekend(slot, tz) ? weekend : 1) * mood;
    const n = r.poisson(lam);
    const ts: number[] = [];
    for (let i = 0; i < n; i++) ts.push(slot + r.next() * 10 * MIN);
    ts.sort((a, b) => a - b);
    for (const t of ts) onUser(t, k++);
  }
}

export interface Worker { from: number; to: number; shift: (t: number) => number }
/**
 * A closed queueing network: each worker, when free, takes the next item
 * (`take` returns undefined when the queue is empty) and `work` returns when
 * the job ended; then the worker pauses `pause(w, t)`. `shift(t)` is the next
 * time at or after t the worker is on shift (or Infinity).
 */
export function workerPool<T>(workers: readonly Worker[], take: (w: number, t: number) => T | undefined, work: (w: number, t: number, item: T) => number, pause: (w: number, t: number) => number): void {
  const ready = workers.map((w) => w.from);
  for (;;) {
    let best = -1;
    for (let i = 0; i < ready.length; i++) if (ready[i]! < Infinity && (best < 0 || ready[i]! < ready[best]!)) best = i;
    if (best < 0) return;
    const w = workers[best]!;
    const t = w.shift(ready[best]!);
    if (t >= w.to) { ready[best] = Infinity; continue; }
    if (t > ready[best]!) { ready[best] = t; continue; }
    const item = take(best, t);
    if (item === undefined) return;
    const end = work(best, t, item);
    ready[best] = Math.max(end, t + 500) + pause(best, end);
  }
}
/** a shift function: on when the local hour's curve value ≥ `min` (weekends × `weekend`), stepping by 15 minutes */
export function shiftOf(tz: number, curve: Curve, min: number, weekendOn = true): (t: number) => number {
  return (t) => {
    for (let i = 0; i < 4 * 24 * 8; i++) {
      const ok = curve[Math.floor(localHour(t, tz))]! >= min && (weekendOn || !isWeekend(t, tz));
      if (ok) return t;
      t = (Math.floor(t / (15 * MIN)) + 1) * 15 * MIN;
    }
    return Infinity;
  };
}

// ---------------------------------------------------------------- accounts

export interface AccountRow {
  account_id: string; created_at?: string; org_id?: string; email_domain?: string; payment_fingerprint?: string;
  signup_ip?: string; country?: string; tier?: string; verified?: boolean; api_keys?: string[];
}
export interface Acct {
  id: string; org?: string; keys: string[]; created: number;
  persona: string; campaign: string | null;
  country: Country; client: Client;
  models: readonly string[];
  /** endpoint this client uses for chat */
  endpoint: string;
  /** zero-retention organisation: its lines never carry request or response content */
  zdr?: boolean;
  row: AccountRow;
  seq: number;
}
export const OPENAI_MODELS = ['gpt-5', 'gpt-5-mini', 'gpt-4.1', 'o4-mini', 'gpt-5-nano'] as const;
export const ANTHROPIC_MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'] as const;

export interface AcctInit {
  key: string; persona: string; campaign?: string | null; created: number; country: Country; client: Client;
  org?: string; keys?: number; email: string; card?: string; signupIp?: string; tier?: string; verified?: boolean; zdr?: boolean;
  models?: readonly string[]; endpoint?: string; prefix?: string;
}
export function makeAcct(r: Rng, a: AcctInit): Acct {
  const id = `${a.prefix ?? 'acct'}_${opaque(`acct|${a.key}`)}`;
  const keys = Array.from({ length: a.keys ?? 1 }, (_, i) => `key_${opaque(`key|${a.key}|${i}`, 10)}`);
  const models = a.models ?? (a.client.sdk === 'anthropic' ? [r.pick(ANTHROPIC_MODELS), r.pick(ANTHROPIC_MODELS)] : [r.pick(OPENAI_MODELS), r.pick(OPENAI_MODELS)]);
  const endpoint = a.endpoint ?? (a.client.sdk === 'anthropic' ? 'messages' : r.chance(0.25) ? 'responses' : 'chat.completions');
  const row: AccountRow = { account_id: id, created_at: new Date(a.created).toISOString() };
  if (a.org) row.org_id = a.org;
  row.email_domain = a.email;
  if (a.card) row.payment_fingerprint = a.card;
  if (a.signupIp && !r.chance(0.07)) row.signup_ip = a.signupIp;
  if (!r.chance(0.05)) row.country = a.country.cc;
  if (a.tier && !r.chance(0.06)) row.tier = a.tier;
  if (a.verified !== undefined) row.verified = a.verified;
  row.api_keys = keys;
  return { id, org: a.org, keys, created: a.created, persona: a.persona, campaign: a.campaign ?? null, country: a.country, client: a.client, models, endpoint, zdr: a.zdr, row, seq: 0 };
}

// ---------------------------------------------------------------- the log

export type Msg = { role: 'user' | 'assistant' | 'tool'; content: string };
export interface Ask {
  t: number; ip: string;
  model?: string; key?: string; endpoint?: string; ua?: string;
  system?: string; messages: Msg[];
  temperature?: number; top_p?: number; max_tokens?: number; tools?: string[]; stream?: boolean;
  /** real request parameters beyond the contract's list: logprobs, top_logprobs, logit_bias, n, seed, reasoning_effort, thinking */
  ext?: Record<string, unknown>;
  /** answer length the model would produce, in tokens (capped by max_tokens) */
  out: number;
  toolCalls?: number;
  lang?: string;
}

const OPENERS: Record<string, string[]> = {
  en: ['Sure.', 'Here is', 'Good question.', 'Short answer:', 'Let me walk through it.', 'Okay —', 'In brief,'],
  zh: ['好的。', '当然，', '下面是', '简单来说，'],
  ja: ['はい、', 'もちろんです。', '以下に'],
  ru: ['Конечно.', 'Вот', 'Коротко:'],
  es: ['Claro.', 'Aquí tienes', 'En resumen,'],
  pt: ['Claro!', 'Aqui está', 'Resumindo,'],
  de: ['Gern.', 'Hier ist', 'Kurz gesagt:'],
  fr: ['Bien sûr.', 'Voici', 'En bref,'],
  ko: ['네,', '물론입니다.', '요약하면'],
  vi: ['Được.', 'Dưới đây là', 'Tóm lại,'],
};
const FILLER = ['The main point is the first step.', 'This follows from the definition.', 'Each case is checked in turn.', 'That gives the result below.',
  'You can verify it by substituting back.', 'There are two common ways to do this.', 'Note the edge case.', 'In practice this is enough.'];

function answerText(r: Rng, a: Ask): string {
  const last = a.messages[a.messages.length - 1]?.content ?? '';
  const words = last.split(/\s+/).filter((w) => w.length > 3).slice(0, 40);
  const parts = [r.pick(OPENERS[a.lang ?? 'en'] ?? OPENERS.en!)];
  for (let i = 0; i < 3 && words.length; i++) parts.push(r.pick(words));
  const n = Math.min(6, 1 + Math.floor(a.out / 60));
  for (let i = 0; i < n; i++) parts.push(r.pick(FILLER));
  return parts.join(' ').slice(0, 300);
}

interface Edge { name: string; base: number; amp: number; period: number; phase: number }
const EDGES: Edge[] = [
  { name: 'fra', base: 800, amp: 25_000, period: 5.3 * HOUR, phase: 0.3 },
  { name: 'bom', base: 4_000, amp: 70_000, period: 9.1 * HOUR, phase: 2.1 },
  { name: 'iad', base: 1_500, amp: 40_000, period: 7.7 * HOUR, phase: 4.4 },
];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** RFC 3339 at a fixed offset of +05:30, as the bom edge writes it */
function tsIst(t: number): string {
  const d = new Date(t + 5.5 * HOUR);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+05:30`;
}

export class Log {
  private lines: { w: number; s: string }[] = [];
  exchanges = 0;
  byPersona = new Map<string, number>();
  constructor(readonly from: number, readonly to: number) {}

  /**
   * Sends one request (and its retries on 429 / 5xx) and returns when the
   * answer ended; exchanges starting after the world's end are dropped.
   */
  send(acct: Acct, a: Ask): number {
    if (a.t < acct.created || a.t < this.from) throw new Error(`heldout/v6: ${acct.persona} ${acct.id} sends at ${new Date(a.t).toISOString()}, before it exists or the world starts`);
    const r = new Rng('x', acct.id, acct.seq);
    let t = a.t;
    for (let attempt = 0; attempt < 4; attempt++) {
      if (t >= this.to) return t;
      const u = r.next();
      const status = attempt < 3 && u < 0.006 ? 429 : attempt < 3 && u < 0.0085 ? r.pick([500, 503, 529]) : 200;
      const end = this.write(acct, { ...a, t }, r, status);
      if (status === 200) return end;
      t = end + (status === 429 ? r.range(2, 25) * 1000 * (attempt + 1) : r.range(0.5, 4) * 1000);
    }
    return t;
  }

  private write(acct: Acct, a: Ask, r: Rng, status: number): number {
    const idn = acct.seq++;
    const isAnth = (a.endpoint ?? acct.endpoint) === 'messages';
    const cap = a.max_tokens ?? 1_000_000;
    const out = status === 200 ? Math.max(1, Math.min(cap, Math.round(a.out))) : 0;
    const latency = status === 200 ? Math.min(95_000, Math.round(r.range(220, 900) + out * r.range(7, 22))) : Math.round(r.range(40, 400));
    const edge = EDGES[Math.floor(r.next() * EDGES.length)]!;
    const delay = edge.base + edge.amp * (0.5 + 0.5 * Math.sin(a.t / edge.period + edge.phase)) + r.exp(1500);
    const w = a.t + latency + Math.min(delay, 110_000);
    const o: Record<string, unknown> = { id: `req_${opaque(`${acct.id}|${idn}`, 10)}${idn.toString(36)}`, ts: edge.name === 'bom' ? tsIst(a.t) : new Date(a.t).toISOString(), account_id: acct.id };
    if (acct.org && edge.name !== 'iad') o.org_id = acct.org;
    if (edge.name !== 'bom') o.api_key_id = a.key ?? acct.keys[0];
    if (!(edge.name === 'iad' && r.chance(0.08))) o.ip = a.ip;
    const ua = a.ua ?? acct.client.ua;
    if (ua && !(edge.name === 'iad' && r.chance(0.5))) o.user_agent = ua;
    const model = a.model ?? acct.models[0]!;
    if (!r.chance(0.01)) o.model = model;
    if (edge.name !== 'fra' || r.chance(0.9)) o.endpoint = a.endpoint ?? acct.endpoint;
    const dropContent = acct.zdr || (edge.name === 'iad' && r.chance(0.25));
    if (!dropContent) {
      const q: Record<string, unknown> = {};
      if (a.system) q.system = a.system;
      q.messages = a.messages;
      if (a.temperature !== undefined) q.temperature = a.temperature;
      if (a.top_p !== undefined) q.top_p = a.top_p;
      if (a.max_tokens !== undefined) q.max_tokens = a.max_tokens;
      if (a.tools?.length) q.tools = a.tools;
      q.stream = a.stream ?? r.chance(acct.client.stream);
      if (a.ext && edge.name !== 'iad') Object.assign(q, a.ext);
      o.request = q;
      if (status === 200) {
        const text = answerText(r, a);
        const stop = a.toolCalls ? (isAnth ? 'tool_use' : 'tool_calls') : out >= cap ? (isAnth ? 'max_tokens' : 'length') : isAnth ? 'end_turn' : 'stop';
        const resp: Record<string, unknown> = { text: edge.name === 'iad' ? text.slice(0, 100) : text, stop_reason: stop };
        if (a.toolCalls) resp.tool_calls = a.toolCalls;
        o.response = resp;
      }
    }
    if (!(edge.name === 'bom' && r.chance(0.4))) {
      let chars = (a.system?.length ?? 0);
      for (const m of a.messages) chars += m.content.length;
      o.usage = { input_tokens: Math.ceil(chars / 3.7) + 8, output_tokens: out };
    }
    o.status = status;
    if (edge.name !== 'iad') o.latency_ms = latency;
    let s = JSON.stringify(o);
    // about one line in 8,000 is broken on the way: cut, without account, or a numeric ts
    const m = r.next();
    if (m < 0.00004) s = s.slice(0, Math.floor(s.length / 2));
    else if (m < 0.00008) { delete o.account_id; s = JSON.stringify(o); }
    else if (m < 0.000125) { o.ts = a.t; s = JSON.stringify(o); }
    this.lines.push({ w, s });
    this.exchanges++;
    this.byPersona.set(acct.persona, (this.byPersona.get(acct.persona) ?? 0) + 1);
    return a.t + latency;
  }

  /** writes the log in write order, gzip-compressed, in chunks (a ×10 world is larger than one string may be) */
  async writeGzip(path: string): Promise<void> {
    this.lines.sort((x, y) => x.w - y.w || (x.s < y.s ? -1 : x.s > y.s ? 1 : 0));
    const gz = createGzip({ level: 6 });
    const done = pipeline(gz, createWriteStream(path));
    for (let i = 0; i < this.lines.length; i += 20_000) {
      const chunk = this.lines.slice(i, i + 20_000).map((l) => l.s).join('\n') + '\n';
      if (!gz.write(chunk)) await new Promise((res) => gz.once('drain', res));
    }
    gz.end();
    await done;
    this.lines = [];
  }
}
