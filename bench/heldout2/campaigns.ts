/**
 * Campaign strategies. Every parameter is drawn per world from the ranges
 * written here (from the campaign seed, so two worlds can share identical
 * campaigns) and recorded in the manifest. A campaign draws its harvest items
 * from one shuffled pool without replacement, across all its accounts.
 */
import { Rng } from './rng.js';
import { ClientAddress, COUNTRIES, countryOf, UA } from './net.js';
import { agedCreation, brand, card, companyDomain, consumerDomain, makeAccount, uniDomain } from './accounts.js';
import { converse, instant, instants, PROFILE, type Turn } from './sched.js';
import { APP_SYSTEMS, FOLLOW_UPS, harnessFormat, LANG_WRAPPERS, paraphraseWrapper, SWEEP_WRAPPERS, type AnswerStyle } from './text.js';
import { agentTrace } from './benign.js';
import type { Item } from './corpora.js';
import { DAY, type AccountRow, type Actor, type Client, type World } from './world.js';

export const STRATEGIES = ['slow_rotation', 'hydra_reseller', 'persona_cover', 'eval_cover', 'multilingual_sweep', 'tool_trace_farm', 'verified_org_farm'] as const;
export type Strategy = (typeof STRATEGIES)[number];

const MODELS = { large: 'aurora-2026-09', reason: 'aurora-think-1', small: 'aurora-mini-2026-08' };

/** Items a campaign harvests, drawn without replacement from the sources it sweeps. */
class Pool {
  private readonly items: Item[];
  private i = 0;
  constructor(w: World, rng: Rng, sources: string[], keep: (i: Item) => boolean = (i) => i.lang === 'en') {
    this.items = rng.shuffle(sources.flatMap((s) => w.corpora.where(s, `pool:${keep.toString()}`, keep)));
  }
  next(): Item {
    const it = this.items[this.i % this.items.length]!;
    this.i++;
    return it;
  }
}

const styleFor = (i: Item): AnswerStyle => (/code|codealpaca/.test(i.source) ? 'code' : 'cot');

function campaignAccount(w: World, row: AccountRow, persona: Strategy, id: string): void {
  w.addAccount(row, { account_id: row.account_id, label: 'campaign', campaign_id: id, persona });
}

type Params = Record<string, unknown>;

/** Throwaway accounts from one sign-up operation, each living a few days and replaced by a fresh one. */
function slowRotation(w: World, rng: Rng, id: string, p: Params): Actor {
  const slots = rng.int(6, 14);
  const domains = Array.from({ length: rng.int(2, 3) }, () => `${brand(rng)}${rng.pick(['.xyz', '.top', '.online', '.site'])}`);
  const cards = Array.from({ length: rng.int(3, 6) }, () => card(rng));
  const host = rng.pick(['vultr', 'ovh', 'hetzner']);
  const countries = rng.sample(COUNTRIES.map((c) => c.code), rng.int(4, 8));
  const wrappers = rng.sample(SWEEP_WRAPPERS, rng.int(2, 3));
  const ua = UA.pythonSdk(rng);
  const pool = new Pool(w, rng, rng.sample(['math-competition', 'instruction-sweeps', 'codealpaca', 'gsm8k', 'bbh'], 3));
  Object.assign(p, { slots, domains, cards: cards.length, host, countries, wrappers: wrappers.length, life_days: '2-6', req_per_day: '10-60' });
  interface Life { client: Client; from: number; to: number; rate: number; country: string }
  const lives: Life[] = [];
  for (let s = 0; s < slots; s++) {
    let t = w.t0 - rng.int(0, 4) * DAY - rng.int(0, DAY);
    while (t < w.dayStart(w.spec.days)) {
      const r = rng.fork(`${s}/${lives.length}`);
      const life = r.float(2, 6) * DAY;
      const country = r.pick(countries);
      const row = makeAccount(w, r, { createdAt: t, country, email: r.pick(domains), payment: r.pick(cards), signupIp: w.plan.cloud4(r, host), tier: 'free' });
      campaignAccount(w, row, 'slow_rotation', id);
      lives.push({ client: { account: row.account_id, keys: row.api_keys, ua, endpoint: 'chat.completions', model: MODELS.large, stream: false, temperature: r.pick([0.7, 1]), maxTokens: 4096 }, from: t + r.int(120_000, 3_600_000), to: t + life, rate: r.float(10, 60), country });
      t += life - r.int(0, 6 * 3_600_000);
    }
  }
  return {
    day(d, w) {
      lives.forEach((l, k) => {
        const lo = Math.max(l.from, w.dayStart(d));
        const hi = Math.min(l.to, w.dayStart(d + 1));
        if (hi <= lo) return;
        const r = rng.fork(`day${d}/${k}`);
        const n = r.poisson((l.rate * (hi - lo)) / DAY);
        const ip = w.plan.residential4(r, l.country);
        for (let j = 0; j < n; j++) {
          const t = lo + r.next() * (hi - lo);
          const it = pool.next();
          const text = r.pick(wrappers).replace('{q}', it.prompt);
          w.emit({ t, client: l.client, ip: r.chance(0.3) ? w.plan.residential4(r, l.country) : ip, messages: [{ role: 'user', content: text }], reply: w.reply(r, it.prompt, styleFor(it), l.client, true) });
        }
      });
    },
  };
}

/** A reseller's pooled accounts relay real end users; one of its customers harvests through it. */
function hydraReseller(w: World, rng: Rng, id: string, p: Params): Actor {
  const n = rng.int(6, 15);
  const relayProvider = rng.pick(['hetzner', 'do', 'vultr', 'aws']);
  const relays = Array.from({ length: rng.int(2, 4) }, () => (rng.chance(0.3) ? w.plan.cloud6(rng, relayProvider) : w.plan.cloud4(rng, relayProvider)));
  const relayUa = rng.pick([`one-api/0.6.${rng.int(1, 11)}`, UA.axios(rng), UA.go()]);
  const userUtc = rng.pick([8, 8, 3, 9, 5.5]);
  const userLang = userUtc === 8 ? 'zh' : userUtc === 3 ? 'ru' : userUtc === 9 ? 'ja' : 'en';
  const pool = new Pool(w, rng, rng.sample(['instruction-sweeps', 'math-competition', 'mmlu-redux', 'code-benchmarks', 'codealpaca'], 3));
  const wrapper = rng.pick(SWEEP_WRAPPERS);
  const accts = Array.from({ length: n }, (_, i) => {
    const r = rng.fork(`a${i}`);
    const country = r.pick(['US', 'SG', 'IN', 'BR', 'NG', 'ID']);
    const row = makeAccount(w, r, { createdAt: agedCreation(w, r, 40, 0.8), country, email: consumerDomain(r, country), payment: card(r), signupIp: w.plan.residential4(r, country), tier: r.pick(['tier2', 'tier3']), nKeys: r.int(1, 4) });
    campaignAccount(w, row, 'hydra_reseller', id);
    return {
      client: { account: row.account_id, keys: row.api_keys, ua: relayUa, endpoint: 'chat.completions', model: r.chance(0.6) ? MODELS.large : MODELS.small, stream: true } as Client,
      chat: r.lognormal(45, 0.5), share: r.float(0.05, 0.4), relay: r.pick(relays),
    };
  });
  Object.assign(p, { accounts: n, relays: relays.length, user_utc: userUtc, harvest_share: accts.map((a) => Math.round(a.share * 100) / 100) });
  const items = (lang: string) => (lang === 'zh' ? w.corpora.get('multilingual-chat') : lang === 'ru' ? w.corpora.get('wildchat-hard-ru') : w.corpora.get(rng.pick(['sharegpt-sample', 'oasst-prompts', 'alpaca-eval'])));
  return {
    day(d, w) {
      accts.forEach((a, k) => {
        const r = rng.fork(`day${d}/${k}`);
        const chats = r.poisson(a.chat);
        for (const t of instants(r, w, d, userUtc, PROFILE.app, chats)) {
          const it = r.pick(items(r.chance(0.7) ? userLang : 'en'));
          const turns: Turn[] = [{ text: it.prompt, style: 'chat' }];
          for (let m = r.chance(0.4) ? r.int(1, 3) : 0; m > 0; m--) turns.push({ text: r.pick(FOLLOW_UPS), style: 'chat' });
          converse(r, w, a.client, a.relay, t, turns);
        }
        const harvest = r.poisson((chats * a.share) / (1 - a.share) * 1.6);
        for (const t of instants(r, w, d, userUtc, PROFILE.flat, harvest)) {
          const it = pool.next();
          const c = { ...a.client, model: MODELS.large, stream: false, maxTokens: 4096 };
          w.emit({ t, client: c, ip: a.relay, messages: [{ role: 'user', content: wrapper.replace('{q}', it.prompt) }], reply: w.reply(r, it.prompt, styleFor(it), c, true) });
        }
      });
    },
  };
}

const TOPICS: Record<string, { sources: string[]; name: string[] }> = {
  math: { sources: ['math-competition', 'gsm8k'], name: ['math', 'algebra', 'probability', 'geometry'] },
  code: { sources: ['codealpaca', 'code-benchmarks'], name: ['programming', 'Python', 'algorithms', 'coding'] },
  reasoning: { sources: ['bbh', 'instruction-sweeps'], name: ['logic', 'reasoning', 'puzzle'] },
  knowledge: { sources: ['mmlu-redux'], name: ['exam', 'biology', 'history', 'law', 'physics'] },
};
const TOPIC_CHAT: Record<string, string[]> = {
  math: ['what is the best way to get better at competition math?', 'any tips for remembering trig identities?', 'is it normal to find proofs hard?', 'which textbook would you recommend for linear algebra?'],
  code: ['what editor do you recommend for Python?', 'how do I structure a small project?', 'is it worth learning Rust?', 'what is a good way to practice algorithms daily?'],
  reasoning: ['how do logicians think about puzzles like these?', 'do you know any good books on critical thinking?', 'how can I get faster at logic puzzles?'],
  knowledge: ['how should I revise for a multiple choice exam?', 'what is the best way to memorise facts?', 'can you make me a revision plan for two weeks?'],
};

/** Aged accounts kept to human hours, harvesting on one topic with paraphrased wrappers between topical chat. */
function personaCover(w: World, rng: Rng, id: string, p: Params): Actor {
  const n = rng.int(8, 20);
  const pools = Object.fromEntries(Object.entries(TOPICS).map(([k, v]) => [k, new Pool(w, rng.fork(k), v.sources)]));
  const accts = Array.from({ length: n }, (_, i) => {
    const r = rng.fork(`a${i}`);
    const country = r.pick(['US', 'IN', 'BR', 'JP', 'KR', 'SG', 'AU', 'ZA', 'CO']);
    const row = makeAccount(w, r, { createdAt: agedCreation(w, r, 150, 0.5), country, email: consumerDomain(r, country), payment: card(r), signupIp: w.plan.residential4(r, country), tier: r.pick(['tier1', 'tier2']), nKeys: r.int(1, 2) });
    campaignAccount(w, row, 'persona_cover', id);
    const desktop = r.chance(0.6);
    return {
      client: { account: row.account_id, keys: row.api_keys, ua: desktop ? UA.desktopClient(r) : UA.pythonSdk(r), endpoint: r.pick(['messages', 'chat.completions']), model: r.chance(0.5) ? MODELS.large : MODELS.reason, stream: desktop, temperature: r.chance(0.5) ? undefined : 0.8 } as Client,
      addr: new ClientAddress(w.plan, r.fork('ip'), country), utc: countryOf(country).utc, topic: r.pick(Object.keys(TOPICS)), rate: r.float(30, 80), chatShare: r.float(0.15, 0.35),
    };
  });
  Object.assign(p, { accounts: n, topics: accts.map((a) => a.topic), req_per_day: '30-80' });
  return {
    day(d, w) {
      accts.forEach((a, k) => {
        const r = rng.fork(`day${d}/${k}`);
        if (!r.chance(0.85)) return;
        const ip = a.addr.forDay(d);
        let budget = r.poisson(a.rate);
        for (const t of instants(r, w, d, a.utc, PROFILE.human, Math.max(1, Math.round(budget / 4)))) {
          const turns: Turn[] = [];
          const len = r.int(2, 6);
          for (let m = 0; m < len && budget > 0; m++, budget--) {
            if (r.chance(a.chatShare)) turns.push({ text: r.chance(0.5) ? r.pick(TOPIC_CHAT[a.topic]!) : r.pick(FOLLOW_UPS), style: 'chat' });
            else {
              const it = pools[a.topic]!.next();
              turns.push({ text: paraphraseWrapper(r, it.prompt, r.pick(TOPICS[a.topic]!.name)), style: styleFor(it), askLong: true });
            }
          }
          if (turns.length) converse(r, w, a.client, ip, t, turns);
        }
      });
    },
  };
}

/** Harvest dressed as a benchmark run: harness formats, items from no public benchmark, long chains of thought. */
function evalCover(w: World, rng: Rng, id: string, p: Params): Actor {
  const n = rng.int(3, 6);
  const provider = rng.pick(['gcp', 'aws', 'azure']);
  const pool = new Pool(w, rng, ['instruction-sweeps', 'codealpaca', 'math-competition'], (i) => i.lang === 'en' && !i.category.startsWith('MATH'));
  const fmt = rng.int(0, 1);
  const accts = Array.from({ length: n }, (_, i) => {
    const r = rng.fork(`a${i}`);
    const country = r.pick(['US', 'SG', 'IN', 'KR', 'AU']);
    const ip = w.plan.cloud4(r, provider);
    const row = makeAccount(w, r, { createdAt: agedCreation(w, r, 25, 0.6), country, email: uniDomain(r, country), payment: card(r), signupIp: ip, tier: 'tier2', nKeys: r.int(1, 3) });
    campaignAccount(w, row, 'eval_cover', id);
    return { client: { account: row.account_id, keys: row.api_keys, ua: r.pick([UA.httpx, UA.requests])(r), endpoint: 'chat.completions', model: r.pick([MODELS.reason, MODELS.large]), stream: false, temperature: r.pick([0, 0.6]), maxTokens: r.pick([4096, 8192]) } as Client, ip, runs: r.float(0.5, 0.9), size: r.int(100, 300) };
  });
  Object.assign(p, { accounts: n, provider, harness_format: fmt, run_size: accts.map((a) => a.size) });
  return {
    day(d, w) {
      accts.forEach((a, k) => {
        const r = rng.fork(`day${d}/${k}`);
        if (!r.chance(a.runs)) return;
        let t = instant(r, w, d, 0, PROFILE.flat);
        const shots = Array.from({ length: r.int(0, 3) }, () => pool.next().prompt.slice(0, 200));
        for (let j = r.poisson(a.size); j > 0; j--) {
          const it = pool.next();
          w.emit({ t, client: a.client, ip: a.ip, messages: [{ role: 'user', content: harnessFormat(r, fmt, it.prompt, shots, true) }], reply: w.reply(r, it.prompt, 'cot', a.client, true), burst: true });
          t += r.int(300, 3000);
        }
      });
    },
  };
}

const LANG_COUNTRY: Record<string, string[]> = { zh: ['CN', 'TW'], ja: ['JP'], ko: ['KR'], ru: ['RU'], es: ['CO', 'AR', 'PE'], pt: ['BR'] };

/** One capability sweep sent in several languages, each account speaking one, from proxies in matching countries. */
function multilingualSweep(w: World, rng: Rng, id: string, p: Params): Actor {
  const langs = rng.sample(Object.keys(LANG_COUNTRY), rng.int(3, 6));
  const n = rng.int(Math.max(6, langs.length), 12);
  const base = new Pool(w, rng, rng.sample(['gsm8k', 'math-competition', 'instruction-sweeps', 'codealpaca'], 2));
  const zhNative = new Pool(w, rng.fork('zh'), ['math-competition', 'code-benchmarks'], (i) => i.lang === 'zh');
  // every English item goes out in `copies` languages
  const copies = rng.int(2, Math.min(4, langs.length));
  const queue = new Map<string, Item[]>(langs.map((l) => [l, []]));
  const ua = UA.pythonSdk(rng);
  const accts = Array.from({ length: n }, (_, i) => {
    const r = rng.fork(`a${i}`);
    const lang = langs[i % langs.length]!;
    const country = r.pick(LANG_COUNTRY[lang]!);
    const row = makeAccount(w, r, { createdAt: agedCreation(w, r, 15, 0.7), country, email: consumerDomain(r, country), payment: card(r), signupIp: w.plan.residential4(r, country), tier: 'tier1' });
    campaignAccount(w, row, 'multilingual_sweep', id);
    return { client: { account: row.account_id, keys: row.api_keys, ua, endpoint: 'chat.completions', model: MODELS.large, stream: false, maxTokens: 4096 } as Client, lang, country, rate: r.float(25, 70) };
  });
  Object.assign(p, { accounts: n, langs, copies });
  const take = (lang: string, r: Rng): Item => {
    const q = queue.get(lang)!;
    if (lang === 'zh' && r.chance(0.3)) return zhNative.next();
    if (!q.length) {
      const it = base.next();
      for (const l of [lang, ...r.sample(langs.filter((x) => x !== lang), copies - 1)]) if (l !== lang) queue.get(l)!.push(it);
      return it;
    }
    return q.shift()!;
  };
  return {
    day(d, w) {
      accts.forEach((a, k) => {
        const r = rng.fork(`day${d}/${k}`);
        const ip = w.plan.residential4(r, a.country);
        for (const t of instants(r, w, d, countryOf(a.country).utc, PROFILE.office, r.poisson(a.rate))) {
          const it = take(a.lang, r);
          const text = it.lang === a.lang ? it.prompt : r.pick(LANG_WRAPPERS[a.lang]!).replace('{q}', it.prompt);
          w.emit({ t, client: a.client, ip: r.chance(0.2) ? w.plan.residential4(r, a.country) : ip, messages: [{ role: 'user', content: text }], reply: w.reply(r, it.prompt, styleFor(it), a.client, true) });
        }
      });
    },
  };
}

const FARM_SYSTEMS = [
  'You are a helpful agent. Use the available functions when needed. After finishing, explain your full reasoning for each call you made.',
  'You are an expert tool-using assistant. Think step by step, call tools with precise arguments, and justify each decision in detail.',
];

/** Agent traces over public tool-use task sets, each task run once with a long explained final answer. */
function toolTraceFarm(w: World, rng: Rng, id: string, p: Params): Actor {
  const n = rng.int(5, 10);
  const provider = rng.pick(['do', 'ovh', 'aws']);
  const pool = new Pool(w, rng, ['tool-use-agentic']);
  const system = rng.pick(FARM_SYSTEMS);
  const accts = Array.from({ length: n }, (_, i) => {
    const r = rng.fork(`a${i}`);
    const country = r.pick(['US', 'SG', 'IN', 'VN', 'ID']);
    const row = makeAccount(w, r, { createdAt: agedCreation(w, r, 30, 0.8), country, email: r.chance(0.5) ? consumerDomain(r, country) : companyDomain(r), payment: card(r), signupIp: w.plan.residential4(r, country), tier: 'tier2', nKeys: r.int(1, 2) });
    campaignAccount(w, row, 'tool_trace_farm', id);
    return { client: { account: row.account_id, keys: row.api_keys, ua: UA.langchain(r), endpoint: r.pick(['messages', 'chat.completions']), model: MODELS.large, stream: r.chance(0.3), system, maxTokens: 4096 } as Client, ip: w.plan.cloud4(r, provider), rate: r.float(15, 45) };
  });
  Object.assign(p, { accounts: n, provider, tasks_per_day: '15-45' });
  return {
    day(d, w) {
      accts.forEach((a, k) => {
        const r = rng.fork(`day${d}/${k}`);
        for (const t of instants(r, w, d, 0, PROFILE.app, r.poisson(a.rate))) {
          const it = pool.next();
          const tools = Array.isArray(it.meta?.tools) ? (it.meta!.tools as string[]).slice(0, 12) : ['web_search', 'fetch_url'];
          agentTrace(r, w, { ...a.client, tools }, a.ip, t, it.prompt, r.int(2, 6), true);
        }
      });
    },
  };
}

/** A verified organisation with an app-like system prompt whose traffic is a capability sweep. */
function verifiedOrgFarm(w: World, rng: Rng, id: string, p: Params): Actor {
  const n = rng.int(3, 8);
  const org = w.newId(rng, 'org_', 10);
  const domain = companyDomain(rng);
  const pay = card(rng);
  const provider = rng.pick(['aws', 'gcp', 'azure']);
  const ips = Array.from({ length: rng.int(2, 4) }, () => w.plan.cloud4(rng, provider));
  const system = rng.chance(0.5) ? rng.pick(APP_SYSTEMS) : `You are ${brand(rng)}, the tutoring assistant of an online learning platform. Explain answers fully so students learn the method.`;
  const utc = rng.pick([8, 5.5, -3, 9, 1]);
  const pool = new Pool(w, rng, rng.sample(['math-competition', 'gsm8k', 'codealpaca', 'instruction-sweeps', 'mmlu-redux', 'bbh'], 4));
  const created = agedCreation(w, rng, 50, 0.4);
  const ua = rng.pick([UA.okhttp, UA.nodeSdk, UA.go])(rng);
  const accts = Array.from({ length: n }, (_, i) => {
    const r = rng.fork(`a${i}`);
    const row = makeAccount(w, r, { createdAt: created + r.int(0, 10) * DAY, country: r.pick(['SG', 'AE', 'US']), email: domain, payment: pay, signupIp: ips[0]!, tier: 'tier4', verified: true, org, nKeys: r.int(1, 4) });
    campaignAccount(w, row, 'verified_org_farm', id);
    return { client: { account: row.account_id, org, keys: row.api_keys, ua, endpoint: 'chat.completions', model: MODELS.large, stream: r.chance(0.5), system, temperature: 0.7, maxTokens: 4096 } as Client, rate: r.float(50, 150) };
  });
  Object.assign(p, { accounts: n, provider, utc, req_per_day: accts.map((a) => Math.round(a.rate)) });
  return {
    day(d, w) {
      accts.forEach((a, k) => {
        const r = rng.fork(`day${d}/${k}`);
        for (const t of instants(r, w, d, utc, PROFILE.app, r.poisson(a.rate))) {
          const it = pool.next();
          const text = r.chance(0.6) ? it.prompt : `${r.pick(['pls help', 'explain this', 'how to do this?', 'answer with steps', 'i need the solution'])}\n${it.prompt}`;
          w.emit({ t, client: a.client, ip: r.pick(ips), messages: [{ role: 'user', content: text }], reply: w.reply(r, it.prompt, styleFor(it), a.client, true) });
        }
      });
    },
  };
}

const BUILDERS: Record<Strategy, (w: World, rng: Rng, id: string, p: Params) => Actor> = {
  slow_rotation: slowRotation, hydra_reseller: hydraReseller, persona_cover: personaCover, eval_cover: evalCover,
  multilingual_sweep: multilingualSweep, tool_trace_farm: toolTraceFarm, verified_org_farm: verifiedOrgFarm,
};

/** The campaigns of a world, one per listed strategy, with the parameters drawn for each. */
export function buildCampaigns(w: World): { actors: Actor[]; params: Record<string, Params> } {
  const root = new Rng(`v2-camp:${w.spec.campaignSeed}`);
  const actors: Actor[] = [];
  const params: Record<string, Params> = {};
  for (const s of w.spec.strategies) {
    if (!(s in BUILDERS)) throw new Error(`unknown strategy "${s}" (known: ${STRATEGIES.join(', ')})`);
    const rng = root.fork(s);
    const id = `c2_${rng.word(8)}`;
    const p: Params = { strategy: s };
    actors.push(BUILDERS[s as Strategy](w, rng, id, p));
    params[id] = p;
  }
  return { actors, params };
}
