/**
 * heldout/v7's benign population: one base mix, copied whole for ×3, ×10, ×30
 * (each copy from its own seed: its own course, hackathon, company, apps,
 * shops, homes and people). Every person or end user is a Markov-modulated
 * Poisson process (model.ts); communities adopt things by word of mouth.
 */
import type { Rng } from './rng.js';
import type { Corpora, Item } from './corpora.js';
import { MIN, HOUR, DAY, CURVES, Aimd, cascade, mmppDay, smallWorld, type Account, type Actor, type Emit, type MmppProfile, type MmppState } from './model.js';
import { account, card, coinage, mailFor, orgId, MODELS, RELEASE_DAY } from './accounts.js';
import { COUNTRIES, UA, cloudAddr, countryOf, home, homeAddr, mobileAddr, type Country, type Home } from './net.js';
import { PEOPLE_FOLLOWUPS, buttonThink, converse, readerThink, type Base } from './talk.js';
import { chatPool, codePool, draw, homework, type Pool } from './pools.js';

export interface Copy { rng: Rng; corpora: Corpora; start: number; days: number; copy: number }
export interface Built { accounts: Account[]; actors: Actor[]; course?: Crowd; company?: Company }

/** The base mix: accounts per persona in one copy (×N worlds hold N copies). */
export const BASE_UNITS: readonly { persona: string; accounts: number }[] = [
  { persona: 'individual', accounts: 140 }, { persona: 'developer', accounts: 30 }, { persona: 'household', accounts: 12 },
  { persona: 'course_student', accounts: 30 }, { persona: 'hackathon', accounts: 40 }, { persona: 'company_seat', accounts: 40 },
  { persona: 'community_bot', accounts: 2 }, { persona: 'tutoring_app', accounts: 3 }, { persona: 'support_app', accounts: 2 },
  { persona: 'writing_app', accounts: 2 }, { persona: 'benchmark_researcher', accounts: 6 }, { persona: 'eval_ci', accounts: 5 },
  { persona: 'translation_shop', accounts: 4 }, { persona: 'labelling_shop', accounts: 4 }, { persona: 'verified_business', accounts: 6 },
  { persona: 'dormant', accounts: 5 },
];

/** A popular open-source agent framework's default prompt: the same words in every course, hackathon and adopter. */
export const FRAMEWORK_PROMPT = 'You are an autonomous agent built with Relay Agents. Think about the user objective, decide which tool moves it forward, call it with valid JSON arguments, observe the result and repeat until the objective is complete. When you are done, reply with FINAL ANSWER followed by the answer.';
export const FRAMEWORK_TOOLS = ['web_search', 'browse_page', 'python_exec', 'read_file', 'write_file'];
const BOT_PROMPT = 'You are Quill, a friendly Discord assistant. Keep replies under 1800 characters, use Discord markdown, never ping @everyone, and say so when you are unsure.';
const FOLLOW_P = 0.45;

const weekday = (t: number, offsetMin: number) => new Date(t + offsetMin * MIN).getUTCDay();
const localHour = (t: number, offsetMin: number) => new Date(t + offsetMin * MIN).getUTCHours();

function turnsOf(rng: Rng, it: Item, lang: string, follow = FOLLOW_P): string[] {
  if (it.turns && it.turns.length > 1) return it.turns.slice(0, 6);
  const ts = [it.prompt];
  const fu = PEOPLE_FOLLOWUPS[lang] ?? PEOPLE_FOLLOWUPS.en!;
  while (ts.length < 6 && rng.chance(follow)) ts.push(rng.pick(fu));
  return ts;
}

const PERSON: MmppProfile = { curve: CURVES.evening, wake: 0.5, sleep: 1.6, absorb: 0.5, release: 2.2, rateAround: 0.35, rateAbsorbed: 3 };

interface PersonCfg {
  acct: Account; rng: Rng; prof: MmppProfile; offset: number; addr: (r: Rng) => string; ua: string; endpoint: string; lang: string;
  pick: (r: Rng, t: number, absorbed: boolean) => { turns: string[]; system?: string; params?: Record<string, unknown>; model?: string; tools?: string[]; toolCalls?: number };
  think: (r: Rng, prev: number) => number; outTok: (r: Rng, turn: number) => number;
  life?: (d: number) => number; newModelAt?: number; baseModel?: string; fail?: number; limited?: number;
}
/** One person on one account: MMPP conversation starts, each unrolled by `converse`. */
class Person implements Actor {
  private st: MmppState = { s: 0 };
  constructor(private c: PersonCfg) {}
  day(d: number, ds: number, emit: Emit): void {
    const c = this.c;
    const sc = c.life ? c.life(d) : 1;
    if (sc <= 0) return;
    const rng = c.rng.fork(d);
    for (const a of mmppDay(rng, c.prof, this.st, ds, c.offset, sc)) {
      if (a.t < c.acct.created_at) continue;
      const p = c.pick(rng, a.t, a.absorbed);
      const model = p.model ?? (c.newModelAt !== undefined && a.t > c.newModelAt && a.t > RELEASE_DAY * DAY ? MODELS.next : c.baseModel ?? MODELS.large);
      const params = { ...p.params, ...(p.tools ? { tools: p.tools } : {}) };
      const b: Base = { acct: c.acct, key: rng.pick(c.acct.api_keys), ip: c.addr(rng), ua: c.ua, model, endpoint: c.endpoint, system: p.system, params, lang: c.lang };
      converse(rng, b, p.turns, a.t, { think: c.think, outTok: c.outTok, fail: c.fail ?? 0.003, limited: c.limited, tools: p.toolCalls ? { calls: p.toolCalls } : undefined }, emit);
    }
  }
}

const chatOut = (r: Rng) => r.logNormal(380, 0.8);
const sdkFor = (r: Rng): [string, string] => r.weighted([[[UA.pyOpenai(r), 'chat.completions'], 3], [[UA.pyAnthropic(r), 'messages'], 3], [[UA.jsOpenai(r), 'chat.completions'], 1.5], [[UA.jsAnthropic(r), 'messages'], 1], [[UA.pyOpenai(r), 'responses'], 0.7], [[UA.curl(r), 'messages'], 0.4], [[UA.litellm(r), 'chat.completions'], 0.5]] as [[string, string], number][]);

/** Builds one copy of the base mix. */
export function buildCopy(w: Copy): Built {
  const out: Built = { accounts: [], actors: [] };
  const { corpora: cp, start, days } = w;
  const R = (k: string) => w.rng.fork(k);
  const add = (a: Account, actor?: Actor) => { out.accounts.push(a); if (actor) out.actors.push(actor); };

  // Word of mouth among the copy's ordinary people: two viral role prompts and the new model.
  const nPeople = 140 + 30;
  const g = smallWorld(R('graph'), nPeople, 3, 0.15);
  const roles = cp.get('awesome-chatgpt-prompts');
  const memes = [0, 1].map((i) => ({ system: roles[(w.copy * 7 + i * 311 + 40) % roles.length]!.prompt, at: cascade(R(`meme${i}`), g, [[R(`ms${i}`).int(0, nPeople - 1), R(`md${i}`).int(0, 4)]], 0.22, days) }));
  const fw = cascade(R('fw'), g, [[R('fws').int(0, nPeople - 1), 2]], 0.18, days);
  const adopt = cascade(R('next'), g, [[R('n1').int(0, nPeople - 1), RELEASE_DAY], [R('n2').int(0, nPeople - 1), RELEASE_DAY], [R('n3').int(0, nPeople - 1), RELEASE_DAY + 1]], 0.3, days);

  // individuals
  for (let i = 0; i < 140; i++) {
    const r = R(`ind${i}`);
    const country = r.weighted(COUNTRIES.map((c) => [c, c.cc === 'US' ? 3 : c.cc === 'GB' || c.cc === 'IN' ? 1.5 : 1] as [Country, number]));
    const lang = country.lang === 'en' || r.chance(0.75) ? country.lang : 'en';
    const h = home(r, country);
    const mobile = r.chance(0.25);
    const acct = account(r, { persona: 'individual', created_at: start - r.int(1, 700) * DAY, email_domain: mailFor(r, lang), signup_ip: h.v4, country: country.cc, tier: r.pick(['free', 'tier-1', 'tier-1', 'tier-2']) });
    const [sdkUa, sdkEp] = sdkFor(r);
    const browser = r.chance(0.6);
    const pool = chatPool(cp, lang);
    const m = memes.map((x) => x.at[i]!);
    const prof: MmppProfile = { ...PERSON, curve: r.chance(0.2) ? CURVES.owl : CURVES.evening, wake: r.logNormal(0.25, 0.8), rateAround: r.logNormal(0.3, 0.6) };
    add(acct, new Person({
      acct, rng: r, prof, offset: country.offsetMin, lang, addr: (q) => (mobile && q.chance(0.5) ? mobileAddr(q, country) : homeAddr(q, h)),
      ua: browser ? UA.browser(r) : sdkUa, endpoint: browser ? r.pick(['messages', 'chat.completions']) : sdkEp,
      pick: (q, t) => {
        const meme = m.findIndex((at) => at < t - start);
        const system = meme >= 0 && q.chance(0.4) ? memes[meme]!.system : undefined;
        return { turns: turnsOf(q, draw(q, pool), lang), system, params: browser ? { stream: true, ...(q.chance(0.3) ? { temperature: 0.7 } : {}) } : { max_tokens: q.pick([1024, 2048, 4096]) } };
      },
      think: readerThink(r.int(150, 320)), outTok: chatOut, newModelAt: start + adopt[i]!,
    }));
  }

  // developers
  for (let i = 0; i < 30; i++) {
    const r = R(`dev${i}`);
    const country = r.pick(COUNTRIES);
    const h = home(r, country);
    const acct = account(r, { persona: 'developer', created_at: start - r.int(20, 900) * DAY, email_domain: r.chance(0.5) ? 'gmail.com' : `${coinage(r)}.dev`, signup_ip: h.v4, country: country.cc, tier: r.pick(['tier-2', 'tier-3', 'tier-4']), keys: r.int(1, 4) });
    const [ua, ep] = sdkFor(r);
    const pool = codePool(cp);
    const usesFw = fw[140 + i]!;
    const prof: MmppProfile = { ...PERSON, curve: r.chance(0.5) ? CURVES.office : CURVES.owl, wake: r.logNormal(0.6, 0.6), rateAround: r.logNormal(0.8, 0.5), rateAbsorbed: r.logNormal(6, 0.4) };
    add(acct, new Person({
      acct, rng: r, prof, offset: country.offsetMin, lang: 'en', addr: (q) => (q.chance(0.12) ? cloudAddr(q, q.pick(['aws', 'gcp', 'hetzner', 'digitalocean'] as const)) : homeAddr(q, h, 0.5)), ua, endpoint: ep,
      pick: (q, t) => {
        const it = draw(q, pool);
        const params: Record<string, unknown> = { max_tokens: q.pick([512, 1024, 4096, 8192]), temperature: q.pick([0, 0.2, 0.7, 1]) };
        if (q.chance(0.06)) Object.assign(params, { logprobs: true, top_logprobs: q.int(1, 5) });
        if (q.chance(0.1)) params.seed = q.int(1, 99999);
        if (q.chance(0.04)) params.n = q.int(2, 4);
        if (q.chance(0.1)) params[ep === 'messages' ? 'thinking' : 'reasoning_effort'] = ep === 'messages' ? { type: 'enabled', budget_tokens: q.pick([1024, 4096]) } : q.pick(['low', 'medium', 'high']);
        // re-sending the same request while debugging
        const turns = q.chance(0.2) ? Array.from({ length: q.int(2, 4) }, () => it.prompt) : turnsOf(q, it, 'en', 0.35);
        if (usesFw < t - start && q.chance(0.35)) return { turns, system: FRAMEWORK_PROMPT, params, tools: FRAMEWORK_TOOLS, toolCalls: q.int(1, 3) };
        return { turns, params, model: q.chance(0.25) ? q.pick([MODELS.small, MODELS.reason]) : undefined };
      },
      think: (q) => q.logNormal(25, 1), outTok: (q) => q.logNormal(500, 0.9), newModelAt: start + adopt[140 + i]!, limited: 0.01,
    }));
  }

  // households: three accounts on one home line and mostly one card; the child does homework
  for (let hh = 0; hh < 4; hh++) {
    const r = R(`home${hh}`);
    const country = r.pick(COUNTRIES.filter((c) => c.lang === 'en'));
    const h = home(r, country);
    const pm = card(r);
    const tabletUa = `HomeHelper/2.8 (iPad; iPadOS 18.1) ${UA.jsAnthropic(r)}`;
    for (let k = 0; k < 3; k++) {
      const q0 = r.fork(k);
      const child = k === 2;
      const acct = account(q0, { persona: 'household', created_at: start - q0.int(30, 400) * DAY, email_domain: mailFor(q0, 'en'), payment_fingerprint: k === 0 || q0.chance(0.8) ? pm : undefined, signup_ip: h.v4, country: country.cc, tier: 'free' });
      const pool = child ? homework(cp) : chatPool(cp, 'en');
      add(acct, new Person({
        acct, rng: q0, prof: { ...PERSON, curve: child ? CURVES.afterSchool : CURVES.evening, wake: 0.3, rateAround: 0.3 }, offset: country.offsetMin, lang: 'en', addr: (q) => homeAddr(q, h),
        ua: child || q0.chance(0.5) ? tabletUa : UA.browser(q0), endpoint: 'messages',
        pick: (q) => ({ turns: child ? [draw(q, pool).prompt, ...(q.chance(0.5) ? [q.pick(['i dont get it', 'explain step 2', 'is the answer right?', 'can u do it slower'])] : [])] : turnsOf(q, draw(q, pool), 'en'), params: { stream: true } }),
        think: readerThink(child ? 120 : 220), outTok: chatOut,
      }));
    }
  }

  buildCourse(w, R('course'), out);
  buildHackathon(w, R('hack'), out);
  buildCompany(w, R('company'), out);
  buildApps(w, R('apps'), out);
  buildEvaluators(w, R('evals'), out);
  buildShops(w, R('shops'), out);
  for (let i = 0; i < 5; i++) {
    const r = R(`dormant${i}`);
    add(account(r, { persona: 'dormant', created_at: start - r.int(5, 300) * DAY, email_domain: mailFor(r, 'en'), country: r.pick(COUNTRIES).cc, tier: 'free' }));
  }
  void days;
  return out;
}

/** The same eight lab exercises in every course (a public tutorial's), on the framework's prompt and tools. */
export function labExercises(cp: Corpora): Item[] {
  const wa = cp.get('tool-use-agentic', 'webarena');
  return [0, 37, 74, 111, 148, 185, 222, 259].map((i) => wa[i % wa.length]!);
}

export interface Crowd { accounts: Account[]; campus: { v4: string[]; v6: string }; ua: string; offset: number; country: Country; domain: string; start: number; labDays: number[] }

function buildCourse(w: Copy, r: Rng, out: Built): void {
  const country = r.pick(COUNTRIES.filter((c) => ['US', 'GB', 'DE', 'IN', 'AU'].includes(c.cc)));
  const b = r.pick([128, 129, 130, 137, 141, 155]);
  const campus = { v4: [`${b}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(2, 250)}`, `${b}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(2, 250)}`], v6: `2001:${r.hex(4)}:${r.hex(4)}` };
  const domain = `cs.${coinage(r)}.edu`;
  const ua = UA.pyOpenai(r);
  const labs = labExercises(w.corpora);
  const hw = homework(w.corpora);
  const crowd: Crowd = { accounts: [], campus, ua, offset: country.offsetMin, country, domain, start: w.start, labDays: [2, 4] };
  const campusAddr = (q: Rng) => (q.chance(0.3) ? `${campus.v6}:${q.hex(4)}:${q.hex(4)}:${q.hex(4)}:${q.hex(4)}:${q.hex(4)}` : q.pick(campus.v4));
  for (let i = 0; i < 30; i++) {
    const q0 = r.fork(`s${i}`);
    const h = home(q0, country);
    const acct = account(q0, { persona: 'course_student', created_at: w.start + q0.next() * 1.5 * DAY, email_domain: q0.chance(0.8) ? domain : 'gmail.com', signup_ip: campus.v4[0], country: country.cc, tier: 'free' });
    crowd.accounts.push(acct);
    out.accounts.push(acct);
    out.actors.push(new Person({
      acct, rng: q0, prof: { ...PERSON, curve: (hr, wd) => (wd === 2 || wd === 4) && hr >= 14 && hr < 17 ? 1 : CURVES.evening(hr, wd) * 0.5, wake: 0.5, absorb: 1, rateAbsorbed: 6 },
      offset: country.offsetMin, lang: 'en', ua, endpoint: 'chat.completions',
      addr: (q) => q.chance(0.5) ? campusAddr(q) : homeAddr(q, h),
      pick: (q, t) => {
        const lab = [2, 4].includes(weekday(t, country.offsetMin)) && localHour(t, country.offsetMin) >= 14 && localHour(t, country.offsetMin) < 17;
        if (lab || q.chance(0.3)) return { turns: [q.pick(labs).prompt, ...(q.chance(0.4) ? ['it called the wrong tool, try again'] : [])], system: FRAMEWORK_PROMPT, tools: FRAMEWORK_TOOLS, toolCalls: q.int(1, 4), params: { temperature: 0 } };
        return { turns: turnsOf(q, draw(q, hw), 'en', 0.3) };
      },
      think: readerThink(200), outTok: chatOut,
    }));
  }
  out.course = crowd;
}

function buildHackathon(w: Copy, r: Rng, out: Built): void {
  const country = r.pick(COUNTRIES.filter((c) => c.lang === 'en'));
  const venue = { v4: `${r.pick(country.isps)[0]}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(2, 250)}`, v6: `${r.pick(country.v6)}:${r.hex(4)}:${r.hex(4)}` };
  const ua = UA.jsOpenai(r);
  // Friday evening local to Sunday evening local
  const fri = w.start + 4 * DAY - country.offsetMin * MIN;
  const g = smallWorld(r.fork('g'), 40, 2, 0.2);
  const joined = cascade(r.fork('c'), g, [[0, 0], [13, 0], [27, 0]], 0.6, 3).map((x) => fri + 17 * HOUR + Math.min(x, 2 * DAY) / 6);
  const tasks = w.corpora.get('tool-use-agentic', 'bfcl');
  for (let i = 0; i < 40; i++) {
    const q0 = r.fork(`h${i}`);
    const h = home(q0, country);
    const keeps = q0.chance(0.3);
    const acct = account(q0, { persona: 'hackathon', created_at: joined[i]!, email_domain: mailFor(q0, 'en'), signup_ip: venue.v4, country: country.cc, tier: 'free' });
    const ideas = Array.from({ length: 4 }, () => q0.pick(tasks));
    out.accounts.push(acct);
    out.actors.push(new Person({
      acct, rng: q0, prof: { ...PERSON, curve: CURVES.flat, wake: 3, sleep: 0.3, absorb: 1.2, release: 1.2, rateAround: 0.6, rateAbsorbed: 3.5 }, offset: country.offsetMin, lang: 'en', ua, endpoint: 'chat.completions',
      addr: (q) => (q.chance(0.3) ? `${venue.v6}:${q.hex(4)}:${q.hex(4)}:${q.hex(4)}:${q.hex(4)}` : venue.v4),
      life: (d) => (d >= 4 && d <= 6 ? 1 : 0),
      pick: (q) => { const it = q.pick(ideas); return { turns: [it.prompt, ...(q.chance(0.5) ? ['now handle the error case'] : [])], system: FRAMEWORK_PROMPT, tools: [...FRAMEWORK_TOOLS, ...((it.meta?.tools as string[] | undefined) ?? []).slice(0, 3)], toolCalls: q.int(1, 5), params: { temperature: q.pick([0, 0.3]) } }; },
      think: (q) => q.logNormal(40, 1.1), outTok: (q) => q.logNormal(300, 0.7), limited: 0.02,
    }));
    if (keeps) out.actors.push(new Person({
      acct, rng: q0.fork('after'), prof: { ...PERSON, wake: 0.25, rateAround: 0.3 }, offset: country.offsetMin, lang: 'en', ua, endpoint: 'chat.completions', addr: (q) => homeAddr(q, h),
      life: (d) => (d > 6 ? Math.exp(-(d - 6) / 4) : 0),
      pick: (q) => ({ turns: [q.pick(ideas).prompt], system: FRAMEWORK_PROMPT, tools: FRAMEWORK_TOOLS, toolCalls: q.int(1, 3) }),
      think: (q) => q.logNormal(60, 1), outTok: (q) => q.logNormal(300, 0.7),
    }));
  }
}

export interface Company { accounts: Account[]; egress: string[]; ua: string; system: string; offset: number; org: string; domain: string; pm: string; country: Country }
function buildCompany(w: Copy, r: Rng, out: Built): void {
  const country = r.pick(COUNTRIES.filter((c) => ['US', 'GB', 'DE', 'FR', 'JP', 'IN'].includes(c.cc)));
  const name = coinage(r, 3);
  const org = orgId(r);
  const egress = [cloudAddr(r, 'azure'), `${r.pick(country.isps)[0]}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(2, 250)}`];
  const pm = card(r);
  const ua = `${name}-assist/3.4.1 ${UA.httpx(r)}`;
  const system = `You are ${name[0]!.toUpperCase()}${name.slice(1)} Assist, the internal assistant of ${name} GmbH. Answer employees concisely, cite internal policy when relevant, and never share customer data outside the company.`;
  const g = smallWorld(r.fork('g'), 40, 2, 0.1);
  const rolled = cascade(r.fork('c'), g, [[0, 0], [20, 1], [33, 1]], 0.3, w.days);
  const pool: Pool = [[w.corpora.get('alpaca-eval'), 2], [w.corpora.get('codealpaca'), 1], [w.corpora.get('self-instruct-user-oriented'), 2], [w.corpora.get('arena-hard').filter((x) => x.lang === 'en'), 1]];
  for (let i = 0; i < 40; i++) {
    const q0 = r.fork(`seat${i}`);
    const acct = account(q0, { persona: 'company_seat', created_at: w.start + Math.min(rolled[i]!, (w.days - 1) * DAY), org_id: org, email_domain: `${name}.com`, payment_fingerprint: pm, signup_ip: egress[0], country: country.cc, tier: 'enterprise', verified: true });
    out.accounts.push(acct);
    out.actors.push(new Person({
      acct, rng: q0, prof: { ...PERSON, curve: CURVES.office, wake: 0.8, rateAround: q0.logNormal(0.4, 0.5) }, offset: country.offsetMin, lang: 'en', ua, endpoint: 'messages',
      addr: (q) => q.pick(egress), pick: (q) => ({ turns: turnsOf(q, draw(q, pool), 'en', 0.35), system, params: { max_tokens: 2048 } }),
      think: readerThink(260), outTok: chatOut,
    }));
  }
  out.company = { accounts: out.accounts.filter((a) => a.org_id === org), egress, ua, system, offset: country.offsetMin, org, domain: `${name}.com`, pm, country };
}

/**
 * An app that serves end users through a few back-end accounts of one verified
 * organisation: each end user is their own MMPP in their own time zone, opens
 * with an item and then presses quick-reply buttons at their own pace.
 */
class App implements Actor {
  private users: { st: MmppState; offset: number; pace: number; id: number }[];
  constructor(private o: { rng: Rng; accounts: Account[]; ips: string[]; ua: string; endpoint: string; system: string; users: number; countries: Country[]; prof: MmppProfile; open: (r: Rng) => string; buttons: string[]; press: number; tools?: string[]; outTok: (r: Rng) => number; params?: Record<string, unknown>; noContent?: boolean; cmd?: boolean }) {
    this.users = Array.from({ length: o.users }, (_, i) => { const c = o.rng.pick(o.countries); return { st: { s: 0 as const }, offset: c.offsetMin + o.rng.int(-60, 60), pace: o.rng.logNormal(14, 0.7), id: i }; });
  }
  day(d: number, ds: number, emit: Emit): void {
    const o = this.o;
    for (const u of this.users) {
      const rng = o.rng.fork(`${d}/${u.id}`);
      for (const a of mmppDay(rng, o.prof, u.st, ds, u.offset)) {
        const acct = o.accounts[u.id % o.accounts.length]!;
        const turns = [o.open(rng)];
        while (turns.length < 7 && rng.chance(o.press)) turns.push(rng.pick(o.buttons));
        const b: Base = { acct, key: rng.pick(acct.api_keys), ip: rng.pick(o.ips), ua: o.ua, model: o.accounts.length > 2 && rng.chance(0.3) ? MODELS.small : MODELS.large, endpoint: o.endpoint, system: o.system, params: { ...o.params, ...(o.tools ? { tools: o.tools } : {}) }, lang: 'en', noContent: o.noContent };
        converse(rng, b, turns, a.t, { think: buttonThink(u.pace), outTok: o.outTok, fail: 0.004, tools: o.tools ? { calls: 1 } : undefined }, emit);
      }
    }
  }
}
const APP_USER: MmppProfile = { curve: CURVES.evening, wake: 0.12, sleep: 2.5, absorb: 0.4, release: 3, rateAround: 0.5, rateAbsorbed: 2 };

function appOrg(w: Copy, r: Rng, persona: string, n: number, cloud: 'aws' | 'gcp' | 'azure' | 'digitalocean', verified = true) {
  const org = orgId(r);
  const name = coinage(r);
  const pm = card(r);
  const ips = [cloudAddr(r, cloud), cloudAddr(r, cloud), cloudAddr(r, cloud)];
  const country = r.pick(COUNTRIES.filter((c) => ['US', 'GB', 'DE'].includes(c.cc)));
  const accounts = Array.from({ length: n }, (_, i) => account(r.fork(i), { persona, created_at: w.start - r.int(60, 500) * DAY, org_id: org, email_domain: `${name}.io`, payment_fingerprint: pm, signup_ip: ips[0], country: country.cc, tier: 'tier-4', verified, keys: 2 }));
  return { org, name, ips, accounts };
}

function buildApps(w: Copy, r: Rng, out: Built): void {
  const cp = w.corpora;
  const en = COUNTRIES.filter((c) => c.lang === 'en');
  const tut = appOrg(w, r.fork('tut'), 'tutoring_app', 3, 'gcp');
  const hw = homework(cp);
  out.accounts.push(...tut.accounts);
  out.actors.push(new App({ rng: r.fork('tutu'), ...tut, ua: UA.jsOpenai(r), endpoint: 'chat.completions', system: `You are ${tut.name}, a patient maths tutor for students aged 11-16. Never give the final answer straight away: guide with questions and hints.`, users: 140, countries: en, prof: { ...APP_USER, curve: CURVES.afterSchool }, open: (q) => draw(q, hw).prompt, buttons: ['💡 Hint please', 'Walk me through it', 'I still don\'t get it', 'Check my answer', 'Give me a similar one', 'Why does that work?'], press: 0.7, outTok: (q) => q.logNormal(220, 0.5), params: { temperature: 0.3, max_tokens: 600 } }));

  const sup = appOrg(w, r.fork('sup'), 'support_app', 2, 'aws');
  const ask = cp.get('self-instruct-user-oriented');
  out.accounts.push(...sup.accounts);
  out.actors.push(new App({ rng: r.fork('supu'), ...sup, ua: UA.pyAnthropic(r), endpoint: 'messages', system: `You are the support assistant of ${sup.name} Mobile. Use the tools to look up plans, bills and orders. Offer a human agent when the customer asks twice.`, users: 110, countries: en, prof: { ...APP_USER, curve: CURVES.office }, open: (q) => q.chance(0.5) ? q.pick(['My bill is higher than usual this month', 'My SIM card has not arrived', 'How do I enable roaming?', 'I want to change my plan', 'Internet is slow since yesterday']) : q.pick(ask).prompt, buttons: ['📦 Track my order', '🧾 Explain my bill', '👤 Talk to a human', 'That solved it', 'Something else'], press: 0.55, tools: ['lookup_account', 'get_bill', 'track_order', 'escalate_to_agent'], outTok: (q) => q.logNormal(150, 0.4), params: { max_tokens: 400 } }));

  const wr = appOrg(w, r.fork('wr'), 'writing_app', 2, 'azure');
  const texts: Pool = [[cp.get('sharegpt-sample'), 1], [cp.get('alpaca-eval'), 1], [cp.get('oasst-prompts'), 1]];
  out.accounts.push(...wr.accounts);
  out.actors.push(new App({ rng: r.fork('wru'), ...wr, ua: UA.axios(r), endpoint: 'chat.completions', system: 'Rewrite the user text as asked. Keep the meaning, the language and any names. Return only the rewritten text.', users: 90, countries: COUNTRIES, prof: { ...APP_USER, curve: CURVES.office }, open: (q) => `Improve this: ${draw(q, texts).prompt}`, buttons: ['✍️ Rewrite', 'Make it friendlier', 'Fix grammar only', 'Shorter', 'Summarise in 3 bullets'], press: 0.6, outTok: (q) => q.logNormal(260, 0.5), params: { temperature: 0.8 } }));

  const bot = appOrg(w, r.fork('bot'), 'community_bot', 2, 'digitalocean', false);
  const q: Pool = [[cp.get('nq-open-queries'), 2], [cp.get('webquestions'), 1], [cp.get('conala-so-questions').filter((x) => x.lang === 'en'), 1], [cp.get('sharegpt-sample'), 1]];
  out.accounts.push(...bot.accounts);
  out.actors.push(new App({ rng: r.fork('botu'), ...bot, ua: UA.jsOpenai(r), endpoint: 'chat.completions', system: BOT_PROMPT, users: 160, countries: COUNTRIES, prof: { ...APP_USER, curve: CURVES.owl, wake: 0.08 }, open: (x) => `${x.pick(['/ask ', '/ask ', '!gpt ', ''])}${draw(x, q).prompt}`, buttons: ['/tldr', '/explain', '/more', 'lol thanks'], press: 0.35, outTok: (x) => x.logNormal(200, 0.6) }));

  // verified product back ends: each its own product and prompt; one keeps no content
  const biz = appOrg(w, r.fork('biz'), 'verified_business', 6, 'aws');
  out.accounts.push(...biz.accounts);
  const products: [string, Pool][] = [
    ['Answer shoppers\' product questions for an outdoor gear store. Be brief.', [[cp.get('webquestions'), 1]]],
    ['You summarise news search results for a search engine. Two sentences.', [[cp.get('nq-open-queries'), 1]]],
    ['You are a recipe assistant in a cooking app.', [[cp.get('alpaca-eval'), 1], [cp.get('self-instruct-user-oriented'), 1]]],
    ['You draft replies for a CRM. Professional tone.', [[cp.get('self-instruct-user-oriented'), 1]]],
    ['You explain code in an IDE plug-in.', [[cp.get('codealpaca'), 1]]],
    ['You help travellers plan trips.', [[cp.get('oasst-prompts'), 1], [cp.get('nq-open-queries'), 1]]],
  ];
  biz.accounts.forEach((acct, i) => {
    const [system, pool] = products[i]!;
    const rr = r.fork(`biz${i}`);
    out.actors.push(new App({ rng: rr, accounts: [acct], ips: [cloudAddr(rr, 'aws'), cloudAddr(rr, 'aws')], ua: i % 2 ? UA.go() : UA.pyOpenai(rr), endpoint: i % 2 ? 'messages' : 'responses', system, users: 40, countries: COUNTRIES, prof: { ...APP_USER, curve: CURVES.flat, wake: 0.05 }, open: (x) => draw(x, pool).prompt, buttons: ['more', 'thanks'], press: 0.15, outTok: (x) => x.logNormal(180, 0.5), noContent: i === 3 }));
  });
}

/** Benchmark researchers and CI eval pipelines: the same public items as everyone, temperature 0, seeds, several models, retries. */
function buildEvaluators(w: Copy, r: Rng, out: Built): void {
  const cp = w.corpora;
  const suites: { name: string; items: Item[]; fmt: (it: Item) => string; params: Record<string, unknown>; out: number }[] = [
    { name: 'gsm8k', items: cp.get('gsm8k').slice(0, 250), fmt: (it) => `Question: ${it.prompt}\nAnswer:`, params: { max_tokens: 512 }, out: 180 },
    { name: 'mmlu', items: cp.get('mmlu-redux').slice(0, 300), fmt: (it) => `${it.prompt}\nAnswer:`, params: { max_tokens: 1, logprobs: true, top_logprobs: 5 }, out: 1 },
    { name: 'bbh', items: cp.get('bbh').slice(0, 250), fmt: (it) => `Q: ${it.prompt}\nA: Let's think step by step.`, params: { max_tokens: 768 }, out: 220 },
    { name: 'humaneval', items: cp.get('code-benchmarks', 'humaneval/'), fmt: (it) => it.prompt, params: { max_tokens: 1024, stop: ['\ndef ', '\nclass '] }, out: 160 },
    { name: 'math', items: cp.get('math-competition', 'MATH').slice(0, 200), fmt: (it) => `Problem: ${it.prompt}\nPut the final answer in \\boxed{}.`, params: { max_tokens: 2048 }, out: 400 },
  ];
  const runSuite = (rng: Rng, acct: Account, s: (typeof suites)[number], items: Item[], t0: number, ip: () => string, ua: string, models: string[], extra: Record<string, unknown>, conc: number, cap: number, emit: Emit) => {
    let t = t0;
    for (const model of models) {
      const ctl = new Aimd(conc * 20, 0.5, cap, conc * 40);
      for (const it of items) {
        const prompt = s.fmt(it);
        for (let attempt = 0; attempt < 5; attempt++) {
          const status = ctl.send(t);
          const ok = status === 200 && !rng.chance(0.004);
          emit({ acct, key: acct.api_keys[0], t, ip: ip(), ua, model, endpoint: ua.startsWith('Anthropic') ? 'messages' : 'chat.completions', messages: [{ role: 'user', content: prompt }], params: { temperature: 0, ...s.params, ...extra }, lang: 'en', answer: ok ? `${s.out === 1 ? 'B' : `${prompt.slice(0, 40)} ... The answer is ${String(it.meta?.answer ?? it.meta?.target ?? '42')}`}` : '', outTok: ok ? Math.max(1, Math.round(rng.logNormal(s.out, 0.3))) : 0, status: ok ? 200 : status === 429 ? 429 : 503, stop: ok ? (s.out === 1 ? 'max_tokens' : 'stop') : 'error' });
          t += ok ? ctl.gap(rng) : 2 ** attempt * 1000 + rng.int(0, 500);
          if (ok) break;
        }
      }
    }
  };
  for (let i = 0; i < 6; i++) {
    const q0 = r.fork(`res${i}`);
    const country = q0.pick(COUNTRIES.filter((c) => ['US', 'GB', 'DE', 'CN', 'KR', 'JP'].includes(c.cc)));
    const lab = `${q0.pick([128, 131, 140, 147, 166])}.${q0.int(0, 255)}.${q0.int(0, 255)}`;
    const acct = account(q0, { persona: 'benchmark_researcher', created_at: w.start - q0.int(30, 600) * DAY, email_domain: `${coinage(q0)}.edu`, signup_ip: `${lab}.10`, country: country.cc, tier: 'tier-3' });
    const ua = q0.pick([UA.pyOpenai(q0), UA.pyAnthropic(q0), UA.litellm(q0)]);
    const mine = q0.shuffle([...suites]).slice(0, 3);
    out.accounts.push(acct);
    out.actors.push({
      day(d, ds, emit) {
        const rng = q0.fork(d);
        if (weekday(ds + 12 * HOUR, country.offsetMin) % 6 === 0 ? !rng.chance(0.1) : !rng.chance(0.35)) return;
        const s = rng.pick(mine);
        const items = s.items.slice(0, rng.pick([30, 60, 150]));
        const models = rng.shuffle([MODELS.large, MODELS.small, MODELS.reason, ...(d >= RELEASE_DAY ? [MODELS.next] : [])]).slice(0, rng.int(1, 3));
        const extra: Record<string, unknown> = { seed: rng.pick([0, 42, 1234]) };
        if (rng.chance(0.3)) extra.reasoning_effort = rng.pick(['low', 'medium', 'high']);
        if (rng.chance(0.15)) extra.n = 5;
        runSuite(rng, acct, s, items, ds + (10 - country.offsetMin / 60 + rng.next() * 8) * HOUR, () => `${lab}.${rng.int(10, 40)}`, ua, models, extra, rng.int(1, 4), 60, emit);
      },
    });
  }
  for (let i = 0; i < 5; i++) {
    const q0 = r.fork(`ci${i}`);
    const org = orgId(q0);
    const acct = account(q0, { persona: 'eval_ci', created_at: w.start - q0.int(60, 500) * DAY, org_id: org, email_domain: `${coinage(q0)}.ai`, country: 'US', tier: 'tier-2', verified: q0.chance(0.6), keys: 2 });
    const suite = suites[i % 3]!;
    // a fixed regression set: the first items of one suite plus a few of another
    const items = [...suite.items.slice(0, 30), ...suites[(i + 1) % 5]!.items.slice(0, 10)];
    const ua = q0.pick([`promptfoo/0.9${q0.int(0, 9)}.0 ${UA.httpx(q0)}`, `inspect_ai/0.3.${q0.int(40, 60)} ${UA.pyOpenai(q0)}`, UA.pyAnthropic(q0)]);
    const nightly = q0.chance(0.7);
    const cronMin = q0.int(0, 59);
    out.accounts.push(acct);
    out.actors.push({
      day(d, ds, emit) {
        const rng = q0.fork(d);
        const runs: number[] = [];
        const wd = new Date(ds).getUTCDay();
        if (nightly || wd === 1) runs.push(ds + 2 * HOUR + cronMin * MIN + rng.exp(8 * MIN));
        if (wd !== 0 && wd !== 6) for (let k = rng.poisson(0.6); k > 0; k--) runs.push(ds + (13 + rng.next() * 9) * HOUR);
        for (const t of runs) runSuite(rng, acct, suite, items, t, () => cloudAddr(rng, 'github_actions'), ua, [MODELS.large, MODELS.small], { seed: 42 }, 8, 30, emit);
      },
    });
  }
}

/** A translation office and a data-labelling shop, each a verified-less small org on one office line. */
function buildShops(w: Copy, r: Rng, out: Built): void {
  const cp = w.corpora;
  const src: Pool = [[cp.get('multilingual-chat', 'belle'), 2], [cp.get('wildchat-hard-ru'), 1], [cp.get('multilingual-chat').filter((x) => x.lang === 'ja'), 1]];
  const country = countryOf(r.pick(['DE', 'FR', 'ES', 'GB']));
  const office: Home = home(r, country);
  const org = orgId(r);
  const pm = card(r);
  const dom = `${coinage(r)}-translations.eu`;
  for (let i = 0; i < 4; i++) {
    const q0 = r.fork(`tr${i}`);
    const acct = account(q0, { persona: 'translation_shop', created_at: w.start - q0.int(60, 700) * DAY, org_id: org, email_domain: dom, payment_fingerprint: pm, signup_ip: office.v4, country: country.cc, tier: 'tier-2' });
    out.accounts.push(acct);
    out.actors.push(new Person({
      acct, rng: q0, prof: { ...PERSON, curve: CURVES.office, wake: 1, absorb: 1.5, rateAround: 2, rateAbsorbed: 20 }, offset: country.offsetMin, lang: 'en', ua: `catbridge/2.1 ${UA.axios(q0)}`, endpoint: 'chat.completions', addr: (q) => homeAddr(q, office, 0.1),
      pick: (q) => {
        const it = draw(q, src);
        // the document goes out segment by segment, each a fresh request
        const segs = it.prompt.split(/(?<=[。！？.!?\n])/).map((s) => s.trim()).filter((s) => s.length > 4).slice(0, 8);
        return { turns: [segs[0] ?? it.prompt], system: `Translate from ${it.lang} into English. Glossary: ${q.pick(['客户=client', 'заказчик=customer', '納期=delivery date'])}. Keep tags like <b> unchanged. Output the translation only.`, params: { temperature: 0.1, max_tokens: 800 } };
      },
      think: (q) => q.logNormal(40, 0.6), outTok: (q) => q.logNormal(90, 0.5),
    }));
  }
  const lc = countryOf(r.pick(['IN', 'NG', 'BR']));
  const lab: Home = home(r, lc);
  const lorg = orgId(r);
  const lpm = card(r);
  const items: Pool = [[cp.get('nq-open-queries'), 2], [cp.get('webquestions'), 1], [cp.get('hh-rlhf-harmless-test'), 1]];
  const labels = ['question', 'request', 'complaint', 'harmful', 'other'];
  for (let i = 0; i < 4; i++) {
    const q0 = r.fork(`lab${i}`);
    const acct = account(q0, { persona: 'labelling_shop', created_at: w.start - q0.int(30, 300) * DAY, org_id: lorg, email_domain: 'gmail.com', payment_fingerprint: lpm, signup_ip: lab.v4, country: lc.cc, tier: 'tier-2' });
    out.accounts.push(acct);
    const bias = Object.fromEntries(labels.map((_, k) => [String(1000 + k * 37 + i), 5]));
    out.actors.push(new Person({
      acct, rng: q0, prof: { ...PERSON, curve: CURVES.office, wake: 1, absorb: 2, rateAround: 4, rateAbsorbed: 25 }, offset: lc.offsetMin, lang: 'en', ua: UA.requests(q0), endpoint: 'chat.completions', addr: () => lab.v4,
      pick: (q) => ({ turns: [`Label this text with one of: ${labels.join(', ')}.\nText: ${draw(q, items).prompt}\nLabel:`], params: { max_tokens: q.int(1, 3), temperature: 0, logprobs: true, top_logprobs: q.int(2, 5), logit_bias: bias }, model: MODELS.small }),
      think: (q) => q.logNormal(6, 0.5), outTok: () => 1, baseModel: MODELS.small,
    }));
  }
}
