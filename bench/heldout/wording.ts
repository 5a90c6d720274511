/**
 * Wording written for the held-out worlds (not taken from any corpus or from the
 * project's simulator): follow-ups, wrappers, system prompts, templates and the
 * fragments that synthesised answers are made of.
 */
import type { Rng } from './rng.js';

/** The short follow-ups ordinary chat users send, per language: a small shared vocabulary. */
export const FOLLOWUPS: Record<string, string[]> = {
  en: ['why?', 'shorter', 'ok thanks', 'give me an example', 'thanks!', 'can you explain that more simply?', 'more detail please', 'what do you mean?', 'make it more formal', 'try again', 'and in python?', 'is that right?', 'continue', 'translate it to spanish'],
  es: ['¿por qué?', 'más corto', 'vale, gracias', 'dame un ejemplo', 'explícalo más simple', 'continúa', 'gracias!'],
  de: ['warum?', 'kürzer bitte', 'ok danke', 'gib mir ein Beispiel', 'kannst du das einfacher erklären?', 'weiter', 'danke!'],
  fr: ['pourquoi ?', 'plus court', 'ok merci', 'donne-moi un exemple', 'tu peux expliquer plus simplement ?', 'continue', 'merci !'],
  pt: ['por quê?', 'mais curto', 'ok obrigado', 'me dá um exemplo', 'continua', 'valeu!'],
  ru: ['почему?', 'короче', 'ок спасибо', 'приведи пример', 'объясни проще', 'продолжай', 'спасибо!'],
  zh: ['为什么？', '短一点', '好的谢谢', '举个例子', '再详细一点', '继续', '谢谢！'],
  ja: ['なぜ？', 'もっと短く', 'ありがとう', '例を挙げて', 'もう少し詳しく', '続けて'],
  ko: ['왜?', '더 짧게', '고마워', '예를 들어줘', '더 자세히', '계속해줘'],
};

export function followUp(rng: Rng, lang: string): string {
  return rng.pick(FOLLOWUPS[lang] ?? FOLLOWUPS.en);
}

/** How people start a chat message; most send the question bare. */
export const CASUAL_OPENERS = ['', '', '', '', '', 'hey ', 'Hi! ', 'quick question: ', 'Can you help me with this? ', 'pls help: ', 'I was wondering, ', 'ok so '];

/** Students asking about an assigned problem, in their own words. */
export const HOMEWORK_ASKS = [
  'can someone explain this problem to me\n\n{q}',
  'I got a different answer than the key, can you walk me through it?\n{q}',
  'how do i even start this one: {q}',
  '{q}\n\nI don\'t understand how to set this up',
  'hw question: {q}',
  '{q}',
  '{q} (show the steps please, my teacher wants the work)',
  'is there an easier way to do this? {q}',
  'help!! due tonight\n{q}',
  'Explain like I\'m 12: {q}',
];

/** What a developer sends while wiring up or testing a client. */
export const DEV_PINGS = ['Say hello.', 'Reply with the word OK.', 'ping', 'test', 'What is 2+2?', 'Return a JSON object {"status": "ok"} and nothing else.', 'hello world', 'Write one sentence about the weather.', 'Respond with exactly three words.', 'Count from 1 to 5.'];

/** System prompts of ordinary products built on the API. */
export const PRODUCT_SYSTEMS = [
  'You are Lumen, the in-app assistant for a personal budgeting app. Answer questions about saving, spending and the app\'s features. Keep answers under 150 words and never give investment advice.',
  'You are the help-desk assistant of Northwind Outdoor Supply. Be friendly and brief. If the customer asks about an order, ask for the order number. Do not make up store policies.',
  'You are a writing assistant inside a note-taking app. Rewrite, summarise or continue the user\'s text as asked. Preserve the user\'s language and tone.',
  'You answer questions for visitors of a city library website: opening hours, borrowing rules, events and general reading recommendations. Say when you are unsure.',
  'You are Tandem, a language-exchange tutor. Correct the learner\'s sentences gently, explain one grammar point at a time and reply in the language they are practising.',
  'You are a recipe helper for a meal-kit company. Suggest substitutions, explain techniques and scale recipes. Mention allergens when relevant.',
  'You are an HR policy assistant for employees of a mid-sized logistics company. Answer from general HR knowledge and tell the user to confirm specifics with their HR partner.',
  'You summarise customer support tickets for agents. Output: one-line summary, customer sentiment, suggested next step.',
];

/** Agent products: a system prompt and the tools they offer. */
export const AGENT_PRODUCTS: { system: string; tools: string[] }[] = [
  { system: 'You are a travel booking agent. Use the tools to search flights and hotels and to hold reservations. Confirm with the user before booking anything.', tools: ['search_flights', 'search_hotels', 'hold_reservation', 'get_user_profile'] },
  { system: 'You are a support agent for an online electronics store. Look up orders, start returns and answer product questions using the tools provided.', tools: ['lookup_order', 'start_return', 'search_catalog', 'escalate_to_human'] },
  { system: 'You are a coding agent working in the user\'s repository. Read files, run tests and propose minimal patches.', tools: ['read_file', 'list_dir', 'run_tests', 'apply_patch', 'grep'] },
  { system: 'You are a calendar and e-mail assistant. Use the tools to read and draft messages and schedule meetings; never send without explicit approval.', tools: ['list_events', 'create_event', 'search_mail', 'draft_reply'] },
  { system: 'You are a data analyst agent with SQL access to the sales warehouse. Write queries, run them and explain results in plain language.', tools: ['run_sql', 'describe_table', 'plot_chart'] },
];

/** What agents' users ask them to do (product-specific, written here). */
export const AGENT_TASKS: Record<string, string[]> = {
  search_flights: ['find me a flight from Boston to Denver next friday, morning if possible', 'I need two seats to Lisbon in March, cheapest option', 'any direct flights from SFO to Tokyo on the 14th?', 'book a hotel near the convention center for 3 nights'],
  lookup_order: ['where is my order 55812? it said delivered but nothing came', 'I want to return the headphones I bought last week', 'does the X200 charger work with my laptop?', 'my order arrived damaged, what can I do'],
  read_file: ['the tests in test_parser.py are failing after my last change, can you fix it', 'add a --verbose flag to the cli', 'why is the build slow? look at the webpack config', 'rename the function get_usr to get_user everywhere'],
  list_events: ['move my 3pm with Dana to tomorrow', 'find the email from the landlord about the lease and draft a reply', 'what meetings do I have on Thursday?', 'schedule a 30 minute sync with the design team next week'],
  run_sql: ['what were our top 10 products by revenue last quarter?', 'compare weekly signups this month vs last month', 'which region has the highest return rate?', 'chart monthly revenue for 2025'],
};

/** Nightly batch jobs: one template over many records. */
export const BATCH_TEMPLATES = [
  'Summarise the following customer review in one sentence.\n\nReview:\n{x}',
  'Classify the topic of the following text as one of: billing, shipping, product, account, other. Reply with the label only.\n\nText: {x}',
  'Extract up to five keywords from the text below as a comma-separated list.\n\n{x}',
  'Translate the following into German. Output only the translation.\n\n{x}',
  'Rate how urgent this support message is from 1 (not urgent) to 5 (urgent). Answer with the number.\n\nMessage: {x}',
];

/** Evaluation-harness prompt formats of public benchmark runners. */
export const HARNESS = {
  mmlu: 'The following are multiple choice questions (with answers) about {subject}.\n\n{q}\nAnswer:',
  gsm8k: 'Question: {q}\nAnswer: Let\'s think step by step.',
  bbh: 'Q: {q}\nA: Let\'s think step by step.',
  code: 'Complete the following function. Return only the code.\n\n{q}',
  math: 'Problem:\n{q}\n\nSolution: Put the final answer in \\boxed{}.',
};

/** Harvest templates of classic campaigns: a few fixed wrappers reused thousands of times. */
export const HARVEST_TEMPLATES = [
  'Solve the following problem. Think step by step and show all of your reasoning before giving the final answer.\n\n{q}',
  'You are an expert tutor. Explain your full chain of reasoning in detail, then state the answer on the last line as "Final answer: ...".\n\n{q}',
  '{q}\n\nLet\'s work this out carefully, step by step, explaining each step.',
  'Answer the question below. First write your detailed reasoning inside <thinking> tags, then give the answer inside <answer> tags.\n\nQuestion: {q}',
  'Provide a thorough, high-quality response to the following instruction. Be comprehensive and well structured.\n\nInstruction: {q}',
  'Task: {q}\n\nRespond with a complete solution and a short justification of each step.',
  'Please reason through this carefully and verify your answer at the end.\n{q}',
  '### Instruction\n{q}\n\n### Response (detailed, step-by-step)',
  'I need a model answer for a dataset. Write the ideal, complete response to:\n\n{q}',
  'Think out loud about the following, considering alternatives before you commit to an answer.\n\n{q}',
  'Give a rigorous, well-explained answer. Include intermediate steps.\n---\n{q}\n---',
  'Q: {q}\nA (explain the reasoning fully):',
];

/** Slots of a paraphrasing wrapper: combined and perturbed so that no two requests share their wording. */
export const PARAPHRASE = {
  greet: ['', '', 'Hi, ', 'Hello! ', 'Hey, ', 'Good morning. ', 'So, ', 'Okay, ', 'Quick one: ', 'Hmm, '],
  ask: ['could you', 'can you', 'would you', 'I\'d like you to', 'please', 'I need you to', 'would you mind if you', 'help me and'],
  verb: ['work through', 'solve', 'figure out', 'reason about', 'walk me through', 'go over', 'think through', 'tackle', 'break down', 'answer'],
  obj: ['this', 'the following', 'the problem below', 'this question', 'this one', 'what follows', 'the task below'],
  how: ['step by step', 'carefully', 'in detail', 'showing your work', 'explaining each step', 'thoroughly', 'slowly and clearly', 'with your full reasoning', 'one step at a time', 'like a teacher would'],
  tail: ['', '', '.', '?', ' — thanks.', ', thank you!', ' if you can.', '. I want to understand it, not just the answer.', '. Double-check at the end.', '. Be precise.'],
  sep: [':\n\n', '\n\n', ': ', '\n', ' -- ', ':\n'],
  after: ['', '', '', '\n\nAlso mention any common mistakes.', '\n\nWhy does that work?', '\n\nWhat would change if the numbers were different?', '\n\nKeep the final answer clearly marked.'],
};

/** A facade's product-like system prompt for a "tutoring" or "knowledge" app. */
export const FACADE_SYSTEMS = [
  'You are Scholarly, the study companion inside a homework-help app for university students. Give complete, carefully reasoned explanations with every intermediate step, then the final answer. Never refuse a study question.',
  'You are the answer engine of BrightPath Learning. For every question write a full worked solution, explain the reasoning as a teacher would, and end with a one-line summary.',
  'You are Cortex Assist, an enterprise knowledge assistant. Answer thoroughly with structured sections, code where helpful, and an explanation of your reasoning.',
];

/** Openers of synthesised answers by kind. */
const OPEN: Record<string, string[]> = {
  chat: ['Sure! ', 'Great question. ', 'Here is an overview. ', '', 'Good question — ', 'Absolutely. ', 'Short answer: it depends. '],
  cot: ['Let\'s work through this step by step.\n\n', 'We start by identifying what is given.\n\n', 'Step 1: Understand the problem.\n', 'First, let\'s restate the problem.\n\n', '<thinking>\nLet me break this down.\n'],
  code: ['Here is an implementation:\n\n```python\n', 'You can do it like this:\n\n```\n', 'Here\'s a solution:\n\n```python\n'],
  mc: ['The answer is (', 'Answer: ', ''],
  judge: ['Evaluation: ', 'Both assistants address the question. ', 'Comparing the two responses, ', 'Assistant A provides '],
  tool: ['I\'ll look that up. ', 'Let me check. ', 'Calling the tool now. ', ''],
  short: ['', 'OK', 'Hello!', 'Sure.'],
};

/** Sentences answers are built from, per kind of answer; structure stays plausible, content stays generic. */
const BODY: Record<string, string[]> = {
  chat: [
    'The key idea is to separate what you know from what you still need to find out.',
    'In practice, most people choose the simpler approach unless there is a clear reason not to.',
    'There are a few common pitfalls worth keeping in mind.',
    'If you want a shorter version, the summary is at the end.',
    'Historically, this has been debated, but the consensus is fairly clear.',
    'A good rule of thumb is to start small and adjust as you go.',
    'It depends a lot on your situation, so here are the main options.',
    'Here are a few things to consider before you decide.',
    'Many people find it helpful to write the steps down first.',
    'Let me know if you want more detail on any of these points.',
  ],
  cot: [
    'This follows directly from the definition.',
    'Note that the order of operations matters here.',
    'We can check the result by substituting it back into the original expression.',
    'This gives us the intermediate value we need for the next step.',
    'The same reasoning applies to the remaining cases.',
    'Multiplying both sides by the denominator removes the fraction.',
    'Therefore the total is the sum of the two parts computed above.',
    'Each option can be ruled out by checking it against the constraints.',
    'That means the first statement is true while the second is false.',
    'So the quantity we are looking for is the difference between these two values.',
    'Let me double-check this step before moving on.',
  ],
  code: [
    'def solve(data):\n    result = []\n    for item in data:\n        if item is not None:\n            result.append(item)\n    return result\n',
    'The function iterates once over the input, so it runs in linear time.',
    'Edge cases: an empty input returns an empty result.',
    'for i in range(len(xs)):\n    total += xs[i]\n',
    'You could also use a dictionary to avoid the nested loop.',
    'return sorted(values, key=lambda v: v[1])\n',
  ],
  judge: [
    'Response A is more detailed, while Response B is more concise but misses an edge case.',
    'Both answers are relevant, but one of them contains a factual error.',
    'Assistant B follows the instructions more closely.',
    'The explanation in the first answer is clearer and better organised.',
    'Neither response fully addresses the second part of the question.',
    'Considering helpfulness, accuracy and depth, the better answer is clear.',
  ],
  tool: ['I need more information before answering.', 'The next step is to query the data source.', 'I will check the details first.'],
};

/**
 * A response text for a given kind, cut at `maxChars` as a logger would.
 *
 * @example answerText(rng, 'cot', 800, 600)
 */
export function answerText(rng: Rng, kind: keyof typeof OPEN, outTokens: number, maxChars: number): string {
  let s = rng.pick(OPEN[kind]);
  if (kind === 'mc') return `${s}${rng.pick(['A', 'B', 'C', 'D'])}${s.endsWith('(') ? ')' : ''}`;
  if (kind === 'short') return s || 'Hello! How can I help you today?';
  const want = Math.min(maxChars, outTokens * 4);
  const body = BODY[kind] ?? BODY.chat;
  while (s.length < want) s += rng.pick(body) + (rng.chance(0.2) ? '\n\n' : ' ');
  if (kind === 'judge' && s.length < maxChars) s += rng.pick(['[[A]]', '[[B]]', '[[C]]', 'Rating: [[7]]', 'Rating: [[8]]']);
  if (kind === 'code' && s.length < maxChars) s += '\n```';
  return s.length > maxChars ? s.slice(0, maxChars) : s;
}
