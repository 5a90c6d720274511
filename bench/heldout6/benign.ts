/**
 * heldout/v6's benign population: one base mix of organisations and people,
 * copied `benignScale` times (each copy from its own seed: its own venue,
 * campus, company, app…). Look-alikes of the campaigns are deliberate.
 */
import type { Corpora, Item } from './corpora.js';
import { Rng, opaque } from './rng.js';
import {
  ANY_DEV, BROWSER, JS_OPENAI, MAIL_FREE, OTHER_HTTP, PEOPLE_MIX, PY_ANTHROPIC, PY_OPENAI, TS_ANTHROPIC,
  cloudV4, country, homeV4, mobileV4, v6In, v6Prefix, type Client, type Country,
} from './net.js';
import { CURVES, DAY, HOUR, MIN, appQueue, isWeekend, makeAcct, seat, type Acct, type Ask, type Habit, type Log, type Msg } from './model.js';
import {
  ENTERPRISE_SYSTEM, FRAMEWORK_CREW, FRAMEWORK_REACT, STUDENT_OWN, SUPPORT_BUTTONS, SUPPORT_OPENERS, SUPPORT_SYSTEM, TRANSLATE_SYSTEM,
  TUTOR_BUTTONS, TUTOR_SYSTEM, WRITER_BUTTONS, WRITER_SYSTEM, followup,
} from './words.js';

export interface Ctx { seed: string; copy: number; from: number; to: number; log: Log; corpora: Corpora; accts: Acct[] }

// ---------------------------------------------------------------- shared helpers

export const pickItem = (r: Rng, c: Corpora, name: string, cat?: string): Item => r.pick(c.get(name, cat));
const cardOf = (key: string) => `card_${opaque(`card|${key}`, 14)}`;
const orgOf = (key: string) => `org_${opaque(`org|${key}`, 10)}`;

/** the last few turns of a conversation, with earlier answers as the client re-sends them */
export function history(h: Msg[], user: string, keep = 6): Msg[] {
  const msgs = [...h.slice(-keep), { role: 'user' as const, content: user }];
  return msgs;
}
const pastAnswer = (r: Rng, q: string) => `${r.pick(['Sure —', 'Here is', 'OK.', 'Right,'])} ${q.split(/\s+/).slice(0, 8).join(' ')} … ${r.pick(['that covers it.', 'hope this helps.', 'see the steps above.'])}`;

/** A conversation: the first turn and its follow-ups, think times between them; returns the end. */
export function converse(log: Log, a: Acct, r: Rng, t: number, turns: string[], base: Omit<Ask, 't' | 'messages' | 'out'>, outMedian: number, thinkMedian: number, tools = 0): number {
  const h: Msg[] = [];
  for (let i = 0; i < turns.length; i++) {
    const u = turns[i]!;
    const tc = tools && r.chance(0.5) ? r.int(1, 2) : 0;
    const end = log.send(a, { ...base, t, messages: history(h, u), out: r.lognormal(outMedian, 0.6), toolCalls: tc || undefined });
    h.push({ role: 'user', content: u }, { role: 'assistant', content: pastAnswer(r, u) });
    if (tc) h.push({ role: 'tool', content: `{"ok":true,"result":"${opaque(u + i, 8)}"}` });
    t = end + r.lognormal(thinkMedian, 0.8);
  }
  return t;
}

function person(r: Rng): Country { return country(r.weighted(PEOPLE_MIX)); }
const HUMAN: Habit = { curve: CURVES.person, weekend: 1.1, shortP: 0.35, shortMin: 50, longH: 16, alpha: 1.6, maxPer: 25 };
const HEAVY: Habit = { curve: CURVES.person, weekend: 1, shortP: 0.55, shortMin: 30, longH: 5, alpha: 1.3, maxPer: 40 };
const DEV: Habit = { curve: CURVES.owl, weekend: 0.7, shortP: 0.5, shortMin: 25, longH: 9, alpha: 1.2, maxPer: 60 };
const OFFICE: Habit = { curve: CURVES.office, weekend: 0.05, shortP: 0.55, shortMin: 40, longH: 14, alpha: 1.5, maxPer: 20 };

/** what an ordinary person asks, by language */
function chatTurns(r: Rng, c: Corpora, lang: string): { turns: string[]; lang: string } {
  if (lang === 'zh') { const it = pickItem(r, c, 'multilingual-chat', ''); return { turns: [it.prompt], lang: it.lang }; }
  if (lang === 'ja') { const it = r.pick(c.get('multilingual-chat').filter((x) => x.lang === 'ja')); return { turns: it.turns?.length ? it.turns : [it.prompt], lang: 'ja' }; }
  if (lang === 'ru') { const it = pickItem(r, c, 'wildchat-hard-ru'); return { turns: [it.prompt], lang: 'ru' }; }
  const it = r.weighted([
    [() => pickItem(r, c, 'nq-open-queries'), 3], [() => pickItem(r, c, 'webquestions'), 2], [() => pickItem(r, c, 'alpaca-eval'), 2],
    [() => pickItem(r, c, 'arena-hard'), 2], [() => pickItem(r, c, 'oasst-prompts'), 2], [() => pickItem(r, c, 'sharegpt-sample'), 2],
    [() => pickItem(r, c, 'hh-rlhf-harmless-test'), 0.3], [() => pickItem(r, c, 'gsm8k'), 0.4],
  ] as const)();
  const turns = it.turns?.length ? it.turns.slice(0, 5) : [it.prompt];
  return { turns, lang };
}

function samplingParams(r: Rng, cl: Client): Partial<Ask> {
  const p: Partial<Ask> = {};
  if (cl.sdk !== 'http' || r.chance(0.5)) {
    if (r.chance(0.4)) p.temperature = r.pick([0.2, 0.5, 0.7, 0.7, 1]);
    if (r.chance(0.5)) p.max_tokens = r.pick([512, 1024, 2048, 4096]);
  }
  return p;
}

// ---------------------------------------------------------------- personas

function individuals(x: Ctx, n: number): void {
  for (let i = 0; i < n; i++) {
    const key = `${x.seed}|c${x.copy}|ind${i}`;
    const r = new Rng(key);
    const c = person(r);
    const lang = r.chance(0.7) ? r.pick(c.langs) : 'en';
    const cl = r.weighted([[BROWSER, 5], [JS_OPENAI, 1], [PY_OPENAI, 1.5], [TS_ANTHROPIC, 1], [PY_ANTHROPIC, 1]] as const)(r);
    const created = r.chance(0.15) ? x.from + r.range(0, x.to - x.from - 2 * DAY) : x.from - r.range(2, 900) * DAY;
    const home = homeV4(r, c);
    const v6 = r.chance(0.3) ? v6Prefix(r, c) : '';
    const a = makeAcct(r, { key, persona: 'individual', created, country: c, client: cl, email: r.chance(0.8) ? r.pick(MAIL_FREE) : `${opaque(key, 6)}.com`, card: r.chance(0.6) ? cardOf(key) : undefined, signupIp: home, tier: r.pick(['free', 'tier-1', 'tier-1', 'tier-2']) });
    x.accts.push(a);
    const habit = r.chance(0.12) ? HEAVY : HUMAN;
    seat(r, Math.max(x.from, created + 5 * MIN), x.to, c.tz, habit, (t, k) => {
      const ip = r.chance(0.15) ? mobileV4(r, c) : v6 && r.chance(0.6) ? v6In(r, v6) : home;
      const params = samplingParams(r, cl);
      let used = 0;
      while (used < k) {
        const { turns, lang: l } = chatTurns(r, x.corpora, lang);
        while (turns.length < 1 + (r.chance(0.45) ? r.int(1, 3) : 0)) turns.push(followup(r, l));
        t = converse(x.log, a, r, t, turns, { ip, lang: l, ...params }, 280, 40_000) + r.lognormal(3 * MIN, 1);
        used += turns.length;
      }
      return t;
    });
  }
}

function developers(x: Ctx, n: number): void {
  for (let i = 0; i < n; i++) {
    const key = `${x.seed}|c${x.copy}|dev${i}`;
    const r = new Rng(key);
    const c = person(r);
    const cl = ANY_DEV(r);
    const created = x.from - r.range(10, 700) * DAY;
    const home = homeV4(r, c);
    const cloud = r.pick(['aws', 'gcp', 'hetzner', 'azure']);
    const a = makeAcct(r, { key, persona: 'developer', created, country: c, client: cl, keys: r.int(1, 4), email: r.chance(0.5) ? r.pick(MAIL_FREE) : `${opaque(key, 7)}.dev`, card: cardOf(key), signupIp: home, tier: r.pick(['tier-1', 'tier-2', 'tier-3']) });
    x.accts.push(a);
    const probes = r.chance(0.3);
    seat(r, x.from, x.to, c.tz, DEV, (t, k) => {
      const key2 = r.pick(a.keys);
      if (r.chance(0.05)) {
        // a script over their own data from a cloud box: many similar requests, machine-paced
        const sys = r.pick(['Summarize the following text in 2 sentences.', 'Extract the product name and price as JSON.', 'Classify the sentiment as positive, negative or neutral.']);
        const ip = cloudV4(r, cloud);
        const m = r.int(20, 120);
        for (let j = 0; j < m; j++) {
          const it = pickItem(r, x.corpora, r.pick(['alpaca-eval', 'oasst-prompts', 'nq-open-queries', 'sharegpt-sample']));
          t = x.log.send(a, { t, ip, key: key2, system: sys, messages: [{ role: 'user', content: it.prompt }], temperature: 0, max_tokens: 300, out: r.lognormal(80, 0.5), ua: 'python-httpx/0.28.1' }) + r.exp(800);
        }
        return t;
      }
      const ip = r.chance(0.8) ? home : mobileV4(r, c);
      let used = 0;
      while (used < k) {
        const it = r.weighted([[() => pickItem(r, x.corpora, 'conala-so-questions'), 3], [() => pickItem(r, x.corpora, 'arena-hard'), 1.5], [() => pickItem(r, x.corpora, 'codealpaca'), 0.6], [() => pickItem(r, x.corpora, 'code-benchmarks'), 0.3]] as const)();
        const ext: Record<string, unknown> = {};
        if (probes && r.chance(0.3)) { ext.logprobs = true; ext.top_logprobs = r.int(1, 5); }
        if (r.chance(0.1)) { ext.n = r.int(2, 4); ext.seed = r.int(1, 99); }
        if (r.chance(0.1) && a.client.sdk === 'anthropic') ext.thinking = { type: 'enabled', budget_tokens: r.pick([1024, 2048, 4096]) };
        // debugging: the same request re-sent with small edits
        const reps = r.chance(0.4) ? r.int(2, 6) : 1;
        for (let j = 0; j < reps && used < k; j++, used++) {
          const msg = j === 0 ? it.prompt : `${it.prompt}${r.pick(['', '\n', ' ', '\n\nerror: ' + r.pick(['TypeError', 'KeyError', 'undefined'])])}`;
          t = x.log.send(a, { t, ip, key: key2, messages: [{ role: 'user', content: msg }], temperature: r.chance(0.5) ? 0 : undefined, max_tokens: r.chance(0.5) ? 2048 : undefined, ext: Object.keys(ext).length ? ext : undefined, out: r.lognormal(350, 0.7), tools: r.chance(0.1) ? ['get_current_weather'] : undefined }) + r.lognormal(j < reps - 1 ? 25_000 : 90_000, 0.9);
        }
      }
      return t;
    });
  }
}

function households(x: Ctx, homes: number, per: number): void {
  for (let hh = 0; hh < homes; hh++) {
    const hk = `${x.seed}|c${x.copy}|home${hh}`;
    const hr = new Rng(hk);
    const c = person(hr);
    const ip = homeV4(hr, c);
    const v6 = v6Prefix(hr, c);
    const card = cardOf(hk);
    const tablet: Client = { ua: `HomeHelper/${hr.int(3, 5)}.${hr.int(0, 9)} (iPad; iOS 18.${hr.int(0, 6)})`, sdk: 'http', stream: 1 };
    for (let i = 0; i < per; i++) {
      const key = `${hk}|m${i}`;
      const r = new Rng(key);
      const kid = i > 0 && r.chance(0.6);
      const cl = kid ? tablet : r.chance(0.5) ? tablet : BROWSER(r);
      const a = makeAcct(r, { key, persona: 'household', created: x.from - r.range(5, 400) * DAY, country: c, client: cl, email: r.pick(MAIL_FREE), card: r.chance(0.85) ? card : cardOf(key), signupIp: ip, tier: 'free' });
      x.accts.push(a);
      const lang = r.chance(0.7) ? c.langs[0]! : 'en';
      seat(r, x.from, x.to, c.tz, kid ? { ...HUMAN, curve: CURVES.person, longH: 20 } : HUMAN, (t, k) => {
        let used = 0;
        const addr = r.chance(0.5) ? v6In(r, v6) : ip;
        while (used < k) {
          const turns = kid ? [pickItem(r, x.corpora, r.chance(0.7) ? 'gsm8k' : 'webquestions').prompt + (r.chance(0.3) ? ' 😅' : '')] : chatTurns(r, x.corpora, lang).turns;
          if (r.chance(0.4)) turns.push(followup(r, lang));
          t = converse(x.log, a, r, t, turns, { ip: addr, lang }, 220, 50_000);
          used += turns.length;
        }
        return t;
      });
    }
  }
}

function enterprise(x: Ctx, n: number): void {
  const ok = `${x.seed}|c${x.copy}|corp`;
  const or = new Rng(ok);
  const c = country(or.pick(['DE', 'US', 'GB', 'JP', 'FR']));
  const name = or.pick(['Halvorsen', 'Kitano', 'Marlowe', 'Vasquez', 'Oberlin', 'Tessaro']) + or.pick([' Logistics', ' Bank', ' Pharma', ' Energy']);
  const org = orgOf(ok);
  const egress = [homeV4(or, c), homeV4(or, c)];
  const domain = `${name.toLowerCase().replace(/[^a-z]/g, '')}.com`;
  const client: Client = { ua: `${name.split(' ')[0]!.toLowerCase()}-assist/3.${or.int(1, 4)} python-httpx/0.27.2`, sdk: 'openai', stream: 0.8 };
  const rollout = x.from - or.range(20, 60) * DAY;
  for (let i = 0; i < n; i++) {
    const key = `${ok}|seat${i}`;
    const r = new Rng(key);
    // seats join in the rollout window and later, some leave (churn)
    const created = i < n * 0.7 ? rollout + r.range(0, 3) * HOUR : x.from + r.range(0, 10) * DAY;
    const leaves = r.chance(0.1) ? x.from + r.range(4, 13) * DAY : x.to;
    const a = makeAcct(r, { key, persona: 'enterprise_seat', org, created, country: c, client, email: domain, card: cardOf(ok), signupIp: egress[0], tier: 'enterprise', verified: true, models: ['gpt-5', 'gpt-5-mini'], endpoint: 'chat.completions' });
    x.accts.push(a);
    seat(r, Math.max(x.from, created), leaves, c.tz, OFFICE, (t, k) => {
      let used = 0;
      while (used < k) {
        const turns = chatTurns(r, x.corpora, 'en').turns;
        if (r.chance(0.5)) turns.push(followup(r, 'en'));
        t = converse(x.log, a, r, t, turns, { ip: r.pick(egress), system: ENTERPRISE_SYSTEM(name.split(' ')[0]!), temperature: 0.3 }, 300, 60_000);
        used += turns.length;
      }
      return t;
    });
  }
}

/** a course: one campus NAT, labs on Tue/Thu afternoons, one framework's prompt */
function course(x: Ctx, n: number): void {
  const ck = `${x.seed}|c${x.copy}|course`;
  const cr = new Rng(ck);
  const c = country(cr.pick(['US', 'GB', 'IN', 'DE', 'CA', 'SG']));
  const nat = [homeV4(cr, c), homeV4(cr, c)];
  const v6 = v6Prefix(cr, c);
  const exercises = Array.from({ length: 8 }, () => pickItem(cr, x.corpora, 'tool-use-agentic', 'webarena').prompt);
  const sdk: Client = { ua: `OpenAI/Python ${cr.pick(['2.2.0', '2.5.0'])}`, sdk: 'openai', stream: 0 };
  const enrol = x.from - 3 * DAY + cr.range(0, 12) * HOUR;
  for (let i = 0; i < n; i++) {
    const key = `${ck}|s${i}`;
    const r = new Rng(key);
    const home = homeV4(r, c);
    const a = makeAcct(r, { key, persona: 'course_student', created: enrol + r.range(0, 2) * DAY, country: c, client: sdk, email: r.chance(0.7) ? `uni-${opaque(ck, 4)}.edu` : r.pick(MAIL_FREE), card: r.chance(0.3) ? cardOf(key) : undefined, signupIp: nat[0], tier: 'free', models: ['gpt-5-mini'] });
    x.accts.push(a);
    for (let d = 0; d < Math.ceil((x.to - x.from) / DAY); d++) {
      const day = x.from + d * DAY;
      const dow = (Math.floor(day / DAY) + 4) % 7;
      if ((dow === 2 || dow === 4) && r.chance(0.9)) {
        // the lab: 14:00–16:00 local, everyone on the same exercises
        let t = day + (14 - c.tz) * HOUR + r.range(0, 20) * MIN;
        const end = t + 2 * HOUR;
        let ex = r.int(0, 2);
        while (t < end && ex < exercises.length) {
          const steps = r.int(2, 5);
          const turns = [exercises[ex]!, ...Array.from({ length: steps - 1 }, () => r.pick(['Observation: page loaded', 'Observation: no results found', 'Observation: 3 items found', 'try again with a different query']))];
          t = converse(x.log, a, r, t, turns, { ip: r.pick(nat), system: FRAMEWORK_CREW.system, tools: FRAMEWORK_CREW.tools, temperature: 0 }, 200, 15_000, 1) + r.lognormal(6 * MIN, 0.6);
          ex++;
        }
      }
      if (r.chance(0.35)) {
        // homework in the evening from home
        let t = day + (r.range(18, 23) - c.tz) * HOUR;
        const k = r.int(1, 6);
        for (let j = 0; j < k; j++) {
          const q = r.chance(0.6) ? r.pick(exercises) : pickItem(r, x.corpora, 'conala-so-questions').prompt;
          t = converse(x.log, a, r, t, [q], { ip: r.chance(0.5) && j % 2 ? v6In(r, v6) : home, system: FRAMEWORK_CREW.system, tools: FRAMEWORK_CREW.tools }, 250, 40_000, 1);
        }
      }
    }
  }
}

/** the hackathon of a copy: the venue, its weekend, its pinned client (the crowd a campaign may hide in) */
export function hackathonVenue(seed: string, copy: number, from: number) {
  const r = new Rng(`${seed}|c${copy}|hackathon`);
  const c = country(r.pick(['US', 'DE', 'IN', 'GB', 'SG', 'BR']));
  const sat = from + 5 * DAY; // the worlds start on a Monday: day 5 is Saturday
  return {
    country: c,
    ip: homeV4(r, c),
    v6: v6Prefix(r, c),
    signup: sat - DAY + (18 - c.tz) * HOUR, // Friday 18:00 local
    start: sat + (9 - c.tz) * HOUR,
    end: sat + DAY + (16 - c.tz) * HOUR,
    client: { ua: `OpenAI/JS ${r.pick(['6.3.0', '6.4.1'])}`, sdk: 'openai', stream: 0.9 } as Client,
    tasks: Array.from({ length: 10 }, () => pickTask(r)),
  };
}
const pickTask = (r: Rng) => r.int(0, 1_000_000);

function hackathon(x: Ctx, n: number): void {
  const v = hackathonVenue(x.seed, x.copy, x.from);
  const tasks = x.corpora.get('tool-use-agentic', 'bfcl');
  const theme = v.tasks.map((k) => tasks[k % tasks.length]!.prompt);
  for (let i = 0; i < n; i++) {
    const key = `${x.seed}|c${x.copy}|hack${i}`;
    const r = new Rng(key);
    const created = v.signup + r.range(0, 14) * HOUR;
    const a = makeAcct(r, { key, persona: 'hackathon', created, country: v.country, client: v.client, email: r.pick(MAIL_FREE), card: r.chance(0.4) ? cardOf(key) : undefined, signupIp: v.ip, tier: 'free', models: ['gpt-5-mini', 'gpt-5'] });
    x.accts.push(a);
    // the event: bursts of agent loops on the team's idea, breaks, a short night
    seat(r, Math.max(v.start, created), v.end, v.country.tz, { curve: CURVES.owl, weekend: 1, shortP: 0.8, shortMin: 20, longH: 3, alpha: 1.1, maxPer: 40 }, (t, k) => {
      let used = 0;
      while (used < k) {
        const steps = r.int(1, 5);
        const turns = [r.chance(0.6) ? r.pick(theme) : pickItem(r, x.corpora, 'conala-so-questions').prompt, ...Array.from({ length: steps - 1 }, () => r.pick(['Observation: {"status": 200}', 'Observation: error, retrying', 'continue', 'Observation: []']))];
        t = converse(x.log, a, r, t, turns, { ip: r.chance(0.8) ? v.ip : v6In(r, v.v6), system: FRAMEWORK_REACT.system, tools: FRAMEWORK_REACT.tools, temperature: r.pick([0, 0.2, 0.7]) }, 200, 12_000, 1);
        used += steps;
      }
      return t;
    });
    // afterwards some keep building from home, fading
    if (r.chance(0.4)) {
      const home = homeV4(r, v.country);
      seat(r, v.end + 6 * HOUR, Math.min(x.to, v.end + r.range(2, 10) * DAY), v.country.tz, { ...DEV, longH: 20 }, (t, k) => {
        for (let j = 0; j < k; j++) t = converse(x.log, a, r, t, [r.pick(theme)], { ip: home, system: FRAMEWORK_REACT.system, tools: FRAMEWORK_REACT.tools }, 200, 20_000, 1);
        return t;
      });
    }
  }
}

/** an app's back-end accounts serving end users: the M/G/∞ queue */
function app(x: Ctx, name: string, persona: string, n: number, peak: number, build: (r: Rng, c: Corpora) => { turns: string[]; lang?: string }, system: string, params: Partial<Ask>, tools?: string[]): void {
  const ak = `${x.seed}|c${x.copy}|${name}`;
  const ar = new Rng(ak);
  const c = country(ar.pick(['US', 'GB', 'DE', 'IN', 'AU']));
  const org = orgOf(ak);
  const cloud = ar.pick(['aws', 'gcp', 'azure']);
  const ips = Array.from({ length: 3 }, () => cloudV4(ar, cloud));
  const cl = ar.pick([PY_OPENAI, JS_OPENAI, PY_ANTHROPIC, TS_ANTHROPIC])(ar);
  const accts = Array.from({ length: n }, (_, i) => {
    const r = new Rng(`${ak}|a${i}`);
    const a = makeAcct(r, { key: `${ak}|a${i}`, persona, org, created: x.from - ar.range(30, 400) * DAY + i * DAY, country: c, client: cl, keys: 2, email: `${name}.io`, card: cardOf(ak), signupIp: ips[0], tier: 'tier-4', verified: true });
    x.accts.push(a);
    return a;
  });
  const r = new Rng(`${ak}|users`);
  appQueue(r, x.from, x.to, c.tz, peak, CURVES.market, 0.8, (t, k) => {
    const ur = new Rng(ak, 'u', k);
    const a = accts[k % n]!;
    const { turns, lang } = build(ur, x.corpora);
    converse(x.log, a, ur, t, turns, { ip: ur.pick(ips), system, lang, tools, ...params, key: a.keys[k % 2] }, 180, 25_000, tools ? 1 : 0);
  });
}

const num = (r: Rng) => String(r.int(2, 99_999));
function tutoring(x: Ctx): void {
  app(x, 'pip-tutor', 'tutoring_app', 3, 14, (r, c) => {
    const first = r.chance(0.7) ? pickItem(r, c, 'gsm8k').prompt : pickItem(r, c, 'math-competition', 'MATH/Prealgebra').prompt;
    const turns = [first];
    const k = r.int(1, 6);
    for (let i = 0; i < k; i++) turns.push(r.chance(0.7) ? r.pick(TUTOR_BUTTONS) : r.pick(STUDENT_OWN).replace('{n}', String(r.int(1, 300))));
    return { turns };
  }, TUTOR_SYSTEM, { temperature: 0.4, max_tokens: 800 });
}
function support(x: Ctx): void {
  app(x, 'nordlicht', 'support_bot', 2, 10, (r) => {
    const turns = [r.pick(SUPPORT_OPENERS).replace('{n}', num(r))];
    const k = r.int(0, 4);
    for (let i = 0; i < k; i++) turns.push(r.chance(0.65) ? r.pick(SUPPORT_BUTTONS) : r.pick(['ok', 'it says delivered but it is not here', 'order ' + num(r), 'thanks', 'no']));
    return { turns };
  }, SUPPORT_SYSTEM, { temperature: 0.2, max_tokens: 400 }, ['lookup_order', 'create_return', 'handoff_to_agent']);
}
function writer(x: Ctx): void {
  app(x, 'quillmate', 'writing_tool', 3, 9, (r, c) => {
    const src = pickItem(r, c, r.pick(['sharegpt-sample', 'oasst-prompts', 'alpaca-eval', 'self-instruct-user-oriented']));
    const turns = [`${r.pick(['Rewrite:', 'Improve this:', 'Edit:'])}\n\n${src.prompt}`];
    const k = r.int(0, 4);
    for (let i = 0; i < k; i++) turns.push(r.pick(WRITER_BUTTONS));
    return { turns, lang: src.lang };
  }, WRITER_SYSTEM, { temperature: 0.7 });
}

/** researchers: the same public items as everyone, temperature 0, fixed seeds, several models */
function researchers(x: Ctx, n: number): void {
  const suites: [string, string | undefined, (p: string) => string, number][] = [
    ['gsm8k', undefined, (p) => `Question: ${p}\nLet's think step by step.`, 500],
    ['mmlu-redux', undefined, (p) => `The following is a multiple choice question. Answer with the letter only.\n\n${p}\nAnswer:`, 1],
    ['code-benchmarks', 'humaneval/python', (p) => `Complete the following Python function.\n\n${p}`, 400],
    ['bbh', undefined, (p) => `${p}\nA: Let's think step by step.`, 300],
    ['math-competition', 'MATH/', (p) => `Problem: ${p}\nPut the final answer in \\boxed{}.`, 700],
  ];
  for (let i = 0; i < n; i++) {
    const key = `${x.seed}|c${x.copy}|res${i}`;
    const r = new Rng(key);
    const c = country(r.pick(['US', 'GB', 'DE', 'CN', 'KR', 'SG', 'CA']));
    const cl = r.pick([PY_OPENAI, PY_ANTHROPIC, OTHER_HTTP])(r);
    const lab = homeV4(r, c);
    const a = makeAcct(r, { key, persona: 'benchmark_researcher', created: x.from - r.range(30, 500) * DAY, country: c, client: cl, keys: r.int(1, 3), email: `${opaque(key, 5)}.ac.${c.cc.toLowerCase()}`, card: cardOf(key), signupIp: lab, tier: 'tier-3', models: cl.sdk === 'anthropic' ? ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'] : ['gpt-5', 'gpt-5-mini', 'gpt-4.1', 'o4-mini'] });
    x.accts.push(a);
    const mine = r.shuffle([...suites]).slice(0, r.int(1, 3));
    const runs = r.int(2, 4);
    for (let k = 0; k < runs; k++) {
      const [corp, cat, fmt, out] = r.pick(mine);
      // the first N items of the public test set, in file order: what every researcher runs
      const items = x.corpora.get(corp, cat).slice(0, r.pick([150, 250, 400]));
      let t = x.from + r.range(0, x.to - x.from - DAY);
      const models = r.shuffle([...a.models]).slice(0, r.int(1, 3));
      const seedV = r.pick([0, 42, 1234]);
      const nS = r.chance(0.3) ? r.int(3, 5) : undefined;
      for (const m of models) {
        for (const it of items) {
          const ext: Record<string, unknown> = { seed: seedV };
          if (nS) ext.n = nS;
          if (corp === 'mmlu-redux' && r.chance(0.8)) { ext.logprobs = true; ext.top_logprobs = 5; }
          if (m === 'o4-mini') ext.reasoning_effort = r.pick(['low', 'medium', 'high']);
          t = x.log.send(a, { t, ip: lab, model: m, messages: [{ role: 'user', content: fmt(it.prompt) }], temperature: 0, max_tokens: corp === 'mmlu-redux' ? 1 : 1024, ext, out: r.lognormal(out, 0.4) }) + r.exp(1200);
        }
        t += r.range(5, 60) * MIN;
      }
    }
  }
}

/** CI pipelines: a fixed regression suite every night and on weekday pushes, from runner addresses */
function ciPipelines(x: Ctx, n: number): void {
  for (let i = 0; i < n; i++) {
    const key = `${x.seed}|c${x.copy}|ci${i}`;
    const r = new Rng(key);
    const c = country(r.pick(['US', 'DE', 'GB', 'IN']));
    const org = orgOf(key);
    const a = makeAcct(r, { key, persona: 'eval_ci', org, created: x.from - r.range(30, 300) * DAY, country: c, client: { ua: `${r.pick(['promptfoo/0.118.4', 'inspect_ai/0.3.140', 'lm_eval/0.4.9'])} ${r.pick(['OpenAI/Python 2.3.0', 'Anthropic/Python 0.69.0'])}`, sdk: 'openai', stream: 0 }, keys: 2, email: `${opaque(key, 6)}.ai`, card: cardOf(key), tier: 'tier-3', verified: r.chance(0.5), models: ['gpt-5-mini', 'gpt-5', 'gpt-4.1'] });
    x.accts.push(a);
    const suite = [
      ...r.shuffle([...x.corpora.get('mmlu-redux')]).slice(0, 40).map((it) => `${it.prompt}\nAnswer:`),
      ...x.corpora.get('bbh', 'bbh/date').slice(0, 15).map((it) => it.prompt),
      ...x.corpora.get('gsm8k').slice(-25).map((it) => it.prompt),
    ];
    const sys = 'You are being evaluated. Answer concisely.';
    const run = (t: number) => {
      for (const m of a.models.slice(0, 2)) for (const q of suite) t = x.log.send(a, { t, ip: cloudV4(r, 'azure'), key: a.keys[1], model: m, system: sys, messages: [{ role: 'user', content: q }], temperature: 0, max_tokens: 256, ext: { seed: 1234 }, out: r.lognormal(60, 0.5) }) + r.exp(400);
    };
    for (let d = 0; d < Math.ceil((x.to - x.from) / DAY); d++) {
      const day = x.from + d * DAY;
      if (i % 2 === 0 || d % 7 === 0) run(day + 2 * HOUR + r.range(0, 20) * MIN);
      if (!isWeekend(day + 12 * HOUR, c.tz)) for (let p = r.poisson(0.6); p > 0; p--) run(day + (r.range(9, 18) - c.tz) * HOUR);
    }
  }
}

function translators(x: Ctx, n: number): void {
  const sk = `${x.seed}|c${x.copy}|lingua`;
  const sr = new Rng(sk);
  const c = country(sr.pick(['ES', 'DE', 'FR', 'BR', 'MX']));
  const office = homeV4(sr, c);
  const org = orgOf(sk);
  const cl: Client = { ua: `CATbridge-LLM/${sr.int(2, 4)}.${sr.int(0, 9)} (Windows NT 10.0)`, sdk: 'openai', stream: 0 };
  for (let i = 0; i < n; i++) {
    const key = `${sk}|t${i}`;
    const r = new Rng(key);
    const target = r.pick(['German', 'Spanish', 'French', 'Brazilian Portuguese']);
    const a = makeAcct(r, { key, persona: 'translation_shop', org, created: x.from - r.range(60, 600) * DAY, country: c, client: cl, email: `lingua-${opaque(sk, 4)}.com`, card: cardOf(sk), signupIp: office, tier: 'tier-2', verified: r.chance(0.5), models: ['gpt-4.1', 'gpt-5'] });
    x.accts.push(a);
    seat(r, x.from, x.to, c.tz, { ...OFFICE, alpha: 0.9, maxPer: 300, longH: 10 }, (t, k) => {
      // a document: consecutive segments of one source
      // a document: consecutive segments of a few sources
      const segs: string[] = [];
      while (segs.length < k) segs.push(...pickItem(r, x.corpora, r.pick(['sharegpt-sample', 'alpaca-eval', 'oasst-prompts', 'arena-hard'])).prompt.split(/(?<=[.!?])\s+/).filter((s) => s.length > 3).slice(0, 40));
      for (let j = 0; j < k; j++) {
        const s = segs[j]!;
        t = x.log.send(a, { t, ip: office, system: TRANSLATE_SYSTEM(target), messages: [{ role: 'user', content: s }], temperature: 0.1, out: Math.max(5, s.length / 3.5) }) + r.lognormal(20_000, 1);
      }
      return t;
    });
  }
}

function labellers(x: Ctx, n: number): void {
  const lk = `${x.seed}|c${x.copy}|labels`;
  const lr = new Rng(lk);
  const c = country(lr.pick(['IN', 'VN', 'NG']));
  const office = homeV4(lr, c);
  const org = orgOf(lk);
  const tasks = [
    { sys: 'Label the query intent. Reply with one of: navigational, informational, transactional.', corp: 'nq-open-queries' },
    { sys: 'Is this request harmful? Reply yes or no.', corp: 'hh-rlhf-harmless-test' },
    { sys: 'Topic of the question: one of science, history, sport, entertainment, geography, other.', corp: 'webquestions' },
  ];
  for (let i = 0; i < n; i++) {
    const key = `${lk}|l${i}`;
    const r = new Rng(key);
    const a = makeAcct(r, { key, persona: 'labelling_shop', org, created: x.from - r.range(20, 300) * DAY, country: c, client: PY_OPENAI(r), email: `tagwise-${opaque(lk, 4)}.com`, card: cardOf(lk), signupIp: office, tier: 'tier-2', models: ['gpt-5-mini', 'gpt-4.1'] });
    x.accts.push(a);
    seat(r, x.from, x.to, c.tz, { ...OFFICE, alpha: 0.8, maxPer: 600, longH: 8 }, (t, k) => {
      const task = r.pick(tasks);
      for (let j = 0; j < k; j++) {
        const it = pickItem(r, x.corpora, task.corp);
        const bias: Record<string, number> = {};
        for (let b = 0; b < 3; b++) bias[String(1000 + b * 977 + (task.corp.length * 31))] = 100;
        t = x.log.send(a, { t, ip: office, system: task.sys, messages: [{ role: 'user', content: it.prompt }], temperature: 0, max_tokens: r.pick([1, 2, 3]), ext: { logprobs: true, top_logprobs: r.int(2, 5), logit_bias: bias }, out: 1 }) + r.lognormal(2500, 0.7);
      }
      return t;
    });
  }
}

function businesses(x: Ctx, n: number): void {
  const kinds = [
    { sys: 'Write a 60-word product description from the JSON below. Warm tone, no superlatives.', mk: (r: Rng) => JSON.stringify({ sku: opaque(String(r.next()), 6), name: r.pick(['oak side table', 'linen throw', 'desk lamp', 'wool rug']), colour: r.pick(['sand', 'slate', 'moss']) }) },
    { sys: 'Summarise the meeting transcript into decisions and action items.', mk: (r: Rng, c: Corpora) => pickItem(r, c, 'sharegpt-sample').prompt },
    { sys: 'Translate the user question into a PostgreSQL query over tables orders(id, customer_id, total, created_at) and customers(id, name, country). Output SQL only.', mk: (r: Rng, c: Corpora) => pickItem(r, c, 'nq-open-queries').prompt },
  ];
  for (let i = 0; i < n; i++) {
    const key = `${x.seed}|c${x.copy}|biz${i}`;
    const r = new Rng(key);
    const c = country(r.pick(['US', 'GB', 'DE', 'JP', 'BR', 'IN', 'AU']));
    const kind = kinds[i % kinds.length]!;
    const ips = [cloudV4(r, r.pick(['aws', 'gcp', 'azure'])), cloudV4(r, 'aws')];
    const a = makeAcct(r, { key, persona: 'verified_business', org: orgOf(key), created: x.from - r.range(60, 700) * DAY, country: c, client: r.pick([PY_OPENAI, JS_OPENAI, TS_ANTHROPIC, OTHER_HTTP])(r), keys: 3, email: `${opaque(key, 7)}.com`, card: cardOf(key), signupIp: ips[0], tier: 'tier-4', verified: true, zdr: i === 1 });
    x.accts.push(a);
    appQueue(new Rng(key, 'q'), x.from, x.to, c.tz, r.range(3, 10), CURVES.office, 0.3, (t, k) => {
      const ur = new Rng(key, 'u', k);
      x.log.send(a, { t, ip: ur.pick(ips), key: a.keys[k % 3], system: kind.sys, messages: [{ role: 'user', content: kind.mk(ur, x.corpora) }], temperature: 0.3, max_tokens: 600, out: ur.lognormal(150, 0.5) });
    });
  }
}

function dormant(x: Ctx, n: number): void {
  for (let i = 0; i < n; i++) {
    const key = `${x.seed}|c${x.copy}|zz${i}`;
    const r = new Rng(key);
    const c = person(r);
    x.accts.push(makeAcct(r, { key, persona: 'dormant', created: x.from - r.range(1, 500) * DAY, country: c, client: BROWSER(r), email: r.pick(MAIL_FREE), signupIp: homeV4(r, c), tier: 'free' }));
  }
}

export interface Unit { persona: string; accounts: number; run(x: Ctx): void }
/** one copy of the benign base mix */
export const BASE_UNITS: readonly Unit[] = [
  { persona: 'individual', accounts: 150, run: (x) => individuals(x, 150) },
  { persona: 'developer', accounts: 28, run: (x) => developers(x, 28) },
  { persona: 'household', accounts: 15, run: (x) => households(x, 5, 3) },
  { persona: 'enterprise_seat', accounts: 36, run: (x) => enterprise(x, 36) },
  { persona: 'course_student', accounts: 26, run: (x) => course(x, 26) },
  { persona: 'hackathon', accounts: 24, run: (x) => hackathon(x, 24) },
  { persona: 'tutoring_app', accounts: 3, run: tutoring },
  { persona: 'support_bot', accounts: 2, run: support },
  { persona: 'writing_tool', accounts: 3, run: writer },
  { persona: 'benchmark_researcher', accounts: 5, run: (x) => researchers(x, 5) },
  { persona: 'eval_ci', accounts: 4, run: (x) => ciPipelines(x, 4) },
  { persona: 'translation_shop', accounts: 6, run: (x) => translators(x, 6) },
  { persona: 'labelling_shop', accounts: 6, run: (x) => labellers(x, 6) },
  { persona: 'verified_business', accounts: 6, run: (x) => businesses(x, 6) },
  { persona: 'dormant', accounts: 6, run: (x) => dormant(x, 6) },
];
