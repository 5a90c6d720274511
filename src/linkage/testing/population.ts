/**
 * Labelled synthetic populations for the linkage tests and benchmark, built
 * from real public prompt text in ../shared/corpora (read by path, never
 * copied). Personas: benign individuals and developers, heavy step-by-step
 * users on their own addresses (tutees), a campus class, company seats,
 * benchmark evaluators, unverified researchers running public harnesses, an
 * agentic product, lone harvesters at the researchers' volume, companies'
 * batch jobs with a copied instruction, benchmark runners who run the same
 * public items, classes doing one assignment, and three campaign styles
 * (hydra: shared payment pools and proxy subnets, one template family,
 * round-robin with retry hopping; stealth: sticky residential IPs, unique
 * cards, paraphrased wrappers, camouflage chat, random timing; plain sweep:
 * public instructions as they are, full answers, shared proxies and cards).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AccountRecord, Exchange, Message } from '../../contract/types.js';
import { mulberry32 } from '../../util/random.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** ../shared/corpora relative to the repository root. */
export const CORPORA_DIR = resolve(HERE, '..', '..', '..', '..', 'shared', 'corpora');

interface Prompt {
  prompt: string;
  turns?: string[];
}

const cache = new Map<string, Prompt[]>();

/** Up to `limit` prompts of one corpus; empty when the corpora are absent. */
export function loadCorpus(name: string, limit = 3000): Prompt[] {
  const key = `${name}:${limit}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const p = join(CORPORA_DIR, name, 'prompts.jsonl');
  const out: Prompt[] = [];
  if (existsSync(p)) {
    for (const line of readFileSync(p, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as Prompt;
        if (typeof r.prompt === 'string' && r.prompt.length > 0) out.push({ prompt: r.prompt.slice(0, 4000), turns: r.turns });
      } catch {
        // a malformed corpus line is skipped, not fatal
      }
      if (out.length >= limit) break;
    }
  }
  cache.set(key, out);
  return out;
}

export function corporaAvailable(): boolean {
  return existsSync(join(CORPORA_DIR, 'gsm8k', 'prompts.jsonl'));
}

export interface PopulationOptions {
  seed: number;
  days?: number;
  benign?: number;
  campus?: number;
  company?: number;
  evaluators?: number;
  agentic?: number;
  hydra?: number;
  stealth?: number;
  /**
   * A stealthy fleet (own address and card, browsers, people's hours, 30%
   * camouflage chat) whose wrappers around ordinary instructions use none of
   * the words the content lexicon knows: only the frames the accounts share
   * give it away (src/linkage/judge.ts `framedSweep`).
   */
  framed?: number;
  /**
   * Lone students on their own home addresses who ask for step-by-step help with
   * maths homework most of the time, at any waking hour, with follow-up
   * questions: the benign look-alike of a stealthy fleet's accounts.
   */
  tutees?: number;
  /**
   * Unverified researchers (no account record) running public benchmark
   * suites in the published layouts of common harnesses, several hundred a
   * day, several days: heavy, automated, all reasoning on benchmark items.
   */
  researchers?: number;
  /**
   * Lone unverified harvesters (no account record) sending the same items at
   * the same volume and cadence as the researchers, in their own wrappers: the
   * researchers' counterpart, to be flagged on their own traffic.
   */
  loneHarvesters?: number;
  /**
   * Companies running a nightly batch job over their own records (customer
   * messages from the chat corpora) with one instruction several of them copied
   * from the same public example: a one-line summary or a tag per record, short
   * answers, an SDK, regular cadence, single-turn, every record distinct.
   */
  batchJobs?: number;
  /**
   * A fleet harvesting plain answers: instructions from public instruction sets
   * with no elicitation wording, full-length answers, shared proxy ranges and
   * cards, an SDK, single-turn, each item once.
   */
  plainSweep?: number;
  /**
   * A fleet asking the model to write training data (question/answer pairs,
   * dialogues, harder variants, chosen/rejected replies), each account on its own
   * residential address and card, a quarter of its traffic ordinary chat.
   */
  datagen?: number;
  /**
   * A self-chat fleet: a user simulator opens each conversation with a new
   * instruction and drives it on with 3-5 follow-ups from the operator's own
   * short stock list (half the fleet adds punctuation, an emoji or markup to each);
   * own residential address and card per account, an SDK, around the clock,
   * long answers.
   */
  selfChat?: number;
  /** the self-chat fleet's stock list (default SELF_CHAT_STOCK) */
  selfChatStock?: readonly string[];
  /**
   * Its benign look-alikes, all heavy multi-turn chat: people who follow up a
   * lot, half of the time with the stock phrases everyone uses (the benign
   * FOLLOWUPS), some from an SDK, in waking hours; and chat products whose end
   * users press suggested-reply buttons ("Tell me more"), one fixed system
   * prompt, an SDK, around the clock.
   */
  heavyChatters?: number;
  suggestApps?: number;
  /**
   * People who chat through a client library (a terminal chat tool, a
   * notebook, a home-made bot) and drive their conversations on the way most
   * people do: nearly every follow-up from the short vocabulary everyone shares
   * (`EVERYDAY_FOLLOWUPS`: "why?", "shorter please", "ok thanks, give me an
   * example"), full answers, waking hours. One in `sharedKeyEvery` is a key a
   * team shares across time zones, busy around the clock: to the
   * scripted-dialogue detector it looks like a user simulator (its own
   * documented false positive), so the script cohort has caught accounts that
   * speak the everyday vocabulary, in proportion to the population.
   */
  chatToolUsers?: number;
  /** one chat-tool user in this many is a shared key busy around the clock (default 30) */
  sharedKeyEvery?: number;
  /**
   * App back ends without a system prompt relaying their end users' real
   * multi-turn conversations (ShareGPT's recorded turns, people's own
   * follow-ups), an SDK, around the clock.
   */
  relayApps?: number;
  /**
   * Independent researchers at their own institutions (own cloud range, card
   * and domain, unverified, no organisation) who run the same public
   * benchmarks: each day a run over a benchmark's items in the published
   * order, from the first item, in one of a few common harness layouts or a
   * wording of their own, on two models. Their items are the same as each
   * other's; a fleet covers many distinct prompts.
   */
  benchRunners?: number;
  /**
   * Research labs of `labSize` researchers each, behind one campus address
   * range, each on its own card and university e-mail domain, unverified: each
   * working day a researcher runs the first 50, 100 or 200 items of a public
   * benchmark at temperature 0 (a quarter of the runs sample at 0.8) on one to
   * three models, under the harness's stock system prompt ("Let's think step
   * by step."), from a worker pool through an eval library. Their prompts are
   * their colleagues' and every other lab's (the same suites from the first
   * item); to the linkage a lab is tied by its address, range, system prompt and
   * the items' templates, and it asks benchmark-style items at volume, as a
   * harvest does. Drawn from its own random stream: the rest of the population
   * is the same with or without it.
   */
  benchLabs?: number;
  /** researchers per lab (default 6) */
  labSize?: number;
  /**
   * Classes of `classSize` students, each class behind its own campus address
   * with its own e-mail domain, signed up in one week: the week's assignment
   * (a few public maths and multiple-choice items under the course's own
   * heading) sent by most students in the evenings before the deadline,
   * beside their own questions, so that a third to a half of a class's
   * prompts are shared: between the line that prevents a campaign and the
   * one that used to undo it.
   */
  classes?: number;
  /** students per class (default 30) */
  classSize?: number;
  /** share of a student's sessions in the two days before the deadline that are the assignment (default 0.6) */
  assignmentShare?: number;
  /** exchanges per campaign account per day */
  campaignRate?: number;
  /**
   * Event crowds (a hackathon, a workshop): `eventSize` attendees each, who
   * sign up within the hour before the start from the venue's address and
   * all build on one popular agent framework (`FRAMEWORK_SYSTEM`, its starter
   * tools, its client), sending agent loops over their own coding and
   * writing tasks for a day and a half at the venue, then a little from home.
   */
  eventCrowds?: number;
  /**
   * Tutoring apps with quick-reply buttons: a verified organisation's one to
   * three accounts, a system prompt naming the student, students anywhere
   * (around the clock) pressing one of the app's few buttons after reading
   * each long explanation (the pause grows with its length; `latency_ms`
   * logged), sometimes typing.
   */
  buttonTutors?: number;
  /**
   * How the tutoring apps' students pause before a press: `read` (the pause
   * grows with the answer's length), or `any`: each app draws `read`, `skim`
   * (a press after a few seconds whatever the length) or `prefetch` (the app
   * fetches the next step while the student reads: a press within a second or
   * two of the answer). Default `read`.
   */
  tutorPacing?: 'read' | 'any';
  /**
   * CI eval pipelines: an organisation's one to four keys (accounts: one
   * organisation, card and domain), a regression slice of a public benchmark
   * from its first item on every build, at temperature 0, in a harness
   * layout, through an eval library, from a CI service's shared runner
   * ranges; a 429 or 503 retried seconds later, mostly on a sibling key; on
   * half the pipelines the product's own multi-turn test conversations
   * beside the suite.
   */
  ciHarnesses?: number;
  /** whether half the CI pipelines send the product's test conversations beside the suite (default true) */
  ciProductTests?: boolean;
  /** attendees per event crowd (default 25) */
  eventSize?: number;
  /**
   * Whether each event crowd also runs a tutorial: the organiser shows a step
   * (one of the framework's quickstart tasks, the same in every crowd on it)
   * every 10–30 minutes, most attendees paste it word for word within a few
   * minutes and run it as an agent loop, and their free tier refuses a share
   * of calls (429), which their SDK retries on the same account seconds later.
   * One attendee refused on a step while another pastes it is a chance retry
   * hop. Drawn from its own random stream: the rest of the population is the
   * same with or without it.
   */
  eventTutorial?: boolean;
  /**
   * Accounts of an operation hiding in the first event crowd: signed up in its
   * hour from its venue, on its framework, pasting the tutorial with the
   * attendees and harvesting wrapped coding and reasoning items through the
   * framework at `campaignRate`, no card shared. Labelled `crowd_op`.
   */
  crowdOp?: number;
  /**
   * A tool-use harvest run on the same framework (its system prompt and
   * client, its starter tools plus others drawn per task), wrapped coding and
   * reasoning tasks in the user turns, residential proxies, cards in pools of
   * five, around the clock: the campaign a crowd on that framework could be
   * joined to.
   */
  frameworkFleet?: number;
}

export interface Population {
  exchanges: Exchange[];
  accounts: AccountRecord[];
  labels: Map<string, { label: 'benign' | 'campaign'; persona: string; campaign: string | null }>;
  startMs: number;
  endMs: number;
}

const START = Date.parse('2026-11-02T00:00:00Z');
const DAY = 86_400_000;
const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0 Safari/537.36 Edg/129.0',
];
const SDKS = ['openai-python/1.40.0', 'anthropic-sdk-python/0.34.0', 'OpenAI/JS 4.56.0'];
const FREE = ['gmail.com', 'outlook.com', 'yahoo.com', 'qq.com', 'proton.me', 'icloud.com'];

const COT_WRAPPERS: [string, string][] = [
  ['Solve the following problem. Think step by step and show all of your reasoning before giving the final answer.\n\n', '\n\nPut the final answer in \\boxed{}.'],
  ['Please reason step by step about the problem below, then state the final answer clearly.\n\nProblem: ', ''],
  ['You are an expert tutor. Walk me through the solution step by step.\n\n', '\n\nExplain your reasoning at each step.'],
];

/** Paraphrases a stealthy operator rotates through; each wraps the item on one or both sides. */
const STEALTH_WRAPPERS: [string, string][] = [
  ['Could you help me with this? ', '\nI want to understand it, so please explain your reasoning as you go.'],
  ['', '\n\nCan you walk me through how to get there? Step by step would be great.'],
  ['Quick question from my study group:\n', '\nPlease think it through carefully and show your work.'],
  ['I am stuck on this one.\n\n', '\n\nShow all the steps, then give the answer.'],
  ['', '\nReason through it carefully before answering, and show your steps.'],
  ['Help me figure this out:\n', '\nI need the full step-by-step explanation.'],
  ['Here is a problem:\n', '\nWhat is the answer? Explain your reasoning step by step.'],
  ['', '\n\nPlease solve this and walk me through your thinking.'],
];

/** Wrappers written to avoid every phrase of the content lexicon (checked by the framed-fleet test). */
export const PLAIN_WRAPPERS: [string, string][] = [
  ['Here is something I have to hand in by Friday, please take care of it properly:\n\n', ''],
  ['', '\n\nMake it thorough and complete, the longer the better for my purposes.'],
  ['My manager sent me the following and I have no idea where to begin with it:\n', ''],
  ['', '\n\nCover it from every angle so nothing is missing from the answer.'],
];

/** The self-chat fleet's stock follow-ups (its user simulator's list). */
export const SELF_CHAT_STOCK: readonly string[] = ['Please elaborate further.', 'Tell me more about this.', 'Can you give a detailed example?', 'What are the limitations?', 'Explain it from a different angle.', 'Continue.', 'What else should I know?', 'Summarize what we discussed.'];

/** What people say to keep a conversation going: a few dozen phrasings cover most follow-ups (one is also a fleet's "Continue."). */
export const EVERYDAY_FOLLOWUPS: readonly string[] = [
  'why?', 'can you make it shorter?', 'ok thanks', 'give me an example', 'what do you mean?', 'explain it more simply',
  'continue', 'are you sure?', 'thanks, that helps', 'can you rephrase that?', 'more detail please', 'put it in a list',
  'what about the other one?', 'how so?', 'ok, and then?', 'can you show the code?',
];

/** A popular agent framework's default system prompt, starter tools and client (see src/simulate/frameworks.ts). */
export const FRAMEWORK_SYSTEM = 'You are a helpful AI assistant with access to tools. Work through the task step by step. When you need information or need to act, call one of the tools; when you have the final answer, reply with it directly and stop.';
const FRAMEWORK_TOOLS = ['python_repl', 'web_search', 'read_file', 'write_file', 'shell'];
const FRAMEWORK_UA = 'agentkit/0.6.3 OpenAI/Python 1.52.0';
const MORE_TOOLS = ['bash', 'edit_file', 'run_tests', 'search_code', 'list_dir', 'git_diff', 'fetch_url', 'browser_open', 'sql_query', 'calendar_create'];

/** Quick-reply buttons of tutoring apps. */
const TUTOR_BUTTONS = ['ok can I try the next step myself', 'another one like this', "I don't get where the 2 comes from", 'show me a hint', 'check my answer', 'give me a similar problem'];

const FOLLOWUPS = ['can you explain that part again?', 'why does that work?', 'thanks! what about the second one?', 'could you give me a simpler example?', 'I still get an error, what am I missing?', 'ok, and how would I test it?'];

/** Build a labelled population; returns null when ../shared/corpora is absent. */
export function buildPopulation(o: PopulationOptions): Population | null {
  if (!corporaAvailable()) return null;
  const r = mulberry32(o.seed);
  const days = o.days ?? 3;
  const end = START + days * DAY;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const resIp = (): string => `${pick([24, 71, 73, 98, 104, 172, 186, 189, 92, 81])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
  const chat = [...loadCorpus('sharegpt-sample', 1000), ...loadCorpus('oasst-prompts', 500)];
  const queries = [...loadCorpus('nq-open-queries', 2000), ...loadCorpus('webquestions', 1500), ...loadCorpus('alpaca-eval', 805)];
  const devq = [...loadCorpus('conala-so-questions', 2000), ...loadCorpus('codealpaca', 1500)];
  const work = [...loadCorpus('arena-hard', 1000), ...loadCorpus('self-instruct-user-oriented', 252), ...loadCorpus('alpaca-eval', 805)];
  const math = [...loadCorpus('gsm8k', 3000), ...loadCorpus('math-competition', 3000)];
  const code = loadCorpus('code-benchmarks', 1500);
  const mmlu = loadCorpus('mmlu-redux', 2000);
  const bbh = loadCorpus('bbh', 2000);
  const tools = loadCorpus('tool-use-agentic', 2000);

  const exchanges: Exchange[] = [];
  const accounts: AccountRecord[] = [];
  const labels: Population['labels'] = new Map();
  let seq = 0;
  const emit = (acc: string, tsMs: number, x: Partial<Exchange> & { messages: Message[]; system?: string; tools?: string[]; tokens?: [number, number] }): void => {
    if (tsMs < START || tsMs >= end) return;
    exchanges.push({
      id: `x${seq++}`,
      ts: new Date(tsMs).toISOString(),
      tsMs,
      account_id: acc,
      org_id: x.org_id,
      api_key_id: x.api_key_id,
      ip: x.ip,
      user_agent: x.user_agent,
      model: x.model ?? 'model-large',
      endpoint: 'messages',
      status: x.status ?? 200,
      latency_ms: x.latency_ms,
      request: { messages: x.messages, system: x.system, tools: x.tools, max_tokens: x.request?.max_tokens ?? 1024, temperature: x.request?.temperature },
      response: { text: '', stop_reason: 'end_turn' },
      usage: { input_tokens: x.tokens?.[0] ?? 100, output_tokens: x.tokens?.[1] ?? 400 },
    });
  };
  /** A diurnal time: mostly 08:00-23:00 local (UTC offset per account). */
  const dayTime = (offsetH: number): number => {
    const d = int(0, days - 1);
    const h = (int(8, 22) + offsetH + 24) % 24;
    return START + d * DAY + h * 3_600_000 + int(0, 3_599_999);
  };
  const conversation = (p: { prompt: string; turns?: string[] }, n: number): Message[][] => {
    const turns = p.turns && p.turns.length > 1 ? p.turns : [p.prompt, ...Array.from({ length: n - 1 }, () => pick(FOLLOWUPS))];
    const out: Message[][] = [];
    const hist: Message[] = [];
    for (const t of turns.slice(0, n)) {
      hist.push({ role: 'user', content: t });
      out.push([...hist]);
      hist.push({ role: 'assistant', content: 'ok' });
    }
    return out;
  };
  const label = (id: string, persona: string, campaign: string | null): void => {
    labels.set(id, { label: campaign ? 'campaign' : 'benign', persona, campaign });
  };

  // Benign individuals: casual chat, search-like queries, developers (some on shared cloud ranges).
  for (let i = 0; i < (o.benign ?? 300); i++) {
    const id = `u_${i}_${hex(4)}`;
    const dev = r() < 0.3;
    const ua = dev ? pick(SDKS) : pick(BROWSERS);
    const ip = dev && r() < 0.5 ? `34.120.${int(10, 12)}.${int(1, 254)}` : resIp();
    accounts.push({ account_id: id, created_at: new Date(START - int(1, 400) * DAY + int(0, DAY)).toISOString(), email_domain: r() < 0.85 ? pick(FREE) : `${hex(6)}.com`, payment_fingerprint: `pm_${hex(12)}`, signup_ip: resIp(), verified: r() < 0.1 });
    label(id, dev ? 'developer' : 'casual', null);
    const off = pick([-8, -5, 0, 1, 8]);
    const sessions = int(2, dev ? 25 : 10);
    for (let s = 0; s < sessions; s++) {
      let t = dayTime(off);
      const src = dev ? devq : r() < 0.5 ? chat : queries;
      const p = pick(src);
      // a few benign users do ask for step-by-step help with a maths problem now and then
      const msgs = r() < 0.05 ? [[{ role: 'user' as const, content: `${pick(math).prompt}\nCan you explain it step by step?` }]] : conversation(p, int(1, 4));
      for (const m of msgs) {
        emit(id, t, { messages: m, ip, user_agent: ua, api_key_id: `sk-${hex(24)}` });
        t += int(20_000, 300_000);
      }
    }
  }

  // Tutees: heavy, genuine step-by-step users, each on their own.
  for (let i = 0; i < (o.tutees ?? 0); i++) {
    const id = `tut_${i}_${hex(4)}`;
    accounts.push({ account_id: id, created_at: new Date(START - int(10, 300) * DAY).toISOString(), email_domain: pick(FREE), payment_fingerprint: `pm_${hex(12)}`, signup_ip: resIp() });
    label(id, 'tutee', null);
    const ip = resIp();
    const ua = pick(BROWSERS);
    const off = pick([-8, -5, 0, 1, 8]);
    for (let s = 0; s < int(3, 4) * days; s++) {
      let t = dayTime(off);
      const hw = pick(math).prompt;
      const first = r() < 0.7 ? `${hw}\n${pick(['Can you explain it step by step?', 'Please show every step of the working.', 'Walk me through the reasoning, I have an exam tomorrow.'])}` : hw;
      for (const m of conversation({ prompt: first }, int(1, 3))) {
        emit(id, t, { messages: m, ip, user_agent: ua });
        t += int(40_000, 400_000);
      }
    }
  }

  // Campus class: one NAT, one e-mail domain, signed up in one lab week, lecture-synchronised; content is use.
  const nCampus = o.campus ?? 0;
  if (nCampus > 0) {
    const homework = [...devq.slice(0, 12), ...math.slice(0, 6)];
    const nat = '130.91.4.17';
    for (let i = 0; i < nCampus; i++) {
      const id = `stu_${i}_${hex(4)}`;
      accounts.push({ account_id: id, created_at: new Date(START - 5 * DAY + int(0, 2 * 3_600_000)).toISOString(), email_domain: 'students.example-university.edu', payment_fingerprint: `pm_${hex(12)}`, signup_ip: nat, country: 'US' });
      label(id, 'campus', null);
      const ua = pick(BROWSERS);
      for (let d = 0; d < days; d++) {
        // lecture lab 10:00-11:30 UTC, then evening homework
        for (const base of [10 * 3_600_000 + int(0, 5_400_000), 19 * 3_600_000 + int(0, 10_800_000)]) {
          let t = START + d * DAY + base;
          const hw = pick(homework);
          const wantsSteps = r() < 0.15;
          const first = wantsSteps ? `${hw.prompt}\nPlease explain step by step.` : hw.prompt;
          for (const m of conversation({ prompt: first }, int(2, 4))) {
            emit(id, t, { messages: m, ip: nat, user_agent: ua });
            t += int(30_000, 240_000);
          }
        }
      }
    }
  }

  // Company seats: one org, one corporate card, one office range, one internal assistant prompt; content is use.
  const nCompany = o.company ?? 0;
  if (nCompany > 0) {
    const system = 'You are the internal assistant of Acme Logistics. Answer concisely and cite internal policy where relevant.';
    for (let i = 0; i < nCompany; i++) {
      const id = `acme_${i}`;
      accounts.push({ account_id: id, org_id: 'org_acme', created_at: new Date(START - 200 * DAY + i * 3_600_000).toISOString(), email_domain: 'acme-logistics.com', payment_fingerprint: 'pm_acme_corporate', signup_ip: '198.51.100.20', verified: false });
      label(id, 'company', null);
      for (let s = 0; s < int(6, 20); s++) {
        let t = dayTime(0);
        for (const m of conversation(pick(work), int(1, 3))) {
          emit(id, t, { messages: m, system, ip: `198.51.100.${int(2, 60)}`, user_agent: 'AcmeAssistant/3.2 (Electron)', org_id: 'org_acme', api_key_id: `acme-seat-${i}` });
          t += int(30_000, 400_000);
        }
      }
    }
  }

  // Benchmark evaluators: verified single accounts, harness template over benchmark items, bounded volume.
  for (let i = 0; i < (o.evaluators ?? 0); i++) {
    const id = `eval_${i}`;
    accounts.push({ account_id: id, created_at: new Date(START - 300 * DAY).toISOString(), email_domain: `lab${i}.example.org`, payment_fingerprint: `pm_${hex(12)}`, verified: true, org_id: `org_lab${i}` });
    label(id, 'evaluator', null);
    let t = START + int(0, days - 1) * DAY + 9 * 3_600_000;
    const ip = `35.200.${i}.${int(1, 254)}`;
    for (let k = 0; k < 250; k++) {
      const q = pick([...mmlu, ...math]);
      emit(id, t, { messages: [{ role: 'user', content: `The following is a question. Think step by step, then answer.\n\n${q.prompt}\n\nAnswer:` }], ip, user_agent: 'lm-eval-harness/0.4.3 python-requests/2.32', org_id: `org_lab${i}` });
      t += int(1_500, 4_000);
    }
  }

  // Researchers and lone harvesters: the same benchmark items at the same volume and cadence
  // (a burst of 200-400 a day at an hour of its own, every day, an SDK, one address each);
  // the researchers in the published layouts of public harnesses, the harvesters in their own
  // wrappers. No account record for either: nothing says who is verified.
  const shots = math.slice(0, 4).map((q) => `Q: ${q.prompt}\nA: ... The answer is ${int(2, 90)}.`).join('\n\n');
  const layouts: ((q: string) => { content: string; system?: string })[] = [
    (q) => ({ content: `${shots}\n\nQ: ${q}\nA:` }),
    (q) => ({ content: `The following are multiple choice questions (with answers) about high school mathematics.\n\n${q}\nAnswer:` }),
    (q) => ({ content: q, system: 'Please reason step by step, and put your final answer within \\boxed{}.' }),
    (q) => ({ content: `${q}\nA: Let's think step by step.` }),
    (q) => ({ content: `Solve the following problem step by step. The last line of your response should be of the form Answer: $ANSWER.\n\n${q}` }),
  ];
  const heavy = (id: string, render: (q: string, run: number) => { content: string; system?: string }): void => {
    const ip = resIp();
    const ua = pick(SDKS);
    for (let d = 0; d < days; d++) {
      const items = r() < 0.5 ? mmlu : r() < 0.5 ? bbh : math;
      let t = START + d * DAY + int(0, 20 * 60) * 60_000;
      for (let k = int(200, 400); k > 0; k--) {
        const m = render(pick(items).prompt, d);
        emit(id, t, { messages: [{ role: 'user', content: m.content }], system: m.system, ip, user_agent: ua, api_key_id: `sk-${id}`, request: { max_tokens: 2048 } as Exchange['request'] });
        t += int(3_000, 30_000);
      }
    }
  };
  for (let i = 0; i < (o.researchers ?? 0); i++) {
    const id = `res_${i}_${hex(4)}`;
    label(id, 'researcher', null);
    heavy(id, (q, run) => layouts[(i + run) % layouts.length]!(q));
  }
  for (let i = 0; i < (o.loneHarvesters ?? 0); i++) {
    const id = `lone_${i}_${hex(4)}`;
    label(id, 'lone_harvester', `lone_${i}`);
    const wrappers = [...COT_WRAPPERS, ...STEALTH_WRAPPERS];
    heavy(id, (q) => {
      const [pre, post] = pick(wrappers);
      return { content: `${pre}${q}${post}` };
    });
  }

  // Benchmark runners: the same public items, in the benchmark's order, from many unrelated places.
  const runLayouts: ((q: string) => { content: string; system?: string })[] = [
    ...layouts,
    (q) => ({ content: `Question: ${q}\nAnswer with the final answer only, after your reasoning.` }),
    (q) => ({ content: `${q}\n\nThink carefully, then give your answer on the last line as "Answer: X".` }),
    // the published prompt of a maths benchmark, which the hydra fleet below copied as its first wrapper
    (q) => ({ content: `${COT_WRAPPERS[0]![0]}${q}${COT_WRAPPERS[0]![1]}` }),
  ];
  const suites = [math.slice(0, 400), mmlu.slice(0, 400), bbh.slice(0, 400)];
  for (let i = 0; i < (o.benchRunners ?? 0); i++) {
    const id = `bench_${i}_${hex(4)}`;
    accounts.push({ account_id: id, created_at: new Date(START - int(30, 600) * DAY).toISOString(), email_domain: `${pick(['cs', 'ml', 'nlp', 'ai'])}.uni${int(1, 400)}.edu`, payment_fingerprint: `pm_${hex(12)}`, signup_ip: `${pick([34, 35, 52, 20, 13])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}` });
    label(id, 'bench_runner', null);
    const net = `${pick([34, 35, 52, 20, 13])}.${int(0, 255)}.${int(0, 255)}`;
    const ua = pick(SDKS);
    const layout = runLayouts[int(0, runLayouts.length - 1)]!;
    // half run a benchmark from its first item, half a random sample of it (a seed of their own)
    const sampled = r() < 0.5;
    for (let d = 0; d < days; d++) {
      if (r() < 0.3) continue;
      const suite = pick(suites);
      const model = r() < 0.5 ? 'model-large' : 'model-large-reasoner';
      let t = START + d * DAY + int(0, 22 * 60) * 60_000;
      for (let k = 0; k < int(100, 250) && k < suite.length; k++) {
        const m = layout((sampled ? pick(suite) : suite[k])!.prompt);
        emit(id, t, { messages: [{ role: 'user', content: m.content }], system: m.system, ip: `${net}.${int(1, 254)}`, user_agent: ua, model, api_key_id: `sk-${id}`, request: { max_tokens: 2048 } as Exchange['request'] });
        t += int(2_000, 12_000);
      }
    }
  }

  // Classes: the week's assignment in waves before the deadline, beside each student's own questions.
  const classSize = o.classSize ?? 30;
  for (let c = 0; c < (o.classes ?? 0); c++) {
    const nat = `${pick([128, 130, 132, 141, 155])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
    const domain = `students.college${c}-${hex(3)}.edu`;
    const course = pick(['MATH 101', 'STAT 210', 'CS 105', 'PHYS 120', 'ECON 201']);
    const assignment = [...math.slice(500 + 6 * c, 506 + 6 * c), ...mmlu.slice(800 + 4 * c, 804 + 4 * c)];
    // the deadline falls late, so the class is first seen asking its own questions
    const deadline = days - 1;
    for (let i = 0; i < classSize; i++) {
      const id = `cls${c}_${i}_${hex(4)}`;
      accounts.push({ account_id: id, created_at: new Date(START - 20 * DAY + int(0, 7 * DAY)).toISOString(), email_domain: domain, payment_fingerprint: `pm_${hex(12)}`, signup_ip: nat });
      label(id, 'class_student', null);
      const ua = pick(BROWSERS);
      // their own questions are course work too: textbook problems and quiz questions
      const own = r() < 0.6 ? math : mmlu;
      for (let d = 0; d < days; d++) {
        const sessions = int(1, 3);
        for (let k = 0; k < sessions; k++) {
          // the assignment in the two evenings before the deadline, by most of the class
          const hw = d <= deadline && deadline - d <= 1 && r() < (o.assignmentShare ?? 0.6);
          let t = START + d * DAY + (hw ? 17 + int(0, 6) : 9 + int(0, 13)) * 3_600_000 + int(0, 3_599_999);
          const first = hw ? `${course} homework: ${pick(assignment).prompt}${r() < 0.5 ? '\nPlease explain step by step.' : ''}` : `${pick(own).prompt}${r() < 0.3 ? '\nCan you explain it step by step?' : ''}`;
          for (const m of conversation({ prompt: first }, r() < 0.7 ? 1 : int(2, 3))) {
            emit(id, t, { messages: m, ip: r() < 0.8 ? nat : resIp(), user_agent: ua });
            t += int(30_000, 300_000);
          }
        }
      }
    }
  }

  // Agentic product: one verified organisation, fixed system prompt, tool traces, many seats.
  const nAgentic = o.agentic ?? 0;
  if (nAgentic > 0) {
    const system = 'You are AgentCo, an autonomous assistant that books travel. Use the tools provided; never guess a booking reference.';
    for (let i = 0; i < nAgentic; i++) {
      const id = `agentco_${i}`;
      accounts.push({ account_id: id, org_id: 'org_agentco', created_at: new Date(START - 100 * DAY).toISOString(), email_domain: 'agentco.ai', payment_fingerprint: 'pm_agentco', verified: true });
      label(id, 'agentic', null);
      for (let k = 0; k < int(40, 120); k++) {
        const t = START + Math.floor(r() * days * DAY);
        emit(id, t, { messages: [{ role: 'user', content: pick(tools).prompt }], system, tools: ['search_flights', 'book', 'cancel'], ip: `52.10.7.${int(1, 30)}`, user_agent: 'agentco-backend/2.1 node-fetch', org_id: 'org_agentco', api_key_id: `agentco-prod-${i}` });
      }
    }
  }

  // Hydra: shared payment pools and proxy subnets, one template family over benchmark items,
  // signup bursts, scripted key names, round-robin dispatch with retry hopping after 429s.
  const nHydra = o.hydra ?? 0;
  const rate = o.campaignRate ?? 40;
  if (nHydra > 0) {
    const ids: string[] = [];
    const subnets = Array.from({ length: 8 }, () => `45.${int(10, 250)}.${int(0, 255)}`);
    for (let i = 0; i < nHydra; i++) {
      const id = `h_${hex(8)}`;
      ids.push(id);
      const burst = Math.floor(i / 20);
      accounts.push({ account_id: id, created_at: new Date(START - 10 * DAY + burst * 7 * 3_600_000 + int(0, 240_000)).toISOString(), email_domain: r() < 0.5 ? pick(FREE) : 'mailbox-relay.net', payment_fingerprint: `pm_pool_${i % 10}`, signup_ip: `${pick(subnets)}.${int(1, 254)}`, country: pick(['US', 'SG', 'DE']) });
      label(id, 'hydra', 'hydra');
    }
    const items = [...math, ...code];
    const total = nHydra * rate * days;
    const step = (days * DAY) / total;
    for (let k = 0; k < total; k++) {
      const t = START + k * step + int(0, Math.floor(step / 3));
      const acc = ids[k % nHydra];
      const [pre, post] = COT_WRAPPERS[k % COT_WRAPPERS.length];
      const content = `${pre}${items[k % items.length].prompt}${post}`;
      const ip = `${subnets[(k >> 3) % subnets.length]}.${int(1, 254)}`;
      const limited = r() < 0.03;
      emit(acc, t, { messages: [{ role: 'user', content }], ip, user_agent: 'python-httpx/0.27.0', api_key_id: `worker-${int(100, 999)}`, status: limited ? 429 : 200, request: { max_tokens: 8192 } });
      if (limited) emit(ids[(k + 1) % nHydra], t + int(500, 3000), { messages: [{ role: 'user', content }], ip, user_agent: 'python-httpx/0.27.0', api_key_id: `worker-${int(100, 999)}`, request: { max_tokens: 8192 } });
    }
  }

  // Stealth: sticky residential IPs, unique cards, free-mail, slow signups, browser UAs,
  // paraphrased wrappers rotated per request, 30% camouflage chat, random diurnal timing.
  const nStealth = o.stealth ?? 0;
  if (nStealth > 0) {
    const items = [...math.slice(3000), ...bbh, ...mmlu.slice(1000)];
    let it = 0;
    for (let i = 0; i < nStealth; i++) {
      const id = `s_${hex(8)}`;
      accounts.push({ account_id: id, created_at: new Date(START - int(2, 60) * DAY + int(0, DAY)).toISOString(), email_domain: pick(FREE), payment_fingerprint: `pm_${hex(12)}`, signup_ip: resIp() });
      label(id, 'stealth', 'stealth');
      const ip = resIp();
      const ua = pick(BROWSERS);
      const off = pick([-8, 0, 8]);
      for (let k = 0; k < Math.round(rate * 0.6 * days); k++) {
        const t = dayTime(off);
        if (r() < 0.3) {
          for (const m of conversation(pick(chat), int(1, 2))) emit(id, t, { messages: m, ip, user_agent: ua });
          continue;
        }
        const [pre, post] = pick(STEALTH_WRAPPERS);
        emit(id, t, { messages: [{ role: 'user', content: `${pre}${items[it++ % items.length].prompt}${post}` }], ip, user_agent: ua, api_key_id: `sk-${hex(24)}` });
      }
    }
  }

  // Framed: the stealth fleet's cover, ordinary instructions inside wrappers the lexicon does not know.
  let framedItem = 0;
  for (let i = 0; i < (o.framed ?? 0); i++) {
    const id = `fr_${hex(8)}`;
    accounts.push({ account_id: id, created_at: new Date(START - int(2, 60) * DAY + int(0, DAY)).toISOString(), email_domain: pick(FREE), payment_fingerprint: `pm_${hex(12)}`, signup_ip: resIp() });
    label(id, 'framed', 'framed');
    const ip = resIp();
    const ua = pick(BROWSERS);
    const off = pick([-8, 0, 8]);
    const mine = [pick(PLAIN_WRAPPERS), pick(PLAIN_WRAPPERS), pick(PLAIN_WRAPPERS)];
    for (let k = 0; k < Math.round(rate * 0.6 * days); k++) {
      const t = dayTime(off);
      if (r() < 0.3) {
        for (const m of conversation(pick(chat), int(1, 2))) emit(id, t, { messages: m, ip, user_agent: ua });
        continue;
      }
      const [pre, post] = pick(mine);
      // each item once across the fleet, as an operator paying for every answer would
      emit(id, t, { messages: [{ role: 'user', content: `${pre}${work[framedItem++ % work.length].prompt}${post}` }], ip, user_agent: ua, tokens: [300, int(500, 900)] });
    }
  }

  // Batch jobs: each company its own org, card and cloud address; two instructions copied
  // between them; short answers about the record, at night, every few seconds.
  const copied = [
    'Read the customer message below and reply with a single sentence that summarises what the customer wants, followed by a category label.\n\nMessage:\n',
    'You label incoming support requests. For the request between the markers, output JSON with the fields "intent", "urgency" (low/medium/high) and "product_area".\n\n---\n',
  ];
  for (let i = 0; i < (o.batchJobs ?? 0); i++) {
    const id = `batch_${i}_${hex(4)}`;
    const org = `org_batch_${hex(6)}`;
    accounts.push({ account_id: id, org_id: org, created_at: new Date(START - int(60, 600) * DAY).toISOString(), email_domain: `${hex(6)}.com`, payment_fingerprint: `pm_${hex(12)}`, signup_ip: resIp() });
    label(id, 'batch_job', null);
    const ip = `34.${int(64, 127)}.${int(0, 255)}.${int(1, 254)}`;
    const instruction = copied[i % copied.length];
    const hour = int(0, 4);
    for (let d = 0; d < days; d++) {
      let t = START + d * DAY + hour * 3_600_000 + int(0, 1_800_000);
      for (let k = int(120, 260); k > 0; k--) {
        const rec = pick(chat).prompt.slice(0, 1200);
        emit(id, t, { messages: [{ role: 'user', content: `${instruction}${rec}${i % 2 ? '\n---' : ''}` }], ip, user_agent: 'python-requests/2.32.3', org_id: org, api_key_id: `batch-${i}`, tokens: [40 + Math.round(rec.length / 4), int(18, 90)], request: { max_tokens: 256 } as Exchange['request'] });
        t += int(2_000, 6_000);
      }
    }
  }

  // Plain-answer sweep: public instructions as they are, full answers, a few proxy ranges and
  // card pools shared across the fleet, an SDK, around the clock.
  const nPlain = o.plainSweep ?? 0;
  if (nPlain > 0) {
    const items = [...loadCorpus('self-instruct-user-oriented', 252), ...loadCorpus('alpaca-eval', 805), ...loadCorpus('arena-hard', 1000), ...loadCorpus('codealpaca', 1500).slice(500)];
    const ranges = Array.from({ length: 4 }, () => `185.${int(10, 250)}.${int(0, 255)}`);
    const ids: string[] = [];
    for (let i = 0; i < nPlain; i++) {
      const id = `p_${hex(8)}`;
      ids.push(id);
      accounts.push({ account_id: id, created_at: new Date(START - int(3, 20) * DAY).toISOString(), email_domain: pick(FREE), payment_fingerprint: `pm_plain_${i % 6}`, signup_ip: `${pick(ranges)}.${int(1, 254)}` });
      label(id, 'plain_sweep', 'plain_sweep');
    }
    const total = nPlain * rate * days;
    const step = (days * DAY) / total;
    for (let k = 0; k < total; k++) {
      const t = START + k * step + int(0, Math.floor(step / 2));
      const acc = ids[int(0, nPlain - 1)];
      const q = items[k % items.length].prompt;
      emit(acc, t, { messages: [{ role: 'user', content: q }], ip: `${pick(ranges)}.${int(1, 254)}`, user_agent: 'OpenAI/Python 1.51.0', api_key_id: `sk-${acc}`, tokens: [20 + Math.round(q.length / 4), int(350, 1100)], request: { max_tokens: 4096 } as Exchange['request'] });
    }
  }

  // Synthetic-data fleet: one operator's data requests in its own wordings, nothing shared but the habit.
  const nGen = o.datagen ?? 0;
  if (nGen > 0) {
    const subjects = ['kitchen chemistry', 'bash scripting', 'medieval trade routes', 'retirement savings', 'graph algorithms', 'dog training', 'climate science', 'spreadsheet formulas'];
    const forms: ((it: string, s: string, k: number) => string)[] = [
      (_, s, k) => `I need ${k} Q&A pairs about ${s} for a training set. Give thorough answers.`,
      (_, s, k) => `Simulate a conversation between a user and an AI assistant on ${s}, ${k} rounds, assistant answers in depth.`,
      (it) => `Make a more difficult version of this task, then solve your new version completely.\n\n${it}`,
      (it) => `For the following prompt write a chosen response and a rejected response.\n\n${it}`,
      (_, s, k) => `Produce ${k} instruction and response pairs covering ${s}, formatted as JSONL.`,
    ];
    const items = [...work, ...queries];
    for (let i = 0; i < nGen; i++) {
      const id = `g_${hex(8)}`;
      accounts.push({ account_id: id, created_at: new Date(START - int(5, 90) * DAY).toISOString(), email_domain: pick(FREE), payment_fingerprint: `pm_${hex(12)}`, signup_ip: resIp() });
      label(id, 'datagen', 'datagen');
      const ip = resIp();
      const ua = r() < 0.6 ? pick(SDKS) : pick(BROWSERS);
      const off = pick([-8, -5, 0, 8]);
      for (let k = 0; k < Math.round(rate * 0.6 * days); k++) {
        const t = dayTime(off);
        if (r() < 0.25) {
          for (const m of conversation(pick(chat), int(1, 2))) emit(id, t, { messages: m, ip, user_agent: ua });
          continue;
        }
        const content = pick(forms)(pick(items).prompt, pick(subjects), int(3, 12));
        emit(id, t, { messages: [{ role: 'user', content }], ip, user_agent: ua, api_key_id: `sk-${id}`, tokens: [30 + Math.round(content.length / 4), int(800, 2000)], request: { max_tokens: 4096 } as Exchange['request'] });
      }
    }
  }

  // Self-chat fleet: a user simulator with a stock list of follow-ups; nothing shared but the habit.
  const nSelf = o.selfChat ?? 0;
  if (nSelf > 0) {
    const stock = [...(o.selfChatStock ?? SELF_CHAT_STOCK)];
    const openers = [...work, ...queries, ...chat];
    for (let i = 0; i < nSelf; i++) {
      const id = `sc_${hex(8)}`;
      accounts.push({ account_id: id, created_at: new Date(START - int(5, 90) * DAY).toISOString(), email_domain: pick(FREE), payment_fingerprint: `pm_${hex(12)}`, signup_ip: resIp() });
      label(id, 'self_chat', 'self_chat');
      const ip = resIp();
      const ua = pick(SDKS);
      let t = START + int(0, 3_600_000);
      while (t < end) {
        const hist: Message[] = [{ role: 'user', content: pick(openers).prompt }];
        for (let k = int(3, 5); k >= 0; k--) {
          emit(id, t, { messages: [...hist], ip, user_agent: ua, api_key_id: `sk-${id}`, tokens: [40 + 200 * hist.length, int(500, 1100)], request: { max_tokens: 4096 } as Exchange['request'] });
          // half the fleet dresses each stock follow-up in noise (punctuation, an emoji, markup) to look new
          const noise = i % 2 ? pick(['', '!', '!!', '?', ' :)', '...', ' 🙂', '**']) : '';
          hist.push({ role: 'assistant', content: 'ok' }, { role: 'user', content: `${pick(stock)}${noise}` });
          t += int(20_000, 60_000);
        }
        // conversations one after another around the clock, at the campaign's daily rate
        t += Math.round((DAY / rate) * 5 * (0.5 + r()));
      }
    }
  }

  // Heavy chatters: long conversations, stock phrases half of the time, waking hours.
  for (let i = 0; i < (o.heavyChatters ?? 0); i++) {
    const id = `hc_${hex(8)}`;
    accounts.push({ account_id: id, created_at: new Date(START - int(30, 400) * DAY).toISOString(), email_domain: pick(FREE), payment_fingerprint: `pm_${hex(12)}`, signup_ip: resIp() });
    label(id, 'heavy_chatter', null);
    const ip = resIp();
    const ua = r() < 0.4 ? pick(SDKS) : pick(BROWSERS);
    const off = pick([-8, -5, 0, 1, 8]);
    for (let c = 0; c < days * int(5, 8); c++) {
      let t = dayTime(off);
      const p = pick(chat);
      const hist: Message[] = [{ role: 'user', content: p.prompt }];
      for (let k = int(3, 6); k >= 0; k--) {
        emit(id, t, { messages: [...hist], ip, user_agent: ua, tokens: [40 + 200 * hist.length, int(200, 900)] });
        const own = pick(chat).prompt.split(/[.?!\n]/)[0].slice(0, 80);
        hist.push({ role: 'assistant', content: 'ok' }, { role: 'user', content: r() < 0.5 ? pick(FOLLOWUPS) : `${own}?` });
        t += int(40_000, 400_000);
      }
    }
  }

  // Chat-tool users: an SDK, the everyday follow-ups; a few shared keys busy around the clock.
  const every = o.sharedKeyEvery ?? 30;
  for (let i = 0; i < (o.chatToolUsers ?? 0); i++) {
    const id = `ct_${hex(8)}`;
    const shared = i % every === every - 1;
    accounts.push({ account_id: id, created_at: new Date(START - int(30, 400) * DAY).toISOString(), email_domain: r() < 0.7 ? pick(FREE) : `${hex(6)}.com`, payment_fingerprint: `pm_${hex(12)}`, signup_ip: resIp() });
    label(id, shared ? 'shared_key' : 'chat_tool', null);
    const ip = resIp();
    const ua = pick(SDKS);
    const off = pick([-8, -5, 0, 1, 8]);
    const own = r() < 0.5 ? 0 : 0.1;
    for (let c = 0; c < days * (shared ? int(8, 12) : int(2, 6)); c++) {
      // a shared key is used at any hour, a person's in their waking hours
      let t = shared ? START + int(0, days * DAY - 1) : dayTime(off);
      const hist: Message[] = [{ role: 'user', content: pick([...chat, ...queries, ...devq]).prompt }];
      for (let k = int(2, 5); k >= 0; k--) {
        emit(id, t, { messages: [...hist], ip, user_agent: ua, api_key_id: `sk-${id}`, tokens: [40 + 200 * hist.length, int(350, 900)] });
        const mine = pick(chat).prompt.split(/[.?!\n]/)[0].slice(0, 80);
        hist.push({ role: 'assistant', content: 'ok' }, { role: 'user', content: r() < own ? `${mine}?` : pick(EVERYDAY_FOLLOWUPS) });
        t += int(30_000, 300_000);
      }
    }
  }

  // Chat products with suggested-reply buttons: stock follow-ups from many end users under one system prompt.
  for (let i = 0; i < (o.suggestApps ?? 0); i++) {
    const id = `sa_${hex(8)}`;
    accounts.push({ account_id: id, created_at: new Date(START - int(30, 400) * DAY).toISOString(), org_id: `org_sa${i}`, email_domain: `${hex(6)}.io`, payment_fingerprint: `pm_${hex(12)}`, signup_ip: `34.${int(64, 127)}.${int(0, 255)}.${int(1, 254)}` });
    label(id, 'suggest_app', null);
    const ip = `34.${int(64, 127)}.${int(0, 255)}.${int(1, 254)}`;
    const system = `You are the assistant inside ${pick(['Pocket', 'Daily', 'Smart', 'Easy'])}${pick(['Tutor', 'Helper', 'Guide', 'Coach'])}, a consumer app. Be friendly and thorough.`;
    const buttons = ['Tell me more', 'Give me an example', 'Explain it simpler', 'What should I do next?'];
    for (let c = 0; c < days * 40; c++) {
      let t = START + int(0, days * DAY - 1);
      const hist: Message[] = [{ role: 'user', content: pick([...chat, ...queries]).prompt }];
      for (let k = int(2, 4); k >= 0; k--) {
        emit(id, t, { messages: [...hist], system, ip, user_agent: 'OpenAI/Python 1.51.0', api_key_id: `sk-${id}`, tokens: [60 + 200 * hist.length, int(300, 900)] });
        hist.push({ role: 'assistant', content: 'ok' }, { role: 'user', content: pick(buttons) });
        t += int(15_000, 120_000);
      }
    }
  }

  // Relay apps: real people's conversations, with the follow-ups they wrote themselves.
  const recorded = chat.filter((p) => p.turns && p.turns.length >= 3);
  for (let i = 0; i < (o.relayApps ?? 0); i++) {
    const id = `ra_${hex(8)}`;
    accounts.push({ account_id: id, created_at: new Date(START - int(30, 400) * DAY).toISOString(), org_id: `org_ra${i}`, email_domain: `${hex(6)}.dev`, payment_fingerprint: `pm_${hex(12)}`, signup_ip: `35.${int(180, 230)}.${int(0, 255)}.${int(1, 254)}` });
    label(id, 'relay_app', null);
    const ip = `35.${int(180, 230)}.${int(0, 255)}.${int(1, 254)}`;
    for (let c = 0; c < days * 30 && recorded.length > 0; c++) {
      let t = START + int(0, days * DAY - 1);
      const hist: Message[] = [];
      for (const turn of pick(recorded).turns!.slice(0, 6)) {
        hist.push({ role: 'user', content: turn });
        emit(id, t, { messages: [...hist], ip, user_agent: 'OpenAI/JS 4.56.0', api_key_id: `sk-${id}`, tokens: [60 + 200 * hist.length, int(300, 900)] });
        hist.push({ role: 'assistant', content: 'ok' });
        t += int(30_000, 300_000);
      }
    }
  }

  // An agent loop as a framework runs it: the task, then calls that carry the growing
  // conversation with tool results, seconds apart.
  const agentLoop = (id: string, t: number, task: string, system: string, tools: string[], ip: string, ua: string, key: string): number => {
    const hist: Message[] = [{ role: 'user', content: task }];
    for (let c = int(2, 6); c > 0; c--) {
      emit(id, t, { messages: [...hist], system, tools, ip, user_agent: ua, api_key_id: key, tokens: [300 + 150 * hist.length, c === 1 ? int(300, 700) : int(60, 200)] });
      hist.push({ role: 'assistant', content: `[tool_use ${pick(tools)}]` }, { role: 'tool', content: `{"status": "ok", "lines": ${int(1, 80)}}` });
      t += int(3_000, 30_000);
    }
    return t;
  };

  // A tutorial's steps pasted by a crowd on a free tier (see `eventTutorial`), from its own random stream.
  const tr = mulberry32(o.seed ^ 0x5eed7);
  const tint = (lo: number, hi: number): number => lo + Math.floor(tr() * (hi - lo + 1));
  const quickstart = tools.slice(0, 12).map((p) => p.prompt);
  const tutorial = (crowd: { id: string; key: string; venue: string[] }[], startsAt: number): void => {
    const steps = quickstart.filter(() => tr() < 0.6);
    const refuse = 0.1 + 0.3 * tr();
    let at = startsAt + tint(10, 60) * 60_000;
    for (const step of steps) {
      for (const a of crowd) {
        if (tr() > 0.85) continue;
        let t = at + Math.round(-Math.log(1 - tr()) * tint(60_000, 240_000));
        const hist: Message[] = [{ role: 'user', content: step }];
        const ip = a.venue[tint(0, a.venue.length - 1)];
        for (let c = tint(2, 6); c > 0; c--) {
          // the free tier refuses; the SDK sends the same request again on the same key
          while (tr() < refuse) {
            emit(a.id, t, { messages: [...hist], system: FRAMEWORK_SYSTEM, tools: FRAMEWORK_TOOLS, ip, user_agent: FRAMEWORK_UA, api_key_id: a.key, status: 429 });
            t += tint(500, 8_000);
          }
          emit(a.id, t, { messages: [...hist], system: FRAMEWORK_SYSTEM, tools: FRAMEWORK_TOOLS, ip, user_agent: FRAMEWORK_UA, api_key_id: a.key, tokens: [300 + 150 * hist.length, c === 1 ? tint(300, 700) : tint(60, 200)] });
          hist.push({ role: 'assistant', content: `[tool_use ${FRAMEWORK_TOOLS[tint(0, FRAMEWORK_TOOLS.length - 1)]}]` }, { role: 'tool', content: `{"status": "ok", "lines": ${tint(1, 80)}}` });
          t += tint(3_000, 30_000);
        }
      }
      at += tint(10, 30) * 60_000;
    }
  };

  // Event crowds: sign-ups in the hour before the start at the venue, one framework, own projects.
  for (let e = 0; e < (o.eventCrowds ?? 0); e++) {
    const attendees: { id: string; key: string; venue: string[] }[] = [];
    const venue = [`${pick([81, 92, 141, 193, 212])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`];
    if (r() < 0.5) venue.push(`${venue[0].split('.').slice(0, 3).join('.')}.${int(1, 254)}`);
    const startsAt = START + int(2, 20) * 3_600_000;
    const endsAt = startsAt + int(24, 40) * 3_600_000;
    for (let i = 0; i < (o.eventSize ?? 25); i++) {
      const id = `ev${e}_${i}_${hex(4)}`;
      accounts.push({ account_id: id, created_at: new Date(startsAt - int(0, 3_599_999)).toISOString(), email_domain: pick(FREE), payment_fingerprint: r() < 0.25 ? `pm_${hex(12)}` : undefined, signup_ip: pick(venue), tier: 'free' });
      label(id, 'event_crowd', null);
      // most keep the starter's tools; a few add one of their own
      const tools = r() < 0.2 ? [...FRAMEWORK_TOOLS, pick(MORE_TOOLS)] : FRAMEWORK_TOOLS;
      const src = r() < 0.6 ? devq : work;
      const key = `sk-${hex(24)}`;
      const home = resIp();
      for (let s = int(4, 12); s > 0; s--) {
        const t = startsAt + int(0, endsAt - startsAt);
        agentLoop(id, t, pick(src).prompt, FRAMEWORK_SYSTEM, tools, r() < 0.9 ? pick(venue) : home, FRAMEWORK_UA, key);
      }
      // a third carry on from home
      if (r() < 0.33) for (let s = int(1, 4); s > 0; s--) agentLoop(id, endsAt + int(0, DAY), pick(src).prompt, FRAMEWORK_SYSTEM, tools, home, FRAMEWORK_UA, key);
      attendees.push({ id, key, venue });
    }
    if (e === 0) {
      for (let i = 0; i < (o.crowdOp ?? 0); i++) {
        const id = `op_${hex(8)}`;
        accounts.push({ account_id: id, created_at: new Date(startsAt - int(0, 3_599_999)).toISOString(), email_domain: pick(FREE), signup_ip: pick(venue), tier: 'free' });
        label(id, 'crowd_op', 'crowd_op');
        const key = `sk-${hex(24)}`;
        const items = [...code, ...tools, ...math];
        let t = startsAt + int(0, 3_600_000);
        for (let n = 0; n < (o.campaignRate ?? 40) * 2 && t < endsAt; n++) {
          const [pre, post] = COT_WRAPPERS[n % COT_WRAPPERS.length];
          t = agentLoop(id, t, `${pre}${pick(items).prompt}${post}`, FRAMEWORK_SYSTEM, [...FRAMEWORK_TOOLS, pick(MORE_TOOLS)], pick(venue), FRAMEWORK_UA, key);
          t += int(30_000, 600_000);
        }
        attendees.push({ id, key, venue });
      }
    }
    if (o.eventTutorial) tutorial(attendees, startsAt);
  }

  // A tool-use harvest on the same framework: harvest wording in the user turns, tools drawn per task.
  const nFleet = o.frameworkFleet ?? 0;
  if (nFleet > 0) {
    const proxies = Array.from({ length: 6 }, () => `${pick([24, 71, 98, 186])}.${int(0, 255)}.${int(0, 255)}`);
    const items = [...code, ...tools, ...math];
    for (let i = 0; i < nFleet; i++) {
      const id = `fw_${hex(8)}`;
      accounts.push({ account_id: id, created_at: new Date(START - int(1, 20) * DAY).toISOString(), email_domain: pick(FREE), payment_fingerprint: `pm_fwpool_${i % Math.ceil(nFleet / 5)}`, signup_ip: `${pick(proxies)}.${int(1, 254)}` });
      label(id, 'framework_fleet', 'framework_fleet');
      const key = `sk-${hex(24)}`;
      let t = START + int(0, 3_600_000);
      for (let n = 0; n < (o.campaignRate ?? 40) * days && t < end; ) {
        const [pre, post] = COT_WRAPPERS[n % COT_WRAPPERS.length];
        const toolset = [...FRAMEWORK_TOOLS, ...Array.from({ length: int(2, 4) }, () => pick(MORE_TOOLS))];
        const before = exchanges.length;
        t = agentLoop(id, t, `${pre}${pick(items).prompt}${post}`, FRAMEWORK_SYSTEM, toolset, `${pick(proxies)}.${int(1, 254)}`, FRAMEWORK_UA, key);
        n += Math.max(1, exchanges.length - before);
        t += int(30_000, (days * DAY) / ((o.campaignRate ?? 40) * days / 4));
      }
    }
  }

  // Tutoring apps with quick-reply buttons: students read each long explanation, then mostly press one of a few buttons.
  for (let i = 0; i < (o.buttonTutors ?? 0); i++) {
    const org = `org_bt${i}_${hex(4)}`;
    const name = pick(['Mathly', 'StepWise', 'HomeworkPal', 'TutorBee', 'Solvo']);
    const buttons = [...TUTOR_BUTTONS].sort(() => r() - 0.5).slice(0, int(2, 5));
    const apps = Array.from({ length: int(1, 3) }, (_, k) => {
      const id = `bt${i}_${k}_${hex(4)}`;
      accounts.push({ account_id: id, created_at: new Date(START - int(30, 400) * DAY).toISOString(), org_id: org, email_domain: `${name.toLowerCase()}${i}.com`, payment_fingerprint: `pm_bt${i}`, signup_ip: `34.${int(64, 127)}.${int(0, 255)}.${int(1, 254)}`, verified: true });
      label(id, 'button_tutor', null);
      return { id, ip: `34.${int(64, 127)}.${int(0, 255)}.${int(1, 254)}` };
    });
    const press = 0.6 + 0.35 * r();
    // in turn, so that the rest of the population draws the same numbers as with `read`
    const pacing = o.tutorPacing === 'any' ? (['skim', 'prefetch', 'read'] as const)[i % 3] : 'read';
    for (let st = 0; st < int(30, 80); st++) {
      const app = pick(apps);
      const student = pick(['Maya', 'Leo', 'Aisha', 'Tom', 'Sofia', 'Ravi', 'Chen', 'Lena', 'Omar', 'Yuki']);
      const system = `You are ${name}'s tutor. The student is ${student}, working on ${pick(['fractions', 'equations', 'percentages', 'geometry'])}. Explain one step at a time.`;
      const readMs = 30 + 220 * r();
      // students anywhere: the app runs around the clock
      for (let c = 0; c < int(2, 3 * days); c++) {
        let t = START + int(0, days * DAY - 1);
        const hist: Message[] = [{ role: 'user', content: `${pick(math).prompt}\n${pick(['please explain step by step', 'how do I solve this?', ''])}` }];
        for (let k = int(1, 6); k >= 0; k--) {
          const out = Math.round(250 * Math.exp(1.5 * r()));
          const latency = 300 + 12 * out;
          emit(app.id, t, { messages: [...hist], system, ip: app.ip, user_agent: 'OpenAI/Python 1.51.0', api_key_id: `sk-${app.id}`, tokens: [60 + 200 * hist.length, out], latency_ms: latency });
          const typed = r() > press;
          const next = typed ? pick(FOLLOWUPS) : pick(buttons);
          hist.push({ role: 'assistant', content: 'ok' }, { role: 'user', content: next });
          const reading = pacing === 'read' ? readMs * out * (0.6 + 0.8 * r()) : 0;
          t += latency + reading + (typed ? int(8_000, 40_000) : pacing === 'prefetch' ? int(200, 2_000) : int(1_500, 6_000));
        }
      }
    }
  }

  // CI eval pipelines: an organisation's keys, a regression slice of public benchmark items from its first
  // item on every build, 429s and 5xx retried on a sibling key, the product's test conversations beside.
  for (let i = 0; i < (o.ciHarnesses ?? 0); i++) {
    const org = `org_ci${i}_${hex(4)}`;
    const domain = `${hex(6)}.ai`;
    const card = `pm_${hex(12)}`;
    const verified = r() < 0.5;
    const keys = Array.from({ length: int(1, 4) }, (_, k) => {
      const id = `ci_${i}_${k}_${hex(4)}`;
      accounts.push({ account_id: id, org_id: org, created_at: new Date(START - int(30, 600) * DAY).toISOString(), email_domain: domain, payment_fingerprint: card, signup_ip: `20.${int(0, 3)}.${int(0, 255)}.${int(1, 254)}`, verified });
      label(id, 'ci_eval', null);
      return id;
    });
    const ua = `${pick(['lm-eval/0.4.3', 'inspect_ai/0.3.40', 'lighteval/0.6.0'])} ${pick(SDKS)}`;
    const layout = runLayouts[int(0, runLayouts.length - 1)]!;
    const suite = pick(suites).slice(0, int(30, 150));
    const product = r() < 0.5 && o.ciProductTests !== false ? `You are the ${pick(['support', 'billing', 'onboarding'])} assistant of ${domain}. Answer briefly.` : null;
    const pFail = 0.01 + 0.05 * r();
    const send = (key: string, t: number, messages: Message[], system: string | undefined, max: number): void => {
      const req = { max_tokens: max, temperature: 0 } as Exchange['request'];
      const ip = () => `20.${int(0, 3)}.${int(0, 255)}.${int(1, 254)}`;
      // refused or failed, then retried seconds later, mostly on a sibling key
      for (let tries = 0; tries < 3 && r() < pFail; tries++) {
        emit(key, t, { messages, system, ip: ip(), user_agent: ua, model: 'model-small', org_id: org, api_key_id: `sk-${key}`, status: r() < 0.7 ? 429 : 503, request: req });
        if (keys.length > 1 && r() < 0.8) key = pick(keys.filter((k) => k !== key));
        t += int(500, 20_000);
      }
      emit(key, t, { messages, system, ip: ip(), user_agent: ua, model: 'model-small', org_id: org, api_key_id: `sk-${key}`, request: req });
    };
    for (let d = 0; d < days; d++) {
      for (let b = int(1, 6); b > 0; b--) {
        const key = pick(keys);
        let t = START + d * DAY + int(6, 20) * 3_600_000 + int(0, 3_599_999);
        for (const item of suite) {
          const m = layout(item.prompt);
          send(key, t, [{ role: 'user', content: m.content }], m.system, 512);
          t += int(100, 1500);
        }
        // the product's own test conversations, scripted and the same on every build
        if (product) {
          for (let c = 0; c < 8; c++) {
            const first = chat[(i * 8 + c) % chat.length]!.prompt;
            for (const m of conversation({ prompt: first }, 1 + (c % 3))) {
              send(key, t, m, product, 1024);
              t += int(200, 2000);
            }
          }
        }
      }
    }
  }

  // Research labs: colleagues behind one campus range running the heads of public suites.
  if (o.benchLabs) {
    const lr = mulberry32(o.seed ^ 0x1ab5);
    const lpick = <T>(xs: readonly T[]): T => xs[Math.floor(lr() * xs.length)];
    const lint = (lo: number, hi: number): number => lo + Math.floor(lr() * (hi - lo + 1));
    const lhex = (n: number): string => Array.from({ length: n }, () => Math.floor(lr() * 16).toString(16)).join('');
    const labSuites = [math.slice(0, 200), mmlu.slice(0, 200), bbh.slice(0, 200), code.slice(0, 200)];
    const harness = ['lm-eval/0.4.3', 'helm/0.5.4', 'openai-python/1.40.0', 'aiohttp/3.9.5'];
    for (let l = 0; l < o.benchLabs; l++) {
      const net = `${lpick([128, 130, 141, 155, 171])}.${lint(0, 255)}.${lint(0, 255)}`;
      for (let i = 0; i < (o.labSize ?? 6); i++) {
        const id = `lab${l}_${i}_${lhex(4)}`;
        accounts.push({ account_id: id, created_at: new Date(START - lint(30, 800) * DAY).toISOString(), email_domain: lpick(['cs.university.edu', 'inf.ethz.ch', 'mails.tsinghua.edu.cn', 'kaist.ac.kr', 'ox.ac.uk']), payment_fingerprint: `pm_${lhex(12)}`, signup_ip: `${net}.${lint(1, 254)}` });
        label(id, 'lab_researcher', null);
        const ua = lpick(harness);
        const offset = lint(-8, 8);
        for (let d = 0; d < days; d++) {
          if (lr() < 0.4) continue;
          const items = lpick(labSuites).slice(0, lpick([50, 100, 200]));
          const models = ['model-small', 'model-large', 'model-large-reasoner'].slice(0, lint(1, 3));
          const temperature = lr() < 0.25 ? 0.8 : 0;
          const system = lr() < 0.5 ? "Let's think step by step." : undefined;
          let t = START + d * DAY + ((lint(9, 17) - offset + 24) % 24) * 3_600_000 + lint(0, 3_599_999);
          for (const model of models) {
            for (const it of items) {
              emit(id, t, { messages: [{ role: 'user', content: it.prompt }], system, ip: `${net}.${lint(1, 254)}`, user_agent: ua, model, api_key_id: `sk-${id}`, request: { max_tokens: 1024, temperature } as Exchange['request'], tokens: [lint(60, 300), lint(150, 600)] });
              t += lint(300, 4_000);
            }
          }
        }
      }
    }
  }

  exchanges.sort((a, b) => a.tsMs - b.tsMs);
  return { exchanges, accounts, labels, startMs: START, endMs: end };
}
