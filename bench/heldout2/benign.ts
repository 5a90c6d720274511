/**
 * Benign personas, including the look-alikes a detector must not flag:
 * university classes behind one NAT doing the same homework, benchmark
 * researchers running public benchmarks in order, nightly batch jobs, app and
 * support back ends that carry many end users, agents with tool traces,
 * translators, and companies whose seats share an organisation and a card.
 */
import { Rng } from './rng.js';
import { BENIGN_COUNTRY_MIX, ClientAddress, countryOf, UA } from './net.js';
import { agedCreation, brand, card, companyDomain, consumerDomain, makeAccount, uniDomain } from './accounts.js';
import { converse, instant, instants, PROFILE, type Turn } from './sched.js';
import {
  AGENT_SYSTEMS, AGENT_TOOLS, APP_SYSTEMS, BATCH_TEMPLATES, CONFUSED_STUDENT, DEV_FOLLOW_UPS, FOLLOW_UPS, harnessFormat, LANG_NAMES,
  SUPPORT_FOLLOW_UPS, SUPPORT_SYSTEMS, supportMessage, TRANSLATE_TEMPLATES,
} from './text.js';
import type { Item } from './corpora.js';
import { DAY, type AccountRow, type Actor, type Client, type Msg, type World } from './world.js';

const MODELS = { small: 'aurora-mini-2026-08', large: 'aurora-2026-09', reason: 'aurora-think-1' } as const;
type Endpoint = Client['endpoint'];

function endpoint(rng: Rng): Endpoint {
  return rng.weighted<Endpoint>([['chat.completions', 5], ['messages', 4], ['responses', 2], ['completions', 0.3]]);
}

function benign(w: World, row: AccountRow, persona: string): void {
  w.addAccount(row, { account_id: row.account_id, label: 'benign', campaign_id: null, persona });
}

/** A prompt for a chat user speaking `lang`; English users draw from many public sources. */
function chatItem(w: World, rng: Rng, lang: string): Item {
  const c = w.corpora;
  if (lang === 'ru' && rng.chance(0.7)) return rng.pick(c.get('wildchat-hard-ru'));
  if ((lang === 'zh' || lang === 'ja') && rng.chance(0.7)) return rng.pick(c.where('multilingual-chat', lang, (i) => i.lang.startsWith(lang)));
  if (lang === 'ko' && rng.chance(0.6)) return rng.pick(c.where('arena-hard', 'ko', (i) => i.lang === 'ko'));
  if (lang === 'es' && rng.chance(0.3)) return rng.pick(c.where('conala-so-questions', 'es', (i) => i.lang === 'es'));
  return rng.pick(c.get(rng.weighted([
    ['sharegpt-sample', 4], ['oasst-prompts', 3], ['alpaca-eval', 3], ['nq-open-queries', 3], ['webquestions', 2], ['hh-rlhf-harmless-test', 2],
    ['awesome-chatgpt-prompts', 1.5], ['mt-bench-vicuna-bench', 0.5], ['self-instruct-user-oriented', 1], ['arena-hard', 1], ['gsm8k', 0.3],
  ])));
}

const styleOf = (i: Item) => (i.source === 'nq-open-queries' || i.source === 'webquestions' ? 'short' : i.source === 'gsm8k' || i.source.startsWith('math') ? 'cot' : /code|conala/.test(i.source) || /cod/i.test(i.category) ? 'code' : 'chat');

/** Turns of one chat session: the item, then its own recorded follow-ups or common ones. */
function chatTurns(rng: Rng, item: Item, extra: readonly string[]): Turn[] {
  const style = styleOf(item);
  const turns: Turn[] = [{ text: item.prompt, style }];
  const more = rng.chance(0.45) ? Math.min(6, 1 + Math.floor(rng.pareto(1, 1.6)) - 1) : 0;
  const recorded = item.turns?.slice(1) ?? [];
  for (let k = 0; k < more; k++) turns.push({ text: recorded[k] ?? rng.pick(extra), style: style === 'short' ? 'chat' : style });
  return turns;
}

class ChatUser implements Actor {
  private readonly client: Client;
  private readonly addr: ClientAddress;
  private readonly activity: number;
  private readonly utc: number;
  private readonly lang: string;
  private readonly created: number;
  constructor(w: World, private readonly rng: Rng, persona = 'chat_user') {
    const country = rng.weighted(BENIGN_COUNTRY_MIX);
    const co = countryOf(country);
    this.utc = co.utc;
    this.lang = rng.chance(0.85) ? co.lang : 'en';
    this.addr = new ClientAddress(w.plan, rng.fork('ip'), country, rng.chance(0.3));
    const row = makeAccount(w, rng, {
      createdAt: rng.chance(0.08) ? w.t0 + rng.int(0, (w.spec.days - 1) * DAY) : agedCreation(w, rng, 120, 1.2),
      country, email: consumerDomain(rng, country), payment: card(rng), signupIp: w.plan.residential4(rng, country),
      tier: rng.weighted([['free', 5], ['tier1', 3], ['tier2', 1]]), nKeys: rng.weighted([[1, 6], [2, 3], [3, 1]]),
    });
    benign(w, row, persona);
    this.created = Date.parse(row.created_at);
    this.activity = Math.min(0.95, rng.lognormal(0.3, 0.7));
    const desktop = rng.chance(0.55);
    this.client = {
      account: row.account_id, keys: row.api_keys, ua: desktop ? UA.desktopClient(rng) : rng.chance(0.5) ? UA.pythonSdk(rng) : UA.nodeSdk(rng),
      endpoint: endpoint(rng), model: rng.chance(0.55) ? MODELS.small : MODELS.large, stream: desktop || rng.chance(0.3),
      temperature: rng.chance(0.5) ? undefined : rng.pick([0.7, 1, 0.8, 0.5]), maxTokens: rng.chance(0.4) ? rng.pick([1024, 2048, 4096, 800]) : undefined,
    };
  }
  day(d: number, w: World): void {
    const r = this.rng.fork(d);
    if (!r.chance(this.activity) || w.dayStart(d + 1) < this.created) return;
    const ip = this.addr.forDay(d);
    for (const t of instants(r, w, d, this.utc, PROFILE.human, 1 + r.poisson(1.2))) {
      if (t < this.created) continue;
      converse(r, w, this.client, ip, t, chatTurns(r, chatItem(w, r, this.lang), FOLLOW_UPS));
    }
  }
}

class Developer implements Actor {
  private readonly client: Client;
  private readonly addr: ClientAddress;
  private readonly utc: number;
  private readonly ciIp: string;
  private readonly activity: number;
  constructor(w: World, private readonly rng: Rng) {
    const country = rng.weighted(BENIGN_COUNTRY_MIX);
    this.utc = countryOf(country).utc;
    this.addr = new ClientAddress(w.plan, rng.fork('ip'), country);
    this.ciIp = w.plan.cloud4(rng, rng.pick(['aws', 'gcp', 'azure']));
    const row = makeAccount(w, rng, {
      createdAt: agedCreation(w, rng, 200, 1), country, email: rng.chance(0.5) ? consumerDomain(rng, country) : companyDomain(rng),
      payment: card(rng), signupIp: w.plan.residential4(rng, country), tier: rng.pick(['tier1', 'tier2', 'tier3']), nKeys: rng.int(1, 4),
    });
    benign(w, row, 'developer');
    this.activity = rng.float(0.4, 0.9);
    this.client = {
      account: row.account_id, keys: row.api_keys, ua: rng.pick([UA.pythonSdk, UA.nodeSdk, UA.curl, UA.httpx, UA.langchain])(rng),
      endpoint: endpoint(rng), model: rng.pick([MODELS.small, MODELS.large, MODELS.reason]), stream: rng.chance(0.4),
      temperature: rng.chance(0.5) ? 0 : undefined, maxTokens: rng.pick([undefined, 1024, 4096]),
    };
  }
  private item(w: World, r: Rng): Item {
    return rng2Item(w, r);
  }
  day(d: number, w: World): void {
    const r = this.rng.fork(d);
    const weekend = w.weekday(d) >= 5;
    if (!r.chance(weekend ? this.activity * 0.25 : this.activity)) return;
    const ip = this.addr.forDay(d);
    for (const t of instants(r, w, d, this.utc, PROFILE.office, 1 + r.poisson(2.5))) {
      const item = this.item(w, r);
      if (r.chance(0.2)) {
        // testing a prompt: the same request several times, tweaking settings
        const n = r.int(3, 12);
        const c = { ...this.client, temperature: r.pick([0, 0.2, 0.7, 1]) };
        const useCi = r.chance(0.3);
        for (let k = 0; k < n; k++) {
          w.emit({ t: t + k * r.int(800, 20_000), client: c, ip: useCi ? this.ciIp : ip, messages: [{ role: 'user', content: item.prompt }], reply: w.reply(r, item.prompt, styleOf(item), c), burst: true });
        }
      } else converse(r, w, this.client, ip, t, chatTurns(r, item, DEV_FOLLOW_UPS));
    }
  }
}

function rng2Item(w: World, r: Rng): Item {
  const c = w.corpora;
  return r.pick(c.get(r.weighted([['conala-so-questions', 5], ['codealpaca', 1.5], ['sharegpt-sample', 1.5], ['code-benchmarks', 0.3], ['arena-hard', 1]])));
}

/** A class of students behind the campus NAT, doing the same homework before each deadline. */
class UniversityClass implements Actor {
  private readonly students: { client: Client; home: ClientAddress; diligence: number }[] = [];
  private readonly nat: string;
  private readonly utc: number;
  private readonly sets: { deadline: number; items: Item[] }[] = [];
  constructor(w: World, private readonly rng: Rng, size: number) {
    const country = rng.weighted(BENIGN_COUNTRY_MIX);
    this.utc = countryOf(country).utc;
    this.nat = w.plan.fixed4(rng, country);
    const domain = uniDomain(rng, country);
    const week = w.t0 - rng.int(3, 30) * DAY;
    const ua = UA.pythonSdk(rng);
    const src = rng.pick(['gsm8k', 'math-competition', 'code-benchmarks', 'mmlu-redux']);
    const pool = w.corpora.where(src, 'en', (i) => i.lang === 'en');
    for (let dl = rng.int(2, 5); dl < w.spec.days; dl += rng.int(4, 7)) {
      const start = rng.int(0, pool.length - 30);
      this.sets.push({ deadline: dl, items: pool.slice(start, start + rng.int(6, 15)) });
    }
    for (let i = 0; i < size; i++) {
      const r = rng.fork(`s${i}`);
      const row = makeAccount(w, r, {
        createdAt: week + r.int(0, 7 * DAY), country, email: r.chance(0.8) ? domain : consumerDomain(r, country), payment: card(r),
        signupIp: r.chance(0.6) ? this.nat : w.plan.residential4(r, country), tier: 'free',
      });
      benign(w, row, 'university_class');
      this.students.push({
        client: { account: row.account_id, keys: row.api_keys, ua: r.chance(0.7) ? ua : UA.desktopClient(r), endpoint: 'chat.completions', model: MODELS.small, stream: r.chance(0.5) },
        home: new ClientAddress(w.plan, r.fork('ip'), country), diligence: r.float(0.3, 1),
      });
    }
  }
  day(d: number, w: World): void {
    const set = this.sets.find((s) => s.deadline >= d && s.deadline - d <= 2);
    this.students.forEach((s, i) => {
      const r = this.rng.fork(`${d}/${i}`);
      if (set && r.chance(s.diligence * (set.deadline === d ? 0.5 : 0.4))) {
        const t = instant(r, w, d, this.utc, PROFILE.evening);
        const onCampus = r.chance(0.55);
        let tt = t;
        for (const item of set.items) {
          if (!r.chance(s.diligence)) continue;
          const turns: Turn[] = [{ text: r.chance(0.7) ? item.prompt : `${r.pick(['how do I solve this', 'help with this homework question', 'can you explain'])}: ${item.prompt}`, style: item.source === 'mmlu-redux' ? 'chat' : item.source === 'code-benchmarks' ? 'code' : 'cot' }];
          for (let k = r.int(0, 2); k > 0; k--) turns.push({ text: r.pick(CONFUSED_STUDENT), style: 'chat' });
          tt = converse(r, w, s.client, onCampus ? this.nat : s.home.forDay(d), tt, turns) + r.int(60_000, 900_000);
        }
      } else if (r.chance(0.15)) {
        converse(r, w, s.client, r.chance(0.4) ? this.nat : s.home.forDay(d), instant(r, w, d, this.utc, PROFILE.human), chatTurns(r, chatItem(w, r, 'en'), FOLLOW_UPS));
      }
    });
  }
}

/** A company: seats in one verified organisation, one card, the office range and a VPN egress. */
class Company implements Actor {
  private readonly seats: { client: Client; activity: number }[] = [];
  private readonly office: string[];
  private readonly vpn: string;
  private readonly utc: number;
  constructor(w: World, private readonly rng: Rng, size: number) {
    const country = rng.weighted(BENIGN_COUNTRY_MIX);
    this.utc = countryOf(country).utc;
    this.office = Array.from({ length: rng.int(1, 4) }, () => w.plan.fixed4(rng, country));
    this.vpn = w.plan.cloud4(rng, rng.pick(['aws', 'azure']));
    const org = w.newId(rng, 'org_', 10);
    const domain = companyDomain(rng);
    const pay = card(rng);
    const system = rng.chance(0.6) ? `You are the internal assistant of ${brand(rng)} GmbH. Answer work questions clearly; never share customer data.` : undefined;
    const created = agedCreation(w, rng, 90, 0.6);
    for (let i = 0; i < size; i++) {
      const r = rng.fork(`seat${i}`);
      const row = makeAccount(w, r, { createdAt: created + r.int(0, 60) * DAY, country, email: domain, payment: pay, signupIp: this.office[0]!, tier: 'enterprise', verified: true, org });
      benign(w, row, 'company_seat');
      this.seats.push({
        client: { account: row.account_id, org, keys: row.api_keys, ua: r.chance(0.7) ? UA.browserApp(r) : UA.pythonSdk(r), endpoint: 'messages', model: r.chance(0.7) ? MODELS.large : MODELS.small, stream: true, system },
        activity: r.float(0.2, 0.9),
      });
    }
  }
  day(d: number, w: World): void {
    if (w.weekday(d) >= 5) return;
    this.seats.forEach((s, i) => {
      const r = this.rng.fork(`${d}/${i}`);
      if (!r.chance(s.activity)) return;
      const ip = r.chance(0.8) ? r.pick(this.office) : this.vpn;
      for (const t of instants(r, w, d, this.utc, PROFILE.office, 1 + r.poisson(2))) {
        const item = r.pick(w.corpora.get(r.weighted([['self-instruct-user-oriented', 2], ['awesome-chatgpt-prompts', 1], ['alpaca-eval', 2], ['arena-hard', 1], ['conala-so-questions', 1], ['sharegpt-sample', 2]])));
        converse(r, w, s.client, ip, t, chatTurns(r, item, FOLLOW_UPS));
      }
    });
  }
}

/** An application back end: one account carrying many end users under an app system prompt. */
class AppBackend implements Actor {
  private readonly client: Client;
  private readonly ips: string[];
  private readonly utc: number;
  private readonly volume: number;
  constructor(w: World, private readonly rng: Rng, persona: 'app_backend' | 'support_bot') {
    const country = rng.weighted(BENIGN_COUNTRY_MIX);
    this.utc = countryOf(country).utc;
    const provider = rng.pick(['aws', 'gcp', 'hetzner', 'do', 'vultr']);
    this.ips = Array.from({ length: rng.int(1, 5) }, () => (rng.chance(0.25) ? w.plan.cloud6(rng, provider) : w.plan.cloud4(rng, provider)));
    const row = makeAccount(w, rng, {
      createdAt: agedCreation(w, rng, 150, 0.8), country, email: companyDomain(rng), payment: card(rng), signupIp: w.plan.residential4(rng, country),
      tier: rng.pick(['tier3', 'tier4']), verified: rng.chance(0.5), org: w.newId(rng, 'org_', 10), nKeys: rng.int(1, 3),
    });
    benign(w, row, persona);
    this.volume = persona === 'support_bot' ? rng.lognormal(15, 0.6) : rng.lognormal(20, 0.8);
    this.client = {
      account: row.account_id, org: row.org_id, keys: row.api_keys, ua: rng.pick([UA.nodeSdk, UA.go, UA.okhttp, UA.axios])(rng), endpoint: endpoint(rng),
      model: rng.chance(0.6) ? MODELS.small : MODELS.large, stream: rng.chance(0.7), temperature: rng.pick([0.7, 0.5, 1]), maxTokens: rng.pick([512, 1024, 800]),
      system: rng.pick(persona === 'support_bot' ? SUPPORT_SYSTEMS : APP_SYSTEMS),
    };
    this.support = persona === 'support_bot';
  }
  private readonly support: boolean;
  day(d: number, w: World): void {
    const r = this.rng.fork(d);
    const n = r.poisson(this.volume * (w.weekday(d) >= 5 ? 0.8 : 1));
    for (const t of instants(r, w, d, this.utc, PROFILE.app, n)) {
      const ip = r.pick(this.ips);
      if (this.support) {
        const turns: Turn[] = [{ text: supportMessage(r), style: 'support' }];
        for (let k = r.int(0, 3); k > 0; k--) turns.push({ text: r.pick(SUPPORT_FOLLOW_UPS), style: 'support' });
        converse(r, w, this.client, ip, t, turns);
      } else converse(r, w, this.client, ip, t, chatTurns(r, chatItem(w, r, r.chance(0.8) ? 'en' : r.pick(['ja', 'ru', 'zh', 'ko'])), FOLLOW_UPS));
    }
  }
}

/** A nightly job: the same template over the day's documents, at a fixed local time. */
class NightlyBatch implements Actor {
  private readonly client: Client;
  private readonly ip: string;
  private readonly hour: number;
  private readonly template: string;
  private readonly size: number;
  constructor(w: World, private readonly rng: Rng) {
    const country = rng.weighted(BENIGN_COUNTRY_MIX);
    this.ip = w.plan.cloud4(rng, rng.pick(['aws', 'gcp', 'azure', 'oracle']));
    this.hour = (rng.int(0, 4) - countryOf(country).utc + 24) % 24;
    this.template = rng.pick(BATCH_TEMPLATES);
    this.size = rng.lognormal(35, 0.7);
    const row = makeAccount(w, rng, { createdAt: agedCreation(w, rng, 250, 0.7), country, email: companyDomain(rng), payment: card(rng), signupIp: this.ip, tier: 'tier3', nKeys: rng.int(1, 2) });
    benign(w, row, 'nightly_batch');
    this.client = { account: row.account_id, keys: row.api_keys, ua: rng.pick([UA.requests, UA.httpx])(rng), endpoint: 'chat.completions', model: MODELS.small, stream: false, temperature: 0, maxTokens: rng.pick([150, 256, 300]) };
  }
  day(d: number, w: World): void {
    const r = this.rng.fork(d);
    if (!r.chance(w.weekday(d) >= 5 ? 0.5 : 0.95)) return;
    let t = w.dayStart(d) + this.hour * 3_600_000 + r.int(0, 600_000);
    const n = r.poisson(this.size);
    for (let k = 0; k < n; k++) {
      const doc = r.pick(w.corpora.get(r.pick(['sharegpt-sample', 'oasst-prompts', 'hh-rlhf-harmless-test', 'wildchat-hard-ru']))).prompt.slice(0, 1500);
      const text = this.template.replace('{t}', doc);
      w.emit({ t, client: this.client, ip: this.ip, messages: [{ role: 'user', content: text }], reply: w.reply(r, doc, this.template.startsWith('Classify') ? 'letter' : 'summary', this.client), burst: true });
      t += r.int(300, 4000);
    }
  }
}

const BENCH_SOURCES = ['mmlu-redux', 'gsm8k', 'bbh', 'code-benchmarks', 'math-competition'] as const;

/** A researcher running public benchmarks in dataset order, sometimes against two models. */
class BenchmarkResearcher implements Actor {
  private readonly client: Client;
  private readonly ip: string;
  private readonly runDays: Set<number>;
  constructor(w: World, private readonly rng: Rng) {
    const country = rng.weighted(BENIGN_COUNTRY_MIX);
    this.ip = rng.chance(0.5) ? w.plan.fixed4(rng, country) : w.plan.cloud4(rng, rng.pick(['aws', 'gcp']));
    const row = makeAccount(w, rng, {
      createdAt: agedCreation(w, rng, 100, 1), country, email: rng.chance(0.6) ? uniDomain(rng, country) : consumerDomain(rng, country), payment: card(rng),
      signupIp: this.ip, tier: rng.pick(['tier2', 'tier3']), nKeys: rng.int(1, 3),
    });
    benign(w, row, 'benchmark_researcher');
    this.runDays = new Set(Array.from({ length: rng.int(1, 3) }, () => rng.int(0, w.spec.days - 1)));
    this.client = { account: row.account_id, keys: row.api_keys, ua: rng.pick([UA.httpx, UA.requests, UA.pythonSdk])(rng), endpoint: rng.pick<Endpoint>(['chat.completions', 'completions', 'messages']), model: MODELS.large, stream: false, temperature: 0 };
  }
  day(d: number, w: World): void {
    if (!this.runDays.has(d)) return;
    const r = this.rng.fork(d);
    const src = r.pick(BENCH_SOURCES);
    const all = w.corpora.where(src, 'en', (i) => i.lang === 'en');
    const start = r.chance(0.5) ? 0 : r.int(0, Math.max(0, all.length - 2000));
    const items = all.slice(start, start + r.int(80, 400));
    const fmt = r.int(0, 1);
    const cot = src === 'gsm8k' || src === 'math-competition' || (src === 'bbh' && r.chance(0.5));
    const shots = src === 'mmlu-redux' ? all.slice(-5).map((i) => i.prompt.slice(0, 300)) : [];
    const models = r.chance(0.4) ? [MODELS.large, MODELS.small] : [r.pick([MODELS.large, MODELS.reason])];
    let t = instant(r, w, d, 0, PROFILE.flat);
    for (const model of models) {
      const c: Client = { ...this.client, model, maxTokens: cot ? 512 : src === 'code-benchmarks' ? 768 : 16 };
      for (const item of items) {
        const text = src === 'code-benchmarks' ? item.prompt : harnessFormat(r, fmt, item.prompt, shots, cot);
        w.emit({ t, client: c, ip: this.ip, messages: [{ role: 'user', content: text }], reply: w.reply(r, item.prompt, cot ? 'cot' : src === 'code-benchmarks' ? 'code' : 'letter', c), burst: true });
        t += r.int(150, 2500);
      }
      t += r.int(60_000, 3_600_000);
    }
  }
}

/** An agent product: tool-using traces for its users' tasks. */
class AgentProduct implements Actor {
  private readonly client: Client;
  private readonly ips: string[];
  private readonly utc: number;
  private readonly volume: number;
  constructor(w: World, private readonly rng: Rng) {
    const country = rng.weighted(BENIGN_COUNTRY_MIX);
    this.utc = countryOf(country).utc;
    const provider = rng.pick(['aws', 'gcp', 'do']);
    this.ips = Array.from({ length: rng.int(1, 3) }, () => w.plan.cloud4(rng, provider));
    const k = rng.int(0, AGENT_SYSTEMS.length - 1);
    const row = makeAccount(w, rng, { createdAt: agedCreation(w, rng, 120, 0.8), country, email: companyDomain(rng), payment: card(rng), signupIp: this.ips[0]!, tier: 'tier3', org: w.newId(rng, 'org_', 10), nKeys: rng.int(1, 3) });
    benign(w, row, 'agent_product');
    this.volume = rng.lognormal(6, 0.6);
    this.client = { account: row.account_id, org: row.org_id, keys: row.api_keys, ua: UA.langchain(rng), endpoint: rng.pick<Endpoint>(['messages', 'responses']), model: MODELS.large, stream: rng.chance(0.5), system: AGENT_SYSTEMS[k], tools: AGENT_TOOLS[k], maxTokens: 2048 };
  }
  day(d: number, w: World): void {
    const r = this.rng.fork(d);
    for (const t0 of instants(r, w, d, this.utc, PROFILE.app, r.poisson(this.volume))) {
      const task = r.chance(0.5) ? r.pick(w.corpora.get('conala-so-questions')).prompt : r.pick(w.corpora.get(r.pick(['sharegpt-sample', 'self-instruct-user-oriented', 'alpaca-eval']))).prompt;
      agentTrace(r, w, this.client, r.pick(this.ips), t0, task, r.int(2, 9), false);
    }
  }
}

/** A tool-using trace: the history grows with tool calls and their results; the last step answers. */
export function agentTrace(r: Rng, w: World, client: Client, ip: string, t: number, task: string, steps: number, explain: boolean): number {
  const msgs: Msg[] = [{ role: 'user', content: task }];
  for (let s = 0; s < steps; s++) {
    const last = s === steps - 1;
    const reply = last ? w.reply(r, task, explain ? 'cot' : 'chat', client, explain) : { ...w.reply(r, task, 'tool', client), stop: 'tool_use' as const, toolCalls: r.int(1, 2) };
    w.emit({ t, client, ip, messages: [...msgs], reply });
    msgs.push({ role: 'assistant', content: reply.text.slice(0, 300) });
    if (!last) msgs.push({ role: 'tool', content: JSON.stringify({ ok: true, rows: r.int(0, 40), excerpt: task.slice(r.int(0, 40), 120) }) });
    t += 300 + reply.tokens * 15 + r.lognormal(1500, 0.8);
  }
  return t;
}

class Translator implements Actor {
  private readonly client: Client;
  private readonly addr: ClientAddress;
  private readonly utc: number;
  private readonly target: string;
  constructor(w: World, private readonly rng: Rng) {
    const country = rng.weighted(BENIGN_COUNTRY_MIX);
    const co = countryOf(country);
    this.utc = co.utc;
    this.target = co.lang === 'en' ? rng.pick(['ja', 'es', 'de', 'fr', 'zh']) : co.lang;
    this.addr = new ClientAddress(w.plan, rng.fork('ip'), country);
    const row = makeAccount(w, rng, { createdAt: agedCreation(w, rng, 180, 0.9), country, email: rng.chance(0.5) ? consumerDomain(rng, country) : companyDomain(rng), payment: card(rng), signupIp: w.plan.residential4(rng, country), tier: 'tier2', nKeys: rng.int(1, 2) });
    benign(w, row, 'translator');
    this.client = { account: row.account_id, keys: row.api_keys, ua: rng.chance(0.5) ? UA.desktopClient(rng) : UA.pythonSdk(rng), endpoint: endpoint(rng), model: MODELS.large, stream: rng.chance(0.5), temperature: 0.3 };
  }
  day(d: number, w: World): void {
    const r = this.rng.fork(d);
    if (w.weekday(d) >= 5 && r.chance(0.7)) return;
    const ip = this.addr.forDay(d);
    const tpl = r.pick(TRANSLATE_TEMPLATES);
    for (const t of instants(r, w, d, this.utc, PROFILE.office, r.poisson(r.float(4, 20)))) {
      const src = r.pick(w.corpora.get(r.pick(['multilingual-chat', 'wildchat-hard-ru', 'sharegpt-sample', 'oasst-prompts'])));
      const to = src.lang.startsWith(this.target) ? 'en' : this.target;
      const text = tpl.replace('{lang}', LANG_NAMES[to] ?? 'English').replace('{src}', LANG_NAMES[src.lang.slice(0, 2)] ?? 'English').replace('{t}', src.prompt.slice(0, 2000));
      w.emit({ t, client: this.client, ip, messages: [{ role: 'user', content: text }], reply: w.reply(r, src.prompt, 'translate', this.client) });
    }
  }
}

/** Accounts that signed up and never called the API (they are in the account table only). */
function dormant(w: World, rng: Rng): void {
  const country = rng.weighted(BENIGN_COUNTRY_MIX);
  benign(w, makeAccount(w, rng, { createdAt: agedCreation(w, rng, 60, 1.2), country, email: consumerDomain(rng, country), payment: card(rng), signupIp: w.plan.residential4(rng, country), tier: 'free' }), 'dormant');
}

/** Benign population of about `spec.benign` accounts. */
export function buildBenign(w: World): Actor[] {
  const n = w.spec.benign;
  const rng = w.rng.fork('benign');
  const actors: Actor[] = [];
  const count = (share: number) => Math.max(1, Math.round(n * share));
  const add = (k: string, make: (r: Rng) => Actor | void) => {
    const r = rng.fork(k);
    const a = make(r);
    if (a) actors.push(a);
  };
  let classSeats = 0;
  for (let i = 0; classSeats < n * 0.1; i++) add(`class${i}`, (r) => { const s = r.int(20, 60); classSeats += s; return new UniversityClass(w, r, s); });
  let seats = 0;
  for (let i = 0; seats < n * 0.09; i++) add(`company${i}`, (r) => { const s = r.int(30, 80); seats += s; return new Company(w, r, s); });
  for (let i = 0; i < count(0.62); i++) add(`chat${i}`, (r) => new ChatUser(w, r));
  for (let i = 0; i < count(0.14); i++) add(`dev${i}`, (r) => new Developer(w, r));
  for (let i = 0; i < count(0.012); i++) add(`app${i}`, (r) => new AppBackend(w, r, 'app_backend'));
  for (let i = 0; i < count(0.008); i++) add(`support${i}`, (r) => new AppBackend(w, r, 'support_bot'));
  for (let i = 0; i < count(0.01); i++) add(`batch${i}`, (r) => new NightlyBatch(w, r));
  for (let i = 0; i < count(0.012); i++) add(`bench${i}`, (r) => new BenchmarkResearcher(w, r));
  for (let i = 0; i < count(0.012); i++) add(`agent${i}`, (r) => new AgentProduct(w, r));
  for (let i = 0; i < count(0.03); i++) add(`translator${i}`, (r) => new Translator(w, r));
  for (let i = 0; i < count(0.03); i++) add(`dormant${i}`, (r) => dormant(w, r));
  return actors;
}
