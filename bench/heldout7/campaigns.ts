/**
 * heldout/v7's campaigns, from public patterns of reported distillation and
 * model extraction. Each harvesting worker is an AIMD client against its tier's
 * per-minute limit (model.ts) inside its operator's windows, or, for those that
 * hide on human hours, the same MMPP people follow. A campaign's items sit in
 * one shared queue, each asked once across its accounts. Persona = strategy.
 */
import type { Rng } from './rng.js';
import type { Corpora, Item } from './corpora.js';
import { MIN, HOUR, DAY, CURVES, Aimd, mmppDay, type Account, type Actor, type Emit, type MmppProfile, type MmppState, type Msg } from './model.js';
import { account, card, coinage, mailFor, orgId, MODELS, RELEASE_DAY, type NewAccount } from './accounts.js';
import { COUNTRIES, UA, cloudAddr, countryOf, dcProxyAddr, home, homeAddr, mobileAddr, type Cloud } from './net.js';
import { PEOPLE_FOLLOWUPS, answerText, converse, latencyMs, readerThink, type Base } from './talk.js';
import { chatPool, draw } from './pools.js';
import { FRAMEWORK_PROMPT, FRAMEWORK_TOOLS, labExercises, type Crowd } from './benign.js';

export const CAMPAIGN_SIZE = {
  throwaway_hours: 210, split_org_proxy: 48, slow_ramp: 30, aged_paraphrase: 25, launch_pivot: 20, eval_shaped: 18,
  reasoning_chain: 16, tool_trace: 12, judge_grading: 10, class_insider: 5, reseller_relay: 4, logit_probe: 3, lone_operator: 6,
} as const;
export type Strategy = keyof typeof CAMPAIGN_SIZE;
export const STRATEGIES = Object.keys(CAMPAIGN_SIZE) as Strategy[];
/** Campaign ids: one per strategy, except the lone operators (three unrelated people: 1, 2 and 3 accounts). */
export const LONE_SPLIT = [1, 2, 3];

export interface CampaignCtx { rng: Rng; corpora: Corpora; start: number; days: number; course: Crowd }
export interface Built { accounts: Account[]; actors: Actor[] }

/** One queue of items, each taken once by whichever worker asks next. */
class Queue {
  private i = 0;
  constructor(private items: Item[]) {}
  take(): Item | undefined { return this.items[this.i++]; }
  get left(): number { return this.items.length - this.i; }
}
const mixItems = (rng: Rng, lists: Item[][], cap?: number): Item[] => { const xs = rng.shuffle(lists.flat()); return cap ? xs.slice(0, cap) : xs; };

interface Req { turns: string[]; system?: string; params?: Record<string, unknown>; model?: string; tools?: string[]; toolCalls?: number; ip: string; ua: string; endpoint: string; think?: (r: Rng, prev: number) => number; outTok: (r: Rng, turn: number) => number; key?: string }

/**
 * A scripted worker: inside each window it sends the next item, waits the AIMD
 * gap, and backs off on 429. `budget` caps a day's conversations.
 */
class Worker implements Actor {
  constructor(private o: { acct: Account; rng: Rng; ctl: Aimd; q: Queue; windows: (d: number, ds: number, r: Rng) => [number, number][]; budget?: (d: number, r: Rng) => number; make: (r: Rng, it: Item, t: number) => Req; until?: number }) {}
  day(d: number, ds: number, emit: Emit): void {
    const o = this.o;
    const rng = o.rng.fork(d);
    let n = o.budget ? o.budget(d, rng) : Infinity;
    for (const [a, b] of o.windows(d, ds, rng)) {
      let t = Math.max(a, o.acct.created_at + rng.int(20_000, 200_000));
      const end = Math.min(b, o.until ?? Infinity);
      while (t < end && n > 0) {
        const it = o.q.take();
        if (!it) return;
        const req = o.make(rng, it, t);
        const base: Base = { acct: o.acct, key: req.key ?? rng.pick(o.acct.api_keys), ip: req.ip, ua: req.ua, model: req.model ?? MODELS.large, endpoint: req.endpoint, system: req.system, params: { ...req.params, ...(req.tools ? { tools: req.tools } : {}) }, lang: it.lang };
        while (o.ctl.send(t) === 429) {
          emit({ ...base, t, messages: [{ role: 'user', content: req.turns[0]! }], answer: '', outTok: 0, status: 429, stop: 'error' });
          t += rng.int(2_000, 20_000);
        }
        t = converse(rng, base, req.turns, t, { think: req.think ?? ((r) => r.logNormal(3, 0.6)), outTok: req.outTok, fail: 0.004, tools: req.toolCalls ? { calls: req.toolCalls } : undefined }, emit);
        t += o.ctl.gap(rng);
        n--;
      }
    }
  }
}

/** A worker on human hours: MMPP conversation starts, each an item from the queue (or cover chat). */
class HumanPaced implements Actor {
  private st: MmppState = { s: 0 };
  constructor(private o: { acct: Account; rng: Rng; prof: MmppProfile; offset: number; q: Queue; cover: number; coverPick: (r: Rng) => string[]; make: (r: Rng, it: Item) => Req }) {}
  day(d: number, ds: number, emit: Emit): void {
    const o = this.o;
    const rng = o.rng.fork(d);
    for (const a of mmppDay(rng, o.prof, this.st, ds, o.offset)) {
      if (a.t < o.acct.created_at) continue;
      const it = rng.chance(o.cover) ? undefined : o.q.take();
      const req = it ? o.make(rng, it) : { ...o.make(rng, { id: 'cover', category: 'chat', lang: 'en', prompt: '' }), turns: o.coverPick(rng) };
      converse(rng, { acct: o.acct, key: rng.pick(o.acct.api_keys), ip: req.ip, ua: req.ua, model: req.model ?? MODELS.large, endpoint: req.endpoint, system: req.system, params: { ...req.params, ...(req.tools ? { tools: req.tools } : {}) }, lang: it?.lang ?? 'en' }, req.turns, a.t, { think: req.think ?? readerThink(230), outTok: req.outTok, fail: 0.003 }, emit);
    }
  }
}

const long = (r: Rng) => r.logNormal(1400, 0.5);
const localWindow = (ds: number, offsetMin: number, fromH: number, toH: number): [number, number] => {
  let a = ds + (fromH * 60 - offsetMin) * MIN;
  let b = ds + (toH * 60 - offsetMin) * MIN;
  while (a >= ds + DAY) { a -= DAY; b -= DAY; }
  while (b <= ds) { a += DAY; b += DAY; }
  // the part before this day's start belonged to yesterday's call
  return [Math.max(a, ds), b];
};

const REASON_ASK = ['Show your complete reasoning step by step, then the final answer.', 'Think it through carefully and write out every intermediate step.', 'Explain the full derivation before giving the result.', 'Walk through the solution in detail; do not skip steps.'];

export function buildCampaigns(c: CampaignCtx): Built {
  const out: Built = { accounts: [], actors: [] };
  const R = (k: string) => c.rng.fork(k);
  const cp = c.corpora;
  const { start, days } = c;
  const mk = (r: Rng, strategy: Strategy, a: Omit<NewAccount, 'persona'>, cid = `cmp-${strategy}`) => {
    const x = account(r, { ...a, persona: strategy, label: 'campaign', campaign_id: cid });
    out.accounts.push(x);
    return x;
  };
  const mathPool = cp.get('math-competition');
  const codePool = [...cp.get('code-benchmarks', 'leetcode'), ...cp.get('code-benchmarks', 'mbpp')];

  // throwaway_hours: sign-up bot waves; each account lives 2-9 hours on a mobile carrier's shared NAT
  {
    const r = R('throwaway');
    const q = new Queue(mixItems(r, [mathPool.slice(5000), codePool, cp.get('bbh').slice(3000)]));
    const carriers = ['US', 'BR', 'IN', 'NG'].map(countryOf);
    for (let i = 0; i < CAMPAIGN_SIZE.throwaway_hours; i++) {
      const x = r.fork(i);
      const wave = Math.floor(i / 14);
      const country = carriers[wave % carriers.length]!;
      const born = start + (0.6 + wave * (days - 1.5) / 15) * DAY + x.next() * 40 * MIN;
      const life = x.int(2, 9) * HOUR;
      const ua = x.chance(0.5) ? UA.browser(x) : x.pick([UA.pyOpenai(x), UA.requests(x)]);
      const acct = mk(x, 'throwaway_hours', { created_at: born, email_domain: mailFor(x, x.pick(['en', 'en', 'ru', 'zh'])), signup_ip: mobileAddr(x, country), country: country.cc, tier: 'free' });
      const n = x.int(12, 50);
      out.actors.push(new Worker({ acct, rng: x, ctl: new Aimd(1.5, 0.3, 5, 4), q, until: born + life, budget: () => n,
        windows: (d, ds) => (born >= ds && born < ds + DAY ? [[born, born + life]] : []),
        make: (y, it) => ({ turns: [`${it.prompt}\n\n${y.pick(REASON_ASK)}`], ip: mobileAddr(y, country), ua, endpoint: ua.startsWith('Mozilla') ? 'messages' : 'chat.completions', params: { max_tokens: y.pick([8000, 16000, 32000]), ...(y.chance(0.4) ? { reasoning_effort: 'high' } : {}) }, model: y.chance(0.5) ? MODELS.reason : MODELS.large, outTok: long, think: (z) => z.logNormal(20, 0.8) }) }));
    }
  }

  // split_org_proxy: one sweep sharded over six apparent organisations, each on its own proxy kind
  {
    const r = R('split');
    const q = new Queue(mixItems(r, [cp.get('instruction-sweeps'), cp.get('codealpaca').slice(3000), cp.get('alpaca-eval'), cp.get('arena-hard').filter((x) => x.lang === 'en')]));
    const kinds = ['dc', 'res', 'mobile', 'dc', 'res', 'mobile'] as const;
    const templates = [(p: string) => `Respond thoroughly and accurately.\n\n${p}`, (p: string) => `${p}\n\nGive a detailed, well-structured answer.`, (p: string) => `Task: ${p}\nResponse:`, (p: string) => `### Instruction\n${p}\n### Response`, (p: string) => p, (p: string) => `${p} (please be comprehensive)`];
    for (let o = 0; o < 6; o++) {
      const ro = r.fork(`org${o}`);
      const org = orgId(ro);
      const dom = `${coinage(ro)}${ro.pick(['labs', 'soft', 'data', 'ai'])}.${ro.pick(['com', 'io', 'co'])}`;
      const pm = card(ro);
      const country = ro.pick(COUNTRIES.filter((x) => x.lang === 'en'));
      const [ua, ep] = ro.pick([[UA.pyOpenai(ro), 'chat.completions'], [UA.jsAnthropic(ro), 'messages'], [UA.go(), 'chat.completions'], [UA.httpx(ro), 'messages'], [UA.pyAnthropic(ro), 'messages'], [UA.axios(ro), 'responses']] as [string, string][]);
      const shift = o * 4;
      for (let k = 0; k < 8; k++) {
        const x = ro.fork(k);
        const acct = mk(x, 'split_org_proxy', { created_at: start - x.int(3, 40) * DAY, org_id: org, email_domain: dom, payment_fingerprint: pm, country: country.cc, tier: 'tier-3', keys: 2 });
        const exit = (y: Rng, t: number) => kinds[o] === 'dc' ? dcProxyAddr(y.fork(Math.floor(t / HOUR)), o) : kinds[o] === 'res' ? homeAddr(y, home(y, y.pick(COUNTRIES))) : mobileAddr(y, y.pick(COUNTRIES));
        out.actors.push(new Worker({ acct, rng: x, ctl: new Aimd(2, 0.2, 40, 6), q, budget: (_, y) => y.int(12, 30),
          windows: (_, ds) => [[ds + ((shift + k % 3) % 24) * HOUR, ds + ((shift + k % 3) % 24) * HOUR + 9 * HOUR]],
          make: (y, it, t) => ({ turns: [templates[o]!(it.prompt)], ip: exit(y, t), ua, endpoint: ep, params: { max_tokens: 4096, temperature: y.pick([0.7, 1]) }, outTok: (z) => z.logNormal(700, 0.5) }) }));
      }
    }
  }

  // slow_ramp: accounts join on a logistic curve and each one's daily volume ramps with it
  {
    const r = R('ramp');
    const q = new Queue(mixItems(r, [cp.get('oasst-prompts'), cp.get('alpaca-eval'), cp.get('self-instruct-user-oriented'), cp.get('webquestions').slice(2000), cp.get('arena-hard').filter((x) => x.lang === 'en'), cp.get('nq-open-queries').slice(0, 3000)]));
    const ua = UA.pyAnthropic(r);
    const logistic = (d: number) => 1 / (1 + Math.exp(-(d - 6) / 1.3));
    for (let i = 0; i < CAMPAIGN_SIZE.slow_ramp; i++) {
      const x = r.fork(i);
      // the i-th account joins when the curve passes (i + 0.5) / n
      let joinDay = 0;
      while (joinDay < days - 2 && logistic(joinDay) * CAMPAIGN_SIZE.slow_ramp < i + 0.5) joinDay++;
      if (i < 2) joinDay = 0;
      const country = x.pick(['US', 'GB', 'AU'].map(countryOf));
      const acct = mk(x, 'slow_ramp', { created_at: start + (joinDay - x.int(1, 3)) * DAY + x.next() * DAY, email_domain: mailFor(x, 'en'), country: country.cc, tier: 'tier-1' });
      out.actors.push(new Worker({ acct, rng: x, ctl: new Aimd(0.5, 0.05, 20, 2), q, budget: (d) => (d < joinDay ? 0 : Math.round(3 + 40 * logistic(d))),
        windows: (_, ds) => [localWindow(ds, country.offsetMin, 8, 23)],
        make: (y, it) => ({ turns: [`${it.prompt}\n\nPlease explain thoroughly.`], system: 'You are a knowledgeable assistant. Give complete, accurate, well-organised answers.', ip: homeAddr(y, home(y, country)), ua, endpoint: 'messages', params: { max_tokens: 4096 }, outTok: (z) => z.logNormal(800, 0.5), think: (z) => z.logNormal(30, 0.8) }) }));
    }
  }

  // aged_paraphrase: old accounts on their own home lines, human hours (MMPP), items wrapped in everyday wording
  {
    const r = R('aged');
    const q = new Queue(mixItems(r, [cp.get('gsm8k').slice(4000), mathPool.slice(1000, 3000), cp.get('bbh').slice(1000, 2500), cp.get('codealpaca').slice(500, 2000), cp.get('mmlu-redux').slice(2000)]));
    const lead = ['my nephew asked me this and I\'m stumped:', 'ok random one -', 'quick q for you.', 'work thing, need help:', 'could you help with this?', 'been stuck on this for an hour', 'saw this online', ''];
    const tail = ['how would you work it out?', 'walk me through your thinking pls', 'and why is that the answer?', 'explain like you would to a friend', 'what\'s the reasoning', 'thx', ''];
    const typo = (y: Rng, s: string) => { if (!y.chance(0.3) || s.length < 20) return s; const i = y.int(5, s.length - 3); return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2); };
    for (let i = 0; i < CAMPAIGN_SIZE.aged_paraphrase; i++) {
      const x = r.fork(i);
      const country = x.pick(COUNTRIES.filter((k) => k.lang === 'en'));
      const h = home(x, country);
      const ua = x.chance(0.6) ? UA.browser(x) : UA.pyOpenai(x);
      const acct = mk(x, 'aged_paraphrase', { created_at: start - x.int(180, 1200) * DAY, email_domain: mailFor(x, 'en'), signup_ip: h.v4, country: country.cc, tier: x.pick(['tier-1', 'tier-2']) });
      const cover = chatPool(cp, 'en');
      out.actors.push(new HumanPaced({ acct, rng: x, offset: country.offsetMin, q, cover: 0.4, coverPick: (y) => [draw(y, cover).prompt, ...(y.chance(0.4) ? [y.pick(PEOPLE_FOLLOWUPS.en!)] : [])],
        prof: { curve: CURVES.evening, wake: 0.5, sleep: 1.5, absorb: 0.6, release: 1.8, rateAround: 0.8, rateAbsorbed: 4 },
        make: (y, it) => { const s = `${y.pick(lead)} ${typo(y, it.prompt)} ${y.pick(tail)}`.trim(); return { turns: [y.chance(0.3) ? s.toLowerCase() : s], ip: homeAddr(y, h), ua, endpoint: ua.startsWith('Mozilla') ? 'messages' : 'chat.completions', params: ua.startsWith('Mozilla') ? { stream: true } : { max_tokens: 2048 }, outTok: (z) => z.logNormal(600, 0.6) }; } }));
    }
  }

  // launch_pivot (own idea): steady harvest, then within a day of a model release most traffic moves to it, re-asking earlier items
  {
    const r = R('pivot');
    const items = mixItems(r, [cp.get('arena-hard').filter((x) => x.lang === 'en'), cp.get('codealpaca').slice(0, 500), mathPool.slice(3000, 4500), cp.get('mt-bench-vicuna-bench')]);
    const q = new Queue(items);
    const asked: Item[] = [];
    const release = start + RELEASE_DAY * DAY + r.int(14, 18) * HOUR;
    const org = orgId(r);
    for (let i = 0; i < CAMPAIGN_SIZE.launch_pivot; i++) {
      const x = r.fork(i);
      const cloud: Cloud = x.pick(['aws', 'gcp']);
      const acct = mk(x, 'launch_pivot', { created_at: start - x.int(30, 90) * DAY, org_id: i < 10 ? org : undefined, email_domain: `${coinage(x)}.com`, signup_ip: cloudAddr(x, cloud), country: x.pick(['US', 'SG', 'DE']), tier: 'tier-3' });
      const ip = cloudAddr(x, cloud);
      const ua = x.pick([UA.pyOpenai(x), UA.httpx(x)]);
      out.actors.push({
        day(d, ds, emit) {
          const y = x.fork(d);
          const n = d === RELEASE_DAY || d === RELEASE_DAY + 1 ? y.int(60, 110) : y.int(12, 30);
          const ctl = new Aimd(1, 0.1, 30, 3);
          let t = ds + y.int(0, 10) * HOUR + y.next() * HOUR;
          for (let k = 0; k < n && t < ds + DAY; k++) {
            const pivoted = t > release && y.chance(0.65);
            const it = pivoted && asked.length && y.chance(0.7) ? y.pick(asked) : q.take();
            if (!it) return;
            if (!pivoted) asked.push(it);
            const st = ctl.send(t);
            emit({ acct, key: acct.api_keys[0], t, ip, ua, model: pivoted ? MODELS.next : MODELS.large, endpoint: 'chat.completions', messages: [{ role: 'user', content: it.prompt }], params: { temperature: 0.6, max_tokens: 4096 }, lang: it.lang, answer: st === 200 ? answerText(y, it.prompt, it.lang) : '', outTok: st === 200 ? Math.round(y.logNormal(900, 0.5)) : 0, status: st, stop: st === 200 ? 'end_turn' : 'error' });
            t += ctl.gap(y) + latencyMs(900);
          }
        },
      });
    }
  }

  // eval_shaped: dressed as an eval harness (temperature 0, seed, several models, harness format) but whole datasets, once each, with a reasoning ask
  {
    const r = R('evalish');
    const q = new Queue(mixItems(r, [cp.get('mmlu-redux'), cp.get('bbh'), cp.get('gsm8k'), cp.get('math-competition', 'MATH'), cp.get('code-benchmarks', 'mbpp')]));
    const org = orgId(r);
    const ua = `inspect_ai/0.3.52 ${UA.pyOpenai(r)}`;
    for (let i = 0; i < CAMPAIGN_SIZE.eval_shaped; i++) {
      const x = r.fork(i);
      const cloud: Cloud = x.pick(['gcp', 'azure']);
      const acct = mk(x, 'eval_shaped', { created_at: start - x.int(10, 60) * DAY, org_id: org, email_domain: 'evalworks.ai', signup_ip: cloudAddr(x, cloud), country: 'US', tier: 'tier-3', keys: 2 });
      out.actors.push(new Worker({ acct, rng: x, ctl: new Aimd(4, 0.5, 50, 12), q, budget: (_, y) => (y.chance(0.6) ? y.int(40, 140) : 0),
        windows: (_, ds, y) => [[ds + y.pick([1, 2, 3, 14, 20]) * HOUR + y.int(0, 50) * MIN, ds + 24 * HOUR]],
        make: (y, it) => ({ turns: [`Question: ${it.prompt}\nExplain your reasoning in full before giving the answer.\nAnswer:`], ip: cloudAddr(y.fork('ip'), cloud), ua, endpoint: 'chat.completions', model: y.pick([MODELS.large, MODELS.reason, MODELS.small]), params: { temperature: 0, seed: 42, max_tokens: 4096, ...(y.chance(0.3) ? { reasoning_effort: 'high' } : {}) }, outTok: (z) => z.logNormal(700, 0.5) }) }));
    }
  }

  // reasoning_chain: human-paced conversations that open on a hard item and dig into the reasoning
  {
    const r = R('chain');
    const q = new Queue(mixItems(r, [mathPool.slice(8000, 12000), cp.get('code-benchmarks', 'leetcode'), cp.get('bbh').slice(4000)]));
    const probes = [
      ['Where exactly could someone go wrong here?', 'Which step is the easiest to get wrong, and why?'],
      ['Derive it a second, independent way.', 'Can you get the same result by a different method?'],
      ['List every assumption you used and check each one.', 'What did you assume without saying? Verify it.'],
      ['Now write the full solution as a textbook would, every step justified.', 'Write the polished final solution with all justifications.'],
      ['Summarise the key insight in one sentence.', 'What is the one idea that cracks this?'],
    ];
    for (let i = 0; i < CAMPAIGN_SIZE.reasoning_chain; i++) {
      const x = r.fork(i);
      const country = x.pick(COUNTRIES);
      const h = home(x, country);
      const sdk = x.chance(0.5);
      const ua = sdk ? UA.pyAnthropic(x) : UA.browser(x);
      const acct = mk(x, 'reasoning_chain', { created_at: start - x.int(40, 400) * DAY, email_domain: mailFor(x, country.lang), signup_ip: h.v4, country: country.cc, tier: 'tier-2' });
      const cover = chatPool(cp, 'en');
      out.actors.push(new HumanPaced({ acct, rng: x, offset: country.offsetMin, q, cover: 0.2, coverPick: (y) => [draw(y, cover).prompt],
        prof: { curve: CURVES.evening, wake: 0.6, sleep: 1.2, absorb: 0.8, release: 1.5, rateAround: 0.5, rateAbsorbed: 1.8 },
        make: (y, it) => ({ turns: [it.prompt, ...y.shuffle([...probes]).slice(0, y.int(3, 5)).map((p) => y.pick(p))], ip: homeAddr(y, h), ua, endpoint: 'messages', model: MODELS.reason, params: sdk ? { max_tokens: 16000, thinking: { type: 'enabled', budget_tokens: y.pick([8000, 12000]) } } : { stream: true }, outTok: (z) => z.logNormal(1500, 0.5), think: readerThink(260) }) }));
    }
  }

  // tool_trace: agent loops on public tool-use tasks, each once, tool results fed back; cloud hosts
  {
    const r = R('tools');
    const q = new Queue(mixItems(r, [cp.get('tool-use-agentic', 'bfcl'), cp.get('tool-use-agentic', 'apibench'), cp.get('tool-use-agentic', 'tau-bench')]));
    const box = ['search', 'fetch_url', 'run_python', 'sql_query', 'send_email', 'calendar_create', 'get_weather', 'file_read', 'file_write', 'http_request', 'translate', 'calculator'];
    const system = 'You operate as a fully autonomous agent. Plan, call tools, read their results and continue until the task is solved. Before each call, state your reasoning; after the last, give a complete account of the steps taken.';
    for (let i = 0; i < CAMPAIGN_SIZE.tool_trace; i++) {
      const x = r.fork(i);
      const cloud: Cloud = x.pick(['hetzner', 'ovh']);
      const ip = cloudAddr(x, cloud);
      const acct = mk(x, 'tool_trace', { created_at: start - x.int(5, 50) * DAY, email_domain: mailFor(x, 'en'), signup_ip: ip, country: x.pick(['DE', 'FR']), tier: 'tier-2' });
      const ua = x.pick([UA.pyAnthropic(x), UA.pyOpenai(x)]);
      out.actors.push({
        day(d, ds, emit) {
          const y = x.fork(d);
          const ctl = new Aimd(2, 0.2, 30, 6);
          let t = ds + y.int(0, 20) * HOUR;
          for (let n = y.int(6, 18); n > 0; n--) {
            const it = q.take();
            if (!it) return;
            const tools = [...new Set([...((it.meta?.tools as string[] | undefined) ?? []), ...y.shuffle([...box]).slice(0, y.int(4, 9))])];
            const msgs: Msg[] = [{ role: 'user', content: it.prompt }];
            for (let step = y.int(3, 7); step > 0; step--) {
              const st = ctl.send(t);
              const ans = st === 200 ? answerText(y, it.prompt, 'en') : '';
              emit({ acct, key: acct.api_keys[0], t, ip, ua, model: MODELS.large, endpoint: ua.startsWith('Anthropic') ? 'messages' : 'chat.completions', system, messages: [...msgs], params: { tools, max_tokens: 4096, temperature: 0 }, lang: 'en', answer: ans, outTok: st === 200 ? Math.round(y.logNormal(350, 0.5)) : 0, status: st, stop: st !== 200 ? 'error' : step > 1 ? 'tool_use' : 'end_turn', toolCalls: st === 200 && step > 1 ? 1 : 0 });
              t += latencyMs(350) + y.int(300, 2500);
              if (st !== 200) { t += 5000; continue; }
              msgs.push({ role: 'assistant', content: ans }, { role: 'tool', content: JSON.stringify({ ok: true, result: `${y.pick(tools)} returned ${y.int(1, 999)} rows` }) });
            }
            t += ctl.gap(y);
          }
        },
      });
    }
  }

  // judge_grading (own idea): the model used as a grader / reward model, public judge prompts and rubric scores, each once
  {
    const r = R('judge');
    const q = new Queue(mixItems(r, [cp.get('llm-judge-prompts'), cp.get('alpaca-eval').map((it) => ({ ...it, prompt: `Rubric: helpfulness, correctness, harmlessness, each 1-10.\nInstruction: ${it.prompt}\nResponse to grade: ${it.prompt.split(' ').reverse().join(' ')}\nReturn JSON {"helpfulness":..,"correctness":..,"harmlessness":..,"rationale":".."}` }))]));
    const org = orgId(r);
    const tw = countryOf('TW');
    for (let i = 0; i < CAMPAIGN_SIZE.judge_grading; i++) {
      const x = r.fork(i);
      const acct = mk(x, 'judge_grading', { created_at: start - x.int(20, 200) * DAY, org_id: org, email_domain: 'annotate-hub.com', country: 'TW', tier: 'tier-3', verified: i < 4 });
      const ip = cloudAddr(x, 'azure');
      out.actors.push(new Worker({ acct, rng: x, ctl: new Aimd(2, 0.2, 40, 5), q, budget: (d, y) => (new Date(start + d * DAY).getUTCDay() % 6 === 0 ? 0 : y.int(12, 35)),
        windows: (_, ds) => [localWindow(ds, tw.offsetMin, 9, 19)],
        make: (y, it) => ({ turns: [it.prompt], system: typeof it.meta?.system === 'string' ? it.meta.system : undefined, ip, ua: UA.pyOpenai(x), endpoint: 'chat.completions', params: { temperature: 0, max_tokens: 1024, ...(y.chance(0.3) ? { n: 2 } : {}) }, outTok: (z) => z.logNormal(300, 0.4) }) }));
    }
  }

  // class_insider: a few members of copy 0's real course, with its SDK and campus NAT, whose accounts also run a harvest on the campus cluster at night
  {
    const r = R('insider');
    const crowd = c.course;
    const q = new Queue(mixItems(r, [mathPool.slice(14000), cp.get('codealpaca').slice(4500)]));
    const labs = labExercises(cp);
    for (let i = 0; i < CAMPAIGN_SIZE.class_insider; i++) {
      const x = r.fork(i);
      const acct = mk(x, 'class_insider', { created_at: crowd.start + x.next() * 1.5 * DAY, email_domain: crowd.domain, signup_ip: crowd.campus.v4[0], country: crowd.country.cc, tier: 'free' });
      const h = home(x, crowd.country);
      // the lab work, like classmates
      out.actors.push(new HumanPaced({ acct, rng: x.fork('lab'), offset: crowd.offset, q: new Queue([]), cover: 1, coverPick: (y) => [y.pick(labs).prompt],
        prof: { curve: (hr, wd) => (wd === 2 || wd === 4) && hr >= 14 && hr < 17 ? 1 : 0.1, wake: 0.5, sleep: 1.5, absorb: 1, release: 2, rateAround: 0.5, rateAbsorbed: 5 },
        make: (y) => ({ turns: [], system: FRAMEWORK_PROMPT, tools: FRAMEWORK_TOOLS, ip: y.chance(0.6) ? y.pick(crowd.campus.v4) : homeAddr(y, h), ua: crowd.ua, endpoint: 'chat.completions', params: { temperature: 0 }, outTok: (z) => z.logNormal(380, 0.8) }) }));
      out.actors.push(new Worker({ acct, rng: x, ctl: new Aimd(1, 0.1, 5, 3), q, budget: (d, y) => (d < 2 ? 0 : y.int(15, 45)),
        windows: (_, ds) => [localWindow(ds, crowd.offset, 1, 5)],
        make: (y, it) => ({ turns: [`${it.prompt}\n${y.pick(REASON_ASK)}`], ip: y.pick(crowd.campus.v4), ua: crowd.ua, endpoint: 'chat.completions', params: { max_tokens: 8192 }, outTok: long, think: (z) => z.logNormal(5, 0.5) }) }));
    }
  }

  // reseller_relay: a relay's accounts carry paying end users' chats and a harvest slice on the same keys and hosts
  {
    const r = R('relay');
    const org = orgId(r);
    const pm = card(r);
    const ips = [cloudAddr(r, 'alibaba'), cloudAddr(r, 'alibaba'), cloudAddr(r, 'hetzner')];
    const q = new Queue(mixItems(r, [mathPool.slice(12000, 14000), cp.get('code-benchmarks', 'humaneval-multilang').slice(0, 1500), cp.get('llm-judge-prompts').slice(1000)]));
    const accts = Array.from({ length: CAMPAIGN_SIZE.reseller_relay }, (_, i) => mk(r.fork(i), 'reseller_relay', { created_at: start - r.int(30, 150) * DAY, org_id: org, email_domain: 'relaypool.net', payment_fingerprint: pm, signup_ip: ips[0], country: 'SG', tier: 'tier-4', keys: 5 }));
    const users = Array.from({ length: 220 }, (_, i) => { const lang = r.weighted([['zh', 5], ['ru', 2], ['en', 2]] as [string, number][]); return { lang, off: lang === 'zh' ? 480 : lang === 'ru' ? 180 : -300, st: { s: 0 } as MmppState, pool: chatPool(cp, lang), id: i }; });
    const prof: MmppProfile = { curve: CURVES.evening, wake: 0.15, sleep: 2, absorb: 0.5, release: 2.5, rateAround: 0.5, rateAbsorbed: 2.5 };
    const ua = 'new-api/0.4.7 (+https://github.com/Calcium-Ion/new-api)';
    out.actors.push({
      day(d, ds, emit) {
        for (const u of users) {
          const y = r.fork(`${d}/${u.id}`);
          for (const a of mmppDay(y, prof, u.st, ds, u.off)) {
            const acct = accts[u.id % accts.length]!;
            const it = draw(y, u.pool);
            const turns = it.turns && it.turns.length > 1 ? it.turns.slice(0, 5) : [it.prompt, ...(y.chance(0.4) ? [y.pick(PEOPLE_FOLLOWUPS[u.lang] ?? PEOPLE_FOLLOWUPS.en!)] : [])];
            converse(y, { acct, key: y.pick(acct.api_keys), ip: y.pick(ips), ua, model: y.pick([MODELS.large, MODELS.large, MODELS.small]), endpoint: 'chat.completions', params: { stream: true }, lang: u.lang }, turns, a.t, { think: readerThink(220), outTok: (z) => z.logNormal(400, 0.7), fail: 0.004 }, emit);
          }
        }
        // the harvest slice, spread over the day on the same keys
        const y = r.fork(`h${d}`);
        for (let k = y.int(220, 320); k > 0; k--) {
          const it = q.take();
          if (!it) break;
          const acct = y.pick(accts);
          converse(y, { acct, key: y.pick(acct.api_keys), ip: y.pick(ips), ua, model: y.pick([MODELS.large, MODELS.reason]), endpoint: 'chat.completions', params: { stream: true, max_tokens: 16384 }, lang: it.lang }, [`${it.prompt}\n\n${y.pick(REASON_ASK)}`], ds + y.next() * DAY, { think: () => 1, outTok: long }, emit);
        }
      },
    });
  }

  // logit_probe: one-token answers with logprobs while a logit_bias window walks through the vocabulary
  {
    const r = R('probe');
    const prefixes = r.shuffle([...cp.get('nq-open-queries').slice(5000), ...cp.get('alpaca-eval')]).slice(0, 600);
    for (let i = 0; i < CAMPAIGN_SIZE.logit_probe; i++) {
      const x = r.fork(i);
      const ip = cloudAddr(x, 'digitalocean');
      const acct = mk(x, 'logit_probe', { created_at: start - x.int(2, 30) * DAY, email_domain: 'proton.me', signup_ip: ip, country: 'NL', tier: 'tier-2' });
      let vocab = x.int(0, 50_000);
      out.actors.push({
        day(d, ds, emit) {
          const y = x.fork(d);
          const ctl = new Aimd(1, 0.05, 4, 6);
          let t = ds + y.int(0, 20) * HOUR;
          const end = t + y.int(30, 120) * MIN;
          while (t < end) {
            const p = y.pick(prefixes).prompt;
            for (let k = y.int(10, 30); k > 0 && t < end; k--) {
              const w = y.int(20, 120);
              const bias = Object.fromEntries(Array.from({ length: w }, (_, j) => [String((vocab + j) % 100_000), 100]));
              vocab = (vocab + w) % 100_000;
              const st = ctl.send(t);
              const comp = y.chance(0.5);
              emit({ acct, key: acct.api_keys[0], t, ip, ua: UA.requests(x), model: MODELS.small, endpoint: comp ? 'completions' : 'chat.completions', messages: [{ role: 'user', content: p }], params: { max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: 20, logit_bias: bias }, lang: 'en', answer: st === 200 ? y.pick(['the', 'A', ' of', '1', 'Yes']) : '', outTok: st === 200 ? 1 : 0, status: st, stop: st === 200 ? 'max_tokens' : 'error' });
              t += ctl.gap(y) + 400;
            }
          }
        },
      });
    }
  }

  // lone operators: three unrelated people, each harvesting on their own
  {
    const r = R('lone');
    const plans: [string, () => Item[]][] = [
      ['a', () => [...cp.get('codealpaca').slice(2000, 2600), ...cp.get('code-benchmarks', 'mbpp').slice(500)]],
      ['b', () => mathPool.slice(16000, 17200)],
      ['c', () => cp.get('arena-hard').filter((x) => x.lang === 'en').slice(600)],
    ];
    LONE_SPLIT.forEach((n, j) => {
      const [tag, itemsOf] = plans[j]!;
      const rj = r.fork(tag);
      const q = new Queue(rj.shuffle(itemsOf()));
      const country = rj.pick(COUNTRIES);
      const h = home(rj, country);
      const pm = card(rj);
      const vps = cloudAddr(rj, 'hetzner');
      for (let k = 0; k < n; k++) {
        const x = rj.fork(k);
        const acct = mk(x, 'lone_operator', { created_at: start - x.int(10, 300) * DAY, email_domain: mailFor(x, country.lang), payment_fingerprint: j === 1 ? pm : undefined, signup_ip: j === 2 ? vps : h.v4, country: country.cc, tier: 'tier-1' }, `cmp-lone-${tag}`);
        const ua = j === 0 ? UA.pyOpenai(x) : j === 1 ? UA.pyAnthropic(x) : UA.go();
        out.actors.push(new Worker({ acct, rng: x, ctl: new Aimd(1, 0.1, 20, 3), q, budget: (_, y) => (j === 2 ? y.int(8, 20) : y.int(20, 60)),
          windows: (_, ds) => [localWindow(ds, country.offsetMin, j === 1 ? 0 : 19, j === 1 ? 6 : 24)],
          make: (y, it) => ({ turns: j === 2 ? [it.prompt, y.pick(['Go deeper on the second point.', 'Expand that with examples.']), 'Now give the complete final version.'] : [`${it.prompt}\n${y.pick(REASON_ASK)}`], ip: j === 2 ? vps : homeAddr(y, h), ua, endpoint: j === 1 ? 'messages' : 'chat.completions', params: { max_tokens: 4096 }, outTok: (z) => z.logNormal(900, 0.5), think: (z) => z.logNormal(8, 0.5) }) }));
      }
    });
  }
  return out;
}
