/**
 * Words this generator writes itself: follow-ups, wrappers and their
 * paraphrases, system prompts, harness formats, language instructions, and the
 * model's answers (text whose length is drawn from a heavy-tailed law that
 * depends on what was asked).
 */
import type { Rng } from './rng.js';

export type AnswerStyle = 'short' | 'chat' | 'cot' | 'code' | 'tool' | 'translate' | 'summary' | 'letter' | 'support';

/** Median output tokens and log-spread per style; the tail is Pareto on top. */
const LENGTH: Record<AnswerStyle, [number, number]> = {
  letter: [3, 0.5],
  short: [60, 0.7],
  chat: [320, 0.75],
  cot: [650, 0.55],
  code: [420, 0.7],
  tool: [90, 0.6],
  translate: [0, 0.15], // proportional to the source text, see outputTokens
  summary: [110, 0.35],
  support: [140, 0.5],
};

export const approxTokens = (s: string): number => Math.max(1, Math.round(s.length / 3.6));

/**
 * Output tokens for a prompt: lognormal around a style median that grows
 * with the prompt's length, and a 6% Pareto tail (long essays, runaway lists).
 */
export function outputTokens(rng: Rng, prompt: string, style: AnswerStyle, askLong = false): number {
  const [median, sigma] = LENGTH[style];
  const pt = approxTokens(prompt);
  let m = style === 'translate' ? pt * 1.15 : median * Math.pow(1 + pt / 400, 0.35);
  if (askLong) m *= 2.2;
  let n = rng.lognormal(m, sigma);
  if (style !== 'letter' && rng.chance(0.06)) n *= rng.pareto(1, 1.4);
  return Math.max(1, Math.round(n));
}

const FILLER = ('the a this that which because so then first next finally however note also when where each every value case result step '
  + 'term method approach example point idea reason part answer question problem solution option way detail key main simple common useful '
  + 'important likely usually often directly clearly carefully consider check compute compare choose keep use apply find show give take '
  + 'make see remember follow start end both either other same different small large total number time place people work system data').split(' ');

const OPENERS: Record<AnswerStyle, string[]> = {
  letter: [''],
  short: ['', 'Sure.', 'In short:', 'Briefly,'],
  chat: ['Great question!', 'Here is an overview.', 'Sure, here are a few thoughts.', 'Good idea to ask about this.', 'Absolutely.', "Here's how I'd think about it."],
  cot: ["Let's work through this step by step.", "Let's reason about it carefully.", 'We solve this in stages.', 'First, restate what is given.'],
  code: ['Here is an implementation.', 'You can do it like this:', 'A straightforward approach:', 'Below is a working version.'],
  tool: ['I will call the tool.', 'Let me look that up.', 'Calling the function with the given arguments.', ''],
  translate: [''],
  summary: ['Summary:', 'Key points:', ''],
  support: ['Thanks for reaching out!', "I'm sorry for the trouble.", 'Happy to help with that.', 'Thank you for your patience.'],
};

function keywords(prompt: string): string[] {
  const ws = prompt.slice(0, 600).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4);
  return ws.length ? ws : ['item'];
}

/**
 * The assistant's text: an opener, then sentences mixing the prompt's own words
 * with filler, shaped by style. Only the first `cap` characters are written
 * (the provider's logger truncates long answers); `tokens` is the full length.
 */
export function answerText(rng: Rng, prompt: string, style: AnswerStyle, tokens: number, cap: number): string {
  const want = Math.min(cap, Math.max(1, Math.round(tokens * 3.8)));
  if (style === 'letter') return rng.pick(['A', 'B', 'C', 'D', 'The answer is (B).', 'C', 'True', 'False', '(A)']).slice(0, want);
  const kw = keywords(prompt);
  const parts: string[] = [];
  const op = rng.pick(OPENERS[style]);
  if (op) parts.push(op);
  let len = op.length;
  let step = 1;
  while (len < want) {
    let s: string;
    const n = rng.int(6, 18);
    const ws: string[] = [];
    for (let i = 0; i < n; i++) ws.push(rng.chance(0.3) ? rng.pick(kw) : rng.pick(FILLER));
    s = ws.join(' ');
    s = s.charAt(0).toUpperCase() + s.slice(1) + '.';
    if (style === 'cot' && rng.chance(0.35)) s = `Step ${step++}: ${s} So ${rng.int(2, 99)} ${rng.pick(['+', '-', '×', '/'])} ${rng.int(2, 40)} = ${rng.int(1, 999)}.`;
    else if (style === 'code' && rng.chance(0.3)) s = `\n\`\`\`${rng.pick(['python', 'js', 'ts', 'go'])}\n${rng.pick(['def', 'function', 'const', 'func'])} ${rng.pick(kw).toLowerCase()}_${rng.int(1, 9)}(${rng.pick(['x', 'items', 'n, k', 's'])}) {\n    return ${rng.pick(kw).toLowerCase()} ${rng.pick(['+', '*', '-'])} ${rng.int(1, 9)}\n}\n\`\`\`\n`;
    else if ((style === 'chat' || style === 'summary') && rng.chance(0.2)) s = `\n- ${s}`;
    else if (style === 'chat' && rng.chance(0.04)) s = `\n\n## ${rng.pick(kw)}\n`;
    parts.push(s);
    len += s.length + 1;
  }
  if (style === 'cot' && want < cap) parts.push(`Therefore, the final answer is ${rng.int(1, 500)}.`);
  return parts.join(' ').slice(0, want);
}

/** Follow-ups real chat users send after an answer. */
export const FOLLOW_UPS = [
  'thanks! can you make it shorter?', 'can you explain that more simply?', 'what about the second point?', 'ok, and why is that?',
  'give me an example', 'that did not work, I get an error', 'can you put that in a table', 'perfect, thank you', 'hmm, are you sure?',
  'now do the same for the other one', 'rewrite it in a more formal tone', 'can you translate this to english', 'more detail on step 2 please',
  'what would you recommend then?', 'and if I only have 10 minutes?', 'ok', 'wait, that contradicts what you said before', 'continue',
  'shorter please, it is for a slide', 'can you add sources?', 'what are the downsides?', 'explain like I am five', 'how do I test this?',
];

export const DEV_FOLLOW_UPS = [
  'it throws TypeError: cannot read properties of undefined', 'now add type hints', 'can you write a unit test for it', 'make it async',
  'it is too slow for 1M rows', 'use the standard library only', 'what is the complexity?', 'refactor into smaller functions',
  'now port it to TypeScript', 'same but with error handling', 'why does the second test fail?', 'explain the regex',
];

export const CONFUSED_STUDENT = [
  "I don't get step 2", 'why do we divide there?', 'my answer was different, where did I go wrong?', 'can you check my work: I got 42',
  'is there a faster way?', 'what formula is that', 'explain it without algebra please', 'ok and the next one?', 'so the answer is just that?',
];

/** Builds a wrapper from independent fragments so nearly every request words it differently. */
export function paraphraseWrapper(rng: Rng, body: string, topic: string): string {
  const lead = rng.pick(['', 'Hey, ', 'Quick one: ', 'Hi! ', 'So ', 'Okay, ', 'Question for you. ', 'Hello, ', 'Random thought - ', 'Need help. ']);
  const ask = rng.pick([
    `I'm stuck on this ${topic} thing`, `I was reading about ${topic} and hit this`, `my friend asked me this ${topic} question`,
    `working through some ${topic} practice`, `this came up while I was studying ${topic}`, `trying to understand a ${topic} problem`,
    `can't figure this one out`, `had a debate about this`, `this is from something I'm reading`, `need a sanity check on ${topic}`,
  ]);
  const how = rng.pick([
    'could you walk me through it?', 'how would you approach it?', 'what do you think?', 'explain your reasoning please.',
    'go step by step if you can.', 'show the thinking, not just the answer.', 'take your time with it.', 'be thorough please.',
    'break it down for me?', 'I want to really get it.', '', 'details appreciated.',
  ]);
  const sep = rng.pick([':\n\n', ' - ', '.\n', ': ', '\n\n', ' -> ']);
  return rng.chance(0.5) ? `${lead}${ask}${sep}${body}\n\n${how}`.trim() : `${body}\n\n${lead}${ask}, ${how}`.trim();
}

/** A handful of fixed harvest wrappers a pipeline uses (drawn per campaign). */
export const SWEEP_WRAPPERS = [
  'Solve the following problem. Show all of your reasoning before giving the final answer.\n\n{q}',
  '{q}\n\nThink step by step and explain each step in detail.',
  'Provide a complete, expert-level response to the task below.\n\nTask: {q}',
  'Answer thoroughly. Include your full chain of reasoning.\n\n### Input\n{q}\n\n### Response',
  '{q}\n\nPlease give a detailed explanation, then state the final answer on its own line.',
  'You will be given a task. Work through it carefully and justify every step.\n\n{q}',
  'Task:\n{q}\n\nWrite the best possible answer, reasoning first.',
  '{q}',
];

/** "Please reason step by step" in the languages of the multilingual sweep. */
export const LANG_WRAPPERS: Record<string, string[]> = {
  zh: ['请一步一步地详细解答下面的问题，并给出最终答案。\n\n{q}', '{q}\n\n请用中文详细说明你的推理过程。', '问题：{q}\n请详细作答。'],
  ja: ['次の問題を段階的に詳しく解いてください。\n\n{q}', '{q}\n\n日本語で、考え方を順を追って説明してください。', '問題：{q}\n詳しく回答してください。'],
  ko: ['다음 문제를 단계별로 자세히 풀어 주세요.\n\n{q}', '{q}\n\n한국어로 추론 과정을 자세히 설명해 주세요.'],
  ru: ['Решите следующую задачу пошагово и подробно объясните ход решения.\n\n{q}', '{q}\n\nОтветьте на русском языке, с подробным рассуждением.'],
  es: ['Resuelve el siguiente problema paso a paso y explica tu razonamiento.\n\n{q}', '{q}\n\nResponde en español con una explicación detallada.'],
  pt: ['Resolva o problema a seguir passo a passo, explicando o raciocínio.\n\n{q}', '{q}\n\nResponda em português, com uma explicação detalhada.'],
  de: ['Löse die folgende Aufgabe Schritt für Schritt und erkläre deine Überlegungen.\n\n{q}', '{q}\n\nAntworte auf Deutsch mit ausführlicher Begründung.'],
  fr: ['Résous le problème suivant étape par étape en expliquant ton raisonnement.\n\n{q}', '{q}\n\nRéponds en français avec une explication détaillée.'],
};

/** Harness prompt formats evaluation tools write (few-shot headers, answer cues). */
export function harnessFormat(rng: Rng, fmt: number, q: string, shots: string[], cot: boolean): string {
  const shotText = shots.map((s, i) => (fmt === 0 ? `Question: ${s}\nAnswer: ${['A', 'B', 'C', 'D'][i % 4]}\n\n` : `Q: ${s}\nA: ${['(A)', '(B)', '(C)', '(D)'][i % 4]}\n\n`)).join('');
  const cue = cot ? (fmt === 0 ? "Answer: Let's think step by step." : "A: Let's think step by step.") : fmt === 0 ? 'Answer:' : 'A:';
  const head = fmt === 0 ? 'The following are questions (with answers). ' : '';
  return `${head}${shotText}${fmt === 0 ? 'Question' : 'Q'}: ${q}\n${cue}`;
}

export const APP_SYSTEMS = [
  'You are Nova, a friendly writing assistant inside the Quillboard notes app. Keep answers concise and use markdown.',
  'You are the in-app helper for FitTrack. Answer questions about workouts and nutrition. Do not give medical diagnoses.',
  'You are a study buddy for high-school students using the LearnLoop app. Be encouraging and explain clearly.',
  'You are TripMate, a travel planning assistant. Suggest itineraries and practical tips. Ask for dates if missing.',
  'You are an assistant embedded in a spreadsheet tool. Help users write formulas and explain data.',
  'You are Sage, the recipe assistant of the Pantry app. Suggest recipes from the ingredients the user lists.',
];

export const SUPPORT_SYSTEMS = [
  'You are the customer support assistant for Parcelly, a parcel delivery company. Policy: refunds within 30 days; never promise delivery dates; escalate damaged items to a human.',
  'You are the support agent of Brightline Internet. Help customers troubleshoot their router and billing. Be polite and brief.',
  'You are the help desk bot of Urbanstay hotels. Answer booking, cancellation and amenity questions. Cancellation is free up to 48 hours before arrival.',
];

const SUPPORT_ITEMS = ['order', 'parcel', 'router', 'invoice', 'booking', 'refund', 'password', 'subscription', 'delivery', 'room'];
const SUPPORT_ISSUES = ['has not arrived yet', 'was charged twice', 'keeps disconnecting', 'shows the wrong address', 'needs to be cancelled',
  'arrived damaged', 'cannot be found in my account', 'is more expensive than advertised', 'stopped working after the update', 'was never confirmed'];

/** A customer's opening message to a support bot. */
export function supportMessage(rng: Rng): string {
  const item = rng.pick(SUPPORT_ITEMS);
  const core = `my ${item} ${rng.pick(SUPPORT_ISSUES)}`;
  const ref = rng.chance(0.5) ? ` (ref ${rng.pick(['#', 'no. ', 'ID '])}${rng.int(10000, 999999)})` : '';
  return rng.pick([`hi, ${core}${ref}`, `Hello, ${core}${ref}. What can I do?`, `${core}!!${ref}`, `Good morning. Unfortunately ${core}${ref}. Please help.`, `why ${core.replace('my', 'is my')}?${ref}`]);
}

export const SUPPORT_FOLLOW_UPS = ['ok thanks', 'that did not help', 'can I talk to a human?', 'how long will it take?', 'the number is on the receipt', 'yes please do that', 'I already tried restarting it', 'fine.'];

export const BATCH_TEMPLATES = [
  'Summarize the following customer message in at most three bullet points.\n\n---\n{t}\n---',
  'Classify the following text into one of: billing, technical, account, feedback, other. Reply with the label only.\n\nText: {t}',
  'Extract the main topic and the sentiment (positive/neutral/negative) of this message as JSON {"topic":..., "sentiment":...}.\n\n{t}',
  'Write a one-sentence title for this forum post.\n\n{t}',
];

export const TRANSLATE_TEMPLATES = [
  'Translate into {lang}:\n\n{t}', 'Please translate the following text to {lang}, keeping the formatting.\n\n{t}',
  '{t}\n\n→ {lang}', 'Translate from {src} to {lang}. Output only the translation.\n\n{t}',
];

export const LANG_NAMES: Record<string, string> = { en: 'English', zh: 'Chinese', ja: 'Japanese', ko: 'Korean', ru: 'Russian', es: 'Spanish', pt: 'Portuguese', de: 'German', fr: 'French' };

export const AGENT_SYSTEMS = [
  'You are an autonomous coding agent. Use the tools to inspect and modify the repository. Think before each action.',
  'You are a research assistant with web access. Use search and fetch tools; cite what you read.',
  'You are an operations agent for an online shop back office. Use the provided tools to answer admin questions.',
];

export const AGENT_TOOLS = [
  ['read_file', 'write_file', 'run_tests', 'search_code'], ['web_search', 'fetch_url'], ['sql_query', 'get_order', 'list_products', 'update_inventory'],
];
