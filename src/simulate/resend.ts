/**
 * Harvests that re-send their items at temperature 0, as evaluation re-runs
 * do: a reasoning chain whose turns are each sent to several models, tool-use
 * traces replayed on several models, a grader harvest (judge prompts over many
 * answers) sent to several graders, logit probes read under several bias
 * windows. What each keeps from a harvest is that it walks new items for as
 * long as it runs; what it borrows from an evaluation is temperature 0, the
 * repeats, and a modest item count per account (each account stops at an item
 * cap drawn under a few thousand).
 *
 * Drawn wide per campaign: how many copies of an item (2–4, or only some items
 * re-sent), whether the copies follow the first send at once (the next model
 * right after) or in batches (a batch of units on one model, then the same
 * batch on the next: a run-like shape whose items still move on), the models,
 * volume, hours, and shared or isolated infrastructure.
 */
import type { Actor } from './actor.js';
import { historyOf, stepFollowUp, STEP_FOLLOWUPS, Sweep } from './actor.js';
import type { Env } from './actor.js';
import { freemailDomain, ipIn16, net16, nextActive, paymentFingerprint, PROFILE, proxyPool, country, sdkUserAgent, type Activity, type NetKind } from './infra.js';
import type { Call, Client, Ctx, Msg, ProbeFields, SimAccount } from './kit.js';
import { clip, HISTORY_CAP } from './kit.js';
import type { Rng } from './rng.js';
import type { Item } from './text/bank.js';
import { responseText, type ResponseKind } from './text/responses.js';

const DAY = 86_400_000;

/** The forms of a re-sending harvest, one strategy each. */
export type ResendForm = 'chain' | 'tools' | 'judge' | 'logit';

/** A request of a unit, before the model, address and key are chosen. */
type Req = Omit<Call, 'ip' | 'model' | 'client' | 'key' | 'outTokens'> & { outMedian: number; outSigma?: number };

/** How a campaign re-sends: copies per unit, which units, and whether copies come at once or per batch. */
interface Resend {
  copies: number;
  /** share of units re-sent at all (the rest sent once) */
  share: number;
  /** units per batch: 1 = each copy right after the first send; more = the batch again on the next model */
  batch: number;
  models: string[];
}

/**
 * Sends units (a conversation, a trace, one prompt) with their copies, as a
 * re-sending harvest does, until the account's item cap: a unit's requests
 * are consecutive; `batch` units go on one model before the same units go on
 * the next.
 */
class ResendActor implements Actor {
  expected: number;
  private queue: { req: Req; model: string }[] = [];
  private qi = 0;
  private items = 0;
  constructor(private o: {
    acc: SimAccount; rng: Rng; activity: Activity; unitsPerDay: number; unitLen: number; from: number; until: number; client: Client;
    ip: () => string; unit: () => Req[]; resend: Resend; itemCap: number; gapSec: number;
  }) {
    const days = (o.until - o.from) / DAY;
    const perUnit = o.unitLen * (1 + o.resend.share * (o.resend.copies - 1));
    this.expected = Math.min(o.unitsPerDay * days, o.itemCap / o.unitLen) * perUnit;
  }
  first(): number {
    const n = nextActive(this.o.rng, this.o.from, this.o.unitsPerDay / this.o.resend.batch, this.o.activity);
    return n < this.o.until ? n : Infinity;
  }
  private refill(): void {
    const { rng, resend } = this.o;
    const units: { reqs: Req[]; copies: number }[] = [];
    for (let b = 0; b < resend.batch; b++) {
      const reqs = this.o.unit();
      this.items += reqs.length;
      units.push({ reqs, copies: rng.chance(resend.share) ? resend.copies : 1 });
    }
    this.queue = [];
    this.qi = 0;
    const first = rng.int(resend.models.length);
    const modelOf = (c: number) => resend.models[(first + c) % resend.models.length];
    if (resend.batch === 1) {
      // each request to every model in turn before the next request: the chain grows on all of them
      const u = units[0];
      for (const req of u.reqs) for (let c = 0; c < u.copies; c++) this.queue.push({ req, model: modelOf(c) });
      return;
    }
    for (let c = 0; c < resend.copies; c++) {
      for (const u of units) if (c < u.copies) for (const req of u.reqs) this.queue.push({ req, model: modelOf(c) });
    }
  }
  step(ctx: Ctx, t: number): number {
    const o = this.o;
    const rng = o.rng;
    if (this.qi >= this.queue.length) this.refill();
    const { req, model } = this.queue[this.qi++];
    const { outMedian, outSigma, ...rest } = req;
    ctx.emit(o.acc, t, { ...rest, ip: o.ip(), model, client: o.client, key: rng.pick(o.acc.keys), outTokens: rng.lognormal(outMedian, outSigma ?? 0.55) });
    if (this.qi < this.queue.length) return t + 1000 * rng.lognormal(o.gapSec, 0.6);
    if (this.items >= o.itemCap) return Infinity;
    const n = nextActive(rng, t + 30_000, o.unitsPerDay / o.resend.batch, o.activity);
    return n < o.until ? n : Infinity;
  }
}

const GRADER_RUBRICS = [
  'Rate the response from 1 to 10 for correctness and helpfulness. Explain your rating, then give the score as [[N]].',
  'You are grading a model output. Is the answer correct? Give your reasoning, then a verdict: CORRECT or INCORRECT.',
  'Score the answer on accuracy, completeness and clarity (1-5 each) with a one-line justification for each.',
  'Compare the response with what a careful expert would write. List its errors, then give an overall grade A-F.',
];
const DEV_TOOLS = ['bash', 'read_file', 'write_file', 'edit_file', 'run_tests', 'search_code', 'list_dir', 'git_diff', 'python', 'web_search', 'fetch_url', 'browser_open'];
const TOOL_SYSTEMS = [undefined, 'You are an autonomous coding agent. Use the tools to complete the task.', 'You are a helpful assistant with access to tools. Think before each action.'];
const LOGIT_INSTRUCTIONS = ['Answer with a single word.', 'Reply with one token only.', 'Continue the text:', 'Answer:', 'Give only the answer, no explanation.'];

/** One re-sending harvest campaign of `form`. */
export function resendHarvest(form: ResendForm, strategy: string, env: Env, rng: Rng, size: { accounts: number; perAccountDay: number }): void {
  const id = `cmp_${rng.b32(10)}`;
  const n = size.accounts;
  const models = [env.models.large, env.models.small, env.models.next];
  const resend: Resend = {
    copies: rng.between(2, 4),
    share: rng.chance(0.5) ? 1 : rng.range(0.5, 1),
    batch: rng.chance(0.5) ? 1 : rng.between(20, 200),
    models: rng.chance(0.3) ? [env.models.large] : rng.sample(models, rng.between(2, 3)),
  };
  const isolated = rng.chance(0.5);
  const pool = proxyPool(rng, Math.max(4, n * 2), Math.max(2, Math.round(n / 3)), rng.pick([['residential', 'mobile'], ['hosting'], ['cloud']] as NetKind[][]));
  const cards = Array.from({ length: Math.max(1, Math.round(n / rng.range(3, 20))) }, () => paymentFingerprint(rng));
  const ua = sdkUserAgent(rng);
  const endpoint = rng.pick(['chat.completions', 'messages'] as const);
  const flat = rng.chance(0.6);
  const tz = rng.pick([8, 3, -5, 1, 5.5]);
  // the item cap per account: a few hundred to just under the few thousand an evaluation suite may hold
  const capLo = rng.range(300, 1500);
  const sweeps = new Map<string, Sweep>();
  const pools = { math: rng.range(1, 4), reasoning: rng.range(0, 2), knowledge: rng.range(0, 2), code: rng.range(0, 2), instructions: rng.range(0, 2) };
  const nextItem = (r: Rng): Item => {
    const keys = Object.keys(pools) as (keyof typeof pools)[];
    const k = keys[r.weighted(keys.map((x) => pools[x]))];
    let s = sweeps.get(k);
    if (!s) sweeps.set(k, (s = new Sweep(rng.fork(k), env.bank.attack[k])));
    return s.next();
  };
  const chain = { min: rng.between(2, 4), spread: rng.between(0, 4), follows: rng.sample(STEP_FOLLOWUPS, rng.between(5, STEP_FOLLOWUPS.length)) };
  const tools = { sweep: new Sweep(rng.fork('tasks'), env.bank.attack.tools), poolShare: rng.range(0.2, 0.6), calls: rng.range(3, 10), system: rng.pick(TOOL_SYSTEMS) };
  const judge = { rubric: rng.sample(GRADER_RUBRICS, rng.between(1, 2)), answerLen: rng.range(80, 500), pair: rng.chance(0.4) };
  const logit = { maxTokens: rng.pick([1, 1, 2, 3, 5]), top: rng.pick([0, 1, 5, 20]), bias: rng.chance(0.5), instruction: rng.chance(0.6) ? rng.pick(LOGIT_INSTRUCTIONS) : undefined };

  const unitOf = (r: Rng): (() => Req[]) => {
    switch (form) {
      case 'chain':
        return () => {
          const it = nextItem(r);
          const depth = r.between(chain.min, chain.min + chain.spread);
          const turns = [it.text];
          for (let d = 1; d <= depth; d++) turns.push(stepFollowUp(r, d, chain.follows));
          return turns.map((text, d): Req => ({ history: d ? historyOf(r, turns, d, 'cot', it.lang) : undefined, last: { role: 'user', content: text }, lang: it.lang, kind: 'cot', outMedian: r.range(300, 900) }));
        };
      case 'tools':
        return () => {
          // tasks from the tool-use pool and, for breadth, capability items set as agent tasks
          const it = r.chance(tools.poolShare) ? tools.sweep.next() : nextItem(r);
          const offered = it.tools ?? r.sample(DEV_TOOLS, r.between(3, 8));
          const calls = r.geometric(tools.calls) + 1;
          const out: Req[] = [];
          const msgs: Msg[] = [];
          for (let c = 0; c < calls; c++) {
            const final = c === calls - 1;
            const last: Msg = c === 0 ? { role: 'user', content: it.text } : { role: 'tool', content: responseText(r, r.chance(0.5) ? 'code' : 'search', it.lang, 80 + r.int(200), 400) };
            out.push({ system: tools.system, history: msgs.length ? [...msgs] : undefined, last, lang: it.lang, tools: offered, kind: final ? 'code' : 'tool', outMedian: final ? 500 : 120, toolCalls: final ? 0 : 1 });
            msgs.push({ role: last.role, content: clip(last.content, HISTORY_CAP) });
            msgs.push({ role: 'assistant', content: final ? responseText(r, 'code', it.lang, 200, HISTORY_CAP) : `[tool_use ${r.pick(offered)}] {"id": "call_${r.b32(8)}"}` });
            if (msgs.length > 12) msgs.splice(0, msgs.length - 12);
          }
          return out;
        };
      case 'judge':
        return () => {
          const it = nextItem(r);
          const a = responseText(r, 'cot', it.lang, judge.answerLen, 2000);
          const text = judge.pair
            ? `[Question]\n${it.text}\n\n[Response A]\n${a}\n\n[Response B]\n${responseText(r, 'cot', it.lang, judge.answerLen, 2000)}\n\n${r.pick(judge.rubric)} Output [[A]] or [[B]].`
            : `[Question]\n${it.text}\n\n[Response]\n${a}\n\n${r.pick(judge.rubric)}`;
          return [{ last: { role: 'user', content: text }, lang: it.lang, kind: 'judge', outMedian: r.range(150, 600) }];
        };
      case 'logit':
        return () => {
          const it = nextItem(r);
          const text = logit.instruction ? `${logit.instruction}\n\n${it.text}` : it.text;
          const probe: ProbeFields = { logprobs: true };
          if (logit.top > 0) probe.topLogprobs = logit.top;
          if (logit.bias) {
            const lo = r.int(100_000);
            probe.logitBias = { count: 50, min: 100, max: 100, lo, hi: lo + 49 };
          }
          return [{ last: { role: 'user', content: text }, lang: it.lang, kind: 'short', outMedian: 4 * logit.maxTokens, outSigma: 0.3, maxTokens: logit.maxTokens, probe }];
        };
    }
  };
  const unitLen = form === 'chain' ? 1 + chain.min + chain.spread / 2 : form === 'tools' ? tools.calls + 1 : 1;
  for (let i = 0; i < n; i++) {
    const r = rng.fork(`resend${i}`);
    const own = isolated ? [ipIn16(r, net16(r, 'residential'))] : pool;
    const acc = env.addAccount(r, {
      created: env.start - r.range(1, 200) * DAY, email_domain: freemailDomain(r), payment_fingerprint: isolated ? paymentFingerprint(r) : r.pick(cards),
      signup_ip: r.pick(own), country: country(r).country, tier: r.pick(['tier1', 'tier2', 'tier3']), verified: r.chance(0.1),
    }, { label: 'campaign', campaign_id: id, persona: strategy }, strategy, r.between(1, 2));
    const client: Client = { ua: isolated ? sdkUserAgent(r) : ua, endpoint, stream: false, temperature: 0, maxTokens: form === 'logit' ? logit.maxTokens : r.pick([2048, 4096, 8192]) };
    const activity: Activity = flat ? { hours: PROFILE.flat, tz: 0, weekend: 1 } : { hours: PROFILE.waking, tz, weekend: r.range(0.6, 1) };
    const requestsPerDay = size.perAccountDay * r.range(0.5, 1.5);
    const perUnit = unitLen * (1 + resend.share * (resend.copies - 1));
    const unitsPerDay = requestsPerDay / perUnit;
    // a batch is at most a day's units, so that every account sends within the world
    const batched = { ...resend, batch: Math.max(1, Math.min(resend.batch, Math.floor(unitsPerDay))) };
    env.addActor(new ResendActor({
      acc, rng: r, activity, unitsPerDay, unitLen, from: env.start, until: env.end, client,
      ip: () => r.pick(own), unit: unitOf(r), resend: batched, itemCap: capLo * r.range(0.8, 2), gapSec: r.range(0.5, 6),
    }));
  }
}
