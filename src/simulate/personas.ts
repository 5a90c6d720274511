/**
 * Benign personas: the traffic a detector must leave alone, including the hard
 * look-alikes (shared NAT, one organisation with many seats, fixed templates,
 * benchmark runs, agent loops). Each builder adds `n` units (accounts, or
 * classes / organisations for the group personas) to the world.
 */
import type { Actor, Env, SessionPlan } from './actor.js';
import { benignAdoption, conversationTurns, followUp, HumanActor, pickFrom, pickModel, stepFollowUp, Sweep } from './actor.js';
import { AgentActor, BatchActor, contentCall, StreamActor, type Content } from './agents.js';
import { anyIp, browserUserAgent, campusDomain, companyDomain, country, freemailDomain, ipIn16, ipIn24, net16, nextActive, orgId, paymentFingerprint, PROFILE, sdkUserAgent, type Activity } from './infra.js';
import type { Client, Ctx, Endpoint, SimAccount } from './kit.js';
import { pickFramework, type Framework } from './frameworks.js';
import { Rng } from './rng.js';
import type { Item } from './text/bank.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const PERSONAS = ['hobbyist', 'developer', 'app_backend', 'batch_job', 'benchmark_evaluator', 'campus_class', 'company_seat', 'agentic_product', 'classifier_service', 'logprob_eval', 'autocomplete', 'tutor_app', 'curious_learner', 'support_desk', 'event_crowd', 'button_tutor', 'bench_researcher', 'ci_eval'] as const;
export type Persona = (typeof PERSONAS)[number];

const benignLabel = (persona: string) => ({ label: 'benign' as const, campaign_id: null, persona });

function endpoint(rng: Rng): Endpoint {
  return (['chat.completions', 'messages', 'messages', 'responses'] as const)[rng.weighted([45, 40, 0, 15])];
}

function created(rng: Rng, env: Env, maxDaysBefore: number): number {
  return env.start - rng.range(1, maxDaysBefore) * DAY;
}

function tier(rng: Rng, heavy: boolean): string {
  return heavy ? rng.pick(['tier3', 'tier4', 'scale']) : rng.pick(['free', 'tier1', 'tier1', 'tier2']);
}

/** Home IP that changes every week or two (DHCP), sometimes a phone. */
function homeIp(rng: Rng): (t: number) => string {
  const n16 = net16(rng, 'residential');
  let ip = ipIn16(rng, n16);
  let until = 0;
  return (t) => {
    if (rng.chance(0.12)) return anyIp(rng, 'mobile');
    if (t > until) {
      ip = ipIn16(rng, n16);
      until = t + rng.exp(10) * DAY;
    }
    return ip;
  };
}

const PROFILE_HUMAN: Record<string, readonly number[]> = { evening: PROFILE.evening, work: PROFILE.work, waking: PROFILE.waking };

function chatPlan(rng: Rng, env: Env, weights: Record<string, number>, followMean: number, extra?: Partial<SessionPlan>): SessionPlan {
  const item = pickFrom(rng, env.bank.benign as Record<string, Item[]>, weights);
  const kind = /code|coding/.test(item.category) ? 'code' : item.category === 'search-query' ? 'search' : 'chat';
  return { turns: conversationTurns(rng, item, followMean), lang: item.lang, kind, outMedian: kind === 'search' ? 120 : 380, ...extra };
}

function hobbyist(env: Env, rng: Rng): void {
  const c = country(rng);
  const acc = env.addAccount(rng, { created: created(rng, env, 900), email_domain: freemailDomain(rng), payment_fingerprint: rng.chance(0.7) ? paymentFingerprint(rng) : undefined, signup_ip: anyIp(rng, 'residential'), country: c.country, tier: tier(rng, false), verified: rng.chance(0.1) }, benignLabel('hobbyist'), 'hobbyist');
  const browser = rng.chance(0.5);
  const ua = browser ? browserUserAgent(rng) : sdkUserAgent(rng);
  const client: Client = { ua, endpoint: endpoint(rng), stream: rng.chance(0.7), temperature: rng.chance(0.4) ? rng.pick([0.7, 1, 0.5]) : undefined, maxTokens: rng.chance(0.5) ? rng.pick([1024, 2048, 4096]) : undefined };
  const ad = benignAdoption(rng, env.releaseAt, 6, 0.3);
  const weights = { multi: 4, chat: 4, search: 2, code: 1, redteam: 0.5 };
  env.addActor(new HumanActor({
    acc, rng, activity: { hours: PROFILE_HUMAN.evening, tz: c.tz, weekend: 1.4 }, sessionsPerDay: Math.min(15, rng.lognormal(0.4, 1.1)), gapSec: 45,
    from: env.start, until: env.end, client: () => client, ip: homeIp(rng), model: (t) => pickModel(rng, t, env.models, 0.4, ad),
    plan: () => chatPlan(rng, env, weights, 2.2),
  }));
}

function developer(env: Env, rng: Rng): void {
  const c = country(rng);
  const own = rng.chance(0.5);
  const acc = env.addAccount(rng, { created: created(rng, env, 700), email_domain: own ? companyDomain(rng) : freemailDomain(rng), payment_fingerprint: paymentFingerprint(rng), signup_ip: anyIp(rng, 'residential'), country: c.country, tier: tier(rng, rng.chance(0.3)), verified: rng.chance(0.3), org_id: rng.chance(0.3) ? orgId(rng) : undefined }, benignLabel('developer'), 'developer', rng.between(1, 4));
  const uas = [sdkUserAgent(rng), sdkUserAgent(rng), `curl/8.${rng.between(0, 11)}.${rng.int(2)}`];
  const ep = endpoint(rng);
  const home = homeIp(rng);
  const office = `${net16(rng, 'residential').join('.')}.${rng.int(256)}`;
  const ad = benignAdoption(rng, env.releaseAt, 1.5, 0.1);
  env.addActor(new HumanActor({
    acc, rng, activity: { hours: PROFILE.work, tz: c.tz, weekend: 0.25 }, sessionsPerDay: Math.min(40, rng.lognormal(2.5, 0.9)), gapSec: 25,
    from: env.start, until: env.end,
    client: () => ({ ua: uas[rng.weighted([6, 3, 1])], endpoint: ep, stream: rng.chance(0.4), temperature: rng.pick([0, 0.2, 0.7, undefined]), maxTokens: rng.pick([1024, 2048, 4096, 8192, undefined]) }),
    ip: (t) => (rng.chance(0.6) ? ipIn24(rng, office) : home(t)), model: (t) => pickModel(rng, t, env.models, 0.6, ad),
    plan: () => {
      const p = chatPlan(rng, env, { code: 6, chat: 2, multi: 1, search: 1 }, 2.5);
      // debugging: the same prompt sent again, unchanged, a few times
      if (rng.chance(0.15)) p.turns = [p.turns[0], p.turns[0], ...p.turns.slice(1)];
      return p;
    },
  }));
}

function appBackend(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const org = orgId(rng);
  const acc = env.addAccount(rng, { created: created(rng, env, 600), org_id: org, email_domain: companyDomain(rng), payment_fingerprint: paymentFingerprint(rng), signup_ip: anyIp(rng, 'residential'), country: c.country, tier: tier(rng, true), verified: rng.chance(0.8) }, benignLabel('app_backend'), 'app_backend', rng.between(1, 3));
  const system = rng.pick(env.bank.benign.roles).text;
  const cloud = net16(rng, 'cloud');
  const egress = Array.from({ length: rng.between(1, 6) }, () => ipIn16(rng, cloud));
  const client: Client = { ua: sdkUserAgent(rng), endpoint: endpoint(rng), stream: rng.chance(0.6), temperature: rng.pick([0.3, 0.5, 0.7, 1]), maxTokens: rng.pick([512, 1024, 2048]) };
  const ad = benignAdoption(rng, env.releaseAt, 20, 0.6);
  const model = rng.chance(0.5) ? env.models.large : env.models.small;
  const weights = { chat: 4, multi: 4, search: 2, code: 1 };
  env.addActor(new StreamActor({
    acc, rng, activity: { hours: PROFILE.app, tz: c.tz, weekend: rng.range(0.8, 1.2) }, perDay: vol * Math.min(8000, rng.lognormal(900, 0.9)), from: env.start, until: env.end,
    client, ip: () => rng.pick(egress), model: (t) => (t >= ad.at ? env.models.next : model), p429: 0.003, p5xx: 0.002,
    content: (): Content => {
      const item = pickFrom(rng, env.bank.benign as Record<string, Item[]>, weights);
      const turns = conversationTurns(rng, item, 2);
      return { system, turns, depth: rng.int(turns.length), lang: item.lang, kind: 'chat', outMedian: 300 };
    },
  }));
}

const BATCH_TASKS = [
  'Extract the following fields from the text and return JSON with keys "topic", "sentiment" and "language". Text:\n',
  'Classify the support message below into one of: billing, bug, feature_request, account, other. Reply with the label only.\n\nMessage: ',
  'Summarize the document in one sentence of at most 25 words.\n\nDocument:\n',
  'Does the following text contain personal data (names, e-mails, phone numbers)? Answer yes or no.\n\n',
  'Translate the following text to English. Output only the translation.\n\n',
  'Tag the text with up to three keywords, comma-separated.\n\nText: ',
];

function batchJob(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const acc = env.addAccount(rng, { created: created(rng, env, 500), org_id: rng.chance(0.7) ? orgId(rng) : undefined, email_domain: companyDomain(rng), payment_fingerprint: paymentFingerprint(rng), signup_ip: anyIp(rng, 'cloud'), country: c.country, tier: tier(rng, true), verified: rng.chance(0.6) }, benignLabel('batch_job'), 'batch_job');
  const template = rng.pick(BATCH_TASKS);
  const system = rng.chance(0.4) ? 'You are a precise data-processing assistant. Follow the output format exactly.' : undefined;
  const ip = ipIn16(rng, net16(rng, 'cloud'));
  const client: Client = { ua: sdkUserAgent(rng), endpoint: endpoint(rng), stream: false, temperature: 0, maxTokens: rng.pick([16, 32, 64, 128, 256]) };
  const model = rng.chance(0.7) ? env.models.small : env.models.large;
  const docs = new Sweep(rng, [...env.bank.benign.chat, ...env.bank.benign.multi, ...env.bank.benign.search]);
  env.addActor(new BatchActor({
    acc, rng, tz: c.tz, hour: rng.between(0, 4), perRun: vol * rng.lognormal(1500, 0.9), runHours: rng.range(0.5, 3), nightly: rng.range(0.7, 1), skipWeekends: rng.chance(0.4),
    from: env.start, until: env.end, client, ip: () => ip, model: () => model,
    content: () => {
      const d = docs.next();
      return { system, turns: [template + d.text], depth: 0, lang: d.lang, kind: 'short', outMedian: rng.pick([4, 12, 30]), outSigma: 0.4 };
    },
  }));
}

/** The prompt forms of public evaluation harnesses (src/features/harness.ts recognises some of them). */
export const EVAL_TEMPLATES = [
  (q: string) => `Q: ${q}\nA: Let's think step by step.`,
  (q: string) => `Question: ${q}\n\nThink step by step, then write the final answer after "The answer is".`,
  (q: string) => `${q}\n\nPlease reason step by step, and put your final answer within \\boxed{}.`,
  (q: string) => `Answer the following question. The last line of your response should be of the form "Answer: $ANSWER".\n\n${q}`,
  (q: string) => `The following is a question. Solve it and explain your reasoning.\n\n${q}\n\nAnswer:`,
];

/** A research group or vendor running public benchmarks: bursts of CoT prompts, a few models compared. */
class EvalActor implements Actor {
  expected: number;
  private queue: Item[] = [];
  private qi = 0;
  private model = '';
  private budget: number;
  constructor(private acc: SimAccount, private rng: Rng, private env: Env, private tz: number, private template: (q: string) => string, private client: Client, private ip: () => string, private runsPerWeek: number, vol: number) {
    this.budget = Math.max(50, Math.round(vol * rng.lognormal(6000, 0.6)));
    this.expected = Math.min(this.budget, runsPerWeek * 800 * (env.days / 7));
  }
  first(): number {
    return this.nextRun(this.env.start);
  }
  private nextRun(t: number): number {
    const n = nextActive(this.rng, t, this.runsPerWeek / 7, { hours: PROFILE.work, tz: this.tz, weekend: 0.3 });
    return n < this.env.end && this.budget > 0 ? n : Infinity;
  }
  step(ctx: Ctx, t: number): number {
    const rng = this.rng;
    if (this.qi >= this.queue.length) {
      // a suite, in its file order, often on several models to compare them
      const pool = this.env.bank.attack[rng.pick(['math', 'math', 'knowledge', 'reasoning', 'code'] as const)];
      const n = Math.min(pool.length, rng.between(100, 1200));
      const off = rng.int(Math.max(1, pool.length - n));
      this.queue = pool.slice(off, off + n);
      this.qi = 0;
      const models = [this.env.models.large, this.env.models.small, ...(t >= this.env.releaseAt ? [this.env.models.next] : [])];
      this.model = rng.pick(models);
    }
    const item = this.queue[this.qi++];
    const call = contentCall(rng, { turns: [this.template(item.text)], depth: 0, lang: item.lang, kind: 'cot', outMedian: 450, maxTokens: this.client.maxTokens, temperature: 0 }, this.client, this.ip(), this.model, this.acc.keys[0]);
    ctx.emit(this.acc, t, call);
    this.budget--;
    if (this.budget <= 0) return Infinity;
    if (this.qi < this.queue.length) return t + rng.exp(rng.range(300, 1500));
    if (rng.chance(0.5)) {
      // the same suite again on another model, straight away
      const models = [this.env.models.large, this.env.models.small, ...(t >= this.env.releaseAt ? [this.env.models.next] : [])].filter((m) => m !== this.model);
      this.model = rng.pick(models);
      this.qi = 0;
      return t + rng.range(60_000, 1_800_000);
    }
    this.queue = [];
    return this.nextRun(t + HOUR);
  }
}

function benchmarkEvaluator(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const domain = rng.chance(0.5) ? campusDomain(rng) : companyDomain(rng);
  const acc = env.addAccount(rng, { created: created(rng, env, 400), org_id: rng.chance(0.6) ? orgId(rng) : undefined, email_domain: domain, payment_fingerprint: paymentFingerprint(rng), signup_ip: anyIp(rng, 'residential'), country: c.country, tier: tier(rng, true), verified: true }, benignLabel('benchmark_evaluator'), 'benchmark_evaluator');
  const n16 = net16(rng, rng.chance(0.5) ? 'cloud' : 'residential');
  const ip = ipIn16(rng, n16);
  const client: Client = { ua: sdkUserAgent(rng), endpoint: endpoint(rng), stream: false, temperature: 0, maxTokens: rng.pick([1024, 2048, 4096]) };
  env.addActor(new EvalActor(acc, rng, env, c.tz, rng.pick(EVAL_TEMPLATES), client, () => ip, rng.range(0.5, 2.5), vol));
}

const STUDENT_FRAMES = ['{q}', 'can you help me with this homework question: {q}', 'I dont understand how to do this: {q}', 'my teacher gave us this, how do i start?\n{q}', '{q}\n\nplease explain simply', 'Explain this to me: {q}'];

function campusClass(env: Env, rng: Rng): void {
  const c = country(rng);
  const domain = campusDomain(rng);
  const nat = ipIn16(rng, net16(rng, 'residential'));
  const nStudents = rng.between(20, 70);
  const createdAt = env.start - rng.range(2, 60) * DAY;
  // class meets twice a week at the same local hour
  const days = rng.sample([1, 2, 3, 4, 5], 2);
  const hour = rng.between(8, 16);
  const weekly = new Map<number, Item[]>();
  const pools: Item[][] = [env.bank.benign.chat, env.bank.benign.code, env.bank.attack.math, env.bank.benign.multi];
  const subject = rng.weighted([3, 3, 2, 2]);
  const assignment = (t: number): Item[] => {
    const w = Math.floor((t - env.start) / (7 * DAY));
    let a = weekly.get(w);
    if (!a) {
      const r = rng.fork(`week${w}`);
      a = r.sample(pools[subject], r.between(3, 6));
      weekly.set(w, a);
    }
    return a;
  };
  const meeting = (t: number): number => {
    const tzMs = c.tz * HOUR;
    let d = Math.floor((t + tzMs) / DAY);
    for (let i = 0; i < 14; i++, d++) {
      if (!days.includes((d + 4) % 7)) continue;
      const s = d * DAY - tzMs + hour * HOUR;
      if (s > t) return s;
    }
    return Infinity;
  };
  for (let i = 0; i < nStudents; i++) {
    const r = rng.fork(`student${i}`);
    const acc = env.addAccount(r, { created: createdAt + r.range(0, 5) * DAY, email_domain: domain, payment_fingerprint: r.chance(0.3) ? paymentFingerprint(r) : undefined, signup_ip: nat, country: c.country, tier: 'free', verified: r.chance(0.2) }, benignLabel('campus_class'), 'campus_class');
    const client: Client = { ua: r.chance(0.7) ? browserUserAgent(r) : sdkUserAgent(r), endpoint: 'chat.completions', stream: true };
    const home = homeIp(r);
    const attend = r.range(0.5, 0.95);
    env.addActor(new HumanActor({
      acc, rng: r, activity: { hours: PROFILE.evening, tz: c.tz, weekend: 1.2 }, sessionsPerDay: r.lognormal(0.4, 0.7), gapSec: 50, from: env.start, until: env.end,
      client: () => client, ip: (t) => {
        const local = ((t + c.tz * HOUR) % DAY) / HOUR;
        return local >= 8 && local < 18 ? nat : home(t);
      },
      model: () => env.models.small,
      nextSession: (t) => {
        let m = meeting(t);
        while (m < Infinity && !r.chance(attend)) m = meeting(m + HOUR);
        const m2 = m + r.range(2, 40) * 60_000;
        const hw = nextActive(r, t, r.lognormal(0.3, 0.5), { hours: PROFILE.evening, tz: c.tz, weekend: 1.2 });
        return Math.min(m2, hw);
      },
      plan: (t) => {
        const item = r.pick(assignment(t));
        return { turns: conversationTurns(r, { ...item, text: r.pick(STUDENT_FRAMES).replace('{q}', () => item.text), turns: undefined }, 3), lang: item.lang, kind: 'chat', outMedian: 350 };
      },
    }));
  }
}

function companySeats(env: Env, rng: Rng): void {
  const c = country(rng);
  const org = orgId(rng);
  const domain = companyDomain(rng);
  const card = paymentFingerprint(rng);
  const office = `${net16(rng, rng.chance(0.5) ? 'residential' : 'hosting').join('.')}.${rng.int(256)}`;
  const egress = Array.from({ length: rng.between(1, 4) }, () => ipIn24(rng, office));
  const n = Math.round(Math.min(200, rng.pareto(10, 1.3)));
  const onboard = env.start - rng.range(10, 300) * DAY;
  const toolUa = `${rng.pick(['Internal', 'Copilot', 'Assist', 'Helper'])}-${rng.pick(['Chat', 'Bot', 'Desk'])}/${rng.between(1, 4)}.${rng.int(10)} ${sdkUserAgent(rng)}`;
  const system = `You are ${domain.split('.')[0]}'s internal assistant. Be concise. Do not share confidential information outside the company.`;
  for (let i = 0; i < n; i++) {
    const r = rng.fork(`seat${i}`);
    const acc = env.addAccount(r, { created: r.chance(0.6) ? onboard + r.range(0, 2) * HOUR : onboard + r.range(0, 200) * DAY, org_id: org, email_domain: domain, payment_fingerprint: card, signup_ip: egress[0], country: c.country, tier: 'enterprise', verified: true }, benignLabel('company_seat'), 'company_seat');
    const viaTool = r.chance(0.7);
    const client: Client = viaTool ? { ua: toolUa, endpoint: 'messages', stream: true, temperature: 0.5, maxTokens: 2048 } : { ua: sdkUserAgent(r), endpoint: endpoint(r), stream: false };
    const home = homeIp(r);
    env.addActor(new HumanActor({
      acc, rng: r, activity: { hours: PROFILE.work, tz: c.tz, weekend: 0.1 }, sessionsPerDay: Math.min(20, r.lognormal(1.5, 0.8)), gapSec: 40, from: env.start, until: env.end,
      client: () => client, ip: (t) => (r.chance(0.85) ? r.pick(egress) : home(t)), model: () => env.models.large,
      plan: () => chatPlan(r, env, { chat: 4, code: 3, multi: 3, search: 1 }, 2.5, viaTool ? { system } : {}),
    }));
  }
}

const PRODUCT_TOOLS = ['search_docs', 'read_file', 'write_file', 'run_tests', 'bash', 'web_search', 'fetch_url', 'sql_query', 'create_ticket', 'send_email', 'calendar_create', 'lookup_customer', 'list_files', 'apply_patch', 'browser_click', 'browser_type'];

function agenticProduct(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const org = orgId(rng);
  const domain = companyDomain(rng);
  const card = paymentFingerprint(rng);
  const tools = rng.sample(PRODUCT_TOOLS, rng.between(5, 12));
  const system = `You are ${domain.split('.')[0]}'s agent. Use the tools to complete the user's task. Think before each tool call, verify results, and stop when the task is done.`;
  const cloud = net16(rng, 'cloud');
  const egress = Array.from({ length: rng.between(2, 8) }, () => ipIn16(rng, cloud));
  const ua = sdkUserAgent(rng);
  const ep = rng.chance(0.6) ? 'messages' : 'responses';
  const nAcc = rng.between(1, 3);
  const accs: SimAccount[] = [];
  for (let i = 0; i < nAcc; i++) accs.push(env.addAccount(rng, { created: env.start - rng.range(30, 500) * DAY, org_id: org, email_domain: domain, payment_fingerprint: card, signup_ip: egress[0], country: c.country, tier: 'scale', verified: true }, benignLabel('agentic_product'), 'agentic_product', 2));
  const ad = benignAdoption(rng, env.releaseAt, 10, 0.4);
  const slots = rng.between(3, 12);
  for (let s = 0; s < slots; s++) {
    const r = rng.fork(`slot${s}`);
    const acc = accs[s === 0 ? 0 : r.int(accs.length)];
    env.addActor(new AgentActor({
      acc, rng: r, activity: { hours: PROFILE.app, tz: c.tz, weekend: 0.8 }, sessionsPerDay: vol * r.lognormal(25, 0.6), callsMean: r.range(8, 25), gapSec: 4, from: env.start, until: env.end,
      client: { ua, endpoint: ep as Endpoint, stream: true, maxTokens: 8192 }, system, ip: () => r.pick(egress), model: (t) => (t >= ad.at ? env.models.next : env.models.large),
      task: () => {
        const it = pickFrom(r, env.bank.benign as Record<string, Item[]>, { code: 3, chat: 2, multi: 1 });
        return { text: it.text, lang: it.lang, tools, kind: 'chat' };
      },
    }));
  }
}

// ---- look-alikes of logit probing: short answers by design

const LABEL_SETS = [
  ['positive', 'negative', 'neutral'], ['safe', 'unsafe'], ['billing', 'bug', 'feature_request', 'account', 'other'], ['yes', 'no'],
  ['spam', 'ham'], ['sales', 'support', 'engineering', 'legal', 'hr', 'finance'], ['allow', 'flag', 'block'], ['en', 'es', 'fr', 'de', 'zh', 'other'],
  ['urgent', 'normal', 'low'], ['toxic', 'not_toxic'], ['question', 'complaint', 'praise', 'request'], ['A', 'B'],
];
const CLASSIFY_FRAMES = ['Text: {x}\nLabel:', '{x}', 'Classify this message:\n\n{x}', 'Input: """{x}"""\nCategory:', 'Route this ticket: {x}'];

/**
 * A classification, routing or moderation service: its own product's inputs
 * in one template, max_tokens 1–5, answered with one of its few labels;
 * some ask for log-probabilities (a confidence) and pin their label tokens
 * with one fixed logit_bias. High volume, around the clock.
 */
function classifierService(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const acc = env.addAccount(rng, { created: created(rng, env, 600), org_id: orgId(rng), email_domain: companyDomain(rng), payment_fingerprint: paymentFingerprint(rng), signup_ip: anyIp(rng, 'residential'), country: c.country, tier: tier(rng, true), verified: rng.chance(0.6) }, benignLabel('classifier_service'), 'classifier_service', rng.between(1, 2));
  const labels = rng.pick(LABEL_SETS);
  const weights = labels.map(() => rng.range(0.2, 3));
  const task = rng.pick(['sentiment', 'moderation', 'routing', 'intent', 'language', 'priority']);
  const system = `You are a ${task} classifier. Reply with exactly one label from: ${labels.join(', ')}.`;
  const frame = rng.pick(CLASSIFY_FRAMES);
  const maxTokens = rng.between(1, 5);
  const logprobs = rng.chance(0.4);
  const top = rng.between(2, 5);
  const lo = rng.int(90_000);
  const bias = rng.chance(0.3) ? { count: labels.length, min: rng.pick([5, 10, 100]), max: 100, lo, hi: lo + rng.between(labels.length, 40_000) } : undefined;
  const logged = rng.chance(0.6);
  const cloud = net16(rng, 'cloud');
  const egress = Array.from({ length: rng.between(1, 4) }, () => ipIn16(rng, cloud));
  const client: Client = { ua: sdkUserAgent(rng), endpoint: endpoint(rng), stream: false, temperature: 0, maxTokens };
  const input = rng.pick([{ chat: 4, search: 2, multi: 1 }, { redteam: 2, chat: 3 }, { chat: 2, code: 1, search: 1 }]);
  env.addActor(new StreamActor({
    acc, rng, activity: { hours: PROFILE.app, tz: c.tz, weekend: rng.range(0.8, 1.1) }, perDay: vol * Math.min(20_000, rng.lognormal(1500, 0.8)), from: env.start, until: env.end,
    client, ip: () => rng.pick(egress), model: () => env.models.small, p429: 0.002,
    content: (): Content => {
      const item = pickFrom(rng, env.bank.benign as Record<string, Item[]>, input);
      const probe = logged && (logprobs || bias) ? { logprobs: logprobs || undefined, topLogprobs: logprobs ? top : undefined, logitBias: bias } : undefined;
      return { system, turns: [frame.replace('{x}', () => item.text)], depth: 0, lang: item.lang, kind: 'short', outMedian: 2, outSigma: 0.3, maxTokens, temperature: 0, probe, answer: labels[rng.weighted(weights)] };
    },
  }));
}

const MC_HEADER = (subject: string) => `The following are multiple choice questions (with answers) about ${subject}.\n\n`;

/**
 * An evaluation harness scoring multiple choice by log-probabilities: one
 * fixed public item set, the whole set per run, runs repeated on a few days
 * (new checkpoints, other models), max_tokens 1, logprobs with the top
 * 5–20, answered with a letter.
 */
class LogprobEvalActor implements Actor {
  expected: number;
  private qi = 0;
  private model = '';
  private running = false;
  constructor(private acc: SimAccount, private rng: Rng, private env: Env, private items: Item[], private header: string, private client: Client, private ip: string, private runsPerWeek: number, private tz: number, private probe: Content['probe']) {
    this.expected = items.length * runsPerWeek * (env.days / 7);
  }
  first(): number {
    return this.nextRun(this.env.start);
  }
  private nextRun(t: number): number {
    const n = nextActive(this.rng, t, this.runsPerWeek / 7, { hours: PROFILE.work, tz: this.tz, weekend: 0.3 });
    return n < this.env.end ? n : Infinity;
  }
  step(ctx: Ctx, t: number): number {
    const rng = this.rng;
    if (!this.running) {
      this.running = true;
      this.qi = 0;
      this.model = rng.pick([this.env.models.large, this.env.models.small, ...(t >= this.env.releaseAt ? [this.env.models.next] : [])]);
    }
    const item = this.items[this.qi++];
    const call = contentCall(rng, { turns: [`${this.header}${item.text}\nAnswer:`], depth: 0, lang: item.lang, kind: 'short', outMedian: 1, outSigma: 0.1, maxTokens: 1, temperature: 0, probe: this.probe, answer: rng.pick(['A', 'B', 'C', 'D', ' A', ' B']) }, this.client, this.ip, this.model, this.acc.keys[0]);
    ctx.emit(this.acc, t, call);
    if (this.qi < this.items.length) return t + rng.exp(rng.range(100, 1200));
    this.running = false;
    return this.nextRun(t + HOUR);
  }
}

function logprobEval(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const acc = env.addAccount(rng, { created: created(rng, env, 400), org_id: rng.chance(0.6) ? orgId(rng) : undefined, email_domain: rng.chance(0.5) ? campusDomain(rng) : companyDomain(rng), payment_fingerprint: paymentFingerprint(rng), signup_ip: anyIp(rng, 'residential'), country: c.country, tier: tier(rng, true), verified: rng.chance(0.7) }, benignLabel('logprob_eval'), 'logprob_eval');
  const pool = env.bank.attack[rng.pick(['knowledge', 'knowledge', 'reasoning', 'math'] as const)];
  const n = Math.max(20, Math.min(pool.length, Math.round(vol * rng.between(100, 1500))));
  const off = rng.int(Math.max(1, pool.length - n));
  const items = pool.slice(off, off + n);
  const logged = rng.chance(0.6);
  const probe = logged ? { logprobs: true, topLogprobs: rng.pick([5, 10, 20]) } : undefined;
  const client: Client = { ua: sdkUserAgent(rng), endpoint: 'chat.completions', stream: false, temperature: 0, maxTokens: 1 };
  const ip = anyIp(rng, rng.chance(0.5) ? 'cloud' : 'residential');
  env.addActor(new LogprobEvalActor(acc, rng, env, items, rng.chance(0.7) ? MC_HEADER(rng.pick(['abstract algebra', 'high school physics', 'world history', 'college medicine', 'logic'])) : '', client, ip, rng.range(1, 4), c.tz, probe));
}

/**
 * An autocomplete product (an editor, a search box, a keyboard): the user's
 * text so far, growing word by word, completed with a few tokens (max_tokens
 * 4–64), sometimes with logprobs to show only confident completions.
 */
function autocomplete(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const acc = env.addAccount(rng, { created: created(rng, env, 500), org_id: orgId(rng), email_domain: companyDomain(rng), payment_fingerprint: paymentFingerprint(rng), signup_ip: anyIp(rng, 'residential'), country: c.country, tier: tier(rng, true), verified: rng.chance(0.6) }, benignLabel('autocomplete'), 'autocomplete', rng.between(1, 3));
  const maxTokens = rng.pick([4, 8, 16, 16, 32, 64]);
  const logged = rng.chance(0.6);
  const probe = logged && rng.chance(0.4) ? { logprobs: true, topLogprobs: rng.between(1, 5) } : undefined;
  const system = rng.chance(0.5) ? 'Complete the user\'s text. Output only the continuation.' : undefined;
  const cloud = net16(rng, 'cloud');
  const egress = Array.from({ length: rng.between(1, 4) }, () => ipIn16(rng, cloud));
  const client: Client = { ua: sdkUserAgent(rng), endpoint: endpoint(rng), stream: rng.chance(0.5), temperature: rng.pick([0, 0.2, 0.5]), maxTokens };
  const input = rng.pick([{ code: 4, chat: 1 }, { chat: 3, search: 2, multi: 1 }]);
  let words: string[] = [];
  let at = 0;
  env.addActor(new StreamActor({
    acc, rng, activity: { hours: PROFILE.app, tz: c.tz, weekend: rng.range(0.5, 1) }, perDay: vol * Math.min(15_000, rng.lognormal(2000, 0.8)), from: env.start, until: env.end,
    client, ip: () => rng.pick(egress), model: () => env.models.small,
    content: (): Content => {
      if (at >= words.length || rng.chance(0.05)) {
        words = pickFrom(rng, env.bank.benign as Record<string, Item[]>, input).text.split(/\s+/).slice(0, 80);
        at = Math.min(words.length, rng.between(2, 6));
      }
      const prefix = words.slice(0, at).join(' ');
      at += rng.between(1, 3);
      const k = rng.between(1, maxTokens);
      const answer = words.slice(at, at + Math.max(1, Math.ceil(k * 0.75))).join(' ') || '.';
      return { system, turns: [prefix], depth: 0, lang: 'en', kind: 'short', outMedian: k, outSigma: 0.2, maxTokens, probe, answer };
    },
  }));
}

// ---- look-alikes of multi-turn reasoning extraction: people who take answers apart

const STUDENT_OPENERS = ['{q}', 'can you help me with this homework question: {q}', 'I dont understand how to do this: {q}', '{q}\n\nplease explain step by step', 'how do I solve this? {q}'];

/** A person's conversation about `opener`: follow-ups drawn from the step vocabulary and the ordinary one, as many as a geometric draw gives. */
function learnerTurns(rng: Rng, opener: string, lang: string, followMean: number, stepShare: number): string[] {
  const n = Math.min(10, rng.geometric(followMean + 1) - 1);
  const turns = [opener];
  for (let i = 1; i <= n; i++) turns.push(rng.chance(stepShare) ? stepFollowUp(rng, rng.between(1, 4)) : followUp(rng, lang));
  return turns;
}

/**
 * A study or tutoring app: one organisation's account relays many students'
 * homework conversations under its tutor system prompt; students take the
 * worked answers apart with the same follow-ups a harvester uses, as deep as
 * each student cares to go.
 */
function tutorApp(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const domain = companyDomain(rng);
  const acc = env.addAccount(rng, { created: created(rng, env, 500), org_id: orgId(rng), email_domain: domain, payment_fingerprint: paymentFingerprint(rng), signup_ip: anyIp(rng, 'residential'), country: c.country, tier: tier(rng, true), verified: rng.chance(0.7) }, benignLabel('tutor_app'), 'tutor_app', rng.between(1, 2));
  // some tutors ask for worked steps in their configuration, as such products do
  const system = `You are ${domain.split('.')[0]}'s tutor. ${rng.chance(0.5) ? 'Explain step by step and check' : 'Be encouraging and check'} the student's understanding.`;
  const cloud = net16(rng, 'cloud');
  const egress = Array.from({ length: rng.between(1, 4) }, () => ipIn16(rng, cloud));
  const client: Client = { ua: sdkUserAgent(rng), endpoint: endpoint(rng), stream: true, temperature: 0.5, maxTokens: rng.pick([1024, 2048]) };
  const followMean = rng.range(1, 3.5);
  const stepShare = rng.range(0.3, 0.9);
  const students = Math.max(3, Math.round(vol * rng.between(15, 50)));
  const subjects = { math: rng.range(2, 5), reasoning: rng.range(0, 2), knowledge: rng.range(0, 2), code: rng.range(0, 1) };
  for (let i = 0; i < students; i++) {
    const r = rng.fork(`tutee${i}`);
    env.addActor(new HumanActor({
      acc, rng: r, activity: { hours: PROFILE.evening, tz: c.tz, weekend: 1.1 }, sessionsPerDay: r.lognormal(0.8, 0.8), gapSec: r.range(30, 120), from: env.start, until: env.end,
      client: () => client, ip: () => r.pick(egress), model: () => env.models.small,
      plan: () => {
        const keys = Object.keys(subjects) as (keyof typeof subjects)[];
        const item = r.pick(env.bank.attack[keys[r.weighted(keys.map((k) => subjects[k]))]]);
        return { system, turns: learnerTurns(r, r.pick(STUDENT_OPENERS).replace('{q}', () => item.text), item.lang, followMean, stepShare), lang: item.lang, kind: 'cot', outMedian: 450 };
      },
    }));
  }
}

/** A curious person working through puzzles and problems, asking why at every step, in the evenings. */
function curiousLearner(env: Env, rng: Rng): void {
  const c = country(rng);
  const acc = env.addAccount(rng, { created: created(rng, env, 900), email_domain: freemailDomain(rng), payment_fingerprint: rng.chance(0.7) ? paymentFingerprint(rng) : undefined, signup_ip: anyIp(rng, 'residential'), country: c.country, tier: tier(rng, false), verified: rng.chance(0.1) }, benignLabel('curious_learner'), 'curious_learner');
  const client: Client = { ua: rng.chance(0.6) ? browserUserAgent(rng) : sdkUserAgent(rng), endpoint: endpoint(rng), stream: rng.chance(0.7) };
  const followMean = rng.range(1.5, 5);
  const stepShare = rng.range(0.5, 1);
  env.addActor(new HumanActor({
    acc, rng, activity: { hours: PROFILE.evening, tz: c.tz, weekend: 1.4 }, sessionsPerDay: Math.min(12, rng.lognormal(1.5, 0.8)), gapSec: 60,
    from: env.start, until: env.end, client: () => client, ip: homeIp(rng), model: () => env.models.large,
    plan: () => {
      const item = problemItem(rng, env);
      return { turns: learnerTurns(rng, item.text, item.lang, followMean, stepShare), lang: item.lang, kind: 'cot', outMedian: 500 };
    },
  }));
}

/** A problem from the capability pools, as a person might bring one. */
function problemItem(rng: Rng, env: Env): Item {
  return rng.pick(env.bank.attack[rng.pick(['math', 'reasoning', 'knowledge', 'math'] as const)]);
}

const SUPPORT_FOLLOWUPS = ['that did not work', 'ok, what next?', 'why is that?', 'I still get the same error', 'can you explain step {k}?', 'where do I find that setting?', 'thanks, and if that fails?', 'what does that mean?'];

/** A support desk's assistant: customers' multi-turn conversations about their problems, under the product's system prompt. */
function supportDesk(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const domain = companyDomain(rng);
  const acc = env.addAccount(rng, { created: created(rng, env, 500), org_id: orgId(rng), email_domain: domain, payment_fingerprint: paymentFingerprint(rng), signup_ip: anyIp(rng, 'residential'), country: c.country, tier: tier(rng, true), verified: rng.chance(0.7) }, benignLabel('support_desk'), 'support_desk', rng.between(1, 2));
  const system = `You are ${domain.split('.')[0]}'s support assistant. Help the customer solve their problem${rng.chance(0.5) ? ' step by step' : ''}.`;
  const cloud = net16(rng, 'cloud');
  const egress = Array.from({ length: rng.between(1, 4) }, () => ipIn16(rng, cloud));
  const client: Client = { ua: sdkUserAgent(rng), endpoint: endpoint(rng), stream: true, maxTokens: 1024 };
  const followMean = rng.range(1.5, 4);
  const customers = Math.max(3, Math.round(vol * rng.between(10, 40)));
  for (let i = 0; i < customers; i++) {
    const r = rng.fork(`customer${i}`);
    env.addActor(new HumanActor({
      acc, rng: r, activity: { hours: PROFILE.work, tz: c.tz, weekend: 0.5 }, sessionsPerDay: r.lognormal(0.5, 0.8), gapSec: r.range(30, 150), from: env.start, until: env.end,
      client: () => client, ip: () => r.pick(egress), model: () => env.models.small,
      plan: () => {
        const item = pickFrom(r, env.bank.benign as Record<string, Item[]>, { chat: 2, code: 2, search: 1 });
        const n = Math.min(10, r.geometric(followMean + 1) - 1);
        const turns = [item.text];
        for (let k = 1; k <= n; k++) turns.push(stepFollowUp(r, k, SUPPORT_FOLLOWUPS));
        return { system, turns, lang: item.lang, kind: 'chat', outMedian: 300 };
      },
    }));
  }
}

/**
 * An event crowd: a hackathon, a workshop or a lab course. A few dozen people
 * sign up within an hour of the start from the venue's one address, all start
 * from the same popular agent framework (its system prompt, tool list and
 * client), and send tool-use and code traffic for the event's days, some of
 * them for a few days more from home. Everything a fleet shares at sign-up
 * (an address, a burst, one system prompt, one client) they share too; what
 * they do not share is a harvest: each builds their own project.
 */
function eventCrowd(env: Env, rng: Rng, vol = 1): void {
  addAttendees(env, rng, planEventCrowd(env, rng), vol);
}

/** What an event crowd's attendees share: its venue, hours, framework and sign-up hour. */
export interface EventCrowd {
  country: { country: string; tz: number };
  framework: Framework;
  kind: 'hackathon' | 'workshop' | 'lab';
  venueIps: string[];
  /** attendees */
  size: number;
  startsAt: number;
  endsAt: number;
  hours: readonly number[];
  domain: string | undefined;
  model: string;
  /** share of attendees who add tools of their own to the starter's */
  customise: number;
  /** share who carry on from home after the event */
  carryOn: number;
  /** the tutorial's exercises (the framework's quickstart tasks), pasted word for word */
  exercises: readonly string[];
  /** when the organiser presents each exercise (step i is exercises[i % length]), sorted */
  steps: readonly number[];
  /** share of the steps an attendee follows, on average */
  follow: number;
  /** median minutes from a step being shown to an attendee pasting it */
  pasteMin: number;
  /** share of an attendee's own sessions that start from one of the framework's examples */
  examples: number;
  /** the free tier's requests per minute; Infinity when the attendees' tier is not limited */
  rpm: number;
}

/** Draws an event crowd: where, when, on which framework, how many. */
export function planEventCrowd(env: Env, rng: Rng): EventCrowd {
  const c = country(rng);
  const fw = pickFramework(rng);
  const kind = rng.pick(['hackathon', 'workshop', 'lab'] as const);
  const venue = `${net16(rng, rng.chance(0.5) ? 'residential' : 'hosting').join('.')}.${rng.int(256)}`;
  const venueIps = Array.from({ length: rng.between(1, 2) }, () => ipIn24(rng, venue));
  const n = rng.between(12, 80);
  const eventDays = kind === 'workshop' ? 1 : kind === 'hackathon' ? rng.between(1, 3) : rng.between(2, 5);
  // the event starts on a day inside the world, at an hour that suits its kind
  const startDay = Math.floor(rng.range(0, Math.max(1, env.days - eventDays - 1)));
  const startHour = kind === 'hackathon' ? rng.between(16, 20) : rng.between(8, 10);
  const startsAt = env.start + startDay * DAY + (startHour - c.tz) * HOUR;
  const endsAt = startsAt + eventDays * DAY;
  // hackathons run through the night; workshops and labs keep working hours
  const hours = kind === 'hackathon' ? PROFILE.waking.map((w) => Math.max(w, 0.3)) : PROFILE.work;
  const domain = kind === 'lab' ? campusDomain(rng) : kind === 'workshop' && rng.chance(0.5) ? companyDomain(rng) : undefined;
  const model = rng.chance(0.6) ? env.models.large : env.models.small;
  const customise = rng.range(0, 0.4);
  const carryOn = rng.range(0.2, 0.6);
  // The tutorial: a workshop or lab runs one block of exercises each day from its start,
  // a hackathon one kick-off block; the organiser shows a step every 5–40 minutes and
  // the attendees paste it. Free tiers refuse requests over a few per minute, which an
  // agent loop exceeds, so pasted steps meet 429s while others paste the same step.
  const t = rng.fork('tutorial');
  const exercises = t.sample([...fw.examples], t.between(2, fw.examples.length));
  const steps: number[] = [];
  for (let d = 0; d < (kind === 'hackathon' ? 1 : eventDays); d++) {
    const every = t.range(5, 40) * 60_000;
    let at = startsAt + d * DAY + t.range(0.1, 1) * HOUR;
    for (let k = t.between(2, 10); k > 0; k--, at += every * t.range(0.7, 1.3)) steps.push(at);
  }
  return {
    country: c, framework: fw, kind, venueIps, size: n, startsAt, endsAt, hours, domain, model, customise, carryOn,
    exercises, steps, follow: t.range(0.3, 0.95), pasteMin: t.range(0.5, 5), examples: t.range(0, 0.3), rpm: t.chance(0.8) ? t.between(3, 20) : Infinity,
  };
}

/** Adds the crowd's attendees: each builds their own project on the framework. */
export function addAttendees(env: Env, rng: Rng, e: EventCrowd, vol = 1): void {
  const { country: c, framework: fw, kind, venueIps, startsAt, endsAt, hours, domain, model, customise, carryOn, exercises, steps } = e;
  for (let i = 0; i < e.size; i++) {
    const r = rng.fork(`attendee${i}`);
    // sign-ups in the hour before the start, at the venue
    const acc = env.addAccount(r, {
      created: startsAt - r.range(0, 1) * HOUR, email_domain: domain && r.chance(0.8) ? domain : freemailDomain(r), payment_fingerprint: r.chance(0.25) ? paymentFingerprint(r) : undefined,
      signup_ip: r.pick(venueIps), country: c.country, tier: 'free', verified: r.chance(0.1),
    }, benignLabel('event_crowd'), 'event_crowd');
    const client: Client = { ua: fw.ua(r), endpoint: r.chance(0.7) ? 'chat.completions' : 'messages', stream: r.chance(0.4) };
    // most keep the starter's tools; some add one or two of their own
    const tools = r.chance(customise) ? [...fw.tools, ...r.sample(PRODUCT_TOOLS, r.between(1, 2))] : [...fw.tools];
    const home = homeIp(r);
    const project = r.pick(['code', 'chat', 'multi'] as const);
    // the tutorial's draws come from their own fork, so the rest of the attendee is drawn as before
    const tr = r.fork('tutorial');
    const task = () => {
      if (tr.chance(e.examples)) return { text: tr.pick(fw.examples), lang: 'en', tools, kind: 'code' as const };
      const it = pickFrom(r, env.bank.benign as Record<string, Item[]>, { code: project === 'code' ? 5 : 2, chat: project === 'chat' ? 4 : 1, multi: project === 'multi' ? 3 : 1 });
      return { text: it.text, lang: it.lang, tools, kind: (/code|coding/.test(it.category) ? 'code' : 'chat') as 'code' | 'chat' };
    };
    const perDay = vol * r.lognormal(kind === 'hackathon' ? 10 : 6, 0.7);
    // one free tier per account, shared by everything it runs; the client's back-off is an SDK's seconds or a person's re-run
    const limit = Number.isFinite(e.rpm) ? { rpm: e.rpm, retrySec: tr.chance(0.6) ? tr.range(0.5, 4) : tr.range(10, 60), recent: [] } : undefined;
    const ip = () => (r.chance(0.9) ? r.pick(venueIps) : home(startsAt));
    env.addActor(new AgentActor({
      acc, rng: r.fork('event'), activity: { hours, tz: c.tz, weekend: 1 }, sessionsPerDay: perDay, callsMean: r.range(2, 8), gapSec: r.range(3, 20),
      from: startsAt, until: Math.min(env.end, endsAt), client, system: fw.system, ip, model: () => model, task, limit,
    }));
    // the tutorial's steps this attendee follows, each pasted a few minutes after it is shown
    const follow = Math.min(1, e.follow * tr.range(0.5, 1.5));
    const mine: { at: number; text: string }[] = [];
    steps.forEach((at, k) => {
      if (tr.chance(follow)) mine.push({ at: at + tr.lognormal(e.pasteMin * 60_000, 0.8), text: exercises[k % exercises.length] });
    });
    mine.sort((a, b) => a.at - b.at);
    if (mine.length > 0 && vol > 0) {
      let k = 0;
      env.addActor(new AgentActor({
        acc, rng: r.fork('steps'), activity: { hours, tz: c.tz, weekend: 1 }, sessionsPerDay: 0, callsMean: tr.range(2, 8), gapSec: tr.range(3, 20),
        from: startsAt, until: Math.min(env.end, endsAt), client, system: fw.system, ip, model: () => model, limit,
        starts: mine.map((m) => m.at), task: () => ({ text: mine[Math.min(k++, mine.length - 1)].text, lang: 'en', tools, kind: 'code' }),
      }));
    }
    // some carry on with their project at home for a few days
    if (r.chance(carryOn) && endsAt < env.end) {
      env.addActor(new AgentActor({
        acc, rng: r.fork('after'), activity: { hours: PROFILE.evening, tz: c.tz, weekend: 1.3 }, sessionsPerDay: perDay * r.range(0.1, 0.5), callsMean: r.range(2, 8), gapSec: r.range(3, 20),
        from: endsAt, until: Math.min(env.end, endsAt + r.range(1, 6) * DAY), client, system: r.chance(0.8) ? fw.system : undefined, ip: home, model: () => model, task,
      }));
    }
  }
}

// ---- look-alikes of user simulators and benchmark harvest: quick-reply apps and public benchmark runs

/**
 * Quick-reply buttons a tutoring app may show under an answer; each app shows
 * a few of them (`{k}` is a step number, `{n}` a number from the answer).
 */
const BUTTONS = [
  'ok can I try the next step myself', 'another one like this', "I don't get where the {n} comes from", 'show me a hint', 'explain it more simply',
  'check my answer', 'why step {k}?', 'give me a similar problem', 'I got it, next', 'show the full solution', 'what is the formula here?',
  'can you draw it as a table?', 'slower please', 'is there a shortcut?', 'quiz me on this',
];

const STUDENT_NAMES = ['Maya', 'Leo', 'Aisha', 'Tom', 'Sofia', 'Ravi', 'Chen', 'Lena', 'Omar', 'Yuki', 'Ana', 'Ben', 'Zoe', 'Ivan', 'Nia', 'Sam', 'Eli', 'Mia', 'Kofi', 'Lucas'];
const LESSONS = ['fractions', 'linear equations', 'percentages', 'geometry', 'word problems', 'ratios', 'probability', 'exponents', 'quadratics', 'statistics'];

/**
 * A tutoring app with canned quick-reply buttons: a verified business account
 * (or a few) relaying many students' long step-by-step explanations under its
 * product system prompt (parts of which name the student's grade and lesson),
 * where students mostly press one of the app's few buttons and sometimes type.
 * A person chooses, and conversations end when the student stops. How long
 * the pause before the next turn is depends on the app and the student: in
 * some apps students read, so the pause grows with the answer's length
 * (reading speed drawn per student); in others they skim, so it does not (a
 * press after a few seconds whatever the length); and some apps pre-fetch
 * the next step while the student reads, so a press follows the answer
 * within a second or two. Typed turns take longer than a press. Parameters
 * drawn over wide ranges per app and student.
 */
function buttonTutor(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const domain = companyDomain(rng);
  const org = orgId(rng);
  const nAcc = rng.chance(0.6) ? 1 : rng.between(2, 4);
  const card = paymentFingerprint(rng);
  const accs = Array.from({ length: nAcc }, () => env.addAccount(rng, { created: created(rng, env, 500), org_id: org, email_domain: domain, payment_fingerprint: card, signup_ip: anyIp(rng, 'cloud'), country: c.country, tier: tier(rng, true), verified: rng.chance(0.85) }, benignLabel('button_tutor'), 'button_tutor', rng.between(1, 3)));
  const name = domain.split('.')[0];
  // the system prompt is fixed, or carries the student's grade and lesson (then it varies by conversation)
  const varying = rng.chance(0.6);
  const system = (r: Rng, student: string) => varying ? `You are ${name}'s tutor. The student is ${student}, grade ${r.between(4, 12)}, working on ${r.pick(LESSONS)}. Explain one step at a time and check ${student}'s understanding.` : `You are ${name}'s tutor. Explain step by step and check the student's understanding.`;
  const buttons = rng.sample(BUTTONS, rng.between(2, 5));
  const cloud = net16(rng, 'cloud');
  const egress = Array.from({ length: rng.between(1, 6) }, () => ipIn16(rng, cloud));
  const client: Client = { ua: sdkUserAgent(rng), endpoint: endpoint(rng), stream: rng.chance(0.8), temperature: rng.pick([0.2, 0.5, 0.7]), maxTokens: rng.pick([1024, 2048, 4096]) };
  const pressShare = rng.range(0.5, 0.97);
  const pacing = rng.pick(['read', 'skim', 'prefetch'] as const);
  const followMean = rng.range(1.5, 6);
  const outMedian = rng.range(300, 900);
  // students in one time zone, or spread across several (then the app runs around the clock)
  const zones = rng.chance(0.5) ? [c.tz] : Array.from({ length: rng.between(2, 5) }, () => country(rng).tz);
  const students = Math.max(3, Math.round(vol * rng.between(20, 120)));
  const subjects = { math: rng.range(2, 5), reasoning: rng.range(0, 2), knowledge: rng.range(0, 1) };
  for (let i = 0; i < students; i++) {
    const r = rng.fork(`student${i}`);
    const acc = accs[r.int(accs.length)];
    // reading speed (ms per token) and how long a press or a typed turn takes
    const readMs = r.range(30, 250);
    const press = r.range(1500, 8000);
    const typeMsPerChar = r.range(150, 500);
    const student = r.pick(STUDENT_NAMES);
    // the turns of the current conversation that were button presses
    const pressed = new Set<string>();
    env.addActor(new HumanActor({
      acc, rng: r, activity: { hours: PROFILE.evening, tz: r.pick(zones), weekend: r.range(0.6, 1.4) }, sessionsPerDay: r.lognormal(0.7, 0.9), gapSec: 60, from: env.start, until: env.end,
      client: () => client, ip: () => r.pick(egress), model: () => env.models.small,
      think: (out, next) => {
        const typed = pressed.has(next) ? 0 : typeMsPerChar * next.length;
        if (pacing === 'prefetch' && !typed) return r.lognormal(r.range(200, 2000), 0.5);
        return r.lognormal((pacing === 'read' ? readMs * out : 0) + (typed || press), r.range(0.3, 0.7));
      },
      plan: () => {
        const keys = Object.keys(subjects) as (keyof typeof subjects)[];
        const item = r.pick(env.bank.attack[keys[r.weighted(keys.map((k) => subjects[k]))]]);
        const n = Math.min(12, r.geometric(followMean + 1) - 1);
        const turns = [r.pick(STUDENT_OPENERS).replace('{q}', () => item.text)];
        pressed.clear();
        for (let k = 1; k <= n; k++) {
          if (r.chance(pressShare)) {
            const b = r.pick(buttons).replace('{k}', String(k)).replace('{n}', String(r.between(2, 12)));
            pressed.add(b);
            turns.push(b);
          } else turns.push(r.chance(0.5) ? stepFollowUp(r, k) : followUp(r, item.lang));
        }
        return { system: system(r, student), turns, lang: item.lang, kind: 'cot', outMedian };
      },
    }));
  }
}

/**
 * Eval libraries' user agents: everyone running a benchmark through one of
 * them sends the same one (with its HTTP client), so it is a crowd's key.
 */
const EVAL_LIBRARIES = ['lm-eval/0.4.{v}', 'inspect_ai/0.3.{v}', 'lighteval/0.{v}.0', 'openai-evals/3.0.{v}', 'helm/0.5.{v}', 'simple-evals/0.{v}'];

function evalLibraryUa(rng: Rng): string {
  return `${rng.pick(EVAL_LIBRARIES).replace('{v}', String(rng.between(1, 4)))} ${sdkUserAgent(rng)}`;
}

/** The public suites everybody runs: a pool's first items in file order (the world's bank order stands for the published order). */
function publicSuite(env: Env, rng: Rng): Item[] {
  const pool = env.bank.attack[rng.pick(['math', 'math', 'knowledge', 'reasoning', 'code'] as const)];
  return pool.slice(0, Math.min(pool.length, rng.pick([50, 100, 200, 250, 500, 1000])));
}

/**
 * Runs a public suite again and again (a researcher comparing models, a CI
 * pipeline checking each build): each run sends the suite's items in order, at
 * temperature 0, through an eval library, several at once.
 */
class SuiteActor implements Actor {
  expected: number;
  private queue: Item[] = [];
  private qi = 0;
  private model = '';
  private budget: number;
  constructor(private o: { acc: SimAccount; rng: Rng; env: Env; activity: Activity; runsPerDay: number; suites: Item[][]; template: (q: string) => string; client: Client; ip: () => string; gapMs: [number, number]; budget: number; models: () => string[] }) {
    this.budget = Math.max(30, Math.round(o.budget));
    this.expected = Math.min(this.budget, o.runsPerDay * 200 * o.env.days);
  }
  first(): number {
    return this.nextRun(this.o.env.start);
  }
  private nextRun(t: number): number {
    const n = nextActive(this.o.rng, t, this.o.runsPerDay, this.o.activity);
    return n < this.o.env.end && this.budget > 0 ? n : Infinity;
  }
  step(ctx: Ctx, t: number): number {
    const { rng, env, client } = this.o;
    if (this.qi >= this.queue.length) {
      this.queue = rng.pick(this.o.suites);
      this.qi = 0;
      this.model = rng.pick(this.o.models());
    }
    const item = this.queue[this.qi++];
    const call = contentCall(rng, { turns: [this.o.template(item.text)], depth: 0, lang: item.lang, kind: 'cot', outMedian: 350, maxTokens: client.maxTokens, temperature: 0 }, client, this.o.ip(), this.model, this.o.acc.keys[0]);
    ctx.emit(this.o.acc, t, call);
    if (--this.budget <= 0) return Infinity;
    if (this.qi < this.queue.length) return t + rng.range(this.o.gapMs[0], this.o.gapMs[1]);
    this.queue = [];
    return this.nextRun(t + rng.range(10, 120) * 60_000);
  }
}

/** A harness form: a public harness's template (shared by everyone using it) or the researcher's own wording. */
function harnessTemplate(rng: Rng): (q: string) => string {
  if (rng.chance(0.7)) return rng.pick(EVAL_TEMPLATES);
  const head = rng.pick(['Solve:', 'Problem:', 'Task:', 'Please answer.', 'Evaluate the following.']);
  const tail = rng.pick(['Show your work.', 'Give the final answer on its own line.', 'Think carefully.', '']);
  return (q) => `${head}\n${q}${tail ? `\n\n${tail}` : ''}`;
}

/**
 * A benchmark researcher (a student, a lab, an independent one; mostly
 * unverified, no organisation): runs the same public suites everyone runs,
 * from their first item, through a common eval library, at temperature 0, on
 * a few models, on some days, from a campus or cloud address.
 */
function benchResearcher(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const campus = rng.chance(0.6);
  const acc = env.addAccount(rng, { created: created(rng, env, 600), org_id: rng.chance(0.2) ? orgId(rng) : undefined, email_domain: campus ? campusDomain(rng) : rng.chance(0.5) ? companyDomain(rng) : freemailDomain(rng), payment_fingerprint: paymentFingerprint(rng), signup_ip: anyIp(rng, 'residential'), country: c.country, tier: tier(rng, rng.chance(0.5)), verified: rng.chance(0.2) }, benignLabel('bench_researcher'), 'bench_researcher');
  const n16 = net16(rng, campus ? 'residential' : 'cloud');
  const ips = Array.from({ length: rng.between(1, 3) }, () => ipIn16(rng, n16));
  const client: Client = { ua: evalLibraryUa(rng), endpoint: endpoint(rng), stream: false, temperature: 0, maxTokens: rng.pick([256, 512, 1024, 2048]) };
  const suites = Array.from({ length: rng.between(1, 4) }, () => publicSuite(env, rng));
  const models = [env.models.large, env.models.small];
  env.addActor(new SuiteActor({
    acc, rng, env, activity: { hours: rng.chance(0.5) ? PROFILE.work : PROFILE.waking, tz: c.tz, weekend: rng.range(0.2, 1) }, runsPerDay: rng.range(0.2, 2), suites,
    template: harnessTemplate(rng), client, ip: () => rng.pick(ips), gapMs: [rng.range(50, 500), rng.range(1000, 6000)], budget: vol * rng.lognormal(2500, 0.8),
    models: () => (rng.chance(0.3) ? [env.models.next, ...models] : models),
  }));
}

/** CI runners' address ranges: a few cloud ranges shared by every pipeline on that CI service. */
const CI_RANGES = (() => {
  const r = new Rng(0, 'ci-ranges');
  return Array.from({ length: 4 }, () => net16(r, 'cloud'));
})();

/** What a CI job sends beside the eval suite: the organisation's own product test prompts. */
interface ProductTests {
  system: string;
  items: Item[];
}

/**
 * One organisation's CI eval jobs over its keys: per-commit runs of a
 * regression slice, sometimes a nightly run of the full suite, each run on
 * one or a few models, all at temperature 0, with the organisation's product
 * test prompts beside the suite on some runs. A refused (429) or failed (5xx)
 * request is retried after a back-off, often on another of the
 * organisation's keys (the client library rotates keys to spread its rate
 * limit), and may fail again.
 */
class CiPipelineActor implements Actor {
  expected: number;
  private queue: { item: Item; product: boolean }[] = [];
  private qi = 0;
  private model = '';
  private budget: number;
  private acc: SimAccount;
  constructor(private o: {
    accs: SimAccount[]; rng: Rng; env: Env; activity: Activity; runsPerDay: number; slice: Item[]; nightly: Item[] | null; product: ProductTests | null; productShare: number;
    template: (q: string) => string; client: Client; ip: () => string; gapMs: [number, number]; budget: number; models: string[]; pFail: number; p5xx: number; hop: number;
  }) {
    this.budget = Math.max(30, Math.round(o.budget));
    this.expected = Math.min(this.budget, o.runsPerDay * (o.slice.length + 20) * o.env.days);
    this.acc = o.accs[0];
  }
  first(): number {
    return this.nextRun(this.o.env.start);
  }
  private nextRun(t: number): number {
    const n = nextActive(this.o.rng, t, this.o.runsPerDay, this.o.activity);
    return n < this.o.env.end && this.budget > 0 ? n : Infinity;
  }
  private newRun(): void {
    const { rng, slice, nightly, product, productShare, models } = this.o;
    const items = nightly && rng.chance(0.15) ? nightly : slice;
    this.queue = items.map((item) => ({ item, product: false }));
    if (product && rng.chance(productShare)) {
      const tests = rng.sample(product.items, Math.min(product.items.length, rng.between(5, 40)));
      for (const item of tests) this.queue.splice(rng.int(this.queue.length + 1), 0, { item, product: true });
    }
    this.qi = 0;
    this.model = rng.pick(models);
    // a job holds one of the organisation's keys for the run
    this.acc = rng.pick(this.o.accs);
  }
  step(ctx: Ctx, t: number): number {
    const { rng, client } = this.o;
    if (this.qi >= this.queue.length) this.newRun();
    const { item, product } = this.queue[this.qi++];
    const content = product
      ? { system: this.o.product!.system, turns: [item.text], depth: 0, lang: item.lang, kind: 'chat' as const, outMedian: 250, maxTokens: client.maxTokens, temperature: 0 }
      : { turns: [this.o.template(item.text)], depth: 0, lang: item.lang, kind: 'cot' as const, outMedian: 350, maxTokens: client.maxTokens, temperature: 0 };
    let acc = this.acc;
    let at = t;
    const call = contentCall(rng, content, client, this.o.ip(), this.model, rng.pick(acc.keys));
    // refused or failed, then retried after a back-off, on another key or the same one
    for (let tries = 0; tries < 4 && rng.chance(this.o.pFail); tries++) {
      ctx.emit(acc, at, { ...call, status: rng.chance(this.o.p5xx) ? rng.pick([500, 502, 503]) : 429 });
      if (this.o.accs.length > 1 && rng.chance(this.o.hop)) acc = rng.pick(this.o.accs.filter((a) => a !== acc));
      at += rng.lognormal(rng.pick([1000, 4000, 15000]), 0.6);
      call.key = rng.pick(acc.keys);
      call.ip = this.o.ip();
    }
    ctx.emit(acc, at, call);
    if (--this.budget <= 0) return Infinity;
    if (this.qi < this.queue.length) return t + rng.range(this.o.gapMs[0], this.o.gapMs[1]);
    this.queue = [];
    return this.nextRun(t + rng.range(10, 120) * 60_000);
  }
}

/**
 * A CI eval harness: an organisation's pipeline that runs a regression slice
 * of public benchmarks on every build (a few to a dozen builds a working
 * day, sometimes a nightly full run), same items every time, temperature 0,
 * an eval library, from the CI service's shared runner ranges, many requests
 * at once; over one to six keys (accounts) of the organisation, sharing its
 * card and domain, with 429s and 5xx retried on another of them; on some
 * runs the product's own test prompts beside the suite. Parameters drawn over
 * wide ranges per organisation.
 */
function ciEval(env: Env, rng: Rng, vol = 1): void {
  const c = country(rng);
  const org = rng.chance(0.85) ? orgId(rng) : undefined;
  const domain = companyDomain(rng);
  const card = paymentFingerprint(rng);
  const verified = rng.chance(0.6);
  const nAcc = rng.chance(0.3) ? 1 : rng.between(2, 6);
  const accs = Array.from({ length: nAcc }, () => env.addAccount(rng, { created: created(rng, env, 500), org_id: org, email_domain: domain, payment_fingerprint: card, signup_ip: anyIp(rng, 'cloud'), country: c.country, tier: tier(rng, true), verified }, benignLabel('ci_eval'), 'ci_eval', rng.between(1, 2)));
  const range = rng.pick(CI_RANGES);
  const client: Client = { ua: evalLibraryUa(rng), endpoint: endpoint(rng), stream: false, temperature: 0, maxTokens: rng.pick([256, 512, 1024]) };
  const suite = publicSuite(env, rng);
  const slice = suite.slice(0, Math.min(suite.length, rng.between(20, 200)));
  const name = domain.split('.')[0];
  const product: ProductTests | null = rng.chance(0.6)
    ? { system: `You are ${name}'s assistant. ${rng.pick(['Answer the customer briefly.', 'Help the user with their account.', 'Summarise the document for the user.', 'Answer questions about our product.'])}`, items: rng.sample([...env.bank.benign.chat, ...env.bank.benign.code], 60) }
    : null;
  const models = rng.chance(0.5) ? [env.models.small] : [env.models.small, env.models.large, ...(rng.chance(0.3) ? [env.models.next] : [])];
  env.addActor(new CiPipelineActor({
    accs, rng, env, activity: { hours: PROFILE.work, tz: c.tz, weekend: rng.range(0.05, 0.5) }, runsPerDay: rng.range(1, 12), slice, nightly: rng.chance(0.5) ? suite : null,
    product, productShare: rng.range(0.1, 0.8),
    template: rng.pick(EVAL_TEMPLATES), client, ip: () => ipIn16(rng, range), gapMs: [rng.range(20, 200), rng.range(300, 2000)], budget: vol * rng.lognormal(8000, 0.7),
    models, pFail: Math.exp(rng.range(Math.log(0.002), Math.log(0.06))), p5xx: rng.range(0, 0.4), hop: rng.range(0.3, 1),
  }));
}

/** Builders by persona; each call adds one unit: an account, or a class / organisation for group personas. */
export const PERSONA_BUILDERS: Record<Persona, (env: Env, rng: Rng, vol: number) => void> = {
  hobbyist,
  developer,
  app_backend: appBackend,
  batch_job: batchJob,
  benchmark_evaluator: benchmarkEvaluator,
  campus_class: campusClass,
  company_seat: companySeats,
  agentic_product: agenticProduct,
  classifier_service: classifierService,
  logprob_eval: logprobEval,
  autocomplete,
  tutor_app: tutorApp,
  curious_learner: curiousLearner,
  support_desk: supportDesk,
  event_crowd: eventCrowd,
  button_tutor: buttonTutor,
  bench_researcher: benchResearcher,
  ci_eval: ciEval,
};

export const PERSONA_SUMMARY: Record<Persona, string> = {
  hobbyist: 'people chatting in the evening from home: multi-turn, residential IPs, heavy-tailed volume',
  developer: 'developers in working hours: code questions, SDKs and curl, repeated prompts while debugging',
  app_backend: 'an app relaying its users: one fixed system prompt, cloud IPs, around the clock',
  batch_job: 'a nightly job: one template over many documents, temperature 0, tiny outputs',
  benchmark_evaluator: 'benchmark runs: chain-of-thought over public items in bursts, verified, bounded',
  campus_class: 'a class behind one NAT: accounts made the same week, the same homework at the same hour',
  company_seat: 'seats of one company: one org, one card, one office range, own e-mail domain',
  agentic_product: 'an agent product: long tool-using sessions for its users, verified org, cloud IPs',
  classifier_service: 'a classification / routing / moderation service: its product\'s inputs in one template, max_tokens 1–5, answered with one of a few labels, sometimes logprobs and a fixed logit_bias',
  logprob_eval: 'an evaluation harness scoring multiple choice by log-probabilities: one fixed public item set, max_tokens 1, repeated runs',
  autocomplete: 'an autocomplete product: the text typed so far, growing word by word, completed with a few tokens',
  tutor_app: 'a study app relaying students\' homework conversations, the worked answers taken apart with step follow-ups, as deep as each student goes',
  curious_learner: 'a person working through problems in the evening, asking why at every step',
  support_desk: 'a support assistant: customers\' multi-turn conversations about their problems',
  event_crowd: 'a hackathon, workshop or lab: a few dozen sign-ups within an hour from the venue address, one popular agent framework (system prompt, tools, client), tool-use and code traffic for a few days',
  button_tutor: 'a tutoring app with quick-reply buttons: a verified business account or a few, many students\' long step-by-step explanations, mostly the app\'s few canned follow-ups pressed (after reading, after skimming, or pre-fetched), some typed',
  bench_researcher: 'a researcher running the same public benchmark items everyone runs, from the first, through a common eval library, temperature 0, a few models, on some days',
  ci_eval: 'an organisation\'s CI pipeline running a regression slice of public benchmark items on every build: same items each time, an eval library, the CI service\'s shared runner ranges, over several of the organisation\'s keys with 429s and 5xx retried on another, product test prompts beside',
};

export type { Activity };
