/**
 * Conversations: one task played as turns on a channel (an account, its
 * address and client), with the free-tier limiter in the loop: after a 429 a
 * person waits and re-sends, or re-sends the same prompt from a neighbour's
 * account (a classmate's laptop, a partner's phone) and goes on there.
 */
import { Limiter, latencyOf, type Account, type Emit, type Msg, type Req } from './model.js';
import type { Rng } from './rng.js';
import { answer, tok } from './words.js';

export interface Chan {
  accts: Account[];
  ip: (t: number, r: Rng) => string;
  ua: string;
  model: (r: Rng) => string;
  endpoint: string;
  system?: string;
  params?: (r: Rng) => Record<string, unknown> | undefined;
  stream?: boolean;
  tools?: string[];
  lang: string;
  /** reading and typing time before the next turn, ms */
  think: (r: Rng) => number;
  out: (r: Rng) => number;
  noContent?: boolean;
  /** requests per minute per account (the tier's limit); none when absent */
  rpm?: number;
  /** an account to re-send from after a 429, and how often that happens */
  neighbour?: (a: Account) => Account | undefined;
  hop?: number;
  neighbourUa?: string;
}

const keyOf = (a: Account, r: Rng) => (a.keys.length ? a.keys[r.int(a.keys.length)] : undefined);

/** a turn: the user's text, and for an agent the tool results it feeds back before the next call */
export interface Turn { user?: string; toolResults?: string[]; toolCall?: boolean }

/** Plays `turns` from `t`; returns when the conversation ended. */
export function converse(r: Rng, ch: Chan, turns: readonly Turn[], t: number, emit: Emit, extra?: Partial<Req>): number {
  let acct = ch.accts.length === 1 ? ch.accts[0]! : r.pick(ch.accts);
  let ua = ch.ua;
  const msgs: Msg[] = [];
  const model = ch.model(r);
  const params = ch.params?.(r);
  const limOf = (a: Account) => (ch.rpm ? (a.limiter ??= new Limiter(() => ch.rpm!)) : undefined);
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i]!;
    if (turn.user !== undefined) msgs.push({ role: 'user', content: turn.user });
    for (const tr of turn.toolResults ?? []) msgs.push({ role: 'tool', content: tr });
    const last = turn.user ?? msgs.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    for (let tries = 0; limOf(acct) && !limOf(acct)!.take(acct.id, t) && tries < 3; tries++) {
      emit({ t, acct, key: keyOf(acct, r), ip: ch.ip(t, r), ua, model, endpoint: ch.endpoint, system: ch.system, messages: [...msgs], params, tools: ch.tools, stream: ch.stream, status: 429, outTok: 0, latency: r.intIn(10, 80), noContent: ch.noContent, ...extra });
      const nb = ch.neighbour?.(acct);
      if (nb && r.chance(ch.hop ?? 0)) {
        acct = nb;
        ua = ch.neighbourUa ?? ua;
        t += r.range(12_000, 90_000);
        break;
      }
      t += r.range(20_000, 75_000);
    }
    const out = turn.toolCall ? r.intIn(40, 180) : ch.out(r);
    const lat = latencyOf(r, out, ch.stream);
    const fail = r.chance(0.002);
    const text = turn.toolCall ? '' : answer(r, last, ch.lang);
    emit({
      t, acct, key: keyOf(acct, r), ip: ch.ip(t, r), ua, model, endpoint: ch.endpoint, system: ch.system, messages: [...msgs], params, tools: ch.tools, stream: ch.stream,
      status: fail ? 503 : 200, outTok: fail ? 0 : out, latency: fail ? r.intIn(100, 4000) : lat, stop: fail ? undefined : turn.toolCall ? 'tool_use' : out > 3000 && r.chance(0.1) ? 'max_tokens' : 'end_turn',
      toolCalls: turn.toolCall ? r.intIn(1, 2) : undefined, noContent: ch.noContent, text: fail ? undefined : text, lang: ch.lang, ...extra,
    });
    t += fail ? 1_500 : lat;
    if (fail) { i--; t += r.range(2_000, 20_000); continue; }
    msgs.push({ role: 'assistant', content: turn.toolCall ? '[tool call]' : text });
    if (i < turns.length - 1) t += turns[i + 1]!.toolResults ? r.range(800, 12_000) : ch.think(r);
  }
  return t;
}

export { tok };
