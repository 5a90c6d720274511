/**
 * Wording of heldout/v3: clients, system prompts, stock follow-ups, harness
 * formats, the campaigns' wrappers and paraphrase grammar, and stand-in answer
 * text. Written for this generator; prompt *content* comes from the corpora.
 */
import type { Rng } from './rng.js';

export const SDK_UAS = [
  'OpenAI/Python 1.54.4', 'OpenAI/Python 1.47.1', 'AsyncOpenAI/Python 1.52.0', 'OpenAI/JS 4.71.0', 'OpenAI/JS 4.56.2',
  'Anthropic/Python 0.39.0', 'Anthropic/Python 0.34.2', 'Anthropic/JS 0.32.1', 'python-httpx/0.27.2', 'python-requests/2.32.3',
  'axios/1.7.7', 'Go-http-client/2.0', 'curl/8.7.1', 'langchain-openai/0.2.9 OpenAI/Python 1.54.4', 'litellm/1.52.3',
];
export const APP_UAS = [
  'ChatBox/1.6.2 (Macintosh; macOS 14.6)', 'ChatBox/1.6.1 (Windows 11)', 'Msty/1.3.0', 'LibreChat/0.7.5', 'TypingMind/2024.11 (Chrome 130)',
  'BoltAI/1.26 (macOS 15.1)', 'Jan/0.5.7', 'OpenCat/2.41 (iPhone; iOS 18.1)', 'Raycast/1.86.0', 'Obsidian-Copilot/2.7.2',
];
export const EDITOR_UAS = ['continue/0.8.55 (vscode 1.95.2)', 'Cursor/0.42.5', 'aider/0.63.1 litellm/1.51.0', 'cline/2.1.6 (vscode)', 'zed/0.161.2'];
export const HARNESS_UAS = ['lm-eval/0.4.5 OpenAI/Python 1.51.2', 'openai-evals/3.0.1', 'inspect_ai/0.3.49 Anthropic/Python 0.37.1', 'lighteval/0.6.2 litellm/1.50.1', 'python-httpx/0.27.0'];

export const MODELS = ['atlas-3', 'atlas-3-mini', 'atlas-3-reasoner', 'atlas-2.5'];

export const STOCK_FOLLOWUPS = [
  'why?', 'shorter', 'ok thanks', 'give me an example', 'explain like im 5', 'can you elaborate', 'thanks!', 'more detail please',
  'continue', 'make it more formal', 'are you sure?', 'summarize that', 'tl;dr?', 'again but simpler', 'what do you mean', 'ok', 'and?', 'in bullet points',
];
/** Short phrases a "terse" person sends after nearly every answer. */
export const TERSE_SET = ['why?', 'shorter', 'ok thanks', 'give me an example', 'continue', 'ok'];

export const COMPANY_PROMPTS = [
  'You are {co} Assist, the internal assistant of {co}. Answer employees concisely. Never share customer personal data. If a question concerns HR policy, point to the HR portal.',
  'You are a helpful assistant for employees at {co}. Use British English. Keep answers under 300 words unless asked for more. Cite internal wiki pages when relevant.',
  'System: internal copilot for {co} staff. Be precise, be brief, say when you are unsure. Do not invent figures.',
];
export const COMPANY_NAMES = ['Halvorsen Logistics', 'Brightwater Insurance', 'Kestrel Analytics', 'Orchard & Vale', 'Nordlicht Energie', 'Pemberton Legal', 'Sundaram Textiles', 'Lumen Health', 'Corvid Games', 'Tamarind Foods'];

export const APP_PROMPTS = [
  'You are Quill, a writing assistant inside a note-taking app. Help the user draft, rewrite and summarise. Keep the user\'s voice.',
  'You are StudyPal, a patient tutor for high-school and college students. Explain concepts, do not just hand over answers unless asked.',
  'You are the assistant of a customer-facing travel app. Help users plan trips, suggest itineraries and answer questions about destinations.',
  'You are a friendly general-purpose chat companion in a mobile app. Be warm and concise.',
];

export const AGENT_PROMPTS = [
  { system: 'You are an autonomous operations agent. Use the tools to complete the user\'s task. Think before each tool call; stop when the task is done and report what you did.', tools: ['search_web', 'fetch_url', 'run_python', 'read_file', 'write_file'] },
  { system: 'You are a retail support agent. Use the tools to look up orders and make changes only after confirming with the user.', tools: ['get_order_details', 'get_user_details', 'cancel_pending_order', 'modify_pending_order_items', 'transfer_to_human_agents'] },
  { system: 'You are a browsing agent. You control a web browser through the tools. Complete the task in as few steps as possible.', tools: ['click', 'type', 'scroll', 'goto', 'read_page', 'stop'] },
];

export const BATCH_TASKS = [
  'Translate the following text into German. Preserve formatting, code and names. Output only the translation.\n\n---\n{doc}\n---',
  'Translate into French (formal register). Output the translation only.\n\n{doc}',
  'Summarise the following support ticket in 2-3 sentences for a dashboard. Then give a one-word category.\n\nTicket:\n{doc}',
  'Extract the main request from this message and classify its urgency (low/medium/high). Reply as JSON with keys "request" and "urgency".\n\n{doc}',
  'Rewrite the following product question so it is clear and polite. Output only the rewrite.\n\n{doc}',
];

/** Harness formats that legitimate benchmark runs use; the eval-dressed campaign borrows them. */
export function harnessPrompt(style: number, item: string, shots: string[], cot: boolean): string {
  const shotText = shots.map((s) => `${s}\n`).join('\n');
  switch (style % 4) {
    case 0: return `${shotText}${shots.length ? '\n' : ''}Question: ${item}\nAnswer:${cot ? ' Let\'s think step by step.' : ''}`;
    case 1: return `${shotText}${item}\n\n${cot ? 'Solve the problem step by step. ' : ''}Put your final answer within \\boxed{}.`;
    case 2: return `Answer the following question.${cot ? ' Think it through before answering.' : ''} The last line of your response should be of the form "ANSWER: $ANSWER".\n\n${item}`;
    default: return `${shots.length ? `Examples:\n${shotText}\n` : ''}Q: ${item}\nA:${cot ? ' Let\'s work this out in a step by step way to be sure we have the right answer.' : ''}`;
  }
}

// --- campaign wording ---------------------------------------------------------

/** The rotate campaign's first template; its later waves move away from it. */
export const WAVE1_TEMPLATE = '### Task\n{item}\n\n### Instructions\nThink step by step and give a detailed explanation before the final answer.\n\n### Response';
export const WAVE2_TEMPLATES = [
  '### Problem\n{item}\n\n### Guidance\nReason carefully through every step, then state the final answer clearly.\n\n### Solution',
  '## Problem\n{item}\n\n## What to do\nWork through it step by step and explain each step; end with the final answer.',
];

export const THROWAWAY_TEMPLATES = [
  '{item}\n\nPlease provide a thorough, well-structured answer and show all of your reasoning.',
  'Answer the following. Explain your reasoning in detail before giving the answer.\n\n{item}',
  'I need a complete worked solution for this:\n{item}',
  '{item}\n\nGo step by step. Be exhaustive.',
  'Respond with a long, careful explanation:\n\n{item}',
];

const OPENERS_A = ['', '', 'hey,', 'quick question:', 'So I\'ve been stuck on this one.', 'Could you help me think something through?', 'My friend asked me this and I\'m not sure:', 'ok here is one from my notes', 'Random one for you.', 'hmm', 'Can I ask you something?'];
const ASKS_A = [
  'work it out carefully and show each step', 'walk me through your reasoning before the answer', 'explain how you get there, step by step',
  'reason it out fully, then give the final answer on its own line', 'go slowly and tell me what you\'re thinking at each point',
  'don\'t skip steps, I want to follow the logic', 'break it down for me', 'talk me through it like a tutor would', 'show the working, not just the answer',
];
const CLOSERS_A = ['', '', 'thanks!', 'appreciate it', 'ty', 'cheers', 'thank you so much'];

/** The aged campaign's paraphrase grammar: a harvest item almost never in the same words twice. */
export function paraphraseA(rng: Rng, item: string): string {
  const o = rng.pick(OPENERS_A);
  const a = rng.pick(ASKS_A);
  const c = rng.pick(CLOSERS_A);
  let s: string;
  switch (rng.int(0, 3)) {
    case 0: s = `${o} ${item}\n\n${cap(a)}. ${c}`; break;
    case 1: s = `${o} ${cap(a)}:\n${item} ${c}`; break;
    case 2: s = `${item}\n${a}? ${c}`; break;
    default: s = `${o}\n\n"${item}"\n\ncan you ${a}. ${c}`;
  }
  s = s.trim();
  if (rng.chance(0.3)) s = s.toLowerCase();
  if (rng.chance(0.25)) s = typo(rng, s);
  return s;
}

const OPENERS_B = ['', 'Hi!', 'Question for you.', 'Help please -', 'I was reading about this:', 'Studying for an exam and got this one.', 'Not sure how to approach this.'];
const ASKS_B = ['Can you solve it and explain?', 'How would you do this? Please show the steps.', 'What\'s the answer and why?', 'Could you explain the full method?', 'Explain it thoroughly please.', 'Please give a detailed answer.'];

/** The rotate campaign's last wave: a different grammar from the first waves. */
export function paraphraseB(rng: Rng, item: string): string {
  const o = rng.pick(OPENERS_B);
  const a = rng.pick(ASKS_B);
  return (rng.chance(0.5) ? `${o} ${item}\n\n${a}` : `${o} ${a}\n\n${item}`).trim();
}

/** Stitched shards: one item split over planner, solver and checker accounts. */
export function shardPrompt(rng: Rng, stage: 0 | 1 | 2, item: string, plan: string, draft: string): string {
  if (stage === 0) return rng.pick([
    `Before solving anything: outline the approach you would take for the problem below, as numbered steps. Do not solve it.\n\n${item}`,
    `Give me a plan (numbered steps, no final answer) for tackling this:\n${item}`,
    `What is the strategy here? List the steps you would follow.\n\n${item}`,
  ]);
  if (stage === 1) return rng.pick([
    `Follow this plan exactly and carry out every step in full detail.\n\nPlan:\n${plan}\n\nProblem:\n${item}`,
    `Here is a plan someone wrote:\n${plan}\n\nExecute it on the following and show all work:\n${item}`,
  ]);
  return rng.pick([
    `A student solved the problem below. Check each step, point out any mistakes, and give a corrected, complete solution.\n\nProblem:\n${item}\n\nStudent's solution:\n${draft}`,
    `Review this solution critically. Where is it wrong? Then write the correct solution with full reasoning.\n\n${item}\n\nAttempt:\n${draft}`,
  ]);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** One keyboard slip: a swapped pair or a dropped letter. */
export function typo(rng: Rng, s: string): string {
  if (s.length < 8) return s;
  const i = rng.int(1, s.length - 3);
  if (!/[a-z]/i.test(s[i]) || !/[a-z]/i.test(s[i + 1])) return s;
  return rng.chance(0.5) ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s.slice(0, i) + s.slice(i + 1);
}

// --- answers ---------------------------------------------------------------------

const ANSWER_SENTENCES = [
  'Here is a breakdown.', 'Let me go through this step by step.', 'The short answer is yes, with a caveat.', 'There are a few ways to look at this.',
  'First, consider what is being asked.', 'This follows from the definition.', 'In practice, most people do the following.', 'Putting it together gives the result.',
  'One common mistake is to forget the edge case.', 'To summarise:', 'Here is an example.', 'That depends on your setup, but typically:',
  'Step 1: identify the known quantities.', 'Step 2: set up the relation between them.', 'Step 3: solve and check the units.', 'Therefore the answer is as follows.',
  'Note that this assumes the input is well formed.', 'You can verify this by substituting back.', 'A simpler way to say it:', 'Hope this helps!',
];

/** Stand-in answer text: a few sentences mixing stock prose with words of the prompt. */
export function answerText(rng: Rng, prompt: string, chars: number): string {
  const words = prompt.split(/\s+/).filter((w) => w.length > 3).slice(0, 40);
  let s = '';
  while (s.length < chars) {
    s += rng.pick(ANSWER_SENTENCES) + ' ';
    if (words.length && rng.chance(0.5)) s += `${rng.pick(words)} ${rng.pick(words)}. `;
  }
  return s.slice(0, chars).trim();
}

/** A short stand-in plan (numbered steps) for the stitched shards. */
export function planText(rng: Rng, item: string): string {
  const words = item.split(/\s+/).filter((w) => w.length > 3);
  const n = rng.int(3, 5);
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(`${i}. ${rng.pick(['Identify', 'Compute', 'Relate', 'Check', 'Simplify', 'Rewrite'])} ${words.length ? rng.pick(words) : 'the quantities'}${rng.chance(0.5) ? ` using ${words.length ? rng.pick(words) : 'the given facts'}` : ''}.`);
  return out.join('\n');
}
