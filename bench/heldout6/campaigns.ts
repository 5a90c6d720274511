/**
 * heldout/v6's campaigns: each strategy is one campaign (one id), drawn from
 * the campaign seed only, so the campaigns are byte-identical at every benign
 * scale. The one thing they take from the benign side is copy 0's hackathon
 * venue (seeded by the benign seed, identical at every scale), which
 * `crowd_infiltrate` joins.
 */
import type { Corpora, Item } from './corpora.js';
import { Rng, opaque } from './rng.js';
import { BROWSER, JS_OPENAI, MAIL_FREE, MAIL_THROWAWAY, PROXIES, PY_ANTHROPIC, PY_OPENAI, TS_ANTHROPIC, cloudV4, country, homeV4, type Client } from './net.js';
import { CURVES, DAY, HOUR, MIN, appQueue, makeAcct, seat, shiftOf, workerPool, type Acct, type Log, type Msg, type Worker } from './model.js';
import { converse, hackathonVenue, history } from './benign.js';
import {
  AGENT_SYSTEM, BENCH_ASK, FACADE_BUTTONS, FACADE_SYSTEM, FRAMEWORK_REACT, PARA_ASKS, PARA_CLOSERS, PARA_OPENERS, REASON_FOLLOWUPS,
  REFUSAL_ASKS, RESELLER_SYSTEMS, THROWAWAY_ASKS, TOOLBOX, followup,
} from './words.js';

export interface CCtx { seed: string; benignSeed: string; from: number; to: number; log: Log; corpora: Corpora; accts: Acct[] }

export const STRATEGIES = [
  'crowd_infiltrate', 'throwaway_hours', 'reseller_mix', 'aged_paraphrase', 'split_org_proxy', 'bench_harvest',
  'reasoning_multiturn', 'logprob_probe', 'agent_trace', 'slow_ramp', 'refusal_boundary', 'facade_buttons',
] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const CAMPAIGN_SIZE: Record<Strategy, number> = {
  crowd_infiltrate: 12, throwaway_hours: 150, reseller_mix: 5, aged_paraphrase: 30, split_org_proxy: 40, bench_harvest: 16,
  reasoning_multiturn: 20, logprob_probe: 4, agent_trace: 14, slow_ramp: 24, refusal_boundary: 10, facade_buttons: 8,
};

const cid = (x: CCtx, s: Strategy) => `cmp_${opaque(`${x.seed}|${s}`, 8)}`;
const card = (k: string) => `card_${opaque(`card|${k}`, 14)}`;
const org = (k: string) => `org_${opaque(`org|${k}`, 10)}`;

/** a shuffled sweep over corpora, each item taken once */
function sweep(r: Rng, c: Corpora, parts: [string, string | undefined][]): () => Item | undefined {
  const all: Item[] = [];
  for (const [n, cat] of parts) all.push(...c.get(n, cat));
  r.shuffle(all);
  let i = 0;
  return () => all[i++];
}

function make(x: CCtx, s: Strategy, i: number, r: Rng, init: Omit<Parameters<typeof makeAcct>[1], 'key' | 'persona' | 'campaign' | 'prefix'>): Acct {
  const a = makeAcct(r, { ...init, key: `${x.seed}|${s}|${i}`, persona: s, campaign: cid(x, s) });
  x.accts.push(a);
  return a;
}

// ---------------------------------------------------------------- strategies

/** joins copy 0's hackathon: its venue address, pinned client, framework prompt and tools; then harvests agent tasks from home-like exits */
function crowdInfiltrate(x: CCtx): void {
  const s: Strategy = 'crowd_infiltrate';
  const v = hackathonVenue(x.benignSeed, 0, x.from);
  const r = new Rng(x.seed, s);
  const next = sweep(r, x.corpora, [['tool-use-agentic', 'tau'], ['tool-use-agentic', 'bfcl'], ['tool-use-agentic', 'apibench']]);
  const accts = Array.from({ length: CAMPAIGN_SIZE[s] }, (_, i) => make(x, s, i, new Rng(x.seed, s, i), { created: v.signup + r.range(1, 13) * HOUR, country: v.country, client: v.client, email: r.pick(MAIL_FREE), card: i % 3 === 0 ? card(`${x.seed}|${s}`) : undefined, signupIp: v.ip, tier: 'free', models: ['gpt-5-mini', 'gpt-5'] }));
  const loop = (a: Acct, ar: Rng, t: number, ip: string) => {
    const it = next();
    if (!it) return t + DAY;
    const steps = ar.int(2, 5);
    const turns = [it.prompt, ...Array.from({ length: steps - 2 }, () => ar.pick(['Observation: {"status": 200}', 'Observation: []', 'continue'])), ar.pick(['Before the final answer, explain the reasoning behind each tool call you made.', 'Write out your full plan and every intermediate result, then the final answer.'])];
    return converse(x.log, a, ar, t, turns, { ip, system: FRAMEWORK_REACT.system, tools: [...FRAMEWORK_REACT.tools], temperature: 0.2, max_tokens: 4096 }, 900, 8_000, 1);
  };
  accts.forEach((a, i) => {
    const ar = new Rng(x.seed, s, i, 'event');
    // at the venue, in the attendees' rhythm
    seat(ar, Math.max(v.start, a.created), v.end, v.country.tz, { curve: CURVES.owl, weekend: 1, shortP: 0.8, shortMin: 15, longH: 2.5, alpha: 1.1, maxPer: 25 }, (t, k) => {
      for (let j = 0; j < k; j += 3) t = loop(a, ar, t, ar.chance(0.85) ? v.ip : `${v.v6}:${ar.hex(4)}:${ar.hex(4)}:${ar.hex(4)}:${ar.hex(4)}`);
      return t;
    });
  });
  // after the event: the same client and prompt from residential exits in the venue's country, evenings and weekends
  const workers: Worker[] = accts.map(() => ({ from: v.end + r.range(4, 30) * HOUR, to: x.to, shift: shiftOf(v.country.tz, CURVES.person, 0.5) }));
  workerPool(workers, () => true, (w, t) => loop(accts[w]!, new Rng(x.seed, s, w, t), t, PROXIES[2]!.exit(new Rng(x.seed, s, w, Math.floor(t / DAY)), v.country.cc)), (w, t) => new Rng(x.seed, s, w, 'p', t).lognormal(35 * MIN, 0.8));
}

/** accounts that live hours: waves of sign-ups, one proxy exit each, long reasoning asks */
function throwaway(x: CCtx): void {
  const s: Strategy = 'throwaway_hours';
  const r = new Rng(x.seed, s);
  const next = sweep(r, x.corpora, [['code-benchmarks', 'leetcode'], ['code-benchmarks', 'mbpp'], ['math-competition', 'MATH/'], ['math-competition', 'qwen25math/aime'], ['math-competition', 'qwen25math/college_math'], ['math-competition', 'qwen25math/olympiad']]);
  const cards = Array.from({ length: 8 }, (_, i) => card(`${x.seed}|${s}|prepaid${i}`));
  const waves = 10;
  const per = CAMPAIGN_SIZE[s] / waves;
  for (let w = 0; w < waves; w++) {
    const waveStart = x.from + (w + 0.3) * ((x.to - x.from - DAY) / waves) + r.range(0, 8) * HOUR;
    for (let j = 0; j < per; j++) {
      const i = w * per + j;
      const ar = new Rng(x.seed, s, i);
      const cc = ar.pick(['US', 'IN', 'BR', 'VN', 'NG', 'MX', 'GB']);
      const px = ar.pick([PROXIES[2]!, PROXIES[3]!, PROXIES[4]!]);
      const ip = px.exit(ar, cc);
      const cl = ar.chance(0.6) ? BROWSER(ar) : PY_OPENAI(ar);
      const created = waveStart + ar.range(0, 40) * MIN;
      const a = make(x, s, i, ar, { created, country: country(cc), client: cl, email: ar.pick(MAIL_THROWAWAY), card: ar.chance(0.85) ? ar.pick(cards) : undefined, signupIp: ip, tier: 'free' });
      const life = ar.range(1, 6) * HOUR;
      const n = ar.int(10, 40);
      let t = created + ar.range(1, 10) * MIN;
      for (let k = 0; k < n && t < created + life; k++) {
        const it = next();
        if (!it) break;
        t = x.log.send(a, { t, ip, messages: [{ role: 'user', content: ar.chance(0.5) ? `${it.prompt}\n\n${ar.pick(THROWAWAY_ASKS)}` : `${ar.pick(THROWAWAY_ASKS)}\n\n${it.prompt}` }], max_tokens: ar.pick([8192, 12000, 16000]), temperature: ar.chance(0.5) ? 0.6 : undefined, out: ar.lognormal(1400, 0.5) }) + ar.exp(life / n);
      }
    }
  }
}

/** a relay: paying end users' chats plus a harvest slice on the same keys and addresses */
function reseller(x: CCtx): void {
  const s: Strategy = 'reseller_mix';
  const r = new Rng(x.seed, s);
  const o = org(`${x.seed}|${s}`);
  const ips = [cloudV4(r, 'alicloud'), cloudV4(r, 'alicloud'), cloudV4(r, 'hetzner')];
  const cl: Client = { ua: r.pick(['new-api/v0.9.4', 'one-api/v0.6.11']), sdk: 'openai', stream: 0.85 };
  const accts = Array.from({ length: CAMPAIGN_SIZE[s] }, (_, i) => make(x, s, i, new Rng(x.seed, s, i), { created: x.from - r.range(40, 200) * DAY, org: o, country: country('SG'), client: cl, keys: 6, email: 'gptrelay.top', card: card(`${x.seed}|${s}`), signupIp: ips[0], tier: 'tier-3', verified: false, models: ['gpt-5', 'gpt-5-mini', 'gpt-4.1'] }));
  appQueue(new Rng(x.seed, s, 'users'), x.from, x.to, 8, 25, CURVES.market, 1, (t, k) => {
    const ur = new Rng(x.seed, s, 'u', k);
    const a = accts[k % accts.length]!;
    const lang = ur.weighted([['zh', 5], ['ru', 2], ['en', 3]] as const);
    const it = lang === 'zh' ? ur.pick(x.corpora.get('multilingual-chat').filter((q) => q.lang === 'zh')) : lang === 'ru' ? ur.pick(x.corpora.get('wildchat-hard-ru')) : ur.pick(x.corpora.get('sharegpt-sample'));
    const turns = it.turns?.length ? it.turns.slice(0, 4) : [it.prompt];
    if (ur.chance(0.4)) turns.push(followup(ur, lang));
    converse(x.log, a, ur, t, turns, { ip: ur.pick(ips), key: ur.pick(a.keys), system: ur.pick(RESELLER_SYSTEMS) || undefined, lang, temperature: ur.chance(0.5) ? 0.7 : undefined }, 350, 30_000);
  });
  const next = sweep(r, x.corpora, [['math-competition', 'MATH/'], ['llm-judge-prompts', undefined], ['code-benchmarks', 'leetcode'], ['bbh', undefined]]);
  const workers: Worker[] = accts.map(() => ({ from: x.from, to: x.to, shift: (t: number) => t }));
  workerPool(workers, () => next(), (w, t, it) => {
    const ar = new Rng(x.seed, s, 'h', w, t);
    return x.log.send(accts[w]!, { t, ip: ar.pick(ips), key: ar.pick(accts[w]!.keys), messages: [{ role: 'user', content: `${it.prompt}\n\nThink step by step and show the full reasoning.` }], max_tokens: 16384, temperature: 0.6, out: ar.lognormal(1500, 0.5) });
  }, (w, t) => new Rng(x.seed, s, 'p', w, t).lognormal(20 * MIN, 0.9));
}

const para = (r: Rng, item: string) => {
  const op = r.pick(PARA_OPENERS), ask = r.pick(PARA_ASKS), cl = r.pick(PARA_CLOSERS);
  const body = r.chance(0.5) ? `${op} ${item}\n\n${ask}` : `${ask}\n\n${item}`;
  const s = cl ? `${body} ${cl}` : body;
  return r.chance(0.3) ? s.toLowerCase() : s;
};

/** aged accounts on human hours, each at home, paraphrased asks, cover chat */
function agedParaphrase(x: CCtx): void {
  const s: Strategy = 'aged_paraphrase';
  const r = new Rng(x.seed, s);
  const next = sweep(r, x.corpora, [['gsm8k', undefined], ['math-competition', 'MATH/'], ['bbh', undefined], ['codealpaca', undefined], ['mmlu-redux', undefined]]);
  for (let i = 0; i < CAMPAIGN_SIZE[s]; i++) {
    const ar = new Rng(x.seed, s, i);
    const c = country(ar.pick(['US', 'GB', 'CA', 'SG', 'KR', 'DE', 'IN', 'AU']));
    const home = homeV4(ar, c);
    const a = make(x, s, i, ar, { created: x.from - ar.range(120, 900) * DAY, country: c, client: ar.chance(0.6) ? BROWSER(ar) : ar.pick([JS_OPENAI, PY_ANTHROPIC])(ar), email: ar.pick(MAIL_FREE), card: card(`${x.seed}|${s}|${i}`), signupIp: homeV4(ar, c), tier: ar.pick(['tier-1', 'tier-2']) });
    seat(ar, x.from, x.to, c.tz, { curve: CURVES.person, weekend: 1.1, shortP: 0.5, shortMin: 40, longH: 7, alpha: 1.4, maxPer: 30 }, (t, k) => {
      for (let j = 0; j < k; j++) {
        if (ar.chance(0.35)) {
          const it = ar.pick(x.corpora.get(ar.pick(['nq-open-queries', 'alpaca-eval', 'oasst-prompts'])));
          t = converse(x.log, a, ar, t, [it.prompt], { ip: home }, 250, 60_000);
          continue;
        }
        const it = next();
        if (!it) return t;
        t = x.log.send(a, { t, ip: home, messages: [{ role: 'user', content: para(ar, it.prompt) }], max_tokens: ar.chance(0.4) ? 4096 : undefined, out: ar.lognormal(700, 0.5) }) + ar.lognormal(2.5 * MIN, 0.8);
      }
      return t;
    });
  }
}

/** one sweep sharded over four apparent organisations, each on its own proxy network */
function splitOrgProxy(x: CCtx): void {
  const s: Strategy = 'split_org_proxy';
  const r = new Rng(x.seed, s);
  const items = [...x.corpora.get('instruction-sweeps'), ...x.corpora.get('codealpaca'), ...x.corpora.get('self-instruct-user-oriented')];
  r.shuffle(items);
  const orgs = [
    { px: PROXIES[0]!, ua: 'python-httpx/0.28.1', ep: 'chat.completions', tpl: (p: string) => `### Instruction:\n${p}\n\n### Response:`, cc: 'US' },
    { px: PROXIES[2]!, ua: 'Go-http-client/2.0', ep: 'responses', tpl: (p: string) => `Task: ${p}\nGive a complete, high-quality answer.`, cc: 'GB' },
    { px: PROXIES[4]!, ua: 'okhttp/4.12.0', ep: 'chat.completions', tpl: (p: string) => `${p}`, cc: 'IN' },
    { px: PROXIES[1]!, ua: 'reqwest/0.12.23', ep: 'messages', tpl: (p: string) => `<task>${p}</task>\nAnswer thoroughly.`, cc: 'DE' },
  ];
  const queues: Item[][] = orgs.map(() => []);
  items.forEach((it, k) => queues[k % 4]!.push(it));
  const accts: Acct[] = [];
  for (let i = 0; i < CAMPAIGN_SIZE[s]; i++) {
    const g = orgs[i % 4]!;
    const ar = new Rng(x.seed, s, i);
    accts.push(make(x, s, i, ar, { created: x.from - ar.range(3, 25) * DAY, org: org(`${x.seed}|${s}|${i % 4}`), country: country(g.cc), client: { ua: g.ua, sdk: g.ep === 'messages' ? 'anthropic' : 'openai', stream: 0 }, endpoint: g.ep, email: `${opaque(`${x.seed}|${s}|d${i % 4}`, 7)}.${['io', 'co', 'net', 'tech'][i % 4]}`, card: card(`${x.seed}|${s}|${i % 4}`), signupIp: g.px.exit(ar, g.cc), tier: 'tier-2', models: g.ep === 'messages' ? ['claude-sonnet-4-5'] : ['gpt-5'] }));
  }
  const pos = [0, 0, 0, 0];
  const workers: Worker[] = accts.map((a) => ({ from: Math.max(x.from, a.created) + r.range(0, 2) * DAY, to: x.to, shift: (t: number) => t }));
  workerPool(workers, (w) => queues[w % 4]![pos[w % 4]!++], (w, t, it) => {
    const g = orgs[w % 4]!;
    const ar = new Rng(x.seed, s, 'x', w, t);
    return x.log.send(accts[w]!, { t, ip: g.px.exit(ar, g.cc), messages: [{ role: 'user', content: g.tpl(it.prompt) }], max_tokens: 4096, temperature: 0.7, out: ar.lognormal(600, 0.5) });
  }, (w, t) => new Rng(x.seed, s, 'p', w, t).lognormal(55 * MIN, 0.9));
}

/** dressed as an eval harness (same client, temperature 0, seed) but every item once, with a reasoning ask */
function benchHarvest(x: CCtx): void {
  const s: Strategy = 'bench_harvest';
  const r = new Rng(x.seed, s);
  const o = org(`${x.seed}|${s}`);
  const ips = Array.from({ length: 4 }, () => cloudV4(r, 'gcp'));
  const next = sweep(r, x.corpora, [['mmlu-redux', undefined], ['bbh', undefined], ['gsm8k', undefined], ['math-competition', undefined], ['code-benchmarks', undefined]]);
  const accts = Array.from({ length: CAMPAIGN_SIZE[s] }, (_, i) => make(x, s, i, new Rng(x.seed, s, i), { created: x.from - r.range(2, 40) * DAY, org: o, country: country('US'), client: { ua: 'lm_eval/0.4.9 OpenAI/Python 2.3.0', sdk: 'openai', stream: 0 }, keys: 2, email: 'evalworks.ai', card: card(`${x.seed}|${s}`), signupIp: ips[0], tier: 'tier-3', verified: false, models: ['gpt-5', 'gpt-5-mini', 'o4-mini'] }));
  const workers: Worker[] = accts.map(() => ({ from: x.from + r.range(0, 3) * DAY, to: x.to, shift: (t: number) => t }));
  workerPool(workers, () => { const b: Item[] = []; const n = r.int(30, 90); for (let i = 0; i < n; i++) { const it = next(); if (it) b.push(it); } return b.length ? b : undefined; }, (w, t, batch) => {
    const ar = new Rng(x.seed, s, 'b', w, t);
    const a = accts[w]!;
    const m = ar.pick(a.models);
    const ip = ar.pick(ips);
    for (const it of batch) t = x.log.send(a, { t, ip, model: m, key: a.keys[1], messages: [{ role: 'user', content: `Question: ${it.prompt}\n${BENCH_ASK}` }], temperature: 0, max_tokens: 2048, ext: { seed: 1234, ...(m === 'o4-mini' ? { reasoning_effort: 'high' } : {}) }, out: ar.lognormal(600, 0.5) }) + ar.exp(700);
    return t;
  }, (w, t) => new Rng(x.seed, s, 'p', w, t).lognormal(30 * HOUR, 0.5));
}

/** multi-turn conversations that take a solution apart, on human hours */
function reasoningMultiturn(x: CCtx): void {
  const s: Strategy = 'reasoning_multiturn';
  const r = new Rng(x.seed, s);
  const next = sweep(r, x.corpora, [['math-competition', 'MATH/'], ['gsm8k', undefined], ['bbh', undefined], ['code-benchmarks', 'mbpp']]);
  for (let i = 0; i < CAMPAIGN_SIZE[s]; i++) {
    const ar = new Rng(x.seed, s, i);
    const c = country(ar.pick(['US', 'CA', 'GB', 'JP', 'KR', 'SG', 'AU', 'DE']));
    const cl = ar.chance(0.5) ? BROWSER(ar) : ar.pick([PY_ANTHROPIC, TS_ANTHROPIC, JS_OPENAI])(ar);
    const a = make(x, s, i, ar, { created: x.from - ar.range(60, 360) * DAY, country: c, client: cl, email: ar.pick(MAIL_FREE), card: card(`${x.seed}|${s}|${i % 7}`), signupIp: homeV4(ar, c), tier: 'tier-2' });
    seat(ar, x.from, x.to, c.tz, { curve: CURVES.person, weekend: 1, shortP: 0.5, shortMin: 30, longH: 8, alpha: 1.5, maxPer: 20 }, (t, k) => {
      const ip = PROXIES[ar.chance(0.5) ? 2 : 3]!.exit(ar, c.cc);
      let used = 0;
      while (used < k) {
        if (ar.chance(0.2)) {
          const it = ar.pick(x.corpora.get('sharegpt-sample'));
          t = converse(x.log, a, ar, t, it.turns?.slice(0, 3) ?? [it.prompt], { ip }, 300, 50_000);
          used += 2;
          continue;
        }
        const it = next();
        if (!it) return t;
        const fams = ar.shuffle([...REASON_FOLLOWUPS]).slice(0, ar.int(3, 6));
        const turns = [it.prompt, ...fams.map((f) => ar.pick(f))];
        const ext = a.client.sdk === 'anthropic' ? { thinking: { type: 'enabled', budget_tokens: ar.pick([8000, 16000, 24000]) } } : a.client.sdk === 'openai' ? { reasoning_effort: 'high' } : undefined;
        t = converse(x.log, a, ar, t, turns, { ip, ext, max_tokens: ext ? 32000 : undefined }, 900, 70_000);
        used += turns.length;
      }
      return t;
    });
  }
}

/** logit / logprob probing: one-token answers, top_logprobs 20, a logit_bias window moving through the vocabulary */
function logprobProbe(x: CCtx): void {
  const s: Strategy = 'logprob_probe';
  const r = new Rng(x.seed, s);
  const prefixes = r.shuffle([...x.corpora.get('nq-open-queries')]);
  let pi = 0;
  const accts = Array.from({ length: CAMPAIGN_SIZE[s] }, (_, i) => { const ar = new Rng(x.seed, s, i); return make(x, s, i, ar, { created: x.from - ar.range(1, 30) * DAY, country: country(ar.pick(['US', 'DE', 'SG'])), client: ar.pick([PY_OPENAI, { ua: 'python-requests/2.32.3', sdk: 'openai', stream: 0 } as Client].map((f) => (typeof f === 'function' ? f(ar) : f))), endpoint: i % 2 ? 'completions' : 'chat.completions', email: ar.pick(MAIL_FREE), card: card(`${x.seed}|${s}|${i}`), signupIp: cloudV4(ar, i % 2 ? 'vultr' : 'ovh'), tier: 'tier-1', models: ['gpt-4.1', 'gpt-5-mini'] }); });
  const workers: Worker[] = accts.map((a) => ({ from: x.from + r.range(0, 4) * DAY, to: x.to, shift: (t: number) => t }));
  workerPool(workers, () => prefixes[pi++], (w, t, it) => {
    const ar = new Rng(x.seed, s, 'q', w, t);
    const a = accts[w]!;
    const ip = cloudV4(ar, w % 2 ? 'vultr' : 'ovh');
    const prefix = it.prompt.split(/\s+/).slice(0, ar.int(3, 8)).join(' ');
    const width = ar.pick([50, 100, 200, 300]);
    const start = ar.int(0, 90_000);
    const q = ar.int(8, 25);
    for (let j = 0; j < q; j++) {
      const bias: Record<string, number> = {};
      for (let b = 0; b < width; b++) bias[String(start + j * width + b)] = 100;
      t = x.log.send(a, { t, ip, messages: [{ role: 'user', content: prefix }], max_tokens: 1, temperature: 0, ext: { logprobs: true, top_logprobs: 20, logit_bias: bias }, out: 1 }) + ar.exp(600);
    }
    return t;
  }, (w, t) => new Rng(x.seed, s, 'p', w, t).lognormal(150 * MIN, 0.8));
}

/** agent-trace harvest: tool loops on public agent tasks, tool results fed back, many tools offered */
function agentTrace(x: CCtx): void {
  const s: Strategy = 'agent_trace';
  const r = new Rng(x.seed, s);
  const next = sweep(r, x.corpora, [['tool-use-agentic', undefined]]);
  const accts = Array.from({ length: CAMPAIGN_SIZE[s] }, (_, i) => { const ar = new Rng(x.seed, s, i); return make(x, s, i, ar, { created: x.from - ar.range(5, 90) * DAY, country: country('US'), client: ar.pick([PY_OPENAI, PY_ANTHROPIC])(ar), email: `${opaque(`${x.seed}|${s}|${i % 3}`, 6)}.dev`, card: card(`${x.seed}|${s}|${i % 3}`), signupIp: cloudV4(ar, 'aws'), tier: 'tier-2' }); });
  const workers: Worker[] = accts.map(() => ({ from: x.from + r.range(0, 2) * DAY, to: x.to, shift: shiftOf(r.pick([-6, -5, 1]), CURVES.owl, 0.3) }));
  workerPool(workers, () => next(), (w, t, it) => {
    const ar = new Rng(x.seed, s, 'l', w, t);
    const a = accts[w]!;
    const ip = cloudV4(ar, 'aws');
    const tools = [...new Set([...(it.tools ?? []), ...ar.shuffle([...TOOLBOX]).slice(0, ar.int(6, 16))])];
    const h: Msg[] = [];
    let u = it.prompt;
    const steps = ar.int(3, 7);
    for (let j = 0; j < steps; j++) {
      const last = j === steps - 1;
      t = x.log.send(a, { t, ip, system: AGENT_SYSTEM, messages: history(h, u, 10), tools, temperature: 0, max_tokens: 2048, toolCalls: last ? undefined : ar.int(1, 3), out: ar.lognormal(last ? 500 : 120, 0.5) }) + ar.lognormal(1500, 0.6);
      h.push({ role: 'user', content: u }, { role: 'assistant', content: `Plan: call ${ar.pick(tools)}` });
      if (!last) h.push({ role: 'tool', content: JSON.stringify({ result: opaque(`${it.id}${j}`, 10), status: 'ok' }) });
      u = last ? 'Summarise what you did and why.' : 'continue';
    }
    return t;
  }, (w, t) => new Rng(x.seed, s, 'p', w, t).lognormal(100 * MIN, 0.9));
}

/** starts with two accounts at a trickle and grows: accounts join and speed up day by day */
function slowRamp(x: CCtx): void {
  const s: Strategy = 'slow_ramp';
  const r = new Rng(x.seed, s);
  const next = sweep(r, x.corpora, [['alpaca-eval', undefined], ['arena-hard', undefined], ['oasst-prompts', undefined], ['self-instruct-user-oriented', undefined], ['instruction-sweeps', undefined], ['webquestions', undefined]]);
  const n = CAMPAIGN_SIZE[s];
  const joinDay = (i: number) => Math.log(Math.max(1, i) / 2 + 1) / Math.log(1.25); // active(d) ≈ 2·1.25^d
  const accts = Array.from({ length: n }, (_, i) => {
    const ar = new Rng(x.seed, s, i);
    const cc = ar.pick(['US', 'GB', 'CA']);
    return make(x, s, i, ar, { created: x.from + joinDay(i) * DAY - ar.range(1, 20) * HOUR, country: country(cc), client: { ua: 'OpenAI/Python 2.6.1', sdk: 'openai', stream: 0 }, email: ar.pick(MAIL_FREE), card: card(`${x.seed}|${s}|${i % 3}`), signupIp: PROXIES[3]!.exit(ar, cc), tier: 'tier-1', models: ['gpt-5'] });
  });
  const workers: Worker[] = accts.map((a) => ({ from: Math.max(x.from, a.created + HOUR), to: x.to, shift: shiftOf(a.country.tz, CURVES.person, 0.3) }));
  workerPool(workers, () => next(), (w, t, it) => {
    const ar = new Rng(x.seed, s, 'x', w, t);
    const a = accts[w]!;
    return x.log.send(a, { t, ip: PROXIES[3]!.exit(ar, a.country.cc), system: 'You are a knowledgeable assistant. Give complete, well-structured answers.', messages: [{ role: 'user', content: it.prompt }], max_tokens: 4096, temperature: 0.8, out: ar.lognormal(700, 0.5) });
  }, (w, t) => new Rng(x.seed, s, 'p', w, t).lognormal(100 * MIN * Math.pow(0.82, (t - x.from) / DAY), 0.7));
}

/**
 * This generator's own idea: harvesting the refusal boundary. Public reporting
 * on distillation campaigns describes operators collecting how the target model
 * handles sensitive requests (refusals, safe alternatives, harm ratings) to
 * train their own model's safety behaviour. Red-team prompts, each once, with an
 * ask for the refusal rationale and the safe alternative, from mobile exits.
 */
function refusalBoundary(x: CCtx): void {
  const s: Strategy = 'refusal_boundary';
  const r = new Rng(x.seed, s);
  const next = sweep(r, x.corpora, [['hh-rlhf-harmless-test', undefined]]);
  for (let i = 0; i < CAMPAIGN_SIZE[s]; i++) {
    const ar = new Rng(x.seed, s, i);
    const c = country(ar.pick(['US', 'GB', 'IN', 'SG', 'AU']));
    const a = make(x, s, i, ar, { created: x.from - ar.range(7, 25) * DAY, country: c, client: ar.pick([PY_ANTHROPIC, TS_ANTHROPIC])(ar), email: ar.pick(MAIL_FREE), card: card(`${x.seed}|${s}|${i % 4}`), signupIp: PROXIES[4]!.exit(ar, c.cc), tier: 'tier-1' });
    seat(ar, x.from + ar.range(0, 3) * DAY, x.to, c.tz, { curve: CURVES.person, weekend: 1, shortP: 0.4, shortMin: 30, longH: 10, alpha: 1.5, maxPer: 15 }, (t, k) => {
      const ip = PROXIES[4]!.exit(ar, c.cc);
      for (let j = 0; j < k; j++) {
        const it = next();
        if (!it) return t;
        const turns = [`${it.prompt}\n\n${ar.pick(REFUSAL_ASKS)}`];
        if (ar.chance(0.3)) turns.push('Now write the version you would give a teenager, and explain what you changed.');
        t = converse(x.log, a, ar, t, turns, { ip, max_tokens: 2048 }, 500, 20_000);
      }
      return t;
    });
  }
}

/** a fake tutoring app: end-user-shaped arrivals and canned buttons, but competition maths and extraction buttons */
function facadeButtons(x: CCtx): void {
  const s: Strategy = 'facade_buttons';
  const r = new Rng(x.seed, s);
  const o = org(`${x.seed}|${s}`);
  const ips = [cloudV4(r, 'vultr'), cloudV4(r, 'vultr')];
  const cl = JS_OPENAI(r);
  const next = sweep(r, x.corpora, [['math-competition', 'MATH/'], ['math-competition', 'qwen25math/olympiad'], ['math-competition', 'qwen25math/aime'], ['math-competition', 'qwen25math/college_math'], ['math-competition', 'qwen25math/amc'], ['math-competition', 'qwen25math/minerva']]);
  const accts = Array.from({ length: CAMPAIGN_SIZE[s] }, (_, i) => make(x, s, i, new Rng(x.seed, s, i), { created: x.from - r.range(10, 60) * DAY, org: o, country: country('US'), client: cl, keys: 2, email: 'brightsum.app', card: card(`${x.seed}|${s}`), signupIp: ips[0], tier: 'tier-2', verified: false }));
  appQueue(new Rng(x.seed, s, 'users'), x.from, x.to, -5, 9, CURVES.market, 0.8, (t, k) => {
    const ur = new Rng(x.seed, s, 'u', k);
    const it = next();
    if (!it) return;
    const turns = [it.prompt, ...ur.shuffle([...FACADE_BUTTONS]).slice(0, ur.int(2, 4))];
    converse(x.log, accts[k % accts.length]!, ur, t, turns, { ip: ur.pick(ips), system: FACADE_SYSTEM, temperature: 0.4, max_tokens: 4096 }, 900, 20_000);
  });
}

const RUN: Record<Strategy, (x: CCtx) => void> = {
  crowd_infiltrate: crowdInfiltrate, throwaway_hours: throwaway, reseller_mix: reseller, aged_paraphrase: agedParaphrase,
  split_org_proxy: splitOrgProxy, bench_harvest: benchHarvest, reasoning_multiturn: reasoningMultiturn, logprob_probe: logprobProbe,
  agent_trace: agentTrace, slow_ramp: slowRamp, refusal_boundary: refusalBoundary, facade_buttons: facadeButtons,
};
export function runCampaigns(x: CCtx): void {
  for (const s of STRATEGIES) RUN[s](x);
}
