/**
 * heldout/v8's benign base mix, one copy per seed: ordinary people, developers,
 * homes, a course, a workshop, a viral prompt's crowd, a company, researchers,
 * CI pipelines, judge suites, apps, shops and businesses. Copies differ by seed;
 * the viral prompt and the public benchmarks' first items are the same in all.
 */
import type { Corpora, Item } from './corpora.js';
import { DAY, HOUR, MIN, Limiter, TaskPerson, curve, drain, type Account, type Actor, type Emit, type Job, type Task } from './model.js';
import { COUNTRIES, COUNTRY_LIST, UA, campus, ciRunner, homeLine, hosts, phone, zeroTrust, type Country } from './net.js';
import { MODELS, account, agedCreated, benignAsk, everyday, head, keysFor } from './people.js';
import { Rng, hex } from './rng.js';
import { converse, type Chan, type Turn } from './talk.js';
import { followUp } from './words.js';

export const BASE_UNITS = [
  { persona: 'individual', accounts: 110 },
  { persona: 'developer', accounts: 30 },
  { persona: 'household', accounts: 12 },
  { persona: 'course_student', accounts: 36 },
  { persona: 'workshop_attendee', accounts: 24 },
  { persona: 'viral_sharer', accounts: 20 },
  { persona: 'company_seat', accounts: 30 },
  { persona: 'benchmark_researcher', accounts: 6 },
  { persona: 'eval_ci', accounts: 6 },
  { persona: 'judge_researcher', accounts: 3 },
  { persona: 'tutoring_app', accounts: 3 },
  { persona: 'support_app', accounts: 2 },
  { persona: 'writing_app', accounts: 2 },
  { persona: 'agent_app', accounts: 2 },
  { persona: 'translation_shop', accounts: 3 },
  { persona: 'labelling_shop', accounts: 3 },
  { persona: 'verified_business', accounts: 5 },
  { persona: 'dormant', accounts: 5 },
] as const;

const COUNTRY_W: readonly (readonly [Country, number])[] = [['US', 30], ['GB', 6], ['DE', 7], ['FR', 5], ['ES', 4], ['RU', 6], ['IN', 12], ['CN', 5], ['TW', 2], ['JP', 5], ['KR', 3], ['BR', 7], ['NG', 4], ['AU', 3]];
const personHours = curve([[7, 9, 0.4], [9, 12, 0.8], [12, 14, 1], [14, 18, 0.8], [18, 23, 1.2], [23, 24, 0.5], [0, 1, 0.3]], 1.1);
const officeHours = curve([[8, 9, 0.6], [9, 12, 1.6], [13, 18, 1.6], [18, 19, 0.4]], 0.05);
const homeworkHours = curve([[15, 18, 1], [19, 23, 1.6], [23, 24, 0.8], [0, 1, 0.5]], 1.2);

/** the viral role prompt: one public community prompt, the same for every copy (it is the same post) */
export function viralPrompt(c: Corpora): Item {
  const xs = c.all('awesome-chatgpt-prompts').filter((x) => x.prompt.length > 200 && x.prompt.length < 900);
  return xs[new Rng('v8-viral-post').int(xs.length)]!;
}
const VIRAL_DAY = 3;
const VIRAL_HOUR = 15.5;

const asTurns = (it: Item, r: Rng, lang: string, extra: number): Turn[] => {
  const first = it.turns && it.turns.length > 1 ? it.turns.slice(0, 4) : [it.prompt];
  const ts: Turn[] = first.map((u) => ({ user: u }));
  for (let i = 0; i < extra; i++) ts.push({ user: followUp(r, lang) });
  return ts;
};
const geo = (r: Rng, mean: number): number => { let k = 0; while (r.chance(mean / (1 + mean))) k++; return k; };
const playParams = (r: Rng): Record<string, unknown> | undefined => (r.chance(0.3) ? { temperature: r.pick([0.2, 0.7, 1]), max_tokens: r.pick([512, 1024, 4096]) } : undefined);

export interface Copy { actors: Actor[]; accounts: Account[] }

export function buildBenignCopy(seed: string, copy: number, c: Corpora, start: number, days: number): Copy {
  const R = new Rng(`${seed}/copy${copy}`);
  const P = `b${copy}`;
  const actors: Actor[] = [];
  const accounts: Account[] = [];
  const add = (a: Account) => { accounts.push(a); return a; };
  const id = (kind: string, i: number) => `${P}-${kind}-${hex(`${seed}/${copy}/${kind}/${i}`, 6)}`;

  // a person: one account, a task queue, their own hours and client
  const person = (persona: string, i: number, o: { country?: Country; created?: number; ip?: (t: number, r: Rng) => string; ua?: string; rate?: number; hours?: (h: number, wd: number) => number; kinds?: (r: Rng, t: number) => Task; run?: (task: Task, t: number, r: Rng, emit: Emit, ch: Chan) => number; acct?: Account; ch?: Partial<Chan> }) => {
    const r = R.fork(`${persona}/${i}`);
    const country = o.country ?? r.weighted(COUNTRY_W);
    const lang = COUNTRIES[country].lang === 'en' || r.chance(0.35) ? (COUNTRIES[country].lang === 'zh' || COUNTRIES[country].lang === 'ja' || COUNTRIES[country].lang === 'ru' ? COUNTRIES[country].lang : 'en') : COUNTRIES[country].lang;
    const home = homeLine(r, country);
    const mob = phone(r, country);
    const onPhone = r.chance(0.3);
    const ipf = o.ip ?? ((t: number, r2: Rng) => (onPhone && r2.chance(0.6) ? mob(t, r2) : home(t)));
    const a = o.acct ?? add(account(r, id(persona, i), persona, { created: o.created ?? agedCreated(r, start, 2, 900), country, signupIp: ipf(start, r), tier: r.pick(['free', 'free', 'tier-1', 'tier-2']) }));
    const ch: Chan = {
      accts: [a], ip: ipf, ua: o.ua ?? (onPhone ? r.pick([UA.iphone, UA.android])(r) : r.pick([UA.browserChrome, UA.browserMac])(r)), model: everyday, endpoint: 'chat.completions', lang,
      think: (r2) => r2.logn(45_000, 0.8), out: (r2) => Math.round(r2.logn(350, 0.8)), params: playParams, stream: r.chance(0.7), rpm: a.tier === 'free' ? 3 : 60, ...o.ch,
    };
    const tp = new TaskPerson(r, COUNTRIES[country].tz, r.range(0.8, 0.97));
    const rate = (o.rate ?? 1) * r.pareto(0.4, 1.8);
    const mkTask = o.kinds ?? ((r2: Rng, t: number): Task => ({ pri: r2.next(), born: t, deadline: r2.chance(0.2) ? t + r2.range(0.5, 4) * DAY : undefined, kind: 'ask', n: 0 }));
    const run = o.run ?? ((task: Task, t: number, r2: Rng, emit: Emit, ch2: Chan) => converse(r2, ch2, asTurns(benignAsk(c, r2, ch2.lang), r2, ch2.lang, geo(r2, 0.9)), t, emit));
    const actor: Actor & { ch: Chan; tp: TaskPerson } = {
      accounts: [a], ch, tp,
      day(d, ds, emit) {
        if (a.silent) return;
        const k = r.poisson(rate * (new Date(ds).getUTCDay() % 6 === 0 ? 0.8 : 1));
        for (let j = 0; j < k; j++) tp.add(mkTask(r, Math.max(a.created, ds + r.next() * DAY)));
        tp.day(Math.max(ds, a.created), o.hours ?? personHours, (task, t) => (t < a.created ? t : run(task, t, r, emit, ch)));
      },
    };
    actors.push(actor);
    return actor;
  };

  // individuals; a few adopt the viral prompt as their system prompt after the post
  for (let i = 0; i < 110; i++) person('individual', i, { rate: 1.5 });

  // developers: code questions, debugging loops that re-send one request, a tiny eval script now and then
  const devKinds = (r: Rng, t: number): Task => ({ pri: r.next(), born: t, kind: r.weighted([['code', 6], ['debug', 3], ['minieval', 1]]), n: 0, deadline: r.chance(0.3) ? t + r.range(1, 5) * DAY : undefined });
  for (let i = 0; i < 30; i++) {
    const r = R.fork(`dev-net/${i}`);
    const office = r.chance(0.4) ? zeroTrust(r.pick(['veilgate', 'shieldnet'] as const), r.pick(['fra', 'iad', 'sin', 'lon'] as const)) : undefined;
    const vps = hosts(r, r.pick(['hetzner', 'do', 'aws'] as const), 1)[0]!;
    person('developer', i, {
      ip: office, ua: r.pick([UA.py, UA.node, UA.curl, UA.langchain, UA.go, UA.litellm])(r), rate: 2.2, hours: officeHours, kinds: devKinds,
      ch: { stream: false, think: (r2) => r2.logn(90_000, 0.9), params: (r2) => ({ temperature: r2.pick([0, 0.2, 0.7]), max_tokens: r2.pick([256, 1024, 2048]), ...(r2.chance(0.15) ? { seed: r2.intIn(1, 99) } : {}) }) },
      run: (task, t, r2, emit, ch) => {
        const ipNow = r2.chance(0.15) ? () => vps : ch.ip;
        const c2 = { ...ch, ip: ipNow };
        if (task.kind === 'debug') {
          // the same request re-sent while fixing the code around it
          const it = r2.chance(0.5) ? r2.pick(c.where('conala-so-questions', '', 'en')) : r2.pick(c.all('codealpaca'));
          const extra = r2.chance(0.3) ? { logprobs: true, top_logprobs: r2.intIn(2, 5) } : r2.chance(0.2) ? { n: r2.intIn(2, 4) } : {};
          let tt = t;
          const reps = r2.intIn(2, 6);
          for (let j = 0; j < reps; j++) tt = converse(r2, { ...c2, params: () => ({ temperature: 0, max_tokens: 512, ...extra }) }, [{ user: it.prompt }], tt + r2.range(20_000, 240_000), emit);
          return tt;
        }
        if (task.kind === 'minieval') {
          const src = r2.pick([c.all('gsm8k'), c.all('mmlu-redux'), c.where('code-benchmarks', 'humaneval/python')]);
          let tt = t;
          for (const it of head(src, r2.intIn(10, 30))) tt = converse(r2, { ...c2, think: () => r2.range(300, 3000), params: () => ({ temperature: 0, max_tokens: 1024 }) }, [{ user: it.prompt }], tt, emit);
          return tt;
        }
        const it = r2.weighted([[() => r2.pick(c.where('conala-so-questions', '', 'en')), 3], [() => r2.pick(c.where('arena-hard', 'coding')), 2], [() => r2.pick(c.all('sharegpt-sample')), 2], [() => r2.pick(c.all('codealpaca')), 1]] as const)();
        return converse(r2, c2, asTurns(it, r2, 'en', geo(r2, 1.5)), t, emit);
      },
    });
  }

  // households: three accounts on one home line; the teenager's homework, re-sent from a parent's account after a 429
  for (let h = 0; h < 4; h++) {
    const r = R.fork(`home/${h}`);
    const country = r.weighted(COUNTRY_W);
    const line = homeLine(r, country);
    const card = `pm_${hex(`${seed}/${copy}/home/${h}`, 12)}`;
    const members = [0, 1, 2].map((m) => add(account(r, id('household', h * 3 + m), 'household', { created: agedCreated(r, start, 10, 700), country, signupIp: line(start), card: m < 2 || r.chance(0.5) ? card : `pm_${hex(`${seed}/${copy}/home/${h}/${m}`, 12)}` })));
    const ip = (t: number) => line(t);
    person('household', h * 3, { acct: members[0]!, country, ip, rate: 0.7 });
    person('household', h * 3 + 1, { acct: members[1]!, country, ip, rate: 0.5, ua: UA.iphone(r) });
    person('household', h * 3 + 2, {
      acct: members[2]!, country, ip, rate: 1.4, hours: homeworkHours, ua: UA.android(r),
      kinds: (r2, t) => ({ pri: r2.next(), born: t, deadline: t + r2.range(0.3, 2) * DAY, kind: 'homework', n: 0 }),
      ch: { neighbour: () => members[0], hop: 0.6, think: (r2) => r2.logn(10_000, 0.6) },
      run: (_task, t, r2, emit, ch) => {
        const probs = r2.sample(r2.chance(0.7) ? c.all('gsm8k') : c.where('math-competition', 'MATH'), r2.intIn(2, 6));
        const turns: Turn[] = probs.map((p) => ({ user: r2.chance(0.4) ? `${p.prompt}\nexplain step by step` : p.prompt }));
        return converse(r2, ch, turns, t, emit);
      },
    });
  }

  // a course: weekly assignment (the same prompt for every student), deadline Friday night; labs on Wednesday
  const course = courseParams(seed, copy, c, start);
  const students: Account[] = [];
  for (let i = 0; i < 36; i++) {
    const r = R.fork(`student/${i}`);
    students.push(add(account(r, id('course', i), 'course_student', { created: course.opens + r.range(0, 30) * HOUR, country: course.country, email: course.domain, signupIp: course.nat(start, r), tier: 'free' })));
  }
  for (let i = 0; i < 36; i++) {
    const a = students[i]!;
    const nb = students[i ^ 1];
    const r = R.fork(`student-net/${i}`);
    const home = homeLine(r, course.country);
    person('course_student', i, {
      acct: a, country: course.country, ua: course.ua, rate: 0.6, hours: homeworkHours,
      ip: (t, r2) => (isLab(t, course) ? course.nat(t, r2) : home(t)),
      ch: { neighbour: () => nb, hop: 0.45, params: () => ({ temperature: 0.2, max_tokens: 2048 }), stream: false, rpm: 2 },
      kinds: (r2, t) => ({ pri: r2.next(), born: t, kind: 'ask', n: 0 }),
    }).tp.queue.push(...assignmentTasks(course, days, start));
    const act = actors.at(-1) as Actor & { ch: Chan; tp: TaskPerson };
    const baseDay = act.day.bind(act);
    act.day = (d, ds, emit) => {
      // the Wednesday lab: everyone on the campus NAT sends the lab's prompts within two hours
      const wd = new Date(ds + course.tz * HOUR).getUTCDay();
      if (wd === 3 && ds + DAY > a.created) {
        let t = ds + (course.labHour - course.tz) * HOUR + r.range(0, 25) * MIN;
        for (const step of course.lab) t = converse(r, { ...act.ch, think: (r2) => r2.logn(60_000, 0.5) }, [{ user: step }], t + r.range(10_000, 200_000), emit);
      }
      const orig = act.tp.day.bind(act.tp);
      act.tp.day = (s, rate, run) => orig(s, rate, (task, t) => (task.kind === 'assignment' ? playAssignment(r, act.ch, course, task, t, emit) : run(task, t)));
      baseDay(d, ds, emit);
      act.tp.day = orig;
    };
  }

  // a workshop afternoon: sign-ups on the day, the venue's one address, six tutorial steps everyone sends, 429s hop to the neighbour's laptop
  {
    const r = R.fork('workshop');
    const wday = 1 + r.int(Math.max(1, days - 3));
    const country = r.weighted(COUNTRY_W);
    const tz = COUNTRIES[country].tz;
    const t0 = start + wday * DAY + (14 - tz) * HOUR;
    const venue4 = `${r.pick(COUNTRIES[country].isp)}.${r.intIn(1, 254)}.${r.intIn(1, 254)}`;
    const venue6 = `2a0e:${hex(`${seed}/${copy}/venue`, 4)}:${r.intIn(1, 4095).toString(16)}:1`;
    const venue = (_t: number, r2: Rng) => (r2.chance(0.4) ? `${venue6}:${hex(String(r2.next()), 4)}:${hex(String(r2.next()), 4)}:${hex(String(r2.next()), 4)}:${hex(String(r2.next()), 4)}` : venue4);
    const steps = workshopSteps(c, copy);
    const ws: Account[] = [];
    for (let i = 0; i < 24; i++) {
      const ri = r.fork(i);
      ws.push(add(account(ri, id('workshop', i), 'workshop_attendee', { created: t0 - ri.range(0.2, 20) * HOUR, country, signupIp: venue4, tier: 'free' })));
    }
    for (let i = 0; i < 24; i++) {
      const a = ws[i]!;
      const nb = ws[i ^ 1]!;
      const ri = r.fork(`p${i}`);
      const keep = ri.chance(0.3);
      const act = person('workshop_attendee', i, { acct: a, country, rate: keep ? 0.5 : 0, ua: UA.py(ri), ch: { neighbour: () => nb, hop: 0.5, neighbourUa: UA.py(ri), stream: false, rpm: 2, params: () => ({ temperature: 0, seed: 1234, max_tokens: 800 }) } });
      const baseDay = act.day.bind(act);
      act.day = (d, ds, emit) => {
        if (d === wday) {
          let t = t0 + ri.range(0, 20) * MIN;
          for (const s of steps) {
            const reps = ri.weighted([[1, 3], [2, 3], [3, 2], [4, 1]]);
            for (let k = 0; k < reps; k++) t = converse(ri, { ...act.ch, ip: venue, system: s.system }, [{ user: s.user }], t + (k ? ri.range(2_000, 15_000) : ri.range(15_000, 240_000)), emit);
            t += ri.range(5, 18) * MIN;
          }
        }
        if (d > wday) baseDay(d, ds, emit);
      };
    }
  }

  // the viral prompt's crowd: couples on one home line who paste the post's prompt within hours, regenerate it, then ask their own things
  {
    const vp = viralPrompt(c);
    for (let k = 0; k < 10; k++) {
      const r = R.fork(`viral/${k}`);
      const country = r.weighted(COUNTRY_W);
      const line = homeLine(r, country);
      const pair = [0, 1].map((m) => add(account(r, id('viral', k * 2 + m), 'viral_sharer', { created: agedCreated(r, start, 5, 500), country, signupIp: line(start), tier: 'free' })));
      for (let m = 0; m < 2; m++) {
        const a = pair[m]!;
        const rm = r.fork(m);
        const seen = start + VIRAL_DAY * DAY + VIRAL_HOUR * HOUR + rm.logn(5, 1.1) * HOUR;
        const act = person('viral_sharer', k * 2 + m, { acct: a, country, ip: (t) => line(t), rate: 0.6, ch: { neighbour: () => pair[1 - m], hop: 0.4 } });
        const baseDay = act.day.bind(act);
        act.day = (d, ds, emit) => {
          baseDay(d, ds, emit);
          if (seen >= ds && seen < ds + DAY) {
            let t = seen;
            const regen = rm.intIn(1, 4);
            for (let j = 0; j < regen; j++) t = converse(rm, { ...act.ch, think: (r2) => r2.range(3_000, 20_000) }, [{ user: vp.prompt }], t + rm.range(2_000, 15_000), emit);
            t = converse(rm, { ...act.ch, system: vp.prompt }, asTurns(benignAsk(c, rm, act.ch.lang), rm, act.ch.lang, geo(rm, 1)), t + rm.range(1, 30) * MIN, emit);
          }
        };
      }
    }
  }

  // a company: 30 seats of one verified org behind a zero-trust vendor's POP (shared with every other customer), an internal template
  {
    const r = R.fork('company');
    const country = r.pick(['US', 'GB', 'DE', 'FR', 'IN', 'JP'] as const);
    const vendor = r.pick(['veilgate', 'shieldnet'] as const);
    const pop = ({ US: 'iad', GB: 'lon', DE: 'fra', FR: 'fra', IN: 'sin', JP: 'sin' } as const)[country];
    const egress = zeroTrust(vendor, pop);
    const org = `org-${hex(`${seed}/${copy}/company`, 8)}`;
    const name = r.pick(['Halvorsen Freight', 'Quillon Insurance', 'Brightmoor Health', 'Tessaly Retail', 'Ostrava Components', 'Mirabel Media']);
    const domain = `${name.split(' ')[0]!.toLowerCase()}-${hex(org, 4)}.com`;
    const card = `pm_${hex(`${org}/card`, 12)}`;
    const system = `You are ${name}'s internal assistant. Answer for employees only. Follow the ${name} writing guide: plain words, short paragraphs, no speculation about customers. If a question needs Legal, say so.`;
    const tmpl = r.pick(['Summarise this for the weekly ops report (max 5 bullets):\n\n', 'Draft a reply to this customer message in our house style:\n\n', 'Turn these notes into action items with owners:\n\n']);
    const rollout = start + r.intIn(0, 2) * DAY;
    for (let i = 0; i < 30; i++) {
      const ri = r.fork(i);
      const a = add(account(ri, id('seat', i), 'company_seat', { created: rollout + ri.range(0, 48) * HOUR, org, country, email: domain, card, verified: true, tier: 'tier-4', keys: keysFor(id('seat', i), 1), signupIp: egress(0, ri) }));
      person('company_seat', i, {
        acct: a, country, ip: egress, ua: 'HalcyonChat-Internal/3.2 (+electron)', rate: 2.5, hours: officeHours,
        ch: { system, stream: true, rpm: 200, params: () => ({ temperature: 0.3, max_tokens: 1500 }) },
        run: (_task, t, r2, emit, ch) => {
          const src = r2.pick(c.all(r2.pick(['sharegpt-sample', 'alpaca-eval', 'self-instruct-user-oriented', 'oasst-prompts'])));
          const turns: Turn[] = r2.chance(0.6) ? [{ user: tmpl + src.prompt }] : [{ user: src.prompt }];
          for (let j = geo(r2, 0.7); j > 0; j--) turns.push({ user: followUp(r2, 'en') });
          return converse(r2, ch, turns, t, emit);
        },
      });
    }
  }

  // benchmark researchers: the first N items of public benchmarks, temperature 0, a seed, one to three models, worker pools with back-off
  {
    const campusIp = campus(R.fork('lab-campus'));
    for (let i = 0; i < 6; i++) {
      const r = R.fork(`researcher/${i}`);
      const a = add(account(r, id('bench', i), 'benchmark_researcher', { created: agedCreated(r, start, 30, 800), country: r.pick(['US', 'GB', 'DE', 'CN', 'KR'] as const), email: r.pick(['cs.university.edu', 'inf.ethz.ch', 'mails.tsinghua.edu.cn', 'kaist.ac.kr', 'ox.ac.uk']), tier: 'tier-3', keys: keysFor(id('bench', i), 2), signupIp: campusIp(0, r) }));
      const ua = r.pick([UA.lmeval, UA.helm, UA.py, UA.aiohttp])(r);
      const lim = new Limiter(() => 60);
      const tp = new TaskPerson(r, COUNTRIES[a.country as Country].tz, 0.9);
      const runs: Job[] = [];
      actors.push({
        accounts: [a],
        day(d, ds, emit) {
          if (r.chance(0.5)) tp.add({ pri: r.next(), born: ds + r.next() * DAY, deadline: r.chance(0.3) ? ds + r.range(2, 6) * DAY : undefined, kind: 'run', n: 0 });
          tp.day(ds, officeHours, (_task, t) => {
            const suite = r.pick([['gsm8k', c.all('gsm8k')], ['mmlu', c.all('mmlu-redux')], ['bbh', c.all('bbh')], ['math', c.where('math-competition', 'MATH')], ['humaneval', c.where('code-benchmarks', 'humaneval/python')]] as const);
            const items = head(suite[1], r.pick([50, 100, 200]));
            const models = r.sample([MODELS.mini, MODELS.pro, MODELS.ultra, MODELS.reason], r.intIn(1, 3));
            const sc = r.chance(0.25);
            const cot = r.chance(0.5) ? "Let's think step by step." : undefined;
            for (const m of models) for (const it of items) {
              const isMmlu = suite[0] === 'mmlu';
              runs.push({ steps: [{ build: () => ({ key: a.keys[0], ip: campusIp(t, r), ua, model: m, endpoint: 'chat.completions', system: cot, messages: [{ role: 'user', content: isMmlu ? `${it.prompt}\nAnswer:` : it.prompt }], params: { temperature: sc ? 0.8 : 0, seed: 0, max_tokens: isMmlu ? 1 : 1024, ...(isMmlu ? { logprobs: true, top_logprobs: 5 } : {}), ...(sc ? { n: 5 } : {}), ...(m === MODELS.reason ? { reasoning_effort: 'medium' } : {}) }, outTok: isMmlu ? 1 : Math.round(r.logn(300, 0.6)), lang: 'en' }) }] });
            }
            const end = drain({ r, accounts: [a], workers: r.intIn(4, 16), limiter: lim, gap: () => 0, hop: 0, backoffMs: 2_000 }, runs, t, t + 6 * HOUR, emit);
            runs.length = 0;
            return t + end * 4_000;
          });
        },
      });
    }
  }

  // CI pipelines: three products, each a staging and a prod account in one org; nightly and per push, a fixed suite that grows weekly; a 429 on one key is retried on the other
  for (let p = 0; p < 3; p++) {
    const r = R.fork(`ci/${p}`);
    const org = `org-${hex(`${seed}/${copy}/ci/${p}`, 8)}`;
    const pair = [0, 1].map((k) => add(account(r, id('ci', p * 2 + k), 'eval_ci', { created: agedCreated(r, start, 40, 400), org, email: `${r.pick(['lumen', 'corvid', 'parcel', 'stackly'])}-${hex(org, 3)}.io`, card: `pm_${hex(org, 12)}`, tier: 'tier-3', verified: r.chance(0.6), keys: keysFor(id('ci', p * 2 + k), 1) })));
    const pool = [...head(c.all('alpaca-eval'), 400), ...head(c.all('mt-bench-vicuna-bench'), 80), ...head(c.all('gsm8k'), 60)];
    const suite0 = r.sample(pool, 30);
    const system = r.pick(['You are Lumen, a concise product assistant.', 'You are the help assistant inside a project tracker. Be brief.', 'You answer questions about shipping and returns.']);
    const models = r.sample([MODELS.mini, MODELS.pro, MODELS.ultra], 2);
    const lim = new Limiter(() => 20);
    const ua = r.pick([UA.promptfoo, UA.node, UA.py])(r);
    const nightly = r.intIn(1, 3) * HOUR + r.intIn(0, 50) * MIN;
    const run = (t: number, emit: Emit, week: number) => {
      const suite = [...suite0, ...r.sample(pool, 4 * week)];
      const ip = ciRunner(r);
      const jobs: Job[] = [];
      for (const m of models) for (const it of suite) jobs.push({ steps: [{ build: (acct) => ({ key: acct.keys[0], ip, ua, model: m, endpoint: 'chat.completions', system, messages: [{ role: 'user', content: it.prompt }], params: { temperature: 0, seed: 42, max_tokens: 600 }, outTok: Math.round(r.logn(200, 0.5)), lang: 'en' }) }] });
      drain({ r, accounts: pair, workers: 3, limiter: lim, gap: () => 0, hop: 0.5, backoffMs: 1_500, assign: 'worker' }, jobs, t, t + 2 * HOUR, emit);
    };
    actors.push({
      accounts: pair,
      day(d, ds, emit) {
        const wd = new Date(ds).getUTCDay();
        const week = Math.floor(d / 7);
        if (p !== 2 || wd === 1) run(ds + nightly, emit, week);
        if (wd >= 1 && wd <= 5) for (let k = r.poisson(2.5); k > 0; k--) run(ds + r.range(8, 18) * HOUR, emit, week);
      },
    });
  }

  // judge suites: public judge templates rendered over public questions, re-run for each new candidate model
  for (let i = 0; i < 3; i++) {
    const r = R.fork(`judge/${i}`);
    const a = add(account(r, id('judge', i), 'judge_researcher', { created: agedCreated(r, start, 60, 600), email: r.pick(['stanford.edu', 'cmu.edu', 'lmu.de']), tier: 'tier-3', keys: keysFor(id('judge', i), 1), country: 'US' }));
    const ips = hosts(r, 'gcp', 2);
    const items = head(c.all('llm-judge-prompts'), r.pick([80, 160, 240]));
    const lim = new Limiter(() => 50);
    actors.push({
      accounts: [a],
      day(d, ds, emit) {
        if (!r.chance(0.35)) return;
        const t = ds + r.range(14, 22) * HOUR;
        const jobs: Job[] = items.map((it) => ({ steps: [{ build: () => ({ key: a.keys[0], ip: r.pick(ips), ua: UA.py(r), model: MODELS.pro, endpoint: 'chat.completions', system: 'Please act as an impartial judge and evaluate the responses.', messages: [{ role: 'user' as const, content: it.prompt }], params: { temperature: 0, max_tokens: 1024, ...(r.chance(0.2) ? { n: 3 } : {}) }, outTok: Math.round(r.logn(250, 0.5)), lang: 'en' }) }] }));
        drain({ r, accounts: [a], workers: 8, limiter: lim, gap: () => r.range(100, 900), hop: 0, backoffMs: 3_000 }, jobs, t, t + 8 * HOUR, emit);
      },
    });
  }

  // apps: each end user is a task person in the app's market; the app's accounts carry them all
  const app = (persona: string, n: number, users: number, o: { system: string; ua: string; tools?: string[]; market: Country[]; turns: (r: Rng) => Turn[]; rate: number; hours?: (h: number, wd: number) => number; cloud: 'aws' | 'gcp' | 'azure' | 'vultr' }) => {
    const r = R.fork(`app/${persona}`);
    const org = `org-${hex(`${seed}/${copy}/${persona}`, 8)}`;
    const accts = Array.from({ length: n }, (_, k) => add(account(r, id(persona, k), persona, { created: agedCreated(r, start, 90, 700), org, email: `${persona.split('_')[0]}-${hex(org, 4)}.app`, card: `pm_${hex(org, 12)}`, verified: true, tier: 'tier-5', keys: keysFor(id(persona, k), 2), country: o.market[0] })));
    const ips = hosts(r, o.cloud, 3);
    const ch: Chan = { accts, ip: (_t, r2) => r2.pick(ips), ua: o.ua, model: () => MODELS.mini, endpoint: 'chat.completions', system: o.system, tools: o.tools, lang: 'en', stream: true, think: (r2) => r2.logn(40_000, 0.7), out: (r2) => Math.round(r2.logn(220, 0.6)), params: () => ({ temperature: 0.5, max_tokens: 800 }) };
    const people = Array.from({ length: users }, (_, u) => ({ tp: new TaskPerson(r.fork(`u${u}`), COUNTRIES[o.market[u % o.market.length]!].tz, 0.9), rate: r.pareto(o.rate, 2) }));
    actors.push({
      accounts: accts,
      day(_d, ds, emit) {
        for (const u of people) {
          const ru = u.tp.r;
          for (let k = ru.poisson(u.rate); k > 0; k--) u.tp.add({ pri: ru.next(), born: ds + ru.next() * DAY, deadline: ru.chance(0.4) ? ds + ru.range(0.2, 2) * DAY : undefined, kind: 'x', n: 0 });
          u.tp.day(ds, o.hours ?? personHours, (_task, t) => converse(ru, ch, o.turns(ru), t, emit));
        }
      },
    });
  };
  app('tutoring_app', 3, 90, {
    system: 'You are Pip, a patient maths tutor for ages 11-16. Never give the final answer straight away; guide with questions and hints.', ua: UA.node(R), market: ['US', 'GB', 'IN'], rate: 0.25, hours: homeworkHours, cloud: 'aws',
    turns: (r) => { const p = r.chance(0.7) ? r.pick(c.all('gsm8k')) : r.pick(c.where('math-competition', 'MATH')); const ts: Turn[] = [{ user: p.prompt }]; for (let k = geo(r, 2); k > 0; k--) ts.push({ user: r.pick(['can I get a hint', 'i got 42 is that right?', 'why do we divide there', 'ok what next', 'explain like im 12', 'check my working: ' + r.intIn(2, 999)]) }); return ts; },
  });
  app('support_app', 2, 120, {
    system: 'You are the support assistant for Northwind Mobile. Use the tools to look up orders and plans. Hand off to a human when the customer asks.', ua: UA.go(R), market: ['US', 'BR', 'ES'], rate: 0.15, cloud: 'azure', tools: ['lookup_order', 'lookup_plan', 'create_ticket', 'handoff_to_human'],
    turns: (r) => { const g = r.pick(c.where('tool-use-agentic', 'tau-bench')); const first = g.prompt.split(/(?<=[.!?])\s/).slice(0, 2).join(' '); return [{ user: first }, { toolCall: true }, { toolResults: [`{"status":"ok","id":"${r.intIn(10000, 99999)}"}`] }, { user: r.pick(['ok thanks', 'and when will it arrive?', 'can I talk to a person', 'that is wrong, I never ordered that']) }]; },
  });
  app('writing_app', 2, 120, {
    system: 'Rewrite the user text as asked. Keep the meaning. Return only the rewritten text.', ua: UA.deno(R), market: ['US', 'DE', 'FR', 'GB'], rate: 0.3, hours: officeHours, cloud: 'gcp',
    turns: (r) => { const src = r.pick(c.all(r.pick(['sharegpt-sample', 'oasst-prompts', 'alpaca-eval']))); return [{ user: `${r.pick(['Make this friendlier', 'Fix grammar only', 'Shorten to 50 words', 'More formal'])}:\n\n${src.prompt}` }, ...(r.chance(0.3) ? [{ user: 'shorter' }] : [])]; },
  });
  app('agent_app', 2, 40, {
    system: 'You are Forge, a coding agent. Plan, then use tools to read, edit and test the repository. Keep tool calls minimal.', ua: UA.node(R), market: ['US', 'DE', 'IN', 'JP'], rate: 0.6, hours: officeHours, cloud: 'vultr', tools: ['read_file', 'edit_file', 'run_tests', 'search_repo', 'shell'],
    turns: (r) => { const it = r.chance(0.5) ? r.pick(c.where('conala-so-questions', '', 'en')) : r.pick(c.all('codealpaca')); const ts: Turn[] = [{ user: it.prompt }]; for (let k = r.intIn(2, 7); k > 0; k--) { ts.push({ toolCall: true }); ts.push({ toolResults: [r.pick(['ok', '3 passed, 1 failed', 'file not found', `${r.intIn(1, 40)} matches`])] }); } return ts; },
  });

  // shops: a translation office and a data-labelling shop, office hours, fast pace
  for (let i = 0; i < 3; i++) {
    const r = R.fork(`translate/${i}`);
    const country = r.pick(['DE', 'FR', 'ES', 'JP'] as const);
    const line = homeLine(r, country);
    const a = add(account(r, id('translate', i), 'translation_shop', { created: agedCreated(r, start, 100, 900), country, tier: 'tier-3', email: `uebersetzung-${hex(`${seed}/${copy}/tr/${i}`, 4)}.de`, keys: keysFor(id('translate', i), 1) }));
    const glossary = `You are a professional translator. Translate into ${({ DE: 'German', FR: 'French', ES: 'Spanish', JP: 'Japanese' } as const)[country]}. Use this glossary: invoice=${r.pick(['Rechnung', 'facture', 'factura', '請求書'])}; keep tags like <b> unchanged.`;
    const lim = new Limiter(() => 120);
    actors.push({
      accounts: [a],
      day(_d, ds, emit) {
        const wd = new Date(ds).getUTCDay();
        if (wd === 0 || wd === 6) return;
        const t = ds + ((8.5 - COUNTRIES[country].tz + 24) % 24) * HOUR + r.range(0, 1) * HOUR;
        const segs = r.sample([...c.where('multilingual-chat', 'belle'), ...c.all('wildchat-hard-ru'), ...c.where('conala-so-questions', '', 'ja')], r.intIn(60, 220));
        const jobs: Job[] = segs.map((s) => ({ steps: [{ build: () => ({ key: a.keys[0], ip: line(t), ua: 'MemoQ-LLM-Connector/11.2', model: MODELS.pro, endpoint: 'chat.completions', system: glossary, messages: [{ role: 'user' as const, content: s.prompt.slice(0, 900) }], params: { temperature: 0.3, max_tokens: 1200 }, outTok: Math.round(r.logn(180, 0.5)), lang: 'en' }) }] }));
        drain({ r, accounts: [a], workers: 1, limiter: lim, gap: (r2) => r2.logn(60_000, 0.6), hop: 0, backoffMs: 5_000 }, jobs, t, t + 9 * HOUR, emit);
      },
    });
  }
  for (let i = 0; i < 3; i++) {
    const r = R.fork(`label/${i}`);
    const ip = hosts(r, 'aws', 1)[0]!;
    const a = add(account(r, id('label', i), 'labelling_shop', { created: agedCreated(r, start, 60, 500), country: r.pick(['IN', 'NG', 'US'] as const), tier: 'tier-4', verified: true, keys: keysFor(id('label', i), 1) }));
    const labels = r.pick([['safe', 'unsafe'], ['positive', 'negative', 'neutral'], ['question', 'request', 'complaint', 'other']]);
    const lim = new Limiter(() => 300);
    actors.push({
      accounts: [a],
      day(_d, ds, emit) {
        if (new Date(ds).getUTCDay() % 6 === 0) return;
        const t = ds + ((9 - COUNTRIES[a.country as Country].tz + 24) % 24) * HOUR;
        const items = r.sample([...c.all('hh-rlhf-harmless-test'), ...c.all('oasst-prompts')], r.intIn(200, 500));
        const jobs: Job[] = items.map((it) => ({ steps: [{ build: () => ({ key: a.keys[0], ip, ua: UA.aiohttp(r), model: MODELS.mini, endpoint: 'chat.completions', system: `Label the text with exactly one of: ${labels.join(', ')}. Reply with the label only.`, messages: [{ role: 'user' as const, content: it.prompt.slice(0, 1200) }], params: { temperature: 0, max_tokens: r.intIn(1, 3), logprobs: true, top_logprobs: r.intIn(2, 5), logit_bias: Object.fromEntries(labels.map((_, k) => [String(9000 + 17 * k), 5])) }, outTok: 1, lang: 'en' }) }] }));
        drain({ r, accounts: [a], workers: 4, limiter: lim, gap: (r2) => r2.range(200, 3000), hop: 0, backoffMs: 1_000 }, jobs, t, t + 8 * HOUR, emit);
      },
    });
  }

  // verified businesses: product back ends with steady diurnal traffic; one keeps no content
  for (let i = 0; i < 5; i++) {
    const r = R.fork(`biz/${i}`);
    const org = `org-${hex(`${seed}/${copy}/biz/${i}`, 8)}`;
    const a = add(account(r, id('biz', i), 'verified_business', { created: agedCreated(r, start, 120, 1000), org, verified: true, tier: 'tier-5', email: `${r.pick(['acme', 'globex', 'initech', 'umbrella', 'hooli'])}-${hex(org, 4)}.com`, card: `pm_${hex(org, 12)}`, keys: keysFor(id('biz', i), 3), country: r.pick(['US', 'DE', 'JP', 'GB'] as const) }));
    const ips = hosts(r, r.pick(['aws', 'gcp', 'azure'] as const), 2);
    const src = r.pick(['nq-open-queries', 'webquestions', 'self-instruct-user-oriented', 'alpaca-eval', 'sharegpt-sample']);
    const system = r.pick(['You answer product questions for a home-appliance brand.', 'Summarise the listing for a marketplace card.', 'You are a travel booking helper.', 'Classify and answer HR policy questions.', 'Write alt text for product images from the description.']);
    const noContent = i === 0;
    const lim = new Limiter(() => 500);
    const ua = r.pick([UA.py, UA.node, UA.go])(r);
    actors.push({
      accounts: [a],
      day(_d, ds, emit) {
        for (let h = 0; h < 24; h++) {
          const local = (h + COUNTRIES[a.country as Country].tz + 24) % 24;
          const n = r.poisson(local >= 8 && local < 22 ? 9 : 2);
          const jobs: Job[] = Array.from({ length: n }, () => { const it = r.pick(c.all(src)); return { steps: [{ build: (acct) => ({ key: r.pick(acct.keys), ip: r.pick(ips), ua, model: MODELS.mini, endpoint: 'chat.completions', system, messages: [{ role: 'user' as const, content: it.prompt }], params: { temperature: 0.4, max_tokens: 700 }, outTok: Math.round(r.logn(200, 0.5)), noContent, lang: 'en' }) }] }; });
          drain({ r, accounts: [a], workers: 3, limiter: lim, gap: (r2) => r2.exp(HOUR / Math.max(1, n) * 2), hop: 0, backoffMs: 1_000 }, jobs, ds + h * HOUR, ds + (h + 1) * HOUR, emit);
        }
      },
    });
  }

  for (let i = 0; i < 5; i++) {
    const r = R.fork(`dormant/${i}`);
    add({ ...account(r, id('dormant', i), 'dormant', { created: agedCreated(r, start, 1, 300) }), silent: true });
  }
  return { actors, accounts };
}

export interface Course { opens: number; country: Country; tz: number; domain: string; ua: string; nat: (t: number, r: Rng) => string; labHour: number; lab: string[]; assignments: { due: number; born: number; prompt: string; problems: string[] }[] }

/** the course of copy `copy` (also read by the campaign that hides inside copy 0's course) */
export function courseParams(seed: string, copy: number, c: Corpora, start: number): Course {
  const r = new Rng(`${seed}/course/${copy}`);
  const country = r.pick(['US', 'GB', 'DE', 'IN', 'KR', 'AU'] as const);
  const tz = COUNTRIES[country].tz;
  const nat = campus(r);
  const uni = r.pick(['northfield', 'lakemont', 'ridgeway', 'kestrel', 'harwick', 'saltmarsh']);
  const bbhTask = r.pick([...new Set(c.all('bbh').map((x) => x.category))]);
  const lab = head(c.where('bbh', bbhTask), 40).filter((_, i) => i % 7 === 0).slice(0, 5).map((x) => `Lab ${copy % 9 + 2} (${uni}): ${x.prompt}`);
  const assignments = [0, 7].map((off, k) => {
    const born = start + off * DAY + (9 - tz) * HOUR;
    const due = born + 4 * DAY + 14 * HOUR;
    const problems = r.sample(c.where('math-competition', 'MATH'), 6).map((x) => x.prompt);
    return { born, due, prompt: `Problem set ${k + 1}, ${uni.toUpperCase()} MATH 2${r.intIn(10, 99)}: work each problem and show your steps. Problem 1: ${problems[0]}`, problems };
  });
  return { opens: start - r.range(1, 4) * DAY, country, tz, domain: `${uni}.edu`, ua: UA.py(r), nat, labHour: 14, lab, assignments };
}
const isLab = (t: number, co: Course) => { const d = new Date(t + co.tz * HOUR); return d.getUTCDay() === 3 && d.getUTCHours() >= co.labHour && d.getUTCHours() < co.labHour + 3; };
const assignmentTasks = (co: Course, days: number, start: number): Task[] => co.assignments.filter((a) => a.born < start + days * DAY).map((a, k) => ({ pri: 0.3, born: a.born, deadline: a.due, kind: 'assignment', n: k }));
function playAssignment(r: Rng, ch: Chan, co: Course, task: Task, t: number, emit: Emit): number {
  const a = co.assignments[task.n]!;
  // the shared prompt verbatim first, then the rest of the problems in the student's own words or pasted
  const turns: Turn[] = [{ user: a.prompt }, ...a.problems.slice(1).filter(() => r.chance(0.8)).map((p) => ({ user: r.chance(0.6) ? p : `next one: ${p}` }))];
  return converse(r, { ...ch, think: (r2) => r2.logn(9_000, 0.7) }, turns, t, emit);
}

function workshopSteps(c: Corpora, copy: number): { system: string; user: string }[] {
  const r = new Rng(`v8-workshop-steps/${copy % 4}`);
  const web = r.sample(c.where('tool-use-agentic', 'webarena'), 3);
  const sys = 'You are a helpful assistant in the "Build your first LLM app" workshop.';
  return [
    { system: sys, user: 'Say hello and tell me one fun fact about octopuses.' },
    { system: sys, user: 'Return a JSON object with keys "city" and "country" for: I live in Lyon.' },
    ...web.map((w) => ({ system: `${sys} You can browse. Explain which page you would open first.`, user: w.prompt })),
    { system: sys, user: 'Summarise the following in one sentence: Large language models predict the next token given the previous ones.' },
  ];
}
