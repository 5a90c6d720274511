/**
 * heldout/v3's campaigns. Each draws from its own stream of the campaign seed,
 * never from the benign seed, so a world's campaigns are the same exchanges
 * whatever the size of its benign population. Persona = strategy name.
 */
import type { Item } from './corpora.js';
import { converse, exchange, type Sink, type Style } from './core.js';
import type { Actor } from './benign.js';
import { COUNTRIES, DAY, HOUR, MIN, cloudIp, personEmail, residentialIp, timeOnDay } from './net.js';
import type { Pools } from './pools.js';
import { Rng, opaque } from './rng.js';
import { APP_UAS, MODELS, SDK_UAS, STOCK_FOLLOWUPS, THROWAWAY_TEMPLATES, WAVE1_TEMPLATE, WAVE2_TEMPLATES, harnessPrompt, paraphraseA, paraphraseB, planText, answerText, shardPrompt } from './text.js';

export interface CampaignCtx { sink: Sink; pools: Pools; seed: string; days: number }
export interface Campaign { id: string; strategy: string; params: Record<string, unknown>; actors: Actor[] }

export const STRATEGIES = ['aged_paraphrase', 'reseller_interleave', 'throwaway_days', 'harness_dress', 'rotate_after_block', 'stitched_shards'] as const;

/** A shuffled, never-repeating stream of harvest items shared by a campaign's accounts. */
class Queue {
  private i = 0;
  constructor(private items: Item[]) {}
  next(): Item {
    return this.items[this.i++ % this.items.length];
  }
}

export function buildCampaigns(ctx: CampaignCtx): Campaign[] {
  return [aged(ctx), reseller(ctx), throwaway(ctx), harness(ctx), rotate(ctx), stitched(ctx)];
}

const cid = (ctx: CampaignCtx, s: string) => opaque('cmp_', `${ctx.seed}|${s}`, 8);

function sweep(rng: Rng, p: Pools, parts: (readonly [Item[], number])[]): Queue {
  const out: Item[] = [];
  for (const [xs, n] of parts) out.push(...rng.sample(xs, n));
  return new Queue(rng.shuffle(out));
}

/**
 * Aged accounts on human hours: each an ordinary-looking person of months'
 * standing, in its own country and zone, with its own card; harvest items in a
 * paraphrase grammar, interleaved with chat and follow-ups in multi-turn sessions.
 */
function aged(ctx: CampaignCtx): Campaign {
  const rng = new Rng(`${ctx.seed}|aged`);
  const id = cid(ctx, 'aged');
  const n = rng.int(10, 16);
  const harvestShare = rng.range(0.5, 0.7);
  const q = sweep(rng, ctx.pools, [[ctx.pools.math, 1500], [ctx.pools.bbh, 800], [ctx.pools.codeInstr, 1200], [ctx.pools.evol, 200], [ctx.pools.mmlu, 800]]);
  const actors: Actor[] = [];
  for (let k = 0; k < n; k++) {
    const ar = new Rng(`${ctx.seed}|aged|${k}`);
    const country = ar.pick(['US', 'GB', 'DE', 'BR', 'IN', 'CA', 'PL']);
    const tz = COUNTRIES[country].tz;
    const acct = ctx.sink.account({ id: opaque('acct_', `${ctx.seed}|aged|${k}`), persona: 'aged_paraphrase', label: 'campaign', campaign: id, created: -ar.range(90, 700) * DAY, country, emailDomain: personEmail(ar, country), card: opaque('pf_', `${ctx.seed}|aged|card|${k}`, 16), signupIp: residentialIp(ar, country), tier: ar.pick(['tier2', 'tier3']), verified: false });
    let home = residentialIp(ar, country);
    const ua = ar.pick(APP_UAS);
    const maxTokens = ar.chance(0.4) ? 4096 : undefined;
    actors.push({
      day(d) {
        if (!ar.chance(0.85)) return;
        if (ar.chance(0.15)) home = residentialIp(ar, country);
        for (let s = ar.int(2, 4); s > 0; s--) {
          const t = timeOnDay(ar, d, tz, 'human');
          const turns: string[] = [];
          for (let k2 = ar.int(3, 8); k2 > 0; k2--) {
            if (ar.chance(harvestShare)) turns.push(paraphraseA(ar, q.next().prompt));
            else if (turns.length && ar.chance(0.4)) turns.push(ar.chance(0.5) ? ar.pick(STOCK_FOLLOWUPS) : `can you explain step ${ar.int(2, 4)} again?`);
            else turns.push(ar.pick(ctx.pools.chat).prompt);
          }
          converse(ctx.sink, ar, acct, t, turns, { ip: home, ua, model: ar.chance(0.7) ? MODELS[2] : MODELS[0], endpoint: 'chat.completions', stream: true, maxTokens, answer: 900, think: 70, key: acct.keys[0] });
        }
      },
    });
  }
  return { id, strategy: 'aged_paraphrase', params: { accounts: n, harvestShare: +harvestShare.toFixed(2) }, actors };
}

/**
 * Resellers: each account carries the reseller's real end users (chat under its
 * product prompt, from its relays) and a distiller's harvest slice through the
 * same relays, without the product prompt, long answers.
 */
function reseller(ctx: CampaignCtx): Campaign {
  const rng = new Rng(`${ctx.seed}|reseller`);
  const id = cid(ctx, 'reseller');
  const shops = rng.int(3, 4);
  const q = sweep(rng, ctx.pools, [[ctx.pools.sweeps, 2500], [ctx.pools.mathOther, 2000], [ctx.pools.codeInstr, 1500], [ctx.pools.judge, 400]]);
  const actors: Actor[] = [];
  const params: Record<string, unknown>[] = [];
  for (let s = 0; s < shops; s++) {
    const sr = new Rng(`${ctx.seed}|reseller|${s}`);
    const country = sr.pick(['SG', 'VN', 'ID', 'IN', 'BR', 'NG']);
    const tz = COUNTRIES[country].tz;
    const org = opaque('org_', `${ctx.seed}|reseller|org|${s}`, 12);
    const card = opaque('pf_', `${ctx.seed}|reseller|card|${s}`, 16);
    const relays = Array.from({ length: sr.int(2, 3) }, () => cloudIp(sr, sr.pick(['digitalocean', 'ovh', 'hetzner'])));
    const product = `You are ${sr.pick(['Nova', 'Lumi', 'Aiko', 'Sage', 'Orbit'])}, the assistant of ${sr.pick(['ChatHub', 'AskMate', 'GPTPlus Lite', 'BrainBox'])}. Reply in the user's language. Be friendly and helpful.`;
    const accounts = sr.int(2, 3);
    const share = sr.range(0.1, 0.3);
    const flat = sr.chance(0.5);
    params.push({ accounts, harvestShare: +share.toFixed(2), harvestHours: flat ? 'around the clock' : 'with the end users' });
    for (let a = 0; a < accounts; a++) {
      const ar = new Rng(`${ctx.seed}|reseller|${s}|${a}`);
      const acct = ctx.sink.account({ id: opaque('acct_', `${ctx.seed}|reseller|${s}|${a}`), persona: 'reseller_interleave', label: 'campaign', campaign: id, created: -ar.range(40, 250) * DAY, org, country, emailDomain: `${ar.pick(['chathub', 'askmate', 'gptplus', 'brainbox'])}${s}.${ar.pick(['io', 'app', 'co'])}`, card, signupIp: relays[0], tier: 'tier4', verified: false }, 3);
      const perHour = ar.range(3, 6);
      actors.push({
        day(d) {
          const users = ar.poisson(perHour * 12);
          let chatEx = 0;
          for (let k = 0; k < users; k++) {
            const t = timeOnDay(ar, d, tz, 'app');
            const native = ctx.pools.byLang[({ VN: 'zh', ID: 'ko', SG: 'zh' } as Record<string, string>)[country] ?? ''];
            const turns = native && ar.chance(0.3) ? [ar.pick(native).prompt] : ar.chance(0.3) ? ar.pick(ctx.pools.multiTurn).turns!.slice(0, 3) : [ar.pick(ctx.pools.chat).prompt, ...(ar.chance(0.4) ? [ar.pick(STOCK_FOLLOWUPS)] : [])];
            chatEx += turns.length;
            converse(ctx.sink, ar, acct, t, turns, { ip: ar.pick(relays), ua: 'OpenAI/Python 1.52.0', model: MODELS[1], endpoint: 'chat.completions', system: product, stream: true, temperature: 0.8, maxTokens: 1024, answer: 300, think: 50, key: acct.keys[k % 2] });
          }
          const harvest = Math.round((chatEx * share) / (1 - share));
          for (let k = 0; k < harvest; k++) {
            const t = flat ? d * DAY + ar.next() * DAY : timeOnDay(ar, d, tz, 'app');
            const item = q.next().prompt;
            const prompt = ar.chance(0.5) ? item : `${item}\n\nExplain your reasoning step by step, in detail.`;
            exchange(ctx.sink, ar, acct, t, [{ role: 'user', content: prompt }], { ip: ar.pick(relays), ua: 'OpenAI/Python 1.52.0', model: ar.chance(0.6) ? MODELS[2] : MODELS[0], endpoint: 'chat.completions', system: ar.chance(0.5) ? 'You are a helpful assistant.' : undefined, temperature: 0.7, maxTokens: 8192, answer: 1400, think: 1, key: acct.keys[2] });
          }
        },
      });
    }
  }
  return { id, strategy: 'reseller_interleave', params: { resellers: params }, actors };
}

/**
 * Throwaway accounts that live one to three days: a few alive at any time,
 * each signed up from a residential proxy minutes before its first request,
 * with a disposable or free address and one of a handful of prepaid cards.
 */
function throwaway(ctx: CampaignCtx): Campaign {
  const rng = new Rng(`${ctx.seed}|throwaway`);
  const id = cid(ctx, 'throwaway');
  const n = rng.int(50, 70);
  const cards = Array.from({ length: rng.int(6, 10) }, (_, i) => opaque('pf_', `${ctx.seed}|throwaway|card|${i}`, 16));
  const domains = ['gmail.com', 'outlook.com', 'mailpoof.net', 'tmpbox.io', 'inboxly.cc', 'proton.me', 'yandex.ru'];
  const q = sweep(rng, ctx.pools, [[ctx.pools.gsm8kTrain, 2000], [ctx.pools.math, 1500], [ctx.pools.codeInstr, 1500], [ctx.pools.bbh, 1000], [ctx.pools.sweeps, 1500]]);
  const countries = Object.keys(COUNTRIES);
  const actors: Actor[] = [];
  for (let k = 0; k < n; k++) {
    const ar = new Rng(`${ctx.seed}|throwaway|${k}`);
    const birth = (k / n) * (ctx.days - 0.5) * DAY + ar.range(0, 6) * HOUR;
    const life = ar.range(1, 3) * DAY;
    const signupCountry = ar.pick(countries);
    const acct = ctx.sink.account({ id: opaque('acct_', `${ctx.seed}|throwaway|${k}`), persona: 'throwaway_days', label: 'campaign', campaign: id, created: birth - ar.range(5, 90) * MIN, country: signupCountry, emailDomain: ar.pick(domains), card: ar.chance(0.7) ? ar.pick(cards) : undefined, signupIp: residentialIp(ar, signupCountry), tier: 'tier1', verified: false });
    const uas = ar.sample(SDK_UAS, 2);
    const templates = ar.sample(THROWAWAY_TEMPLATES, ar.int(1, 2));
    const perDay = ar.int(15, 45);
    const maxTokens = ar.pick([4096, 8192]);
    actors.push({
      day(d) {
        const from = Math.max(d * DAY, birth);
        const to = Math.min((d + 1) * DAY, birth + life);
        if (to <= from) return;
        let left = Math.round((perDay * (to - from)) / DAY);
        while (left > 0) {
          let t = from + ar.next() * (to - from);
          const ip = residentialIp(ar, ar.pick(countries));
          for (let b = Math.min(left, ar.int(4, 15)); b > 0; b--, left--) {
            const prompt = ar.pick(templates).replace('{item}', q.next().prompt);
            t = exchange(ctx.sink, ar, acct, t, [{ role: 'user', content: prompt }], { ip, ua: ar.pick(uas), model: MODELS[2], endpoint: 'chat.completions', temperature: ar.chance(0.5) ? 1 : undefined, maxTokens, answer: 1600, think: 1, key: acct.keys[0] }).end + ar.range(3, 30) * 1000;
          }
        }
      },
    });
  }
  return { id, strategy: 'throwaway_days', params: { accounts: n, cards: cards.length }, actors };
}

/**
 * Harvest dressed as an evaluation start-up: harness formats, k-shot, the same
 * item sampled four times at high temperature (as a pass@k run would), long
 * outputs, items from benchmarks and from instruction and judge data, never
 * repeated.
 */
function harness(ctx: CampaignCtx): Campaign {
  const rng = new Rng(`${ctx.seed}|harness`);
  const id = cid(ctx, 'harness');
  const n = rng.int(3, 5);
  const org = opaque('org_', `${ctx.seed}|harness|org`, 12);
  const card = opaque('pf_', `${ctx.seed}|harness|card`, 16);
  const ips = Array.from({ length: 4 }, () => cloudIp(rng, 'gcp'));
  const q = sweep(rng, ctx.pools, [[ctx.pools.mmlu, 1500], [ctx.pools.gsm8kTrain, 1500], [ctx.pools.bbh, 1000], [ctx.pools.math, 1500], [ctx.pools.sweeps, 2000], [ctx.pools.codeInstr, 1500], [ctx.pools.judge, 600], [ctx.pools.evol, 200]]);
  const samples = rng.int(3, 5);
  const actors: Actor[] = [];
  for (let k = 0; k < n; k++) {
    const ar = new Rng(`${ctx.seed}|harness|${k}`);
    const acct = ctx.sink.account({ id: opaque('acct_', `${ctx.seed}|harness|${k}`), persona: 'harness_dress', label: 'campaign', campaign: id, created: -ar.range(20, 60) * DAY, org, country: 'US', emailDomain: 'veritas-evals.ai', card, signupIp: ips[0], tier: 'tier4', verified: true }, 2);
    const ua = ar.pick(['lm-eval/0.4.5 OpenAI/Python 1.51.2', 'inspect_ai/0.3.49 Anthropic/Python 0.37.1']);
    const style = ar.int(0, 3);
    actors.push({
      day(d) {
        if (!ar.chance(0.8)) return;
        let t = d * DAY + ar.range(0, 20) * HOUR;
        const items = ar.int(60, 140);
        for (let i = 0; i < items; i++) {
          const item = q.next();
          const shots = ar.chance(0.4) ? [1, 2, 3].map(() => `Question: ${q.next().prompt.slice(0, 400)}\nAnswer: ${answerText(ar, 'worked answer', 80)}`) : [];
          const prompt = item.source === 'llm-judge-prompts' ? item.prompt : harnessPrompt(style, item.prompt, shots, true);
          for (let s = 0; s < samples; s++) {
            const r = exchange(ctx.sink, ar, acct, t, [{ role: 'user', content: prompt }], { ip: ar.pick(ips), ua, model: MODELS[2], endpoint: 'chat.completions', temperature: 0.9, topP: 0.95, maxTokens: 8192, answer: 1300, think: 0.2, key: acct.keys[s % 2] });
            t += (r.end - t) / 6 + ar.range(20, 300);
          }
        }
      },
    });
  }
  return { id, strategy: 'harness_dress', params: { accounts: n, samplesPerItem: samples }, actors };
}

/**
 * A campaign that rotates after blocks: wave 1 shares everything (one hosting
 * range, one template, one e-mail domain, two cards, sign-ups in two hours);
 * its accounts stop at a "block", wave 2 shares one card and the template's
 * skeleton with it; wave 3 shares nothing but the item sweep.
 */
function rotate(ctx: CampaignCtx): Campaign {
  const rng = new Rng(`${ctx.seed}|rotate`);
  const id = cid(ctx, 'rotate');
  const q = sweep(rng, ctx.pools, [[ctx.pools.mathOther, 3000], [ctx.pools.codeInstr, 2000], [ctx.pools.evol, 200], [ctx.pools.leetcode, 300]]);
  const block1 = 2 * DAY + rng.range(8, 20) * HOUR;
  const block2 = 5 * DAY + rng.range(10, 22) * HOUR;
  const wave1Cards = [opaque('pf_', `${ctx.seed}|rotate|c1`, 16), opaque('pf_', `${ctx.seed}|rotate|c2`, 16)];
  const waves = [
    { n: rng.int(9, 12), from: 0.3 * DAY, to: block1 },
    { n: rng.int(10, 13), from: block1 + rng.range(6, 20) * HOUR, to: block2 },
    { n: rng.int(14, 18), from: block2 + rng.range(12, 30) * HOUR, to: ctx.days * DAY },
  ];
  const w1Range = cloudIp(rng, 'hetzner').split('.').slice(0, 3).join('.');
  const w2Ranges = [cloudIp(rng, 'ovh'), cloudIp(rng, 'digitalocean')].map((ip) => ip.split('.').slice(0, 3).join('.'));
  const w2Cards = [wave1Cards[1], ...Array.from({ length: 4 }, (_, i) => opaque('pf_', `${ctx.seed}|rotate|w2c${i}`, 16))];
  const actors: Actor[] = [];
  waves.forEach((w, wi) => {
    for (let k = 0; k < w.n; k++) {
      const ar = new Rng(`${ctx.seed}|rotate|${wi}|${k}`);
      const country = wi === 2 ? ar.pick(['US', 'GB', 'DE', 'FR', 'CA', 'AU', 'SG']) : 'DE';
      const tz = COUNTRIES[country].tz;
      const created = wi === 0 ? -1 * DAY + 14 * HOUR + ar.range(0, 2) * HOUR : wi === 1 ? w.from - ar.pick([1, 3, 5]) * HOUR - ar.range(0, 40) * MIN : w.from + ar.range(-12, 24) * HOUR;
      const email = wi === 0 ? 'nexmail.org' : wi === 1 ? ar.pick(['gmail.com', 'mailbucket.net', 'qmx.email']) : personEmail(ar, country);
      const card = wi === 0 ? ar.pick(wave1Cards) : wi === 1 ? ar.pick(w2Cards) : opaque('pf_', `${ctx.seed}|rotate|w3|${k}`, 16);
      const ip0 = wi === 0 ? `${w1Range}.${10 + k}` : wi === 1 ? `${ar.pick(w2Ranges)}.${ar.int(2, 250)}` : residentialIp(ar, country);
      const acct = ctx.sink.account({ id: opaque('acct_', `${ctx.seed}|rotate|${wi}|${k}`), persona: 'rotate_after_block', label: 'campaign', campaign: id, created, country, emailDomain: email, card, signupIp: ip0, tier: wi === 2 ? 'tier2' : 'tier1', verified: false });
      const ua = wi === 0 ? 'OpenAI/Python 1.54.4' : wi === 1 ? ar.pick(['OpenAI/Python 1.54.4', 'python-httpx/0.27.2']) : ar.pick([...APP_UAS.slice(0, 4), ...SDK_UAS.slice(0, 5)]);
      const tmpl = wi === 1 ? ar.pick(WAVE2_TEMPLATES) : WAVE1_TEMPLATE;
      const perHour = wi === 0 ? ar.range(8, 12) : wi === 1 ? ar.range(4, 8) : ar.range(2, 5);
      const start = Math.max(w.from, created + 10 * MIN);
      actors.push({
        day(d) {
          const from = Math.max(d * DAY, start);
          const to = Math.min((d + 1) * DAY, w.to);
          if (to <= from) return;
          const count = ar.poisson((perHour * (to - from)) / HOUR);
          const times: number[] = [];
          for (let i = 0; i < count; i++) {
            let t = wi === 0 ? from + ar.next() * (to - from) : timeOnDay(ar, d, wi === 1 ? 1 : tz, 'human');
            if (t < from || t >= to) t = from + ar.next() * (to - from);
            times.push(t);
          }
          times.sort((a, b) => a - b);
          for (const t of times) {
            const item = q.next().prompt;
            const prompt = wi === 2 ? paraphraseB(ar, item) : tmpl.replace('{item}', item);
            const ip = wi === 2 && ar.chance(0.3) ? residentialIp(ar, country) : ip0;
            exchange(ctx.sink, ar, acct, t, [{ role: 'user', content: prompt }], { ip, ua, model: MODELS[2], endpoint: 'chat.completions', maxTokens: wi === 2 ? undefined : 8192, temperature: wi === 0 ? 0.6 : undefined, answer: 1500, think: 1, key: acct.keys[0] });
          }
        },
      });
    }
  });
  return { id, strategy: 'rotate_after_block', params: { waves: waves.map((w) => ({ accounts: w.n, fromHour: Math.round(w.from / HOUR), toHour: Math.round(w.to / HOUR) })) }, actors };
}

/**
 * Stitched shards (this generator's own idea): one item's harvest is split over
 * three groups of accounts on separate infrastructure: planners ask for an
 * outline, solvers later execute a plan on the item, checkers later ask for a
 * critique and a corrected full solution. No account sends a whole harvest
 * request; only the item text ties a planner, a solver and a checker together.
 */
function stitched(ctx: CampaignCtx): Campaign {
  const rng = new Rng(`${ctx.seed}|stitched`);
  const id = cid(ctx, 'stitched');
  const q = sweep(rng, ctx.pools, [[ctx.pools.math, 1200], [ctx.pools.leetcode, 300], [ctx.pools.bbh, 600], [ctx.pools.mathOther, 600]]);
  const perGroup = rng.int(4, 6);
  const itemsPerDay = rng.int(60, 90);
  const groups = [
    { name: 'planner', cloud: 'azure', curve: 'flat', tz: 0 },
    { name: 'solver', cloud: '', curve: 'human', tz: -5 },
    { name: 'checker', cloud: 'aws', curve: 'office', tz: 1 },
  ].map((g, gi) => ({
    ...g,
    accounts: Array.from({ length: perGroup }, (_, k) => {
      const ar = new Rng(`${ctx.seed}|stitched|${gi}|${k}`);
      const country = gi === 1 ? ar.pick(['US', 'CA', 'MX']) : gi === 0 ? 'GB' : 'DE';
      const acct = ctx.sink.account({ id: opaque('acct_', `${ctx.seed}|stitched|${gi}|${k}`), persona: 'stitched_shards', label: 'campaign', campaign: id, created: -ar.range(10, 120) * DAY, country, emailDomain: gi === 1 ? personEmail(ar, country) : gi === 0 ? ar.pick(['outlook.com', 'hotmail.com']) : 'gmx.de', card: opaque('pf_', `${ctx.seed}|stitched|card|${gi}|${k % 2}`, 16), signupIp: gi === 1 ? residentialIp(ar, country) : cloudIp(ar, g.cloud), tier: 'tier2', verified: false });
      return { acct, rng: ar, ip: gi === 1 ? residentialIp(ar, country) : cloudIp(ar, g.cloud), ua: gi === 0 ? 'OpenAI/Python 1.47.1' : gi === 1 ? ar.pick(APP_UAS) : 'Anthropic/Python 0.34.2' };
    }),
  }));
  // the schedule: every item gets a planner time, a solver time after it and a checker time after that
  const actor: Actor = {
    day(d) {
      for (let i = 0; i < itemsPerDay; i++) {
        const item = q.next().prompt;
        const t0 = timeOnDay(rng, d, groups[0].tz, 'flat');
        const t1 = Math.max(t0 + rng.range(10, 180) * MIN, timeOnDay(rng, d, groups[1].tz, 'human'));
        const t2 = Math.max(t1 + rng.range(10, 180) * MIN, timeOnDay(rng, d, groups[2].tz, 'office'));
        const plan = planText(rng, item);
        const draft = answerText(rng, item, rng.int(200, 500));
        [t0, t1, t2].forEach((t, gi) => {
          const m = rng.pick(groups[gi].accounts);
          const s: Style = { ip: gi === 1 && m.rng.chance(0.2) ? residentialIp(m.rng, m.acct.country ?? 'US') : m.ip, ua: m.ua, model: gi === 0 ? MODELS[1] : MODELS[2], endpoint: gi === 2 ? 'messages' : 'chat.completions', maxTokens: gi === 0 ? 1024 : 8192, answer: gi === 0 ? 250 : 1400, think: 1, key: m.acct.keys[0] };
          exchange(ctx.sink, m.rng, m.acct, t, [{ role: 'user', content: shardPrompt(m.rng, gi as 0 | 1 | 2, item, plan, draft) }], s);
        });
      }
    },
  };
  return { id, strategy: 'stitched_shards', params: { accountsPerGroup: perGroup, itemsPerDay }, actors: [actor] };
}

