/**
 * Helpers shared by benign personas and campaign strategies: local-time
 * sampling, account creation, multi-turn conversations.
 */
import type { Rng } from './rng.js';
import { type AccountRow, type AnswerKind, type Client, type Ctx, type Msg, DAY, HOUR } from './world.js';

/** Relative activity per local hour 0..23. */
export const HOURS = {
  human: [0.3, 0.2, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 1.3, 1.8, 2, 2, 1.7, 1.9, 2, 2, 1.9, 1.7, 1.6, 1.9, 2.1, 2, 1.5, 0.8],
  work: [0, 0, 0, 0, 0, 0, 0.05, 0.4, 1.5, 2.2, 2.4, 2.2, 1.2, 1.9, 2.3, 2.2, 1.9, 1.2, 0.4, 0.2, 0.15, 0.1, 0.05, 0],
  student: [0.8, 0.4, 0.15, 0.05, 0, 0, 0, 0.1, 0.3, 0.6, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.6, 1.8, 1.9, 2.1, 2.4, 2.6, 2.3, 1.6],
  /** an end-user product in one region: busy days, quiet nights, never silent */
  app: [0.5, 0.35, 0.25, 0.2, 0.2, 0.3, 0.5, 0.8, 1.1, 1.3, 1.4, 1.4, 1.4, 1.4, 1.4, 1.4, 1.4, 1.4, 1.4, 1.5, 1.5, 1.3, 1, 0.7],
  flat: Array.from({ length: 24 }, () => 1),
} as const;

/** A UTC instant on day `d` at a local hour drawn from `weights` in time zone `tz`. */
export function localTime(ctx: Ctx, rng: Rng, d: number, tz: number, weights: readonly number[]): number {
  const hour = rng.weighted(weights.map((w, h) => [h, w] as const));
  return ctx.dayStart(d) + (hour - tz) * HOUR + rng.next() * HOUR;
}

/** Local day of week (0 = Sunday) of day `d`. */
export function weekday(ctx: Ctx, d: number, tz: number): number {
  return new Date(ctx.dayStart(d) + tz * HOUR + 12 * HOUR).getUTCDay();
}

export interface AccountOpts {
  createdMs: number;
  email: string;
  card?: string;
  signupIp: string;
  country: string;
  tier: string;
  verified?: boolean;
  org?: string;
}

export function makeAccount(ctx: Ctx, rng: Rng, o: AccountOpts): AccountRow {
  return {
    account_id: ctx.id(rng, 'acct_'),
    created_at: ctx.iso(o.createdMs),
    ...(o.org ? { org_id: o.org } : {}),
    email_domain: o.email,
    ...(o.card ? { payment_fingerprint: o.card } : {}),
    signup_ip: o.signupIp,
    country: o.country,
    tier: o.tier,
    verified: o.verified ?? false,
  };
}

/** A payment fingerprint: an opaque hash as a billing system stores it. */
export function card(rng: Rng): string {
  return `pm_${rng.hex(20)}`;
}

export function ago(ctx: Ctx, rng: Rng, minDays: number, maxDays: number): number {
  return ctx.startMs - rng.range(minDays, maxDays) * DAY;
}

export interface ConvOpts {
  system?: string;
  kind: AnswerKind | ((turn: number) => AnswerKind);
  tokens: (turn: number) => number;
  /** seconds between reading an answer and sending the next turn */
  think: [number, number];
  temperature?: number;
  max_tokens?: number;
  stream?: boolean;
  tools?: string[];
  rateLimited?: number;
  /** longest assistant text carried back in the history */
  historyChars?: number;
}

/**
 * Sends a conversation: each user turn goes out with the whole history before
 * it, after the previous answer arrived and the user read it. Returns when the
 * last answer arrived.
 */
export function conversation(ctx: Ctx, rng: Rng, client: Client, t0: number, turns: string[], o: ConvOpts): number {
  const history: Msg[] = [];
  let t = t0;
  for (let i = 0; i < turns.length; i++) {
    history.push({ role: 'user', content: turns[i] });
    const kind = typeof o.kind === 'function' ? o.kind(i) : o.kind;
    const sent = ctx.send(rng, {
      t, c: client, system: o.system, messages: history.slice(), tools: o.tools,
      temperature: o.temperature, max_tokens: o.max_tokens, stream: o.stream,
      answer: { kind, tokens: o.tokens(i) }, rateLimited: o.rateLimited,
    });
    if (!sent.ok) {
      // a failed turn is retried once after a pause, or the user gives up
      if (rng.chance(0.5)) break;
      history.pop();
      t += sent.latency + rng.range(3000, 20_000);
      i--;
      continue;
    }
    history.push({ role: 'assistant', content: sent.text.slice(0, o.historyChars ?? 500) });
    t += sent.latency + rng.range(o.think[0], o.think[1]) * 1000;
  }
  return t;
}

/** Replaces `{q}` (and other `{k}`) in a template. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** A short tool result as an agent framework would pass it back. */
export function toolResult(rng: Rng, tool: string): string {
  const n = rng.int(1, 4);
  const rows = Array.from({ length: n }, () => `{"id":"${rng.hex(8)}","score":${rng.range(0, 1).toFixed(2)},"value":${rng.int(1, 9999)}}`);
  return `{"tool":"${tool}","status":"${rng.chance(0.93) ? 'ok' : 'error'}","results":[${rows.join(',')}]}`;
}

export interface TraceOpts {
  system: string;
  tools: string[];
  steps: number;
  temperature?: number;
  max_tokens?: number;
  finalTokens: number;
  rateLimited?: number;
  /** seconds the tools take between steps */
  toolSeconds: [number, number];
}

/**
 * An agent loop: the goal, then tool calls and their results appended to the
 * history, then a final answer. Returns the time it ended.
 */
export function agentTrace(ctx: Ctx, rng: Rng, client: Client, t0: number, goal: string, o: TraceOpts): number {
  const history: Msg[] = [{ role: 'user', content: goal }];
  let t = t0;
  for (let step = 0; step <= o.steps; step++) {
    const final = step === o.steps;
    const calls = final ? 0 : rng.chance(0.2) ? 2 : 1;
    const sent = ctx.send(rng, {
      t, c: client, system: o.system, messages: history.slice(), tools: o.tools,
      temperature: o.temperature, max_tokens: o.max_tokens,
      answer: { kind: final ? 'chat' : 'tool', tokens: final ? o.finalTokens : rng.int(40, 220), toolCalls: calls },
      rateLimited: o.rateLimited,
    });
    if (!sent.ok) break;
    if (final) break;
    const tool = rng.pick(o.tools);
    history.push({ role: 'assistant', content: `${sent.text.slice(0, 120)}[tool_use ${tool}]` });
    history.push({ role: 'tool', content: toolResult(rng, tool) });
    t += sent.latency + rng.range(o.toolSeconds[0], o.toolSeconds[1]) * 1000;
  }
  return t;
}
