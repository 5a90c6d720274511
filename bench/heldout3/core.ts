/**
 * The pieces every heldout/v3 actor shares: accounts, the exchange record
 * before it is logged, and sessions (a person or a program talking to the model).
 */
import { opaque, type Rng } from './rng.js';
import { answerText } from './text.js';

export interface Account {
  id: string;
  persona: string;
  label: 'benign' | 'campaign';
  campaign: string | null;
  created: number; // ms from world start; may be negative
  org?: string;
  keys: string[];
  emailDomain?: string;
  card?: string;
  signupIp?: string;
  country?: string;
  tier?: string;
  verified?: boolean;
  /** The customer chose zero data retention: the edge logs no request or response content. */
  noContent?: boolean;
  /** In the account table only: never sends a request. */
  dormant?: boolean;
  seq: number;
}

export interface Msg { role: 'user' | 'assistant' | 'tool'; content: string }

export interface Ex {
  t: number;
  id: string;
  acct: Account;
  key?: string;
  ip?: string;
  ua?: string;
  model: string;
  endpoint: string;
  system?: string;
  messages: Msg[];
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  tools?: string[];
  stream?: boolean;
  text?: string;
  stop?: string;
  toolCalls?: number;
  inTok: number;
  outTok: number;
  status: number;
  latency: number;
  /** Order in the merged file: `t` plus the writing server's lag. */
  order: number;
  server: number;
}

/** What a world hands its actors: where exchanges go and how accounts are made. */
export interface Sink {
  push(ex: Omit<Ex, 'id' | 'order' | 'server'>): void;
  account(a: Omit<Account, 'seq' | 'keys'> & { keys?: string[] }, keyCount?: number): Account;
}

export interface Style {
  ip: string;
  ua?: string;
  model: string;
  endpoint: string;
  system?: string;
  tools?: string[];
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  stream?: boolean;
  /** Median answer length in tokens. */
  answer: number;
  /** Median seconds between an answer and the next turn. */
  think: number;
  key?: string;
}

const tokens = (s: string) => Math.ceil(s.length / 3.8);

/**
 * Sends `turns` as one conversation starting at `t0`; each turn carries the
 * history so far. Returns when the last answer finished. A 429 or 500 is
 * followed by a retry of the same request a few seconds later.
 */
export function converse(sink: Sink, rng: Rng, acct: Account, t0: number, turns: string[], s: Style): number {
  const history: { role: 'user' | 'assistant'; content: string }[] = [];
  let t = t0;
  for (const user of turns) {
    const messages: Msg[] = [...history, { role: 'user', content: user }];
    const r = exchange(sink, rng, acct, t, messages, s);
    history.push({ role: 'user', content: user }, { role: 'assistant', content: r.text.slice(0, 240) });
    t = r.end + rng.lognormal(s.think, 0.8) * 1000;
  }
  return t;
}

/** One request (and its retries): returns when its answer finished, and the answer. */
export function exchange(sink: Sink, rng: Rng, acct: Account, t: number, messages: Msg[], s: Style, extra?: { text?: string; stop?: string; toolCalls?: number; outTok?: number }): { end: number; text: string } {
  const prompt = messages[messages.length - 1].content;
  let inTok = tokens(prompt) + (s.system ? tokens(s.system) : 0);
  for (let i = 0; i < messages.length - 1; i++) inTok += tokens(messages[i].content);
  const cap = s.maxTokens ?? 8192;
  const out = extra?.outTok ?? Math.max(3, Math.min(cap, Math.round(rng.lognormal(s.answer, 0.7))));
  for (let attempt = 0; attempt < 3; attempt++) {
    const fail = rng.next();
    const status = attempt < 2 && fail < 0.006 ? 429 : attempt < 2 && fail < 0.008 ? 500 : 200;
    const base = { acct, key: s.key, ip: s.ip, ua: s.ua, model: s.model, endpoint: s.endpoint, system: s.system, messages, temperature: s.temperature, topP: s.topP, maxTokens: s.maxTokens, tools: s.tools, stream: s.stream };
    if (status !== 200) {
      const latency = status === 429 ? rng.range(20, 120) : rng.range(2000, 30000);
      sink.push({ ...base, t, inTok, outTok: 0, status, latency });
      t += latency + rng.range(1500, 20000);
      continue;
    }
    const text = extra?.text ?? answerText(rng, prompt, Math.min(out * 4, rng.int(200, 700)));
    const latency = Math.round(rng.range(250, 900) + out * rng.range(8, 22));
    sink.push({ ...base, t, inTok, outTok: out, status, latency, text, stop: extra?.stop ?? (out >= cap ? 'max_tokens' : 'end_turn'), toolCalls: extra?.toolCalls });
    return { end: t + latency, text };
  }
  return { end: t, text: '' };
}

/** A fresh key id for an account. */
export function keyId(acctKey: string, i: number): string {
  return opaque('key_', `${acctKey}#${i}`, 12);
}
