/**
 * Benign units of heldout/v5. One copy of every unit is the base mix; a world
 * of benign scale k runs k copies, each from its own seed, so the per-persona
 * mix is the same at every size and a larger world holds every account of a
 * smaller one.
 */
import { Rng } from './rng.js';
import { DAY, HOUR, MIN, SHAPES, conversation, sendRetrying, shapeAt, stepAgent, toolLoop, weekendFactor, type Account, type Setting } from './model.js';
import { COUNTRIES, COUNTRY_WEIGHT, MODELS, SDK, APPS, browser, byCc, cloud, endpointOf, inSite, mobile, residential, v4, v6Site, type Country } from './net.js';
import { AGENT_PROMPT, AGENT_TOOLS, clip, followUp, freeMail, humanThink, mkAccount, type Ctx } from './people.js';
import type { Item } from './corpora.js';

export const BASE_UNITS = [
  { persona: 'individual', accounts: 200 },
  { persona: 'developer', accounts: 36 },
  { persona: 'enterprise_seats', accounts: 45 },
  { persona: 'workshop', accounts: 32 },
  { persona: 'student', accounts: 30 },
  { persona: 'household', accounts: 18 },
  { persona: 'uni_lab', accounts: 14 },
  { persona: 'translation_agency', accounts: 8 },
  { persona: 'dormant', accounts: 8 },
  { persona: 'eval_harness', accounts: 6 },
  { persona: 'benchmark_researcher', accounts: 5 },
  { persona: 'classifier_service', accounts: 4 },
  { persona: 'tutoring_app', accounts: 3 },
] as const;
export type Persona = (typeof BASE_UNITS)[number]['persona'];
const size = (p: Persona) => BASE_UNITS.find((u) => u.persona === p)!.accounts;

const unitRng = (ctx: Ctx, p: string) => new Rng(`${ctx.seed}/${p}/${ctx.copy}`);
const acctRng = (ctx: Ctx, p: string, i: number) => new Rng(`${ctx.seed}/${p}/${ctx.copy}/${i}`);
/** a sign-up time: most accounts are older than the window, some join during it */
const signup = (r: Rng, ctx: Ctx, pNew = 0.12) => (r.chance(pNew) ? ctx.start + r.next() * (ctx.end - ctx.start) * 0.8 : ctx.start - r.int(3, 700) * DAY - r.next() * DAY);

/** the corpora ordinary people's first messages come from, by language */
function chatPool(ctx: Ctx, lang: string): Item[] {
  const c = ctx.corp;
  if (lang === 'ru') return c.get('wildchat-hard-ru');
  if (lang === 'ja' || lang === 'zh') return c.where('multilingual-chat', (x) => x.lang === lang || (lang === 'zh' && x.lang.startsWith('zh')));
  if (lang === 'ko') return c.where('arena-hard', (x) => x.lang === 'ko');
  if (lang === 'es') return c.where('conala-so-questions', (x) => x.lang === 'es');
  return c.get('sharegpt-sample');
}
function enPool(ctx: Ctx, r: Rng): Item[] {
  return ctx.corp.get(r.weighted([['sharegpt-sample', 4], ['oasst-prompts', 2], ['alpaca-eval', 2], ['arena-hard', 2], ['nq-open-queries', 3], ['webquestions', 2], ['hh-rlhf-harmless-test', 1], ['self-instruct-user-oriented', 1], ['awesome-chatgpt-prompts', 1]] as const));
}
/** an ordinary person's conversation: their corpus turns when it has them, then generated follow-ups */
function personTurns(ctx: Ctx, r: Rng, lang: string): string[] {
  const pool = r.chance(lang === 'en' ? 1 : 0.65) && lang !== 'en' ? chatPool(ctx, lang) : enPool(ctx, r);
  const it = r.pick(pool);
  const turns = it.turns?.length ? it.turns.slice(0, 6).map((t) => clip(t)) : [clip(it.prompt)];
  const more = r.weighted([[0, 5], [1, 3], [2, 2], [3, 1], [5, 0.4]] as const);
  for (let i = 0; i < more; i++) turns.push(followUp(r, it.lang === lang ? lang : r.chance(0.7) ? 'en' : lang, it.prompt));
  return turns;
}

/**
 * A person's visits: `perDay` spread over their hours; each visit raises the
 * rate for a while (branching ratio 0.4, so bursts stay finite).
 */
function human(c: Country, _r: Rng, shape: readonly number[], perDay: number, weekend = 0.8) {
  const k = perDay / shape.reduce((a, b) => a + b, 0) / 1.6;
  return { base: (t: number) => k * shapeAt(shape, t, c.tz) * weekendFactor(t, c.tz, weekend), max: k * Math.max(...shape) * Math.max(1, weekend), alpha: 0.4 / 1.5, tauH: 1.5 };
}

function individual(ctx: Ctx, p = 'individual', n = size('individual')): Account[] {
  const out: Account[] = [];
  for (let i = 0; i < n; i++) {
    const r = acctRng(ctx, p, i);
    const c = r.weighted(COUNTRY_WEIGHT);
    const acct = mkAccount(r, { created: signup(r, ctx), country: c.cc, signup_ip: residential(c, r), email_domain: freeMail(c.lang, r), tier: r.weighted([['free', 5], ['tier-1', 3], ['tier-2', 1]] as const), persona: p });
    out.push(acct);
    const home = r.chance(0.4) ? v6Site(c.res6, r) : '';
    let home4 = residential(c, r, 0);
    const ua = r.chance(0.5) ? r.pick(APPS) : r.chance(0.5) ? browser(r) : SDK.py(r);
    const model = r.weighted([[MODELS.big, 5], [MODELS.small, 3], [MODELS.reason, 1]] as const);
    const perDay = r.lognormal(0.5, 1.1);
    const shape = r.chance(0.2) ? SHAPES.nightowl! : SHAPES.person!;
    const stream = r.chance(0.6);
    const s: Setting = {
      acct, ua, model, endpoint: endpointOf(ua),
      ip: () => (r.chance(0.15) ? mobile(c, r) : home ? inSite(home, r) : home4),
      params: { stream, ...(r.chance(0.2) ? { temperature: r.pick([0.7, 1, 0.3]) } : {}), ...(model === MODELS.reason && r.chance(0.5) ? { reasoning_effort: r.pick(['low', 'medium', 'high']) } : {}) },
      system: r.chance(0.25) ? clip(r.pick(ctx.corp.get('awesome-chatgpt-prompts')).prompt, 900) : undefined,
    };
    stepAgent(r, Math.max(acct.created, ctx.start), ctx.end, human(c, r, shape, perDay), (t) => {
      if (r.chance(0.02)) home4 = residential(c, r, 0);
      return conversation(ctx.sink, r, t, s, personTurns(ctx, r, c.lang), (k) => (k === 0 ? 'chat' : r.chance(0.3) ? 'long' : 'chat'), humanThink());
    });
  }
  return out;
}

function developer(ctx: Ctx): Account[] {
  const out: Account[] = [];
  const code = [ctx.corp.get('codealpaca'), ctx.corp.get('conala-so-questions'), ctx.corp.get('arena-hard')];
  for (let i = 0; i < size('developer'); i++) {
    const r = acctRng(ctx, 'developer', i);
    const c = r.weighted(COUNTRY_WEIGHT);
    const acct = mkAccount(r, { created: signup(r, ctx, 0.15), country: c.cc, signup_ip: residential(c, r), email_domain: r.chance(0.6) ? freeMail(c.lang, r) : `${r.hex(5)}.dev`, tier: r.pick(['tier-1', 'tier-2', 'tier-3']), persona: 'developer' });
    out.push(acct);
    const devbox = r.chance(0.35) ? cloud(r.pick(['aws', 'gcp', 'hetzner', 'digitalocean']), r, 0) : '';
    const home = residential(c, r, 0.5);
    const ua = r.pick([SDK.py(r), SDK.js(r), SDK.anth(r), SDK.curl(r), SDK.anthTs(r)]);
    const sys = r.chance(0.6) ? `You are ${r.pick(['a JSON API', 'the assistant inside', 'a code reviewer for', 'a helpful bot for'])} ${r.pick(['my side project', 'our Discord server', 'a recipe app', 'an internal wiki', 'a todo app', 'my thesis tooling'])}. ${r.pick(['Reply in JSON.', 'Be concise.', 'Use markdown.', ''])}`.trim() : undefined;
    const tools = r.chance(0.25) ? r.shuffle(['get_weather', 'search_docs', 'create_ticket', 'run_sql', 'send_email', 'lookup_user']).slice(0, r.int(1, 4)) : undefined;
    const s: Setting = {
      acct, ua, model: r.pick([MODELS.big, MODELS.small, MODELS.legacy]), endpoint: endpointOf(ua), system: sys, tools,
      ip: () => (devbox && r.chance(0.6) ? devbox : home),
      params: { temperature: r.pick([0, 0.2, 0.7, 1]), max_tokens: r.pick([256, 512, 1024, 4096]), ...(r.chance(0.15) ? { seed: r.int(1, 9999) } : {}), ...(r.chance(0.08) ? { logprobs: true, top_logprobs: r.pick([3, 5]) } : {}), ...(r.chance(0.1) ? { n: r.pick([2, 3]) } : {}) },
    };
    const perDay = r.lognormal(2, 0.9);
    stepAgent(r, Math.max(acct.created, ctx.start), ctx.end, { ...human(c, r, r.chance(0.4) ? SHAPES.nightowl! : SHAPES.office!, perDay, 0.4), alpha: 0.5, tauH: 1 }, (t) => {
      const it = r.pick(r.pick(code));
      if (tools && r.chance(0.4)) return toolLoop(ctx.sink, r, t, s, clip(it.prompt, 600), r.int(1, 3), () => JSON.stringify({ ok: true, rows: r.int(0, 20) }), (q) => q.lognormal(900, 0.5));
      // debugging: the same request re-sent a few times, sometimes with one word changed
      const tries = r.weighted([[1, 4], [2, 2], [4, 1], [7, 0.5]] as const);
      let tt = t;
      for (let k = 0; k < tries; k++) {
        const prompt = k > 0 && r.chance(0.3) ? `${clip(it.prompt, 1200)} ${r.pick(['', 'Return only code.', 'JSON only', 'no explanation'])}` : clip(it.prompt, 1200);
        const a = sendRetrying(ctx.sink, r, tt, s, { ...s.params, system: s.system, tools: s.tools, messages: [{ role: 'user', content: prompt }] }, 'code');
        tt += a.latency + r.lognormal(40_000, 1);
      }
      return tt;
    });
  }
  return out;
}

/** conference workshop venue and schedule: shared with the campaign that hides in copy 0 */
export function workshopPlan(seed: string, copy: number, start: number) {
  const r = new Rng(`${seed}/workshop/${copy}`);
  const c = r.pick(COUNTRIES.filter((x) => ['US', 'DE', 'GB', 'FR', 'SG', 'JP'].includes(x.cc)));
  const dayIdx = r.pick([1, 2, 3, 8, 9, 10]);
  const day0 = start + dayIdx * DAY - c.tz * HOUR; // local midnight of the workshop day
  return {
    country: c, venue4: v4(r.pick(c.res4), r), venue6: v6Site(c.res6, r), ua: `OpenAI/Python 1.5${r.int(1, 7)}.${r.int(0, 3)}`,
    signupFrom: day0 + 9.25 * HOUR, doorsClose: day0 + 17 * HOUR, model: MODELS.big, day0,
    exercises: Array.from({ length: 8 }, (_, k) => k),
  };
}

function workshop(ctx: Ctx): Account[] {
  const u = unitRng(ctx, 'workshop');
  const w = workshopPlan(ctx.seed, ctx.copy, ctx.start);
  const tasks = ctx.corp.get('tool-use-agentic');
  const exercises = w.exercises.map(() => u.pick(tasks));
  const out: Account[] = [];
  for (let i = 0; i < size('workshop'); i++) {
    const r = acctRng(ctx, 'workshop', i);
    const home = r.weighted(COUNTRY_WEIGHT);
    const local = r.chance(0.6) ? w.country : home;
    const created = w.signupFrom + r.next() * 55 * MIN;
    const acct = mkAccount(r, { created, country: local.cc, signup_ip: r.chance(0.8) ? w.venue4 : inSite(w.venue6, r), email_domain: r.chance(0.5) ? freeMail(local.lang, r) : r.pick(['gmail.com', `${r.hex(4)}.io`, `${r.hex(5)}.ai`]), tier: 'free', persona: 'workshop' });
    out.push(acct);
    const homeIp = residential(local, r);
    let atVenue = true;
    const s: Setting = { acct, ua: w.ua, model: w.model, endpoint: 'chat.completions', system: AGENT_PROMPT, tools: AGENT_TOOLS, ip: () => (atVenue ? (r.chance(0.7) ? w.venue4 : inSite(w.venue6, r)) : homeIp), params: { temperature: 0 } };
    const own = r.pick([ctx.corp.get('tool-use-agentic'), ctx.corp.get('alpaca-eval'), ctx.corp.get('arena-hard')]);
    const exercise = (t: number) => {
      const it = r.chance(0.7) ? exercises[Math.min(7, Math.floor((t - created) / (50 * MIN)))] ?? r.pick(exercises) : r.pick(own);
      return toolLoop(ctx.sink, r, t, s, clip(it!.prompt, 800), r.int(1, 4), (q) => `Observation: ${q.pick(['200 OK', 'no results', 'result: ' + q.int(1, 999), 'Traceback: NameError', 'page text (1.2kB)'])}`, (q) => q.lognormal(1500, 0.6));
    };
    stepAgent(r, created, w.doorsClose, { base: () => 5, max: 5, alpha: 2, tauH: 0.3 }, exercise);
    // afterwards some keep building on it from home, fewer each week
    atVenue = false;
    const keep = r.chance(0.5) ? r.lognormal(1.2, 0.8) : 0;
    if (keep > 0) stepAgent(r, w.doorsClose, ctx.end, { base: (t) => (keep / 10) * shapeAt(SHAPES.person!, t, local.tz) * Math.exp(-(t - w.doorsClose) / (9 * DAY)), max: keep / 10, alpha: 0.5, tauH: 1 }, exercise);
  }
  return out;
}

function enterprise(ctx: Ctx): Account[] {
  const u = unitRng(ctx, 'enterprise');
  const c = u.pick(byCc(u.pick(['US', 'DE', 'GB', 'IN', 'JP', 'FR'])));
  const name = `${u.pick(['Nordwind', 'Kestrel', 'Bluepeak', 'Orchard', 'Lumen', 'Halvard', 'Tessera'])} ${u.pick(['Logistics', 'Insurance', 'Retail Group', 'Systems', 'Pharma', 'Bank'])}`;
  const org = `org_${u.hex(12)}`;
  const egress = [v4(u.pick(c.res4), u), v4(u.pick(c.res4), u)];
  const egress6 = v6Site(c.res6, u);
  const card = `pm_${u.hex(16)}`;
  const domain = `${name.split(' ')[0]!.toLowerCase()}.${u.pick(['com', 'de', 'co.uk', 'co.jp'])}`;
  const rollout = ctx.start + u.int(2, 6) * DAY - c.tz * HOUR + 9 * HOUR;
  const system = `You are ${name.split(' ')[0]} Assist, the internal assistant of ${name}. Answer employees' questions clearly. Do not share confidential customer data outside the company. If a question is about HR policy, point to the intranet page. Today is {date}.`;
  const ua = `${name.split(' ')[0]!.toLowerCase()}-assist/2.${u.int(1, 9)} ${SDK.js(u)}`;
  const pools = [ctx.corp.get('sharegpt-sample'), ctx.corp.get('self-instruct-user-oriented'), ctx.corp.get('alpaca-eval'), ctx.corp.get('codealpaca')];
  const out: Account[] = [];
  for (let i = 0; i < size('enterprise_seats'); i++) {
    const r = acctRng(ctx, 'enterprise', i);
    const created = i < 5 ? rollout - 20 * DAY + r.next() * DAY : rollout + r.next() * 2 * DAY * (r.chance(0.8) ? 0.4 : 1);
    const acct = mkAccount(r, { created, org, country: c.cc, signup_ip: egress[0]!, email_domain: domain, tier: 'enterprise', payment: card, verified: true, persona: 'enterprise_seats' });
    out.push(acct);
    const perDay = r.lognormal(4, 0.8);
    const wfh = residential(c, r);
    const s: Setting = { acct, ua, model: MODELS.big, endpoint: 'chat.completions', ip: () => (r.chance(0.85) ? (r.chance(0.8) ? r.pick(egress) : inSite(egress6, r)) : wfh), params: { stream: true, temperature: 0.3 } };
    stepAgent(r, Math.max(created, ctx.start), ctx.end, human(c, r, SHAPES.office!, perDay, 0.03), (t) => {
      const day = new Date(t).toISOString().slice(0, 10);
      const it = r.pick(r.pick(pools));
      const turns = [clip(it.prompt, 1400)];
      for (let k = r.weighted([[0, 3], [1, 2], [2, 1], [4, 0.3]] as const); k > 0; k--) turns.push(followUp(r, 'en', it.prompt));
      return conversation(ctx.sink, r, t, { ...s, system: system.replace('{date}', day) }, turns, 'chat', humanThink(60_000));
    });
  }
  return out;
}

const STEP_FOLLOW = [
  'why do we divide here?', 'I got a different number, where did I go wrong?', 'can you explain step 2 again slower', 'wait why is it minus', "I still don't get the second part",
  'is there an easier way to do this', 'what does that symbol mean', 'ok and how would I check my answer', 'so the answer is the last line?', 'can you show it with a drawing in words',
  'my teacher did it differently', 'why not multiply first?', 'where does that number come from', 'explain like I am 12 pls', 'ok that makes sense. what about the next one',
  'warum teilen wir hier?', 'no entiendo el paso dos', 'pourquoi on soustrait ?', 'por que é assim?', 'почему здесь минус?',
];
function homework(ctx: Ctx, r: Rng): Item {
  return r.pick(r.weighted([[ctx.corp.get('gsm8k'), 4], [ctx.corp.get('math-competition'), 2], [ctx.corp.get('mmlu-redux'), 2], [ctx.corp.get('code-benchmarks'), 1]] as const));
}
/** a student's own questions about one problem: confusion, their own attempts, generic follow-ups */
function studentTurns(ctx: Ctx, r: Rng, it: Item, lang: string, max: number): string[] {
  const opener = r.pick(['', 'help me with this: ', 'explain step by step ', 'how do i solve ', 'can you explain this problem? ', 'hw question: ', 'Explain why the answer is right step by step. ']);
  const turns = [`${opener}${clip(it.prompt, 1200)}`];
  for (let k = r.int(1, max); k > 0; k--) {
    turns.push(r.chance(0.55) ? r.pick(STEP_FOLLOW) : r.chance(0.5) ? `I got ${r.int(2, 400)}, is that right?` : followUp(r, lang, it.prompt));
  }
  return turns;
}

function student(ctx: Ctx): Account[] {
  const out: Account[] = [];
  for (let i = 0; i < size('student'); i++) {
    const r = acctRng(ctx, 'student', i);
    const c = r.weighted(COUNTRY_WEIGHT);
    const acct = mkAccount(r, { created: signup(r, ctx, 0.2), country: c.cc, signup_ip: residential(c, r), email_domain: r.chance(0.4) ? `student.${r.hex(4)}.edu` : freeMail(c.lang, r), tier: 'free', persona: 'student' });
    out.push(acct);
    const ua = r.chance(0.6) ? r.pick(APPS) : browser(r);
    const home = residential(c, r, 0.4);
    const s: Setting = { acct, ua, model: r.pick([MODELS.big, MODELS.reason, MODELS.small]), endpoint: endpointOf(ua), ip: () => (r.chance(0.3) ? mobile(c, r) : home), params: { stream: true } };
    const perDay = r.lognormal(0.9, 0.7);
    stepAgent(r, Math.max(acct.created, ctx.start), ctx.end, human(c, r, SHAPES.student!, perDay, 1.1), (t) => {
      const it = homework(ctx, r);
      return conversation(ctx.sink, r, t, s, studentTurns(ctx, r, it, c.lang, 6), (k) => (k === 0 ? 'reasoning' : 'chat'), humanThink(70_000));
    });
  }
  return out;
}

function household(ctx: Ctx): Account[] {
  const out: Account[] = [];
  let i = 0;
  for (let h = 0; i < size('household'); h++) {
    const u = new Rng(`${ctx.seed}/household/${ctx.copy}/h${h}`);
    const c = u.weighted(COUNTRY_WEIGHT);
    const members = Math.min(size('household') - i, u.int(2, 4));
    const home4 = residential(c, u, 0);
    const home6 = v6Site(c.res6, u);
    const card = `pm_${u.hex(16)}`;
    const tablet = u.pick(APPS);
    for (let m = 0; m < members; m++, i++) {
      const r = acctRng(ctx, 'household', i);
      const kid = m >= 2 || (m === 1 && r.chance(0.3));
      const acct = mkAccount(r, { created: signup(r, ctx, 0.1), country: c.cc, signup_ip: home4, email_domain: freeMail(c.lang, r), tier: 'free', payment: r.chance(0.7) ? card : undefined, persona: 'household' });
      out.push(acct);
      const ua = r.chance(0.5) ? tablet : browser(r);
      const s: Setting = { acct, ua, model: MODELS.big, endpoint: endpointOf(ua), ip: () => (r.chance(0.5) ? inSite(home6, r) : r.chance(0.1) ? mobile(c, r) : home4), params: { stream: true } };
      stepAgent(r, Math.max(acct.created, ctx.start), ctx.end, human(c, r, kid ? SHAPES.student! : SHAPES.person!, r.lognormal(0.6, 0.8)), (t) => {
        const turns = kid && r.chance(0.6) ? studentTurns(ctx, r, homework(ctx, r), c.lang, 3) : personTurns(ctx, r, c.lang);
        return conversation(ctx.sink, r, t, s, turns, 'chat', humanThink());
      });
    }
  }
  return out;
}

function uniLab(ctx: Ctx): Account[] {
  const u = unitRng(ctx, 'uni_lab');
  const c = u.pick(byCc(u.pick(['US', 'GB', 'DE', 'KR', 'JP', 'SG'])));
  const uni = `${u.pick(['cs', 'informatik', 'eecs', 'ai'])}.${u.pick(['northbridge', 'lakeshore', 'hanseatic', 'eastvale', 'kirin', 'merlion'])}.${u.pick(['edu', 'ac.uk', 'de', 'ac.kr', 'ac.jp', 'edu.sg'])}`;
  const nat = [v4(u.pick(c.res4), u), v4(u.pick(c.res4), u)];
  const site = v6Site(c.res6, u);
  const cluster = v4(u.pick(c.res4), u);
  const kickoff = ctx.start + u.int(0, 4) * DAY - c.tz * HOUR + 14 * HOUR;
  const ua = SDK.py(u);
  const tasks = ctx.corp.where('tool-use-agentic', (x) => /tau|webarena/i.test(x.category));
  const out: Account[] = [];
  for (let i = 0; i < size('uni_lab'); i++) {
    const r = acctRng(ctx, 'uni_lab', i);
    const created = kickoff + r.next() * 50 * MIN;
    const acct = mkAccount(r, { created, country: c.cc, signup_ip: r.pick(nat), email_domain: uni, tier: 'tier-1', persona: 'uni_lab' });
    out.push(acct);
    const home = residential(c, r);
    const s: Setting = { acct, ua, model: MODELS.big, endpoint: 'chat.completions', system: AGENT_PROMPT, tools: AGENT_TOOLS, ip: () => (r.chance(0.75) ? (r.chance(0.7) ? r.pick(nat) : inSite(site, r)) : home), params: { temperature: r.pick([0, 0.2]) } };
    const perDay = r.lognormal(3, 0.8);
    stepAgent(r, created, ctx.end, human(c, r, SHAPES.student!, perDay, 0.5), (t) => {
      if (r.chance(0.12)) {
        // an overnight experiment: the same task set, run from the cluster
        let tt = t;
        const sub = r.int(0, tasks.length - 40);
        for (let k = 0; k < r.int(10, 30); k++) tt = toolLoop(ctx.sink, r, tt, { ...s, ip: () => cluster }, clip(tasks[sub + k]!.prompt, 800), r.int(1, 4), () => 'Observation: ok', (q) => q.lognormal(600, 0.4));
        return tt;
      }
      const it = r.pick(tasks);
      return toolLoop(ctx.sink, r, t, s, clip(it.prompt, 800), r.int(1, 5), (q) => `Observation: ${q.pick(['ok', 'empty', 'error: timeout', 'found 3 items'])}`, (q) => q.lognormal(2000, 0.7));
    });
  }
  return out;
}

function translation(ctx: Ctx): Account[] {
  const u = unitRng(ctx, 'translation');
  const c = u.pick(byCc(u.pick(['PL', 'ES', 'DE', 'FR', 'BR'])));
  const org = `org_${u.hex(12)}`;
  const office = v4(u.pick(c.res4), u);
  const card = `pm_${u.hex(16)}`;
  const glossary = `Glossary: ${Array.from({ length: 6 }, () => `${u.hex(4)}=${u.hex(5)}`).join('; ')}`;
  const targets = ['German', 'French', 'Spanish', 'Polish', 'Portuguese (Brazil)', 'Japanese', 'English (UK)'];
  const docs = [ctx.corp.get('sharegpt-sample'), ctx.corp.get('arena-hard'), ctx.corp.get('alpaca-eval'), ctx.corp.get('wildchat-hard-ru')];
  const tool = `LinguaDesk/5.${u.int(0, 9)} (CAT plugin)`;
  const out: Account[] = [];
  for (let i = 0; i < size('translation_agency'); i++) {
    const r = acctRng(ctx, 'translation', i);
    const acct = mkAccount(r, { created: ctx.start - r.int(30, 400) * DAY, org, country: c.cc, signup_ip: office, email_domain: `${u.hex(6)}-translations.${c.cc.toLowerCase()}`, tier: 'tier-3', payment: card, verified: r.chance(0.5), persona: 'translation_agency' });
    out.push(acct);
    const home = residential(c, r);
    const s: Setting = { acct, ua: tool, model: MODELS.big, endpoint: 'chat.completions', ip: () => (r.chance(0.8) ? office : home), params: { temperature: 0.2, max_tokens: 4096 } };
    stepAgent(r, ctx.start, ctx.end, human(c, r, SHAPES.office!, r.lognormal(5, 0.5), 0.05), (t) => {
      // a document goes through in consecutive segments
      let tt = t;
      const target = r.pick(targets);
      for (let k = r.int(2, 12); k > 0; k--) {
        const seg = r.pick(r.pick(docs));
        const a = sendRetrying(ctx.sink, r, tt, { ...s }, { ...s.params, system: `Translate the user's text into ${target}. Keep formatting, numbers and placeholders. ${glossary}`, messages: [{ role: 'user', content: clip(seg.prompt, 2400) }] }, 'translation');
        tt += a.latency + r.lognormal(20_000, 0.8);
      }
      return tt;
    });
  }
  return out;
}

/** eval harnesses score multiple choice by the logprob of the answer letter: one token, the same items every run */
function evalHarness(ctx: Ctx): Account[] {
  const out: Account[] = [];
  const mmlu = ctx.corp.get('mmlu-redux');
  const bbh = ctx.corp.get('bbh');
  for (let i = 0; i < size('eval_harness'); i++) {
    const r = acctRng(ctx, 'eval_harness', i);
    const c = r.weighted(COUNTRY_WEIGHT.filter(([x]) => ['US', 'GB', 'DE', 'KR', 'JP', 'FR', 'SG'].includes(x.cc)));
    const acct = mkAccount(r, { created: signup(r, ctx, 0.1), country: c.cc, signup_ip: residential(c, r), email_domain: r.chance(0.5) ? `${r.hex(5)}.edu` : `${r.hex(5)}.ai`, tier: 'tier-2', persona: 'eval_harness' });
    out.push(acct);
    const box = r.chance(0.6) ? cloud(r.pick(['aws', 'gcp', 'azure']), r, 0.3) : residential(c, r);
    const subset = r.int(0, mmlu.length - 600);
    const suite = r.chance(0.7) ? mmlu.slice(subset, subset + r.int(200, 600)) : bbh.slice(0, r.int(150, 400));
    const fewshot = r.chance(0.5);
    const topk = r.pick([5, 5, 10, 20]);
    const s: Setting = { acct, ua: SDK.py(r), model: MODELS.big, endpoint: 'chat.completions', ip: () => box, params: { max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: topk } };
    const runsPerWeek = r.lognormal(1.5, 0.5);
    stepAgent(r, Math.max(acct.created, ctx.start), ctx.end, { base: (t) => (runsPerWeek / 7 / 24) * 1.6 * shapeAt(SHAPES.office!, t, c.tz), max: (runsPerWeek / 7 / 24) * 1.7 }, (t) => {
      let tt = t;
      const model = r.pick([MODELS.big, MODELS.small, MODELS.legacy]);
      for (const it of suite) {
        const q = `${fewshot ? 'The following are multiple choice questions (with answers).\n\n' : ''}${clip(it.prompt, 1800)}\nAnswer:`;
        const a = sendRetrying(ctx.sink, r, tt, { ...s, model }, { ...s.params, messages: [{ role: 'user', content: q }] }, 'label');
        tt += a.latency * 0.3 + r.lognormal(250, 0.5);
      }
      return tt;
    });
  }
  return out;
}

function benchmarkResearcher(ctx: Ctx): Account[] {
  const out: Account[] = [];
  const sets = [ctx.corp.get('gsm8k').slice(7473, 8792), ctx.corp.get('code-benchmarks').slice(0, 164), ctx.corp.get('math-competition').slice(0, 500), ctx.corp.get('mt-bench-vicuna-bench')];
  for (let i = 0; i < size('benchmark_researcher'); i++) {
    const r = acctRng(ctx, 'benchmark_researcher', i);
    const c = r.weighted(COUNTRY_WEIGHT.filter(([x]) => ['US', 'GB', 'DE', 'KR', 'JP', 'TW', 'FR'].includes(x.cc)));
    const acct = mkAccount(r, { created: signup(r, ctx, 0.1), country: c.cc, signup_ip: residential(c, r), email_domain: `${r.hex(5)}.edu`, tier: 'tier-2', persona: 'benchmark_researcher' });
    out.push(acct);
    const box = cloud(r.pick(['aws', 'gcp']), r, 0.5);
    const set = r.pick(sets);
    const nItems = Math.min(set.length, r.int(100, 300));
    const ua = r.pick([SDK.py(r), SDK.anth(r)]);
    const s: Setting = { acct, ua, model: MODELS.reason, endpoint: endpointOf(ua), ip: () => box, params: { temperature: r.pick([0, 0.7]), max_tokens: 2048, ...(r.chance(0.5) ? { n: r.pick([1, 4, 5]), seed: 1234 } : {}) } };
    stepAgent(r, Math.max(acct.created, ctx.start), ctx.end, { base: (t) => (1.2 / 7 / 24) * 1.6 * shapeAt(SHAPES.office!, t, c.tz), max: (1.2 / 7 / 24) * 1.7 }, (t) => {
      let tt = t;
      const effort = r.pick(['low', 'medium', 'high']);
      for (let k = 0; k < nItems; k++) {
        const it = set[k]!;
        const a = sendRetrying(ctx.sink, r, tt, s, { ...s.params, reasoning_effort: effort, messages: [{ role: 'user', content: `${clip(it.prompt, 2000)}\n${r.pick(["Let's think step by step.", 'Put the final answer in \\boxed{}.', 'Complete the function.'])}` }] }, 'reasoning');
        tt += a.latency * 0.25 + r.lognormal(400, 0.5);
      }
      return tt;
    });
  }
  return out;
}

/** classification and routing back ends: a label or two, with logprobs for a confidence, around the clock */
function classifier(ctx: Ctx): Account[] {
  const out: Account[] = [];
  const texts = [ctx.corp.get('sharegpt-sample'), ctx.corp.get('wildchat-hard-ru'), ctx.corp.get('hh-rlhf-harmless-test'), ctx.corp.get('nq-open-queries'), ctx.corp.get('oasst-prompts')];
  const jobs: { sys: string; bias?: Record<string, number> }[] = [
    { sys: 'Classify the sentiment of the customer message. Reply with exactly one word: positive, negative or neutral.', bias: { '31587': 100, '43324': 100, '60566': 100 } },
    { sys: 'You are a content moderation classifier. Output "safe" or "unsafe" only.', bias: { '29941': 100, '79590': 100 } },
    { sys: 'Route the support ticket to one queue: billing, tech, account, other. Output the queue name only.', bias: undefined },
    { sys: 'Does the query need a web search? Answer yes or no.', bias: { '9891': 100, '2201': 100 } },
  ];
  const u = unitRng(ctx, 'classifier');
  for (let i = 0; i < size('classifier_service'); i++) {
    const r = acctRng(ctx, 'classifier_service', i);
    const c = r.pick(byCc(r.pick(['US', 'DE', 'GB', 'SG'])));
    const job = jobs[i % jobs.length]!;
    const provider = r.pick(['aws', 'gcp', 'azure']);
    const pool = Array.from({ length: 6 }, () => cloud(provider, u, 0));
    const acct = mkAccount(r, { created: ctx.start - r.int(40, 300) * DAY, org: `org_${r.hex(12)}`, country: c.cc, signup_ip: pool[0]!, email_domain: `${r.hex(6)}.com`, tier: 'tier-4', verified: true, persona: 'classifier_service' });
    out.push(acct);
    const ua = r.pick([SDK.py(r), SDK.js(r), SDK.go()]);
    const s: Setting = { acct, ua, model: MODELS.small, endpoint: endpointOf(ua), system: job.sys, ip: () => r.pick(pool), params: { max_tokens: r.int(1, 5), temperature: 0, logprobs: true, top_logprobs: r.pick([2, 3, 5]), ...(job.bias ? { logit_bias: job.bias } : {}) } };
    const perHour = r.lognormal(6, 0.4);
    // customers' traffic follows their day; the classifier sees it in bursts
    stepAgent(r, ctx.start, ctx.end, { base: (t) => perHour * (0.3 + shapeAt(SHAPES.person!, t, c.tz)) * 0.6, max: perHour * 0.8, alpha: perHour * 0.5, tauH: 0.1 }, (t) => {
      const it = r.pick(r.pick(texts));
      const a = sendRetrying(ctx.sink, r, t, s, { ...s.params, system: s.system, messages: [{ role: 'user', content: clip(it.prompt, 900) }] }, 'label');
      return t + a.latency;
    });
  }
  return out;
}

const TUTOR_FOLLOW = [
  'The student says: "why does that step work?"', 'Student: i dont get where the 2 comes from', 'Student: can you give me a hint instead of the answer',
  'Student: is my way also right? I added first', 'Student: explain it again but slower', 'Student: what is the rule called?', 'Student: ok can I try the next step myself',
  'Student: I think the answer is wrong', 'Student: why cant we just guess and check', 'Student: thanks!! another one like this pls',
];
function tutoring(ctx: Ctx): Account[] {
  const u = unitRng(ctx, 'tutoring');
  const org = `org_${u.hex(12)}`;
  const brand = u.pick(['Mathie', 'StepWise', 'Tutorly', 'BrightPath']);
  const pool = Array.from({ length: 4 }, () => cloud('gcp', u, 0.3));
  const system = `You are ${brand}, a patient math and science tutor for students aged 11-17. Explain step by step and check understanding. Never just give the final answer; ask the student to try the next step. Student grade: {grade}.`;
  const out: Account[] = [];
  for (let i = 0; i < size('tutoring_app'); i++) {
    const r = acctRng(ctx, 'tutoring_app', i);
    const c = r.pick(byCc(r.pick(['US', 'GB', 'IN'])));
    const acct = mkAccount(r, { created: ctx.start - r.int(60, 200) * DAY, org, country: c.cc, signup_ip: pool[0]!, email_domain: `${brand.toLowerCase()}.app`, tier: 'tier-4', verified: true, persona: 'tutoring_app' });
    out.push(acct);
    const s: Setting = { acct, ua: `${brand.toLowerCase()}-backend/${r.int(3, 9)}.${r.int(0, 20)} ${SDK.js(r)}`, model: MODELS.reason, endpoint: 'chat.completions', ip: () => r.pick(pool), params: { stream: true, temperature: 0.4, reasoning_effort: 'medium' } };
    const perHour = r.lognormal(1.4, 0.3);
    stepAgent(r, ctx.start, ctx.end, { base: (t) => perHour * shapeAt(SHAPES.student!, t, c.tz) * weekendFactor(t, c.tz, 0.6), max: perHour }, (t) => {
      const it = homework(ctx, r);
      const turns = [`${clip(it.prompt, 1200)}`];
      for (let k = r.int(3, 10); k > 0; k--) turns.push(r.pick(TUTOR_FOLLOW));
      conversation(ctx.sink, r, t, { ...s, system: system.replace('{grade}', String(r.int(6, 12))) }, turns, 'reasoning', humanThink(50_000), 16);
      return t; // the back end serves many students at once
    });
  }
  return out;
}

function dormant(ctx: Ctx): Account[] {
  const out: Account[] = [];
  for (let i = 0; i < size('dormant'); i++) {
    const r = acctRng(ctx, 'dormant', i);
    const c = r.weighted(COUNTRY_WEIGHT);
    out.push(mkAccount(r, { created: signup(r, ctx, 0.3), country: c.cc, signup_ip: residential(c, r), email_domain: freeMail(c.lang, r), tier: 'free', persona: 'dormant', dormant: true }));
  }
  return out;
}

const RUN: Record<Persona, (ctx: Ctx) => Account[]> = {
  individual: (c) => individual(c), developer, enterprise_seats: enterprise, workshop, student, household, uni_lab: uniLab, translation_agency: translation,
  dormant, eval_harness: evalHarness, benchmark_researcher: benchmarkResearcher, classifier_service: classifier, tutoring_app: tutoring,
};
export function runBenignUnit(p: Persona, ctx: Ctx): Account[] { return RUN[p](ctx); }
