/**
 * heldout/v9's benign population: one base mix per copy, each copy from its
 * own seed. The viral prompt and the hackathon's starter prompt are the same in
 * every copy (so their crowds grow with the population); public benchmarks'
 * first items are the same for every researcher.
 */
import type { Item } from './corpora.js';
import { Ctx, card, item, org, type Tier } from './kit.js';
import { type Account, type Conv, type Msg, type Req, DAY, HOUR, MIN, atLocal, live, newPerson, pace, scripted, send, sendRetry, weekday } from './model.js';
import { COUNTRIES, VENUE, browserUa, campusIp, cloudIp, country, endpointOf, homeIp, homeLine, mobileIp, officeV4, officeV6, pickCountry, runnerIp, sdkUa } from './net.js';
import { Rng, murmur } from './rng.js';
import { FOLLOW, FOLLOW_JA, FOLLOW_RU, FOLLOW_ZH, IDE_TOOLS, LABEL_SYS, LANGS, MODELS, STEP, SUPPORT_TOOLS, SYS_COMPANY, SYS_IDE, SYS_SUPPORT, SYS_TRAVEL, SYS_TUTOR, SYS_WRITER, TRANSLATE_SYS, paste } from './words.js';

export const BASE_UNITS = [
  { persona: 'individual', accounts: 84 },
  { persona: 'household', accounts: 9 },
  { persona: 'class_student', accounts: 40 },
  { persona: 'company_seat', accounts: 48 },
  { persona: 'ide_agent_user', accounts: 18 },
  { persona: 'hackathon_participant', accounts: 30 },
  { persona: 'benchmark_researcher', accounts: 5 },
  { persona: 'ci_eval', accounts: 8 },
  { persona: 'app_backend', accounts: 6 },
  { persona: 'translator', accounts: 4 },
  { persona: 'labelling_shop', accounts: 4 },
  { persona: 'dormant', accounts: 4 },
] as const;

/** the same in every copy and every world: the viral post and the hackathon's starter prompt */
export const VIRAL_AT = (start: number) => start + 3 * DAY + 17.5 * HOUR;
export const HACK_AT = (start: number) => start + 5 * DAY; // Saturday
const viralItem = (c: Ctx) => item(c.corpora.of('awesome-chatgpt-prompts'), murmur('v9-viral') % 1500);
export const starterItem = (c: Ctx) => item(c.corpora.of('awesome-chatgpt-prompts'), murmur('v9-hack-starter') % 1500);

const aged = (r: Rng, start: number, minDays: number, maxDays: number) => start - r.uni(minDays, maxDays) * DAY;

/** everyday needs for a person writing in `lang` */
function everyday(c: Ctx, r: Rng, lang: string): Item {
  if (lang === 'ru' && r.chance(0.7)) return r.pick(c.corpora.of('wildchat-hard-ru'));
  if ((lang === 'zh' || lang === 'ja') && r.chance(0.7)) return r.pick(c.corpora.sub('multilingual-chat', '', lang));
  return r.pick(c.corpora.of(r.weighted([['oasst-prompts', 3], ['sharegpt-sample', 3], ['nq-open-queries', 2], ['webquestions', 1], ['alpaca-eval', 2], ['self-instruct-user-oriented', 1], ['conala-so-questions', 1], ['awesome-chatgpt-prompts', 1], ['mt-bench-vicuna-bench', 0.3]] as const)));
}
function turnsOf(r: Rng, it: Item, lang: string): string[] {
  const first = paste(r, it.prompt.length > 6000 ? it.prompt.slice(0, 6000) : it.prompt);
  const rest = (it.turns ?? []).slice(1, 3);
  const follows = lang === 'ru' ? FOLLOW_RU : lang.startsWith('zh') ? FOLLOW_ZH : lang === 'ja' ? FOLLOW_JA : FOLLOW;
  const more = r.geometric(1.6) - 1;
  const out = [first, ...rest];
  for (let i = 0; i < more && out.length < 6; i++) out.push(r.pick(follows));
  return out;
}

/** a person's turn sender: history re-sent, a 429 waited out (or, given `hop`, re-sent from a neighbour's account) */
function personal(c: Ctx, r: Rng, stream: string, acct: Account, base: Omit<Req, 'messages' | 'out' | 'ip'> & { ip: (t: number) => string }, outMedian = 350, hop?: { acct: Account; share: number; stream: string }) {
  return (t: number, msgs: Msg[]): { end: number; text: string } => {
    const req: Req = { ...base, ip: base.ip(t), messages: msgs, out: r.lognormal(outMedian, 0.7) };
    if (base.system === undefined) delete req.system;
    const s = send(c.sink, r, stream, acct, t, req);
    if (s.ok || s.status !== 429) return s.ok ? s : { end: s.end, text: '' };
    if (hop && r.chance(hop.share)) {
      const t2 = t + r.uni(10_000, 80_000);
      const h = sendRetry(c.sink, r, hop.stream, hop.acct, t2, { ...req, ip: base.ip(t2) }, 2);
      return h;
    }
    return sendRetry(c.sink, r, stream, acct, s.retryAt + r.uni(5000, 40_000), req, 3);
  };
}

function individual(c: Ctx, key: string, i: number): void {
  const r = new Rng(`${key}/ind${i}`);
  const ctry = pickCountry(r);
  const tier: Tier = r.chance(0.6) ? 'free' : 'plus';
  const line = homeLine(r, ctry, `${key}/ind${i}/home`);
  const phone = r.chance(0.35);
  const acct = c.account({ stream: `${key}/ind${i}`, r, persona: 'individual', campaign: null, created: r.chance(0.85) ? aged(r, c.start, 20, 700) : c.start + r.uni(0, 6) * DAY, country: ctry.cc, tz: ctry.tz, tier, email: r.pick(['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', `${ctry.cc.toLowerCase()}-mail.example`]), card: tier === 'free' ? undefined : card(`${key}/ind${i}`), signupIp: line.v4 });
  const created = Date.parse(c.rows.at(-1)!.created_at!);
  const desk = browserUa(r, false), mob = browserUa(r, true);
  const lang = ctry.lang === 'zh' || ctry.lang === 'ja' || ctry.lang === 'ru' ? ctry.lang : r.chance(0.85) ? 'en' : ctry.lang;
  const p = newPerson(r, ctry.tz, Math.min(30, r.pareto(0.5, 1.3)));
  const viralAt = VIRAL_AT(c.start) + r.lognormal(5 * HOUR, 1);
  const wantsViral = r.chance(0.3);
  let sawViral = false;
  let session = 0;
  live(p, Math.max(c.start, created), c.end, (t) => (wantsViral && !sawViral && t > viralAt ? 20 : 1), (t) => {
    const onPhone = phone && r.chance(0.4);
    session++;
    const sess = session;
    const ip = (tt: number) => (onPhone ? mobileIp(ctry, `${key}/ind${i}`, sess, r.chance(0.5)) : homeIp(line, 'laptop', tt, 0.35));
    const ua = onPhone ? mob : desk;
    let prompts: string[];
    let sys: string | undefined;
    if (wantsViral && !sawViral && t > viralAt) { sawViral = true; const v = viralItem(c); prompts = [v.prompt, ...turnsOf(r, everyday(c, r, 'en'), 'en').slice(0, 2)]; }
    else prompts = turnsOf(r, everyday(c, r, lang), lang);
    return scripted(r, prompts, personal(c, r, `${key}/ind${i}`, acct, { ip, ua, model: r.chance(0.7) ? MODELS.big : MODELS.mini, endpoint: endpointOf(ua), system: sys, stream: true, lang }));
  });
}

function household(c: Ctx, key: string, h: number): void {
  const r = new Rng(`${key}/home${h}`);
  const ctry = pickCountry(r, ['US', 'GB', 'DE', 'IN', 'CA', 'AU', 'FR', 'ES']);
  const line = homeLine(r, ctry, `${key}/home${h}`);
  const fam = card(`${key}/home${h}`);
  const accts = ['parentA', 'parentB', 'teen'].map((who, j) => c.account({ stream: `${key}/home${h}/${who}`, r, persona: 'household', campaign: null, created: aged(r, c.start, 30, 400), country: ctry.cc, tz: ctry.tz, tier: j === 2 ? 'free' : 'plus', email: 'gmail.com', card: j === 2 && r.chance(0.5) ? undefined : fam, signupIp: line.v4 }));
  ['parentA', 'parentB', 'teen'].forEach((who, j) => {
    const pr = r.fork(who);
    const ua = browserUa(pr, j === 2);
    const p = newPerson(pr, ctry.tz, j === 2 ? pr.uni(2, 6) : pr.uni(0.5, 3), true);
    const ip = (t: number) => homeIp(line, who, t, 0.5);
    live(p, c.start, c.end, (t) => (j === 2 && weekday(t, ctry.tz) >= 1 && weekday(t, ctry.tz) <= 4 ? 1.6 : 1), () => {
      if (j === 2 && pr.chance(0.7)) {
        const it = pr.chance(0.6) ? pr.pick(c.corpora.of('gsm8k')) : pr.pick(c.corpora.sub('math-competition', 'MATH'));
        return scripted(pr, [`${paste(pr, it.prompt)} ${pr.pick(STEP)}`, ...(pr.chance(0.4) ? [pr.pick(FOLLOW)] : [])], personal(c, pr, `${key}/home${h}/${who}`, accts[j]!, { ip, ua, model: MODELS.mini, endpoint: endpointOf(ua), stream: true, lang: 'en' }, 400, { acct: accts[0]!, share: 0.5, stream: `${key}/home${h}/parentA` }), 12_000);
      }
      return scripted(pr, turnsOf(pr, everyday(c, pr, 'en'), 'en'), personal(c, pr, `${key}/home${h}/${who}`, accts[j]!, { ip, ua, model: MODELS.big, endpoint: endpointOf(ua), stream: true, lang: 'en' }));
    });
  });
}

function classroom(c: Ctx, key: string, n: number): void {
  const r = new Rng(`${key}/class`);
  const ctry = country(r.pick(['US', 'GB', 'CA', 'DE']));
  const campus = `${key}/campus`;
  const dom = `${r.pick(['stateu', 'northfield', 'tu-hannover', 'uofm', 'kings'])}${r.int(1, 99)}.edu`;
  const course = `MATH ${r.int(101, 299)}`;
  // problem sets: six problems each, the same text for every student; due Thursday 23:59 local
  const sets = [0, 1].map((w) => Array.from({ length: 6 }, (_, k) => item(c.corpora.sub('math-competition', 'MATH'), murmur(`${key}/set${w}`) + k * 37).prompt));
  const deadline = (w: number) => atLocal(c.start + (3 + 7 * w) * DAY + 12 * HOUR, ctry.tz, 23.99);
  const accts = Array.from({ length: n }, (_, i) => c.account({ stream: `${key}/stu${i}`, r, persona: 'class_student', campaign: null, created: c.start - r.uni(10, 70) * DAY, country: ctry.cc, tz: ctry.tz, tier: 'edu', email: dom, signupIp: campusIp(campus, `s${i}`, c.start - 40 * DAY) }));
  accts.forEach((a, i) => {
    const pr = r.fork(`stu${i}`);
    const dorm = homeLine(pr, ctry, `${key}/stu${i}/dorm`);
    const ua = pr.chance(0.7) ? browserUa(pr, false) : sdkUa(pr, 'openai-py');
    const mate = accts[(i + 1) % n]!;
    const p = newPerson(pr, ctry.tz, pr.uni(1, 4), true);
    p.shift = pr.uni(0, 4);
    const progress = [0, 0];
    live(p, c.start, c.end, (t) => { const w = t < deadline(0) ? 0 : 1; const left = deadline(w) - t; return left > 0 && left < 4 * DAY ? 1 + 5 * Math.exp(-left / (0.8 * DAY)) : 1; }, (t) => {
      const w = t < deadline(0) ? 0 : 1;
      const ip = (tt: number) => (weekday(tt, ctry.tz) <= 5 && weekday(tt, ctry.tz) >= 1 && ((tt + ctry.tz * HOUR) % DAY) / HOUR < 18 ? campusIp(campus, `s${i}`, tt) : homeIp(dorm, 'laptop', tt, 0.2));
      const send1 = personal(c, pr, `${key}/stu${i}`, a, { ip, ua, model: MODELS.mini, endpoint: endpointOf(ua), stream: ua.startsWith('Mozilla'), lang: 'en', temperature: ua.startsWith('Mozilla') ? undefined : 0.7 }, 500, { acct: mate, share: 0.3, stream: `${key}/stu${(i + 1) % n}` });
      if (deadline(w) - t < 5 * DAY && progress[w]! < 6 && pr.chance(0.75)) {
        const k = progress[w]!++;
        const text = k === 0 ? `${course} — Problem Set ${w + 3}\nDue Thursday 23:59. Show all work.\n\nProblem 1. ${sets[w]![0]}` : `Problem ${k + 1}. ${sets[w]![k]}`;
        return scripted(pr, [text, ...(pr.chance(0.5) ? [pr.pick(['I got a different answer, where did I go wrong?', 'can you check my reasoning', 'explain the second step again'])] : [])], send1, 60_000);
      }
      return scripted(pr, turnsOf(pr, everyday(c, pr, 'en'), 'en'), send1);
    });
  });
}

function company(c: Ctx, key: string, n: number): void {
  const r = new Rng(`${key}/company`);
  const ctry = country(r.pick(['GB', 'DE', 'US', 'FR']));
  const o = org(`${key}/company`);
  const dom = `${r.pick(['brightfield', 'kestrel', 'mornington', 'alder'])}-${r.hex(4)}.com`;
  const cc = card(`${key}/company`);
  const ua = `Lumen/2.${r.int(3, 9)}.${r.int(0, 20)} Electron/32.2.5`;
  for (let i = 0; i < n; i++) {
    const pr = r.fork(`seat${i}`);
    const a = c.account({ stream: `${key}/seat${i}`, r: pr, persona: 'company_seat', campaign: null, created: c.start - pr.uni(1, 90) * DAY, country: ctry.cc, tz: ctry.tz, tier: 'build2', org: o, email: dom, card: cc, signupIp: officeV4(o), verified: true, keys: 2 });
    const p = newPerson(pr, ctry.tz, pr.uni(1, 8), false);
    p.shift = pr.uni(-1, 1);
    const ip = (t: number) => (pr.chance(0.3) ? officeV6(o, `seat${i}`) : officeV4(o));
    live(p, c.start, c.end, (t) => { const wd = weekday(t, ctry.tz); const h = ((t + ctry.tz * HOUR) % DAY) / HOUR; return wd >= 1 && wd <= 5 && h > 8 && h < 18.5 ? 2.5 : 0.05; }, () => {
      const src = pr.weighted([['self-instruct-user-oriented', 3], ['alpaca-eval', 2], ['conala-so-questions', 1], ['arena-hard', 1], ['oasst-prompts', 1]] as const);
      const it = pr.pick(c.corpora.of(src));
      return scripted(pr, turnsOf(pr, it, 'en'), personal(c, pr, `${key}/seat${i}`, a, { ip, ua, model: MODELS.big, endpoint: 'chat.completions', system: SYS_COMPANY, stream: true, lang: 'en', temperature: 0.3 }));
    });
  }
}

function ideUsers(c: Ctx, key: string, n: number): void {
  let hugeLog = key.endsWith('/c0');
  for (let i = 0; i < n; i++) {
    const r = new Rng(`${key}/ide${i}`);
    const ctry = pickCountry(r, ['US', 'DE', 'IN', 'GB', 'PL', 'BR', 'CA', 'JP']);
    const line = homeLine(r, ctry, `${key}/ide${i}`);
    const a = c.account({ stream: `${key}/ide${i}`, r, persona: 'ide_agent_user', campaign: null, created: aged(r, c.start, 10, 300), country: ctry.cc, tz: ctry.tz, tier: r.pick(['build1', 'build2'] as const), email: r.pick(['gmail.com', 'fastmail.com', `dev${r.hex(3)}.io`]), card: card(`${key}/ide${i}`), signupIp: line.v4 });
    const ua = r.pick(['Cline/3.1.4', 'Cline/3.2.0', 'Continue/0.9.240 (vscode)', 'RooCode/3.3.1', 'aider/0.70.0']) + ` ${sdkUa(r, r.chance(0.5) ? 'openai-node' : 'anthropic-py')}`;
    const ep = r.chance(0.5) ? 'messages' : 'chat.completions';
    const p = newPerson(r, ctry.tz, r.uni(2, 8), r.chance(0.6));
    live(p, c.start, c.end, () => 1, () => {
      const it0 = r.chance(0.5) ? r.pick(c.corpora.of('codealpaca')) : r.pick(c.corpora.of('conala-so-questions'));
      // the one huge line of the world: copy 0's first IDE user pastes a whole build log into the first task
      const it = hugeLog && i === 0 ? { ...it0, prompt: `${it0.prompt}\n\nmy build fails, here is the whole log:\n${Array.from({ length: 3000 }, (_, k) => `[${k % 60}:${(k * 7) % 60}] WARN gradle: deprecated API in module-${k % 97} (see build/reports/${k}.html)`).join('\n')}` } : it0;
      hugeLog = false;
      let loops = 1;
      const conv: Conv = {
        left: () => loops,
        cost: () => 0.6,
        turn(t) {
          loops--;
          const msgs: Msg[] = [{ role: 'user', content: `<task>\n${it.prompt}\n</task>\n<environment_details>\n# Current Working Directory: /home/${r.pick(['dev', 'me', 'user'])}/${r.pick(['api', 'web', 'scripts', 'app'])}\n</environment_details>` }];
          const steps = r.int(2, 9);
          for (let k = 0; k < steps; k++) {
            const s = sendRetry(c.sink, r, `${key}/ide${i}`, a, t, { ip: homeIp(line, 'ws', t, 0.3), ua, model: r.chance(0.8) ? MODELS.big : MODELS.think, endpoint: ep, system: SYS_IDE, messages: [...msgs], tools: IDE_TOOLS, temperature: 0, max_tokens: 8192, stream: true, out: r.lognormal(300, 0.8), toolCalls: k < steps - 1 ? 1 : undefined, stop: k < steps - 1 ? 'tool_use' : undefined, lang: 'en' }, 3);
            msgs.push({ role: 'assistant', content: `<${r.pick(IDE_TOOLS.slice(0, 6))}>…</>` }, { role: 'tool', content: r.pick(['File saved.', 'Command executed. Output: 3 passed', `Contents of src/${r.pick(['main', 'util', 'index'])}.${r.pick(['py', 'ts', 'go'])}: ...`, 'No results found', 'Exit code 1: ModuleNotFoundError']) });
            t = s.end + r.lognormal(2500, 0.6);
          }
          return t + r.lognormal(60_000, 0.8);
        },
      };
      return conv;
    });
  }
}

/** a copy's hackathon: its country, venue address and opening time */
export function hackInfo(key: string, start: number) {
  const r = new Rng(`${key}/hack`);
  const ctry = country(r.pick(['US', 'GB', 'DE', 'IN', 'FR', 'CA']));
  return { r, ctry, venue: VENUE(`${key}/hack`), at: atLocal(HACK_AT(start), ctry.tz, 9.5) };
}

function hackathon(c: Ctx, key: string, n: number): void {
  const { r, ctry, venue, at } = hackInfo(key, c.start);
  const starter = starterItem(c);
  for (let i = 0; i < n; i++) {
    const pr = r.fork(`h${i}`);
    const home = homeLine(pr, ctry, `${key}/hack${i}`);
    const created = at - pr.uni(-3 * HOUR, 2 * DAY);
    const a = c.account({ stream: `${key}/hack${i}`, r: pr, persona: 'hackathon_participant', campaign: null, created, country: ctry.cc, tz: ctry.tz, tier: 'free', email: pr.pick(['gmail.com', 'outlook.com', 'icloud.com']), signupIp: created > at ? venue : home.v4 });
    const ua = pr.chance(0.6) ? sdkUa(pr, pr.pick(['openai-py', 'openai-node', 'langchain'] as const)) : browserUa(pr, false);
    const keep = pr.chance(0.35);
    const p = newPerson(pr, ctry.tz, pr.uni(10, 30), false);
    p.tolerance *= 2;
    p.shift = 2;
    let first = true;
    const from = Math.max(created, at) + pr.uni(0, 2 * HOUR);
    const over = at + 36 * HOUR;
    live(p, from, keep ? c.end : over, (t) => (t < over ? 3 : 0.15), (t) => {
      const ip = (tt: number) => (tt < over ? (pr.chance(0.15) ? mobileIp(ctry, `${key}/hack${i}`, Math.floor(tt / HOUR), true) : venue) : homeIp(home, 'laptop', tt, 0.3));
      const s1 = personal(c, pr, `${key}/hack${i}`, a, { ip, ua, model: pr.chance(0.5) ? MODELS.mini : MODELS.big, endpoint: endpointOf(ua), temperature: 0.7, lang: 'en' }, 300, { acct: a, share: 0, stream: '' });
      if (first) { first = false; return scripted(pr, [starter.prompt, 'now make it respond in JSON with keys "answer" and "confidence"'], s1, 8000); }
      const it = t < over ? pr.pick(c.corpora.of(pr.pick(['codealpaca', 'awesome-chatgpt-prompts', 'alpaca-eval', 'conala-so-questions']))) : everyday(c, pr, 'en');
      return scripted(pr, [it.prompt, ...(pr.chance(0.5) ? [pr.pick(FOLLOW)] : [])], s1, 9000);
    });
  }
}

const BENCH = [
  { name: 'gsm8k', src: 'gsm8k', sub: '', n: 200, wrap: (p: string) => `Question: ${p}\nAnswer: Let's think step by step.`, out: 180, mt: 512 },
  { name: 'mmlu', src: 'mmlu-redux', sub: '', n: 300, wrap: (p: string) => `${p}\nAnswer with the letter only.`, out: 1, mt: 1 },
  { name: 'bbh', src: 'bbh', sub: '', n: 250, wrap: (p: string) => `${p}\nA:`, out: 60, mt: 256 },
  { name: 'humaneval', src: 'code-benchmarks', sub: 'humaneval/', n: 164, wrap: (p: string) => `Complete the function.\n\n${p}`, out: 220, mt: 768 },
  { name: 'math', src: 'math-competition', sub: 'MATH', n: 200, wrap: (p: string) => `${p}\nPut the final answer in \\boxed{}.`, out: 350, mt: 1024 },
] as const;

function researchers(c: Ctx, key: string, n: number): void {
  const campus = `${key}/campus`;
  for (let i = 0; i < n; i++) {
    const r = new Rng(`${key}/res${i}`);
    const ctry = country(r.pick(['US', 'GB', 'DE', 'CN', 'KR', 'CA']));
    const onCloud = r.chance(0.4);
    const host = `${key}/res${i}/gpu`;
    const a = c.account({ stream: `${key}/res${i}`, r, persona: 'benchmark_researcher', campaign: null, created: aged(r, c.start, 30, 500), country: ctry.cc, tz: ctry.tz, tier: 'build2', email: `${r.pick(['cs', 'eecs', 'informatik', 'ai'])}.${r.pick(['stateu', 'tsinghua', 'kaist', 'ucl', 'toronto'])}.edu`, card: card(`${key}/res${i}`), signupIp: campusIp(campus, `r${i}`, c.start - 60 * DAY) });
    const ua = sdkUa(r, r.pick(['openai-py', 'httpx', 'litellm'] as const)) + (r.chance(0.5) ? ' lm-eval-harness/0.4.5' : '');
    const runs = r.int(3, 6);
    for (let k = 0; k < runs; k++) {
      const b = r.pick(BENCH);
      const model = r.pick([MODELS.big, MODELS.mini, MODELS.old, MODELS.think]);
      const day = r.int(0, c.days - 1);
      const st = atLocal(c.start + day * DAY + 12 * HOUR, ctry.tz, r.uni(9, 22));
      const items = c.corpora.sub(b.src, b.sub).slice(0, b.n);
      const sc = r.chance(0.2);
      const repeat = r.chance(0.3) ? 2 : 1;
      let idx = 0;
      pace({ rng: r.fork(`run${k}`), start: st, end: st + 20 * HOUR, budget: Infinity, workers: r.pick([4, 8, 16]), step: (t) => {
        if (idx >= items.length * repeat) return undefined;
        const it = items[idx++ % items.length]!;
        const s = sendRetry(c.sink, r, `${key}/res${i}`, a, t, { ip: onCloud ? cloudIp('aws', host) : campusIp(campus, `r${i}`, t), ua, model, endpoint: 'chat.completions', messages: [{ role: 'user', content: b.wrap(it.prompt) }], temperature: sc ? 0.7 : 0, max_tokens: b.mt, out: r.lognormal(b.out, 0.4), lang: 'en', extra: sc ? { n: 5 } : b.name === 'mmlu' ? { logprobs: true, top_logprobs: 5, seed: 0 } : { seed: 0 } }, 6);
        return { end: s.end, spent: s.spent };
      } });
    }
  }
}

function ci(c: Ctx, key: string, products: number): void {
  for (let pI = 0; pI < products; pI++) {
    const r = new Rng(`${key}/ci${pI}`);
    const ctry = country(r.pick(['US', 'DE', 'GB', 'IN']));
    const o = org(`${key}/ci${pI}`);
    const dom = `${r.pick(['quill', 'tessellate', 'parcel', 'runbook'])}${r.hex(3)}.dev`;
    const cc = card(`${key}/ci${pI}`);
    const suite = [...c.corpora.of('mt-bench-vicuna-bench').slice(0, 25), ...Array.from({ length: 15 }, (_, k) => item(c.corpora.of('alpaca-eval'), murmur(`${key}/ci${pI}`) + k * 11))];
    const ua = r.chance(0.5) ? 'promptfoo/0.98.0 OpenAI/JS 4.73.0' : sdkUa(r, 'httpx') + ' deepeval/1.5.5';
    const prod = c.account({ stream: `${key}/ci${pI}/prod`, r, persona: 'ci_eval', campaign: null, created: aged(r, c.start, 40, 300), country: ctry.cc, tz: ctry.tz, tier: 'build2', org: o, email: dom, card: cc, verified: true, signupIp: officeV4(o) });
    const stg = c.account({ stream: `${key}/ci${pI}/stg`, r, persona: 'ci_eval', campaign: null, created: aged(r, c.start, 40, 300), country: ctry.cc, tz: ctry.tz, tier: 'build1', org: o, email: dom, card: cc, verified: true, signupIp: officeV4(o) });
    const run = (acct: Account, stream: string, st: number, items: Item[], job: string) => {
      let idx = 0;
      pace({ rng: r.fork(job), start: st, end: st + 3 * HOUR, budget: Infinity, workers: 4, step: (t) => {
        if (idx >= items.length) return undefined;
        const it = items[idx++]!;
        const s = sendRetry(c.sink, r, stream, acct, t, { ip: runnerIp(`${stream}|${job}`), ua, model: MODELS.big, endpoint: 'chat.completions', messages: [{ role: 'user', content: it.prompt }], temperature: 0, max_tokens: 1024, out: r.lognormal(300, 0.5), lang: 'en', extra: { seed: 42 } }, 4);
        return { end: s.end, spent: s.spent };
      } });
    };
    for (let d = 0; d < c.days; d++) {
      const night = c.start + d * DAY + r.uni(1.5, 3) * HOUR;
      run(prod, `${key}/ci${pI}/prod`, night, suite, `n${d}`);
      if (weekday(c.start + d * DAY, 0) >= 1 && weekday(c.start + d * DAY, 0) <= 5) {
        const pushes = r.poisson(2);
        for (let k = 0; k < pushes; k++) run(stg, `${key}/ci${pI}/stg`, atLocal(c.start + d * DAY + 12 * HOUR, ctry.tz, r.uni(9, 18)), suite.slice(0, 15), `p${d}.${k}`);
      }
    }
  }
}

function apps(c: Ctx, key: string): void {
  const kinds = [
    { name: 'tutor', accts: 1, users: 70, sys: SYS_TUTOR, ccs: ['US', 'GB', 'IN', 'CA', 'AU'], cloud: 'gcp' as const },
    { name: 'support', accts: 2, users: 80, sys: SYS_SUPPORT, ccs: ['DE', 'GB', 'FR'], cloud: 'azure' as const },
    { name: 'writer', accts: 1, users: 60, sys: SYS_WRITER, ccs: ['US', 'GB', 'CA', 'IN', 'NG'], cloud: 'aws' as const },
    { name: 'travel', accts: 2, users: 70, sys: SYS_TRAVEL, ccs: ['ES', 'FR', 'US', 'BR', 'JP'], cloud: 'oracle' as const },
  ];
  for (const k of kinds) {
    const r = new Rng(`${key}/app-${k.name}`);
    const o = org(`${key}/app-${k.name}`);
    const home = country(k.ccs[0]!);
    const dom = `${k.name}${r.hex(4)}.app`;
    const cc = card(`${key}/app-${k.name}`);
    const ua = sdkUa(r, r.pick(['openai-node', 'openai-py', 'anthropic-py', 'go'] as const));
    const accts = Array.from({ length: k.accts }, (_, j) => c.account({ stream: `${key}/app-${k.name}/${j}`, r, persona: 'app_backend', campaign: null, created: aged(r, c.start, 60, 400), country: home.cc, tz: home.tz, tier: 'build3', org: o, email: dom, card: cc, verified: true, keys: 3, zeroRetention: k.name === 'support' && j === 1, signupIp: cloudIp(k.cloud, `${key}/${k.name}/h0`) }));
    for (let u = 0; u < k.users; u++) {
      const ur = r.fork(`u${u}`);
      const uc = country(ur.pick(k.ccs));
      const acct = accts[u % accts.length]!;
      const p = newPerson(ur, uc.tz, ur.pareto(0.3, 1.5));
      const uid = `u_${murmur(`${key}/${k.name}/${u}`).toString(36)}`;
      live(p, c.start, c.end, () => 1, () => {
        const ip = () => cloudIp(k.cloud, `${key}/${k.name}/h${ur.int(0, 2)}`);
        const base = { ip, ua, model: MODELS.mini, endpoint: endpointOf(ua), system: k.sys, lang: 'en', stream: true, extra: { user: uid } };
        if (k.name === 'tutor') { const it = ur.chance(0.7) ? ur.pick(c.corpora.of('gsm8k')) : ur.pick(c.corpora.sub('math-competition', 'MATH')); return scripted(ur, [it.prompt, ur.pick(['is it 12?', 'I think I multiply first?', 'no idea', 'ok I got it']), ...(ur.chance(0.5) ? ['thanks'] : [])], personal(c, ur, `${key}/app-${k.name}/${u}`, acct, base, 150), 20_000); }
        if (k.name === 'writer') { const it = ur.pick(c.corpora.of('self-instruct-user-oriented')); return scripted(ur, [it.prompt], personal(c, ur, `${key}/app-${k.name}/${u}`, acct, { ...base, temperature: 0.4 }, 200)); }
        if (k.name === 'support') {
          const it = ur.pick(c.corpora.sub('tool-use-agentic', 'tau-bench'));
          return scripted(ur, [it.prompt.slice(0, 600), ur.pick(['yes that one', 'my account number is on the bill, one sec', 'ok thanks'])], (t, msgs) => {
            const s1 = sendRetry(c.sink, ur, `${key}/app-${k.name}/${u}`, acct, t, { ...base, ip: ip(), messages: msgs, tools: SUPPORT_TOOLS, out: 40, toolCalls: 1, stop: 'tool_use' }, 3);
            const s2 = sendRetry(c.sink, ur, `${key}/app-${k.name}/${u}`, acct, s1.end + ur.uni(200, 900), { ...base, ip: ip(), messages: [...msgs, { role: 'assistant', content: '[tool call]' }, { role: 'tool', content: `{"status":"ok","plan":"${ur.pick(['Fixed 12', 'Flex', 'Green 24'])}"}` }], tools: SUPPORT_TOOLS, out: ur.lognormal(120, 0.5) }, 3);
            return s2;
          });
        }
        const it = ur.pick(c.corpora.of(ur.chance(0.5) ? 'alpaca-eval' : 'oasst-prompts'));
        return scripted(ur, turnsOf(ur, it, 'en'), personal(c, ur, `${key}/app-${k.name}/${u}`, acct, base, 220));
      });
    }
  }
}

function translators(c: Ctx, key: string, n: number): void {
  for (let i = 0; i < n; i++) {
    const r = new Rng(`${key}/tr${i}`);
    const ctry = pickCountry(r, ['DE', 'FR', 'ES', 'JP', 'PL', 'BR', 'KR']);
    const line = homeLine(r, ctry, `${key}/tr${i}`);
    const to = r.pick(LANGS);
    const a = c.account({ stream: `${key}/tr${i}`, r, persona: 'translator', campaign: null, created: aged(r, c.start, 30, 600), country: ctry.cc, tz: ctry.tz, tier: 'build1', email: r.pick(['gmail.com', 'web.de', 'orange.fr', `${r.hex(4)}-translations.com`]), card: card(`${key}/tr${i}`), signupIp: line.v4 });
    const ua = r.pick(['memoQ/11.2 OpenAI-MT-plugin/1.4', 'TradosStudio/18.1 AI-Assistant/1.3', 'Phrase-TMS/connector 2.8', 'Smartcat-LLM/0.9']);
    const glossary = r.pick(['invoice = Rechnung; account = Konto', 'shipment = envío', 'user = utilisateur; sign in = se connecter', 'device = デバイス']);
    const p = newPerson(r, ctry.tz, r.uni(2, 5), false);
    live(p, c.start, c.end, (t) => { const wd = weekday(t, ctry.tz); return wd >= 1 && wd <= 5 ? 1.3 : 0.2; }, () => {
      // a document: 15–70 segments sent one after another as the translator confirms them
      const segs = r.int(15, 70);
      const src = c.corpora.of(r.pick(['alpaca-eval', 'self-instruct-user-oriented', 'oasst-prompts', 'nq-open-queries']));
      const off = r.int(0, src.length - 1);
      let k = 0;
      return {
        left: () => segs - k,
        cost: () => 0.05,
        turn(t) {
          const seg = item(src, off + k++).prompt.split(/(?<=[.!?])\s+/)[0]!.slice(0, 400);
          const s = sendRetry(c.sink, r, `${key}/tr${i}`, a, t, { ip: homeIp(line, 'pc', t, 0.2), ua, model: MODELS.big, endpoint: 'chat.completions', system: TRANSLATE_SYS(to, glossary), messages: [{ role: 'user', content: seg }], temperature: 0.2, max_tokens: 1024, out: Math.max(5, seg.length / 3.5), lang: 'en' }, 3);
          return s.end + r.lognormal(25_000, 0.9);
        },
      };
    });
  }
}

function labelShops(c: Ctx, key: string, shops: number): void {
  for (let sI = 0; sI < shops; sI++) {
    const r = new Rng(`${key}/lab${sI}`);
    const ctry = country(r.pick(['IN', 'NG', 'BR', 'PL', 'US']));
    const o = org(`${key}/lab${sI}`);
    const host = `${key}/lab${sI}/srv`;
    const labels = r.pick([['positive', 'negative', 'neutral'], ['safe', 'unsafe'], ['question', 'statement', 'request', 'other'], ['A', 'B', 'C', 'D']]);
    const src = c.corpora.of(r.pick(['nq-open-queries', 'webquestions', 'hh-rlhf-harmless-test', 'sharegpt-sample']));
    const accts = [0, 1].map((j) => c.account({ stream: `${key}/lab${sI}/${j}`, r, persona: 'labelling_shop', campaign: null, created: aged(r, c.start, 20, 200), country: ctry.cc, tz: ctry.tz, tier: 'build2', org: o, email: `${r.pick(['annot', 'tagworks', 'datalabel'])}${r.hex(3)}.com`, card: card(`${key}/lab${sI}`), verified: r.chance(0.5), signupIp: officeV4(o) }));
    let off = r.int(0, src.length - 1);
    for (let d = 0; d < c.days; d++) {
      if (weekday(c.start + d * DAY + 12 * HOUR, ctry.tz) % 6 === 0) continue;
      accts.forEach((a, j) => {
        const st = atLocal(c.start + d * DAY + 12 * HOUR, ctry.tz, 9 + r.uni(0, 1));
        pace({ rng: r.fork(`d${d}.${j}`), start: st, end: st + 9 * HOUR, budget: r.int(120, 300) * 80, workers: 2, step: (t) => {
          const it = item(src, off++);
          const s = sendRetry(c.sink, r, `${key}/lab${sI}/${j}`, a, t, { ip: r.chance(0.8) ? officeV4(o) : cloudIp('digitalocean', host), ua: sdkUa(r, 'openai-py'), model: MODELS.mini, endpoint: 'chat.completions', system: LABEL_SYS(labels), messages: [{ role: 'user', content: `Text: ${it.prompt.slice(0, 800)}` }], temperature: 0, max_tokens: 1, out: 1, stop: 'label', lang: 'en', extra: { logprobs: true, top_logprobs: r.int(2, 5) } }, 4);
          return { end: s.end, spent: 80 };
        } });
      });
    }
  }
}

function dormant(c: Ctx, key: string, n: number): void {
  for (let i = 0; i < n; i++) {
    const r = new Rng(`${key}/dorm${i}`);
    const ctry = pickCountry(r);
    c.account({ stream: `${key}/dorm${i}`, r, persona: 'dormant', campaign: null, created: aged(r, c.start, 5, 900), country: ctry.cc, tz: ctry.tz, tier: 'free', email: 'gmail.com' });
  }
}

/** one copy of the benign base mix */
export function benignCopy(c: Ctx, seed: string, copy: number): void {
  const key = `${seed}/c${copy}`;
  const n = Object.fromEntries(BASE_UNITS.map((u) => [u.persona, u.accounts])) as Record<(typeof BASE_UNITS)[number]['persona'], number>;
  for (let i = 0; i < n.individual; i++) individual(c, key, i);
  for (let h = 0; h < n.household / 3; h++) household(c, key, h);
  classroom(c, key, n.class_student);
  company(c, key, n.company_seat);
  ideUsers(c, key, n.ide_agent_user);
  hackathon(c, key, n.hackathon_participant);
  researchers(c, key, n.benchmark_researcher);
  ci(c, key, n.ci_eval / 2);
  apps(c, key);
  translators(c, key, n.translator);
  labelShops(c, key, n.labelling_shop / 2);
  dormant(c, key, n.dormant);
}
export { COUNTRIES };
