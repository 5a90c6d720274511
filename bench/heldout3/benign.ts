/**
 * heldout/v3's benign population. A world holds `scale` copies of a base mix
 * of units (BASE_UNITS); unit i of a persona is drawn from its own random
 * stream, so a larger world holds every unit of a smaller one plus new ones,
 * and the per-persona account mix is the same at every size. Unit sizes that
 * vary (a course, a company) cycle through a fixed list whose mean is the first
 * entry, so the mix stays exact.
 */
import type { Item } from './corpora.js';
import { converse, exchange, type Account, type Msg, type Sink, type Style } from './core.js';
import { COUNTRIES, DAY, HOUR, MIN, PEOPLE_COUNTRIES, cloudIp, localHour, personEmail, residentialIp, timeOnDay, v6Address, v6Household } from './net.js';
import type { Pools } from './pools.js';
import { Rng, opaque } from './rng.js';
import { AGENT_PROMPTS, APP_PROMPTS, APP_UAS, BATCH_TASKS, COMPANY_NAMES, COMPANY_PROMPTS, EDITOR_UAS, HARNESS_UAS, MODELS, SDK_UAS, STOCK_FOLLOWUPS, TERSE_SET, harnessPrompt, typo } from './text.js';

export interface Actor { day(d: number): void }

export interface BenignCtx { sink: Sink; pools: Pools; seed: string; days: number }

/** Units of each persona in a ×1 world; a ×k world has k times as many. */
export const BASE_UNITS: Record<string, number> = {
  person: 200,
  terse_person: 40,
  promo_signup: 50,
  developer: 50,
  course: 1,          // one course: COURSE_SIZES students, persona `student`
  company: 1,         // one company: COMPANY_SIZES seats, persona `company_seat`
  bench_researcher: 5,
  agent_product: 3,
  batch_job: 4,
  wrapper_app: 2,
  dormant: 15,
};
/** Cycled by unit index; each list's mean is its first entry. */
export const COURSE_SIZES = [150, 110, 190];
export const COMPANY_SIZES = [70, 45, 95];
/** Accounts per unit of the personas whose units hold more than one account. */
export const ACCOUNTS_PER_UNIT: Record<string, number> = { wrapper_app: 2 };

export function benignUnits(ctx: BenignCtx, scale: number): Actor[] {
  const actors: Actor[] = [];
  for (const [kind, base] of Object.entries(BASE_UNITS)) {
    for (let i = 0; i < base * scale; i++) {
      const rng = new Rng(`${ctx.seed}|${kind}|${i}`);
      const tag = `${ctx.seed}|${kind}|${i}`;
      const make = MAKERS[kind];
      actors.push(...make(ctx, rng, tag, i));
    }
  }
  return actors;
}

type Maker = (ctx: BenignCtx, rng: Rng, tag: string, index: number) => Actor[];

const pickCountry = (rng: Rng) => rng.weighted(PEOPLE_COUNTRIES);

function langPool(p: Pools, country: string): Item[] | undefined {
  const lang = ({ CN: 'zh', JP: 'ja', RU: 'ru', KR: 'ko', ES: 'es', MX: 'es' } as Record<string, string>)[country];
  return lang ? p.byLang[lang] : undefined;
}

/** Where a person's requests come from: a home v4 address that changes now and then, a v6 household, or a phone. */
class HomeNet {
  private v4: string;
  private v6?: string;
  private mobile: boolean;
  constructor(private rng: Rng, private country: string) {
    this.v4 = residentialIp(rng, country);
    this.v6 = COUNTRIES[country]?.v6 && rng.chance(0.35) ? v6Household(rng, country) : undefined;
    this.mobile = rng.chance(0.2);
  }
  today(): string {
    if (this.rng.chance(0.08)) this.v4 = residentialIp(this.rng, this.country);
    if (this.mobile && this.rng.chance(0.5)) return residentialIp(this.rng, this.country);
    return this.v6 ? v6Address(this.v6, this.rng) : this.v4;
  }
}

function personAccount(ctx: BenignCtx, rng: Rng, tag: string, persona: string, created: number, country: string, extra: Partial<Account> = {}): Account {
  const pay = rng.chance(0.55);
  return ctx.sink.account({
    id: opaque('acct_', tag), persona, label: 'benign', campaign: null, created, country,
    emailDomain: personEmail(rng, country), card: pay ? opaque('pf_', `${tag}|card`, 16) : undefined,
    signupIp: residentialIp(rng, country), tier: pay ? rng.pick(['tier1', 'tier1', 'tier2']) : 'free', verified: false, ...extra,
  }, rng.chance(0.15) ? 2 : 1);
}

/** Turns of one chat: a recorded conversation, or one request with follow-ups in the person's own words or stock phrases. */
function chatTurns(rng: Rng, p: Pools, country: string, terse: boolean): string[] {
  const native = langPool(p, country);
  if (native && rng.chance(0.6)) {
    const it = rng.pick(native);
    return it.turns?.length ? it.turns.slice(0, 4) : [it.prompt];
  }
  if (!terse && rng.chance(0.3)) return rng.pick(p.multiTurn).turns!.slice(0, rng.int(2, 5));
  const first = rng.chance(0.25) ? rng.pick(p.search).prompt : rng.pick(p.chat).prompt;
  const turns = [rng.chance(0.1) ? typo(rng, first) : first];
  const follow = terse ? rng.int(1, 4) : rng.weighted([[0, 5], [1, 3], [2, 1]] as const);
  for (let k = 0; k < follow; k++) turns.push(terse ? rng.pick(TERSE_SET) : rng.chance(0.5) ? rng.pick(STOCK_FOLLOWUPS) : rng.pick(p.chat).prompt.slice(0, 200));
  return turns;
}

const person = (persona: 'person' | 'terse_person'): Maker => (ctx, rng, tag) => {
  const country = pickCountry(rng);
  const tz = COUNTRIES[country].tz;
  const acct = personAccount(ctx, rng, tag, persona, -rng.range(3, 600) * DAY, country);
  const net = new HomeNet(rng, country);
  const app = rng.chance(0.7);
  const ua = app ? rng.pick(APP_UAS) : rng.pick(SDK_UAS);
  const activeP = rng.range(0.2, 0.85);
  const perDay = rng.range(0.8, 2.5);
  const model = rng.weighted([[MODELS[0], 6], [MODELS[1], 3], [MODELS[3], 1]] as const);
  return [{
    day(d) {
      if (!rng.chance(activeP * (d % 7 >= 5 ? 0.8 : 1))) return;
      const n = Math.max(1, rng.poisson(perDay));
      const ip = net.today();
      for (let s = 0; s < n; s++) {
        const t = timeOnDay(rng, d, tz, 'human');
        converse(ctx.sink, rng, acct, t, chatTurns(rng, ctx.pools, country, persona === 'terse_person'), {
          ip, ua, model, endpoint: app ? 'chat.completions' : rng.pick(['chat.completions', 'messages']), stream: app ? true : undefined,
          temperature: app ? 0.7 : undefined, answer: 350, think: 45, key: acct.keys[0],
        });
      }
    },
  }];
};

/** Signed up on the promotion day (day 4, a six-hour window), then light, fading use. */
const promoSignup: Maker = (ctx, rng, tag) => {
  const country = pickCountry(rng);
  const tz = COUNTRIES[country].tz;
  const created = 4 * DAY + 13 * HOUR + rng.exp(1.5 * HOUR) % (6 * HOUR);
  const acct = personAccount(ctx, rng, tag, 'promo_signup', created, country, { tier: 'trial', card: undefined });
  const net = new HomeNet(rng, country);
  const ua = rng.chance(0.6) ? rng.pick(APP_UAS) : rng.pick(SDK_UAS);
  let interest = rng.range(0.5, 1);
  return [{
    day(d) {
      if (d < 4) return;
      let t = d === 4 ? created + rng.range(2, 40) * MIN : timeOnDay(rng, d, tz, 'human');
      if (d > 4 && !rng.chance(interest)) return;
      interest *= 0.6;
      const n = d === 4 ? rng.int(1, 3) : 1;
      for (let s = 0; s < n; s++) {
        t = converse(ctx.sink, rng, acct, t, chatTurns(rng, ctx.pools, country, false), { ip: net.today(), ua, model: MODELS[1], endpoint: 'chat.completions', answer: 300, think: 40, key: acct.keys[0] }) + rng.range(5, 90) * MIN;
      }
    },
  }];
};

/** Debugging sessions with the same prompt resent while tuning settings, and a nightly CI smoke test. */
const developer: Maker = (ctx, rng, tag) => {
  const country = pickCountry(rng);
  const tz = COUNTRIES[country].tz;
  const acct = personAccount(ctx, rng, tag, 'developer', -rng.range(10, 500) * DAY, country, { tier: rng.pick(['tier2', 'tier3']), card: opaque('pf_', `${tag}|card`, 16) });
  const net = new HomeNet(rng, country);
  const ua = rng.chance(0.5) ? rng.pick(EDITOR_UAS) : rng.pick(SDK_UAS);
  const ci = rng.chance(0.35) ? { ip: cloudIp(rng), prompts: rng.sample(ctx.pools.devQuestions, rng.int(3, 8)).map((i) => i.prompt), hour: rng.int(0, 23) } : undefined;
  const workdays = rng.range(0.4, 0.9);
  return [{
    day(d) {
      if (ci) {
        let t = d * DAY + ci.hour * HOUR + rng.range(0, 10) * MIN;
        for (const p of ci.prompts) t = exchange(ctx.sink, rng, acct, t, [{ role: 'user', content: p }], { ip: ci.ip, ua: 'python-httpx/0.27.2', model: MODELS[1], endpoint: 'chat.completions', temperature: 0, maxTokens: 256, answer: 120, think: 1, key: acct.keys[acct.keys.length - 1] }).end + rng.range(200, 2000);
      }
      if (!rng.chance(d % 7 >= 5 ? workdays * 0.4 : workdays)) return;
      const ip = net.today();
      for (let s = rng.int(1, 3); s > 0; s--) {
        let t = timeOnDay(rng, d, tz, 'office');
        const q = rng.chance(0.6) ? rng.pick(ctx.pools.devQuestions).prompt : rng.pick(ctx.pools.chat).prompt;
        const style: Style = { ip, ua, model: rng.pick(MODELS), endpoint: rng.pick(['chat.completions', 'messages', 'responses']), answer: 400, think: 30, key: acct.keys[0] };
        if (rng.chance(0.35)) {
          // tuning: the same prompt several times with different settings
          for (let k = rng.int(3, 9); k > 0; k--) {
            t = exchange(ctx.sink, rng, acct, t, [{ role: 'user', content: q }], { ...style, temperature: rng.pick([0, 0.2, 0.5, 0.7, 1]), maxTokens: rng.pick([256, 512, 1024, 2048]) }).end + rng.range(5, 90) * 1000;
          }
        } else {
          const turns = [q, ...Array.from({ length: rng.int(0, 4) }, () => rng.chance(0.5) ? rng.pick(STOCK_FOLLOWUPS) : `still getting an error: ${rng.pick(ctx.pools.devQuestions).prompt}`)];
          converse(ctx.sink, rng, acct, t, turns, style);
        }
      }
    },
  }];
};

/**
 * A university course: students sign up within one hour (in the window for
 * half the courses), work on campus behind one NAT and at home, share the
 * class organisation, and send the same assignment questions in the two days
 * before each weekly deadline.
 */
const course: Maker = (ctx, rng, tag, index) => {
  const size = COURSE_SIZES[index % COURSE_SIZES.length];
  const country = rng.weighted([['US', 4], ['GB', 2], ['DE', 1], ['IN', 2], ['CA', 1], ['AU', 1]] as const);
  const tz = COUNTRIES[country].tz;
  const uni = `${rng.pick(['northfield', 'st-aldric', 'riverbend', 'halden', 'kingsmoor', 'lakeside', 'marlowe', 'eastgate'])}${rng.int(1, 99)}`;
  const domain = country === 'US' || country === 'CA' ? `${uni}.edu` : country === 'GB' ? `${uni}.ac.uk` : country === 'AU' ? `${uni}.edu.au` : `${uni}.ac.${country.toLowerCase()}`;
  const nat = `${residentialIp(rng, country).split('.').slice(0, 3).join('.')}`;
  const natIps = Array.from({ length: rng.int(2, 4) }, (_, k) => `${nat}.${10 + k}`);
  const org = opaque('org_', `${tag}|org`, 12);
  const subject = rng.pick(['math', 'code', 'ml', 'stats'] as const);
  const pool = subject === 'math' ? [...ctx.pools.gsm8kTrain.slice(0, 3000), ...ctx.pools.math] : subject === 'code' ? [...ctx.pools.mbpp, ...ctx.pools.codeInstr.slice(0, 2000)] : subject === 'ml' ? [...ctx.pools.mmlu.filter((i) => /machine_learning|computer|statistics/.test(i.category))] : [...ctx.pools.mmlu.filter((i) => /statistics|econometrics|math/.test(i.category))];
  const deadlineDay = rng.int(1, 6); // weekday of the weekly deadline
  const deadlineHour = rng.pick([9, 12, 17, 23]);
  const sets = Array.from({ length: Math.ceil(ctx.days / 7) + 1 }, () => rng.sample(pool, rng.int(6, 10)).map((i) => i.prompt));
  const signupInWindow = index % 2 === 0;
  const signupAt = signupInWindow ? (rng.int(0, 1) * DAY + (9 - tz) * HOUR + rng.range(0, 2) * HOUR) : -rng.range(10, 40) * DAY;
  const ua = rng.pick(APP_UAS);
  const actors: Actor[] = [];
  for (let s = 0; s < size; s++) {
    const sr = new Rng(`${tag}|student|${s}`);
    const created = signupAt + sr.range(0, 55) * MIN;
    const acct = ctx.sink.account({
      id: opaque('acct_', `${tag}|s${s}`), persona: 'student', label: 'benign', campaign: null, created, org, country,
      emailDomain: sr.chance(0.85) ? domain : personEmail(sr, country), signupIp: sr.pick(natIps), tier: 'edu', verified: true,
    });
    const home = new HomeNet(sr, country);
    const diligence = sr.range(0.4, 0.95);
    const notebook = sr.chance(0.45);
    const myUa = notebook ? 'OpenAI/Python 1.54.4' : sr.chance(0.7) ? ua : sr.pick(APP_UAS);
    const wrap = sr.int(0, 3);
    actors.push({
      day(d) {
        const dayStart = d * DAY;
        if (dayStart + DAY <= created) return;
        const ipFor = (t: number) => (d % 7 < 5 && localHour(t, tz) >= 8 && localHour(t, tz) < 18 && sr.chance(0.8) ? sr.pick(natIps) : home.today());
        const style = (t: number): Style => ({ ip: ipFor(t), ua: myUa, model: MODELS[1], endpoint: 'chat.completions', answer: 450, think: 80, key: acct.keys[0], stream: notebook ? undefined : true });
        // assignment work: the two days before the deadline
        const untilDeadline = (deadlineDay - (d % 7) + 7) % 7;
        if (untilDeadline <= 1 && sr.chance(diligence * (untilDeadline === 0 ? 0.7 : 0.5))) {
          const set = sets[Math.floor(d / 7)];
          let t = timeOnDay(sr, d, tz, 'student');
          if (untilDeadline === 0) t = Math.min(t, dayStart + ((deadlineHour - tz + 24) % 24) * HOUR - sr.range(0.2, 5) * HOUR);
          t = Math.max(t, dayStart, created + MIN);
          for (let q = 0; q < set.length; q++) {
            if (!sr.chance(0.65)) continue;
            const item = set[q];
            const first = wrap === 0 ? item : wrap === 1 ? `help with q${q + 1}: ${item}` : wrap === 2 ? `how do I solve this\n${item}` : `Explain: ${item}`;
            const turns = [first, ...Array.from({ length: sr.int(0, 2) }, () => sr.pick(STOCK_FOLLOWUPS))];
            t = converse(ctx.sink, sr, acct, t, turns, style(t)) + sr.range(1, 25) * MIN;
          }
        }
        if (sr.chance(0.25)) {
          const t = Math.max(timeOnDay(sr, d, tz, 'student'), created + MIN);
          converse(ctx.sink, sr, acct, t, chatTurns(sr, ctx.pools, country, false), style(t));
        }
      },
    });
  }
  return actors;
};

/** Many seats of one verified company: one card, one egress pair, one system prompt, office hours. */
const company: Maker = (ctx, rng, tag, index) => {
  const size = COMPANY_SIZES[index % COMPANY_SIZES.length];
  const country = rng.weighted([['US', 3], ['GB', 2], ['DE', 2], ['IN', 2], ['JP', 1], ['BR', 1]] as const);
  const tz = COUNTRIES[country].tz;
  const name = `${rng.pick(COMPANY_NAMES)} ${rng.int(2, 99)}`;
  const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com`;
  const org = opaque('org_', `${tag}|org`, 12);
  const card = opaque('pf_', `${tag}|card`, 16);
  const egress = rng.chance(0.5) ? [cloudIp(rng, 'aws'), cloudIp(rng, 'aws')] : (() => { const b = residentialIp(rng, country).split('.').slice(0, 3).join('.'); return [`${b}.2`, `${b}.3`]; })();
  const system = rng.pick(COMPANY_PROMPTS).replace(/\{co\}/g, name);
  const ua = `${name.split(' ')[0].toLowerCase()}-assist/2.${rng.int(0, 9)} (OpenAI/JS 4.67.0)`;
  const noContent = index % 3 === 1;
  const actors: Actor[] = [];
  for (let s = 0; s < size; s++) {
    const sr = new Rng(`${tag}|seat|${s}`);
    const acct = ctx.sink.account({
      id: opaque('acct_', `${tag}|seat${s}`), persona: 'company_seat', label: 'benign', campaign: null, created: -sr.range(20, 400) * DAY, org, country,
      emailDomain: domain, card, signupIp: egress[0], tier: 'enterprise', verified: true, noContent,
    });
    const busy = sr.range(0.3, 0.9);
    actors.push({
      day(d) {
        if (d % 7 >= 5 || !sr.chance(busy)) return;
        for (let n = sr.int(1, 4); n > 0; n--) {
          const t = timeOnDay(sr, d, tz, 'office');
          const turns = sr.chance(0.2) ? [sr.pick(BATCH_TASKS).replace('{doc}', sr.pick(ctx.pools.docs))] : chatTurns(sr, ctx.pools, 'US', false);
          converse(ctx.sink, sr, acct, t, turns, { ip: sr.pick(egress), ua, model: MODELS[0], endpoint: 'chat.completions', system, stream: true, answer: 380, think: 60, key: acct.keys[0] });
        }
      },
    });
  }
  return actors;
};

const BENCHES = ['mmlu', 'gsm8kTest', 'bbh', 'humaneval', 'mbpp', 'math'] as const;

/** Public benchmarks in dataset order, in a harness format, at temperature 0, now and then against a second model. */
const benchResearcher: Maker = (ctx, rng, tag) => {
  const country = pickCountry(rng);
  const acct = ctx.sink.account({
    id: opaque('acct_', tag), persona: 'bench_researcher', label: 'benign', campaign: null, created: -rng.range(5, 300) * DAY, country,
    emailDomain: rng.chance(0.6) ? `${rng.pick(['cs', 'eecs', 'informatik', 'ai'])}.${rng.pick(['northfield', 'halden', 'tu-brenn', 'kyoto-s', 'iit-v'])}.edu` : personEmail(rng, country),
    card: opaque('pf_', `${tag}|card`, 16), signupIp: residentialIp(rng, country), tier: 'tier3', verified: rng.chance(0.5),
  }, 2);
  const ips = [cloudIp(rng, rng.pick(['aws', 'gcp', 'azure'])), cloudIp(rng)];
  const ua = rng.pick(HARNESS_UAS);
  const style = rng.int(0, 3);
  const runDays = new Set(rng.sample(Array.from({ length: ctx.days }, (_, i) => i), rng.int(2, 3)));
  const conc = rng.int(2, 8);
  return [{
    day(d) {
      if (!runDays.has(d)) return;
      let t = d * DAY + rng.range(0, 20) * HOUR;
      for (const bench of rng.sample(BENCHES, rng.int(1, 2))) {
        const items = ctx.pools[bench];
        const shots = rng.pick([0, 0, 3, 5]);
        const cot = bench === 'gsm8kTest' || bench === 'math' || (bench === 'bbh' && rng.chance(0.5));
        const n = Math.min(items.length - shots, rng.int(150, 600));
        const models = rng.chance(0.4) ? [MODELS[0], MODELS[2]] : [rng.pick(MODELS)];
        const shotText = items.slice(0, shots).map((i) => `Question: ${i.prompt}\nAnswer: ${String(i.meta?.answer ?? i.meta?.target ?? '')}`);
        for (const model of models) {
          const s: Style = { ip: rng.pick(ips), ua, model, endpoint: 'chat.completions', temperature: 0, maxTokens: cot ? 1024 : bench === 'humaneval' || bench === 'mbpp' ? 768 : 16, answer: cot ? 260 : bench === 'humaneval' || bench === 'mbpp' ? 180 : 3, think: 0.3, key: acct.keys[1] };
          // `conc` workers through the items in order: start times interleave
          for (let k = shots; k < shots + n; k++) {
            const prompt = harnessPrompt(style, items[k].prompt, shotText, cot);
            const r = exchange(ctx.sink, rng, acct, t, [{ role: 'user', content: prompt }], s);
            t += (r.end - t) / conc + rng.range(5, 60);
          }
          t += rng.range(2, 30) * MIN;
        }
      }
    },
  }];
};

/** An agent product: end users' tasks run as tool-call loops under one system prompt, from cloud workers. */
const agentProduct: Maker = (ctx, rng, tag) => {
  const country = rng.pick(['US', 'GB', 'DE', 'SG', 'IN']);
  const tz = COUNTRIES[country].tz;
  const agent = rng.pick(AGENT_PROMPTS);
  const acct = ctx.sink.account({
    id: opaque('acct_', tag), persona: 'agent_product', label: 'benign', campaign: null, created: -rng.range(30, 300) * DAY, country, org: opaque('org_', `${tag}|org`, 12),
    emailDomain: `${rng.pick(['taskloom', 'ferrybot', 'agentic-ops', 'runwise', 'pilotdesk'])}${rng.int(1, 9)}.io`, card: opaque('pf_', `${tag}|card`, 16), signupIp: residentialIp(rng, country), tier: 'tier4', verified: true,
  }, 2);
  const workers = Array.from({ length: rng.int(2, 5) }, () => cloudIp(rng, rng.pick(['aws', 'gcp'])));
  const ua = rng.pick(['OpenAI/Python 1.54.4', 'Anthropic/Python 0.39.0', 'OpenAI/JS 4.71.0']);
  const perHour = rng.range(1.5, 4);
  const taskPool = [...ctx.pools.agentTasks, ...ctx.pools.tools.slice(0, 1500)];
  return [{
    day(d) {
      const n = rng.poisson(perHour * 14);
      for (let k = 0; k < n; k++) {
        let t = timeOnDay(rng, d, tz, 'app');
        const task = rng.chance(0.7) ? rng.pick(taskPool).prompt : rng.pick(ctx.pools.chat).prompt;
        const s: Style = { ip: rng.pick(workers), ua, model: rng.chance(0.8) ? MODELS[0] : MODELS[2], endpoint: rng.pick(['messages', 'responses']), system: agent.system, tools: agent.tools, temperature: 0.3, maxTokens: 4096, answer: 180, think: 2, key: acct.keys[d % 2] };
        const messages: Msg[] = [{ role: 'user', content: task }];
        const steps = rng.int(1, 5);
        for (let st = 0; st < steps; st++) {
          const calls = rng.int(1, 2);
          const r = exchange(ctx.sink, rng, acct, t, [...messages], s, { text: `I'll call ${rng.pick(agent.tools)} to continue.`, stop: 'tool_use', toolCalls: calls, outTok: rng.int(30, 140) });
          messages.push({ role: 'assistant', content: r.text }, { role: 'tool', content: JSON.stringify({ ok: true, result: rng.pick(ctx.pools.search).prompt.slice(0, 120) }) });
          t = r.end + rng.range(0.3, 6) * 1000;
        }
        exchange(ctx.sink, rng, acct, t, messages, s);
      }
    },
  }];
};

/** A nightly translation or summarisation job: one template over the day's documents. */
const batchJob: Maker = (ctx, rng, tag) => {
  const country = rng.pick(['US', 'DE', 'FR', 'GB', 'IN', 'BR']);
  const tz = COUNTRIES[country].tz;
  const acct = ctx.sink.account({
    id: opaque('acct_', tag), persona: 'batch_job', label: 'benign', campaign: null, created: -rng.range(30, 500) * DAY, country, org: opaque('org_', `${tag}|org`, 12),
    emailDomain: `${rng.pick(['lingo', 'docuflow', 'supportly', 'tesseract', 'quire'])}${rng.int(1, 99)}.com`, card: opaque('pf_', `${tag}|card`, 16), signupIp: cloudIp(rng), tier: 'tier3', verified: rng.chance(0.6),
  });
  const ip = cloudIp(rng);
  const template = rng.pick(BATCH_TASKS);
  const hour = rng.int(0, 4);
  const volume = rng.int(40, 150);
  const weekdaysOnly = rng.chance(0.5);
  return [{
    day(d) {
      if (weekdaysOnly && d % 7 >= 5) return;
      let t = d * DAY + (((hour - tz) % 24 + 24) % 24) * HOUR + rng.range(0, 15) * MIN;
      const n = Math.round(volume * rng.range(0.6, 1.3));
      for (let k = 0; k < n; k++) {
        const doc = rng.pick(ctx.pools.docs);
        const prompt = template.replace('{doc}', doc);
        t = exchange(ctx.sink, rng, acct, t, [{ role: 'user', content: prompt }], { ip, ua: 'python-requests/2.32.3', model: MODELS[1], endpoint: 'chat.completions', temperature: 0.2, maxTokens: 2048, answer: Math.max(40, Math.round(doc.length / 4)), think: 0.5, key: acct.keys[0] }).end + rng.range(100, 1500);
      }
    },
  }];
};

/** A legitimate wrapper app: end users' chats under the app's system prompt, relayed from its servers. */
const wrapperApp: Maker = (ctx, rng, tag) => {
  const country = rng.pick(['US', 'GB', 'IN', 'BR', 'DE', 'ID']);
  const tz = COUNTRIES[country].tz;
  const org = opaque('org_', `${tag}|org`, 12);
  const system = rng.pick(APP_PROMPTS);
  const relays = Array.from({ length: rng.int(2, 3) }, () => cloudIp(rng));
  const card = opaque('pf_', `${tag}|card`, 16);
  const perHour = rng.range(3, 7);
  const domain = `${rng.pick(['quillnote', 'studypal', 'wanderly', 'chattea', 'mellow'])}${rng.int(1, 99)}.app`;
  const actors: Actor[] = [];
  for (let a = 0; a < ACCOUNTS_PER_UNIT.wrapper_app; a++) {
    const ar = new Rng(`${tag}|acct|${a}`);
    const acct = ctx.sink.account({ id: opaque('acct_', `${tag}|${a}`), persona: 'wrapper_app', label: 'benign', campaign: null, created: -ar.range(30, 400) * DAY, org, country, emailDomain: domain, card, signupIp: relays[0], tier: 'tier4', verified: ar.chance(0.5) }, 2);
    actors.push({
      day(d) {
        const n = ar.poisson(perHour * 12);
        for (let k = 0; k < n; k++) {
          const t = timeOnDay(ar, d, tz, 'app');
          converse(ctx.sink, ar, acct, t, chatTurns(ar, ctx.pools, ar.chance(0.8) ? country : pickCountry(ar), false), { ip: ar.pick(relays), ua: 'OpenAI/Python 1.52.0', model: MODELS[1], endpoint: 'chat.completions', system, stream: true, temperature: 0.8, maxTokens: 1024, answer: 300, think: 50, key: acct.keys[k % 2] });
        }
      },
    });
  }
  return actors;
};

const dormant: Maker = (ctx, rng, tag) => {
  const country = pickCountry(rng);
  ctx.sink.account({ id: opaque('acct_', tag), persona: 'dormant', label: 'benign', campaign: null, created: -rng.range(1, 300) * DAY, country, emailDomain: personEmail(rng, country), signupIp: residentialIp(rng, country), tier: 'free', dormant: true }, 1);
  return [];
};

const MAKERS: Record<string, Maker> = {
  person: person('person'), terse_person: person('terse_person'), promo_signup: promoSignup, developer, course, company,
  bench_researcher: benchResearcher, agent_product: agentProduct, batch_job: batchJob, wrapper_app: wrapperApp, dormant,
};


