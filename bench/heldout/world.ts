/**
 * The world writer: runs every actor day by day, turns their calls into
 * contract §1 exchange lines, interleaves them with a few minutes of logging
 * jitter, and writes logs.jsonl.gz, accounts.jsonl, labels.jsonl and
 * manifest.json.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { Corpora } from './corpora.js';
import { Rng } from './rng.js';
import { answerText } from './wording.js';
import { MODELS } from './net.js';
import type { WorldSpec } from './worlds.js';
import { benignActors } from './benign.js';
import { campaignActors } from './campaigns.js';

export const GENERATOR = 'heldout/v1';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Longest text a response keeps in the log: providers' loggers truncate answers. */
const LOGGED_ANSWER_CHARS = 700;

export interface AccountRow {
  account_id: string;
  created_at: string;
  org_id?: string;
  email_domain: string;
  payment_fingerprint?: string;
  signup_ip: string;
  country: string;
  tier: string;
  verified: boolean;
}

export interface LabelRow {
  account_id: string;
  label: 'benign' | 'campaign';
  campaign_id: string | null;
  persona: string;
}

export interface Msg {
  role: 'user' | 'assistant' | 'tool';
  content: string;
}

/** Where a request comes from. */
export interface Client {
  account: AccountRow;
  key: string;
  ip: string;
  ua: string;
  model: string;
  endpoint: string;
}

export type AnswerKind = 'chat' | 'cot' | 'code' | 'mc' | 'judge' | 'tool' | 'short';

/** One API call as an actor describes it; the writer adds status, usage, latency and the answer. */
export interface Call {
  t: number;
  c: Client;
  system?: string;
  messages: Msg[];
  tools?: string[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stream?: boolean;
  answer: { kind: AnswerKind; tokens: number; toolCalls?: number };
  /** chance of a 429 for this caller (heavy callers hit limits more) */
  rateLimited?: number;
}

/** What the writer returns for one call, so a conversation can carry the answer forward. */
export interface Sent {
  ok: boolean;
  text: string;
  latency: number;
}

export interface Actor {
  /** emits the actor's calls whose conversations start on day `d` (0-based) */
  day(d: number): void;
}

/** Everything an actor can reach: the clock, the corpora, and the sinks. */
export class Ctx {
  readonly startMs: number;
  readonly endMs: number;
  private buf: { k: number; s: string }[] = [];
  readonly accounts: AccountRow[] = [];
  readonly labels: LabelRow[] = [];
  private ids = new Set<string>();
  exchanges = 0;

  constructor(readonly spec: WorldSpec, readonly corpora: Corpora) {
    this.startMs = Date.parse(spec.start);
    this.endMs = this.startMs + spec.days * DAY;
  }

  dayStart(d: number): number {
    return this.startMs + d * DAY;
  }

  iso(ms: number): string {
    return new Date(Math.round(ms)).toISOString();
  }

  /** a fresh opaque id with a prefix; fails loudly on the (astronomically rare) collision */
  id(rng: Rng, prefix: string, n = 14): string {
    const s = `${prefix}${rng.token(n)}`;
    if (this.ids.has(s)) throw new Error(`id collision: ${s}`);
    this.ids.add(s);
    return s;
  }

  addAccount(row: AccountRow, label: Omit<LabelRow, 'account_id'>): void {
    this.accounts.push(row);
    this.labels.push({ account_id: row.account_id, ...label });
  }

  /**
   * Turns a call into a §1 line. Calls outside the world's span are dropped,
   * so actors may let a session run past the end.
   */
  send(rng: Rng, call: Call): Sent {
    if (call.t < this.startMs || call.t >= this.endMs) return { ok: false, text: '', latency: 0 };
    const { c } = call;
    let chars = call.system?.length ?? 0;
    for (const m of call.messages) chars += m.content.length;
    const inTok = Math.ceil(chars / 3.7) + (call.tools ? call.tools.length * 140 : 0) + rng.int(4, 14);
    const r = rng.next();
    const status = r < (call.rateLimited ?? 0.003) ? 429 : r > 0.9975 ? rng.pick([500, 529, 400, 529]) : 200;
    const openai = c.endpoint === 'chat.completions';
    const line: Record<string, unknown> = {
      id: openai ? `chatcmpl-${rng.token(24, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}` : `msg_01${rng.token(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
      ts: this.iso(call.t),
      account_id: c.account.account_id,
      ...(c.account.org_id ? { org_id: c.account.org_id } : {}),
      api_key_id: c.key,
      ip: c.ip,
      user_agent: c.ua,
      model: c.model,
      endpoint: c.endpoint,
    };
    const request: Record<string, unknown> = {};
    if (call.system) request.system = call.system;
    request.messages = call.messages;
    if (call.temperature !== undefined) request.temperature = call.temperature;
    if (call.top_p !== undefined) request.top_p = call.top_p;
    if (call.max_tokens !== undefined) request.max_tokens = call.max_tokens;
    if (call.tools) request.tools = call.tools;
    if (call.stream !== undefined) request.stream = call.stream;
    line.request = request;
    let text = '';
    let latency: number;
    if (status === 200) {
      let out = Math.max(1, Math.round(call.answer.tokens));
      const cap = call.max_tokens ?? 8192;
      const truncated = out > cap;
      if (truncated) out = cap;
      const toolCalls = call.answer.toolCalls ?? 0;
      const stop = truncated ? (openai ? 'length' : 'max_tokens') : toolCalls > 0 ? (openai ? 'tool_calls' : 'tool_use') : openai ? 'stop' : 'end_turn';
      text = answerText(rng, call.answer.kind, out, LOGGED_ANSWER_CHARS);
      const perTok = c.model === MODELS.big ? 30 : c.model === MODELS.mid ? 14 : 7;
      latency = Math.round(rng.range(250, 900) + out * perTok * rng.range(0.8, 1.3) + inTok * 0.05);
      line.response = { text, stop_reason: stop, ...(toolCalls > 0 ? { tool_calls: toolCalls } : {}) };
      line.usage = { input_tokens: inTok, output_tokens: out };
    } else {
      latency = Math.round(rng.range(20, 400));
    }
    line.status = status;
    line.latency_ms = latency;
    // Servers log when a request ends, and several servers' logs are merged: most
    // lines land within seconds of their start, a few a couple of minutes late.
    const lag = rng.chance(0.04) ? rng.range(0, 170_000) : rng.range(0, 1500);
    this.buf.push({ k: call.t + Math.min(latency, 60_000) * 0.5 + lag, s: JSON.stringify(line) });
    this.exchanges++;
    return { ok: status === 200, text, latency };
  }

  /** Lines whose sort key is before `before`, in key order; the rest stay buffered. */
  drain(before: number): string[] {
    this.buf.sort((a, b) => a.k - b.k);
    let i = 0;
    while (i < this.buf.length && this.buf[i].k < before) i++;
    const out = this.buf.slice(0, i).map((x) => x.s);
    this.buf = this.buf.slice(i);
    return out;
  }
}

export interface WorldSummary {
  name: string;
  exchanges: number;
  accounts: number;
  benign: number;
  campaign: number;
  perPersona: Record<string, number>;
  campaigns: Record<string, { strategy: string; accounts: number; params: Record<string, unknown> }>;
}

/**
 * Generates one world into `out`. Deterministic: the same spec and corpora give
 * byte-identical files.
 *
 * @example await generateWorld(FROZEN[0], '/tmp/w1', new Corpora('../shared/corpora'))
 */
export async function generateWorld(spec: WorldSpec, out: string, corpora: Corpora, onDay?: (d: number, exchanges: number) => void): Promise<WorldSummary> {
  mkdirSync(out, { recursive: true });
  const ctx = new Ctx(spec, corpora);
  const campaigns = campaignActors(ctx, spec);
  const actors: Actor[] = [...benignActors(ctx, spec), ...campaigns.actors];
  const gz = createGzip({ level: 4 });
  const file = createWriteStream(join(out, 'logs.jsonl.gz'));
  gz.pipe(file);
  const write = async (lines: string[]) => {
    if (lines.length === 0) return;
    // chunks keep memory bounded; waiting on drain keeps the gzip buffer small
    for (let i = 0; i < lines.length; i += 5000) {
      if (!gz.write(lines.slice(i, i + 5000).join('\n') + '\n')) await once(gz, 'drain');
    }
  };
  // Sessions may start on one UTC day's local evening and end after midnight, and a
  // local day spans up to 14 hours either side of the UTC one: only lines keyed
  // a day behind the actors' clock are final.
  for (let d = 0; d < spec.days; d++) {
    for (const a of actors) a.day(d);
    await write(ctx.drain(ctx.dayStart(d) - DAY / 2));
    onDay?.(d, ctx.exchanges);
  }
  await write(ctx.drain(Infinity));
  gz.end();
  await once(file, 'close');

  const byCreation = ctx.accounts.map((a, i) => [a, i] as const).sort((x, y) => x[0].created_at.localeCompare(y[0].created_at) || x[1] - y[1]);
  writeFileSync(join(out, 'accounts.jsonl'), byCreation.map(([a]) => JSON.stringify(a)).join('\n') + '\n');
  writeFileSync(join(out, 'labels.jsonl'), ctx.labels.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const perPersona: Record<string, number> = {};
  for (const l of ctx.labels) perPersona[l.persona] = (perPersona[l.persona] ?? 0) + 1;
  const summary: WorldSummary = {
    name: spec.name,
    exchanges: ctx.exchanges,
    accounts: ctx.accounts.length,
    benign: ctx.labels.filter((l) => l.label === 'benign').length,
    campaign: ctx.labels.filter((l) => l.label === 'campaign').length,
    perPersona,
    campaigns: campaigns.params,
  };
  // throwaway accounts appear as the world runs: count members from the labels
  for (const [id, c] of Object.entries(summary.campaigns)) c.accounts = ctx.labels.filter((l) => l.campaign_id === id).length;
  writeFileSync(join(out, 'manifest.json'), JSON.stringify({ generator: GENERATOR, scenario: `${GENERATOR}:${spec.name}`, spec, ...summary }, null, 1) + '\n');
  return summary;
}
