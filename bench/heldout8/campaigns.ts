/**
 * heldout/v8's campaigns (persona = strategy). Every campaign draws from the
 * campaign seed only, so its accounts and lines are the same at every benign
 * size. Harvesters are job schedulers (cron windows, worker pools that drain an
 * item queue under each account's limit with back-off, some hopping to another
 * account after a 429); the ones that hide on human hours use the people's
 * priority-queue model instead.
 */
import { courseParams } from './benign.js';
import type { Corpora, Item } from './corpora.js';
import { DAY, HOUR, MIN, Limiter, TaskPerson, curve, drain, type Account, type Actor, type Emit, type Job, type Step } from './model.js';
import { COUNTRIES, UA, dcProxy, homeLine, hosts, phone, residentialProxy, type Country } from './net.js';
import { MAIL, MODELS, agedCreated, keysFor } from './people.js';
import { Rng, hex } from './rng.js';
import { converse, type Chan, type Turn } from './talk.js';

export const CAMPAIGN_SIZE = {
  burner_hours: 150, split_orgs: 40, slow_ramp: 24, resend_multimodel: 20, aged_paraphrase: 20, cot_chain: 12, rationale_backfill: 12,
  agent_trace: 10, growing_suite: 10, judge_farm: 8, safe_rewrite: 8, crowd_embedded: 6, lone_operator: 6, reseller_mix: 5, logprob_probe: 3,
} as const;
export type Strategy = keyof typeof CAMPAIGN_SIZE;
export const STRATEGIES = Object.keys(CAMPAIGN_SIZE) as Strategy[];
/** the lone operators: three unrelated campaigns of one, two and three accounts */
export const LONE_SPLIT = [1, 2, 3] as const;

const REASON_ASKS = ['Show your full reasoning before the final answer.', 'Think it through step by step and explain every step.', 'Give a complete derivation, then the answer on its own line.', 'Reason carefully and verify the result before answering.'];

export function buildCampaigns(cseed: string, benignSeed: string, c: Corpora, start: number, days: number): { actors: Actor[]; accounts: Account[] } {
  const R = new Rng(cseed);
  const actors: Actor[] = [];
  const accounts: Account[] = [];
  const end = start + days * DAY;
  const mk = (strategy: string, campaign: string, i: number, r: Rng, o: Partial<Account> & { created: number }): Account => {
    const id = `u-${hex(`${cseed}/${strategy}/${i}`, 10)}`;
    const a: Account = { id, persona: strategy, label: 'campaign', campaign, keys: keysFor(id, 1), email: r.pick(MAIL), card: `pm_${hex(`${id}/card`, 12)}`, tier: 'tier-1', ...o };
    accounts.push(a);
    return a;
  };
  const items = (xs: Item[], r: Rng) => r.shuffle([...xs]);
  const single = (b: Step['build']): Job => ({ steps: [{ build: b }] });
  const out = (r: Rng, m: number) => Math.round(r.logn(m, 0.5));

  // throwaway accounts that live hours: waves from a sign-up bot, on IPv6-first mobile carriers, 3-a-minute free tier, a 429 hops to a sibling
  {
    const s = 'burner_hours', r0 = R.fork(s), cid = 'cmp-burner';
    const pool = items([...c.where('math-competition', ''), ...c.where('code-benchmarks', 'leetcode')], r0);
    const waves = 15;
    for (let w = 0; w < waves; w++) {
      const r = r0.fork(`w${w}`);
      const t0 = start + (w / waves) * (days - 0.5) * DAY + r.range(0, 6) * HOUR;
      const country = r.pick(['US', 'IN', 'BR', 'NG', 'ES'] as const);
      const members = Array.from({ length: 10 }, (_, k) => {
        const rk = r.fork(k);
        const ip = phone(rk, country);
        const born = t0 + rk.range(0, 40) * MIN;
        return { a: mk(s, cid, w * 10 + k, rk, { created: born, tier: 'free', country, signupIp: ip(born, rk), email: rk.pick(MAIL) }), ip, born, life: rk.range(1, 6) * HOUR, ua: rk.chance(0.5) ? UA.android(rk) : UA.py(rk), n: rk.intIn(10, 40) };
      });
      const lim = new Limiter(() => 3);
      actors.push({
        accounts: members.map((m) => m.a),
        day(_d, ds, emit) {
          for (const m of members) {
            if (m.born < ds || m.born >= ds + DAY) continue;
            const rk = r.fork(`run/${m.a.id}`);
            const jobs: Job[] = pool.splice(0, m.n).map((it) => single((acct, t) => ({ key: acct.keys[0], ip: m.ip(t, rk), ua: m.ua, model: rk.chance(0.5) ? MODELS.reason : MODELS.ultra, endpoint: 'chat.completions', messages: [{ role: 'user', content: `${it.prompt}\n\n${rk.pick(REASON_ASKS)}` }], params: { max_tokens: rk.pick([8192, 16384, 32000]) }, outTok: out(rk, 2500), lang: 'en' })));
            drain({ r: rk, accounts: [m.a, ...members.filter((x) => x !== m && x.born < m.born).map((x) => x.a).slice(0, 2)], workers: 1, limiter: lim, gap: (r2) => r2.range(4_000, 40_000), hop: 0.5, backoffMs: 8_000 }, jobs, m.born + rk.range(1, 10) * MIN, m.born + m.life, emit);
          }
        },
      });
    }
  }

  // a campaign split over five apparent organisations and two residential proxy resellers (sticky sessions), one shared queue
  {
    const s = 'split_orgs', r = R.fork(s), cid = 'cmp-split';
    const queue = items([...c.all('instruction-sweeps'), ...c.all('alpaca-eval'), ...c.where('arena-hard', '', 'en'), ...c.all('codealpaca')], r).slice(0, 9000);
    const orgs = Array.from({ length: 5 }, (_, o) => {
      const ro = r.fork(`org${o}`);
      const proxy = o % 2 ? residentialProxy(ro, ['US', 'GB', 'DE', 'FR', 'BR']) : residentialProxy(ro, ['IN', 'JP', 'KR', 'AU', 'ES']);
      const org = `org-${hex(`${cseed}/split/${o}`, 8)}`;
      const domain = `${ro.pick(['brightlane', 'corelogic', 'novadesk', 'pylonai', 'quartzly'])}${o}.com`;
      const accts = Array.from({ length: 8 }, (_, k) => mk(s, cid, o * 8 + k, ro.fork(k), { created: agedCreated(ro, start, 20, 120), org, email: domain, card: `pm_${hex(`${org}/c${k % 2}`, 12)}`, tier: 'tier-2', verified: o < 2 }));
      return { accts, proxy, ua: [UA.py, UA.node, UA.litellm, UA.go, UA.langchain][o]!(ro), system: ro.pick([undefined, 'You are a helpful assistant.', 'You are an expert. Answer thoroughly.', 'Respond in detail with examples.']), shift: o * 4.8, lim: new Limiter(() => 30), ro };
    });
    actors.push({
      accounts: orgs.flatMap((o) => o.accts),
      day(_d, ds, emit) {
        for (const o of orgs) {
          const t = ds + o.shift * HOUR + o.ro.range(0, 40) * MIN;
          const jobs = queue.splice(0, o.ro.intIn(120, 200)).map((it) => single((acct, tt) => ({ key: acct.keys[0], ip: o.proxy(tt + acct.id.length * 7_777_777, o.ro), ua: o.ua, model: MODELS.ultra, endpoint: 'chat.completions', system: o.system, messages: [{ role: 'user', content: it.prompt }], params: { temperature: 0.7, max_tokens: 4096 }, outTok: out(o.ro, 900), lang: 'en' })));
          drain({ r: o.ro, accounts: o.accts, workers: 8, limiter: o.lim, gap: (r2) => r2.range(10_000, 90_000), hop: 0.3, backoffMs: 4_000 }, jobs, t, t + 9 * HOUR, emit);
          queue.unshift(...[]);
        }
      },
    });
  }

  // a slow start that ramps up: accounts join on a logistic curve and each one's daily volume follows it
  {
    const s = 'slow_ramp', r = R.fork(s), cid = 'cmp-ramp';
    const queue = items([...c.all('oasst-prompts'), ...c.all('self-instruct-user-oriented'), ...c.all('instruction-sweeps'), ...c.all('alpaca-eval')], r);
    const logistic = (d: number) => 1 / (1 + Math.exp(-(d - days * 0.6) * 1.1));
    const members = Array.from({ length: 24 }, (_, k) => {
      const rk = r.fork(k);
      const country = rk.pick(['US', 'GB', 'AU'] as const);
      const line = homeLine(rk, country);
      const joinDay = k < 2 ? 0 : Math.min(days - 2, Math.floor(days * 0.6 + Math.log(k / (24 - k + 0.5)) / 1.1));
      const created = start + Math.max(0, joinDay) * DAY + rk.range(8, 20) * HOUR;
      return { a: mk(s, cid, k, rk, { created, country, signupIp: line(created), tier: 'tier-1' }), line, rk, ua: UA.ant(rk), lim: new Limiter(() => 50) };
    });
    actors.push({
      accounts: members.map((m) => m.a),
      day(d, ds, emit) {
        for (const m of members) {
          if (m.a.created >= ds + DAY) continue;
          const n = Math.round(4 + 60 * logistic(d) * m.rk.range(0.7, 1.3));
          const tz = COUNTRIES[m.a.country as Country].tz;
          const t = Math.max(m.a.created, ds + ((9 - tz + 24) % 24) * HOUR + m.rk.range(0, 3) * HOUR);
          const jobs = queue.splice(0, n).map((it) => single((acct, tt) => ({ key: acct.keys[0], ip: m.line(tt), ua: m.ua, model: MODELS.ultra, endpoint: 'messages', system: 'You are a knowledgeable assistant. Be complete and precise.', messages: [{ role: 'user', content: it.prompt }], params: { max_tokens: 4096, temperature: 1 }, outTok: out(m.rk, 800), lang: 'en' })));
          drain({ r: m.rk, accounts: [m.a], workers: 1, limiter: m.lim, gap: (r2) => r2.logn(6 * MIN, 0.7), hop: 0, backoffMs: 10_000 }, jobs, t, t + 14 * HOUR, emit);
        }
      },
    });
  }

  // re-sending harvest: each item to three models, twice each (temperature 0 and 0.8, a seed), four cron windows a day, 429s retried on another account
  {
    const s = 'resend_multimodel', r = R.fork(s), cid = 'cmp-resend';
    const org = `org-${hex(`${cseed}/resend`, 8)}`;
    const ips = hosts(r, 'gcp', 6);
    const accts = Array.from({ length: 20 }, (_, k) => mk(s, cid, k, r.fork(k), { created: agedCreated(r, start, 3, 30), org, email: 'evalforge-labs.ai', card: `pm_${hex(org, 12)}`, tier: 'tier-2' }));
    const queue = items([...c.all('bbh'), ...c.where('math-competition', ''), ...c.where('code-benchmarks', ''), ...c.all('mmlu-redux')], r);
    const lim = new Limiter(() => 10);
    const ua = UA.aiohttp(r);
    actors.push({
      accounts: accts,
      day(_d, ds, emit) {
        for (const h of [1, 7, 13, 19]) {
          const jobs: Job[] = [];
          for (const it of queue.splice(0, r.intIn(60, 90))) for (const m of [MODELS.pro, MODELS.ultra, MODELS.reason]) for (const temp of [0, 0.8]) jobs.push(single((acct, t) => ({ key: acct.keys[0], ip: r.pick(ips), ua, model: m, endpoint: 'chat.completions', system: 'Answer the question. Put your reasoning first, then "Final answer:".', messages: [{ role: 'user', content: it.prompt }], params: { temperature: temp, seed: temp ? r.intIn(1, 1e6) : 7, max_tokens: 4096, ...(m === MODELS.reason ? { reasoning_effort: 'high' } : {}) }, outTok: out(r, 1200), lang: 'en' })));
          drain({ r, accounts: accts, workers: 40, limiter: lim, gap: () => r.range(0, 1500), hop: 0.7, backoffMs: 2_000, assign: 'job' }, jobs, ds + h * HOUR + r.range(0, 15) * MIN, ds + (h + 5) * HOUR, emit);
        }
      },
    });
  }

  // aged accounts on human hours: the people's priority-queue model, benchmark items wrapped in everyday words, typos, cover chat
  const wrap = (r: Rng, p: string) => {
    let x = r.pick([`ok so my cousin is stuck on this, can u explain how to get it: ${p}`, `${p}\n\nno rush but could you walk me through it properly? i want to understand each part`, `quick one from my study group -> ${p} (please go slow, explain the why)`, `Studying for an exam. ${p}\nHow would you reason about this from scratch?`, `hey, saw this online and can't stop thinking about it. ${p} what's the logic?`]);
    if (r.chance(0.3)) x = x.toLowerCase();
    if (r.chance(0.3)) { const i = 5 + r.int(Math.max(1, x.length - 10)); x = x.slice(0, i) + x[i + 1] + x[i] + x.slice(i + 2); }
    return x;
  };
  const humanCamp = (s: Strategy, cid: string, n: number, countries: Country[], rate: number, hours: (h: number, wd: number) => number, turns: (r: Rng) => Turn[], o: { model?: (r: Rng) => string; params?: (r: Rng) => Record<string, unknown>; cover?: number } = {}) => {
    const r0 = R.fork(s);
    for (let k = 0; k < n; k++) {
      const r = r0.fork(k);
      const country = r.pick(countries);
      const line = homeLine(r, country);
      const a = mk(s, cid, k, r, { created: agedCreated(r, start, 180, 1200), country, signupIp: line(start - 200 * DAY), tier: r.pick(['tier-1', 'tier-2']) });
      const tp = new TaskPerson(r, COUNTRIES[country].tz, 0.9);
      const ch: Chan = { accts: [a], ip: (t) => line(t), ua: r.pick([UA.browserChrome, UA.browserMac, UA.ant])(r), model: o.model ?? (() => MODELS.ultra), endpoint: 'chat.completions', lang: 'en', think: (r2) => r2.logn(50_000, 0.6), out: (r2) => out(r2, 1100), params: o.params, stream: true, rpm: 50 };
      actors.push({
        accounts: [a],
        day(_d, ds, emit) {
          for (let j = r.poisson(rate); j > 0; j--) tp.add({ pri: r.next(), born: ds + r.next() * DAY, kind: 'h', n: 0 });
          tp.day(ds, hours, (_task, t) => converse(r, ch, r.chance(o.cover ?? 0.3) ? [{ user: r.pick(c.all(r.pick(['nq-open-queries', 'oasst-prompts', 'sharegpt-sample']))).prompt }, { user: 'thanks' }] : turns(r), t, emit));
        },
      });
    }
  };
  const evenings = curve([[17, 19, 1], [19, 23.5, 2.2], [23.5, 24, 1], [0, 1, 0.6], [7, 9, 0.4], [12, 13, 0.6]], 1.3);
  {
    const pool = [...c.all('gsm8k'), ...c.where('math-competition', 'MATH'), ...c.all('bbh'), ...c.all('codealpaca'), ...c.all('mmlu-redux')];
    humanCamp('aged_paraphrase', 'cmp-aged', 20, ['US', 'GB', 'DE', 'IN', 'BR', 'AU', 'FR'], 14, evenings, (r) => [{ user: wrap(r, r.pick(pool).prompt) }]);
  }
  // multi-turn reasoning extraction on human hours
  {
    const pool = [...c.where('math-competition', ''), ...c.where('code-benchmarks', 'leetcode'), ...c.all('bbh')];
    const FAM = [
      ['List every intermediate result you computed, in order.', 'write out each intermediate value you got along the way'],
      ['Where would a careful student most likely slip here? Redo that step slowly.', 'which step is easiest to get wrong? go over it again in detail'],
      ['Solve it again by a completely different method and compare.', 'now a different approach please, and check they agree'],
      ['State the invariant or key fact the whole argument rests on, and why it holds.', 'what is the one idea that makes this work? justify it'],
      ['Compress the solution into a rigorous proof sketch.', 'turn that into a tight formal write-up'],
    ];
    humanCamp('cot_chain', 'cmp-cot', 12, ['US', 'DE', 'JP', 'KR', 'TW', 'IN', 'RU', 'GB'], 7, curve([[9, 12, 1], [13, 18, 1], [19, 24, 1.5], [0, 2, 0.7]], 1), (r) => {
      const ts: Turn[] = [{ user: r.pick(pool).prompt }];
      for (const f of r.sample(FAM, r.intIn(3, 5))) ts.push({ user: r.pick(f) });
      return ts;
    }, { model: (r) => (r.chance(0.6) ? MODELS.reason : MODELS.ultra), params: (r) => (r.chance(0.6) ? { thinking: { type: 'enabled', budget_tokens: r.pick([8000, 16000, 32000]) }, max_tokens: 40000 } : { max_tokens: 8000 }), cover: 0.15 });
  }

  // reasoning back-fill (own idea 1): question plus its known answer, asking for the reasoning that would lead there, at scale
  {
    const s = 'rationale_backfill', r = R.fork(s), cid = 'cmp-backfill';
    const withAns = [...c.all('gsm8k').map((x) => [x.prompt, String(x.meta?.answer ?? '')] as const), ...c.all('mmlu-redux').map((x) => [x.prompt, 'ABCD'[Number(x.meta?.answer ?? 0)] ?? 'A'] as const)].filter((x) => x[1]);
    const queue = r.shuffle([...withAns]);
    const orgs = [0, 1].map((o) => `org-${hex(`${cseed}/backfill/${o}`, 8)}`);
    const accts = Array.from({ length: 12 }, (_, k) => mk(s, cid, k, r.fork(k), { created: agedCreated(r, start, 10, 90), org: orgs[k % 2], email: k % 2 ? 'quillmark.ai' : 'tessera-data.com', tier: 'tier-3' }));
    const ips = [...hosts(r, 'azure', 3), ...hosts(r, 'aws', 3)];
    const lim = new Limiter(() => 60);
    const ua = UA.py(r);
    const tmpl = ['Here is a question and its correct final answer. Write out, step by step, the reasoning a careful expert would go through to arrive at this answer, as if thinking it through for the first time. Do not mention that you were given the answer.', 'Below is a problem with the verified answer. Produce a natural, detailed chain of thought that leads to it. Never refer to the answer being provided.'];
    actors.push({
      accounts: accts,
      day(_d, ds, emit) {
        const t = ds + (15 + r.range(0, 2)) * HOUR;
        const jobs = queue.splice(0, r.intIn(900, 1300)).map(([q, ans]) => single((acct, tt) => ({ key: acct.keys[0], ip: ips[accts.indexOf(acct) % ips.length]!, ua, model: r.chance(0.7) ? MODELS.ultra : MODELS.reason, endpoint: 'chat.completions', messages: [{ role: 'user', content: `${r.pick(tmpl)}\n\nQuestion: ${q}\nFinal answer: ${ans}` }], params: { temperature: 1, max_tokens: 6000 }, outTok: out(r, 900), lang: 'en', ...(tt ? {} : {}) })));
        drain({ r, accounts: accts, workers: 12, limiter: lim, gap: () => r.range(500, 6000), hop: 0, backoffMs: 3_000 }, jobs, t, t + 8 * HOUR, emit);
      },
    });
  }

  // tool-use / agent-trace harvest: think-aloud agent loops over public tool tasks, each once
  {
    const s = 'agent_trace', r = R.fork(s), cid = 'cmp-agent';
    const queue = items([...c.where('tool-use-agentic', 'bfcl'), ...c.where('tool-use-agentic', 'tau-bench'), ...c.where('tool-use-agentic', 'apibench'), ...c.where('tool-use-agentic', 'webarena')], r);
    const ips = [...hosts(r, 'ovh', 3), ...hosts(r, 'vultr', 3)];
    const accts = Array.from({ length: 10 }, (_, k) => mk(s, cid, k, r.fork(k), { created: agedCreated(r, start, 5, 60), tier: 'tier-2', email: r.pick(['proton.me', 'tutanota.com']) }));
    const box = ['web_search', 'fetch_url', 'python', 'read_file', 'write_file', 'sql_query', 'send_email', 'calendar_lookup', 'calculator', 'get_weather', 'translate'];
    const lim = new Limiter(() => 40);
    const ua = UA.langchain(r);
    const sys = 'You are an autonomous agent. Before every tool call, explain your reasoning in detail: what you know, what you need, why this tool. After each result, reflect on it before the next step.';
    actors.push({
      accounts: accts,
      day(_d, ds, emit) {
        for (const win of [3, 12]) {
          const t = ds + (win + r.range(0, 2)) * HOUR;
          const jobs: Job[] = queue.splice(0, r.intIn(70, 110)).map((it) => {
            const tools = [...((it.meta?.tools as string[] | undefined) ?? []).slice(0, 4), ...r.sample(box, r.intIn(3, 7))];
            const msgs: { role: 'user' | 'assistant' | 'tool'; content: string }[] = [{ role: 'user', content: it.prompt }];
            const steps: Step[] = [];
            const n = r.intIn(3, 7);
            for (let k = 0; k < n; k++) {
              const snap = [...msgs];
              steps.push({ build: (acct) => ({ key: acct.keys[0], ip: r.pick(ips), ua, model: MODELS.ultra, endpoint: 'chat.completions', system: sys, messages: snap, tools, params: { temperature: 0.6, max_tokens: 4096, parallel_tool_calls: false }, outTok: out(r, 500), stop: k < n - 1 ? 'tool_use' : 'end_turn', toolCalls: k < n - 1 ? 1 : undefined, lang: 'en' }), after: k ? r.range(500, 8000) : 0 });
              msgs.push({ role: 'assistant', content: 'Thinking: I need more information before acting. Calling a tool.' }, { role: 'tool', content: `{"result": "${hex(`${it.id}/${k}`, 8)}", "ok": true}` });
            }
            return { steps };
          });
          drain({ r, accounts: accts, workers: 10, limiter: lim, gap: () => r.range(2_000, 30_000), hop: 0, backoffMs: 5_000 }, jobs, t, t + 7 * HOUR, emit);
        }
      },
    });
  }

  // a harvest dressed as a nightly CI eval (own idea 3): a fixed 40-item core re-run each night for cover, plus hundreds of fresh items
  {
    const s = 'growing_suite', r = R.fork(s), cid = 'cmp-suite';
    const org = `org-${hex(`${cseed}/suite`, 8)}`;
    const accts = Array.from({ length: 10 }, (_, k) => mk(s, cid, k, r.fork(k), { created: agedCreated(r, start, 20, 200), org, email: 'relaybench.dev', card: `pm_${hex(org, 12)}`, tier: 'tier-3', verified: true }));
    const core = r.sample([...c.all('alpaca-eval').slice(0, 300), ...c.all('gsm8k').slice(0, 100)], 40);
    const fresh = items([...c.all('mmlu-redux'), ...c.all('bbh'), ...c.where('math-competition', ''), ...c.where('code-benchmarks', 'mbpp')], r);
    const lim = new Limiter(() => 40);
    const ua = UA.promptfoo(r);
    actors.push({
      accounts: accts,
      day(_d, ds, emit) {
        const t = ds + 2 * HOUR + r.intIn(5, 25) * MIN;
        const ip = `${r.pick(['20.169', '172.183', '4.227'])}.${r.intIn(1, 254)}.${r.intIn(1, 254)}`;
        const jobs: Job[] = [];
        for (const it of [...core, ...fresh.splice(0, r.intIn(350, 500))]) for (const m of [MODELS.pro, MODELS.ultra]) jobs.push(single((acct) => ({ key: acct.keys[0], ip, ua, model: m, endpoint: 'chat.completions', system: 'You are a careful assistant. Explain your reasoning fully, then answer.', messages: [{ role: 'user', content: it.prompt }], params: { temperature: 0, seed: 42, max_tokens: 3000 }, outTok: out(r, 700), lang: 'en' })));
        r.shuffle(jobs);
        drain({ r, accounts: accts, workers: 16, limiter: lim, gap: () => 0, hop: 0.3, backoffMs: 1_500 }, jobs, t, t + 5 * HOUR, emit);
      },
    });
  }

  // judge/grading harvest: every public judge render and AlpacaEval answers on a JSON rubric, once each, office hours UTC+8
  {
    const s = 'judge_farm', r = R.fork(s), cid = 'cmp-judge';
    const org = `org-${hex(`${cseed}/judge`, 8)}`;
    const accts = Array.from({ length: 8 }, (_, k) => mk(s, cid, k, r.fork(k), { created: agedCreated(r, start, 30, 300), org, email: 'annotatewell.tw', tier: 'tier-3', verified: k < 3, country: 'TW' }));
    const ips = hosts(r, 'azure', 4);
    const tpls = c.templates().filter((t) => t.system_prompt);
    const queue = items([...c.all('llm-judge-prompts'), ...c.all('alpaca-eval').map((x) => ({ ...x, prompt: `Grade the response to this instruction on a 1-10 rubric (helpfulness, correctness, depth). Return JSON {"score": n, "rationale": "..."}.\n\nInstruction: ${x.prompt}` }))], r);
    const lim = new Limiter(() => 60);
    actors.push({
      accounts: accts,
      day(_d, ds, emit) {
        const wd = new Date(ds + 8 * HOUR).getUTCDay();
        if (wd === 0 || wd === 6) return;
        const t = ds + (9 - 8) * HOUR;
        const jobs = queue.splice(0, r.intIn(350, 500)).map((it) => single((acct) => ({ key: acct.keys[0], ip: r.pick(ips), ua: UA.node(r), model: MODELS.ultra, endpoint: 'chat.completions', system: r.pick(tpls).system_prompt, messages: [{ role: 'user', content: it.prompt }], params: { temperature: 0, max_tokens: 2048, ...(r.chance(0.3) ? { n: 2 } : {}), response_format: { type: 'json_object' } }, outTok: out(r, 400), lang: 'en' })));
        drain({ r, accounts: accts, workers: 8, limiter: lim, gap: () => r.range(1_000, 20_000), hop: 0, backoffMs: 4_000 }, jobs, t, t + 9 * HOUR, emit);
      },
    });
  }

  // censorship-safe / policy-safe rewrites (own idea 2): sensitive requests with a request for the compliant alternative and why
  {
    const s = 'safe_rewrite', r = R.fork(s), cid = 'cmp-safe';
    const queue = items([...c.all('hh-rlhf-harmless-test'), ...c.all('wildchat-hard-ru')], r);
    const accts = Array.from({ length: 8 }, (_, k) => mk(s, cid, k, r.fork(k), { created: agedCreated(r, start, 15, 150), tier: 'tier-2', email: r.pick(['qq.com', '163.com', 'outlook.com']) }));
    const proxy = dcProxy(r);
    const lim = new Limiter(() => 30);
    const ua = UA.py(r);
    const ask = ['For the request below, write (1) the answer a careful, policy-compliant assistant would give, and (2) one line naming which part of the request needed care and why.', 'Rewrite how an assistant should respond to this so it stays within safety policy while still being as helpful as possible. Then explain the boundary you applied.'];
    actors.push({
      accounts: accts,
      day(_d, ds, emit) {
        const t = ds + (9.5 - 8) * HOUR;
        const jobs = queue.splice(0, r.intIn(200, 320)).map((it) => single((acct, tt) => ({ key: acct.keys[0], ip: proxy(tt, r), ua, model: MODELS.ultra, endpoint: 'messages', messages: [{ role: 'user', content: `${r.pick(ask)}\n\nRequest: ${it.prompt.slice(0, 1500)}` }], params: { max_tokens: 2048 }, outTok: out(r, 500), lang: 'en' })));
        drain({ r, accounts: accts, workers: 8, limiter: lim, gap: () => r.range(5_000, 60_000), hop: 0.2, backoffMs: 6_000 }, jobs, t, t + 10 * HOUR, emit);
      },
    });
  }

  // inside copy 0's course: six extra students who attend the labs and at night drain a harvest through the campus NAT
  {
    const s = 'crowd_embedded', r = R.fork(s), cid = 'cmp-insider';
    const co = courseParams(benignSeed, 0, c, start);
    const accts = Array.from({ length: 6 }, (_, k) => mk(s, cid, k, r.fork(k), { created: co.opens + r.range(2, 28) * HOUR, email: co.domain, country: co.country, tier: 'free', signupIp: co.nat(start, r) }));
    const queue = items([...c.where('math-competition', ''), ...c.all('codealpaca')], r);
    const lim = new Limiter(() => 3);
    actors.push({
      accounts: accts,
      day(d, ds, emit) {
        const wd = new Date(ds + co.tz * HOUR).getUTCDay();
        if (wd === 3) for (const a of accts) {
          const ch: Chan = { accts: [a], ip: co.nat, ua: co.ua, model: () => MODELS.pro, endpoint: 'chat.completions', lang: 'en', think: (r2) => r2.logn(60_000, 0.5), out: (r2) => out(r2, 300), params: () => ({ temperature: 0.2, max_tokens: 2048 }), rpm: 3, neighbour: (x) => accts[(accts.indexOf(x) + 1) % accts.length], hop: 0.5 };
          let t = ds + (co.labHour - co.tz) * HOUR + r.range(0, 25) * MIN;
          for (const step of co.lab) t = converse(r, ch, [{ user: step }], t + r.range(10_000, 200_000), emit);
        }
        if (d < 2) return;
        const t = ds + ((1 - co.tz + 24) % 24) * HOUR + r.range(0, 30) * MIN;
        const jobs = queue.splice(0, r.intIn(200, 300)).map((it) => single((acct, tt) => ({ key: acct.keys[0], ip: co.nat(tt, r), ua: co.ua, model: MODELS.ultra, endpoint: 'chat.completions', messages: [{ role: 'user', content: `${it.prompt}\n\n${r.pick(REASON_ASKS)}` }], params: { temperature: 0.2, max_tokens: 8192 }, outTok: out(r, 1500), lang: 'en' })));
        drain({ r, accounts: accts, workers: 6, limiter: lim, gap: () => r.range(1_000, 10_000), hop: 0.6, backoffMs: 10_000 }, jobs, t, t + 4 * HOUR, emit);
      },
    });
  }

  // lone operators: three unrelated small campaigns
  {
    const r = R.fork('lone');
    const plans: { n: number; net: 'home' | 'vps'; src: Item[]; start: number; hours: number; turns: number }[] = [
      { n: 1, net: 'home', src: [...c.all('codealpaca'), ...c.where('code-benchmarks', 'mbpp')], start: 19, hours: 4, turns: 1 },
      { n: 2, net: 'home', src: c.where('math-competition', ''), start: 0, hours: 6, turns: 1 },
      { n: 3, net: 'vps', src: c.where('arena-hard', '', 'en'), start: 10, hours: 8, turns: 3 },
    ];
    let idx = 0;
    plans.forEach((p, j) => {
      const rj = r.fork(j);
      const cid = `cmp-lone-${'abc'[j]}`;
      const country = rj.pick(['US', 'DE', 'RU', 'KR'] as const);
      const line = homeLine(rj, country);
      const vps = hosts(rj, 'hetzner', 1)[0]!;
      const card = `pm_${hex(`${cid}/card`, 12)}`;
      const accts = Array.from({ length: p.n }, () => mk('lone_operator', cid, idx++, rj.fork(idx), { created: agedCreated(rj, start, 2, 200), country, card, tier: 'tier-1' }));
      const queue = items(p.src, rj);
      const lim = new Limiter(() => 20);
      const ua = rj.pick([UA.py, UA.curl, UA.ant])(rj);
      actors.push({
        accounts: accts,
        day(_d, ds, emit) {
          if (rj.chance(0.15)) return;
          const t = ds + (p.start - COUNTRIES[country].tz + 24) % 24 * HOUR + rj.range(0, 60) * MIN;
          const jobs: Job[] = queue.splice(0, rj.intIn(40, 90)).map((it) => {
            const steps: Step[] = [];
            const follow = ['Expand that with more detail and edge cases.', 'Now give the final, polished version.'];
            for (let k = 0; k < p.turns; k++) {
              const msgs = [{ role: 'user' as const, content: it.prompt }];
              for (let q = 0; q < k; q++) msgs.push({ role: 'assistant' as never, content: 'Here is a draft.' } as never, { role: 'user', content: follow[q]! });
              steps.push({ build: (acct, tt) => ({ key: acct.keys[0], ip: p.net === 'vps' ? vps : line(tt), ua, model: MODELS.ultra, endpoint: 'chat.completions', messages: msgs, params: { max_tokens: 8192 }, outTok: out(rj, 1100), lang: 'en' }), after: k ? rj.range(2_000, 9_000) : 0 });
            }
            if (p.turns === 1) steps[0] = { build: (acct, tt) => ({ key: acct.keys[0], ip: line(tt), ua, model: MODELS.ultra, endpoint: 'chat.completions', messages: [{ role: 'user', content: `${it.prompt}\n\n${rj.pick(REASON_ASKS)}` }], params: { max_tokens: 8192 }, outTok: out(rj, 1100), lang: 'en' }) };
            return { steps };
          });
          drain({ r: rj, accounts: accts, workers: 1, limiter: lim, gap: (r2) => r2.range(20_000, 120_000), hop: 0, backoffMs: 15_000, assign: 'round' }, jobs, t, t + p.hours * HOUR, emit);
        },
      });
    });
  }

  // a reseller: paying end users' chats and a harvest slice on the same keys, hosts and client
  {
    const s = 'reseller_mix', r = R.fork(s), cid = 'cmp-reseller';
    const org = `org-${hex(`${cseed}/reseller`, 8)}`;
    const accts = Array.from({ length: 5 }, (_, k) => mk(s, cid, k, r.fork(k), { created: agedCreated(r, start, 30, 200), org, email: 'apihub-cn.com', card: `pm_${hex(org, 12)}`, tier: 'tier-4', keys: keysFor(`${org}/${k}`, 6) }));
    const ips = [...hosts(r, 'alibaba', 2), ...hosts(r, 'hetzner', 2)];
    const ua = `new-api/0.${r.intIn(4, 6)}.${r.intIn(0, 9)}`;
    const users = Array.from({ length: 160 }, (_, u) => {
      const ru = r.fork(`user${u}`);
      const lang = ru.weighted([['zh', 5], ['ru', 2], ['en', 3]] as const);
      return { ru, lang, tp: new TaskPerson(ru, lang === 'zh' ? 8 : lang === 'ru' ? 3 : -5, 0.9), rate: ru.pareto(0.5, 1.8) };
    });
    const harvest = items([...c.where('math-competition', ''), ...c.where('code-benchmarks', 'humaneval'), ...c.all('llm-judge-prompts')], r);
    const lim = new Limiter(() => 200);
    actors.push({
      accounts: accts,
      day(_d, ds, emit) {
        for (const u of users) {
          for (let k = u.ru.poisson(u.rate); k > 0; k--) u.tp.add({ pri: u.ru.next(), born: ds + u.ru.next() * DAY, kind: 'x', n: 0 });
          const ch: Chan = { accts, ip: (_t, r2) => r2.pick(ips), ua, model: (r2) => r2.pick([MODELS.pro, MODELS.ultra, MODELS.mini]), endpoint: 'chat.completions', lang: u.lang, stream: true, think: (r2) => r2.logn(40_000, 0.8), out: (r2) => out(r2, 350) };
          u.tp.day(ds, curve([[8, 24, 1], [0, 1, 0.5]], 1.1), (_task, t) => {
            const it = u.lang === 'zh' ? u.ru.pick(c.where('multilingual-chat', 'belle')) : u.lang === 'ru' ? u.ru.pick(c.all('wildchat-hard-ru')) : u.ru.pick(c.all('sharegpt-sample'));
            return converse(u.ru, ch, [{ user: it.prompt }, ...(u.ru.chance(0.5) ? [{ user: u.lang === 'zh' ? '继续' : u.lang === 'ru' ? 'продолжай' : 'continue' }] : [])], t, emit);
          });
        }
        const jobs = harvest.splice(0, r.intIn(180, 280)).map((it) => single((acct) => ({ key: r.pick(acct.keys), ip: r.pick(ips), ua, model: MODELS.ultra, endpoint: 'chat.completions', messages: [{ role: 'user', content: `${it.prompt}\n\n${r.pick(REASON_ASKS)}` }], params: { max_tokens: 16384 }, stream: true, outTok: out(r, 1800), lang: 'en' })));
        drain({ r, accounts: accts, workers: 4, limiter: lim, gap: (r2) => r2.exp(4 * MIN), hop: 0, backoffMs: 2_000, assign: 'job' }, jobs, ds + r.range(0, 3) * HOUR, ds + DAY, emit);
      },
    });
  }

  // logprob probing: one-token completions with top-20 logprobs and a logit-bias window walking the vocabulary
  {
    const s = 'logprob_probe', r = R.fork(s), cid = 'cmp-logprob';
    const ips = hosts(r, 'do', 3);
    const accts = Array.from({ length: 3 }, (_, k) => mk(s, cid, k, r.fork(k), { created: agedCreated(r, start, 1, 40), tier: 'tier-2' }));
    const prefixes = items([...c.all('nq-open-queries').slice(0, 2000), ...c.all('alpaca-eval')], r);
    const lims = new Limiter(() => 120);
    let cursor = 0;
    actors.push({
      accounts: accts,
      day(_d, ds, emit) {
        accts.forEach((a, k) => {
          const t = ds + r.range(0, 22) * HOUR;
          const jobs: Job[] = [];
          for (const p of prefixes.splice(0, r.intIn(4, 9))) for (let q = r.intIn(10, 30); q > 0; q--) {
            const w = r.intIn(20, 120);
            const bias = Object.fromEntries(Array.from({ length: w }, (_, j) => [String(cursor + j), 100]));
            cursor += w;
            jobs.push(single(() => ({ key: a.keys[0], ip: ips[k]!, ua: UA.py(r), model: MODELS.pro, endpoint: r.chance(0.5) ? 'completions' : 'chat.completions', messages: [{ role: 'user', content: p.prompt }], params: { max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: 20, logit_bias: bias }, outTok: 1, lang: 'en' })));
          }
          drain({ r, accounts: [a], workers: 2, limiter: lims, gap: () => r.range(200, 2_000), hop: 0, backoffMs: 2_000 }, jobs, t, t + 2 * HOUR, emit);
        });
      },
    });
  }

  for (const a of accounts) if (a.created >= end) a.created = end - HOUR;
  return { actors, accounts };
}
