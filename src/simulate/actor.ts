/**
 * Actors: the units the scheduler drives. An actor owns one or more accounts
 * and, each time it is woken, makes one exchange and says when to wake it
 * next. State per actor is bounded (a conversation in progress at most), which
 * keeps the world's memory proportional to accounts, not exchanges.
 */
import type { AccountRecord, Label } from '../contract/types.js';
import type { Call, Client, Ctx, Msg, Models, SimAccount } from './kit.js';
import { clip, HISTORY_CAP } from './kit.js';
import { accountId, keyId, nextActive, type Activity } from './infra.js';
import type { Rng } from './rng.js';
import type { Item, TextBank } from './text/bank.js';
import { responseText, type ResponseKind } from './text/responses.js';

export interface Actor {
  /** expected exchanges over the world, for progress reporting */
  expected: number;
  /** first wake-up time (Infinity: never) */
  first(ctx: Ctx): number;
  /** handle the wake-up at `t`, emitting exchanges; returns the next wake-up */
  step(ctx: Ctx, t: number): number;
}

/** What a persona or strategy builder may use to populate the world. */
export interface Env {
  seed: number;
  start: number;
  end: number;
  days: number;
  releaseAt: number;
  models: Models;
  bank: TextBank;
  /** registers an account; ids and keys are drawn here */
  addAccount(rng: Rng, fields: Omit<AccountRecord, 'account_id' | 'created_at' | 'createdMs'> & { created: number }, label: Omit<Label, 'account_id'>, group: string, keys?: number): SimAccount;
  addActor(a: Actor): void;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function newAccount(rng: Rng, idx: number, fields: Omit<AccountRecord, 'account_id' | 'created_at' | 'createdMs'> & { created: number }, label: Omit<Label, 'account_id'>, group: string, keys = 1): SimAccount {
  const { created, ...rest } = fields;
  const id = accountId(rng);
  const record = { account_id: id, created_at: iso(Math.round(created)), ...rest } as SimAccount['record'];
  for (const k of Object.keys(record) as (keyof typeof record)[]) if (record[k] === undefined) delete record[k];
  return {
    idx,
    record,
    label: { account_id: id, ...label },
    group,
    keys: Array.from({ length: Math.max(1, keys) }, () => keyId(rng)),
    exchanges: 0,
  };
}

// ---- model choice, including the gradual adoption of a newly released model

/** When an actor moves to the new model and how much of its traffic goes there. */
export interface Adoption {
  at: number;
  share: number;
}

/** Benign adoption: gradual, many never move within the window, apps pinned to a version. */
export function benignAdoption(rng: Rng, releaseAt: number, meanDelayDays: number, neverP: number): Adoption {
  if (rng.chance(neverP)) return { at: Infinity, share: 0 };
  return { at: releaseAt + rng.exp(meanDelayDays) * 86_400_000, share: rng.range(0.3, 1) };
}

export function pickModel(rng: Rng, t: number, models: Models, largeShare: number, ad: Adoption): string {
  if (t >= ad.at && rng.chance(ad.share)) return models.next;
  return rng.chance(largeShare) ? models.large : models.small;
}

// ---- text helpers

const FOLLOW: Record<string, string[]> = {
  en: ['Can you make it shorter?', 'Thanks! Can you explain the second part again?', 'Hmm, that is not what I meant. I meant for a beginner.', 'Can you give an example?', 'ok, and what if I only have an hour?', 'Great, now rewrite it in a more casual tone.', 'Why?', 'wait, are you sure about that?', 'Perfect, thank you. One more thing: how would I start?', 'Could you put that in a table?', 'That code gives me an error: TypeError: cannot read properties of undefined', 'Can you add comments?', 'what about the other option?', 'lol ok. make it funnier'],
  zh: ['能再简短一点吗？', '谢谢！第二点能再解释一下吗？', '可以举个例子吗？', '为什么？', '用表格列出来吧。'],
  ru: ['Можно покороче?', 'Спасибо! А можно пример?', 'Почему?', 'А если по-другому?', 'Объясни проще, пожалуйста.'],
  es: ['¿Puedes resumirlo?', '¡Gracias! ¿Un ejemplo?', '¿Por qué?'],
  ja: ['もう少し短くできますか？', '例を挙げてください。', 'なぜですか？'],
  ko: ['더 짧게 해 주세요.', '예시를 들어 주세요.'],
  de: ['Kannst du das kürzer machen?', 'Danke! Ein Beispiel bitte.'],
  fr: ['Tu peux faire plus court ?', 'Merci ! Un exemple ?'],
};

/**
 * Follow-ups that take a worked answer apart step by step: what a reasoning
 * harvester sends, and what a student, a tutee or a curious person sends too
 * (people's follow-ups come from a small shared vocabulary), so the wording
 * alone tells nobody apart. `{k}` is a step number.
 */
export const STEP_FOLLOWUPS = [
  'Explain step {k} in more detail.', 'Why does step {k} follow?', 'Why that?', 'What would change if the numbers were different?',
  'Can you justify the last step?', 'Walk me through step {k} again, more slowly.', 'What assumption did you make in step {k}?',
  'Why not the other approach?', 'How do you get from step {k} to the next one?', 'What would happen if we changed the first condition?',
  'Is there another way to solve it? Show it step by step.', 'Explain your reasoning for the final answer.', 'I dont get step {k}, why?',
  'wait why is that true', 'can you explain that part again?', 'What is the key idea behind step {k}?',
];

/** One of STEP_FOLLOWUPS with its step number filled in. */
export function stepFollowUp(rng: Rng, k: number, list: readonly string[] = STEP_FOLLOWUPS): string {
  return rng.pick(list).replace('{k}', String(k));
}

/** A plausible follow-up turn in the conversation's language. */
export function followUp(rng: Rng, lang: string): string {
  return rng.pick(FOLLOW[lang] ?? FOLLOW.en);
}

/** The user turns of a conversation about `item`, with up to `extra` invented follow-ups. */
export function conversationTurns(rng: Rng, item: Item, followMean: number): string[] {
  if (item.turns && item.turns.length > 1) return item.turns.slice(0, 12);
  const n = rng.geometric(followMean) - 1;
  const turns = [item.text];
  for (let i = 0; i < n && i < 10; i++) turns.push(followUp(rng, item.lang));
  return turns;
}

/** A logger-truncated assistant message standing for an earlier answer. */
export function pastAnswer(rng: Rng, kind: ResponseKind, lang: string): Msg {
  return { role: 'assistant', content: responseText(rng, kind, lang, 200 + rng.int(400), HISTORY_CAP) };
}

/** Earlier messages of a conversation, given its earlier user turns. */
export function historyOf(rng: Rng, turns: string[], upto: number, kind: ResponseKind, lang: string): Msg[] {
  const h: Msg[] = [];
  for (let i = Math.max(0, upto - 8); i < upto; i++) {
    h.push({ role: 'user', content: clip(turns[i], HISTORY_CAP) });
    h.push(pastAnswer(rng, kind, lang));
  }
  return h;
}

/** Picks an item from weighted pools (weights keyed by pool name). */
export function pickFrom<K extends string>(rng: Rng, pools: Record<K, Item[]>, weights: Partial<Record<K, number>>): Item {
  const keys = Object.keys(weights) as K[];
  const k = keys[rng.weighted(keys.map((x) => weights[x] ?? 0))];
  return rng.pick(pools[k]);
}

/**
 * A walk over a pool that visits every item once before any repeat, from a
 * random start with a random stride coprime to the pool size: how a sweep over
 * a benchmark covers it, without storing a permutation.
 */
export class Sweep {
  private pos: number;
  private stride: number;
  constructor(rng: Rng, readonly items: Item[]) {
    const n = Math.max(1, items.length);
    this.pos = rng.int(n);
    let s = 1 + rng.int(Math.max(1, n - 1));
    while (gcd(s, n) !== 1) s++;
    this.stride = s;
  }
  next(): Item {
    const it = this.items[this.pos];
    this.pos = (this.pos + this.stride) % this.items.length;
    return it;
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

// ---- a person at a keyboard: sessions of a few turns, shaped by their day

/** What a human-like actor talks about in its next session. */
export interface SessionPlan {
  turns: string[];
  lang: string;
  kind: ResponseKind;
  system?: string;
  outMedian: number;
  maxTokens?: number;
  temperature?: number;
}

export interface HumanOpts {
  acc: SimAccount;
  rng: Rng;
  activity: Activity;
  sessionsPerDay: number;
  /** median seconds between turns of a session */
  gapSec: number;
  from: number;
  until: number;
  client: () => Client;
  ip: (t: number) => string;
  model: (t: number) => string;
  plan: (t: number) => SessionPlan;
  /** optional override: the next session start (classes meeting at fixed hours) */
  nextSession?: (t: number) => number;
  /**
   * Optional: milliseconds from the end of an answer of `outTokens` tokens to
   * the next turn (reading it, then choosing or typing `next`), instead of the
   * default pause that ignores the answer. The answer's own generation time is
   * added before it.
   */
  think?: (outTokens: number, next: string) => number;
}

/** A person using the API in sessions: conversations with follow-ups and pauses. */
export class HumanActor implements Actor {
  expected: number;
  private plan: SessionPlan | null = null;
  private turn = 0;
  private client: Client | null = null;
  private ip = '';
  private model = '';
  private key = '';

  constructor(private o: HumanOpts) {
    this.expected = (o.sessionsPerDay * 2 * (o.until - o.from)) / 86_400_000;
  }

  first(): number {
    return this.nextStart(this.o.from);
  }

  private nextStart(t: number): number {
    const o = this.o;
    const from = t < o.from ? o.from : t;
    const n = o.nextSession ? o.nextSession(from) : nextActive(o.rng, from, o.sessionsPerDay, o.activity);
    return n < o.until ? n : Infinity;
  }

  step(ctx: Ctx, t: number): number {
    const o = this.o;
    const rng = o.rng;
    if (!this.plan) {
      this.plan = o.plan(t);
      this.turn = 0;
      this.client = o.client();
      this.ip = o.ip(t);
      this.model = o.model(t);
      this.key = rng.pick(o.acc.keys);
    }
    const p = this.plan;
    const call: Call = {
      ip: this.ip,
      model: this.model,
      client: this.client!,
      key: this.key,
      system: p.system,
      history: this.turn > 0 ? historyOf(rng, p.turns, this.turn, p.kind, p.lang) : undefined,
      last: { role: 'user', content: p.turns[this.turn] },
      lang: p.lang,
      kind: p.kind,
      outTokens: rng.lognormal(p.outMedian, 0.6),
      maxTokens: p.maxTokens,
      temperature: p.temperature,
    };
    ctx.emit(o.acc, t, call);
    this.turn++;
    if (this.turn < p.turns.length) {
      // reading the answer (about 12 ms a token to stream it first) and choosing the next turn
      if (o.think) return t + 12 * call.outTokens + o.think(call.outTokens, p.turns[this.turn]);
      return t + 4000 + rng.lognormal(o.gapSec * 1000, 0.8);
    }
    this.plan = null;
    return this.nextStart(t + 60_000);
  }
}

