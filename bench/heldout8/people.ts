/** Account making and item helpers shared by the benign and campaign populations. */
import type { Corpora, Item } from './corpora.js';
import { DAY, HOUR, type Account } from './model.js';
import { hex, type Rng } from './rng.js';

export const MODELS = { mini: 'nova-mini', pro: 'nova-pro', ultra: 'nova-ultra', reason: 'nova-reason' } as const;
export const everyday = (r: Rng): string => r.weighted([[MODELS.mini, 5], [MODELS.pro, 4], [MODELS.ultra, 1], [MODELS.reason, 1]]);

export const MAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com', 'gmx.de', 'yandex.ru', 'qq.com', '163.com', 'naver.com', 'hotmail.com', 'mail.ru'];

export function account(r: Rng, id: string, persona: string, o: Partial<Account> & { created: number }): Account {
  return {
    id, persona, label: 'benign', campaign: null, keys: [`key_${hex(`${id}/k0`, 10)}`], email: r.pick(MAIL), card: `pm_${hex(`${id}/card`, 12)}`, tier: 'free',
    ...o,
  };
}
export const keysFor = (id: string, n: number): string[] => Array.from({ length: n }, (_, i) => `key_${hex(`${id}/k${i}`, 10)}`);

/** a creation time: long before the world for old accounts, or a given moment */
export const agedCreated = (r: Rng, start: number, minDays: number, maxDays: number): number => Math.round(start - r.range(minDays, maxDays) * DAY - r.next() * HOUR);

/** the first `n` items of a corpus in file order: what every researcher running "the first n" sends */
export const head = (xs: readonly Item[], n: number): Item[] => xs.slice(0, Math.min(n, xs.length));

export function benignAsk(c: Corpora, r: Rng, lang: string): Item {
  switch (lang) {
    case 'ru': return r.chance(0.6) ? r.pick(c.all('wildchat-hard-ru')) : r.pick(c.where('conala-so-questions', '', 'ru'));
    case 'zh': return r.pick(c.where('multilingual-chat', 'belle'));
    case 'zh-TW': return r.pick(c.where('multilingual-chat', 'role-prompt', 'zh-TW'));
    case 'ja': return r.chance(0.5) ? r.pick(c.where('conala-so-questions', '', 'ja')) : r.pick(c.where('multilingual-chat', '', 'ja'));
    case 'ko': return r.pick(c.where('arena-hard', '', 'ko'));
    case 'es': return r.chance(0.5) ? r.pick(c.where('conala-so-questions', '', 'es')) : r.pick(c.where('oasst-prompts', 'multilingual'));
    default: return r.pick(c.all(r.weighted([['nq-open-queries', 3], ['webquestions', 2], ['oasst-prompts', 2], ['alpaca-eval', 1], ['sharegpt-sample', 3], ['self-instruct-user-oriented', 1], ['hh-rlhf-harmless-test', 1], ['arena-hard', 1]] as const)));
  }
}
