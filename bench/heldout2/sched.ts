/**
 * When actors act: local-hour profiles turned into UTC instants, and a
 * conversation helper that spaces turns by reading and typing time.
 */
import type { Rng } from './rng.js';
import type { Client, Draft, Msg, World } from './world.js';
import type { AnswerStyle } from './text.js';

/** Relative activity by local hour 0..23. */
export const PROFILE = {
  human: [1, 0.6, 0.3, 0.2, 0.2, 0.3, 0.7, 1.5, 2.5, 3.2, 3.5, 3.6, 3.2, 3.4, 3.6, 3.5, 3.4, 3.3, 3.2, 3.6, 4, 4.1, 3.2, 2],
  office: [0, 0, 0, 0, 0, 0, 0.1, 0.6, 2.5, 4, 4.2, 4, 2.4, 3.8, 4.1, 4, 3.5, 2.2, 0.8, 0.3, 0.2, 0.1, 0, 0],
  evening: [1.5, 0.8, 0.3, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1, 1.2, 1.4, 1.5, 1.6, 1.8, 2.2, 2.6, 3, 3.4, 4, 4.6, 5, 4.4, 2.8],
  app: [1.4, 1, 0.7, 0.5, 0.5, 0.6, 1, 1.6, 2.2, 2.6, 2.8, 2.9, 3, 3, 2.9, 2.9, 3, 3.1, 3.2, 3.4, 3.5, 3.2, 2.6, 1.9],
  flat: Array.from({ length: 24 }, () => 1),
} as const;

/** One instant on day `d` drawn from a local-hour profile for a zone `utc` hours from UTC. */
export function instant(rng: Rng, w: World, d: number, utc: number, profile: readonly number[]): number {
  const h = rng.weighted(profile.map((x, i) => [i, x] as const));
  const localMs = (h + rng.next()) * 3_600_000;
  let t = w.dayStart(d) + localMs - utc * 3_600_000;
  // keep the instant inside day d (UTC) so every actor acts only on the day it is asked about
  while (t < w.dayStart(d)) t += 86_400_000;
  while (t >= w.dayStart(d + 1)) t -= 86_400_000;
  return t;
}

export function instants(rng: Rng, w: World, d: number, utc: number, profile: readonly number[], n: number): number[] {
  return Array.from({ length: n }, () => instant(rng, w, d, utc, profile)).sort((a, b) => a - b);
}

export interface Turn { text: string; style: AnswerStyle; askLong?: boolean }

/**
 * Sends `turns` as one conversation starting at `t`: each turn carries the
 * history so far (earlier answers as the logger keeps them, shortened), and
 * waits for reading the answer and typing the next message. Returns the end time.
 */
export function converse(rng: Rng, w: World, client: Client, ip: string, t: number, turns: Turn[], opts: { human?: boolean; history?: boolean; burst?: boolean } = {}): number {
  const human = opts.human ?? true;
  const history: Msg[] = [];
  for (const turn of turns) {
    const messages: Msg[] = opts.history === false ? [{ role: 'user', content: turn.text }] : [...history, { role: 'user', content: turn.text }];
    const reply = w.reply(rng, turn.text, turn.style, client, turn.askLong);
    const d: Draft = { t, client, ip, messages, reply, burst: opts.burst };
    w.emit(d);
    history.push({ role: 'user', content: turn.text }, { role: 'assistant', content: reply.text.slice(0, 500) });
    const gen = 400 + reply.tokens * 18;
    t += human ? gen + rng.lognormal(25_000 + reply.tokens * 40, 0.8) : gen + rng.lognormal(300, 0.6);
  }
  return t;
}
