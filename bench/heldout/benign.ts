/**
 * Benign personas: the legitimate traffic that must stay clean, including the
 * heavy and look-alike users (campus classes on one address with the same
 * problem sets, companies on one card, app back ends with one system prompt,
 * nightly template jobs, benchmark runs, agent products).
 */
import type { CorpusItem } from './corpora.js';
import { Rng } from './rng.js';
import { COUNTRIES, COUNTRY_WEIGHTS, type Country, UA, MODELS, campusNat, cloudIp, cloudPrefix, endpointFor, officeRange, residentialIp } from './net.js';
import { AGENT_PRODUCTS, AGENT_TASKS, BATCH_TEMPLATES, CASUAL_OPENERS, DEV_PINGS, HARNESS, HOMEWORK_ASKS, PRODUCT_SYSTEMS, followUp } from './wording.js';
import { HOURS, ago, agentTrace, card, conversation, fill, localTime, makeAccount, weekday } from './actors.js';
import type { Actor, AccountRow, Client, Ctx } from './world.js';
import type { WorldSpec } from './worlds.js';

/** Accounts per persona at benignScale 1 (groups: classes and companies, counted in groups). */
export const BENIGN_MIX = {
  hobbyist: 470,
  multilingual_user: 120,
  developer: 140,
  campus_class: 3,
  company: 2,
  app_backend: 8,
  batch_job: 6,
  benchmark_researcher: 10,
  agent_product: 8,
};

const label = (persona: string) => ({ label: 'benign' as const, campaign_id: null, persona });

function person(ctx: Ctx, rng: Rng, c: Country, tier = 'free'): AccountRow {
  return makeAccount(ctx, rng, {
    createdMs: ago(ctx, rng, 2, 900),
    email: rng.pick(c.mail),
    card: tier === 'free' ? undefined : card(rng),
    signupIp: residentialIp(rng, c),
    country: c.code,
    tier,
  });
}

function client(account: AccountRow, key: string, ip: string, ua: string, model: string): Client {
  return { account, key, ip, ua, model, endpoint: endpointFor(ua) };
}

/** Ordinary chat openers by language, from the public corpora. */
function chatSources(ctx: Ctx, lang: string): [CorpusItem[], number][] {
  const c = ctx.corpora;
  switch (lang) {
    case 'ru': return [[c.get('wildchat-hard-ru'), 3], [c.where('conala-so-questions', (x) => x.lang === 'ru'), 1]];
    case 'zh': return [[c.where('multilingual-chat', (x) => x.lang.startsWith('zh')), 1]];
    case 'ja': return [[c.where('multilingual-chat', (x) => x.lang === 'ja'), 1], [c.where('conala-so-questions', (x) => x.lang === 'ja'), 1]];
    case 'ko': return [[c.where('arena-hard', (x) => x.lang === 'ko'), 1]];
    case 'es': return [[c.where('conala-so-questions', (x) => x.lang === 'es'), 1], [c.get('alpaca-eval'), 1]];
    default: return [
      [c.get('nq-open-queries'), 2], [c.get('webquestions'), 1.5], [c.get('alpaca-eval'), 1], [c.get('oasst-prompts'), 1],
      [c.get('sharegpt-sample'), 1.5], [c.where('arena-hard', (x) => x.lang === 'en'), 1], [c.get('self-instruct-user-oriented'), 0.5],
      [c.get('mt-bench-vicuna-bench'), 0.3], [c.get('hh-rlhf-harmless-test'), 0.5], [c.get('awesome-chatgpt-prompts'), 0.4],
    ];
  }
}

/** The user turns of one chat: the corpus's own turns when it has them, else short follow-ups. */
function chatTurns(rng: Rng, item: CorpusItem, lang: string): string[] {
  const first = (rng.chance(0.12) ? rng.pick(CASUAL_OPENERS) : '') + item.prompt;
  if (item.turns && item.turns.length > 1) return [first, ...item.turns.slice(1, rng.int(2, 5))];
  const turns = [first];
  while (turns.length < 6 && rng.chance(0.42)) turns.push(followUp(rng, lang));
  return turns;
}

const chatTokens = (rng: Rng) => () => Math.round(rng.logNormal(320, 0.7));

/** Chat users on their own: home address, one or two clients, a few conversations on the days they come. */
function chatUser(ctx: Ctx, rng: Rng, persona: string, c: Country, lang: string): Actor {
  const tier = rng.chance(0.55) ? 'free' : 'build-1';
  const account = person(ctx, rng, c, tier);
  ctx.addAccount(account, label(persona));
  const key = ctx.id(rng, 'key_', 10);
  let home = residentialIp(rng, c, 0.3);
  const ua = rng.weighted<string>([[rng.pick(UA.browsers), 5], [rng.pick(UA.anthropicTs), 1], [rng.pick(UA.openaiPython), 1.5], [rng.pick(UA.anthropicPython), 1], [rng.pick(UA.openaiJs), 0.7]]);
  const model = rng.weighted<string>([[MODELS.mid, 6], [MODELS.small, 2], [MODELS.big, 1], [MODELS.old, 0.5]]);
  const pActive = Math.min(0.9, rng.logNormal(0.28, 0.7));
  const sources = chatSources(ctx, lang);
  const followLang = lang === 'en' ? (rng.chance(0.3) ? c.lang : 'en') : lang;
  return {
    day(d) {
      if (!rng.chance(pActive)) return;
      if (rng.chance(0.03)) home = residentialIp(rng, c, 0.3);
      const sessions = 1 + rng.poisson(0.5);
      for (let s = 0; s < sessions; s++) {
        const ip = rng.chance(0.12) ? residentialIp(rng, c, 0.5) : home;
        const item = rng.pick(rng.weighted(sources));
        conversation(ctx, rng, client(account, key, ip, ua, model), localTime(ctx, rng, d, c.tz, HOURS.human), chatTurns(rng, item, followLang), {
          kind: 'chat', tokens: chatTokens(rng), think: [15, 240], stream: ua.startsWith('Mozilla') || rng.chance(0.3), temperature: rng.chance(0.3) ? 0.7 : undefined,
        });
      }
    },
  };
}

function developer(ctx: Ctx, rng: Rng): Actor {
  const c = rng.weighted(COUNTRY_WEIGHTS);
  const account = person(ctx, rng, c, rng.pick(['build-1', 'build-2', 'build-2', 'free']));
  ctx.addAccount(account, label('developer'));
  const keys = [ctx.id(rng, 'key_', 10), ctx.id(rng, 'key_', 10)];
  const fam = rng.weighted<readonly string[]>([[UA.anthropicPython, 3], [UA.openaiPython, 3], [UA.anthropicTs, 2], [UA.openaiJs, 1], [UA.curl, 1]]);
  const uas = [rng.pick(fam), rng.chance(0.5) ? rng.pick(UA.curl) : rng.pick(fam)];
  const home = residentialIp(rng, c);
  const office = officeRange(rng);
  const ci = cloudPrefix(rng);
  const c2 = ctx.corpora;
  const sources: [CorpusItem[], number][] = [[c2.where('conala-so-questions', (x) => x.lang === 'en'), 3], [c2.where('arena-hard', (x) => x.category === 'coding'), 1], [c2.get('sharegpt-sample'), 1], [c2.get('nq-open-queries'), 0.5]];
  const pActive = rng.range(0.3, 0.8);
  return {
    day(d) {
      const wd = weekday(ctx, d, c.tz);
      if (!rng.chance(wd === 0 || wd === 6 ? pActive / 3 : pActive)) return;
      const ip = rng.weighted<string>([[home, 3], [rng.pick(office), 2], [cloudIp(rng, ci), 1]]);
      const cl = client(account, rng.pick(keys), ip, rng.pick(uas), rng.pick([MODELS.mid, MODELS.small, MODELS.mid]));
      // a test script: the same prompt a few times in quick succession
      for (let b = rng.poisson(0.8); b > 0; b--) {
        let t = localTime(ctx, rng, d, c.tz, HOURS.work);
        const ping = rng.pick(DEV_PINGS);
        const temp = rng.pick([0, 0, 1]);
        for (let i = rng.int(2, 14); i > 0; i--) {
          const s = ctx.send(rng, { t, c: cl, messages: [{ role: 'user', content: ping }], temperature: temp, max_tokens: rng.pick([16, 64, 256, 1024]), answer: { kind: 'short', tokens: rng.int(2, 30) } });
          t += s.latency + rng.range(0.5, 40) * 1000;
        }
      }
      for (let q = rng.int(0, 5); q > 0; q--) {
        const item = rng.pick(rng.weighted(sources));
        conversation(ctx, rng, cl, localTime(ctx, rng, d, c.tz, HOURS.work), chatTurns(rng, item, 'en'), {
          kind: (i) => (i === 0 ? 'code' : 'chat'), tokens: () => Math.round(rng.logNormal(450, 0.6)), think: [20, 400], max_tokens: rng.pick([1024, 2048, 4096]), temperature: rng.pick([0, 0.2, undefined]),
        });
      }
    },
  };
}

const EDU = ['berkeley.edu', 'stanford.edu', 'mit.edu', 'princeton.edu', 'umich.edu', 'cam.ac.uk', 'illinois.edu', 'utexas.edu', 'tum.de', 'ethz.ch'];

/** A class behind one campus NAT: signed up together, working the same problem sets before each deadline. */
function campusClass(ctx: Ctx, rng: Rng, n: number, startIndex: number, out: Actor[]): void {
  const c = rng.pick(COUNTRIES.filter((x) => ['US', 'GB', 'DE', 'CA'].includes(x.code)));
  const nat = campusNat(rng);
  const domain = rng.pick(EDU);
  const signup = ago(ctx, rng, 20, 80);
  const subject = rng.weighted<'math' | 'code'>([['math', 2], ['code', 1]]);
  const pool = subject === 'math'
    ? rng.chance(0.5) ? ctx.corpora.get('gsm8k') : ctx.corpora.where('math-competition', (x) => x.category.startsWith('MATH/'))
    : ctx.corpora.where('code-benchmarks', (x) => x.category === 'mbpp' || x.category === 'humaneval/python');
  const deadline = rng.int(1, 5);
  const sets = new Map<number, CorpusItem[]>();
  const setFor = (week: number) => {
    let s = sets.get(week);
    if (!s) { s = rng.sample(pool, rng.int(10, 22)); sets.set(week, s); }
    return s;
  };
  const general = chatSources(ctx, 'en');
  for (let i = 0; i < n; i++) {
    const r = new Rng(ctx.spec.seed, `benign:campus:${startIndex}:${i}`);
    const account = makeAccount(ctx, r, { createdMs: signup + r.range(0, 3) * 3_600_000 * (r.chance(0.7) ? 1 : 24), email: domain, signupIp: r.pick(nat), country: c.code, tier: 'free', card: r.chance(0.3) ? card(r) : undefined });
    ctx.addAccount(account, label('campus_student'));
    const key = ctx.id(r, 'key_', 10);
    const ua = r.weighted<string>([[r.pick(UA.browsers), 6], [r.pick(UA.openaiPython), 1], [r.pick(UA.anthropicPython), 1]]);
    const home = residentialIp(r, c);
    const diligence = r.range(0.2, 1);
    out.push({
      day(d) {
        const wd = weekday(ctx, d, c.tz);
        const before = (deadline - wd + 7) % 7; // days left until the deadline
        if (!r.chance(diligence * (before <= 1 ? 0.8 : before <= 3 ? 0.35 : 0.1))) return;
        const week = Math.floor((d + (7 - deadline)) / 7);
        const items = r.sample(setFor(week), r.int(1, 6));
        const cl = client(account, key, r.chance(0.8) ? r.pick(nat) : home, ua, MODELS.mid);
        let t = localTime(ctx, r, d, c.tz, HOURS.student);
        for (const it of items) {
          const turns = [fill(r.pick(HOMEWORK_ASKS), { q: it.prompt })];
          while (turns.length < 4 && r.chance(0.35)) turns.push(followUp(r, 'en'));
          t = conversation(ctx, r, cl, t, turns, { kind: subject === 'code' ? 'code' : 'cot', tokens: () => Math.round(r.logNormal(420, 0.5)), think: [20, 300], stream: ua.startsWith('Mozilla') }) + r.range(60, 1200) * 1000;
        }
        if (r.chance(0.3)) conversation(ctx, r, cl, t, chatTurns(r, r.pick(r.weighted(general)), 'en'), { kind: 'chat', tokens: chatTokens(r), think: [15, 200] });
      },
    });
  }
}

const COMPANIES = ['northwind-logistics.com', 'harbor-analytics.io', 'kestrel-health.com', 'bluefin-software.de', 'meridian-legal.co.uk', 'orchard-retail.com'];

/** A company: seats on one organisation, one card, one office range, working hours. */
function company(ctx: Ctx, rng: Rng, n: number, idx: number, out: Actor[]): void {
  const c = rng.pick(COUNTRIES.filter((x) => ['US', 'GB', 'DE', 'FR', 'NL', 'CA', 'IN'].includes(x.code)));
  const office = officeRange(rng);
  const org = ctx.id(rng, 'org_', 12);
  const pay = card(rng);
  const domain = idx < COMPANIES.length ? COMPANIES[idx] : `${rng.token(5)}-${COMPANIES[idx % COMPANIES.length]}`;
  const internalUa = rng.pick(UA.anthropicTs);
  const internalSystem = rng.pick(PRODUCT_SYSTEMS);
  const c2 = ctx.corpora;
  const sources: [CorpusItem[], number][] = [[c2.where('arena-hard', (x) => x.lang === 'en'), 2], [c2.get('self-instruct-user-oriented'), 1], [c2.where('conala-so-questions', (x) => x.lang === 'en'), 1], [c2.get('sharegpt-sample'), 1], [c2.get('awesome-chatgpt-prompts'), 0.5], [c2.get('alpaca-eval'), 1]];
  for (let i = 0; i < n; i++) {
    const r = new Rng(ctx.spec.seed, `benign:company:${idx}:${i}`);
    const account = makeAccount(ctx, r, { createdMs: ago(ctx, r, 10, 400), email: domain, card: pay, signupIp: r.pick(office), country: c.code, tier: 'scale', verified: true, org });
    ctx.addAccount(account, label('company_seat'));
    const key = ctx.id(r, 'key_', 10);
    const ua = r.chance(0.3) ? internalUa : r.pick(UA.browsers);
    const home = residentialIp(r, c);
    const pActive = r.range(0.35, 0.9);
    out.push({
      day(d) {
        const wd = weekday(ctx, d, c.tz);
        if (wd === 0 || wd === 6 || !r.chance(pActive)) return;
        const cl = client(account, key, r.chance(0.8) ? r.pick(office) : home, ua, r.pick([MODELS.mid, MODELS.mid, MODELS.big]));
        for (let q = r.int(1, 5); q > 0; q--) {
          conversation(ctx, r, cl, localTime(ctx, r, d, c.tz, HOURS.work), chatTurns(r, r.pick(r.weighted(sources)), 'en'), {
            system: ua === internalUa ? internalSystem : undefined, kind: 'chat', tokens: () => Math.round(r.logNormal(450, 0.6)), think: [30, 600], stream: true,
          });
        }
      },
    });
  }
}

/** Products with one account: a fixed system prompt, cloud addresses, end users' questions at volume. */
function appBackend(ctx: Ctx, rng: Rng): Actor {
  const c = rng.pick(COUNTRIES.filter((x) => ['US', 'GB', 'DE', 'IN', 'BR', 'JP'].includes(x.code)));
  const prefix = cloudPrefix(rng);
  const ips = Array.from({ length: rng.int(2, 6) }, () => cloudIp(rng, prefix));
  const account = makeAccount(ctx, rng, { createdMs: ago(ctx, rng, 30, 600), email: `${rng.token(6)}.app`, card: card(rng), signupIp: residentialIp(rng, c), country: c.code, tier: 'scale', verified: true, org: ctx.id(rng, 'org_', 12) });
  ctx.addAccount(account, label('app_backend'));
  const key = ctx.id(rng, 'key_', 10);
  const ua = rng.pick(rng.pick([UA.anthropicTs, UA.anthropicPython, UA.openaiJs]));
  const system = rng.pick(PRODUCT_SYSTEMS);
  const perDay = rng.logNormal(220, 0.5);
  const c2 = ctx.corpora;
  const sources: [CorpusItem[], number][] = [[c2.get('nq-open-queries'), 2], [c2.get('webquestions'), 2], [c2.get('alpaca-eval'), 1], [c2.get('oasst-prompts'), 1], [c2.get('self-instruct-user-oriented'), 0.5]];
  const model = rng.pick([MODELS.small, MODELS.mid]);
  return {
    day(d) {
      const n = rng.poisson(perDay / 1.6);
      for (let i = 0; i < n; i++) {
        const turns = [rng.pick(rng.weighted(sources)).prompt];
        while (turns.length < 4 && rng.chance(0.3)) turns.push(followUp(rng, 'en'));
        conversation(ctx, rng, client(account, key, rng.pick(ips), ua, model), localTime(ctx, rng, d, c.tz, HOURS.app), turns, {
          system, kind: 'chat', tokens: () => Math.round(rng.logNormal(160, 0.5)), think: [10, 120], temperature: 0.3, max_tokens: 600, stream: true, rateLimited: 0.006,
        });
      }
    },
  };
}

/** A nightly job: one template over a batch of records, sent back to back. */
function batchJob(ctx: Ctx, rng: Rng): Actor {
  const c = rng.weighted(COUNTRY_WEIGHTS);
  const ip = cloudIp(rng);
  const account = makeAccount(ctx, rng, { createdMs: ago(ctx, rng, 30, 500), email: rng.pick(c.mail), card: card(rng), signupIp: residentialIp(rng, c), country: c.code, tier: 'build-3', verified: rng.chance(0.5) });
  ctx.addAccount(account, label('batch_job'));
  const cl = client(account, ctx.id(rng, 'key_', 10), ip, rng.pick(rng.pick([UA.openaiPython, UA.anthropicPython, UA.scripts])), MODELS.small);
  const template = rng.pick(BATCH_TEMPLATES);
  const records = rng.pick([ctx.corpora.get('oasst-prompts'), ctx.corpora.get('sharegpt-sample'), ctx.corpora.get('alpaca-eval'), ctx.corpora.get('hh-rlhf-harmless-test')]);
  const hour = rng.int(0, 4);
  const size = rng.logNormal(260, 0.4);
  return {
    day(d) {
      if (!rng.chance(0.9)) return;
      let t = ctx.dayStart(d) + (hour - c.tz) * 3_600_000 + rng.range(0, 600_000);
      for (let i = rng.poisson(size); i > 0; i--) {
        const s = ctx.send(rng, { t, c: cl, messages: [{ role: 'user', content: fill(template, { x: rng.pick(records).prompt }) }], temperature: 0, max_tokens: 200, answer: { kind: 'chat', tokens: rng.int(3, 90) }, rateLimited: 0.01 });
        t += s.latency * 0.3 + rng.range(100, 1500);
      }
    },
  };
}

/** Someone evaluating the model on public benchmarks: long ordered runs in a harness format, plus light use. */
function benchmarkResearcher(ctx: Ctx, rng: Rng): Actor {
  const c = rng.pick(COUNTRIES.filter((x) => ['US', 'GB', 'DE', 'CN', 'KR', 'CA', 'FR', 'JP'].includes(x.code)));
  const onCampus = rng.chance(0.5);
  const ips = onCampus ? campusNat(rng) : [cloudIp(rng)];
  const account = makeAccount(ctx, rng, { createdMs: ago(ctx, rng, 20, 700), email: onCampus ? rng.pick(EDU) : rng.pick(c.mail), card: card(rng), signupIp: ips[0], country: c.code, tier: rng.pick(['build-2', 'build-3', 'build-4']), verified: rng.chance(0.4) });
  ctx.addAccount(account, label('benchmark_researcher'));
  const cl = client(account, ctx.id(rng, 'key_', 10), rng.pick(ips), rng.pick(rng.pick([UA.openaiPython, UA.anthropicPython, UA.scripts])), rng.pick([MODELS.mid, MODELS.big, MODELS.small]));
  const runDays = new Set(rng.sample(Array.from({ length: ctx.spec.days }, (_, i) => i), rng.int(1, 3)));
  const c2 = ctx.corpora;
  return {
    day(d) {
      if (!runDays.has(d)) return;
      const bench = rng.pick(['mmlu', 'gsm8k', 'bbh', 'code', 'math'] as const);
      const pool = bench === 'mmlu' ? c2.get('mmlu-redux') : bench === 'gsm8k' ? c2.where('gsm8k', (x) => x.id.includes(':test-')) : bench === 'bbh' ? c2.get('bbh') : bench === 'code' ? c2.where('code-benchmarks', (x) => x.category === 'humaneval/python' || x.category === 'mbpp') : c2.where('math-competition', (x) => x.category.startsWith('MATH/'));
      // harnesses walk the set in order from some offset
      const n = Math.min(pool.length, rng.int(250, 1200));
      const from = rng.int(0, pool.length - n);
      let t = localTime(ctx, rng, d, c.tz, HOURS.work);
      for (let i = 0; i < n; i++) {
        const it = pool[from + i];
        const subject = it.category.replace(/^mmlu\//, '').replace(/_/g, ' ');
        const prompt = fill(HARNESS[bench], { q: it.prompt, subject });
        const kind = bench === 'mmlu' ? 'mc' : bench === 'code' ? 'code' : 'cot';
        const s = ctx.send(rng, { t, c: cl, messages: [{ role: 'user', content: prompt }], temperature: 0, max_tokens: bench === 'mmlu' ? 8 : 1024, answer: { kind, tokens: kind === 'mc' ? rng.int(1, 4) : rng.logNormal(300, 0.5) }, rateLimited: 0.02 });
        t += s.latency * 0.25 + rng.range(50, 600);
      }
    },
  };
}

function agentProduct(ctx: Ctx, rng: Rng): Actor {
  const c = rng.pick(COUNTRIES.filter((x) => ['US', 'GB', 'DE', 'SG', 'CA'].includes(x.code)));
  const product = rng.pick(AGENT_PRODUCTS);
  const prefix = cloudPrefix(rng);
  const ips = Array.from({ length: rng.int(1, 4) }, () => cloudIp(rng, prefix));
  const account = makeAccount(ctx, rng, { createdMs: ago(ctx, rng, 30, 400), email: `${rng.token(7)}.ai`, card: card(rng), signupIp: residentialIp(rng, c), country: c.code, tier: 'scale', verified: true, org: ctx.id(rng, 'org_', 12) });
  ctx.addAccount(account, label('agent_product'));
  const key = ctx.id(rng, 'key_', 10);
  const ua = rng.pick(rng.pick([UA.anthropicPython, UA.anthropicTs]));
  const tasks = AGENT_TASKS[product.tools[0]] ?? Object.values(AGENT_TASKS)[0];
  const general = ctx.corpora.get('alpaca-eval');
  const perDay = rng.logNormal(40, 0.5);
  return {
    day(d) {
      for (let i = rng.poisson(perDay); i > 0; i--) {
        const goal = rng.chance(0.6) ? rng.pick(tasks) : rng.pick(general).prompt;
        agentTrace(ctx, rng, client(account, key, rng.pick(ips), ua, MODELS.mid), localTime(ctx, rng, d, c.tz, HOURS.app), goal, {
          system: product.system, tools: product.tools, steps: rng.int(1, 4), finalTokens: rng.logNormal(220, 0.5), toolSeconds: [0.3, 6], temperature: 0, max_tokens: 2048,
        });
      }
    },
  };
}

/** Every benign actor of a world, in a fixed order; each has its own random stream from the benign seed. */
export function benignActors(ctx: Ctx, spec: WorldSpec): Actor[] {
  const k = spec.benignScale;
  const n = (base: number) => Math.max(1, Math.round(base * k));
  const actors: Actor[] = [];
  const r = (name: string, i: number) => new Rng(spec.seed, `benign:${name}:${i}`);
  for (let i = 0; i < n(BENIGN_MIX.hobbyist); i++) {
    const rng = r('hobbyist', i);
    const c = rng.weighted(COUNTRY_WEIGHTS);
    actors.push(chatUser(ctx, rng, 'hobbyist', c, 'en'));
  }
  for (let i = 0; i < n(BENIGN_MIX.multilingual_user); i++) {
    const rng = r('multilingual', i);
    const lang = rng.weighted<string>([['ru', 3], ['zh', 3], ['ja', 1.5], ['ko', 1.5], ['es', 1.5]]);
    const c = rng.pick(COUNTRIES.filter((x) => x.lang === lang || (lang === 'zh' && x.code === 'TW')));
    actors.push(chatUser(ctx, rng, 'multilingual_user', c, lang));
  }
  for (let i = 0; i < n(BENIGN_MIX.developer); i++) actors.push(developer(ctx, r('developer', i)));
  for (let i = 0; i < n(BENIGN_MIX.campus_class); i++) {
    const rng = r('campus', i);
    campusClass(ctx, rng, rng.int(25, 50), i, actors);
  }
  for (let i = 0; i < n(BENIGN_MIX.company); i++) {
    const rng = r('company', i);
    company(ctx, rng, rng.int(20, 60), i, actors);
  }
  for (let i = 0; i < n(BENIGN_MIX.app_backend); i++) actors.push(appBackend(ctx, r('app', i)));
  for (let i = 0; i < n(BENIGN_MIX.batch_job); i++) actors.push(batchJob(ctx, r('batch', i)));
  for (let i = 0; i < n(BENIGN_MIX.benchmark_researcher); i++) actors.push(benchmarkResearcher(ctx, r('bench', i)));
  for (let i = 0; i < n(BENIGN_MIX.agent_product); i++) actors.push(agentProduct(ctx, r('agent', i)));
  return actors;
}
