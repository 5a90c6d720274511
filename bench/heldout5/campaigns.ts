/**
 * Campaigns of heldout/v5, one seed for every world size: the same accounts
 * and the same exchanges whatever the benign scale. Persona = strategy.
 * Each is a public pattern of reported distillation or model extraction; what
 * each looks like is in FROZEN.md.
 */
import { Rng, hash32 } from './rng.js';
import { DAY, HOUR, MIN, SHAPES, conversation, sendRetrying, shapeAt, stepAgent, toolLoop, weekendFactor, type Account, type Setting } from './model.js';
import { APPS, COUNTRY_WEIGHT, MODELS, SDK, browser, byCc, cloud, endpointOf, inSite, proxyExit, residential, type Country } from './net.js';
import { AGENT_PROMPT, AGENT_TOOLS, clip, followUp, freeMail, humanThink, mkAccount } from './people.js';
import type { Corpora, Item } from './corpora.js';
import type { Sink } from './model.js';
import { workshopPlan } from './benign.js';

export const STRATEGIES = ['logit_bias_sweep', 'soft_label_harvest', 'reasoning_dialogue', 'crowd_cover', 'throwaway_burst', 'reseller_relay', 'aged_paraphrase', 'split_proxy', 'preference_harvest'] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const CAMPAIGN_SIZE: Record<Strategy, number> = {
  logit_bias_sweep: 6, soft_label_harvest: 24, reasoning_dialogue: 30, crowd_cover: 10, throwaway_burst: 110, reseller_relay: 4, aged_paraphrase: 40, split_proxy: 48, preference_harvest: 12,
};

interface CCtx { sink: Sink; corp: Corpora; seed: string; benignSeed: string; start: number; end: number }
const rngOf = (c: CCtx, s: string, i: number | string) => new Rng(`${c.seed}/${s}/${i}`);
const cid = (c: CCtx, s: Strategy) => `c5-${(hash32(`${c.seed}/${s}`) >>> 0).toString(36)}`;
const machineGap = (median: number) => (r: Rng) => r.lognormal(median, 0.45);

/** one large shuffled work list shared by a campaign: each item goes to one account */
function workList(c: CCtx, s: string, pools: Item[][]): Item[] {
  const r = rngOf(c, s, 'work');
  return r.shuffle(pools.flat().slice());
}

/** logit extraction by logit-bias sweeps (Carlini et al. 2024; Finlayson et al. 2024): one token out, many biases per prefix */
function logitSweep(c: CCtx): Account[] {
  const out: Account[] = [];
  const prefixes = workList(c, 'logit', [c.corp.get('nq-open-queries'), c.corp.get('webquestions'), c.corp.get('instruction-sweeps')]);
  let next = 0;
  for (let i = 0; i < CAMPAIGN_SIZE.logit_bias_sweep; i++) {
    const r = rngOf(c, 'logit', i);
    const provider = r.pick(['hetzner', 'ovh', 'digitalocean']);
    const created = c.start + r.next() * 3 * DAY;
    const acct = mkAccount(r, { created, country: r.pick(['US', 'DE', 'NL', 'SG']), signup_ip: cloud(provider, r), email_domain: freeMail('en', r), tier: 'tier-2', label: 'campaign', campaign: cid(c, 'logit_bias_sweep'), persona: 'logit_bias_sweep' });
    out.push(acct);
    const ip = cloud(provider, r, 0.4);
    const ua = r.pick([SDK.httpx(r), SDK.py(r)]);
    const s: Setting = { acct, ua, model: r.pick([MODELS.big, MODELS.small]), endpoint: r.pick(['chat.completions', 'completions']), ip: () => (r.chance(0.1) ? proxyExit('dc', r) : ip), params: { max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: 20 } };
    const perHour = r.lognormal(0.2, 0.3);
    stepAgent(r, created, c.end, { base: (t) => perHour * (0.6 + 0.4 * shapeAt(SHAPES.flat!, t, 0)), max: perHour, alpha: 0.1, tauH: 2 }, (t) => {
      let tt = t;
      const it = prefixes[next++ % prefixes.length]!;
      const words = it.prompt.split(/\s+/);
      const prefix = words.slice(0, Math.max(2, Math.min(words.length, r.int(3, 14)))).join(' ');
      const windows = r.int(6, 20);
      const base = r.int(0, 90_000);
      for (let k = 0; k < windows; k++) {
        const bias: Record<string, number> = {};
        const lo = base + k * 300;
        for (let j = 0; j < r.pick([1, 50, 100, 300]); j++) bias[String((lo + j) % 100_256)] = r.pick([100, -100, 50]);
        const a = sendRetrying(c.sink, r, tt, s, { ...s.params, logit_bias: bias, messages: [{ role: 'user', content: prefix }] }, 'label');
        tt += a.latency + machineGap(700)(r);
      }
      return tt;
    });
  }
  return out;
}

/** soft labels: the top-20 distribution of the first answer token over a sweep of distinct items, dressed as an eval harness */
function softLabels(c: CCtx): Account[] {
  const out: Account[] = [];
  const items = workList(c, 'soft', [c.corp.get('instruction-sweeps'), c.corp.get('bbh'), c.corp.get('mmlu-redux'), c.corp.get('math-competition').slice(0, 6000)]);
  let next = 0;
  for (let i = 0; i < CAMPAIGN_SIZE.soft_label_harvest; i++) {
    const r = rngOf(c, 'soft', i);
    const provider = r.pick(['aws', 'gcp', 'azure']);
    const created = c.start + (i / CAMPAIGN_SIZE.soft_label_harvest) * 7 * DAY + r.next() * DAY;
    const acct = mkAccount(r, { created, country: r.pick(['US', 'SG', 'GB']), signup_ip: cloud(provider, r), email_domain: r.chance(0.5) ? `${r.hex(5)}.ai` : freeMail('en', r), tier: 'tier-2', label: 'campaign', campaign: cid(c, 'soft_label_harvest'), persona: 'soft_label_harvest' });
    out.push(acct);
    const box = cloud(provider, r, 0.3);
    const s: Setting = { acct, ua: SDK.py(r), model: MODELS.big, endpoint: 'chat.completions', ip: () => box, params: { max_tokens: r.pick([1, 1, 2, 3]), temperature: 0, logprobs: true, top_logprobs: 20 } };
    const tz = 8;
    stepAgent(r, created, c.end, { base: (t) => 0.09 * shapeAt(SHAPES.office!, t, tz) * weekendFactor(t, tz, 0.3), max: 0.1 }, (t) => {
      let tt = t;
      for (let k = r.int(20, 80); k > 0; k--) {
        const it = items[next++ % items.length]!;
        const a = sendRetrying(c.sink, r, tt, s, { ...s.params, messages: [{ role: 'user', content: `${clip(it.prompt, 1800)}\nAnswer:` }] }, 'label');
        tt += a.latency * 0.3 + r.lognormal(300, 0.5);
      }
      return tt;
    });
  }
  return out;
}

/** follow-ups that take a solution apart: each wording family has paraphrases, lead-ins and tails */
const PULL: readonly (readonly string[])[] = [
  ['Go back to step {k}. What justifies it, and what would break if it were false?', 'In step {k}, why is that move allowed? Spell out the rule behind it.', 'Zoom in on step {k}: give the exact reason it holds.', 'step {k} - justify it properly, what principle makes it valid'],
  ['List every assumption you made, numbered, and say where each is used.', 'What did you assume without saying? Number them and point to where they matter.', 'enumerate the hidden assumptions in your solution'],
  ['Show an approach someone might wrongly take here and exactly where it fails.', 'What is the tempting wrong way to do this, and at which line does it go wrong?', 'give me the most common mistake on this problem and explain why it fails'],
  ['Solve it again by a different method and compare the two line by line.', 'Is there a second way? Do it fully and compare with the first.', 'redo it with another technique, then contrast both'],
  ['Now write the full solution as a clean derivation, every inference on its own line, no skipped arithmetic.', 'Rewrite everything as one clean worked solution, each step with its reason, nothing skipped.', 'final version please: complete derivation, one inference per line'],
  ['Check the answer by substituting back, and show the check.', 'Verify your result independently, show the verification.', 'how do we know it is right? verify it step by step'],
  ['Which step is the crux, and what insight does it need?', 'What is the key idea a strong student needs to see here?', 'which step is the real insight and why'],
  ['Rewrite your reasoning as (claim, reason) pairs.', 'Turn the solution into a list of claims, each with its justification.', 'format the argument as claim -> because -> claim'],
];
const LEAD = ['', '', 'ok. ', 'Thanks. ', 'Great, ', 'Hmm. ', 'Interesting. ', 'Got it. '];
function pull(r: Rng, fam: number): string {
  const s = r.pick(PULL[fam]!).replace('{k}', String(r.int(1, 5)));
  return `${r.pick(LEAD)}${r.chance(0.2) ? s.toLowerCase() : s}`;
}

/** multi-turn reasoning extraction on aged accounts, human hours, with ordinary chats as cover */
function reasoningDialogue(c: CCtx): Account[] {
  const out: Account[] = [];
  const items = workList(c, 'dialog', [c.corp.get('math-competition'), c.corp.get('gsm8k').slice(0, 4000), c.corp.get('bbh'), c.corp.get('code-benchmarks')]);
  const cover = c.corp.get('sharegpt-sample');
  let next = 0;
  for (let i = 0; i < CAMPAIGN_SIZE.reasoning_dialogue; i++) {
    const r = rngOf(c, 'dialog', i);
    const co = r.pick(byCc(r.pick(['US', 'GB', 'IN', 'SG', 'DE'])));
    const acct = mkAccount(r, { created: c.start - r.int(60, 500) * DAY, country: co.cc, signup_ip: residential(co, r), email_domain: freeMail('en', r), tier: r.pick(['tier-1', 'tier-2']), label: 'campaign', campaign: cid(c, 'reasoning_dialogue'), persona: 'reasoning_dialogue' });
    out.push(acct);
    const ua = r.chance(0.5) ? r.pick(APPS) : r.chance(0.5) ? browser(r) : SDK.anth(r);
    const anth = ua.startsWith('Anthropic');
    const exit = () => proxyExit('resi', r, co.cc);
    let ip = exit();
    const s: Setting = { acct, ua, model: MODELS.reason, endpoint: endpointOf(ua), ip: () => ip, params: { stream: r.chance(0.6), ...(anth ? { thinking: { type: 'enabled' as const, budget_tokens: r.pick([4000, 8000, 16000]) }, max_tokens: 20000 } : r.chance(0.6) ? { reasoning_effort: 'high' } : {}) } };
    stepAgent(r, c.start, c.end, { ...{ base: (t: number) => 0.15 * shapeAt(SHAPES.person!, t, co.tz) * weekendFactor(t, co.tz, 0.7), max: 0.16 }, alpha: 0.1, tauH: 2 }, (t) => {
      if (r.chance(0.15)) ip = exit();
      if (r.chance(0.2)) {
        const it = r.pick(cover);
        return conversation(c.sink, r, t, s, [clip(it.prompt), followUp(r, 'en', it.prompt)], 'chat', humanThink());
      }
      const it = items[next++ % items.length]!;
      const fams = r.shuffle([0, 1, 2, 3, 5, 6, 7]).slice(0, r.int(3, 6));
      if (r.chance(0.7)) fams.push(4);
      const turns = [clip(it.prompt, 2000), ...fams.map((f) => pull(r, f))];
      return conversation(c.sink, r, t, s, turns, 'reasoning', humanThink(75_000), 16);
    });
  }
  return out;
}

/** hides in copy 0's conference workshop: same hour, same venue, same framework prompt and tools, then harvests agent traces for weeks */
function crowdCover(c: CCtx): Account[] {
  const w = workshopPlan(c.benignSeed, 0, c.start);
  const out: Account[] = [];
  const tasks = workList(c, 'crowd', [c.corp.get('tool-use-agentic')]);
  let next = 0;
  for (let i = 0; i < CAMPAIGN_SIZE.crowd_cover; i++) {
    const r = rngOf(c, 'crowd', i);
    const created = w.signupFrom + r.next() * 55 * MIN;
    const acct = mkAccount(r, { created, country: w.country.cc, signup_ip: r.chance(0.8) ? w.venue4 : inSite(w.venue6, r), email_domain: r.chance(0.5) ? freeMail(w.country.lang, r) : 'gmail.com', tier: 'free', label: 'campaign', campaign: cid(c, 'crowd_cover'), persona: 'crowd_cover' });
    out.push(acct);
    let atVenue = true;
    let ip = proxyExit('resi', r, w.country.cc);
    const s: Setting = { acct, ua: w.ua, model: w.model, endpoint: 'chat.completions', system: AGENT_PROMPT, tools: AGENT_TOOLS, ip: () => (atVenue ? (r.chance(0.7) ? w.venue4 : inSite(w.venue6, r)) : ip), params: { temperature: 0 } };
    const loop = (t: number) => toolLoop(c.sink, r, t, s, clip(tasks[next++ % tasks.length]!.prompt, 800), r.int(2, 5), (q) => `Observation: ${q.pick(['200 OK', 'no results', 'result: ' + q.int(1, 999), 'page text (2.3kB)', '[]'])}`, (q) => q.lognormal(1800, 0.6));
    stepAgent(r, created, w.doorsClose, { base: () => 5, max: 5, alpha: 2, tauH: 0.3 }, loop);
    atVenue = false;
    stepAgent(r, w.doorsClose, c.end, { base: (t) => 0.45 * shapeAt(SHAPES.person!, t, w.country.tz), max: 0.45, alpha: 0.6, tauH: 0.7 }, (t) => {
      if (r.chance(0.05)) ip = proxyExit('resi', r, w.country.cc);
      return loop(t);
    });
  }
  return out;
}

const DISPOSABLE = ['tmpbox.net', 'mailnesia.com', 'dropmail.me', 'inboxkitten.com', 'mail.tm', 'spamok.com'];
const ASK = ['Show your complete reasoning before the final answer.', 'Think it through carefully, step by step, then answer.', 'Explain each step in detail.', 'Give a detailed solution with all intermediate steps.', 'Walk through the logic fully.'];
/** fresh accounts that live a few hours, a new wave every few days (the "hydra" pattern) */
function throwaway(c: CCtx): Account[] {
  const out: Account[] = [];
  const items = workList(c, 'burn', [c.corp.get('codealpaca'), c.corp.get('code-benchmarks'), c.corp.get('math-competition'), c.corp.get('gsm8k')]);
  const cards = Array.from({ length: 9 }, (_, k) => `pm_${rngOf(c, 'burn-card', k).hex(16)}`);
  let next = 0;
  const n = CAMPAIGN_SIZE.throwaway_burst;
  for (let i = 0; i < n; i++) {
    const r = rngOf(c, 'burn', i);
    const wave = Math.floor(i / 10);
    const created = c.start + (wave / Math.ceil(n / 10)) * (c.end - c.start - DAY) + r.next() * 10 * HOUR;
    const co = r.weighted(COUNTRY_WEIGHT);
    const acct = mkAccount(r, { created, country: co.cc, signup_ip: proxyExit(r.chance(0.5) ? 'mobile' : 'resi', r), email_domain: r.chance(0.7) ? r.pick(DISPOSABLE) : `${r.hex(5)}.site`, tier: 'free', payment: r.pick(cards), label: 'campaign', campaign: cid(c, 'throwaway_burst'), persona: 'throwaway_burst' });
    out.push(acct);
    const ua = browser(r);
    const ip = proxyExit(r.chance(0.6) ? 'mobile' : 'resi', r);
    const life = r.lognormal(4, 0.4) * HOUR;
    const s: Setting = { acct, ua, model: r.pick([MODELS.big, MODELS.reason]), endpoint: 'chat.completions', ip: () => ip, params: { max_tokens: r.pick([8192, 16384, 4096]), stream: r.chance(0.5) } };
    let sent = 0;
    const quota = r.int(12, 45);
    stepAgent(r, created + r.next() * 20 * MIN, created + life, { base: () => 8, max: 8, alpha: 2, tauH: 0.2 }, (t) => {
      if (sent++ >= quota) return c.end;
      const it = items[next++ % items.length]!;
      const a = sendRetrying(c.sink, r, t, s, { ...s.params, messages: [{ role: 'user', content: `${clip(it.prompt, 2000)}\n\n${r.pick(ASK)}` }] }, 'reasoning');
      return t + a.latency;
    });
  }
  return out;
}

/** an API relay: paying users' chats from many countries and a harvest slice, on the same keys */
function reseller(c: CCtx): Account[] {
  const out: Account[] = [];
  const u = rngOf(c, 'relay', 'org');
  const org = `org_${u.hex(12)}`;
  const card = `pm_${u.hex(16)}`;
  const harvest = workList(c, 'relay', [c.corp.get('math-competition'), c.corp.get('llm-judge-prompts'), c.corp.get('codealpaca')]);
  const chats = [c.corp.get('sharegpt-sample'), c.corp.get('wildchat-hard-ru'), c.corp.get('multilingual-chat'), c.corp.get('arena-hard'), c.corp.get('oasst-prompts')];
  let next = 0;
  for (let i = 0; i < CAMPAIGN_SIZE.reseller_relay; i++) {
    const r = rngOf(c, 'relay', i);
    const provider = r.pick(['hetzner', 'ovh']);
    const pool = Array.from({ length: 3 }, () => cloud(provider, r, 0.3));
    const acct = mkAccount(r, { created: c.start - r.int(20, 120) * DAY, org, country: 'SG', signup_ip: pool[0]!, email_domain: `${u.hex(5)}-api.com`, tier: 'tier-4', payment: card, verified: false, label: 'campaign', campaign: cid(c, 'reseller_relay'), persona: 'reseller_relay' });
    out.push(acct);
    const s: Setting = { acct, ua: r.pick(['new-api/v0.6.9', 'one-api/v0.6.10', `${SDK.go()}`]), model: MODELS.big, endpoint: 'chat.completions', ip: () => r.pick(pool), params: { stream: true } };
    const tzs = [8, 3, -5, 9];
    stepAgent(r, c.start, c.end, { base: (t) => 3.5 * tzs.reduce((a, tz) => a + shapeAt(SHAPES.person!, t, tz), 0) / 4, max: 3.6 }, (t) => {
      if (r.chance(0.27)) {
        // the harvest slice: single turns, maximal output, a reasoning ask
        let tt = t;
        for (let k = r.int(1, 4); k > 0; k--) {
          const it = harvest[next++ % harvest.length]!;
          const a = sendRetrying(c.sink, r, tt, { ...s, model: MODELS.reason }, { stream: true, max_tokens: 16384, temperature: 0.6, messages: [{ role: 'user', content: `${clip(it.prompt, 2400)}\n${r.pick(ASK)}` }] }, it.category.includes('judge') ? 'judge' : 'reasoning');
          tt += a.latency + r.lognormal(3000, 0.7);
        }
        return t;
      }
      const it = r.pick(r.pick(chats));
      const turns = it.turns?.length ? it.turns.slice(0, 4).map((x) => clip(x)) : [clip(it.prompt)];
      if (r.chance(0.4)) turns.push(followUp(r, it.lang, it.prompt));
      conversation(c.sink, r, t, { ...s, system: r.chance(0.3) ? clip(r.pick(c.corp.get('awesome-chatgpt-prompts')).prompt, 700) : undefined }, turns, 'chat', humanThink(), 10);
      return t; // many end users at once
    });
  }
  return out;
}

/** paraphrase grammar: an opener, the item, a reasoning ask in one of three registers */
const OPEN = [['', 'Quick one: ', 'Hey, ', 'Can you help? ', 'So I was wondering, '], ['Please solve the following. ', 'Consider this problem. ', 'Here is a task. '], ['yo ', 'ok so ', 'pls help: ']];
const WANT = [['How would you work this out?', 'Could you walk me through it?', "What's the reasoning here?", 'Talk me through your thinking.'], ['Provide a rigorous, fully justified solution.', 'Derive the answer, justifying each step.', 'Give a complete explanation of the method.'], ['explain it all, every step', 'show me how u get it', 'full working pls']];
function paraphrase(r: Rng, item: string): string {
  const reg = r.int(0, 2);
  const body = clip(item, 1800);
  return r.chance(0.5) ? `${r.pick(OPEN[reg]!)}${body}\n${r.pick(WANT[reg]!)}` : `${r.pick(WANT[reg]!)}\n\n${body}`;
}

/** aged accounts on human hours, residential addresses that stay put, paraphrased asks, cover chat */
function agedParaphrase(c: CCtx): Account[] {
  const out: Account[] = [];
  const items = workList(c, 'aged', [c.corp.get('gsm8k').slice(0, 5000), c.corp.get('mmlu-redux'), c.corp.get('arena-hard'), c.corp.get('instruction-sweeps'), c.corp.get('bbh')]);
  const cover = [c.corp.get('sharegpt-sample'), c.corp.get('nq-open-queries'), c.corp.get('alpaca-eval')];
  let next = 0;
  for (let i = 0; i < CAMPAIGN_SIZE.aged_paraphrase; i++) {
    const r = rngOf(c, 'aged', i);
    const co: Country = r.weighted(COUNTRY_WEIGHT);
    const home = residential(co, r, 0.4);
    const acct = mkAccount(r, { created: c.start - r.int(90, 700) * DAY, country: co.cc, signup_ip: home, email_domain: freeMail(co.lang, r), tier: r.pick(['free', 'tier-1']), label: 'campaign', campaign: cid(c, 'aged_paraphrase'), persona: 'aged_paraphrase' });
    out.push(acct);
    const ua = r.chance(0.6) ? r.pick(APPS) : browser(r);
    const s: Setting = { acct, ua, model: r.pick([MODELS.big, MODELS.reason]), endpoint: endpointOf(ua), ip: () => home, params: { stream: true } };
    stepAgent(r, c.start, c.end, { base: (t) => 0.55 * shapeAt(SHAPES.person!, t, co.tz) * weekendFactor(t, co.tz, 0.8), max: 0.56, alpha: 0.2, tauH: 1 }, (t) => {
      if (r.chance(0.3)) {
        const it = r.pick(r.pick(cover));
        return conversation(c.sink, r, t, s, [clip(it.prompt), ...(r.chance(0.4) ? [followUp(r, 'en', it.prompt)] : [])], 'chat', humanThink());
      }
      const it = items[next++ % items.length]!;
      return conversation(c.sink, r, t, s, [paraphrase(r, it.prompt)], 'reasoning', humanThink());
    });
  }
  return out;
}

/** one sweep sharded over four apparent organisations and three proxy networks; each item asked once */
function splitProxy(c: CCtx): Account[] {
  const out: Account[] = [];
  const items = workList(c, 'split', [c.corp.get('instruction-sweeps'), c.corp.get('codealpaca'), c.corp.get('self-instruct-user-oriented')]);
  const n = CAMPAIGN_SIZE.split_proxy;
  const orgs = Array.from({ length: 4 }, (_, k) => {
    const r = rngOf(c, 'split-org', k);
    return {
      org: `org_${r.hex(12)}`, domain: `${r.hex(6)}${r.pick(['-labs.com', '.tech', '.co', '-data.io'])}`, card: `pm_${r.hex(16)}`,
      ua: [SDK.httpx(r), SDK.go(), SDK.rust(r), SDK.java(r)][k]!, endpoint: ['chat.completions', 'responses', 'messages', 'chat.completions'][k]!,
      proxy: (['dc', 'resi', 'mobile', 'resi'] as const)[k]!, tz: [8, 8, 3, 8][k]!,
      template: [(p: string) => `Task:\n${p}\n\nRespond thoroughly and explain your approach.`, (p: string) => `${p}\n---\nAnswer in detail with reasoning.`, (p: string) => `### Instruction\n${p}\n### Response (explain step by step)`, (p: string) => `Q: ${p}\nA (detailed, with rationale):`][k]!,
    };
  });
  for (let i = 0; i < n; i++) {
    const r = rngOf(c, 'split', i);
    const o = orgs[i % 4]!;
    const created = c.start + r.next() * 4 * DAY;
    const acct = mkAccount(r, { created, org: o.org, country: r.pick(['US', 'GB', 'SG', 'DE']), signup_ip: proxyExit(o.proxy, r), email_domain: o.domain, tier: 'tier-1', payment: o.card, label: 'campaign', campaign: cid(c, 'split_proxy'), persona: 'split_proxy' });
    out.push(acct);
    const mine = items.filter((it) => hash32(it.id) % n === i);
    let k = 0;
    const s: Setting = { acct, ua: o.ua, model: MODELS.big, endpoint: o.endpoint, ip: () => proxyExit(o.proxy, r), params: { max_tokens: 8192, temperature: r.pick([0.3, 0.7]) } };
    stepAgent(r, created, c.end, { base: (t) => 0.9 * shapeAt(SHAPES.office!, t, o.tz) * weekendFactor(t, o.tz, 0.5), max: 0.92, alpha: 0.5, tauH: 0.5 }, (t) => {
      if (k >= mine.length) return c.end;
      const it = mine[k++]!;
      const a = sendRetrying(c.sink, r, t, s, { ...s.params, messages: [{ role: 'user', content: o.template(clip(it.prompt, 1800)) }] }, 'long');
      return t + a.latency;
    });
  }
  return out;
}

/**
 * This generator's own idea, from public reporting that distillers used the
 * target model as a reward model (rubric grading) and sampled several answers
 * per prompt: for each prompt, n samples at temperature 1 with seeds, then a
 * rubric judgement of the candidates: preference pairs for RL from the model's
 * own grades.
 */
function preferenceHarvest(c: CCtx): Account[] {
  const out: Account[] = [];
  const prompts = workList(c, 'pref', [c.corp.get('alpaca-eval'), c.corp.get('arena-hard'), c.corp.get('oasst-prompts'), c.corp.get('self-instruct-user-oriented')]);
  let next = 0;
  const RUBRIC = ['Score each candidate response from 1 to 10 on helpfulness, correctness and clarity. Explain the score for each criterion, then say which response is better and why.', 'You are grading answers. For each candidate give a rubric table (accuracy, completeness, style, safety) with justifications, then a final preference.', 'Compare the candidates. Identify every factual or logical error, assign scores out of 10 and state your preference with reasons.'];
  for (let i = 0; i < CAMPAIGN_SIZE.preference_harvest; i++) {
    const r = rngOf(c, 'pref', i);
    const provider = r.pick(['gcp', 'azure', 'aws']);
    const created = c.start + r.next() * 6 * DAY;
    const acct = mkAccount(r, { created, country: r.pick(['US', 'KR', 'JP']), signup_ip: cloud(provider, r), email_domain: `${r.hex(4)}.${r.pick(['ai', 'io', 'dev'])}`, tier: 'tier-2', label: 'campaign', campaign: cid(c, 'preference_harvest'), persona: 'preference_harvest' });
    out.push(acct);
    const box = cloud(provider, r, 0.3);
    const s: Setting = { acct, ua: SDK.py(r), model: MODELS.big, endpoint: 'chat.completions', ip: () => box };
    const tz = r.pick([8, 9]);
    stepAgent(r, created, c.end, { base: (t) => 0.6 * (0.3 + shapeAt(SHAPES.office!, t, tz)), max: 0.8, alpha: 0.4, tauH: 1 }, (t) => {
      const it = prompts[next++ % prompts.length]!;
      const nSamp = r.pick([2, 4, 4, 8]);
      const a = sendRetrying(c.sink, r, t, s, { n: nSamp, temperature: 1, seed: r.int(1, 1 << 30), max_tokens: 2048, messages: [{ role: 'user', content: clip(it.prompt, 1800) }] }, 'long');
      let tt = t + a.latency + r.lognormal(2000, 0.5);
      for (let p = 0; p < Math.min(3, nSamp / 2); p++) {
        const cand = [0, 1].map((q) => `[Response ${String.fromCharCode(65 + q)}]\n${a.text.slice(0, 300)} ${r.hex(6)}`).join('\n\n');
        const j = sendRetrying(c.sink, r, tt, s, { temperature: 0, max_tokens: 1500, system: r.pick(RUBRIC), messages: [{ role: 'user', content: `[Question]\n${clip(it.prompt, 1200)}\n\n${cand}` }] }, 'judge');
        tt += j.latency + r.lognormal(1500, 0.5);
      }
      return tt;
    });
  }
  return out;
}

export function runCampaigns(c: CCtx): Account[] {
  return [
    ...logitSweep(c), ...softLabels(c), ...reasoningDialogue(c), ...crowdCover(c), ...throwaway(c), ...reseller(c), ...agedParaphrase(c), ...splitProxy(c), ...preferenceHarvest(c),
  ];
}
