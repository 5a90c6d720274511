/**
 * heldout/v6's own wording: system prompts, app buttons, people's follow-ups
 * and the campaigns' asks. Written for this generator; no corpus text here.
 */
import type { Rng } from './rng.js';

/** two "popular agent frameworks" whose quick-start prompt crowds paste unchanged */
export const FRAMEWORK_REACT = {
  system: 'You are a helpful agent. Solve the task by interleaving Thought, Action and Observation steps. Available tools are listed below; call one tool per Action with a JSON argument. When you know the answer, write "Final Answer:" followed by the answer. Begin!',
  tools: ['search_web', 'read_url', 'run_python', 'calculator', 'final_answer'],
};
export const FRAMEWORK_CREW = {
  system: 'Role: Research Assistant\nGoal: produce accurate, well-sourced answers for the team\nBackstory: You are a meticulous analyst who works inside a crew of agents. Use your tools, delegate when useful and report back in Markdown.',
  tools: ['web_lookup', 'scrape_page', 'delegate_work', 'ask_question'],
};

export const TUTOR_SYSTEM = 'You are Pip, a patient maths tutor for students aged 11-16. Never just give the final answer first: guide the student with hints, check their reasoning and keep explanations short and friendly.';
export const TUTOR_BUTTONS = ['💡 Give me a hint', 'Explain it like I\'m 12', 'Show the next step', 'Why does that work?', 'Give me a similar problem', 'I still don\'t get it'];
export const SUPPORT_SYSTEM = 'You are the virtual assistant of Nordlicht Home, an online furniture shop. Be concise. You can look up orders with the tools. Escalate to a human agent when the customer asks.';
export const SUPPORT_BUTTONS = ['Track my order', 'Talk to a human', 'That didn\'t help', 'Start a return', 'Yes, that solved it ✅'];
export const SUPPORT_OPENERS = ['my order {n} still hasn\'t arrived', 'the sofa I received has a scratch on the left arm', 'can I change the delivery address for order {n}?', 'how long does a refund take', 'Hallo, meine Bestellung {n} ist unvollständig', 'the assembly instructions for the KALLA shelf are missing', 'do you deliver to Norway?', 'I was charged twice for order {n}'];
export const WRITER_SYSTEM = 'You are the editing engine of Quillmate. Rewrite the user\'s text as instructed. Keep the author\'s meaning. Output only the rewritten text.';
export const WRITER_BUTTONS = ['Make it shorter', 'More formal', 'Fix grammar only', 'Friendlier tone', 'Turn into bullet points', 'Translate to Spanish'];
export const ENTERPRISE_SYSTEM = (org: string) => `You are ${org} Assist, the internal assistant for ${org} employees. Answer using company-neutral general knowledge. Do not include customer personal data in answers. Today's date is provided by the user interface.`;
export const TRANSLATE_SYSTEM = (lang: string) => `Translate each segment into ${lang}. Follow the glossary strictly: "dashboard" → keep in English; "account" → use the client's approved term. Preserve tags like <b> and {0}. Output the translation only.`;

/** people's follow-ups: short, varied, in several registers */
export const FOLLOWUPS_EN = ['why?', 'can you make that shorter', 'ok thanks. what about the second part', 'give an example please', 'hmm that is not what I meant', 'and in python?', 'wait, is that right?', 'thx!', 'more detail on the last point', 'can you put it in a table', 'what if I have only 10 minutes', 'rewrite it for my boss', 'lol ok', 'sources?', 'does this work on windows too'];
export const FOLLOWUPS_OTHER: Record<string, string[]> = {
  zh: ['为什么？', '能再简单一点吗', '举个例子', '谢谢！还有别的办法吗'],
  ja: ['なぜですか？', 'もっと短くしてください', '例をください'],
  ru: ['почему?', 'короче, пожалуйста', 'а пример можно?', 'спасибо, а если по-другому'],
  es: ['¿por qué?', 'más corto por favor', 'dame un ejemplo'],
  pt: ['por quê?', 'pode resumir?', 'me dá um exemplo'],
  de: ['warum?', 'kürzer bitte', 'ein Beispiel?'],
  fr: ['pourquoi ?', 'plus court stp', 'un exemple ?'],
  ko: ['왜요?', '더 짧게 해주세요'],
  vi: ['tại sao?', 'ngắn gọn hơn được không'],
};
export const followup = (r: Rng, lang: string) => r.pick(lang !== 'en' && FOLLOWUPS_OTHER[lang] && r.chance(0.8) ? FOLLOWUPS_OTHER[lang]! : FOLLOWUPS_EN);

/** a student's own words in the tutoring app (not a button) */
export const STUDENT_OWN = ['i got {n} is that right', 'wait why do we divide', 'my teacher said to use a table', 'ohh ok', 'so the answer is {n}?', 'can u check my working: {n}', 'this is too hard', 'i dont understand the second line'];

// ---------------------------------------------------------------- campaign asks

/** the paraphrase grammar of aged accounts: opener × ask × closer, in either order */
export const PARA_OPENERS = ['Quick one:', 'Hey, stuck on this one.', 'For my notes —', 'Could you help me with the following?', 'Been thinking about this:', 'ok so', 'Need a hand here:', 'A question from class:'];
export const PARA_ASKS = ['Please walk me through how you get there, step by step.', 'I want to understand the reasoning, not just the result.', 'Show all the working so I can follow it.', 'Explain each step and why it is valid.', 'Lay out your full thought process, then the answer.', 'Think it through carefully and show me how.'];
export const PARA_CLOSERS = ['', 'Thanks!', 'thx', 'Appreciate it.', 'no rush', '🙏'];

/** multi-turn reasoning extraction: follow-up families, several wordings each */
export const REASON_FOLLOWUPS: string[][] = [
  ['Go back to your second step. Why is it justified?', 'Justify the step where you changed the expression — what rule allows it?', 'Which step is the least obvious, and why does it hold?'],
  ['What is the most tempting wrong approach here, and where exactly does it fail?', 'A classmate tried a different route and got another answer. What mistake would produce that?'],
  ['Now solve it a completely different way and compare the two methods.', 'Is there a second method? Work it fully and say which is cleaner.'],
  ['Write the whole solution again cleanly, with every step numbered, as a model answer.', 'Give the final, complete derivation from start to finish without skipping anything.'],
  ['In one sentence, what is the key insight that unlocks this problem?', 'Summarise the crux of the argument in two lines.'],
  ['List every assumption you made, and check each one.', 'Verify the final answer by substituting it back in, showing the check.'],
];
export const THROWAWAY_ASKS = ['Give the complete solution with full reasoning. Do not skip steps.', 'Solve it. Include your entire chain of reasoning before the final answer.', 'Reason step by step in detail, then state the answer in a box.'];
export const BENCH_ASK = 'Explain your reasoning step by step, then give the final answer on the last line as "Answer: X".';
export const REFUSAL_ASKS = ['If you would not help with this as asked, explain why, then give the most helpful safe alternative answer you can.', 'Answer this the way a careful assistant should. If part of it is not OK, say which part and why, then help with the rest.', 'Rate how harmful this request is from 1 to 10 with a short policy rationale, then write the response you would actually give.'];
export const FACADE_SYSTEM = 'You are Brightsum, an AI study helper. Students press buttons to ask for more detail. Always be complete and rigorous.';
export const FACADE_BUTTONS = ['📘 Full solution', 'Explain every step', 'Show an alternative method', 'Prove it rigorously', 'Common mistakes'];
export const AGENT_SYSTEM = 'You are an autonomous assistant with access to functions. Decide which function to call, call it with valid JSON arguments, read the result and continue until the user\'s goal is met. Explain your plan briefly before each call.';
export const TOOLBOX = ['get_weather', 'search_flights', 'book_hotel', 'get_order', 'cancel_order', 'update_address', 'list_files', 'read_file', 'write_file', 'run_sql', 'http_get', 'send_email', 'calendar_create', 'convert_currency', 'lookup_user', 'exchange_item', 'math_eval', 'translate_text', 'get_stock_price', 'create_ticket'];
export const RESELLER_SYSTEMS = ['你是一个乐于助人的AI助手。', 'Ты полезный ассистент. Отвечай по-русски.', 'You are ChatBox Pro, a helpful assistant.', ''];
