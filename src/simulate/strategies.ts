/**
 * Campaign strategies: how an operator harvests a model through many accounts.
 * Each is parameterised and draws its parameters from the seed, so two worlds
 * never share a fixed user agent, template or cadence per strategy; what stays
 * is what such an operation cannot avoid (many accounts, shared infrastructure,
 * a sweep over capabilities, harvest-shaped requests).
 */
import type { Actor, Env } from './actor.js';
import { addAttendees, EVAL_TEMPLATES, planEventCrowd } from './personas.js';
import { conversationTurns, followUp, HumanActor, pickFrom, pickModel, Sweep, benignAdoption, STEP_FOLLOWUPS, stepFollowUp } from './actor.js';
import { AgentActor, PeriodicActor, StreamActor, contentCall, type Content } from './agents.js';
import { browserUserAgent, companyDomain, country, freemailDomain, ipIn16, net16, nextActive, orgId, paymentFingerprint, PROFILE, proxyPool, sdkUserAgent, type Activity, type NetKind } from './infra.js';
import type { Call, Client, Ctx, Endpoint, ProbeFields, SimAccount } from './kit.js';
import type { TextBank } from './text/bank.js';
import { pickFramework } from './frameworks.js';
import { Rng } from './rng.js';
import { resendHarvest } from './resend.js';
import type { Item } from './text/bank.js';
import type { ResponseKind } from './text/responses.js';
import { makeWrapperStyle, TARGETS, wrap, WRAPPER_LANGS, type Target, type WrapperStyle } from './text/wrappers.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const STRATEGIES = ['naive', 'hydra', 'agentic_harvest', 'stealth', 'reseller_mix', 'slow_drip', 'model_switch', 'reseller_slice', 'app_facade', 'eval_dress', 'logit_probe', 'reasoning_probe', 'crowd_cover', 'chain_resend', 'tool_resend', 'judge_resend', 'logit_resend', 'org_split'] as const;
export type Strategy = (typeof STRATEGIES)[number];
/**
 * The strategies of the `mixed` scenario: those it has held since its figures
 * were first reported. Later strategies are scenarios of their own, so a
 * mixed world of a seed stays the same world.
 */
export const MIXED_STRATEGIES: readonly Strategy[] = ['naive', 'hydra', 'agentic_harvest', 'stealth', 'reseller_mix', 'slow_drip', 'model_switch'];

export const STRATEGY_SUMMARY: Record<Strategy, string> = {
  naive: 'a few accounts, huge volume, one script on a fixed period around the clock',
  hydra: 'hundreds to thousands of accounts behind proxy pools and shared cards, sign-up bursts, round-robin, 429s retried elsewhere',
  agentic_harvest: 'multi-turn tool-use traces from residential proxies, accounts working in shifts',
  stealth: 'aged accounts, sticky residential IPs, human hours, paraphrased wrappers, ordinary chat as camouflage',
  reseller_mix: 'a reseller: paying end users\' chats interleaved with harvest on the same accounts',
  slow_drip: 'a steady stream of short-lived throwaway accounts',
  model_switch: 'a campaign that moves most of its traffic to a newly released model within a day',
  reseller_slice: 'a reseller whose distiller harvests through its own key, from its own address range, in its own hours, beside the end users\' chats',
  app_facade: 'harvest dressed as a verified app back end: one organisation, a product\'s system prompt, cloud addresses, but the user turns sweep capabilities for long answers',
  eval_dress: 'harvest dressed as benchmark runs: a (sometimes verified) evaluation vendor, items in a public harness\'s form, each item sampled several times, long answers, every day',
  logit_probe: 'log-probability / logit probing: many distinct prompts answered with one to a few tokens, with logprobs, top_logprobs or logit_bias sweeps (logged or dropped by the logger)',
  reasoning_probe: 'multi-turn reasoning extraction: conversations opened with a capability item and driven on by follow-ups that take the worked answer apart step by step, prior answers re-sent',
  chain_resend: 'multi-turn reasoning chains at temperature 0, each turn re-sent (to several models, or again) as the chain grows, each account under a few thousand items',
  tool_resend: 'tool-use traces at temperature 0, each trace replayed on several models or again, each account under a few thousand items',
  judge_resend: 'a grader harvest: judge prompts over many answers at temperature 0, each sent to several models or again, each account under a few thousand items',
  logit_resend: 'logit probing at temperature 0, each prompt re-read under several bias windows or models, each account under a few thousand items',
  org_split: 'one plain-answer harvest split across three to six apparent organisations, each with its own domain, cards, cloud range, client, system prompt, generation settings and hours, all drawing distinct items from one shared queue',
  crowd_cover: 'a small operation (3–30 accounts) that signs up inside a hackathon, workshop or lab crowd (its venue address and hour, its framework\'s system prompt, tools and client) and harvests through the framework with its own wording, during the event and often after it',
};

/** Size knobs a scenario passes to a strategy. */
export interface CampaignSize {
  accounts: number;
  /** exchanges per account per active day */
  perAccountDay: number;
  /**
   * agentic_harvest only: run the workers on a popular agent framework (its
   * system prompt, client and starter tools), as benign crowds do (the
   * `crowd_join` scenario). Unset: they do not, so the worlds the fitted
   * model was trained on stay as they were.
   */
  framework?: boolean;
}

const OUT: Record<Target, number> = { cot: 750, reconstruct: 600, judge: 450, code: 850, safety: 420, internals: 1100, sweep: 380 };
const KIND: Record<Target, ResponseKind> = { cot: 'cot', reconstruct: 'cot', judge: 'judge', code: 'code', safety: 'safety', internals: 'cot', sweep: 'chat' };

/** What a campaign asks for and how it phrases it: the content side of a campaign. */
export class Harvester {
  readonly style: WrapperStyle;
  private targets: Target[];
  private weights: number[];
  private sweeps = new Map<string, Sweep>();
  readonly maxTokens: number | undefined;
  readonly temperature: number | undefined;

  constructor(private rng: Rng, private env: Env, opts: { fresh?: boolean; variants?: number; targets?: Partial<Record<Target, number>> } = {}) {
    const langs = ['en', ...rng.sample(WRAPPER_LANGS.filter((l) => l !== 'en'), rng.between(0, 3))];
    this.style = makeWrapperStyle(rng, { variants: opts.variants ?? rng.between(3, 30), fresh: opts.fresh, langs, langWeights: langs.map((_, i) => (i === 0 ? rng.range(3, 10) : 1)) });
    const tw = opts.targets ?? {};
    this.targets = [...TARGETS];
    // each campaign has its own mix of targets; reasoning harvest is the commonest
    const base: Record<Target, number> = { cot: rng.range(2, 6), reconstruct: rng.range(0, 2), judge: rng.range(0, 2), code: rng.range(0, 3), safety: rng.range(0, 1), internals: rng.range(0, 0.6), sweep: rng.range(0, 2) };
    this.weights = this.targets.map((t) => tw[t] ?? base[t]);
    this.maxTokens = rng.pick([4096, 8192, 16000, 32000, undefined, 8192]);
    this.temperature = rng.pick([undefined, 0.7, 1, 0.6, 0]);
  }

  private sweep(name: string, items: Item[]): Item {
    let s = this.sweeps.get(name);
    if (!s) {
      s = new Sweep(this.rng.fork(name), items);
      this.sweeps.set(name, s);
    }
    return s.next();
  }

  /** The next harvesting request: a wrapped item and what its answer looks like. */
  next(rng: Rng): { text: string; lang: string; kind: ResponseKind; outMedian: number; target: Target } {
    const target = this.targets[rng.weighted(this.weights)];
    const a = this.env.bank.attack;
    let item: Item;
    switch (target) {
      case 'cot':
        item = this.pickPool(rng, { math: 4, reasoning: 1, knowledge: 1, instructions: 1 });
        break;
      case 'reconstruct':
        item = this.pickPool(rng, { math: 3, reasoning: 1, knowledge: 1 });
        break;
      case 'judge':
        item = this.sweep('judge', a.judge);
        if (rng.chance(0.5)) return { text: item.text, lang: item.lang, kind: 'judge', outMedian: OUT.judge, target };
        break;
      case 'code':
        item = this.sweep('code', a.code);
        break;
      case 'safety':
        item = this.sweep('redteam', this.env.bank.benign.redteam);
        break;
      case 'internals':
        item = this.pickPool(rng, { math: 1, instructions: 2, knowledge: 1 });
        break;
      default:
        item = this.pickPool(rng, { instructions: 3, knowledge: 2, reasoning: 1, code: 1 });
    }
    return { text: wrap(this.style, target, item, rng), lang: item.lang, kind: KIND[target], outMedian: OUT[target], target };
  }

  private pickPool(rng: Rng, w: Partial<Record<'math' | 'reasoning' | 'knowledge' | 'instructions' | 'code', number>>): Item {
    const keys = Object.keys(w) as (keyof typeof w)[];
    const k = keys[rng.weighted(keys.map((x) => w[x] ?? 0))];
    return this.sweep(k, this.env.bank.attack[k]);
  }

  content(rng: Rng): Content {
    const h = this.next(rng);
    return { turns: [h.text], depth: 0, lang: h.lang, kind: h.kind, outMedian: h.outMedian, maxTokens: this.maxTokens, temperature: this.temperature };
  }
}

function campaignLabel(id: string, strategy: string) {
  return { label: 'campaign' as const, campaign_id: id, persona: strategy };
}

function endpointOf(rng: Rng): Endpoint {
  return (['chat.completions', 'messages', 'responses'] as const)[rng.weighted([5, 4, 1])];
}

/** A few client set-ups an operation spreads its workers over. */
function clients(rng: Rng, n: number, browserShare = 0.1): Client[] {
  const ep = endpointOf(rng);
  const stream = rng.chance(0.3);
  return Array.from({ length: Math.max(1, n) }, () => ({ ua: rng.chance(browserShare) ? browserUserAgent(rng) : sdkUserAgent(rng), endpoint: rng.chance(0.8) ? ep : endpointOf(rng), stream }));
}

/** Identity of the accounts: who signs up, with which cards and mail domains. */
function identityPool(rng: Rng, accounts: number) {
  const cards = Array.from({ length: Math.max(1, Math.round(accounts / rng.range(5, 40))) }, () => paymentFingerprint(rng));
  const throwaway = Array.from({ length: rng.between(0, 3) }, () => companyDomain(rng));
  return {
    card: () => rng.pick(cards),
    email: () => (throwaway.length && rng.chance(0.3) ? rng.pick(throwaway) : freemailDomain(rng)),
  };
}

function campaignId(rng: Rng): string {
  return `cmp_${rng.b32(10)}`;
}

// ---- naive

function naive(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const h = new Harvester(rng, env, { variants: rng.between(1, 3) });
  const ip = ipIn16(rng, net16(rng, rng.chance(0.7) ? 'hosting' : 'cloud'));
  const c = country(rng);
  const card = paymentFingerprint(rng);
  const client = clients(rng, 1, 0)[0];
  const created = env.start - rng.range(0.5, 10) * DAY;
  for (let i = 0; i < size.accounts; i++) {
    const acc = env.addAccount(rng, { created: created + i * rng.range(60_000, 3_600_000), email_domain: freemailDomain(rng), payment_fingerprint: card, signup_ip: ip, country: c.country, tier: rng.pick(['tier1', 'tier2', 'tier3']), verified: false }, campaignLabel(id, 'naive'), 'naive');
    const r = rng.fork(`naive${i}`);
    const period = DAY / size.perAccountDay;
    env.addActor(new PeriodicActor(acc, r, period, env.start, env.end, () => contentCall(r, h.content(r), client, ip, env.models.large, acc.keys[0])));
  }
}

// ---- hydra: a pool of accounts behind proxies, load-balanced round-robin

class HydraDispatcher implements Actor {
  expected: number;
  private active: SimAccount[] = [];
  private pending: { at: number; acc: SimAccount }[];
  private next = 0;
  private rr = 0;
  private perMsPerAccount: number;

  constructor(private env: Env, private rng: Rng, private h: Harvester, accounts: { acc: SimAccount; at: number }[], perAccountDay: number, private ip: (acc: SimAccount, r: Rng) => string, private cl: Client[], private activity: Activity, private p429: number) {
    this.pending = accounts.slice().sort((a, b) => a.at - b.at);
    // rate per active account chosen so that exchanges / (accounts * days) = perAccountDay
    let accountDays = 0;
    for (const a of accounts) accountDays += Math.max(0, env.end - Math.max(env.start, a.at)) / DAY;
    const total = perAccountDay * accounts.length * env.days;
    this.expected = total;
    this.perMsPerAccount = accountDays > 0 ? total / accountDays / DAY : 0;
  }

  private admit(t: number): void {
    while (this.next < this.pending.length && this.pending[this.next].at <= t) {
      const a = this.pending[this.next++];
      // new accounts join at a random place in the rotation
      const j = this.rng.int(this.active.length + 1);
      this.active.push(a.acc);
      [this.active[j], this.active[this.active.length - 1]] = [this.active[this.active.length - 1], this.active[j]];
    }
  }

  private nextTime(t: number): number {
    for (let i = 0; i < 1000; i++) {
      this.admit(t);
      const waiting = this.next < this.pending.length ? this.pending[this.next].at : Infinity;
      if (this.active.length === 0) {
        if (waiting === Infinity) return Infinity;
        t = Math.max(t, waiting);
        continue;
      }
      const perDay = this.perMsPerAccount * DAY * this.active.length;
      const n = nextActive(this.rng, t, perDay, this.activity);
      // if accounts join before that, recompute with the larger pool
      if (waiting < n) {
        t = waiting;
        continue;
      }
      return n < this.env.end ? n : Infinity;
    }
    return Infinity;
  }

  first(): number {
    return this.nextTime(this.env.start);
  }

  step(ctx: Ctx, t: number): number {
    const rng = this.rng;
    const acc = this.active[this.rr++ % this.active.length];
    const client = rng.pick(this.cl);
    const call = contentCall(rng, this.h.content(rng), client, this.ip(acc, rng), pickModel(rng, t, this.env.models, 0.85, { at: Infinity, share: 0 }), rng.pick(acc.keys));
    if (rng.chance(this.p429)) {
      call.status = 429;
      ctx.emit(acc, t, call);
      // the same request again on the next account in the rotation, seconds later
      const other = this.active[this.rr++ % this.active.length];
      const retry: Call = { ...call, status: undefined, ip: this.ip(other, rng), key: rng.pick(other.keys) };
      ctx.emit(other, t + rng.range(300, 8000), retry);
    } else ctx.emit(acc, t, call);
    return this.nextTime(t);
  }
}

function hydra(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const n = size.accounts;
  const h = new Harvester(rng, env, { variants: rng.between(5, 60) });
  const kinds: NetKind[] = rng.pick([['residential'], ['hosting'], ['residential', 'hosting'], ['residential', 'mobile']] as NetKind[][]);
  const pool = proxyPool(rng, Math.max(4, Math.round(n * rng.range(0.2, 1.5))), Math.max(2, Math.round(n / rng.range(3, 30))), kinds);
  const ids = identityPool(rng, n);
  const cl = clients(rng, rng.between(1, 4));
  const sticky = rng.chance(0.5);
  const stickyIp = new Map<number, string>();
  const ip = (acc: SimAccount, r: Rng) => {
    if (!sticky) return r.pick(pool);
    let x = stickyIp.get(acc.idx);
    if (!x || r.chance(0.01)) {
      x = r.pick(pool);
      stickyIp.set(acc.idx, x);
    }
    return x;
  };
  // sign-up waves: bursts of accounts created within hours, some before the window, some during
  const accounts: { acc: SimAccount; at: number }[] = [];
  const waveSize = rng.between(15, 150);
  let made = 0;
  const during = rng.range(0.2, 0.6);
  while (made < n) {
    const k = Math.min(n - made, Math.max(1, Math.round(waveSize * rng.range(0.5, 1.5))));
    const waveAt = rng.chance(1 - during) ? env.start - rng.range(0.5, 30) * DAY : env.start + rng.range(0, 0.7) * (env.end - env.start);
    const c = country(rng);
    for (let i = 0; i < k; i++) {
      const created = waveAt + rng.range(0, rng.range(1, 6) * HOUR);
      const acc = env.addAccount(rng, { created, email_domain: ids.email(), payment_fingerprint: ids.card(), signup_ip: rng.pick(pool), country: rng.chance(0.7) ? c.country : country(rng).country, tier: rng.pick(['free', 'tier1', 'tier1', 'tier2']), verified: false }, campaignLabel(id, 'hydra'), 'hydra', rng.between(1, 2));
      accounts.push({ acc, at: Math.max(env.start, created + rng.range(0.1, 24) * HOUR) });
    }
    made += k;
  }
  const activity: Activity = rng.chance(0.5) ? { hours: PROFILE.flat, tz: 0, weekend: 1 } : { hours: PROFILE.waking, tz: rng.pick([8, 3, -5, 1]), weekend: rng.range(0.7, 1) };
  env.addActor(new HydraDispatcher(env, rng.fork('dispatch'), h, accounts, size.perAccountDay, ip, cl, activity, rng.range(0.005, 0.03)));
}

// ---- agentic harvest: tool-use traces in shifts

const DEV_TOOLS = ['bash', 'read_file', 'write_file', 'edit_file', 'run_tests', 'search_code', 'list_dir', 'git_diff', 'python', 'web_search', 'fetch_url', 'browser_open'];

function agenticHarvest(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const h = new Harvester(rng, env, { variants: rng.between(5, 30), targets: { code: 3, cot: 1, sweep: 1 } });
  const pool = proxyPool(rng, Math.max(4, size.accounts * 2), Math.max(2, Math.round(size.accounts / 4)), ['residential', 'mobile']);
  const ids = identityPool(rng, size.accounts);
  const cl = clients(rng, rng.between(1, 3));
  const shifts = rng.between(2, 3);
  const shiftStart = rng.int(24);
  const systems = [undefined, 'You are an autonomous coding agent. Use the tools to complete the task. Explain your reasoning before each action.', 'You are a helpful assistant with access to tools.'];
  const drawn = rng.pick(systems);
  // (its own stream, so that a world without the framework draws what it always drew)
  const fwRng = new Rng(env.seed, `framework/${id}`);
  const fw = size.framework ? pickFramework(fwRng) : null;
  const system = fw ? fw.system : drawn;
  const fwUa = fw ? fw.ua(fwRng) : null;
  const tools = env.bank.attack.tools;
  const taskSweep = new Sweep(rng.fork('tasks'), tools);
  const codeSweep = new Sweep(rng.fork('code'), env.bank.attack.code);
  const callsMean = rng.range(5, 15);
  const sessionsPerDay = size.perAccountDay / (callsMean + 1);
  for (let i = 0; i < size.accounts; i++) {
    const r = rng.fork(`agent${i}`);
    const created = env.start - r.range(1, 40) * DAY;
    const acc = env.addAccount(r, { created, email_domain: ids.email(), payment_fingerprint: ids.card(), signup_ip: r.pick(pool), country: country(r).country, tier: r.pick(['tier1', 'tier2', 'tier2', 'tier3']), verified: false }, campaignLabel(id, 'agentic_harvest'), 'agentic_harvest', 1);
    const shift = i % shifts;
    const hours = Array.from({ length: 24 }, (_, hh) => ((hh - shiftStart - shift * (24 / shifts) + 48) % 24 < 24 / shifts ? 1 : 0));
    const picked = r.pick(cl);
    const client = fwUa ? { ...picked, ua: fwUa } : picked;
    // a harvest wants traces from many tool environments: the framework's starter tools and more
    const toolsOf = (n: number): string[] => (fw ? [...fw.tools, ...r.sample(DEV_TOOLS, n)] : r.sample(DEV_TOOLS, n));
    env.addActor(new AgentActor({
      acc, rng: r, activity: { hours, tz: 0, weekend: 1 }, sessionsPerDay, callsMean, gapSec: r.range(1, 5), from: env.start, until: env.end,
      client, system, ip: () => r.pick(pool), model: () => env.models.large, maxTokens: h.maxTokens,
      task: () => {
        if (r.chance(0.5)) {
          const it = taskSweep.next();
          return { text: r.chance(0.5) ? it.text : wrap(h.style, 'sweep', it, r), lang: it.lang, tools: it.tools ?? toolsOf(r.between(3, 8)), kind: 'chat' as ResponseKind };
        }
        const it = codeSweep.next();
        return { text: wrap(h.style, 'code', it, r), lang: it.lang, tools: toolsOf(r.between(4, 9)), kind: 'code' as ResponseKind };
      },
    }));
  }
}

// ---- stealth: aged accounts that look like people

function stealth(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const h = new Harvester(rng, env, { fresh: true, targets: { cot: 4, reconstruct: 2, judge: 1, code: 1, safety: 0.3, internals: 0, sweep: 0.5 } });
  const camouflage = rng.range(0.15, 0.4);
  const tz = rng.pick([8, 3, -5, 1, 5.5]);
  const cardShare = rng.range(1, 4);
  let card = paymentFingerprint(rng);
  for (let i = 0; i < size.accounts; i++) {
    const r = rng.fork(`stealth${i}`);
    if (r.chance(1 / cardShare)) card = paymentFingerprint(r);
    const c = country(r);
    const n16 = net16(r, 'residential');
    let ip = ipIn16(r, n16);
    let ipUntil = 0;
    const acc = env.addAccount(r, { created: env.start - r.range(120, 800) * DAY, email_domain: r.chance(0.8) ? freemailDomain(r) : companyDomain(r), payment_fingerprint: card, signup_ip: ipIn16(r, n16), country: c.country, tier: r.pick(['tier1', 'tier2', 'tier2', 'tier3']), verified: r.chance(0.3) }, campaignLabel(id, 'stealth'), 'stealth', r.between(1, 2));
    const client: Client = { ua: r.chance(0.4) ? browserUserAgent(r) : sdkUserAgent(r), endpoint: endpointOf(r), stream: r.chance(0.6), temperature: r.pick([undefined, 0.7, 1]), maxTokens: r.pick([undefined, 2048, 4096]) };
    const ad = benignAdoption(r, env.releaseAt, 5, 0.3);
    env.addActor(new HumanActor({
      acc, rng: r, activity: { hours: PROFILE.waking, tz: r.chance(0.5) ? tz : c.tz, weekend: r.range(0.6, 1) }, sessionsPerDay: size.perAccountDay / 1.6, gapSec: r.range(20, 90), from: env.start, until: env.end,
      client: () => client,
      ip: (t) => {
        if (t > ipUntil) {
          ip = ipIn16(r, n16);
          ipUntil = t + r.range(3, 14) * DAY;
        }
        return ip;
      },
      model: (t) => pickModel(r, t, env.models, 0.7, ad),
      plan: () => {
        if (r.chance(camouflage)) {
          const it = pickFrom(r, env.bank.benign as Record<string, Item[]>, { chat: 3, multi: 3, search: 1 });
          return { turns: conversationTurns(r, it, 2), lang: it.lang, kind: 'chat', outMedian: 350 };
        }
        const x = h.next(r);
        // sometimes a second item in the same conversation, as a person would go on
        const turns = [x.text];
        if (r.chance(0.3)) turns.push(h.next(r).text);
        return { turns, lang: x.lang, kind: x.kind, outMedian: x.outMedian, maxTokens: client.maxTokens };
      },
    }));
  }
}

// ---- reseller: end users' chats and harvest on the same accounts

function resellerMix(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const h = new Harvester(rng, env, { variants: rng.between(3, 20) });
  const harvestShare = rng.range(0.25, 0.7);
  const system = rng.chance(0.5) ? 'You are a helpful assistant.' : rng.pick(env.bank.benign.roles).text;
  const cloud = net16(rng, rng.chance(0.5) ? 'cloud' : 'hosting');
  const egress = Array.from({ length: rng.between(2, 10) }, () => ipIn16(rng, cloud));
  const cards = Array.from({ length: rng.between(1, 3) }, () => paymentFingerprint(rng));
  const domain = companyDomain(rng);
  const cl = clients(rng, rng.between(1, 2), 0);
  const c = country(rng);
  for (let i = 0; i < size.accounts; i++) {
    const r = rng.fork(`reseller${i}`);
    const acc = env.addAccount(r, { created: env.start - r.range(5, 300) * DAY, email_domain: r.chance(0.6) ? domain : freemailDomain(r), payment_fingerprint: r.pick(cards), signup_ip: r.pick(egress), country: c.country, tier: r.pick(['tier2', 'tier3', 'tier4']), verified: r.chance(0.2) }, campaignLabel(id, 'reseller_mix'), 'reseller_mix', r.between(1, 3));
    env.addActor(new StreamActor({
      acc, rng: r, activity: { hours: PROFILE.app, tz: c.tz, weekend: 1 }, perDay: size.perAccountDay * r.range(0.5, 1.5), from: env.start, until: env.end,
      client: r.pick(cl), ip: () => r.pick(egress), model: (t) => pickModel(r, t, env.models, 0.6, { at: env.releaseAt + 2 * DAY, share: 0.5 }), p429: 0.005,
      content: (): Content => {
        if (r.chance(harvestShare)) {
          const x = h.content(r);
          if (r.chance(0.5)) x.system = system;
          return x;
        }
        const it = pickFrom(r, env.bank.benign as Record<string, Item[]>, { chat: 3, multi: 3, search: 1, code: 1 });
        const turns = conversationTurns(r, it, 2);
        return { system, turns, depth: r.int(turns.length), lang: it.lang, kind: 'chat', outMedian: 320 };
      },
    }));
  }
}

// ---- reseller slice: the harvest on its own key, range and hours inside the end users' traffic

function resellerSlice(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const h = new Harvester(rng, env, { variants: rng.between(3, 20) });
  // the harvest's share of an account: from under the share that counts for an account as a whole to a third
  const harvestShare = rng.range(0.08, 0.35);
  const system = rng.chance(0.5) ? 'You are a helpful assistant.' : rng.pick(env.bank.benign.roles).text;
  const app = net16(rng, 'cloud');
  const appEgress = Array.from({ length: rng.between(2, 8) }, () => ipIn16(rng, app));
  const op = net16(rng, rng.chance(0.5) ? 'hosting' : 'cloud');
  const opEgress = Array.from({ length: rng.between(1, 4) }, () => ipIn16(rng, op));
  // the operator's window: 4 to 10 hours of the day (UTC), its own people's night or its cheap hours
  const from = rng.int(24);
  const len = rng.between(4, 10);
  const window = Array.from({ length: 24 }, (_, hr) => ((hr - from + 24) % 24 < len ? 1 : 0));
  const cards = Array.from({ length: rng.between(1, 3) }, () => paymentFingerprint(rng));
  const domain = companyDomain(rng);
  const cl = clients(rng, rng.between(1, 2), 0);
  const c = country(rng);
  for (let i = 0; i < size.accounts; i++) {
    const r = rng.fork(`slice${i}`);
    const acc = env.addAccount(r, { created: env.start - r.range(5, 300) * DAY, email_domain: r.chance(0.6) ? domain : freemailDomain(r), payment_fingerprint: r.pick(cards), signup_ip: r.pick(appEgress), country: c.country, tier: r.pick(['tier2', 'tier3', 'tier4']), verified: r.chance(0.2) }, campaignLabel(id, 'reseller_slice'), 'reseller_slice', r.between(2, 4));
    const perDay = size.perAccountDay * r.range(0.5, 1.5);
    const client = r.pick(cl);
    const model = (t: number) => pickModel(r, t, env.models, 0.6, { at: env.releaseAt + 2 * DAY, share: 0.5 });
    // the end users: the app's keys and range, its users' day
    const users = acc.keys.slice(1);
    env.addActor(new StreamActor({
      acc, rng: r.fork('users'), activity: { hours: PROFILE.app, tz: c.tz, weekend: 1 }, perDay: perDay * (1 - harvestShare), from: env.start, until: env.end,
      client, ip: () => r.pick(appEgress), model, p429: 0.005, key: () => r.pick(users),
      content: (): Content => {
        const it = pickFrom(r, env.bank.benign as Record<string, Item[]>, { chat: 3, multi: 3, search: 1, code: 1 });
        const turns = conversationTurns(r, it, 2);
        return { system, turns, depth: r.int(turns.length), lang: it.lang, kind: 'chat', outMedian: 320 };
      },
    }));
    // the distiller: its own key and range, its own hours
    env.addActor(new StreamActor({
      acc, rng: r.fork('harvest'), activity: { hours: window, tz: 0, weekend: 1 }, perDay: perDay * harvestShare, from: env.start, until: env.end,
      client, ip: () => r.pick(opEgress), model, p429: 0.005, key: () => acc.keys[0],
      content: (): Content => {
        const x = h.content(r);
        if (r.chance(0.5)) x.system = system;
        return x;
      },
    }));
  }
}

// ---- app facade: a verified organisation's "app" whose users' turns are a capability sweep

const FACADE_PRODUCTS = ['study buddy', 'homework helper', 'coding tutor', 'research assistant', 'interview coach', 'exam prep app'];

function appFacade(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const org = orgId(rng);
  const domain = companyDomain(rng);
  const card = paymentFingerprint(rng);
  const product = rng.pick(FACADE_PRODUCTS);
  const system = `You are ${domain.split('.')[0]}'s ${product}. Be accurate and thorough, and help the user understand.`;
  const cloud = net16(rng, 'cloud');
  const egress = Array.from({ length: rng.between(1, 6) }, () => ipIn16(rng, cloud));
  const client: Client = { ua: sdkUserAgent(rng), endpoint: endpointOf(rng), stream: rng.chance(0.6), temperature: rng.pick([0.3, 0.7, 1, undefined]), maxTokens: rng.pick([2048, 4096, 8192]) };
  // items as they are (no elicitation wording) from the capability pools, long answers; some follow-ups to pass as users
  const sweeps = new Map<string, Sweep>();
  const weights = { math: rng.range(1, 4), reasoning: rng.range(0, 2), knowledge: rng.range(1, 3), code: rng.range(0, 3), instructions: rng.range(0, 2) };
  const followShare = rng.range(0, 0.3);
  const c = country(rng);
  for (let i = 0; i < size.accounts; i++) {
    const r = rng.fork(`facade${i}`);
    const acc = env.addAccount(r, { created: env.start - r.range(20, 400) * DAY, org_id: org, email_domain: domain, payment_fingerprint: card, signup_ip: egress[0], country: c.country, tier: r.pick(['tier4', 'scale']), verified: true }, campaignLabel(id, 'app_facade'), 'app_facade', r.between(1, 2));
    env.addActor(new StreamActor({
      acc, rng: r, activity: { hours: PROFILE.app, tz: c.tz, weekend: 1 }, perDay: size.perAccountDay * r.range(0.5, 1.5), from: env.start, until: env.end,
      client, ip: () => r.pick(egress), model: (t) => pickModel(r, t, env.models, 0.8, { at: env.releaseAt + DAY, share: 0.6 }), p429: 0.003,
      content: (): Content => {
        const keys = Object.keys(weights) as (keyof typeof weights)[];
        const pool = keys[r.weighted(keys.map((k) => weights[k]))];
        let s = sweeps.get(pool);
        if (!s) sweeps.set(pool, (s = new Sweep(rng.fork(pool), env.bank.attack[pool])));
        const item = s.next();
        const turns = r.chance(followShare) ? [item.text, followUp(r, item.lang)] : [item.text];
        return { system, turns, depth: turns.length - 1, lang: item.lang, kind: pool === 'code' ? 'code' : 'cot', outMedian: 700 };
      },
    }));
  }
}

// ---- eval dress: harvest in a public evaluation harness's form

/**
 * An "evaluation vendor" whose accounts send capability items in the exact
 * form of a public harness (few-shot, MMLU header, boxed answer line, …), the
 * form a benchmark run has, so the item text passes for evaluation traffic.
 * What it keeps from a harvest: it walks ever-new items every day, samples
 * each item several times at a sampling temperature (several reasoning paths
 * to keep or rank) and lets the answers run long. Parameters are drawn wide:
 * samples per item 1–4, answers 500–2,000 tokens at the median, verified or
 * not, one or several harness forms.
 */
function evalDress(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const verified = rng.chance(0.6);
  const org = verified || rng.chance(0.5) ? orgId(rng) : undefined;
  const domain = companyDomain(rng);
  const card = paymentFingerprint(rng);
  const cloud = net16(rng, 'cloud');
  const egress = Array.from({ length: rng.between(1, 8) }, () => ipIn16(rng, cloud));
  const forms = rng.sample(EVAL_TEMPLATES, rng.between(1, 3));
  const samples = rng.between(1, 4);
  const outMedian = rng.range(500, 2000);
  const client: Client = { ua: sdkUserAgent(rng), endpoint: endpointOf(rng), stream: rng.chance(0.3), temperature: rng.pick([0.6, 0.7, 0.9, 1]), maxTokens: rng.pick([4096, 8192, 16000]) };
  const weights = { math: rng.range(1, 4), reasoning: rng.range(0, 2), knowledge: rng.range(0, 3), code: rng.range(0, 2) };
  const sweeps = new Map<string, Sweep>();
  const c = country(rng);
  for (let i = 0; i < size.accounts; i++) {
    const r = rng.fork(`evaldress${i}`);
    const acc = env.addAccount(r, { created: env.start - r.range(10, 300) * DAY, org_id: org, email_domain: domain, payment_fingerprint: card, signup_ip: egress[0], country: c.country, tier: r.pick(['tier3', 'tier4', 'scale']), verified }, campaignLabel(id, 'eval_dress'), 'eval_dress', r.between(1, 3));
    const form = r.pick(forms);
    let item: Item | undefined;
    let left = 0;
    env.addActor(new StreamActor({
      acc, rng: r, activity: { hours: PROFILE.flat, tz: 0, weekend: 1 }, perDay: size.perAccountDay * r.range(0.6, 1.4), from: env.start, until: env.end,
      client, ip: () => r.pick(egress), model: () => env.models.large, p429: 0.003,
      content: (): Content => {
        if (!item || left <= 0) {
          const keys = Object.keys(weights) as (keyof typeof weights)[];
          const pool = keys[r.weighted(keys.map((k) => weights[k]))];
          let s = sweeps.get(pool);
          if (!s) sweeps.set(pool, (s = new Sweep(rng.fork(pool), env.bank.attack[pool])));
          item = s.next();
          left = samples;
        }
        left--;
        return { turns: [form(item.text)], depth: 0, lang: item.lang, kind: 'cot', outMedian, maxTokens: client.maxTokens, temperature: client.temperature };
      },
    }));
  }
}

// ---- slow drip: throwaway accounts, a few days each

function slowDrip(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const h = new Harvester(rng, env, { variants: rng.between(5, 40) });
  const pool = proxyPool(rng, size.accounts * 3, Math.max(3, Math.round(size.accounts / 2)), ['residential', 'mobile', 'hosting']);
  const cl = clients(rng, rng.between(2, 5), 0.3);
  const cards = Array.from({ length: Math.max(1, Math.round(size.accounts / rng.range(1.5, 8))) }, () => paymentFingerprint(rng));
  const span = env.end - env.start;
  for (let i = 0; i < size.accounts; i++) {
    const r = rng.fork(`drip${i}`);
    // a steady stream: account i appears at an evenly spread time, with noise
    const created = env.start + ((i + r.range(-0.5, 0.5)) / size.accounts) * span - 2 * DAY;
    const life = r.range(1, 4) * DAY;
    const from = Math.max(env.start, created + r.range(0.5, 6) * HOUR);
    const until = Math.min(env.end, from + life);
    const ip = r.pick(pool);
    const c = country(r);
    const acc = env.addAccount(r, { created, email_domain: freemailDomain(r), payment_fingerprint: r.pick(cards), signup_ip: ip, country: c.country, tier: 'free', verified: false }, campaignLabel(id, 'slow_drip'), 'slow_drip');
    const client = r.pick(cl);
    // per active day: what keeps it under per-key limits until it is thrown away
    const perDay = size.perAccountDay * r.range(0.6, 1.4);
    env.addActor(new StreamActor({
      acc, rng: r, activity: { hours: PROFILE.waking, tz: c.tz, weekend: 1 }, perDay: Math.max(5, perDay), from, until,
      client, ip: () => (r.chance(0.9) ? ip : r.pick(pool)), model: (t) => pickModel(r, t, env.models, 0.8, { at: Infinity, share: 0 }),
      content: () => h.content(r),
    }));
  }
}

// ---- model switch: the whole operation moves to the new model within a day

function modelSwitch(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const h = new Harvester(rng, env, { variants: rng.between(3, 30) });
  const pool = proxyPool(rng, Math.max(4, size.accounts), Math.max(2, Math.round(size.accounts / 8)), rng.pick([['hosting'], ['residential'], ['hosting', 'residential']] as NetKind[][]));
  const ids = identityPool(rng, size.accounts);
  const cl = clients(rng, rng.between(1, 3));
  const switchAt = env.releaseAt + rng.range(1, 20) * HOUR;
  const share = rng.range(0.8, 0.97);
  const burst = env.start - rng.range(2, 40) * DAY;
  for (let i = 0; i < size.accounts; i++) {
    const r = rng.fork(`switch${i}`);
    const acc = env.addAccount(r, { created: burst + r.range(0, 8) * HOUR, email_domain: ids.email(), payment_fingerprint: ids.card(), signup_ip: r.pick(pool), country: country(r).country, tier: r.pick(['tier1', 'tier2']), verified: false }, campaignLabel(id, 'model_switch'), 'model_switch');
    const ip = r.pick(pool);
    const at = switchAt + r.range(0, 18) * HOUR;
    env.addActor(new StreamActor({
      acc, rng: r, activity: { hours: PROFILE.flat, tz: 0, weekend: 1 }, perDay: size.perAccountDay * r.range(0.6, 1.4), from: env.start, until: env.end,
      client: r.pick(cl), ip: () => (r.chance(0.95) ? ip : r.pick(pool)), model: (t) => (t >= at && r.chance(share) ? env.models.next : env.models.large),
      content: () => h.content(r),
    }));
  }
}

// ---- logit probe: many distinct prompts, a token or a few each, the output distribution harvested

const vocabularies = new WeakMap<TextBank, string[]>();

/**
 * The words a model's next token is drawn from for a prober's prompts: the
 * words of the bank's texts, each once. Whatever the model says first to many
 * different prompts, it is many different tokens.
 */
export function vocabulary(bank: TextBank): string[] {
  let v = vocabularies.get(bank);
  if (v) return v;
  const seen = new Set<string>();
  for (const pool of [...Object.values(bank.attack), ...Object.values(bank.benign)]) {
    for (const it of pool.slice(0, 400)) {
      for (const w of it.text.split(/\s+/)) {
        const x = w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
        if (x.length >= 1 && x.length <= 14) seen.add(x);
        if (seen.size >= 6000) break;
      }
    }
  }
  v = seen.size ? [...seen] : ['the'];
  vocabularies.set(bank, v);
  return v;
}

/** Instructions a prober puts before its items (or in its system prompt), when it uses one. */
const PROBE_INSTRUCTIONS = ['Answer with a single word.', 'Reply with one token only.', 'Continue the text:', 'Answer:', 'Respond with the first word of your answer only.', 'Give only the answer, no explanation.'];

/**
 * A logit prober (Carlini et al. 2024, Finlayson et al. 2024): many distinct
 * prompts from every capability pool, each answered with one to a few tokens
 * (a tiny max_tokens, so most stop at the cap), log-probabilities asked for
 * (top 1–20), sometimes logit_bias windows moved request after request to
 * read the logits under them. Drawn wide per campaign: how many tokens, which
 * fields (and whether the provider's logger keeps them), an instruction or
 * none, pools, accounts' infrastructure, hours, volume.
 */
function logitProbe(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const n = size.accounts;
  const pool = proxyPool(rng, Math.max(4, n * 2), Math.max(2, Math.round(n / 3)), rng.pick([['hosting'], ['residential'], ['cloud'], ['residential', 'mobile']] as NetKind[][]));
  const ids = identityPool(rng, n);
  const cl = clients(rng, rng.between(1, 3), 0.05);
  const maxTokens = rng.pick([1, 1, 1, 2, 3, 4, 5]);
  const logged = rng.chance(0.6);
  const logprobs = rng.chance(0.75);
  const top = logprobs ? rng.pick([0, 1, 2, 5, 5, 10, 20]) : 0;
  const sweepBias = rng.chance(0.4);
  const biasWidth = rng.between(1, 300);
  // a bias sweep reads one prompt under several bias windows
  const perPrompt = sweepBias ? rng.between(1, 8) : 1;
  const instruction = rng.chance(0.5) ? rng.pick(PROBE_INSTRUCTIONS) : undefined;
  const inSystem = rng.chance(0.5);
  const temperature = rng.pick([0, 0, 1, undefined]);
  const attack = { math: rng.range(0, 2), reasoning: rng.range(0, 2), knowledge: rng.range(0, 3), instructions: rng.range(0.5, 3), code: rng.range(0, 2) };
  const benign = { chat: rng.range(0, 3), search: rng.range(0, 2), multi: rng.range(0, 1) };
  const sweeps = new Map<string, Sweep>();
  const words = vocabulary(env.bank);
  const activity: Activity = rng.chance(0.5) ? { hours: PROFILE.flat, tz: 0, weekend: 1 } : { hours: PROFILE.waking, tz: rng.pick([8, 3, -5, 1]), weekend: rng.range(0.7, 1) };
  const next = (r: Rng): Item => {
    const keys = [...Object.keys(attack), ...Object.keys(benign)];
    const w = [...Object.values(attack), ...Object.values(benign)];
    const k = keys[r.weighted(w)];
    const items = k in attack ? env.bank.attack[k as keyof typeof attack] : env.bank.benign[k as keyof typeof benign];
    let sw = sweeps.get(k);
    if (!sw) sweeps.set(k, (sw = new Sweep(rng.fork(k), items)));
    return sw.next();
  };
  // an isolated operation gives each account its own address, card and client: nothing for the linkage to join
  const isolated = rng.chance(0.5);
  // Half the operations spread thin: each account sends 20 to 2,000 probes over the whole world
  // (log-uniform), under any per-account volume line, and more accounts carry the rest. Drawn
  // from forks so the other campaigns' draws, and the thick operations' worlds, stay as they were.
  const thin = rng.fork('thin').chance(0.5);
  for (let i = 0; i < n; i++) {
    const r = rng.fork(`probe${i}`);
    const total = thin ? Math.exp(rng.fork(`thin${i}`).range(Math.log(20), Math.log(2000))) : 0;
    const created = r.chance(0.7) ? env.start - r.range(1, 60) * DAY : env.start + r.range(0, 0.5) * (env.end - env.start);
    const own = isolated ? [ipIn16(r, net16(r, 'residential'))] : pool;
    const acc = env.addAccount(r, { created, email_domain: isolated ? freemailDomain(r) : ids.email(), payment_fingerprint: isolated ? paymentFingerprint(r) : ids.card(), signup_ip: r.pick(own), country: country(r).country, tier: r.pick(['tier1', 'tier2', 'tier3']), verified: false }, campaignLabel(id, 'logit_probe'), 'logit_probe', r.between(1, 2));
    const client = isolated ? clients(r, 1, 0.3)[0] : r.pick(cl);
    let item: Item | undefined;
    let left = 0;
    const spread = r.range(0.5, 1.5);
    const from = Math.max(env.start, created + r.range(0.1, 12) * HOUR);
    const perDay = thin ? total / Math.max(0.5, (env.end - from) / DAY) : size.perAccountDay * spread;
    env.addActor(new StreamActor({
      acc, rng: r, activity, perDay, from, until: env.end,
      client, ip: () => r.pick(own), model: () => env.models.large, p429: 0.005,
      content: (): Content => {
        if (!item || left <= 0) {
          item = next(r);
          left = perPrompt;
        }
        left--;
        const text = instruction && !inSystem ? `${instruction}\n\n${item.text}` : item.text;
        const k = r.between(1, maxTokens);
        let answer = r.pick(words);
        for (let j = 1; j < k; j++) answer += ' ' + r.pick(words);
        let probe: ProbeFields | undefined;
        if (logged) {
          probe = {};
          if (logprobs) {
            probe.logprobs = true;
            if (top > 0) probe.topLogprobs = top;
          }
          if (sweepBias) {
            const lo = r.int(100_000);
            probe.logitBias = { count: biasWidth, min: 100, max: 100, lo, hi: lo + biasWidth - 1 };
          }
        }
        return { system: instruction && inSystem ? instruction : undefined, turns: [text], depth: 0, lang: item.lang, kind: 'short', outMedian: 4 * maxTokens, outSigma: 0.3, maxTokens, temperature, probe, answer };
      },
    }));
  }
}

// ---- reasoning probe: conversations that take a worked answer apart, step by step

const FRESH_LEADS = ['', 'Okay. ', 'Hmm, ', 'Right, ', 'Thanks. ', 'Got it. ', 'Interesting. ', 'Wait, '];
const FRESH_TAILS = ['', 'Especially where you mention {w}.', 'I mean the part with {w}.', 'Does {w} matter there?', 'And how does {w} fit in?', 'Focus on {w}.'];

/**
 * Multi-turn reasoning extraction: each conversation opens with a capability
 * item (wrapped in an elicitation or bare), and a script drives it on with
 * follow-ups that pull the worked answer apart ("explain step 2", "why
 * that", "what would change if…"), re-sending the prior answers each turn.
 * The follow-ups come from the same vocabulary people use (STEP_FOLLOWUPS);
 * what the script keeps is that nearly every conversation goes deep. Drawn
 * wide per campaign: depth fixed or spread (2–8 follow-ups), follow-up list
 * and order, machine or human pace, workers per account, hours, accounts'
 * infrastructure, how many openers carry elicitation wording.
 */
function reasoningProbe(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const h = new Harvester(rng, env, { targets: { cot: 3, reconstruct: 1, judge: 0, code: 1, safety: 0, internals: 0, sweep: 0.3 } });
  // a plain harvest keeps the elicitation words out: bare items, follow-ups without "step by step" or "reasoning"
  const plain = rng.chance(0.5);
  const wrapShare = plain ? 0 : rng.range(0, 1);
  const minFollow = rng.between(2, 4);
  const maxFollow = minFollow + (rng.chance(0.5) ? 0 : rng.between(1, 4));
  const vocab = plain ? STEP_FOLLOWUPS.filter((x) => !/step by step|reasoning/i.test(x)) : STEP_FOLLOWUPS;
  const follows = rng.sample(vocab, rng.between(5, vocab.length));
  // fresh follow-ups: each one reworded and pointed at a word of the answer (an LLM playing the user), so no stock list shows
  const fresh = rng.chance(0.5);
  const words = vocabulary(env.bank);
  const reword = (r: Rng, text: string): string => (fresh ? `${r.pick(FRESH_LEADS)}${text} ${r.pick(FRESH_TAILS).replace('{w}', () => r.pick(words))}`.trim() : text);
  const ordered = rng.chance(0.5);
  const machine = rng.chance(0.6);
  const residential = rng.chance(0.5);
  const pool = proxyPool(rng, Math.max(4, size.accounts * 2), Math.max(2, Math.round(size.accounts / 3)), residential ? ['residential', 'mobile'] : ['hosting', 'cloud']);
  const ids = identityPool(rng, size.accounts);
  const cl = clients(rng, rng.between(1, 3), machine ? 0.05 : 0.5);
  const pools = { math: rng.range(1, 4), reasoning: rng.range(0, 2), code: rng.range(0, 2), knowledge: rng.range(0, 1.5) };
  const sweeps = new Map<string, Sweep>();
  const tz = rng.pick([8, 3, -5, 1, 5.5]);
  // an isolated operation gives each account its own address, card and client: nothing for the linkage to join
  const isolated = rng.chance(0.5);
  for (let i = 0; i < size.accounts; i++) {
    const r = rng.fork(`rprobe${i}`);
    const own = isolated ? [ipIn16(r, net16(r, 'residential'))] : pool;
    const acc = env.addAccount(r, { created: env.start - r.range(2, 300) * DAY, email_domain: isolated ? freemailDomain(r) : ids.email(), payment_fingerprint: isolated ? paymentFingerprint(r) : ids.card(), signup_ip: r.pick(own), country: country(r).country, tier: r.pick(['tier1', 'tier2', 'tier2', 'tier3']), verified: r.chance(0.15) }, campaignLabel(id, 'reasoning_probe'), 'reasoning_probe', r.between(1, 2));
    const client = isolated ? clients(r, 1, machine ? 0.05 : 0.5)[0] : r.pick(cl);
    const ip = r.pick(own);
    const workers = r.between(1, 3);
    const perConversation = (minFollow + maxFollow) / 2 + 1;
    for (let w = 0; w < workers; w++) {
      const wr = r.fork(`worker${w}`);
      env.addActor(new HumanActor({
        acc, rng: wr, activity: machine ? { hours: PROFILE.flat, tz: 0, weekend: 1 } : { hours: PROFILE.waking, tz, weekend: wr.range(0.6, 1) },
        sessionsPerDay: (size.perAccountDay * wr.range(0.6, 1.4)) / perConversation / workers, gapSec: machine ? wr.range(1, 8) : wr.range(20, 90),
        from: env.start, until: env.end, client: () => client, ip: () => (wr.chance(0.9) ? ip : wr.pick(own)), model: () => env.models.large,
        plan: () => {
          let opener: string;
          let lang: string;
          if (wr.chance(wrapShare)) {
            const x = h.next(wr);
            opener = x.text;
            lang = x.lang;
          } else {
            const keys = Object.keys(pools) as (keyof typeof pools)[];
            const k = keys[wr.weighted(keys.map((x) => pools[x]))];
            let sw = sweeps.get(k);
            if (!sw) sweeps.set(k, (sw = new Sweep(rng.fork(k), env.bank.attack[k])));
            const it = sw.next();
            opener = it.text;
            lang = it.lang;
          }
          const depth = wr.between(minFollow, maxFollow);
          const turns = [opener];
          for (let d = 1; d <= depth; d++) turns.push(reword(wr, stepFollowUp(wr, ordered ? d : wr.between(1, 5), follows)));
          return { turns, lang, kind: 'cot' as ResponseKind, outMedian: wr.range(300, 900), maxTokens: client.maxTokens };
        },
      }));
    }
  }
}

// ---- crowd cover: a small operation that signs up inside an event crowd

/**
 * A small operation hiding in a hackathon, workshop or lab: its accounts sign
 * up in the crowd's hour from the venue's address, run the crowd's framework
 * (its system prompt, starter tools and client) and harvest through it with
 * the operation's own wording, so every key a fleet shares at sign-up is the
 * crowd's. What it cannot hide is its own harvest: what it asks, how much, how
 * (tool-use traces over many tool sets, wrapped capability items), and what it
 * pays with. Drawn wide per operation: the crowd it joins (12–80 attendees,
 * its kind), 3–30 accounts (never more than the size a scenario allows), the
 * volume per account (half to twenty times an attendee's sessions), around the
 * clock or on the crowd's hours, whether it goes on after the event from its
 * own proxies, and whether its accounts share payment cards. An operation at
 * an attendee's volume on the crowd's hours that shares no card is not told
 * apart from the crowd by its ties, only by what each account asks.
 */
function crowdCover(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  // the crowd it hides in, built here so that every world of this strategy has one
  const crowd = planEventCrowd(env, rng.fork('crowd'));
  addAttendees(env, rng.fork('attendees'), crowd);
  const fw = crowd.framework;
  const n = rng.between(3, Math.max(3, Math.min(30, size.accounts)));
  const h = new Harvester(rng, env, { variants: rng.between(3, 30), targets: { code: rng.range(1, 4), cot: rng.range(1, 4), sweep: rng.range(0, 2), reconstruct: rng.range(0, 1), judge: rng.range(0, 1) } });
  // an attendee runs 6–10 sessions a day at the median; the operation half to ten times that
  const perDay = (crowd.kind === 'hackathon' ? 10 : 6) * Math.exp(rng.range(Math.log(0.5), Math.log(10))) * Math.min(1, size.perAccountDay / 60);
  const flat = rng.chance(0.5);
  const hours = flat ? PROFILE.flat : crowd.hours;
  const after = crowd.endsAt < env.end && rng.chance(0.7);
  const pool = proxyPool(rng, Math.max(4, n * 2), Math.max(2, Math.round(n / 3)), rng.pick([['residential'], ['hosting'], ['residential', 'mobile']] as NetKind[][]));
  const sharedCards = rng.chance(0.5);
  const cards = Array.from({ length: Math.max(1, Math.round(n / rng.range(3, 10))) }, () => paymentFingerprint(rng));
  // share of sessions that are tool tasks (traces), the rest wrapped capability items
  const toolShare = rng.range(0.2, 0.8);
  const taskSweep = new Sweep(rng.fork('tasks'), env.bank.attack.tools);
  const callsMean = rng.range(2, 8);
  for (let i = 0; i < n; i++) {
    const r = rng.fork(`cover${i}`);
    const acc = env.addAccount(r, {
      created: crowd.startsAt - r.range(0, 1) * HOUR, email_domain: freemailDomain(r),
      payment_fingerprint: sharedCards ? r.pick(cards) : r.chance(0.4) ? paymentFingerprint(r) : undefined,
      signup_ip: r.pick(crowd.venueIps), country: crowd.country.country, tier: 'free', verified: false,
    }, campaignLabel(id, 'crowd_cover'), 'crowd_cover');
    const client: Client = { ua: fw.ua(r), endpoint: r.chance(0.7) ? 'chat.completions' : 'messages', stream: r.chance(0.4) };
    const task = () => {
      if (r.chance(toolShare)) {
        const it = taskSweep.next();
        return { text: r.chance(0.5) ? it.text : wrap(h.style, 'sweep', it, r), lang: it.lang, tools: [...fw.tools, ...r.sample(DEV_TOOLS, r.between(1, 6))], kind: 'chat' as ResponseKind };
      }
      const x = h.next(r);
      return { text: x.text, lang: x.lang, tools: [...fw.tools], kind: x.kind };
    };
    const own = r.pick(pool);
    const rate = perDay * r.range(0.6, 1.4);
    env.addActor(new AgentActor({
      acc, rng: r.fork('event'), activity: { hours, tz: crowd.country.tz, weekend: 1 }, sessionsPerDay: rate, callsMean, gapSec: r.range(1, 6),
      from: crowd.startsAt, until: Math.min(env.end, crowd.endsAt), client, system: fw.system, ip: () => r.pick(crowd.venueIps), model: () => crowd.model, task, maxTokens: h.maxTokens,
    }));
    if (after) {
      env.addActor(new AgentActor({
        acc, rng: r.fork('after'), activity: { hours, tz: crowd.country.tz, weekend: 1 }, sessionsPerDay: rate, callsMean, gapSec: r.range(1, 6),
        from: crowd.endsAt, until: env.end, client, system: fw.system, ip: () => (r.chance(0.8) ? own : r.pick(pool)), model: () => crowd.model, task, maxTokens: h.maxTokens,
      }));
    }
  }
}

// ---- one harvest split across apparent organisations

/**
 * An operation that enrols each part of its fleet in an organisation of its
 * own, so that each part is one customer and no key crosses parts: its own
 * company domain and one or two cards, its own cloud range, its own SDK and
 * endpoint, its own system prompt (or none), temperature and answer budget,
 * its own time zone. What the parts share is the harvest: one queue of plain
 * items (instructions, knowledge, reasoning and code pools, no wrapper: a
 * plain-answer sweep) from which every account takes the next item, so no
 * item is asked twice across the whole operation, and full answers back.
 */
function orgSplit(env: Env, rng: Rng, size: CampaignSize): void {
  const id = campaignId(rng);
  const parts = Math.min(size.accounts, rng.between(3, 6));
  const a = env.bank.attack;
  const pools = { instructions: new Sweep(rng.fork('q-instructions'), a.instructions), knowledge: new Sweep(rng.fork('q-knowledge'), a.knowledge), reasoning: new Sweep(rng.fork('q-reasoning'), a.reasoning), code: new Sweep(rng.fork('q-code'), a.code) };
  const names = Object.keys(pools) as (keyof typeof pools)[];
  const mix = names.map(() => rng.range(0.5, 3));
  const orgs = Array.from({ length: parts }, (_, k) => {
    const r = rng.fork(`part${k}`);
    const c = country(r);
    const range = net16(r, r.pick(['cloud', 'hosting'] as NetKind[]));
    return {
      org: orgId(r),
      domain: companyDomain(r),
      cards: Array.from({ length: r.between(1, 2) }, () => paymentFingerprint(r)),
      egress: Array.from({ length: r.between(2, 8) }, () => ipIn16(r, range)),
      client: { ua: sdkUserAgent(r), endpoint: endpointOf(r), stream: r.chance(0.4), temperature: r.pick([undefined, 0.3, 0.7, 1]), maxTokens: r.pick([undefined, 2048, 4096, 8192]) } as Client,
      system: r.chance(0.3) ? undefined : r.pick(env.bank.benign.roles).text,
      tz: c.tz,
      country: c.country,
      verified: r.chance(0.3),
    };
  });
  for (let i = 0; i < size.accounts; i++) {
    const o = orgs[i % parts];
    const r = rng.fork(`orgsplit${i}`);
    const acc = env.addAccount(r, { created: env.start - r.range(20, 300) * DAY, org_id: o.org, email_domain: o.domain, payment_fingerprint: r.pick(o.cards), signup_ip: r.pick(o.egress), country: o.country, tier: r.pick(['tier2', 'tier3']), verified: o.verified }, campaignLabel(id, 'org_split'), 'org_split', r.between(1, 2));
    env.addActor(new StreamActor({
      acc, rng: r, activity: { hours: PROFILE.app, tz: o.tz, weekend: 1 }, perDay: size.perAccountDay * r.range(0.6, 1.4), from: env.start, until: env.end,
      client: o.client, ip: () => r.pick(o.egress), model: (t) => pickModel(r, t, env.models, 0.8, { at: env.releaseAt + 3 * DAY, share: 0.4 }), p429: 0.004,
      content: (): Content => {
        const item = pools[names[r.weighted(mix)]].next();
        return { system: o.system, turns: [item.text], depth: 0, lang: item.lang, kind: 'chat', outMedian: r.range(450, 900), maxTokens: o.client.maxTokens, temperature: o.client.temperature };
      },
    }));
  }
}

export const STRATEGY_BUILDERS: Record<Strategy, (env: Env, rng: Rng, size: CampaignSize) => void> = {
  naive,
  hydra,
  agentic_harvest: agenticHarvest,
  stealth,
  reseller_mix: resellerMix,
  slow_drip: slowDrip,
  model_switch: modelSwitch,
  reseller_slice: resellerSlice,
  app_facade: appFacade,
  eval_dress: evalDress,
  logit_probe: logitProbe,
  reasoning_probe: reasoningProbe,
  crowd_cover: crowdCover,
  org_split: orgSplit,
  chain_resend: (env, rng, size) => resendHarvest('chain', 'chain_resend', env, rng, size),
  tool_resend: (env, rng, size) => resendHarvest('tools', 'tool_resend', env, rng, size),
  judge_resend: (env, rng, size) => resendHarvest('judge', 'judge_resend', env, rng, size),
  logit_resend: (env, rng, size) => resendHarvest('logit', 'logit_resend', env, rng, size),
};


/** The re-sending harvests of the `resend` scenario (src/simulate/resend.ts). */
export const RESEND_STRATEGIES: readonly Strategy[] = ['chain_resend', 'tool_resend', 'judge_resend', 'logit_resend'];
