/** heldout/v8's own wording: follow-ups people type, and stand-in answers. */
import type { Rng } from './rng.js';

export const FOLLOW: Record<string, readonly string[]> = {
  en: ['hm ok, and if I want it shorter?', 'can you put that in a table', 'wait, why is that?', 'thanks!! one more thing', 'that did not work, same error', 'make it sound less formal', 'ok now in bullet points', 'could you give me a concrete example', 'and what about the edge case where it is empty?', 'nice. how would you test this?', 'no I meant the other one', 'simplify pls', 'is there a cheaper way', 'what would a beginner get wrong here'],
  de: ['ok, und kürzer?', 'kannst du das als Tabelle machen', 'warum genau?', 'danke! noch eine Frage', 'geht leider nicht, gleicher Fehler', 'bitte etwas lockerer formulieren'],
  fr: ['ok, et en plus court ?', 'tu peux faire un tableau', 'pourquoi ?', 'merci ! encore une question', 'ça ne marche pas, même erreur', 'plus simple stp'],
  es: ['vale, ¿y más corto?', '¿me lo pones en una tabla?', '¿por qué?', '¡gracias! otra cosa', 'no funciona, mismo error', 'más sencillo porfa'],
  ru: ['а короче можно?', 'сделай таблицей', 'почему так?', 'спасибо! ещё вопрос', 'не работает, та же ошибка', 'попроще пожалуйста'],
  zh: ['能再简短一点吗？', '用表格列出来', '为什么？', '谢谢！还有一个问题', '还是报同样的错', '说得通俗一点'],
  'zh-TW': ['可以再短一點嗎？', '幫我整理成表格', '為什麼？', '謝謝！還有一個問題'],
  ja: ['もう少し短くできますか？', '表にしてください', 'なぜですか？', 'ありがとう！もう一つ質問です', '同じエラーが出ます'],
  ko: ['좀 더 짧게 해줄 수 있어?', '표로 정리해줘', '왜 그런 거야?', '고마워! 하나 더'],
};
export const followUp = (r: Rng, lang: string): string => r.pick(FOLLOW[lang] ?? FOLLOW.en!);

const OPEN: Record<string, readonly string[]> = {
  en: ['Sure.', 'Good question.', 'Here is one way to think about it.', 'Short answer first:', 'Let me break this down.'],
  de: ['Klar.', 'Gute Frage.'], fr: ['Bien sûr.', 'Bonne question.'], es: ['Claro.', 'Buena pregunta.'],
  ru: ['Конечно.', 'Хороший вопрос.'], zh: ['好的。', '这是个好问题。'], 'zh-TW': ['好的。'], ja: ['はい。', '良い質問です。'], ko: ['네.', '좋은 질문이에요.'],
};
const STOCK = ['The key point is the first step; the rest follows from it.', 'In practice you would check the inputs before relying on this.', 'There are a few caveats worth keeping in mind.', 'Here is a worked version with the details filled in.', 'This is the usual approach, with one refinement.'];

/** a stand-in answer: an opener in the prompt's language, a few of its words, a stock sentence; the logger keeps 240 characters */
export function answer(r: Rng, prompt: string, lang: string): string {
  const words = prompt.replace(/\s+/g, ' ').split(' ').filter((w) => w.length > 3);
  const take = words.length ? r.sample(words, Math.min(5, words.length)).join(' ') : '';
  return `${r.pick(OPEN[lang] ?? OPEN.en!)} ${take} ${r.pick(STOCK)}`.slice(0, 240);
}

export const tok = (s: string): number => Math.ceil(s.length / 3.7);
