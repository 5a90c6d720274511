/**
 * Campaign strategies, modelled on publicly described distillation campaigns.
 * Each strategy draws its parameters per world within stated ranges from the
 * campaign seed alone, so worlds that share a campaign seed carry byte-identical
 * campaign traffic whatever their benign population.
 */
import type { CorpusItem } from './corpora.js';
import { Rng } from './rng.js';
import { COUNTRIES, COUNTRY_WEIGHTS, DISPOSABLE_MAIL, FREE_MAIL, MODELS, UA, cloudIp, cloudPrefix, countryByCode, endpointFor, residentialIp } from './net.js';
import { FACADE_SYSTEMS, HARVEST_TEMPLATES, PARAPHRASE, followUp } from './wording.js';
import { HOURS, agentTrace, ago, card, conversation, fill, localTime, makeAccount } from './actors.js';
import { type Actor, type AccountRow, type Client, type Ctx, DAY, HOUR } from './world.js';
import type { Strategy, WorldSpec } from './worlds.js';

export const STRATEGIES = ['throwaway_stream', 'reseller_mix', 'aged_human_hours', 'app_facade', 'proxy_fleet', 'judge_harvest', 'agentic_traces'] as const;

interface Built {
  actors: Actor[];
  params: Record<string, unknown>;
}

type Pools = Record<'math' | 'reasoning' | 'code' | 'instruct' | 'hard', CorpusItem[]>;

function pools(ctx: Ctx): Pools {
  const c = ctx.corpora;
  return {
    math: [...c.get('gsm8k'), ...c.get('math-competition')],
    reasoning: [...c.get('bbh'), ...c.get('mmlu-redux')],
    code: [...c.get('codealpaca'), ...c.get('code-benchmarks')],
    instruct: c.get('instruction-sweeps'),
    hard: c.where('arena-hard', (x) => x.lang === 'en'),
  };
}

/** A harvest item: a pool drawn by the campaign's weights, then an item from it. */
function harvester(rng: Rng, p: Pools, weights: Partial<Record<keyof Pools, number>>): (r: Rng) => CorpusItem {
  const ws = Object.entries(weights).map(([k, w]) => [p[k as keyof Pools], w as number] as const);
  return (r) => r.pick(r.weighted(ws));
}

const cid = (rng: Rng, strategy: string) => `hc-${strategy.replace(/_/g, '-')}-${rng.hex(6)}`;
const campaignLabel = (campaign_id: string, persona: string) => ({ label: 'campaign' as const, campaign_id, persona });
const clientOf = (account: AccountRow, key: string, ip: string, ua: string, model: string): Client => ({ account, key, ip, ua, model, endpoint: endpointFor(ua) });

/** Fresh accounts created in bursts, each used for a day or three and then dropped. */
function throwawayStream(ctx: Ctx, rng: Rng, p: Pools): Built {
  const id = cid(rng, 'throwaway_stream');
  const params = {
    burstEveryHours: rng.range(4, 10),
    perBurst: [rng.int(2, 4), rng.int(5, 9)],
    lifeDays: [1, 3],
    requests: [rng.int(3, 6), rng.int(25, 42)],
    domains: rng.sample(DISPOSABLE_MAIL, rng.int(3, 5)),
    cards: rng.int(2, 4),
    templates: rng.sample(HARVEST_TEMPLATES.map((_, i) => i), rng.int(2, 4)),
    ua: rng.pick([...UA.openaiPython, ...UA.scripts.slice(0, 4)]),
  };
  const cards = Array.from({ length: params.cards }, () => card(rng));
  const item = harvester(rng, p, { math: 3, reasoning: 2, instruct: 1, code: 1 });
  const countries = rng.sample(COUNTRIES, 4);
  let next = ctx.startMs + rng.range(0, params.burstEveryHours) * HOUR;
  const actor: Actor = {
    day(d) {
      const end = ctx.dayStart(d + 1);
      while (next < end) {
        let t = next;
        for (let k = rng.int(params.perBurst[0], params.perBurst[1]); k > 0; k--) {
          t += rng.range(20, 480) * 1000;
          const life = rng.range(params.lifeDays[0], params.lifeDays[1]) * DAY;
          const times = Array.from({ length: rng.int(params.requests[0], params.requests[1]) }, () => t + rng.range(120_000, life)).filter((x) => x < ctx.endMs).sort((a, b) => a - b);
          const ip = cloudIp(rng);
          const country = rng.pick(countries);
          if (times.length === 0) continue;
          const account = makeAccount(ctx, rng, { createdMs: t, email: rng.pick(params.domains), card: rng.pick(cards), signupIp: ip, country: country.code, tier: 'free' });
          ctx.addAccount(account, campaignLabel(id, 'throwaway_stream'));
          const cl = clientOf(account, ctx.id(rng, 'key_', 10), ip, params.ua, rng.chance(0.7) ? MODELS.big : MODELS.mid);
          let prev = 0;
          for (const x of times) {
            // scripted: a request goes out as soon as the previous one returns
            const at = Math.max(x, prev + rng.range(500, 4000));
            const q = item(rng).prompt;
            const s = ctx.send(rng, { t: at, c: cl, messages: [{ role: 'user', content: fill(HARVEST_TEMPLATES[rng.pick(params.templates)], { q }) }], temperature: rng.pick([0.7, 1]), max_tokens: 4096, answer: { kind: 'cot', tokens: rng.logNormal(900, 0.4) } });
            prev = at + s.latency;
          }
        }
        next += params.burstEveryHours * HOUR * rng.range(0.6, 1.4);
      }
    },
  };
  return { actors: [actor], params: { campaign_id: id, ...params, ua: params.ua } };
}

const RELAY_SYSTEMS = ['You are a helpful assistant.', '', 'You are ChatGPT, a large language model. Answer as concisely as possible.', 'You are a helpful, friendly AI assistant. Reply in the user\'s language.'];

/** Resellers carrying many paying end users' chats, with a distiller's harvest riding on separate keys. */
function resellerMix(ctx: Ctx, rng: Rng, p: Pools): Built {
  const id = cid(rng, 'reseller_mix');
  const params = { resellers: rng.int(2, 4), harvestShare: rng.range(0.1, 0.3), endUsersPerDay: [rng.int(30, 50), rng.int(70, 120)], market: rng.pick(['CN', 'RU', 'BR', 'IN', 'KR']) };
  const shared = card(rng);
  const market = COUNTRIES.filter((c) => c.code === params.market);
  const c2 = ctx.corpora;
  const chat: [CorpusItem[], number][] = [[c2.get('sharegpt-sample'), 2], [c2.get('alpaca-eval'), 1], [c2.get('oasst-prompts'), 1], [c2.where('arena-hard', (x) => x.lang === 'en'), 1], [c2.get('nq-open-queries'), 1],
    params.market === 'RU' ? [c2.get('wildchat-hard-ru'), 3] : params.market === 'CN' ? [c2.where('multilingual-chat', (x) => x.lang.startsWith('zh')), 3] : params.market === 'KR' ? [c2.where('arena-hard', (x) => x.lang === 'ko'), 3] : [c2.get('webquestions'), 1]];
  const item = harvester(rng, p, { instruct: 2, math: 1, code: 2, reasoning: 1 });
  const actors: Actor[] = [];
  for (let i = 0; i < params.resellers; i++) {
    const r = rng.fork(`reseller:${i}`);
    const home = r.pick(market);
    const account = makeAccount(ctx, r, { createdMs: ago(ctx, r, 40, 200), email: r.pick(FREE_MAIL), card: shared, signupIp: residentialIp(r, home), country: home.code, tier: 'build-3' });
    ctx.addAccount(account, campaignLabel(id, 'reseller_mix'));
    const userKeys = [ctx.id(r, 'key_', 10), ctx.id(r, 'key_', 10)];
    const harvestKeys = Array.from({ length: r.int(1, 2) }, () => ctx.id(r, 'key_', 10));
    const system = r.pick(RELAY_SYSTEMS) || undefined;
    const harvestPrefix = cloudPrefix(r);
    const harvestIps = Array.from({ length: r.int(2, 3) }, () => cloudIp(r, harvestPrefix));
    const harvestUa = r.pick([...UA.openaiPython, 'python-httpx/0.27.2']);
    const template = r.chance(0.5) ? r.pick(HARVEST_TEMPLATES) : '{q}';
    actors.push({
      day(d) {
        const before = ctx.exchanges;
        for (let u = r.int(params.endUsersPerDay[0], params.endUsersPerDay[1]); u > 0; u--) {
          const c = r.chance(0.7) ? home : r.weighted(COUNTRY_WEIGHTS);
          const cl = clientOf(account, r.pick(userKeys), residentialIp(r, c, 0.3), r.pick(UA.browsers), r.pick([MODELS.mid, MODELS.small, MODELS.big]));
          for (let s = r.int(1, 3); s > 0; s--) {
            const it = r.pick(r.weighted(chat));
            const turns = [it.prompt, ...(it.turns?.slice(1, 3) ?? [])];
            while (turns.length < 4 && r.chance(0.35)) turns.push(followUp(r, c.lang));
            conversation(ctx, r, cl, localTime(ctx, r, d, c.tz, HOURS.human), turns, { system, kind: 'chat', tokens: () => r.logNormal(380, 0.6), think: [15, 200], stream: true });
          }
        }
        const users = ctx.exchanges - before;
        let n = Math.round((users * params.harvestShare) / (1 - params.harvestShare));
        while (n > 0) {
          // the distiller runs batches on its own keys, from its own servers
          let t = ctx.dayStart(d) + r.next() * DAY;
          const cl = clientOf(account, r.pick(harvestKeys), r.pick(harvestIps), harvestUa, MODELS.big);
          for (let b = Math.min(n, r.int(15, 60)); b > 0; b--, n--) {
            const s = ctx.send(r, { t, c: cl, messages: [{ role: 'user', content: fill(template, { q: item(r).prompt }) }], temperature: 0.8, max_tokens: 4096, answer: { kind: 'cot', tokens: r.logNormal(850, 0.4) } });
            t += s.latency + r.range(200, 3000);
          }
        }
      },
    });
  }
  return { actors, params: { campaign_id: id, ...params } };
}

/** A wrapper assembled from slots and perturbed, never the same wording twice. */
function paraphraser(): (r: Rng, q: string) => string {
  const seen = new Set<string>();
  return (r, q) => {
    for (;;) {
      const P = PARAPHRASE;
      let lead = `${r.pick(P.greet)}${r.pick(P.ask)} ${r.pick(P.verb)} ${r.pick(P.obj)} ${r.pick(P.how)}${r.pick(P.tail)}`;
      if (r.chance(0.4)) lead = lead.toLowerCase();
      if (r.chance(0.2)) lead = lead.replace(/ (\w+) /, (m, w: string) => ` ${w}, `);
      const text = r.chance(0.75) ? `${lead}${r.pick(P.sep)}${q}${r.pick(P.after)}` : `${q}${r.pick(P.sep)}${lead}${r.pick(P.after)}`;
      if (!seen.has(lead)) {
        seen.add(lead);
        return text;
      }
    }
  };
}

/** Aged accounts on sticky home addresses, active in one time zone's waking hours, harvest wrapped in fresh wording among ordinary chats. */
function agedHumanHours(ctx: Ctx, rng: Rng, p: Pools): Built {
  const id = cid(rng, 'aged_human_hours');
  const params = { accounts: rng.int(8, 16), country: rng.pick(['CN', 'RU', 'US', 'KR', 'BR', 'IN']), perDay: [rng.int(12, 20), rng.int(30, 45)], cover: rng.range(0.3, 0.5), createdDaysAgo: [90, 270] };
  const item = harvester(rng, p, { math: 2, code: 2, instruct: 2, reasoning: 1, hard: 1 });
  const wrap = paraphraser();
  const c2 = ctx.corpora;
  const chat: [CorpusItem[], number][] = [[c2.get('nq-open-queries'), 2], [c2.get('sharegpt-sample'), 1], [c2.get('alpaca-eval'), 1], [c2.get('oasst-prompts'), 1], [c2.get('webquestions'), 1]];
  // waking hours only: 9:00 to 23:00 local
  const hours = HOURS.human.map((w, h) => (h >= 9 && h <= 22 ? w : 0));
  const actors: Actor[] = [];
  for (let i = 0; i < params.accounts; i++) {
    const r = rng.fork(`aged:${i}`);
    const c = countryByCode(r, params.country);
    let home = residentialIp(r, c, 0.2);
    const account = makeAccount(ctx, r, { createdMs: ago(ctx, r, params.createdDaysAgo[0], params.createdDaysAgo[1]), email: r.pick(c.mail), card: card(r), signupIp: home, country: c.code, tier: r.pick(['build-1', 'build-2']) });
    ctx.addAccount(account, campaignLabel(id, 'aged_human_hours'));
    const key = ctx.id(r, 'key_', 10);
    const ua = r.chance(0.6) ? r.pick(UA.browsers) : r.pick(UA.anthropicTs);
    const target = r.int(params.perDay[0], params.perDay[1]);
    actors.push({
      day(d) {
        if (r.chance(0.12)) return;
        if (r.chance(0.04)) home = residentialIp(r, c, 0.2);
        const cl = clientOf(account, key, home, ua, r.pick([MODELS.big, MODELS.mid]));
        let left = r.poisson(target);
        for (let s = r.int(2, 5); s > 0 && left > 0; s--) {
          let t = localTime(ctx, r, d, c.tz, hours);
          for (let k = s === 1 ? left : r.int(2, Math.max(2, Math.ceil(left / s) + 3)); k > 0 && left > 0; k--) {
            if (r.chance(params.cover)) {
              const it = r.pick(r.weighted(chat));
              const turns = [it.prompt];
              if (r.chance(0.4)) turns.push(followUp(r, c.lang === 'en' || r.chance(0.5) ? 'en' : c.lang));
              t = conversation(ctx, r, cl, t, turns, { kind: 'chat', tokens: () => r.logNormal(330, 0.6), think: [20, 180], stream: true });
              left -= turns.length;
            } else {
              const s2 = ctx.send(r, { t, c: cl, messages: [{ role: 'user', content: wrap(r, item(r).prompt) }], stream: true, answer: { kind: 'cot', tokens: r.logNormal(800, 0.45) } });
              t += s2.latency + r.range(40, 400) * 1000;
              left--;
            }
          }
        }
      },
    });
  }
  return { actors, params: { campaign_id: id, ...params } };
}

/** Harvest dressed as a verified app's back end: one organisation, a product system prompt, capability sweeps with long answers. */
function appFacade(ctx: Ctx, rng: Rng, p: Pools): Built {
  const id = cid(rng, 'app_facade');
  const params = { accounts: rng.int(4, 10), perDay: [rng.int(100, 150), rng.int(220, 320)], system: rng.int(0, FACADE_SYSTEMS.length - 1), followUpShare: rng.range(0.05, 0.2) };
  const org = ctx.id(rng, 'org_', 12);
  const pay = card(rng);
  const domain = rng.pick(['brightpath-learning.com', 'scholarly-app.io', 'cortexassist.ai']);
  const prefix = cloudPrefix(rng);
  const ua = rng.pick(rng.pick([UA.anthropicTs, UA.openaiJs]));
  const c = countryByCode(rng, 'US');
  const item = harvester(rng, p, { reasoning: 2, code: 2, math: 2, instruct: 2, hard: 1 });
  const actors: Actor[] = [];
  for (let i = 0; i < params.accounts; i++) {
    const r = rng.fork(`facade:${i}`);
    const ips = Array.from({ length: r.int(2, 4) }, () => cloudIp(r, prefix));
    const account = makeAccount(ctx, r, { createdMs: ago(ctx, r, 30, 120), email: domain, card: pay, signupIp: r.pick(ips), country: 'US', tier: 'scale', verified: true, org });
    ctx.addAccount(account, campaignLabel(id, 'app_facade'));
    const key = ctx.id(r, 'key_', 10);
    const perDay = r.int(params.perDay[0], params.perDay[1]);
    actors.push({
      day(d) {
        for (let n = r.poisson(perDay); n > 0; n--) {
          const it = item(r);
          const turns = [it.prompt];
          if (r.chance(params.followUpShare)) turns.push(followUp(r, 'en'));
          conversation(ctx, r, clientOf(account, key, r.pick(ips), ua, MODELS.big), localTime(ctx, r, d, c.tz, HOURS.app), turns, {
            system: FACADE_SYSTEMS[params.system], kind: it.category.includes('code') || it.category.includes('humaneval') || it.category.includes('mbpp') ? 'code' : 'cot',
            tokens: () => r.logNormal(1300, 0.35), think: [20, 120], temperature: 0.7, max_tokens: 4096, stream: true,
          });
        }
      },
    });
  }
  return { actors, params: { campaign_id: id, org, ...params } };
}

/** The classic fleet: hundreds of accounts, round-robin over a commercial proxy pool, shared templates, around the clock. */
function proxyFleet(ctx: Ctx, rng: Rng, p: Pools): Built {
  const id = cid(rng, 'proxy_fleet');
  const params = { accounts: rng.int(150, 300), perAccountDay: rng.range(22, 30), proxyPool: rng.int(600, 2000), templates: rng.sample(HARVEST_TEMPLATES.map((_, i) => i), rng.int(2, 4)), ua: rng.pick(UA.openaiPython) };
  const pool = Array.from({ length: params.proxyPool }, () => residentialIp(rng, rng.weighted(COUNTRY_WEIGHTS), 0.15));
  const cards = Array.from({ length: Math.ceil(params.accounts / rng.int(10, 30)) }, () => card(rng));
  const mails = rng.sample(FREE_MAIL, rng.int(2, 3));
  const item = harvester(rng, p, { instruct: 3, code: 2, math: 2, reasoning: 2 });
  const accounts: { a: AccountRow; key: string }[] = [];
  for (let i = 0; i < params.accounts; i++) {
    const ip = pool[rng.int(0, pool.length - 1)];
    const a = makeAccount(ctx, rng, { createdMs: ago(ctx, rng, 3, 30), email: rng.pick(mails), card: cards[i % cards.length], signupIp: ip, country: rng.weighted(COUNTRY_WEIGHTS).code, tier: 'build-1' });
    ctx.addAccount(a, campaignLabel(id, 'proxy_fleet'));
    accounts.push({ a, key: ctx.id(rng, 'key_', 10) });
  }
  let rr = 0;
  const actor: Actor = {
    day(d) {
      const calls: { t: number; who: number }[] = [];
      for (let i = 0; i < accounts.length; i++) for (let n = rng.poisson(params.perAccountDay); n > 0; n--) calls.push({ t: ctx.dayStart(d) + rng.next() * DAY, who: i });
      calls.sort((x, y) => x.t - y.t);
      for (const { t, who } of calls) {
        const { a, key } = accounts[who];
        const cl = clientOf(a, key, pool[rr++ % pool.length], params.ua, rng.chance(0.8) ? MODELS.big : MODELS.mid);
        ctx.send(rng, { t, c: cl, messages: [{ role: 'user', content: fill(HARVEST_TEMPLATES[rng.pick(params.templates)], { q: item(rng).prompt }) }], temperature: 1, max_tokens: 4096, answer: { kind: 'cot', tokens: rng.logNormal(950, 0.4) }, rateLimited: 0.01 });
      }
    },
  };
  return { actors: [actor], params: { campaign_id: id, ...params } };
}

/** LLM-as-judge grading requests at scale: harvesting the model's preferences and rationales. */
function judgeHarvest(ctx: Ctx, rng: Rng): Built {
  const id = cid(rng, 'judge_harvest');
  const params = { accounts: rng.int(6, 16), perDay: [rng.int(60, 100), rng.int(150, 240)], cards: rng.int(1, 3) };
  const judge = ctx.corpora.get('llm-judge-prompts');
  const cards = Array.from({ length: params.cards }, () => card(rng));
  const actors: Actor[] = [];
  for (let i = 0; i < params.accounts; i++) {
    const r = rng.fork(`judge:${i}`);
    const ips = Array.from({ length: r.int(2, 4) }, () => cloudIp(r));
    const c = r.weighted(COUNTRY_WEIGHTS);
    const account = makeAccount(ctx, r, { createdMs: ago(ctx, r, 20, 200), email: r.pick(['gmail.com', 'proton.me', 'outlook.com']), card: cards[i % cards.length], signupIp: r.pick(ips), country: c.code, tier: 'build-2' });
    ctx.addAccount(account, campaignLabel(id, 'judge_harvest'));
    const cl = clientOf(account, ctx.id(r, 'key_', 10), r.pick(ips), r.pick([...UA.openaiPython, ...UA.anthropicPython]), MODELS.big);
    const perDay = r.int(params.perDay[0], params.perDay[1]);
    actors.push({
      day(d) {
        let n = r.poisson(perDay);
        while (n > 0) {
          let t = ctx.dayStart(d) + r.next() * DAY;
          for (let b = Math.min(n, r.int(20, 80)); b > 0; b--, n--) {
            const it = r.pick(judge);
            const system = typeof it.meta?.system === 'string' ? it.meta.system : undefined;
            const s = ctx.send(r, { t, c: cl, system, messages: [{ role: 'user', content: it.prompt }], temperature: 0, max_tokens: r.pick([1024, 2048]), answer: { kind: 'judge', tokens: r.logNormal(450, 0.4) } });
            t += s.latency + r.range(100, 2000);
          }
        }
      },
    });
  }
  return { actors, params: { campaign_id: id, ...params } };
}

const HARNESS_SYSTEMS = [
  'You are an autonomous agent. Solve the user\'s task using the available tools. Before every tool call, think step by step and explain your reasoning in full.',
  'You are a helpful assistant with access to tools. Plan carefully, call tools when needed, and give a complete final answer that explains how you reached it.',
  'Act as an expert agent. For each step write Thought:, then call a tool, then reflect on the observation.',
];

const TOOLS_BY_SOURCE: Record<string, string[]> = {
  webarena: ['goto', 'click', 'type', 'scroll', 'read_page', 'stop'],
  'tau-bench': ['get_user_details', 'get_order_details', 'search_direct_flight', 'cancel_pending_order', 'modify_pending_order_items', 'transfer_to_human_agents'],
  apibench: ['search_model_hub', 'load_pretrained', 'run_inference'],
  toolbench: ['search_api', 'call_api', 'finish'],
};

/** Multi-turn tool-use traces over public agent benchmarks' tasks. */
function agenticTraces(ctx: Ctx, rng: Rng): Built {
  const id = cid(rng, 'agentic_traces');
  const params = { accounts: rng.int(6, 14), tracesPerDay: [rng.int(12, 20), rng.int(30, 45)], steps: [2, rng.int(4, 7)], system: rng.int(0, HARNESS_SYSTEMS.length - 1) };
  const tasks = ctx.corpora.get('tool-use-agentic');
  const prefix = cloudPrefix(rng);
  const actors: Actor[] = [];
  for (let i = 0; i < params.accounts; i++) {
    const r = rng.fork(`agentic:${i}`);
    const ips = Array.from({ length: r.int(1, 3) }, () => cloudIp(r, prefix));
    const c = r.weighted(COUNTRY_WEIGHTS);
    const account = makeAccount(ctx, r, { createdMs: ago(ctx, r, 10, 150), email: r.pick(FREE_MAIL), card: card(r), signupIp: r.pick(ips), country: c.code, tier: 'build-2' });
    ctx.addAccount(account, campaignLabel(id, 'agentic_traces'));
    const key = ctx.id(r, 'key_', 10);
    const ua = r.pick([...UA.anthropicPython, ...UA.openaiPython]);
    const perDay = r.int(params.tracesPerDay[0], params.tracesPerDay[1]);
    actors.push({
      day(d) {
        for (let n = r.poisson(perDay); n > 0; n--) {
          const it = r.pick(tasks);
          const metaTools = Array.isArray(it.meta?.tools) ? (it.meta.tools as unknown[]).filter((x): x is string => typeof x === 'string') : [];
          const tools = metaTools.length ? metaTools : TOOLS_BY_SOURCE[it.category.split('/')[0]] ?? TOOLS_BY_SOURCE.toolbench;
          agentTrace(ctx, r, clientOf(account, key, r.pick(ips), ua, MODELS.big), ctx.dayStart(d) + r.next() * DAY, it.prompt, {
            system: HARNESS_SYSTEMS[params.system], tools, steps: r.int(params.steps[0], params.steps[1]), finalTokens: r.logNormal(700, 0.4), toolSeconds: [0.2, 3], temperature: 0.7, max_tokens: 4096,
          });
        }
      },
    });
  }
  return { actors, params: { campaign_id: id, ...params } };
}

/** The campaigns of a world, each from its own stream of the campaign seed. */
export function campaignActors(ctx: Ctx, spec: WorldSpec): { actors: Actor[]; params: Record<string, { strategy: Strategy; accounts: number; params: Record<string, unknown> }> } {
  const p = pools(ctx);
  const actors: Actor[] = [];
  const params: Record<string, { strategy: Strategy; accounts: number; params: Record<string, unknown> }> = {};
  for (const s of spec.strategies) {
    const rng = new Rng(spec.campaignSeed, `campaign:${s}`);
    const before = ctx.labels.length;
    const b = s === 'throwaway_stream' ? throwawayStream(ctx, rng, p)
      : s === 'reseller_mix' ? resellerMix(ctx, rng, p)
        : s === 'aged_human_hours' ? agedHumanHours(ctx, rng, p)
          : s === 'app_facade' ? appFacade(ctx, rng, p)
            : s === 'proxy_fleet' ? proxyFleet(ctx, rng, p)
              : s === 'judge_harvest' ? judgeHarvest(ctx, rng)
                : agenticTraces(ctx, rng);
    actors.push(...b.actors);
    params[b.params.campaign_id as string] = { strategy: s, accounts: ctx.labels.length - before, params: b.params };
  }
  return { actors, params };
}
