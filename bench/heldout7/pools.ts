/** Which public prompts each kind of user draws from (by corpus and category; the text stays in the corpora). */
import type { Rng } from './rng.js';
import type { Corpora, Item } from './corpora.js';

export type Pool = [Item[], number][];
export function draw(rng: Rng, pool: Pool): Item {
  return rng.pick(rng.weighted(pool));
}
const notKo = (xs: Item[]) => xs.filter((x) => x.lang === 'en');

/** Everyday chat in a language. */
export function chatPool(c: Corpora, lang: string): Pool {
  switch (lang) {
    case 'zh': case 'zh-TW': return [[c.get('multilingual-chat', 'belle'), 6], [c.get('multilingual-chat', 'role-prompt'), 1], [c.get('nq-open-queries'), 1]];
    case 'ja': return [[c.get('multilingual-chat').filter((x) => x.lang === 'ja'), 3], [c.get('conala-so-questions').filter((x) => x.lang === 'ja'), 1], [c.get('webquestions'), 1]];
    case 'ru': return [[c.get('wildchat-hard-ru'), 5], [c.get('conala-so-questions').filter((x) => x.lang === 'ru'), 1]];
    case 'es': return [[c.get('conala-so-questions').filter((x) => x.lang === 'es'), 1], [c.get('alpaca-eval'), 2], [c.get('nq-open-queries'), 2]];
    case 'ko': return [[c.get('arena-hard').filter((x) => x.lang === 'ko'), 3], [c.get('webquestions'), 1]];
    default: return [
      [c.get('nq-open-queries'), 5], [c.get('webquestions'), 3], [c.get('alpaca-eval'), 2], [c.get('oasst-prompts'), 2],
      [c.get('sharegpt-sample'), 3], [notKo(c.get('arena-hard')), 1.5], [c.get('mt-bench-vicuna-bench'), 0.5],
      [c.get('self-instruct-user-oriented'), 1], [c.get('hh-rlhf-harmless-test'), 0.4], [c.get('gsm8k'), 0.3], [c.get('awesome-chatgpt-prompts'), 0.3],
    ];
  }
}
export const codePool = (c: Corpora): Pool => [
  [c.get('codealpaca'), 4], [c.get('conala-so-questions'), 4], [notKo(c.get('arena-hard', 'coding')), 1], [c.get('code-benchmarks', 'mbpp'), 0.5], [c.get('sharegpt-sample'), 1],
];
export const homework = (c: Corpora): Pool => [[c.get('gsm8k').slice(0, 1500), 4], [c.get('math-competition', 'MATH').slice(0, 800), 1]];
