/**
 * Wording and conversations for heldout/v7: answer stand-ins, follow-up
 * vocabularies, and one conversation unrolled turn by turn with the history
 * re-sent, think times between turns, and retries after 429 / 5xx.
 */
import type { Rng } from './rng.js';
import { approxTokens, type Account, type Emit, type Msg } from './model.js';

const OPENERS: Record<string, string[]> = {
  en: ['Sure.', 'Here is what I found.', 'Good question.', 'Let me walk through it.', 'Short answer first.', 'Okay.'],
  zh: ['好的。', '下面是我的回答。', '这个问题可以这样理解。'],
  'zh-TW': ['好的。', '以下是說明。'],
  ja: ['はい、承知しました。', '以下のとおりです。', 'いい質問ですね。'],
  ru: ['Конечно.', 'Вот ответ.', 'Давайте разберёмся.'],
  es: ['Claro.', 'Aquí tienes la respuesta.', 'Buena pregunta.'],
  ko: ['네, 알겠습니다.', '다음과 같습니다.'],
};
const STOCK = ['The main point is in the first step.', 'This depends on the details you gave.', 'Check the edge cases before relying on it.',
  'In practice this works for most inputs.', 'A second way to see it is by example.', 'The result follows directly.', 'Hope this helps.'];

/** Stand-in answer text, as the logger keeps it (cut at 280 characters). */
export function answerText(rng: Rng, prompt: string, lang: string): string {
  const words = prompt.split(/\s+/).filter((w) => w.length > 3).slice(0, 40);
  const picked: string[] = [];
  for (let i = 0; i < 6 && words.length; i++) picked.push(rng.pick(words));
  const s = `${rng.pick(OPENERS[lang] ?? OPENERS.en!)} ${picked.join(' ')}. ${rng.pick(STOCK)} ${rng.pick(STOCK)}`;
  return s.length > 280 ? s.slice(0, 280) : s;
}

/** Follow-ups ordinary people type: a small shared vocabulary, in several forms. */
export const PEOPLE_FOLLOWUPS: Record<string, string[]> = {
  en: ['why?', 'can you make it shorter', 'thanks!', 'give me an example', 'what do you mean by that', 'ok and what about the second part', 'simpler please', 'are you sure?', 'go on', 'can you put that in a table', 'hmm that didnt work', 'nice, thank you'],
  zh: ['为什么？', '能再简单一点吗', '谢谢', '举个例子', '继续'],
  'zh-TW': ['為什麼？', '謝謝', '再詳細一點'],
  ja: ['なぜですか？', 'もう少し短くしてください', 'ありがとう', '例を挙げてください'],
  ru: ['почему?', 'короче, пожалуйста', 'спасибо', 'приведи пример', 'а подробнее?'],
  es: ['¿por qué?', 'más corto por favor', 'gracias', 'dame un ejemplo'],
  ko: ['왜요?', '더 짧게 해주세요', '감사합니다'],
};

export interface Base {
  acct: Account; key?: string; ip: string; ua?: string; model: string; endpoint: string;
  system?: string; params?: Record<string, unknown>; lang?: string; noContent?: boolean;
}
export interface TurnOpts {
  /** seconds between the answer and the next turn */
  think: (rng: Rng, prevOutTok: number) => number;
  outTok: (rng: Rng, turn: number) => number;
  /** chance a request fails with 5xx (then retried) */
  fail?: number;
  tools?: { calls: number };
  stop?: string;
  /** the provider's per-request 429 chance for this client */
  limited?: number;
}

/** Unrolls one conversation from t0; returns the time the last answer ended. */
export function converse(rng: Rng, b: Base, turns: string[], t0: number, o: TurnOpts, emit: Emit): number {
  const hist: Msg[] = [];
  let t = t0;
  for (let i = 0; i < turns.length; i++) {
    const u = turns[i]!;
    const messages: Msg[] = [...hist, { role: 'user', content: u }];
    const outTok = Math.max(1, Math.round(o.outTok(rng, i)));
    // failures are answered quickly and retried after a back-off the client chooses
    for (let attempt = 0; attempt < 4; attempt++) {
      const limited = o.limited !== undefined && rng.chance(o.limited);
      const failed = !limited && o.fail !== undefined && rng.chance(o.fail);
      if (!limited && !failed) break;
      emit({ ...b, t, messages, answer: '', outTok: 0, status: limited ? 429 : rng.pick([500, 502, 503, 529]), stop: 'error' });
      t += (limited ? 2 ** attempt * 1500 : 800 * (attempt + 1)) + rng.int(0, 900);
    }
    const answer = answerText(rng, u, b.lang ?? 'en');
    const calls = o.tools ? (i < turns.length - 1 || rng.chance(0.3) ? Math.max(0, o.tools.calls) : 0) : undefined;
    emit({ ...b, t, messages, answer, outTok, status: 200, stop: calls ? 'tool_use' : o.stop ?? 'end_turn', toolCalls: calls });
    hist.push({ role: 'user', content: u }, { role: 'assistant', content: answer });
    t += latencyMs(outTok) + o.think(rng, outTok) * 1000;
  }
  return t;
}

/** Time to last byte for an answer of n tokens (the world adds its own jitter when logging). */
export const latencyMs = (n: number): number => 350 + n * 14;

/** Reading pace that does not depend on answer length (app users who skim or press a button). */
export const buttonThink = (median: number) => (rng: Rng) => rng.logNormal(median, 0.8);
/** Reading pace that grows with the answer: words read plus typing the next turn. */
export const readerThink = (wpm: number) => (rng: Rng, prev: number) => (prev * 0.75 / wpm) * 60 * rng.logNormal(1, 0.5) + rng.logNormal(12, 0.7);

export { approxTokens };
