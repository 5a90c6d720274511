/**
 * What every actor builds on: simulated accounts, the client settings they send
 * with, and one function that turns a planned request into a contract §1 record.
 */
import type { AccountRecord, Label, LogitBiasSummary } from '../contract/types.js';
import type { Rng } from './rng.js';
import type { TextBank } from './text/bank.js';
import { responseText, tokensOf, type ResponseKind } from './text/responses.js';

/** A simulated account: its table row, its label, and what it has done. */
export interface SimAccount {
  idx: number;
  record: AccountRecord & { created_at: string };
  label: Label;
  /** persona (benign) or strategy (campaign): the manifest's grouping */
  group: string;
  keys: string[];
  exchanges: number;
}

export type Endpoint = 'messages' | 'chat.completions' | 'responses';

/** How one client (SDK, app, script) calls the API. */
export interface Client {
  ua: string;
  endpoint: Endpoint;
  stream: boolean;
  temperature?: number;
  top_p?: number;
  maxTokens?: number;
}

export interface Msg {
  role: 'user' | 'assistant' | 'tool';
  content: string;
}

/** One request an actor wants to make. */
export interface Call {
  ip: string;
  model: string;
  client: Client;
  key?: string;
  system?: string;
  /** earlier messages of the conversation (already truncated as a logger keeps them) */
  history?: Msg[];
  /** the new message: a user turn, or a tool result in an agent loop */
  last: Msg;
  /** language of the new turn, for token counts and response script */
  lang: string;
  tools?: string[];
  /** overrides of the client's settings for this request */
  temperature?: number;
  maxTokens?: number;
  kind: ResponseKind;
  outTokens: number;
  toolCalls?: number;
  status?: number;
  /** the optional probing fields of the request (docs/log-format.md), as a logger that keeps them writes them */
  probe?: ProbeFields;
  /** the answer's text as it is, instead of synthetic text of its length (a label, a letter, a token) */
  answer?: string;
}

/** The optional request fields of a log-probability harvest or of a client scoring by log-probabilities. */
export interface ProbeFields {
  logprobs?: boolean;
  topLogprobs?: number;
  n?: number;
  logitBias?: LogitBiasSummary;
}

/** Models of the simulated provider; `next` is released during the world. */
export interface Models {
  large: string;
  small: string;
  next: string;
}

/** What an actor may use: the clock, the text, the models, and `emit`. */
export interface Ctx {
  start: number;
  end: number;
  /** when the `next` model is released */
  releaseAt: number;
  models: Models;
  bank: TextBank;
  /** writes one exchange of `acc` at time `t` */
  emit(acc: SimAccount, t: number, call: Call): void;
}

/** Characters a logger keeps of the response text and of each earlier message. */
export const RESPONSE_CAP = 500;
export const HISTORY_CAP = 140;
/** Characters a logger keeps of the new turn and of the system prompt. */
export const PROMPT_CAP = 1200;
export const SYSTEM_CAP = 400;
/** Earlier messages a logger keeps (the newest ones). */
export const HISTORY_KEEP = 8;

export const STOP: Record<Endpoint, { end: string; max: string; tool: string }> = {
  messages: { end: 'end_turn', max: 'max_tokens', tool: 'tool_use' },
  'chat.completions': { end: 'stop', max: 'length', tool: 'tool_calls' },
  responses: { end: 'stop', max: 'max_output_tokens', tool: 'tool_calls' },
};

export function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s;
}

/** The contract §1 record of a call. `reqId` and `ts` come from the world. */
export function buildRecord(rng: Rng, acc: SimAccount, reqId: string, ts: string, c: Call): Record<string, unknown> {
  const cl = c.client;
  const messages: Msg[] = c.history && c.history.length > 0 ? c.history.slice(-HISTORY_KEEP) : [];
  messages.push(c.last.content.length > PROMPT_CAP ? { role: c.last.role, content: c.last.content.slice(0, PROMPT_CAP) } : c.last);
  const request: Record<string, unknown> = {};
  if (c.system) request.system = c.system.length > SYSTEM_CAP ? c.system.slice(0, SYSTEM_CAP) : c.system;
  request.messages = messages;
  const temperature = c.temperature ?? cl.temperature;
  if (temperature !== undefined) request.temperature = temperature;
  if (cl.top_p !== undefined) request.top_p = cl.top_p;
  const maxTokens = c.maxTokens ?? cl.maxTokens;
  if (maxTokens !== undefined) request.max_tokens = maxTokens;
  if (c.tools && c.tools.length) request.tools = c.tools;
  request.stream = cl.stream;
  const pr = c.probe;
  if (pr) {
    if (pr.logprobs !== undefined) request.logprobs = pr.logprobs;
    if (pr.topLogprobs !== undefined) request.top_logprobs = pr.topLogprobs;
    if (pr.n !== undefined) request.n = pr.n;
    if (pr.logitBias) request.logit_bias = { ...pr.logitBias };
  }

  let inChars = c.last.content.length + (c.system?.length ?? 0);
  if (c.history) for (const m of c.history) inChars += m.content.length * 2.5; // history was truncated; real turns were longer
  const inputTokens = tokensOf(inChars, c.lang) + (c.tools ? c.tools.length * 60 : 0) + 8;
  const rec: Record<string, unknown> = {
    id: reqId,
    ts,
    account_id: acc.record.account_id,
  };
  if (acc.record.org_id) rec.org_id = acc.record.org_id;
  rec.api_key_id = c.key ?? acc.keys[0];
  rec.ip = c.ip;
  rec.user_agent = cl.ua;
  rec.model = c.model;
  rec.endpoint = cl.endpoint;
  rec.request = request;
  const status = c.status ?? 200;
  if (status === 200) {
    const o = servedOutcome(rng, c, cl.endpoint, cl.stream, maxTokens);
    rec.response = { text: o.text, stop_reason: o.stop, tool_calls: c.toolCalls ?? 0 };
    rec.usage = { input_tokens: inputTokens, output_tokens: o.out };
    rec.status = 200;
    rec.latency_ms = o.latencyMs;
  } else {
    rec.status = status;
    rec.latency_ms = failedLatency(rng, status);
  }
  return rec;
}

/**
 * What a served call returns: output tokens, stop reason, response text and
 * latency. The random draws happen here in one fixed order, so `buildRecord`
 * and the line writer (line.ts) produce the same world byte for byte.
 */
export function servedOutcome(rng: Rng, c: Call, endpoint: keyof typeof STOP, stream: boolean | undefined, maxTokens: number | undefined): { out: number; stop: string; text: string; latencyMs: number } {
  let out = Math.max(1, Math.round(c.outTokens));
  const stops = STOP[endpoint];
  let stop = c.toolCalls ? stops.tool : stops.end;
  if (maxTokens !== undefined && out >= maxTokens) {
    out = maxTokens;
    stop = stops.max;
  }
  const text = c.answer ?? responseText(rng, c.toolCalls ? 'tool' : c.kind, c.lang, out, RESPONSE_CAP);
  const latencyMs = Math.round(250 + rng.exp(300) + out * (stream ? rng.range(9, 16) : rng.range(7, 12)));
  return { out, stop, text, latencyMs };
}

/** Latency of a refused or failed call. */
export function failedLatency(rng: Rng, status: number): number {
  return Math.round(status === 429 ? rng.range(5, 40) : rng.range(200, 30000));
}
