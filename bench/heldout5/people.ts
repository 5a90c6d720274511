/**
 * What accounts are made of (sign-up rows, keys, cards, mail domains) and the
 * wording people share: the popular agent framework's system prompt and tool
 * list, and a generated space of follow-ups in several languages.
 */
import { Rng } from './rng.js';
import type { Account } from './model.js';
import type { Corpora, Item } from './corpora.js';

export interface Ctx { sink: import('./model.js').Sink; corp: Corpora; seed: string; copy: number; start: number; end: number }

export const FREE_MAIL: Record<string, string[]> = {
  en: ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'hotmail.com', 'proton.me'],
  de: ['gmx.de', 'web.de', 'gmail.com', 't-online.de'], fr: ['orange.fr', 'gmail.com', 'free.fr', 'laposte.net'],
  es: ['gmail.com', 'hotmail.es', 'outlook.es'], pt: ['gmail.com', 'hotmail.com', 'uol.com.br', 'bol.com.br'],
  ja: ['gmail.com', 'yahoo.co.jp', 'docomo.ne.jp'], ko: ['naver.com', 'daum.net', 'gmail.com'], ru: ['mail.ru', 'yandex.ru', 'gmail.com'],
  zh: ['gmail.com', 'yahoo.com.tw', 'hotmail.com'], pl: ['wp.pl', 'onet.pl', 'gmail.com'], vi: ['gmail.com', 'yahoo.com.vn'],
};
export const freeMail = (lang: string, r: Rng) => r.pick(FREE_MAIL[lang] ?? FREE_MAIL.en!);

export interface AccountInit {
  created: number; country: string; signup_ip: string; email_domain: string; tier: string;
  org?: string; payment?: string; verified?: boolean; label?: 'benign' | 'campaign'; campaign?: string | null; persona: string; dormant?: boolean;
}
/** an account whose id says nothing about who holds it */
export function mkAccount(r: Rng, a: AccountInit): Account {
  return {
    id: `acct_${r.hex(14)}`, created: a.created, org: a.org, email_domain: a.email_domain, payment: a.payment ?? `pm_${r.hex(16)}`,
    signup_ip: a.signup_ip, country: a.country, tier: a.tier, verified: a.verified, key: `key_${r.hex(10)}`,
    label: a.label ?? 'benign', campaign: a.campaign ?? null, persona: a.persona, dormant: a.dormant,
  };
}

/**
 * The system prompt of a popular open-source agent framework's quick-start
 * (this generator's own wording of the usual ReAct scaffold); conference
 * workshops and labs start from it unchanged.
 */
export const AGENT_PROMPT = [
  'You are a helpful assistant that can use tools to answer the user\'s request.',
  'You have access to the following tools. Think about which tool helps, call it, read the observation, and continue until you can give a final answer.',
  'Always explain your reasoning briefly before each tool call. If no tool is needed, answer directly.',
  'When you are done, call `final_answer` with the answer.',
].join('\n');
export const AGENT_TOOLS = ['web_search', 'visit_webpage', 'python_interpreter', 'final_answer'];

/** an item from a list, never the same one twice in a row for one caller */
export function pickItem(r: Rng, xs: readonly Item[]): Item { return xs[Math.floor(r.next() * xs.length)]!; }

/** the first user message of an item, shortened as pasted text often is */
export const clip = (s: string, n = 1600) => (s.length > n ? s.slice(0, n) : s);

const FU: Record<string, { a: string[]; b: string[]; c: string[] }> = {
  en: {
    a: ['can you', 'could you', 'please', 'ok now', 'hmm,', 'thanks! can you', 'nice. now', 'wait,', 'actually', 'one more thing:'],
    b: ['make it shorter', 'add an example about', 'explain the part about', 'rewrite it for', 'give me 3 options for', 'compare that with', 'turn this into a table about',
      'what if I change', 'fix the bit about', 'say more about', 'drop the part on', 'translate the part about', 'put this in bullet points, focusing on', 'double check'],
    c: ['', '?', ' please', ' thx', '!', ' for a beginner', ' in plain English', ' for my team'],
  },
  de: { a: ['kannst du', 'bitte', 'ok, jetzt', 'danke! kannst du'], b: ['das kürzer machen, besonders', 'ein Beispiel geben zu', 'genauer erklären:', 'in Stichpunkten zusammenfassen:'], c: ['', '?', ' bitte'] },
  fr: { a: ['tu peux', 'merci ! peux-tu', 'ok, maintenant'], b: ['raccourcir la partie sur', 'donner un exemple pour', 'expliquer', 'reformuler'], c: ['', ' ?', ' stp'] },
  es: { a: ['puedes', 'gracias, ahora', 'vale,'], b: ['hacerlo más corto sobre', 'dar un ejemplo de', 'explicar mejor', 'resumir en puntos'], c: ['', '?', ' porfa'] },
  pt: { a: ['pode', 'valeu! agora', 'beleza,'], b: ['resumir a parte de', 'dar um exemplo sobre', 'explicar melhor', 'reescrever'], c: ['', '?', ' por favor'] },
  ja: { a: ['', 'ありがとう。'], b: ['もう少し短くして:', '例を挙げて:', 'もっと詳しく説明して:', '表にまとめて:'], c: ['', '。', 'お願いします'] },
  ko: { a: ['', '고마워요.'], b: ['더 짧게 해줘:', '예시를 들어줘:', '자세히 설명해줘:'], c: ['', '?', ' 부탁해'] },
  ru: { a: ['а можешь', 'спасибо! теперь', 'ок,'], b: ['сократить часть про', 'привести пример про', 'объяснить подробнее', 'переписать'], c: ['', '?', ' пожалуйста'] },
  zh: { a: ['', '谢谢，'], b: ['能再简短一点吗：', '举个例子：', '再详细解释一下：', '整理成表格：'], c: ['', '？', '，谢谢'] },
  pl: { a: ['możesz', 'dzięki! teraz'], b: ['skrócić część o', 'dać przykład o', 'wyjaśnić'], c: ['', '?', ' proszę'] },
  vi: { a: ['bạn có thể', 'cảm ơn! giờ'], b: ['rút gọn phần', 'cho ví dụ về', 'giải thích thêm về'], c: ['', '?', ' nhé'] },
};
/** a follow-up from a wide generated space: a lead-in, an ask, a few of the topic's own words, a tail */
export function followUp(r: Rng, lang: string, topic: string): string {
  const g = FU[lang] ?? FU.en!;
  const ws = topic.split(/\s+/).filter((w) => w.length > 3 && w.length < 16);
  const obj = ws.length ? Array.from({ length: r.int(1, 3) }, () => r.pick(ws)).join(' ') : '';
  const s = `${r.pick(g.a)} ${r.pick(g.b)} ${obj}${r.pick(g.c)}`.trim().replace(/\s+/g, ' ');
  return r.chance(0.3) ? s.toLowerCase() : s.charAt(0).toUpperCase() + s.slice(1);
}

/** human think time between turns: reading the answer, typing the next */
export const humanThink = (median = 45_000) => (r: Rng) => Math.min(40 * 60_000, r.lognormal(median, 0.9));
