/** heldout/v9's own wording: follow-ups, wrappers, system prompts, and the mess people paste. */
import type { Rng } from './rng.js';

export const MODELS = { big: 'nova-2', mini: 'nova-2-mini', think: 'nova-2-think', old: 'nova-1.5' } as const;

export const FOLLOW = ['can you make that shorter?', 'why?', 'give me an example', 'ok and what about the second part', 'thanks! one more thing: how would I explain this to a kid?', 'hmm that does not look right, can you check again', 'rewrite it in a friendlier tone', 'can you put that in a table', 'what are the downsides?', 'and in practice?', 'more detail on step 2 please', 'ok'];
export const FOLLOW_RU = ['а можно короче?', 'почему?', 'приведи пример', 'спасибо, а что насчёт второго пункта?'];
export const FOLLOW_ZH = ['能再简短一点吗？', '为什么？', '举个例子', '谢谢，第二点呢？'];
export const FOLLOW_JA = ['もう少し短くできますか？', 'なぜですか？', '例を挙げてください'];

/** copy-paste residue: zero-width spaces, no-break spaces, ligatures, curly quotes, a homoglyph */
export function paste(r: Rng, s: string, p = 0.04): string {
  if (!r.chance(p)) return s;
  const k = r.int(0, 4);
  if (k === 0) { const i = r.int(0, s.length); return s.slice(0, i) + '\u200b' + s.slice(i); }
  if (k === 1) return s.replace(/ /, '\u00a0');
  if (k === 2) return s.replace(/fi/g, '\ufb01');
  if (k === 3) return s.replace(/"([^"]*)"/g, '\u201c$1\u201d').replace(/'/g, '\u2019') + (r.chance(0.5) ? '\ufeff' : '');
  return s.replace(/o/, '\u043e');
}

export const STEP = ['explain step by step', 'show your working please', 'can you walk me through it', 'explain like I am 12, step by step'];
export const SYS_COMPANY = 'You are Lumen, the internal assistant of Brightfield Logistics. Answer concisely, use British spelling, never share customer data, and cite the relevant policy page when you can.';
export const SYS_TUTOR = 'You are a patient maths tutor for secondary-school pupils. Never give the final answer straight away: give a hint, ask the pupil what the next step is, and only confirm when they are right.';
export const SYS_SUPPORT = 'You are the support assistant of Kelvin Home Energy. Use the tools to look up the customer\'s account and orders before answering. Be brief and polite.';
export const SYS_WRITER = 'Rewrite the user\'s text as asked. Keep the meaning; return only the rewritten text.';
export const SYS_TRAVEL = 'You are Wander, a travel and recipe helper inside a mobile app. Keep answers under 200 words and suggest one follow-up question.';
export const SYS_IDE = 'You are a coding agent running inside the user\'s editor. You can read and edit files and run commands with the tools given. Make the smallest change that works and explain it briefly.';
export const IDE_TOOLS = ['read_file', 'write_to_file', 'replace_in_file', 'execute_command', 'search_files', 'list_files', 'ask_followup_question', 'attempt_completion'];
export const SUPPORT_TOOLS = ['get_customer', 'list_orders', 'get_tariff', 'open_ticket', 'send_sms_code'];
export const LABEL_SYS = (labels: string[]) => `Classify the text. Answer with exactly one of: ${labels.join(', ')}. No explanation.`;
export const TRANSLATE_SYS = (to: string, glossary: string) => `You are a professional translator. Translate the segment into ${to}. Keep tags like {1} and </b> unchanged. Glossary: ${glossary}. Output only the translation.`;
export const LANGS = ['German', 'French', 'Spanish', 'Japanese', 'Simplified Chinese', 'Brazilian Portuguese', 'Korean', 'Polish', 'Russian', 'Italian'];
