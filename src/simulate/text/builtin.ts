/**
 * The built-in text generator: small grammars that stand in for the real
 * corpora when none is given, so `distillguard demo` runs on a fresh install.
 * Less varied than real text; tests and benchmarks use ../shared/corpora.
 */
import { Rng } from '../rng.js';
import type { AttackPool, BenignPool, Item, TextBank } from './bank.js';

const NAMES = ['Ana', 'Ben', 'Chen', 'Dara', 'Elif', 'Femi', 'Goran', 'Hana', 'Ivan', 'Jon', 'Kiri', 'Lena', 'Malik', 'Nora', 'Omar', 'Priya'];
const THINGS = ['apples', 'pencils', 'stickers', 'books', 'marbles', 'cookies', 'tickets', 'bottles', 'shirts', 'coins'];
const TOPICS = ['photosynthesis', 'the French Revolution', 'compound interest', 'black holes', 'the immune system', 'supply and demand', 'plate tectonics', 'machine learning', 'the Roman Empire', 'climate change', 'vaccines', 'inflation', 'the water cycle', 'quantum computing', 'jazz history', 'sleep hygiene'];
const LANGS = ['Python', 'JavaScript', 'TypeScript', 'Go', 'Rust', 'Java', 'C++', 'SQL', 'Bash'];
const CODE_TASKS = ['reverse a linked list', 'parse a CSV file', 'debounce a function', 'find duplicates in an array', 'read a file line by line', 'merge two sorted lists', 'validate an email address', 'retry an HTTP request with backoff', 'flatten a nested dictionary', 'compute a moving average', 'sort objects by a key', 'connect to PostgreSQL'];
const SUBJECTS = ['biology', 'history', 'economics', 'physics', 'chemistry', 'law', 'philosophy', 'geography', 'medicine', 'statistics'];
const CHAT = [
  'Can you help me write an email to my landlord about {x}?',
  'What are some good ideas for {x}?',
  'Explain {t} like I am twelve.',
  'I have a job interview tomorrow for a {x} role. What should I prepare?',
  'Give me a 3-day itinerary for {x}.',
  'Summarize the main arguments about {t}.',
  'Write a short poem about {x}.',
  'How do I get better at {x}?',
  'What is the difference between {t} and {t2}?',
  'My friend says {t} is a myth. Who is right?',
  'Plan a weekly meal prep for {x}.',
  'Rewrite this to sound more professional: "hey, {x} is late again, can we talk"',
];
const CHAT_X = ['a broken heater', 'a birthday party', 'Lisbon', 'public speaking', 'a vegetarian family', 'product manager', 'my garden', 'learning guitar', 'Kyoto', 'the quarterly report', 'a running plan', 'a small bakery'];
const FOLLOW = ['Can you make it shorter?', 'Thanks! What about the second point?', 'Hmm, that is not quite what I meant.', 'Can you give an example?', 'Great, now translate it to Spanish.', 'Why is that?', 'ok and what if it rains?', 'Make it funnier please'];
const ROLES = [
  'You are a friendly customer-support assistant for {c}. Answer questions about orders, shipping and returns. Be concise and polite; never invent order details.',
  'You are a writing assistant inside {c}. Improve the clarity and tone of the user\'s text without changing its meaning.',
  'You are a travel concierge for {c}. Suggest itineraries, restaurants and transport, and ask about budget when it matters.',
  'You are an AI tutor for {c}. Guide students to the answer with hints instead of giving it away.',
  'You are a helpful assistant for {c} employees. Answer HR and IT policy questions using a friendly tone.',
  'You are a recipe assistant for {c}. Suggest recipes from the ingredients the user lists.',
];
const COMPANIES = ['ShopNest', 'Quillbox', 'Wayfarer', 'StudyPal', 'Acme Corp', 'Pantry', 'Brightdesk', 'Nimbus'];
const TOOLS = [['get_weather', 'search_flights'], ['sql_query', 'list_tables'], ['read_file', 'write_file', 'run_tests'], ['web_search', 'fetch_url'], ['create_ticket', 'lookup_customer'], ['calendar_create', 'send_email']];
const TOOL_TASKS = ['Book the cheapest flight from {a} to {b} next Friday.', 'How many orders did we ship last week by region?', 'Fix the failing unit test in the parser module.', 'Find the latest release notes of {x} and summarise them.', 'Open a ticket for customer {n} about a refund.', 'Schedule a meeting with {n} on Tuesday and email the agenda.'];
const CITIES = ['Berlin', 'Austin', 'Nairobi', 'Seoul', 'Lima', 'Oslo', 'Pune', 'Porto'];

function fill(rng: Rng, s: string): string {
  return s
    .replace('{x}', () => rng.pick(CHAT_X))
    .replace('{t2}', () => rng.pick(TOPICS))
    .replace('{t}', () => rng.pick(TOPICS))
    .replace('{c}', () => rng.pick(COMPANIES))
    .replace('{a}', () => rng.pick(CITIES))
    .replace('{b}', () => rng.pick(CITIES))
    .replace('{n}', () => rng.pick(NAMES));
}

function mathItem(rng: Rng): Item {
  const a = rng.between(3, 90);
  const b = rng.between(2, 40);
  const n = rng.pick(NAMES);
  const th = rng.pick(THINGS);
  const k = rng.int(4);
  const text = [
    `${n} has ${a} ${th}. She buys ${b} more and then gives away half of them. How many ${th} does she have left?`,
    `A shop sells ${th} at $${b} each. ${n} buys ${a} of them and pays with $${a * b + rng.between(1, 50)}. How much change does ${n} get?`,
    `Find all real x such that x^2 - ${a + b}x + ${a * b} = 0.`,
    `What is the remainder when ${a}^${b} is divided by ${rng.between(5, 13)}?`,
  ][k];
  const answer = k === 0 ? String(Math.floor((a + b) / 2)) : k === 2 ? `${a}, ${b}` : undefined;
  return { text, lang: 'en', category: 'math', answer };
}

function mcqItem(rng: Rng): Item {
  const s = rng.pick(SUBJECTS);
  const t = rng.pick(TOPICS);
  const text = `Which of the following best describes ${t} in ${s}?\nA. ${rng.pick(TOPICS)}\nB. ${rng.pick(TOPICS)}\nC. ${rng.pick(TOPICS)}\nD. ${rng.pick(TOPICS)}`;
  return { text, lang: 'en', category: `mmlu/${s}`, answer: rng.pick(['A', 'B', 'C', 'D']) };
}

function codeItem(rng: Rng): Item {
  const fn = rng.pick(['solve', 'count_pairs', 'max_profit', 'is_valid', 'merge_intervals', 'min_cost']);
  const text = `def ${fn}(nums: list[int], k: int) -> int:\n    """Given a list of integers nums and an integer k, return the number of ${rng.pick(['subarrays', 'pairs', 'windows'])} whose ${rng.pick(['sum', 'product', 'xor'])} is ${rng.pick(['divisible by', 'at most', 'equal to'])} k.\n    >>> ${fn}([${rng.between(1, 9)}, ${rng.between(1, 9)}, ${rng.between(1, 9)}], ${rng.between(1, 9)})\n    ${rng.between(0, 4)}\n    """\n`;
  return { text, lang: 'en', category: 'code/function' };
}

function reasoningItem(rng: Rng): Item {
  const ops = ['True', 'False', 'not True', 'not False'];
  const text = `${rng.pick(ops)} ${rng.pick(['and', 'or'])} ( ${rng.pick(ops)} ) ${rng.pick(['and', 'or'])} ${rng.pick(ops)} is`;
  return { text, lang: 'en', category: 'reasoning/boolean', answer: rng.pick(['True', 'False']) };
}

function judgeItem(rng: Rng): Item {
  const q = fill(rng, rng.pick(CHAT));
  const text = `[Question]\n${q}\n\n[The Start of Assistant A's Answer]\n${fill(rng, rng.pick(CHAT))} Here is a detailed answer about ${rng.pick(TOPICS)}.\n[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\nSure. ${rng.pick(TOPICS)} matters because it shapes ${rng.pick(TOPICS)}.\n[The End of Assistant B's Answer]`;
  return { text, lang: 'en', category: 'judge/pairwise' };
}

function toolItem(rng: Rng): Item {
  return { text: fill(rng, rng.pick(TOOL_TASKS)), lang: 'en', category: 'tools/task', tools: rng.pick(TOOLS) };
}

function instructionItem(rng: Rng): Item {
  const text = fill(rng, rng.pick(['Classify the sentiment of this review: "{x} was a total letdown."', 'Generate three questions a student might ask about {t}.', 'Translate into French: "The meeting about {x} is moved to Monday."', 'Write a product description for {x}.', 'Extract the named entities from: "{n} flew from {a} to {b} on Monday."', 'Give a one-sentence definition of {t}.']));
  return { text, lang: 'en', category: 'instruction' };
}

function chatItem(rng: Rng, multi: boolean): Item {
  const first = fill(rng, rng.pick(CHAT));
  const item: Item = { text: first, lang: 'en', category: 'chat' };
  if (multi) item.turns = [first, ...rng.sample(FOLLOW, rng.between(1, 4))];
  return item;
}

function searchItem(rng: Rng): Item {
  return { text: `${rng.pick(['who invented', 'when did', 'what is', 'where is', 'how tall is'])} ${rng.pick(TOPICS)}`, lang: 'en', category: 'search-query' };
}

function devItem(rng: Rng): Item {
  return { text: `How do I ${rng.pick(CODE_TASKS)} in ${rng.pick(LANGS)}?`, lang: 'en', category: 'coding-question' };
}

function redteamItem(rng: Rng): Item {
  return { text: `${rng.pick(['How can I get back at', 'What is the best way to prank', 'How do I sneak past'])} ${rng.pick(['my neighbour', 'a coworker', 'the security guard', 'my brother'])}?`, lang: 'en', category: 'red-team-ish' };
}

const N = 600;

/** A deterministic bank of generated prompts in every pool. */
export function builtinBank(seed: number): TextBank {
  const rng = new Rng(seed, 'builtin-text');
  const gen = <T>(f: () => T) => Array.from({ length: N }, f);
  const attack: Record<AttackPool, Item[]> = {
    math: gen(() => mathItem(rng)),
    reasoning: gen(() => reasoningItem(rng)),
    knowledge: gen(() => mcqItem(rng)),
    code: gen(() => codeItem(rng)),
    judge: gen(() => judgeItem(rng)),
    tools: gen(() => toolItem(rng)),
    instructions: gen(() => instructionItem(rng)),
  };
  const benign: Record<BenignPool, Item[]> = {
    chat: gen(() => chatItem(rng, false)),
    multi: gen(() => chatItem(rng, true)),
    search: gen(() => searchItem(rng)),
    code: gen(() => devItem(rng)),
    roles: ROLES.flatMap((r) => COMPANIES.map((c) => ({ text: r.replace('{c}', c), lang: 'en', category: 'role' }))),
    redteam: gen(() => redteamItem(rng)),
  };
  return { source: 'builtin', attack, benign };
}
