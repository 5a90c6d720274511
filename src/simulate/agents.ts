/**
 * Machine-driven actors shared by benign personas and campaign strategies: a
 * back end relaying many end users, an agent loop with tools, a nightly batch,
 * a benchmark run, a fixed-period script. Who uses them, with what content and
 * infrastructure, is decided in personas.ts and strategies.ts.
 */
import type { Actor } from './actor.js';
import { historyOf } from './actor.js';
import { nextActive, type Activity } from './infra.js';
import type { Call, Client, Ctx, Msg, ProbeFields, SimAccount } from './kit.js';
import { clip, HISTORY_CAP } from './kit.js';
import type { Rng } from './rng.js';
import { responseText, type ResponseKind } from './text/responses.js';

const DAY = 86_400_000;

/** One request's content, as a back end or a script builds it. */
export interface Content {
  system?: string;
  /** the user turns of the conversation; the request carries turns[depth] as the new one */
  turns: string[];
  depth: number;
  lang: string;
  kind: ResponseKind;
  outMedian: number;
  outSigma?: number;
  maxTokens?: number;
  temperature?: number;
  tools?: string[];
  /** the request's probing fields, when the client sends them and the logger keeps them */
  probe?: ProbeFields;
  /** the answer's text as it is (a label, a letter, a token) */
  answer?: string;
}

export interface StreamOpts {
  acc: SimAccount | (() => SimAccount);
  rng: Rng;
  activity: Activity;
  perDay: number;
  from: number;
  until: number;
  client: Client;
  ip: (t: number, acc: SimAccount) => string;
  model: (t: number) => string;
  content: (t: number) => Content;
  /** the key a request is signed with (default: one of the account's keys at random) */
  key?: (acc: SimAccount) => string;
  /** chance a request is refused with 429 (rate limit) or fails with 5xx */
  p429?: number;
  p5xx?: number;
  /** called after a 429 with the refused call: campaigns retry it elsewhere */
  on429?: (ctx: Ctx, t: number, call: Call) => void;
}

/** Builds the call for `content`, shared by every stream-like actor. */
export function contentCall(rng: Rng, c: Content, client: Client, ip: string, model: string, key: string): Call {
  return {
    ip,
    model,
    client,
    key,
    system: c.system,
    history: c.depth > 0 ? historyOf(rng, c.turns, c.depth, c.kind, c.lang) : undefined,
    last: { role: 'user', content: c.turns[c.depth] },
    lang: c.lang,
    tools: c.tools,
    kind: c.kind,
    outTokens: rng.lognormal(c.outMedian, c.outSigma ?? 0.55),
    maxTokens: c.maxTokens,
    temperature: c.temperature,
    probe: c.probe,
    answer: c.answer,
  };
}

/**
 * Independent requests at a rate shaped by an activity profile: an app back end
 * relaying its users, or a script. Many conversations interleave, so each
 * request carries its own history rather than the actor keeping one.
 */
export class StreamActor implements Actor {
  expected: number;
  constructor(private o: StreamOpts) {
    this.expected = (o.perDay * (o.until - o.from)) / DAY;
  }
  first(): number {
    const n = nextActive(this.o.rng, this.o.from, this.o.perDay, this.o.activity);
    return n < this.o.until ? n : Infinity;
  }
  step(ctx: Ctx, t: number): number {
    const o = this.o;
    const rng = o.rng;
    const acc = typeof o.acc === 'function' ? o.acc() : o.acc;
    const call = contentCall(rng, o.content(t), o.client, o.ip(t, acc), o.model(t), o.key ? o.key(acc) : rng.pick(acc.keys));
    if (o.p429 && rng.chance(o.p429)) call.status = 429;
    else if (o.p5xx && rng.chance(o.p5xx)) call.status = rng.pick([500, 502, 529]);
    ctx.emit(acc, t, call);
    if (call.status === 429 && o.on429) o.on429(ctx, t, call);
    const n = nextActive(rng, t, o.perDay, o.activity);
    return n < o.until ? n : Infinity;
  }
}

/** A fixed-period script (the naive campaign): perfect regularity, around the clock. */
export class PeriodicActor implements Actor {
  expected: number;
  constructor(private acc: SimAccount, private rng: Rng, private periodMs: number, private from: number, private until: number, private make: (t: number) => Call) {
    this.expected = (until - from) / periodMs;
  }
  first(): number {
    return this.from + this.rng.range(0, this.periodMs);
  }
  step(ctx: Ctx, t: number): number {
    ctx.emit(this.acc, t, this.make(t));
    // a few ms of jitter from the event loop, nothing more
    const n = t + this.periodMs + this.rng.range(0, 40);
    return n < this.until ? n : Infinity;
  }
}

export interface AgentTask {
  text: string;
  lang: string;
  tools: string[];
  /** what the final answer looks like */
  kind: ResponseKind;
}

export interface AgentOpts {
  acc: SimAccount;
  rng: Rng;
  activity: Activity;
  sessionsPerDay: number;
  /** mean model calls per session (tool loop length) */
  callsMean: number;
  /** median seconds between calls (tool execution time) */
  gapSec: number;
  from: number;
  until: number;
  client: Client;
  system?: string;
  ip: (t: number) => string;
  model: (t: number) => string;
  task: (t: number) => AgentTask;
  maxTokens?: number;
  /**
   * Session start times set by someone else (a workshop's instructor saying
   * "now paste step 3"), sorted; when given, sessions start at these times
   * (or as soon as the previous one ends) instead of at the activity profile's.
   */
  starts?: readonly number[];
  /** the account's rate limit, when it has one */
  limit?: RateLimit;
}

/**
 * A free tier's rate limit on one account, shared by the actors that use it:
 * `rpm` requests accepted per rolling minute; a request over it is refused
 * (429) and the client sends it again on the same account after `retrySec`
 * seconds, doubling while it is refused.
 */
export interface RateLimit {
  rpm: number;
  retrySec: number;
  /** accepted request times in the last minute */
  recent: number[];
}

/**
 * An agent loop: a task, then model calls alternating with tool results until
 * the final answer. Each call resends the growing conversation, as agent
 * frameworks do; the logger keeps its newest messages, truncated.
 */
export class AgentActor implements Actor {
  expected: number;
  private task: AgentTask | null = null;
  private msgs: Msg[] = [];
  private left = 0;
  private ip = '';
  private model = '';
  private key = '';
  private refused = 0;
  private nextStart = 0;

  constructor(private o: AgentOpts) {
    this.expected = o.starts
      ? o.starts.filter((t) => t >= o.from && t < o.until).length * (o.callsMean + 1)
      : (o.sessionsPerDay * (o.callsMean + 1) * (o.until - o.from)) / DAY;
  }
  /** When the next session starts after `t`: the schedule's next time, or the activity profile's. */
  private nextSession(t: number): number {
    const o = this.o;
    if (o.starts) {
      const n = this.nextStart < o.starts.length ? Math.max(t, o.starts[this.nextStart++]) : Infinity;
      return n < o.until ? n : Infinity;
    }
    const n = nextActive(o.rng, t, o.sessionsPerDay, o.activity);
    return n < o.until ? n : Infinity;
  }
  first(): number {
    return this.nextSession(this.o.from);
  }
  step(ctx: Ctx, t: number): number {
    const o = this.o;
    const rng = o.rng;
    if (!this.task) {
      this.task = o.task(t);
      this.msgs = [];
      this.left = rng.geometric(o.callsMean) + 1;
      this.ip = o.ip(t);
      this.model = o.model(t);
      this.key = rng.pick(o.acc.keys);
    }
    const task = this.task;
    const limit = o.limit;
    if (limit) {
      const recent = limit.recent;
      while (recent.length > 0 && recent[0] <= t - 60_000) recent.shift();
      if (recent.length >= limit.rpm) {
        // refused: the same request is sent again on this account after a back-off
        const last: Msg = this.msgs.length === 0 ? { role: 'user', content: task.text } : { role: 'tool', content: toolResult(rng, task.lang) };
        ctx.emit(o.acc, t, {
          ip: this.ip, model: this.model, client: o.client, key: this.key, system: o.system, history: this.msgs.length ? this.msgs : undefined,
          last, lang: task.lang, tools: task.tools, kind: 'tool', outTokens: 0, status: 429, maxTokens: o.maxTokens,
        });
        return t + limit.retrySec * 1000 * 2 ** Math.min(4, this.refused++) * rng.range(0.8, 1.2);
      }
    }
    const final = this.left <= 1;
    let last: Msg;
    if (this.msgs.length === 0) last = { role: 'user', content: task.text };
    else last = { role: 'tool', content: toolResult(rng, task.lang) };
    const toolCalls = final ? 0 : rng.chance(0.2) ? 2 : 1;
    const call: Call = {
      ip: this.ip,
      model: this.model,
      client: o.client,
      key: this.key,
      system: o.system,
      history: this.msgs.length ? this.msgs : undefined,
      last,
      lang: task.lang,
      tools: task.tools,
      kind: final ? task.kind : 'tool',
      outTokens: final ? rng.lognormal(500, 0.6) : rng.lognormal(120, 0.5),
      toolCalls,
      maxTokens: o.maxTokens,
    };
    if (limit) {
      limit.recent.push(t);
      this.refused = 0;
    }
    ctx.emit(o.acc, t, call);
    this.msgs.push(last.role === 'user' ? { role: 'user', content: clip(last.content, HISTORY_CAP) } : { role: 'tool', content: clip(last.content, HISTORY_CAP) });
    this.msgs.push({ role: 'assistant', content: final ? responseText(rng, task.kind, task.lang, 300, HISTORY_CAP) : toolUse(rng, task.tools) });
    if (this.msgs.length > 12) this.msgs.splice(0, this.msgs.length - 12);
    this.left--;
    if (!final) return t + 1500 + rng.lognormal(o.gapSec * 1000, 0.7);
    this.task = null;
    return this.nextSession(t + 30_000);
  }
}

function toolUse(rng: Rng, tools: string[]): string {
  const name = tools.length ? rng.pick(tools) : 'search';
  return `[tool_use ${name}] {"id": "call_${rng.b32(8)}", "input": {"query": "${responseText(rng, 'search', 'en', 12, 60).replace(/["\\\n]/g, ' ')}"}}`;
}

function toolResult(rng: Rng, lang: string): string {
  const k = rng.int(4);
  if (k === 0) return `{"status": "ok", "results": [${Array.from({ length: 1 + rng.int(4) }, () => `{"title": "${responseText(rng, 'search', lang, 10, 50).replace(/["\\\n]/g, ' ')}", "score": ${rng.next().toFixed(3)}}`).join(', ')}]}`;
  if (k === 1) return responseText(rng, 'code', 'en', 100 + rng.int(200), 500);
  if (k === 2) return `exit code ${rng.chance(0.7) ? 0 : 1}\n${responseText(rng, 'code', 'en', 60, 300)}`;
  return responseText(rng, 'chat', lang, 100 + rng.int(200), 500);
}

export interface BatchOpts {
  acc: SimAccount;
  rng: Rng;
  tz: number;
  /** local hour the nightly run starts */
  hour: number;
  /** median requests per run */
  perRun: number;
  /** hours a run takes */
  runHours: number;
  /** chance of running on a given night (weekends may be skipped) */
  nightly: number;
  skipWeekends: boolean;
  from: number;
  until: number;
  client: Client;
  ip: (t: number) => string;
  model: (t: number) => string;
  content: (t: number) => Content;
}

/** A nightly batch job: one template over many documents, at a steady rate for a few hours. */
export class BatchActor implements Actor {
  expected: number;
  private left = 0;
  private gap = 0;
  constructor(private o: BatchOpts) {
    this.expected = (o.perRun * 1.2 * o.nightly * (o.until - o.from)) / DAY;
  }
  private nextRun(t: number): number {
    const o = this.o;
    const rng = o.rng;
    const tzMs = o.tz * 3_600_000;
    let day = Math.floor((t + tzMs) / DAY);
    for (let i = 0; i < 400; i++, day++) {
      const start = day * DAY - tzMs + o.hour * 3_600_000 + rng.range(0, 600_000);
      const dow = (day + 4) % 7;
      if (start <= t) continue;
      if (o.skipWeekends && (dow === 0 || dow === 6)) continue;
      if (!rng.chance(o.nightly)) continue;
      return start < o.until ? start : Infinity;
    }
    return Infinity;
  }
  first(): number {
    return this.nextRun(this.o.from);
  }
  step(ctx: Ctx, t: number): number {
    const o = this.o;
    const rng = o.rng;
    if (this.left <= 0) {
      this.left = Math.max(10, Math.round(rng.lognormal(o.perRun, 0.35)));
      this.gap = (o.runHours * 3_600_000) / this.left;
    }
    ctx.emit(o.acc, t, contentCall(rng, o.content(t), o.client, o.ip(t), o.model(t), o.acc.keys[0]));
    this.left--;
    // a worker pool keeps a steady pace; latency adds small noise
    if (this.left > 0) return t + this.gap * rng.range(0.7, 1.3);
    const n = this.nextRun(t);
    return n < o.until ? n : Infinity;
  }
}
