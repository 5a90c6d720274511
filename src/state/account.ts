/**
 * Bounded per-account state: everything the engine remembers about one account.
 * Its size is fixed (a few hundred bytes plus a capped evidence sample) whatever
 * the number of the account's exchanges: counters, running moments, sketches.
 */
import type { AccountRecord, Exchange, Reason, VerdictKind } from '../contract/types.js';
import { INTENT_NAMES, TOPIC_BUCKETS, type ExchangeFeatures } from '../features/types.js';
import { CappedSet, HeavyHitters, HyperLogLog, popcount32 } from './sketches.js';
import { Slab } from './slab.js';

/** An exchange kept as evidence: a short excerpt and what fired on it. */
export interface EvidenceSample {
  ts: string;
  excerpt: string;
  intents: string[];
}

export const EVIDENCE_SAMPLES = 5;
const RECENT_SIMHASHES = 16;
/** slots of AccountState's numbers in its Float64Array */
const F_FIRST = 0, F_LAST = 1, F_GAP_MEAN = 2, F_GAP_M2 = 3, F_SCORE = 4, F_LOCAL = 5, F_FLAGGED = 6, F_LINK = 7;
const F64_FIELDS = 8;
/** bytes of an account's typed arrays (see the constructor; a test checks it is exact) */
export const ACCOUNT_SLAB_BYTES = 8 * (F64_FIELDS + INTENT_NAMES.length) + 4 * (24 + TOPIC_BUCKETS + 2 * RECENT_SIMHASHES + 2 * 4 + 2 * 3) + (1 << 7) + (1 << 5);
/** an intent at or above this score counts the exchange as harvest-like */
export const INTENT_ON = 0.5;

/** Client libraries and tools rather than people at a browser or an app. */
const CLIENT_LIBRARY = /(python-requests|python\/|httpx|aiohttp|openai\/python|openai-python|anthropic\/python|anthropic-python|axios|node-fetch|undici|got\/|okhttp|go-http-client|curl\/|wget|java\/|libcurl|rest-client|langchain|litellm|llama[-_]?index|dspy|openai\/js|anthropic\/js|stainless|postman|insomnia)/i;

/**
 * A flat copy of `s` that keeps nothing else alive: V8 keeps the parent of a
 * sliced string and every piece of a concatenated one.
 */
export function standalone(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

export class AccountState {
  readonly id: string;
  n = 0;
  // Numbers that are not small integers live in the account's buffer, not in
  // fields: V8 keeps a double field as a separate heap object, so each was one
  // more object per account and one more memory load on every exchange.
  private readonly f64: Float64Array;
  get firstMs(): number { return this.f64[F_FIRST]; }
  set firstMs(v: number) { this.f64[F_FIRST] = v; }
  get lastMs(): number { return this.f64[F_LAST]; }
  set lastMs(v: number) { this.f64[F_LAST] = v; }

  // timing
  gaps = 0;
  /** running mean / M2 (Welford) of log10(gap seconds) */
  get gapMean(): number { return this.f64[F_GAP_MEAN]; }
  set gapMean(v: number) { this.f64[F_GAP_MEAN] = v; }
  get gapM2(): number { return this.f64[F_GAP_M2]; }
  set gapM2(v: number) { this.f64[F_GAP_M2] = v; }
  /** gaps under 2 seconds (bursts) */
  fastGaps = 0;
  readonly hours: Uint32Array;
  /** distinct UTC days with activity */
  days = 0;
  private lastDay = -1;

  // content
  readonly intentSum: Float64Array;
  /** exchanges where at least one extraction intent fired */
  harvest = 0;
  /** exchanges that ask for written-out reasoning or grading (the costly part to harvest) */
  reasoningHarvest = 0;
  /** of those, the ones where only the system prompt asks for it */
  reasoningFromSystem = 0;
  readonly topicCounts: Uint32Array;
  readonly prompts: HyperLogLog;
  readonly skeletons: HeavyHitters;
  readonly systems: HeavyHitters;
  /** exchanges whose prompt was within a small Hamming distance of a recent one: returning to the same need */
  nearRepeats = 0;
  /** the last RECENT_SIMHASHES prompt SimHashes as (hi, lo) pairs */
  private readonly recent: Uint32Array;
  private recentN = 0;
  readonly langs = new CappedSet(8);

  // conversation shape
  singleTurn = 0;
  userTurnsSum = 0;
  toolTurnsSum = 0;
  withSystem = 0;

  // token economics
  inputTokens = 0;
  outputTokens = 0;
  hitCap = 0;
  maxTokensSet = 0;
  maxTokensSum = 0;
  toolsOffered = 0;
  toolCalls = 0;

  // clients and network
  clientLib = 0;
  withUa = 0;
  readonly userAgents = new CappedSet(8);
  readonly ips: HyperLogLog;
  readonly models = new CappedSet(8);
  rateLimited = 0;
  errors = 0;
  temperatureZero = 0;

  // account table
  record?: AccountRecord;

  // verdict state
  get score(): number { return this.f64[F_SCORE]; }
  set score(v: number) { this.f64[F_SCORE] = v; }
  /** the per-account part of the score, before campaign evidence */
  get localScore(): number { return this.f64[F_LOCAL]; }
  set localScore(v: number) { this.f64[F_LOCAL] = v; }
  verdict: VerdictKind = 'allow';
  flaggedAt: string | null = null;
  get flaggedAtMs(): number { return this.f64[F_FLAGGED]; }
  set flaggedAtMs(v: number) { this.f64[F_FLAGGED] = v; }
  campaignId: string | null = null;
  /** reasons given by the cross-account sweep (campaign membership) */
  linkReasons: Reason[] = [];
  get linkScore(): number { return this.f64[F_LINK]; }
  set linkScore(v: number) { this.f64[F_LINK] = v; }

  /** the cross-account linkage's handle on this account (opaque here; saves a lookup per exchange) */
  linkSlot: unknown = undefined;

  readonly evidence: EvidenceSample[] = [];
  private evidenceSeen = 0;

  constructor(id: string) {
    this.id = id;
    // every fixed-size array of the account in one buffer, widest elements first
    const slab = new Slab(ACCOUNT_SLAB_BYTES);
    this.f64 = slab.f64(F64_FIELDS);
    this.intentSum = slab.f64(INTENT_NAMES.length);
    this.hours = slab.u32(24);
    this.topicCounts = slab.u32(TOPIC_BUCKETS);
    this.recent = slab.u32(2 * RECENT_SIMHASHES);
    this.skeletons = new HeavyHitters(4, slab);
    this.systems = new HeavyHitters(3, slab);
    this.prompts = new HyperLogLog(7, slab);
    this.ips = new HyperLogLog(5, slab);
    if (slab.used !== slab.bytes) throw new Error(`AccountState: ACCOUNT_SLAB_BYTES is ${slab.bytes}, the arrays take ${slab.used}`);
  }

  /** Folds one exchange into the state. */
  update(ex: Exchange, f: ExchangeFeatures): void {
    const t = ex.tsMs;
    if (this.n === 0) this.firstMs = t;
    else {
      const gapS = Math.max(0.001, (t - this.lastMs) / 1000);
      if (gapS < 2) this.fastGaps++;
      const x = Math.log10(gapS);
      this.gaps++;
      const d = x - this.gapMean;
      this.gapMean += d / this.gaps;
      this.gapM2 += d * (x - this.gapMean);
    }
    if (t > this.lastMs) this.lastMs = t;
    this.n++;
    const day = Math.floor(t / 86_400_000);
    if (day !== this.lastDay) {
      this.days++;
      this.lastDay = day;
    }
    this.hours[Math.floor(t / 3_600_000) % 24]++;

    const it = f.intent;
    const s = this.intentSum;
    s[0] += it.cot; s[1] += it.reconstruct; s[2] += it.judge; s[3] += it.safetyRewrite; s[4] += it.agentic; s[5] += it.benchmark; s[6] += it.internals;
    const reasoning = Math.max(it.cot, it.reconstruct, it.judge, it.safetyRewrite, it.internals);
    if (reasoning >= INTENT_ON) {
      this.reasoningHarvest++;
      if (f.reasoningFromSystemOnly) this.reasoningFromSystem++;
    }
    if (reasoning >= INTENT_ON || it.agentic >= INTENT_ON || it.benchmark >= INTENT_ON) this.harvest++;
    this.topicCounts[f.topic % TOPIC_BUCKETS]++;
    this.prompts.add(f.promptHash);
    if (f.skeletonHash) this.skeletons.add(f.skeletonHash);
    if (f.systemHash) {
      this.systems.add(f.systemHash);
      this.withSystem++;
    }
    this.noteNearRepeat(f.simHi, f.simLo);
    this.langs.add(f.lang);

    if (f.userTurns <= 1 && f.toolTurns === 0) this.singleTurn++;
    this.userTurnsSum += f.userTurns;
    this.toolTurnsSum += f.toolTurns;

    this.inputTokens += f.inputTokens;
    this.outputTokens += f.outputTokens;
    if (f.hitCap) this.hitCap++;
    if (f.maxTokens > 0) {
      this.maxTokensSet++;
      this.maxTokensSum += f.maxTokens;
    }
    this.toolsOffered += f.toolsOffered > 0 ? 1 : 0;
    this.toolCalls += f.toolCalls;
    if (ex.request?.temperature === 0) this.temperatureZero++;

    const ua = ex.user_agent;
    if (ua) {
      this.withUa++;
      this.userAgents.add(ua.length > 200 ? ua.slice(0, 200) : ua);
      if (CLIENT_LIBRARY.test(ua)) this.clientLib++;
    }
    if (ex.ip) this.ips.add(hashIp(ex.ip));
    if (ex.model) this.models.add(ex.model);
    if (ex.status === 429) this.rateLimited++;
    else if (ex.status !== undefined && ex.status >= 400) this.errors++;
  }

  private noteNearRepeat(hi: number, lo: number): void {
    const k = Math.min(this.recentN, RECENT_SIMHASHES);
    for (let i = 0; i < k; i++) {
      const d = popcount32(this.recent[2 * i] ^ hi) + popcount32(this.recent[2 * i + 1] ^ lo);
      if (d <= 6) {
        this.nearRepeats++;
        break;
      }
    }
    const slot = this.recentN % RECENT_SIMHASHES;
    this.recent[2 * slot] = hi;
    this.recent[2 * slot + 1] = lo;
    this.recentN++;
  }

  /**
   * Keeps a bounded evidence sample: harvest-like exchanges are preferred, and
   * among them a reservoir sample (Vitter's algorithm R) so that evidence spans
   * the account's whole life rather than its first minutes.
   */
  /**
   * Offers the exchange as an evidence sample. `excerptOf` is called only when
   * the sample is kept and must return a string that stands alone: one that
   * came from a worker thread does; one cut from the prompt in this thread
   * must be copied flat first (`standalone`), or it would pin the whole prompt.
   */
  offerEvidence(ex: Exchange, f: ExchangeFeatures, excerpt: () => string, rand: () => number): void {
    const intents: string[] = [];
    const it = f.intent as unknown as Record<string, number>;
    for (const name of INTENT_NAMES) if (it[name] >= INTENT_ON) intents.push(name);
    const harvestLike = intents.length > 0;
    const ev = this.evidence;
    if (!harvestLike) {
      if (ev.length < EVIDENCE_SAMPLES && this.evidenceSeen === 0) ev.push({ ts: ex.ts, excerpt: excerpt(), intents });
      return;
    }
    // drop plain samples as soon as harvest-like ones arrive
    if (this.evidenceSeen === 0 && ev.length) ev.length = 0;
    this.evidenceSeen++;
    if (ev.length < EVIDENCE_SAMPLES) ev.push({ ts: ex.ts, excerpt: excerpt(), intents });
    else {
      const j = Math.floor(rand() * this.evidenceSeen);
      if (j < EVIDENCE_SAMPLES) ev[j] = { ts: ex.ts, excerpt: excerpt(), intents };
    }
  }

  // ---- derived views, cheap enough to call on every evaluation ----

  intentMean(i: number): number {
    return this.n ? this.intentSum[i] / this.n : 0;
  }
  harvestShare(): number {
    return this.n ? this.harvest / this.n : 0;
  }
  reasoningShare(): number {
    return this.n ? this.reasoningHarvest / this.n : 0;
  }
  singleTurnShare(): number {
    return this.n ? this.singleTurn / this.n : 0;
  }
  /** standard deviation of log10 inter-arrival seconds: low = machine-regular */
  gapSpread(): number {
    return this.gaps > 1 ? Math.sqrt(this.gapM2 / (this.gaps - 1)) : NaN;
  }
  /** share of the day's 24 UTC hours with activity (weighted by entropy) */
  hourEntropy(): number {
    let total = 0;
    for (let h = 0; h < 24; h++) total += this.hours[h];
    if (!total) return 0;
    let e = 0;
    for (let h = 0; h < 24; h++) {
      const p = this.hours[h] / total;
      if (p > 0) e -= p * Math.log2(p);
    }
    return e / Math.log2(24);
  }
  distinctTopics(): number {
    let k = 0;
    for (let i = 0; i < this.topicCounts.length; i++) if (this.topicCounts[i] > 0) k++;
    return k;
  }
  /** normalised entropy of the topic distribution */
  topicEntropy(): number {
    if (!this.n) return 0;
    let e = 0;
    for (let i = 0; i < this.topicCounts.length; i++) {
      const p = this.topicCounts[i] / this.n;
      if (p > 0) e -= p * Math.log2(p);
    }
    return e / Math.log2(TOPIC_BUCKETS);
  }
  distinctPromptShare(): number {
    return this.n ? Math.min(1, this.prompts.count() / this.n) : 0;
  }
  nearRepeatShare(): number {
    return this.n > 1 ? this.nearRepeats / (this.n - 1) : 0;
  }
  /** share of exchanges from the most common prompt template */
  templateShare(): number {
    return this.n ? this.skeletons.topCount() / this.n : 0;
  }
  systemShare(): number {
    return this.n ? this.systems.topCount() / this.n : 0;
  }
  clientLibShare(): number {
    return this.withUa ? this.clientLib / this.withUa : 0;
  }
  outputInputRatio(): number {
    return this.inputTokens ? this.outputTokens / this.inputTokens : 0;
  }
  meanOutputTokens(): number {
    return this.n ? this.outputTokens / this.n : 0;
  }
  /** coefficient of variation of inter-arrival gaps, from the log-gap spread (log-normal approximation) */
  gapCv(): number {
    const sd = this.gapSpread();
    if (Number.isNaN(sd)) return NaN;
    const sl = sd * Math.LN10;
    return Math.sqrt(Math.max(0, Math.exp(sl * sl) - 1));
  }
  activeHours(): number {
    let k = 0;
    for (let h = 0; h < 24; h++) if (this.hours[h] > 0) k++;
    return k;
  }
  exchangesPerActiveDay(): number {
    return this.days ? this.n / this.days : 0;
  }
}

function hashIp(ip: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < ip.length; i++) {
    h ^= ip.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
