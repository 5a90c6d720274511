/**
 * heldout/v9's campaigns, all from the campaign seed (the same accounts and
 * exchanges, byte for byte, at every benign scale). persona = strategy.
 */
import { hackInfo, starterItem } from './benign.js';
import type { Item } from './corpora.js';
import { Ctx, card, item, org, type Tier } from './kit.js';
import { type Account, type Conv, type Msg, type Req, DAY, HOUR, MIN, atLocal, live, newPerson, pace, scripted, send, sendRetry } from './model.js';
import { browserUa, cloudIp, country, endpointOf, homeIp, homeLine, mobileIp, modemIp, pickCountry, proxyExit, sdkUa, type Cloud } from './net.js';
import { Rng, murmur } from './rng.js';
import { FOLLOW, LANGS, MODELS, TRANSLATE_SYS } from './words.js';

export const CAMPAIGN_SIZE = {
  tenant_reseller: 48,
  proxy_rotation: 110,
  rl_rollouts: 16,
  cot_traces: 20,
  rubric_grader: 10,
  agent_trajectories: 12,
  translation_pairs: 14,
  seedling: 24,
  chat_mimic: 18,
  glyph_scramble: 10,
  persona_sweep: 12,
  continuation_chain: 8,
  hackathon_plant: 8,
  quiet_single: 3,
} as const;
export type Strategy = keyof typeof CAMPAIGN_SIZE;
export const STRATEGIES = Object.keys(CAMPAIGN_SIZE) as Strategy[];
/** quiet_single is three unrelated people, each its own campaign */
export const QUIET = ['cmp-quiet-a', 'cmp-quiet-b', 'cmp-quiet-c'] as const;

/** a campaign's item queue: the pooled sources shuffled once, each item handed out once */
function queue(c: Ctx, r: Rng, sources: readonly (readonly [string, string])[]): () => Item {
  const all: Item[] = [];
  for (const [src, sub] of sources) all.push(...(sub ? c.corpora.sub(src, sub) : c.corpora.of(src)));
  const order = r.shuffle(all.map((_, i) => i));
  let k = 0;
  return () => all[order[k++ % order.length]!]!;
}
const clip = (s: string, n = 7000) => (s.length > n ? s.slice(0, n) : s);

interface Mk { c: Ctx; seed: string; benignSeed: string }
const stream = (m: Mk, s: string) => `${m.seed}/${s}`;

function acct(m: Mk, r: Rng, s: string, persona: Strategy, campaign: string, o: { created: number; country: string; tier: Tier; org?: string; email?: string; card?: string; signupIp?: string; verified?: boolean; keys?: number }): Account {
  const cc = country(o.country);
  return m.c.account({ stream: stream(m, s), r, persona, campaign, tz: cc.tz, ...o });
}

// 1. a reseller's many small "customer" organisations, each with real end users, and a harvest slice on every tenant
function tenantReseller(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'tenants'));
  const cards = Array.from({ length: 4 }, (_, i) => card(`${m.seed}/tenants/card${i}`));
  const egress = (t: number) => cloudIp(r.chance(0.6) ? 'alibaba' : 'hetzner', `${m.seed}/tenants/gw${Math.floor(t / DAY + r.next() * 3) % 6}`);
  const ua = 'new-api/v0.6.9 Go-http-client/2.0';
  const next = queue(c, r, [['instruction-sweeps', ''], ['arena-hard', ''], ['alpaca-eval', '']]);
  for (let tI = 0; tI < 24; tI++) {
    const tr = r.fork(`t${tI}`);
    const o = org(`${m.seed}/tenant${tI}`);
    const dom = `${tr.pick(['nimbus', 'quanta', 'brisk', 'lumo', 'zeta', 'orbit'])}${tr.hex(3)}.${tr.pick(['cn', 'com', 'io', 'hk'])}`;
    const accts = [0, 1].map((j) => acct(m, tr, `tenant${tI}/${j}`, 'tenant_reseller', 'cmp-tenants', { created: c.start - tr.uni(5, 120) * DAY, country: tr.pick(['CN', 'TW', 'US', 'RU']), tier: 'build2', org: o, email: dom, card: cards[tI % 4], keys: 3, signupIp: egress(c.start - 30 * DAY), verified: tr.chance(0.25) }));
    // end users: real chats
    for (let u = 0; u < 8; u++) {
      const ur = tr.fork(`u${u}`);
      const lang = ur.pick(['zh', 'ru', 'en']);
      const p = newPerson(ur, lang === 'ru' ? 3 : lang === 'zh' ? 8 : -5, ur.uni(0.5, 3));
      live(p, c.start, c.end, () => 1, () => {
        const it = lang === 'ru' ? ur.pick(c.corpora.of('wildchat-hard-ru')) : lang === 'zh' ? ur.pick(c.corpora.sub('multilingual-chat', '', 'zh')) : ur.pick(c.corpora.of('sharegpt-sample'));
        const a = accts[u % 2]!;
        return scripted(ur, [clip(it.prompt, 4000), ...(it.turns ?? []).slice(1, 3)], (t, msgs) => sendRetry(c.sink, ur, stream(m, `tenant${tI}/${u % 2}`), a, t, { ip: egress(t), ua, model: ur.pick([MODELS.big, MODELS.mini]), endpoint: 'chat.completions', messages: msgs, stream: true, out: ur.lognormal(350, 0.7), lang }, 3, a.keys[ur.int(0, 2)]));
      });
    }
    // harvest slice
    for (let d = 0; d < c.days; d++) {
      accts.forEach((a, j) => {
        const st = c.start + d * DAY + tr.uni(0, 3) * HOUR;
        pace({ rng: tr.fork(`d${d}.${j}`), start: st, end: st + 20 * HOUR, budget: tr.int(30, 70) * 1500, workers: 2, step: (t) => {
          const it = next();
          const s = sendRetry(c.sink, tr, stream(m, `tenant${tI}/${j}`), a, t, { ip: egress(t), ua, model: MODELS.big, endpoint: 'chat.completions', messages: [{ role: 'user', content: clip(it.prompt) }], temperature: 0.7, max_tokens: 4096, stream: true, out: tr.lognormal(900, 0.4), lang: it.lang }, 3, a.keys[tr.int(0, 2)]);
          return { end: s.end, spent: 1500 };
        } });
      });
    }
  }
}

// 2. accounts that live a day or two, rotated behind residential proxies
function proxyRotation(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'rotation'));
  const cards = Array.from({ length: 20 }, (_, i) => card(`${m.seed}/rotation/prepaid${i}`));
  const next = queue(c, r, [['codealpaca', ''], ['gsm8k', ''], ['mmlu-redux', ''], ['conala-so-questions', '']]);
  const N = CAMPAIGN_SIZE.proxy_rotation;
  for (let i = 0; i < N; i++) {
    const ar = r.fork(`a${i}`);
    const born = c.start + (i / N) * (c.days - 0.5) * DAY + ar.uni(0, 3) * HOUR;
    const life = ar.uni(1, 2) * DAY;
    const cc = ar.pick(['US', 'GB', 'DE', 'CA', 'AU']);
    const pool = `${m.seed}/rotation/pool${i % 3}`;
    const a = acct(m, ar, `rot${i}`, 'proxy_rotation', 'cmp-rotation', { created: born - ar.uni(5, 60) * MIN, country: cc, tier: 'plus', email: ar.pick(['tempmail.dev', 'dropmail.me', 'yopmail.com', 'moakt.cc', 'gmail.com', 'outlook.com', 'mail.tm']), card: cards[(i * 7) % 20], signupIp: proxyExit(ar, pool, [cc], born, 0) });
    const ua = browserUa(ar, false);
    const sticky = ar.pick([0, 5, 10]);
    pace({ rng: ar.fork('p'), start: born, end: born + life, budget: ar.int(80, 180) * 900, workers: ar.int(1, 3), step: (t) => {
      const it = next();
      const s = sendRetry(c.sink, ar, stream(m, `rot${i}`), a, t, { ip: proxyExit(ar, pool, [cc, 'US'], t, sticky), ua, model: ar.chance(0.7) ? MODELS.big : MODELS.think, endpoint: 'chat.completions', messages: [{ role: 'user', content: `${clip(it.prompt)}\n\n${ar.pick(['Answer with a detailed explanation.', 'Explain your answer fully.', 'Give a complete solution with explanation.'])}` }], temperature: ar.pick([0.7, 1, undefined]), max_tokens: 4096, out: ar.lognormal(600, 0.5), lang: 'en' }, 3);
      return { end: s.end, spent: 900 };
    } });
  }
}

// 3. RL data: verifiable items, several samples per item at temperature > 0, spread over accounts
function rlRollouts(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'rl'));
  const o = org(`${m.seed}/rl`);
  const N = CAMPAIGN_SIZE.rl_rollouts;
  const accts = Array.from({ length: N }, (_, i) => acct(m, r, `rl${i}`, 'rl_rollouts', 'cmp-rl', { created: c.start - r.uni(3, 40) * DAY, country: 'US', tier: 'build2', org: o, email: 'helixlabs.ai', card: card(`${m.seed}/rl/${i % 2}`), signupIp: cloudIp('aws', `${m.seed}/rl/h0`) }));
  const next = queue(c, r, [['gsm8k', ''], ['math-competition', 'qwen25math'], ['code-benchmarks', 'mbpp']]);
  const ua = sdkUa(r, 'openai-py') + ' verl/0.2';
  let pending: { it: Item; k: number; of: number } | undefined;
  for (let d = 0; d < c.days; d++) {
    for (const [h0, h1] of [[0, 6], [13, 19]] as const) {
      pace({ rng: r.fork(`d${d}.${h0}`), start: c.start + d * DAY + h0 * HOUR, end: c.start + d * DAY + h1 * HOUR, budget: r.int(600, 900) * 700, workers: 12, step: (t, w) => {
        if (!pending || pending.k >= pending.of) pending = { it: next(), k: 0, of: r.int(6, 8) };
        const j = pending.k++;
        const a = accts[(murmur(pending.it.id) + j) % N]!;
        const code = pending.it.source === 'code-benchmarks';
        const content = code ? `${pending.it.prompt}\n\nWrite the Python function. Reason first, then give the code in one block.` : `${pending.it.prompt}\nPlease reason step by step, and put your final answer within \\boxed{}.`;
        const s = sendRetry(c.sink, r, stream(m, `rl${accts.indexOf(a)}`), a, t, { ip: cloudIp('aws', `${m.seed}/rl/h${w % 4}`), ua, model: MODELS.big, endpoint: 'chat.completions', messages: [{ role: 'user', content }], temperature: r.pick([0.8, 1.0]), top_p: 0.95, max_tokens: 4096, out: r.lognormal(700, 0.5), lang: 'en', extra: { seed: r.int(1, 1e6) } }, 4);
        return { end: s.end, spent: 700 };
      } });
    }
  }
}

const COT = ['Think step by step. Write out your full chain of reasoning, every intermediate step, before the final answer.', 'Before answering, reason through the problem in detail and show all of your thinking.', 'Show your complete reasoning process, including any dead ends, then state the answer.', 'Work through this carefully, step by step, and show the whole derivation.'];

// 4. reasoning traces, on human hours, behind sticky residential exits
function cotTraces(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'cot'));
  const next = queue(c, r, [['math-competition', 'MATH'], ['bbh', ''], ['code-benchmarks', 'leetcode']]);
  for (let i = 0; i < CAMPAIGN_SIZE.cot_traces; i++) {
    const ar = r.fork(`a${i}`);
    const cc = country(ar.pick(['US', 'GB', 'CA']));
    const pool = `${m.seed}/cot/pool`;
    const a = acct(m, ar, `cot${i}`, 'cot_traces', 'cmp-cot', { created: c.start - ar.uni(60, 300) * DAY, country: cc.cc, tier: 'plus', email: ar.pick(['gmail.com', 'outlook.com', 'proton.me']), card: card(`${m.seed}/cot/${i}`), signupIp: proxyExit(ar, pool, [cc.cc], c.start - 100 * DAY, 30) });
    const ua = ar.chance(0.6) ? browserUa(ar, false) : sdkUa(ar, 'openai-py');
    const p = newPerson(ar, cc.tz, ar.uni(25, 45), false);
    p.tolerance *= 2.5;
    live(p, c.start, c.end, () => 1, () => {
      const it = next();
      return scripted(ar, [`${clip(it.prompt)}\n\n${ar.pick(COT)}`], (t, msgs) => sendRetry(c.sink, ar, stream(m, `cot${i}`), a, t, { ip: proxyExit(ar, `${pool}${i % 4}`, [cc.cc], t, 30), ua, model: MODELS.think, endpoint: endpointOf(ua), messages: msgs, max_tokens: ar.pick([16384, 32000]), stream: ua.startsWith('Mozilla'), out: ar.lognormal(2500, 0.5), lang: 'en', extra: { reasoning_effort: 'high' } }, 3), 30_000);
    });
  }
}

// 5. judge / rubric harvest
function rubricGrader(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'rubric'));
  const o = org(`${m.seed}/rubric`);
  const tpl = c.corpora.templates().filter((t) => t.system_prompt);
  const N = CAMPAIGN_SIZE.rubric_grader;
  const accts = Array.from({ length: N }, (_, i) => acct(m, r, `rub${i}`, 'rubric_grader', 'cmp-rubric', { created: c.start - r.uni(20, 90) * DAY, country: 'TW', tier: 'build2', org: o, email: 'evalia-research.tw', card: card(`${m.seed}/rubric`), verified: i < 3, signupIp: cloudIp('azure', `${m.seed}/rubric/h0`) }));
  const judge = queue(c, r, [['llm-judge-prompts', '']]);
  const raw = queue(c, r, [['alpaca-eval', ''], ['oasst-prompts', ''], ['mt-bench-vicuna-bench', '']]);
  const ua = sdkUa(r, 'openai-py');
  for (let d = 0; d < c.days; d++) {
    const st = atLocal(c.start + d * DAY + 12 * HOUR, 8, 9);
    const wd = (Math.floor((st + 8 * HOUR) / DAY) + 4) % 7;
    if (wd === 0 || wd === 6) continue;
    accts.forEach((a, i) => {
      pace({ rng: r.fork(`d${d}.${i}`), start: st + r.uni(0, HOUR), end: st + 9 * HOUR, budget: r.int(80, 150) * 1000, workers: 3, step: (t) => {
        let sys: string | undefined, content: string;
        if (r.chance(0.6)) { const it = judge(); sys = r.pick(tpl).system_prompt; content = clip(it.prompt, 9000); }
        else { const it = raw(); content = `Evaluate the response to the instruction with the rubric (helpfulness, correctness, depth, harmlessness; 1-10 each). Return JSON with the four scores and a rationale per criterion.\n\n[Instruction]\n${it.prompt}\n\n[Response]\n${r.pick(['Sure! Here is a short answer.', 'I cannot help with that.', 'The answer depends on several factors.'])}`; }
        const req: Req = { ip: cloudIp('azure', `${m.seed}/rubric/h${i % 3}`), ua, model: MODELS.big, endpoint: 'chat.completions', system: sys, messages: [{ role: 'user', content }], temperature: 0, max_tokens: 1024, out: r.lognormal(250, 0.4), stop: 'json', lang: 'en', extra: { response_format: { type: 'json_object' }, ...(r.chance(0.2) ? { n: 2 } : {}) } };
        if (!sys) delete req.system;
        const s = sendRetry(c.sink, r, stream(m, `rub${i}`), a, t, req, 4);
        return { end: s.end, spent: 1000 };
      } });
    });
  }
}

// 6. agent trajectories: tool loops with tool results fed back
function agentTrajectories(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'agent'));
  const next = queue(c, r, [['tool-use-agentic', 'bfcl/multi'], ['tool-use-agentic', 'tau-bench'], ['tool-use-agentic', 'webarena'], ['tool-use-agentic', 'apibench']]);
  const N = CAMPAIGN_SIZE.agent_trajectories;
  const cl: Cloud[] = ['vultr', 'ovh'];
  const accts = Array.from({ length: N }, (_, i) => acct(m, r, `ag${i}`, 'agent_trajectories', 'cmp-agent', { created: c.start - r.uni(2, 50) * DAY, country: r.pick(['US', 'DE', 'FR']), tier: 'build1', email: r.pick(['gmail.com', 'proton.me', `agentops${r.hex(2)}.dev`]), card: card(`${m.seed}/agent/${i % 5}`), signupIp: cloudIp(cl[i % 2]!, `${m.seed}/agent/${i}`) }));
  const SYS = 'You are an autonomous agent. Before every tool call, think aloud about what you know and what you need next. After the final tool result, summarise what you did.';
  const EXTRA = ['web_search', 'read_url', 'python_exec', 'calculator', 'file_read', 'file_write', 'sql_query', 'send_email'];
  accts.forEach((a, i) => {
    const ar = r.fork(`a${i}`);
    const ua = ar.pick([sdkUa(ar, 'langchain'), sdkUa(ar, 'openai-py') + ' smolagents/1.4']);
    for (let d = 0; d < c.days; d++) for (const h0 of [ar.uni(6, 9), ar.uni(15, 19)]) {
      pace({ rng: ar.fork(`d${d}.${Math.round(h0)}`), start: c.start + d * DAY + h0 * HOUR, end: c.start + d * DAY + (h0 + 3) * HOUR, budget: ar.int(6, 12) * 6000, workers: 2, step: (t) => {
        const it = next();
        const tools = [...new Set([...((it.meta?.tools as string[] | undefined) ?? []), ...ar.shuffle([...EXTRA]).slice(0, ar.int(2, 5))])];
        const msgs: Msg[] = [{ role: 'user', content: clip(it.prompt, 3000) }];
        const steps = ar.int(4, 9);
        for (let k = 0; k < steps; k++) {
          const s = sendRetry(c.sink, ar, stream(m, `ag${i}`), a, t, { ip: cloudIp(cl[i % 2]!, `${m.seed}/agent/${i}`), ua, model: MODELS.big, endpoint: 'chat.completions', system: SYS, messages: [...msgs], tools, temperature: 0.3, max_tokens: 2048, out: ar.lognormal(220, 0.5), toolCalls: k < steps - 1 ? 1 : undefined, stop: k < steps - 1 ? 'tool_use' : undefined, lang: 'en' }, 3);
          msgs.push({ role: 'assistant', content: `Thought: I need ${ar.pick(tools)}.` }, { role: 'tool', content: `{"result": ${JSON.stringify(ar.pick(['ok', 'not found', '3 items', '{"price": 19.99}', 'timeout, retry']))}}` });
          t = s.end + ar.uni(300, 2500);
        }
        return { end: t, spent: 6000 };
      } });
    }
  });
}

// 7. translation pairs: each English instruction into six languages, through a CAT-tool-looking client
function translationPairs(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'tpairs'));
  const N = CAMPAIGN_SIZE.translation_pairs;
  const accts = Array.from({ length: N }, (_, i) => acct(m, r, `tp${i}`, 'translation_pairs', 'cmp-tpairs', { created: c.start - r.uni(10, 200) * DAY, country: r.pick(['DE', 'PL', 'ES', 'FR']), tier: 'build1', email: r.pick(['gmail.com', 'web.de', `lingua${r.hex(3)}.eu`]), card: card(`${m.seed}/tpairs/${i % 4}`), signupIp: cloudIp('gcp', `${m.seed}/tpairs/${i}`) }));
  const next = queue(c, r, [['instruction-sweeps', ''], ['alpaca-eval', ''], ['self-instruct-user-oriented', '']]);
  const ua = 'memoQ/11.2 OpenAI-MT-plugin/1.4';
  for (let d = 0; d < c.days; d++) {
    const st = atLocal(c.start + d * DAY + 12 * HOUR, 1, 8);
    let cur: { it: Item; langs: string[] } | undefined;
    pace({ rng: r.fork(`d${d}`), start: st, end: st + 10 * HOUR, budget: r.int(900, 1300) * 500, workers: 6, step: (t, w) => {
      if (!cur || cur.langs.length === 0) cur = { it: next(), langs: r.shuffle([...LANGS]).slice(0, 6) };
      const to = cur.langs.pop()!;
      const i = (murmur(`${cur.it.id}|${to}`) % N);
      const s = sendRetry(c.sink, r, stream(m, `tp${i}`), accts[i]!, t, { ip: cloudIp('gcp', `${m.seed}/tpairs/${i}`), ua, model: MODELS.big, endpoint: 'chat.completions', system: TRANSLATE_SYS(to, ''), messages: [{ role: 'user', content: clip(cur.it.prompt, 3000) }], temperature: 0.2, max_tokens: 2048, out: Math.max(10, cur.it.prompt.length / 3), lang: 'en' }, 3);
      return { end: s.end, spent: 500 };
    } });
  }
}

// 8. a slow campaign that grows from one account
function seedling(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'seed'));
  const next = queue(c, r, [['arena-hard', ''], ['alpaca-eval', ''], ['oasst-prompts', ''], ['instruction-sweeps', '']]);
  const SYS = 'You are a knowledgeable assistant. Answer thoroughly and precisely.';
  for (let i = 0; i < CAMPAIGN_SIZE.seedling; i++) {
    const ar = r.fork(`a${i}`);
    const joinDay = i === 0 ? 0 : Math.min(c.days - 1, Math.floor(2 * Math.log2(i + 1)) + ar.uni(0, 0.9));
    const cc = country(ar.pick(['US', 'GB', 'AU']));
    const line = homeLine(ar, cc, `${m.seed}/seed/${i}`);
    const joined = c.start + joinDay * DAY + ar.uni(0, 12) * HOUR;
    const a = acct(m, ar, `seed${i}`, 'seedling', 'cmp-seedling', { created: joined - ar.uni(1, 30) * HOUR, country: cc.cc, tier: 'build1', email: ar.pick(['gmail.com', 'outlook.com', 'icloud.com']), card: card(`${m.seed}/seed/${i}`), signupIp: line.v4 });
    const ua = sdkUa(ar, 'anthropic-py');
    for (let d = Math.floor((joined - c.start) / DAY); d < c.days; d++) {
      const st = Math.max(joined, atLocal(c.start + d * DAY + 12 * HOUR, cc.tz, 8));
      const age = d - joinDay;
      pace({ rng: ar.fork(`d${d}`), start: st, end: atLocal(c.start + d * DAY + 12 * HOUR, cc.tz, 23), budget: Math.round(20 * Math.pow(1.35, age)) * 1200, workers: 1, step: (t) => {
        const it = next();
        const s = sendRetry(c.sink, ar, stream(m, `seed${i}`), a, t, { ip: homeIp(line, 'box', t, 0.2), ua, model: MODELS.big, endpoint: 'messages', system: SYS, messages: [{ role: 'user', content: clip(it.prompt) }], max_tokens: 4096, temperature: 0.5, out: ar.lognormal(800, 0.4), lang: it.lang }, 3);
        return { end: s.end + ar.lognormal(20_000, 0.8), spent: 1200 };
      } });
    }
  }
}

const CASUAL = ['hey can u help me with this one:', 'ok next one', 'quick q —', 'my friend sent me this, no idea how to do it:', 'stuck on this', 'pls solve and explain:', ''];

// 9. ordinary chat copied in as cover, the harvest in between
function chatMimic(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'mimic'));
  const next = queue(c, r, [['math-competition', 'MATH'], ['codealpaca', ''], ['mmlu-redux', '']]);
  for (let i = 0; i < CAMPAIGN_SIZE.chat_mimic; i++) {
    const ar = r.fork(`a${i}`);
    const cc = pickCountry(ar, ['US', 'GB', 'IN', 'CA', 'NG', 'AU']);
    const line = homeLine(ar, cc, `${m.seed}/mimic/${i}`);
    const a = acct(m, ar, `mim${i}`, 'chat_mimic', 'cmp-mimic', { created: c.start - ar.uni(15, 200) * DAY, country: cc.cc, tier: 'plus', email: ar.pick(['gmail.com', 'outlook.com', 'yahoo.com']), card: card(`${m.seed}/mimic/${i % 6}`), signupIp: line.v4 });
    const ua = browserUa(ar, ar.chance(0.2));
    const p = newPerson(ar, cc.tz, ar.uni(15, 30));
    p.tolerance *= 2;
    live(p, c.start, c.end, () => 1, () => {
      const cover = ar.chance(0.4);
      const it = cover ? ar.pick(c.corpora.of(ar.pick(['sharegpt-sample', 'oasst-prompts']))) : next();
      const prompts = cover ? [it.prompt, ...(it.turns ?? []).slice(1, 3)] : [`${ar.pick(CASUAL)} ${clip(it.prompt)}`.trim(), ...(ar.chance(0.3) ? [ar.pick(FOLLOW)] : [])];
      return scripted(ar, prompts, (t, msgs) => sendRetry(c.sink, ar, stream(m, `mim${i}`), a, t, { ip: homeIp(line, 'pc', t, 0.3), ua, model: MODELS.big, endpoint: endpointOf(ua), messages: msgs, stream: true, out: ar.lognormal(cover ? 350 : 700, 0.6), lang: 'en' }, 3), 20_000);
    });
  }
}

const GLYPH: Record<string, string> = { a: '\u0430', e: '\u0435', o: '\u043e', p: '\u0440', c: '\u0441', x: '\u0445', y: '\u0443', i: '\u0456' };
function scramble(r: Rng, s: string): string {
  let out = '';
  for (const ch of s) {
    const g = GLYPH[ch];
    if (g && r.chance(0.06)) out += g;
    else if (ch === ' ' && r.chance(0.03)) out += r.pick(['  ', ' \u200b', '\u2009', '\u00a0']);
    else out += ch;
  }
  return r.chance(0.3) ? `\u200c${out}` : out;
}

// 10. own idea: dedupe evasion: each item sent by several accounts, each copy perturbed with homoglyphs and zero-width characters
function glyphScramble(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'glyph'));
  const N = CAMPAIGN_SIZE.glyph_scramble;
  const accts = Array.from({ length: N }, (_, i) => acct(m, r, `gl${i}`, 'glyph_scramble', 'cmp-glyph', { created: c.start - r.uni(1, 30) * DAY, country: r.pick(['US', 'KR', 'DE']), tier: 'build1', email: r.pick(['gmail.com', 'proton.me', 'tutanota.com']), card: card(`${m.seed}/glyph/${i % 3}`), signupIp: cloudIp(i % 2 ? 'linode' : 'digitalocean', `${m.seed}/glyph/${i}`) }));
  const next = queue(c, r, [['mmlu-redux', ''], ['bbh', ''], ['gsm8k', '']]);
  const ua = sdkUa(r, 'httpx');
  let cur: { it: Item; left: number[] } | undefined;
  for (let d = 0; d < c.days; d++) {
    const h0 = r.uni(0, 16);
    pace({ rng: r.fork(`d${d}`), start: c.start + d * DAY + h0 * HOUR, end: c.start + d * DAY + (h0 + 7) * HOUR, budget: r.int(1100, 1600) * 400, workers: 5, step: (t) => {
      if (!cur || cur.left.length === 0) cur = { it: next(), left: r.shuffle(accts.map((_, i) => i)).slice(0, r.int(2, 3)) };
      const i = cur.left.pop()!;
      const s = sendRetry(c.sink, r, stream(m, `gl${i}`), accts[i]!, t + r.uni(0, 20 * MIN), { ip: cloudIp(i % 2 ? 'linode' : 'digitalocean', `${m.seed}/glyph/${i}`), ua, model: MODELS.big, endpoint: 'chat.completions', messages: [{ role: 'user', content: `${scramble(r, clip(cur.it.prompt))}\n\nExplain the reasoning, then answer.` }], temperature: 0.6, max_tokens: 2048, out: r.lognormal(400, 0.4), lang: 'en' }, 3);
      return { end: s.end, spent: 400 };
    } });
  }
}

// 11. own idea: one instruction under many personas' system prompts (style-diverse SFT data)
function personaSweep(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'persona'));
  const o = org(`${m.seed}/persona`);
  const roles = c.corpora.of('awesome-chatgpt-prompts');
  const N = CAMPAIGN_SIZE.persona_sweep;
  const accts = Array.from({ length: N }, (_, i) => acct(m, r, `ps${i}`, 'persona_sweep', 'cmp-persona', { created: c.start - r.uni(30, 150) * DAY, country: 'GB', tier: 'build2', org: o, email: 'cadence-content.co.uk', card: card(`${m.seed}/persona`), verified: true, signupIp: cloudIp('azure', `${m.seed}/persona/h0`) }));
  const next = queue(c, r, [['alpaca-eval', ''], ['instruction-sweeps', ''], ['self-instruct-user-oriented', '']]);
  const ua = sdkUa(r, 'openai-node');
  let cur: { it: Item; sys: string[] } | undefined;
  for (let d = 0; d < c.days; d++) {
    const st = c.start + d * DAY + r.uni(7, 9) * HOUR;
    pace({ rng: r.fork(`d${d}`), start: st, end: st + 10 * HOUR, budget: r.int(900, 1400) * 600, workers: 6, step: (t, w) => {
      if (!cur || cur.sys.length === 0) cur = { it: next(), sys: Array.from({ length: r.int(8, 12) }, () => clip(r.pick(roles).prompt, 600)) };
      const sys = cur.sys.pop()!;
      const i = (w + cur.sys.length) % N;
      const s = sendRetry(c.sink, r, stream(m, `ps${i}`), accts[i]!, t, { ip: cloudIp('azure', `${m.seed}/persona/h${w % 3}`), ua, model: MODELS.big, endpoint: 'chat.completions', system: sys, messages: [{ role: 'user', content: clip(cur.it.prompt) }], temperature: 0.8, max_tokens: 1500, out: r.lognormal(450, 0.4), lang: 'en' }, 3);
      return { end: s.end, spent: 600 };
    } });
  }
}

// 12. own idea: long answers harvested in pieces: "continue" until the piece is done
function continuationChain(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'cont'));
  const next = queue(c, r, [['arena-hard', ''], ['instruction-sweeps', ''], ['wildchat-hard-ru', '']]);
  for (let i = 0; i < CAMPAIGN_SIZE.continuation_chain; i++) {
    const ar = r.fork(`a${i}`);
    const a = acct(m, ar, `ct${i}`, 'continuation_chain', 'cmp-continue', { created: c.start - ar.uni(5, 90) * DAY, country: ar.pick(['US', 'NG', 'IN']), tier: 'build1', email: ar.pick(['gmail.com', 'outlook.com']), card: card(`${m.seed}/cont/${i % 3}`), signupIp: cloudIp('digitalocean', `${m.seed}/cont/${i}`) });
    const ua = sdkUa(ar, ar.pick(['openai-py', 'curl'] as const));
    for (let d = 0; d < c.days; d++) {
      const h0 = ar.uni(0, 14);
      pace({ rng: ar.fork(`d${d}`), start: c.start + d * DAY + h0 * HOUR, end: c.start + d * DAY + (h0 + 8) * HOUR, budget: ar.int(12, 25) * 16000, workers: 1, step: (t) => {
        const it = next();
        const msgs: Msg[] = [{ role: 'user', content: `${clip(it.prompt, 3000)}\n\nWrite a complete, long and detailed answer. Do not summarise.` }];
        const parts = ar.int(3, 6);
        for (let k = 0; k < parts; k++) {
          const s = sendRetry(c.sink, ar, stream(m, `ct${i}`), a, t, { ip: cloudIp('digitalocean', `${m.seed}/cont/${i}`), ua, model: MODELS.big, endpoint: 'chat.completions', messages: [...msgs], max_tokens: 4096, temperature: 0.7, out: 4096, stop: 'max_tokens', lang: it.lang }, 3);
          msgs.push({ role: 'assistant', content: s.text || '…' }, { role: 'user', content: ar.pick(['continue', 'Continue from where you stopped.', 'go on', 'continue exactly where you left off']) });
          t = s.end + ar.uni(500, 4000);
        }
        return { end: t, spent: 16000 };
      } });
    }
  }
}

// 13. planted in copy 0's hackathon: sign up at the venue, then keep harvesting from a VPS and phones
function hackathonPlant(m: Mk): void {
  const { c } = m;
  const r = new Rng(stream(m, 'plant'));
  const h = hackInfo(`${m.benignSeed}/c0`, c.start);
  const starter = starterItem(c);
  const next = queue(c, r, [['arena-hard', 'coding'], ['codealpaca', ''], ['code-benchmarks', 'leetcode']]);
  const N = CAMPAIGN_SIZE.hackathon_plant;
  const accts: Account[] = [];
  for (let i = 0; i < N; i++) {
    const ar = r.fork(`a${i}`);
    accts.push(acct(m, ar, `pl${i}`, 'hackathon_plant', 'cmp-plant', { created: h.at + ar.uni(0.2, 3) * HOUR, country: h.ctry.cc, tier: 'free', email: ar.pick(['gmail.com', 'outlook.com', 'icloud.com']), signupIp: h.venue }));
  }
  accts.forEach((a, i) => {
    const ar = r.fork(`p${i}`);
    const ua = sdkUa(ar, 'openai-py');
    const created = a.created;
    sendRetry(c.sink, ar, stream(m, `pl${i}`), a, created + ar.uni(5, 30) * MIN, { ip: h.venue, ua, model: MODELS.mini, endpoint: 'chat.completions', messages: [{ role: 'user', content: starter.prompt }], temperature: 0.7, out: 300, lang: 'en' }, 2);
    const over = h.at + 36 * HOUR;
    for (let d = Math.floor((created - c.start) / DAY); d < c.days; d++) {
      const st = Math.max(created + HOUR, c.start + d * DAY + ar.uni(0, 4) * HOUR);
      pace({ rng: ar.fork(`d${d}`), start: st, end: c.start + (d + 1) * DAY, budget: ar.int(60, 110) * 800, workers: 1, step: (t) => {
        const it = next();
        const ip = t < over ? h.venue : ar.chance(0.7) ? cloudIp('hetzner', `${m.seed}/plant/vps`) : modemIp(`${m.seed}/plant/farm`, i, h.ctry.cc, t);
        let acc = a, j = i;
        const s = send(c.sink, ar, stream(m, `pl${i}`), a, t, { ip, ua, model: MODELS.big, endpoint: 'chat.completions', messages: [{ role: 'user', content: `${clip(it.prompt)}\n\nExplain your solution step by step.` }], temperature: 0.7, max_tokens: 4096, out: ar.lognormal(600, 0.4), lang: 'en' });
        if (s.ok) return { end: s.end + ar.uni(3000, 20_000), spent: 800 };
        j = (i + 1 + ar.int(0, N - 2)) % N; acc = accts[j]!;
        const s2 = sendRetry(c.sink, ar, stream(m, `pl${j}`), acc, t + ar.uni(500, 3000), { ip, ua, model: MODELS.big, endpoint: 'chat.completions', messages: [{ role: 'user', content: `${clip(it.prompt)}\n\nExplain your solution step by step.` }], temperature: 0.7, max_tokens: 4096, out: ar.lognormal(600, 0.4), lang: 'en' }, 2);
        return { end: s2.end + ar.uni(3000, 20_000), spent: 800 };
      } });
    }
  });
}

// 14. three unrelated people, each harvesting alone on human hours
function quietSingles(m: Mk): void {
  const { c } = m;
  const kinds = [
    { id: QUIET[0], src: [['math-competition', 'qwen25math']] as const, wrap: (p: string, r: Rng) => `${p}\n\n${r.pick(COT)}`, cc: 'IN' },
    { id: QUIET[1], src: [['arena-hard', ''], ['alpaca-eval', '']] as const, wrap: (p: string) => p, cc: 'US' },
    { id: QUIET[2], src: [['code-benchmarks', 'leetcode'], ['code-benchmarks', 'mbpp']] as const, wrap: (p: string) => `${p}\n\nGive an efficient solution and explain it.`, cc: 'KR' },
  ];
  kinds.forEach((k, i) => {
    const r = new Rng(stream(m, `quiet${i}`));
    const cc = country(k.cc);
    const line = homeLine(r, cc, `${m.seed}/quiet/${i}`);
    const a = acct(m, r, `quiet${i}`, 'quiet_single', k.id, { created: c.start - r.uni(100, 500) * DAY, country: cc.cc, tier: 'plus', email: 'gmail.com', card: card(`${m.seed}/quiet/${i}`), signupIp: line.v4 });
    const next = queue(c, r, k.src);
    const ua = r.chance(0.5) ? browserUa(r, false) : sdkUa(r, 'openai-py');
    const p = newPerson(r, cc.tz, r.uni(30, 50));
    p.tolerance *= 2.5;
    live(p, c.start, c.end, () => 1, () => scripted(r, [k.wrap(clip(next().prompt), r)], (t, msgs) => sendRetry(c.sink, r, stream(m, `quiet${i}`), a, t, { ip: homeIp(line, 'pc', t, 0.4), ua, model: r.chance(0.5) ? MODELS.think : MODELS.big, endpoint: endpointOf(ua), messages: msgs, out: r.lognormal(900, 0.5), lang: 'en' }, 3), 40_000));
  });
}

export function campaigns(c: Ctx, seed: string, benignSeed: string): void {
  const m: Mk = { c, seed, benignSeed };
  tenantReseller(m);
  proxyRotation(m);
  rlRollouts(m);
  cotTraces(m);
  rubricGrader(m);
  agentTrajectories(m);
  translationPairs(m);
  seedling(m);
  chatMimic(m);
  glyphScramble(m);
  personaSweep(m);
  continuationChain(m);
  hackathonPlant(m);
  quietSingles(m);
}
export { mobileIp, pickCountry, item, type Conv, newPerson };
