/**
 * Bounded per-account state: everything the engine remembers about one account.
 * Its size is fixed (a few hundred bytes plus a capped evidence sample) whatever
 * the number of the account's exchanges: counters, running moments, sketches.
 */
import type { AccountRecord, Exchange, Reason, VerdictKind } from '../contract/types.js';
import { INTENT_NAMES, TOPIC_BUCKETS, carriesContent, type ExchangeFeatures } from '../features/types.js';
import { hhAdd, hhTopCount, hllAdd, hllCount, hllInit, popcount32 } from './sketches.js';
import { Slab } from './slab.js';
import { keyedDraw } from '../util/random.js';
import { intentModelOn } from '../features/intent-model/index.js';
import { EVAL_ANSWER_TOKENS } from '../features/harness.js';
import { INTENT_ON } from '../features/types.js';
import { Pacing } from './pacing.js';
import { FOLLOW_WORDS, FollowUp, followUpCount, followUpTexts, isFollowUp, noteFollowUp, stockShare } from './followups.js';

/** An exchange kept as evidence: a short excerpt and what fired on it. */
export interface EvidenceSample {
  readonly ts: string;
  readonly excerpt: string;
  readonly intents: string[];
}

/**
 * A kept sample holds the intents that fired as bits and names them when read:
 * a list of names per sample was two more heap objects per sample, and at
 * 100k accounts the samples are most of what an account keeps alive.
 */
class KeptSample implements EvidenceSample {
  constructor(readonly ts: string, readonly excerpt: string, private readonly fired: number) {}
  get intents(): string[] {
    return intentNames(this.fired);
  }
}

/** No campaign reasons: shared by every account not in a campaign (never mutated, only replaced). */
export const NO_REASONS: readonly Reason[] = Object.freeze([]);

export const EVIDENCE_SAMPLES = 5;
/**
 * Share of an agent's traffic its one system prompt must cover, and share of
 * its reasoning requests that must come from that prompt alone, for it to
 * read as an agent built once (`agentConfigured`). Why 0.8: a developer's
 * project keeps its framework's prompt on nearly every call, with a few
 * calls made without it while debugging; every event-crowd account of our
 * simulator sits at 0.8 or above, a tool-use harvest that writes its
 * instruction into the user turns sits far below on the second share.
 * Evaded by a fleet with one system prompt that carries its whole
 * instruction and one fixed toolset (see `agentConfigured`); falsely
 * discounts nothing that flags, as it only takes evidence away.
 */
export const AGENT_SYSTEM_SHARE = 0.8;
/** Tool requests from which a product's one toolset is judged as a share (90%), not as "one so far" (see `productTools`). */
const PRODUCT_TOOL_REQUESTS = 10;
export const AGENT_SYSTEM_REASONING = 0.8;
const RECENT_SIMHASHES = 16;
/*
 * An account's numbers sit in three runs of one slab (float64, uint32, uint8)
 * at fixed offsets, read through views its chunk shares with ~1,000 other
 * accounts, rather than one view per array and one object per sketch: at 100k
 * accounts those ~13 views and objects took ~0.7 KiB an account, more than
 * the numbers, and every one was copied by the young-generation collector
 * when the account was new and traced by every full collection after
 * (measured with heap snapshots and --trace-gc-nvp; see docs/benchmarks.md).
 */
/** Float64Array slots: scalar numbers, then the intent sums, then the prompt HyperLogLog's running sum and zero count */
const F_FIRST = 0, F_LAST = 1, F_GAP_MEAN = 2, F_GAP_M2 = 3, F_SCORE = 4, F_LOCAL = 5, F_FLAGGED = 6, F_LINK = 7, F_MODEL = 8;
const F_INTENT = 9;
const F_PROMPTS = F_INTENT + INTENT_NAMES.length;
const F64_LEN = F_PROMPTS + 2;
/** Uint32Array slots: hours of the day, topics, recent SimHashes, the heavy-hitter sketches, the follow-up tally, the item sample */
const U_HOURS = 0;
const U_TOPICS = U_HOURS + 24;
const U_RECENT = U_TOPICS + TOPIC_BUCKETS;
const SKELETON_K = 4, SYSTEM_K = 3, TOOLSET_K = 2;
const U_SKELETONS = U_RECENT + 2 * RECENT_SIMHASHES;
const U_SYSTEMS = U_SKELETONS + 2 * SKELETON_K;
const U_TOOLSETS = U_SYSTEMS + 2 * SYSTEM_K;
const U_FOLLOW = U_TOOLSETS + 2 * TOOLSET_K;
/**
 * A uniform sample of the account's distinct prompts (bottom-k: the
 * ITEM_SAMPLE smallest prompt hashes), each with the exchange count at its
 * first and its last send and its sends: (hash, first, last, sends).
 */
const ITEM_SAMPLE = 16;
const U_ITEMS = U_FOLLOW + FOLLOW_WORDS;
const U32_LEN = U_ITEMS + 4 * ITEM_SAMPLE;
/** Uint8Array: the prompt HyperLogLog's 2^PROMPT_P registers */
const PROMPT_P = 7;
const U8_LEN = 1 << PROMPT_P;
/** bytes of an account's typed arrays (see the constructor; a test checks it is exact) */
export const ACCOUNT_SLAB_BYTES = 8 * F64_LEN + 4 * U32_LEN + U8_LEN;
export { INTENT_ON } from '../features/types.js';

/** Client libraries and tools rather than people at a browser or an app. */
const CLIENT_LIBRARY = /(python-requests|python\/|httpx|aiohttp|openai\/python|openai-python|anthropic\/python|anthropic-python|axios|node-fetch|undici|got\/|okhttp|go-http-client|curl\/|wget|java\/|libcurl|rest-client|langchain|litellm|llama[-_]?index|dspy|openai\/js|anthropic\/js|stainless|postman|insomnia)/i;

/**
 * A flat copy of `s` that keeps nothing else alive: V8 keeps the parent of a
 * sliced string and every piece of a concatenated one.
 */
export function standalone(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** The names of the intents whose bits are set in `fired` (bit i = INTENT_NAMES[i]). */
function intentNames(fired: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < INTENT_NAMES.length; i++) if (fired & (1 << i)) out.push(INTENT_NAMES[i]);
  return out;
}

/**
 * What makes an account's traffic evaluation re-runs (`evalReruns`).
 * - minExchanges: a run or two of a suite before it is read.
 * - minTemperatureZero: nearly every request deterministic (evaluations pin
 *   temperature 0 to compare models; a harvest that samples an item several
 *   times for variety, as `eval_dress` does, sends a temperature).
 * - minRerunShare: at least this share of its prompts repeat one it sent
 *   before (the same item on another model or build); a sweep's items are
 *   distinct. Its own prompts in full, so two researchers on one public suite
 *   do not make each other's repeats.
 * - maxItems: distinct prompts at most: public suites are bounded, a harvest
 *   is broad. Above it the account is judged as any other.
 * Those four describe a harvest that re-sends its items at temperature 0
 * just as well (to several models, the next turn of a chain, a trace's next
 * round, a bias window), so the re-runs must also read as a closed suite run
 * again (`walksNewItems` says which of the two below refuses it):
 * - maxMultiTurnShare: an evaluation suite is mostly single-turn questions;
 *   a reasoning chain re-sends its prior turns and a tool trace its task with
 *   each round. Why 0.5: every CI pipeline and researcher of our simulator
 *   is single-turn throughout (their product tests too), the chain and
 *   trace harvests are 9–24% single-turn. Falsely refuses an evaluator of
 *   multi-turn or agent suites (MT-Bench, SWE-bench, tau-bench re-runs),
 *   which is then judged on its traffic like any account, not flagged by it.
 * - minRevisits: how long its items keep coming back (`itemRevisits`, over a
 *   bounded sample of its items). A suite is run again and again, so the
 *   items of its first runs are re-sent up to its latest (near 1); a harvest
 *   re-sends an item right after its first send (the next model, a
 *   resample) or within a batch, then walks on to new items (near 0), and
 *   its coverage grows for as long as it runs. Why 0.4: CI pipelines and
 *   researchers of our simulator sit at 0.4–1, most above 0.6 (the few
 *   below picked among several suites and have run one only once so far,
 *   or ran a full suite once beside a small slice); re-sending harvests at
 *   0–0.45, most under 0.3. The sample is 16 items, so an account near the
 *   line may read on either side. Falsely refuses a researcher who moves on
 *   from a suite for good once it has run it on a few models (then judged
 *   like any account); a harvest whose batches are a large part of its
 *   account's life reads above it.
 * Evaded by a harvest that spreads its breadth across accounts so that each
 * account sends one closed batch of items again and again (a suite's shape
 * exactly; it then pays the copies for nothing new per account, and fleet
 * ties, a card or retry hops, must join the accounts), and by one that walks
 * new items single-turn only in whole-batch passes while starting a fresh
 * batch rarely. Falsely clears nothing by itself: it only keeps such an
 * account out of a campaign it is tied to by what a crowd of evaluators
 * shares (src/engine/coordinator.ts `attach`) and halves its content.
 */
export const EVAL_RERUN = { minExchanges: 60, minTemperatureZero: 0.9, minRerunShare: 0.3, maxItems: 3000, maxMultiTurnShare: 0.5, minRevisits: 0.4 } as const;

export class AccountState {
  readonly id: string;
  n = 0;
  // Numbers that are not small integers live in the account's buffer, not in
  // fields: V8 keeps a double field as a separate heap object, so each was one
  // more object per account and one more memory load on every exchange.
  // The three arrays are views shared with the other accounts of the same
  // chunk (src/state/slab.ts); this account's part starts at fo, uo and bo.
  private readonly f64: Float64Array;
  private readonly u32: Uint32Array;
  private readonly u8: Uint8Array;
  private readonly fo: number;
  private readonly uo: number;
  private readonly bo: number;
  get firstMs(): number { return this.f64[this.fo + F_FIRST]; }
  set firstMs(v: number) { this.f64[this.fo + F_FIRST] = v; }
  get lastMs(): number { return this.f64[this.fo + F_LAST]; }
  set lastMs(v: number) { this.f64[this.fo + F_LAST] = v; }

  // timing
  gaps = 0;
  /** running mean / M2 (Welford) of log10(gap seconds) */
  get gapMean(): number { return this.f64[this.fo + F_GAP_MEAN]; }
  set gapMean(v: number) { this.f64[this.fo + F_GAP_MEAN] = v; }
  get gapM2(): number { return this.f64[this.fo + F_GAP_M2]; }
  set gapM2(v: number) { this.f64[this.fo + F_GAP_M2] = v; }
  /** gaps under 2 seconds (bursts) */
  fastGaps = 0;
  /** exchanges per UTC hour of the day (a view made on each call; for reports) */
  get hours(): Uint32Array {
    return this.u32.subarray(this.uo + U_HOURS, this.uo + U_HOURS + 24);
  }
  /** distinct UTC days with activity */
  days = 0;
  private lastDay = -1;

  // content
  /** exchanges where at least one extraction intent fired */
  harvest = 0;
  /** exchanges that ask for written-out reasoning or grading (the costly part to harvest) */
  reasoningHarvest = 0;
  /** of those, the ones where only the system prompt asks for it */
  reasoningFromSystem = 0;
  /** harvest exchanges in the form of a public evaluation harness (src/features/harness.ts) */
  evalHarvest = 0;
  /** output tokens of those that report usage, and how many report it (their mean answer length) */
  evalOutputTokens = 0;
  evalWithOutput = 0;
  /** harvest exchanges whose only extraction intent is tool use (see `productTools`) */
  agenticOnly = 0;
  /** harvest exchanges whose only extraction intents are tool use and a reasoning instruction in the system prompt alone (see `agentConfigured`) */
  configOnly = 0;
  /**
   * Exchanges the fitted text model (`ExchangeFeatures.intentModel`) reads as
   * harvest at its threshold while no lexicon intent fired: wording the
   * lexicons never listed. Counted apart so that only the content detector
   * weighs them (src/detectors/content).
   */
  modelHarvest = 0;
  /** exchanges the text model reads as harvest while no reasoning / grading intent of the lexicon fired (the same caveats) */
  modelReasoning = 0;
  /** exchanges whose prompt was within a small Hamming distance of a recent one: returning to the same need */
  nearRepeats = 0;
  /** exchanges that carried request content (`carriesContent`; a log may keep none) */
  withText = 0;
  /** how many prompt SimHashes were noted (the last RECENT_SIMHASHES are kept as (hi, lo) pairs) */
  private recentN = 0;
  /** prompts held in the item sample (up to ITEM_SAMPLE), and the slot of the largest hash once it is full */
  private sampled = 0;
  private sampleMax = 0;

  // conversation shape
  /** pauses before follow-ups against the answers' lengths; made on the first follow-up */
  pacing: Pacing | undefined = undefined;
  singleTurn = 0;
  userTurnsSum = 0;
  toolTurnsSum = 0;
  withSystem = 0;

  // token economics
  inputTokens = 0;
  outputTokens = 0;
  /** exchanges whose usage reports output tokens (the mean over them is an account's answer length) */
  withOutput = 0;
  hitCap = 0;
  maxTokensSet = 0;
  maxTokensSum = 0;
  toolsOffered = 0;
  toolCalls = 0;

  // clients and network
  clientLib = 0;
  withUa = 0;
  rateLimited = 0;
  errors = 0;
  temperatureZero = 0;

  // account table
  record?: AccountRecord;

  // verdict state
  get score(): number { return this.f64[this.fo + F_SCORE]; }
  set score(v: number) { this.f64[this.fo + F_SCORE] = v; }
  /** the per-account part of the score, before campaign evidence */
  get localScore(): number { return this.f64[this.fo + F_LOCAL]; }
  set localScore(v: number) { this.f64[this.fo + F_LOCAL] = v; }
  verdict: VerdictKind = 'allow';
  flaggedAt: string | null = null;
  get flaggedAtMs(): number { return this.f64[this.fo + F_FLAGGED]; }
  set flaggedAtMs(v: number) { this.f64[this.fo + F_FLAGGED] = v; }
  campaignId: string | null = null;
  /**
   * Campaign evidence alone sends it to review, never to block: its campaign is
   * one organisation's seats, or it joined its campaign by resemblance only
   * (see the engine's evaluate).
   */
  campaignReviewOnly = false;
  /** the campaign signature the account last matched (src/signatures); it speaks while `linkReasons` are that match's */
  signatureId: string | null = null;
  /** why a flag that rested on a campaign was lifted, when one was (see the engine's `lift`) */
  lifted: Reason | null = null;
  /** the fitted model's probability at the last evaluation where it cleared the rules' review (AccountModel.clears); -1 never */
  clearedBy = -1;
  /** reasons given by the cross-account sweep (campaign membership) */
  linkReasons: readonly Reason[] = NO_REASONS;
  get linkScore(): number { return this.f64[this.fo + F_LINK]; }
  set linkScore(v: number) { this.f64[this.fo + F_LINK] = v; }
  /** the highest calibrated probability the fitted account model (src/model) gave it so far */
  get modelScore(): number { return this.f64[this.fo + F_MODEL]; }
  set modelScore(v: number) { this.f64[this.fo + F_MODEL] = v; }

  /** the cross-account linkage's handle on this account (opaque here; saves a lookup per exchange) */
  linkSlot: unknown = undefined;
  /** the account's place in the campaign signatures' key holdings (src/signatures; -1 before its first exchange there) */
  sigSlot = -1;

  readonly evidence: EvidenceSample[] = [];
  private evidenceSeen = 0;

  constructor(id: string) {
    this.id = id;
    // every fixed-size array of the account in one buffer, widest elements first
    const slab = new Slab(ACCOUNT_SLAB_BYTES);
    this.fo = slab.f64(F64_LEN);
    this.uo = slab.u32(U32_LEN);
    this.bo = slab.u8(U8_LEN);
    this.f64 = slab.views.f64;
    this.u32 = slab.views.u32;
    this.u8 = slab.views.u8;
    hllInit(PROMPT_P, this.f64, this.fo + F_PROMPTS);
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
    const u = this.u32;
    const uo = this.uo;
    u[uo + U_HOURS + (Math.floor(t / 3_600_000) % 24)]++;

    const it = f.intent;
    const s = this.f64;
    const fi = this.fo + F_INTENT;
    s[fi] += it.cot; s[fi + 1] += it.reconstruct; s[fi + 2] += it.judge; s[fi + 3] += it.safetyRewrite;
    s[fi + 4] += it.agentic; s[fi + 5] += it.benchmark; s[fi + 6] += it.internals; s[fi + 7] += it.datagen;
    const reasoning = Math.max(it.cot, it.reconstruct, it.judge, it.safetyRewrite, it.internals);
    if (reasoning >= INTENT_ON) {
      this.reasoningHarvest++;
      if (f.reasoningFromSystemOnly) this.reasoningFromSystem++;
    }
    const lexHarvest = reasoning >= INTENT_ON || it.agentic >= INTENT_ON || it.benchmark >= INTENT_ON || it.datagen >= INTENT_ON;
    if (lexHarvest) {
      this.harvest++;
      if (f.evalHarness) {
        this.evalHarvest++;
        if (f.outputTokens > 0) {
          this.evalOutputTokens += f.outputTokens;
          this.evalWithOutput++;
        }
      }
      if (reasoning < INTENT_ON && it.benchmark < INTENT_ON && it.datagen < INTENT_ON) this.agenticOnly++;
      if ((reasoning < INTENT_ON || f.reasoningFromSystemOnly) && it.benchmark < INTENT_ON && it.datagen < INTENT_ON) this.configOnly++;
    }
    // a harness-format request is a benchmark run, whatever the model reads in it
    if (reasoning < INTENT_ON && !f.evalHarness && (f.intentModel ?? 0) >= intentModelOn()) {
      this.modelReasoning++;
      if (!lexHarvest) this.modelHarvest++;
    }
    if (f.toolsetHash) hhAdd(u, uo + U_TOOLSETS, 2 * TOOLSET_K, f.toolsetHash);
    u[uo + U_TOPICS + (f.topic % TOPIC_BUCKETS)]++;
    hllAdd(this.u8, this.bo, PROMPT_P, s, this.fo + F_PROMPTS, f.promptHash);
    this.noteItems(f.promptHash >>> 0);
    if (carriesContent(f)) this.withText++;
    if (f.skeletonHash) hhAdd(u, uo + U_SKELETONS, 2 * SKELETON_K, f.skeletonHash);
    if (f.systemHash) {
      hhAdd(u, uo + U_SYSTEMS, 2 * SYSTEM_K, f.systemHash);
      this.withSystem++;
    }
    this.noteNearRepeat(f.simHi, f.simLo);

    if (f.userTurns <= 1 && f.toolTurns === 0) this.singleTurn++;
    else if (isFollowUp(f.userTurns, f.toolTurns)) {
      // by template skeleton, so "Go on!" and "go on 🙂" are the stock "Go on." with noise added
      // (punctuation is dropped there; case, spacing, zero-width characters, homoglyphs and
      // markup are normalised away before); a counter ("Go on (7)") makes one second variant
      const h = f.skeletonHash || f.promptHash;
      if (h) noteFollowUp(u, uo + U_FOLLOW, h >>> 0);
      if (f.threadBefore) (this.pacing ??= new Pacing()).followUp(f.threadBefore, t);
    }
    // from its first follow-up on, the account remembers when its answers ended (src/state/pacing.ts)
    if (this.pacing && f.threadAfter && typeof ex.latency_ms === 'number' && (ex.status === undefined || ex.status === 200)) this.pacing.answered(f.threadAfter, t + ex.latency_ms, f.outputTokens, Math.max(reasoning, it.benchmark, it.datagen) >= INTENT_ON);
    this.userTurnsSum += f.userTurns;
    this.toolTurnsSum += f.toolTurns;

    this.inputTokens += f.inputTokens;
    this.outputTokens += f.outputTokens;
    if (f.outputTokens > 0) this.withOutput++;
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
      if (CLIENT_LIBRARY.test(ua)) this.clientLib++;
    }
    if (ex.status === 429) this.rateLimited++;
    else if (ex.status !== undefined && ex.status >= 400) this.errors++;
  }

  /**
   * Keeps the item sample (bottom-k of the prompt hashes) with each sampled
   * prompt's first and last send. A prompt evicted for a smaller hash never
   * comes back (its hash stays above the sample's largest), so a sampled
   * prompt's first send is its first. Most exchanges stop at one comparison
   * once the sample is full. Called after `n` is counted.
   */
  private noteItems(h: number): void {
    if (h === 0) return;
    const u = this.u32;
    const at = this.uo + U_ITEMS;
    const full = this.sampled === ITEM_SAMPLE;
    if (full && h > u[at + 4 * this.sampleMax]) return;
    for (let i = 0; i < this.sampled; i++) {
      if (u[at + 4 * i] === h) {
        u[at + 4 * i + 2] = this.n;
        u[at + 4 * i + 3]++;
        return;
      }
    }
    const slot = full ? this.sampleMax : this.sampled++;
    u[at + 4 * slot] = h;
    u[at + 4 * slot + 1] = this.n;
    u[at + 4 * slot + 2] = this.n;
    u[at + 4 * slot + 3] = 1;
    if (this.sampled === ITEM_SAMPLE) {
      let m = 0;
      for (let i = 1; i < ITEM_SAMPLE; i++) if (u[at + 4 * i] > u[at + 4 * m]) m = i;
      this.sampleMax = m;
    }
  }

  private noteNearRepeat(hi: number, lo: number): void {
    const r = this.u32;
    const at = this.uo + U_RECENT;
    const k = Math.min(this.recentN, RECENT_SIMHASHES);
    for (let i = 0; i < k; i++) {
      const d = popcount32(r[at + 2 * i] ^ hi) + popcount32(r[at + 2 * i + 1] ^ lo);
      if (d <= 6) {
        this.nearRepeats++;
        break;
      }
    }
    const slot = this.recentN % RECENT_SIMHASHES;
    r[at + 2 * slot] = hi;
    r[at + 2 * slot + 1] = lo;
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
   * The reservoir's draws are the account's own (`keyedDraw` of its id under
   * `seed`), so the sample does not depend on other accounts' traffic.
   */
  offerEvidence(ex: Exchange, f: ExchangeFeatures, excerpt: () => string, seed: number): void {
    // The intents that fired, as bits in INTENT_NAMES order (keep the two in step): named reads, and the
    // list of names is built only for a sample that is kept (most exchanges are not).
    const it = f.intent;
    const fired =
      (it.cot >= INTENT_ON ? 1 : 0) | (it.reconstruct >= INTENT_ON ? 2 : 0) | (it.judge >= INTENT_ON ? 4 : 0) |
      (it.safetyRewrite >= INTENT_ON ? 8 : 0) | (it.agentic >= INTENT_ON ? 16 : 0) | (it.benchmark >= INTENT_ON ? 32 : 0) |
      (it.internals >= INTENT_ON ? 64 : 0) | (it.datagen >= INTENT_ON ? 128 : 0);
    const ev = this.evidence;
    if (fired === 0) {
      if (ev.length < EVIDENCE_SAMPLES && this.evidenceSeen === 0) ev.push(new KeptSample(ex.ts, excerpt(), 0));
      return;
    }
    // drop plain samples as soon as harvest-like ones arrive
    if (this.evidenceSeen === 0 && ev.length) ev.length = 0;
    this.evidenceSeen++;
    if (ev.length < EVIDENCE_SAMPLES) ev.push(new KeptSample(ex.ts, excerpt(), fired));
    else {
      // the account's own stream of draws (its id, its count), whatever other accounts sent in between
      const j = Math.floor(keyedDraw(this.id, this.evidenceSeen, seed) * this.evidenceSeen);
      if (j < EVIDENCE_SAMPLES) ev[j] = new KeptSample(ex.ts, excerpt(), fired);
    }
  }

  // ---- derived views, cheap enough to call on every evaluation ----

  intentMean(i: number): number {
    return this.n ? this.f64[this.fo + F_INTENT + i] / this.n : 0;
  }
  harvestShare(): number {
    return this.n ? this.harvestCount() / this.n : 0;
  }
  /**
   * Exchanges that harvest. The tool-use traces of an account that offers one
   * fixed toolset (`productTools`) are its product at work, not a harvest of
   * tool use, and do not count.
   */
  harvestCount(): number {
    if (!this.productTools()) return this.harvest;
    return this.agentConfigured() ? this.harvest - this.configOnly : this.harvest - this.agenticOnly;
  }
  /**
   * Whether the account is an agent built once: one toolset (`productTools`)
   * and one system prompt on `AGENT_SYSTEM_SHARE` of its traffic, which is
   * where `AGENT_SYSTEM_REASONING` of its reasoning requests come from. That is
   * what every project started from a popular agent framework sends (its
   * default system prompt tells the model to work step by step, its starter
   * tools are offered on every call): the exchanges whose only extraction
   * intents are that instruction and the tools are the agent at work, and
   * do not count as harvest. A hackathon's attendees on one framework read as
   * 100% harvest without this and each was flagged on its own traffic. Evaded
   * by a harvester that runs one fixed harness and puts its whole instruction
   * in the system prompt, asking plain tasks in the user turns: it must then be
   * caught as a plain-answer sweep, by its volume and by the linkage. It flags
   * no one, as it only takes evidence away.
   */
  agentConfigured(): boolean {
    return this.reasoningHarvest > 0 && this.reasoningFromSystem >= AGENT_SYSTEM_REASONING * this.reasoningHarvest && this.systemShare() >= AGENT_SYSTEM_SHARE;
  }
  /**
   * Whether the account offers one toolset in 90% or more of the exchanges that
   * offer tools, over ten of them or more: a product or an internal assistant
   * with its tools configured once. A harvest of tool use wants traces from many
   * tool environments: the red team's agentic campaigns offered their most
   * common toolset in 10–28% of exchanges and our simulator's in 2–6%, while
   * every product account of both (company assistants, app back ends, agentic
   * products) offered one toolset always. Evaded by a harvester replaying one
   * fixed harness, whose traces then count as use and which must be caught by
   * its other content, volume and linkage; it flags no one, as it only takes
   * evidence away.
   *
   * Before its tenth tool request an account that has offered one toolset
   * only is read the same way: its first agent task (a few calls with one
   * toolset) says nothing yet about whether it varies its tools, and a
   * hackathon's attendees were tied into a campaign on their first hour, as
   * 100% harvest, and kept in it. A harvest of tool use shows its second
   * toolset with its second task. Evaded by throwaway accounts that each run
   * one toolset for fewer than ten tool requests: their tool-use traces do
   * not count, and they must be caught by their wording, volume and linkage.
   */
  productTools(): boolean {
    if (this.toolsOffered === 0) return false;
    const top = hhTopCount(this.u32, this.uo + U_TOOLSETS, 2 * TOOLSET_K);
    return this.toolsOffered >= PRODUCT_TOOL_REQUESTS ? top >= 0.9 * this.toolsOffered : top >= this.toolsOffered;
  }
  /**
   * Whether half or more of the account's harvest has the form of a public
   * evaluation harness (src/features/harness.ts) and is answered at an
   * evaluation's length: a benchmark run. Answers that run long (at least
   * EVAL_ANSWER_TOKENS on average, over 20 or more) are kept, not scored: a
   * harvest in a harness's dress.
   */
  evalShaped(): boolean {
    return this.harvest > 0 && this.evalHarvest >= 0.5 * this.harvest && !this.evalAnswersLong();
  }
  /** Whether the harness-form harvest's answers average EVAL_ANSWER_TOKENS or more (over 20 answers or more). */
  evalAnswersLong(): boolean {
    return this.evalWithOutput >= 20 && this.evalOutputTokens >= EVAL_ANSWER_TOKENS * this.evalWithOutput;
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
    const u = this.u32;
    const at = this.uo + U_HOURS;
    let total = 0;
    for (let h = 0; h < 24; h++) total += u[at + h];
    if (!total) return 0;
    let e = 0;
    for (let h = 0; h < 24; h++) {
      const p = u[at + h] / total;
      if (p > 0) e -= p * Math.log2(p);
    }
    return e / Math.log2(24);
  }
  distinctTopics(): number {
    let k = 0;
    for (let i = 0; i < TOPIC_BUCKETS; i++) if (this.u32[this.uo + U_TOPICS + i] > 0) k++;
    return k;
  }
  /** the account's exchanges per topic bucket (a view, TOPIC_BUCKETS long; read it, do not keep it) */
  topicCounts(): Uint32Array {
    return this.u32.subarray(this.uo + U_TOPICS, this.uo + U_TOPICS + TOPIC_BUCKETS);
  }
  /** normalised entropy of the topic distribution */
  topicEntropy(): number {
    if (!this.n) return 0;
    let e = 0;
    for (let i = 0; i < TOPIC_BUCKETS; i++) {
      const p = this.u32[this.uo + U_TOPICS + i] / this.n;
      if (p > 0) e -= p * Math.log2(p);
    }
    return e / Math.log2(TOPIC_BUCKETS);
  }
  /** share of exchanges that carried prompt text */
  textShare(): number {
    return this.n ? this.withText / this.n : 0;
  }
  distinctPromptShare(): number {
    return this.n ? Math.min(1, hllCount(PROMPT_P, this.f64, this.fo + F_PROMPTS) / this.n) : 0;
  }
  nearRepeatShare(): number {
    return this.n > 1 ? this.nearRepeats / (this.n - 1) : 0;
  }
  /** share of exchanges from the most common prompt template */
  templateShare(): number {
    return this.n ? hhTopCount(this.u32, this.uo + U_SKELETONS, 2 * SKELETON_K) / this.n : 0;
  }
  systemShare(): number {
    return this.n ? hhTopCount(this.u32, this.uo + U_SYSTEMS, 2 * SYSTEM_K) / this.n : 0;
  }
  /**
   * Whether its traffic is evaluation runs: the same closed item set sent
   * again and again (on several models, on every build) at temperature 0. A
   * distiller takes each answer once, or re-sends it only while it walks on to
   * new items (`walksNewItems`); a researcher comparing models and a CI
   * pipeline checking builds re-run one suite. See EVAL_RERUN.
   */
  evalReruns(): boolean {
    if (this.n < EVAL_RERUN.minExchanges || this.temperatureZero < EVAL_RERUN.minTemperatureZero * this.n) return false;
    const distinct = this.distinctPromptShare();
    if (1 - distinct < EVAL_RERUN.minRerunShare || distinct * this.n > EVAL_RERUN.maxItems) return false;
    return this.walksNewItems() === null;
  }
  /**
   * Which sign of a harvest its repeats show, if any (EVAL_RERUN says why
   * each): 'multi_turn' (chains or traces re-sending prior turns) or
   * 'resamples' (each item's copies come soon after its first send, and it
   * moves on); null when they read as a closed suite run again.
   */
  walksNewItems(): 'multi_turn' | 'resamples' | null {
    if (this.n === 0) return null;
    if (1 - this.singleTurnShare() > EVAL_RERUN.maxMultiTurnShare) return 'multi_turn';
    const r = this.itemRevisits();
    if (!Number.isNaN(r) && r < EVAL_RERUN.minRevisits) return 'resamples';
    return null;
  }
  /**
   * How long its items keep coming back: over the sampled prompts first sent
   * in the first half of its life, the mean of (last send − first send) over
   * (now − first send), in exchanges, each prompt weighted by its sends (so
   * that a regression slice run on every build outweighs a full suite run
   * once). A suite run again and again re-sends its first items up to its
   * latest run (near 1); a harvest's copies of an item follow its first send
   * within a batch and stop (near 0). NaN when no sampled prompt is that old.
   */
  itemRevisits(): number {
    const u = this.u32;
    const at = this.uo + U_ITEMS;
    let sum = 0;
    let w = 0;
    for (let i = 0; i < this.sampled; i++) {
      const first = u[at + 4 * i + 1];
      if (2 * first > this.n) continue;
      const sends = u[at + 4 * i + 3];
      sum += (sends * (u[at + 4 * i + 2] - first)) / (this.n - first);
      w += sends;
    }
    return w ? sum / w : NaN;
  }
  /** Harvest-shaped turns a person read and answered with a follow-up (src/state/pacing.ts). */
  readHarvest(): number {
    return this.pacing?.readHarvest ?? 0;
  }
  /** Whether its follow-ups are chosen after reading the answers (src/state/pacing.ts): a person, not a script. */
  followsAnswers(): boolean {
    return this.pacing?.followsAnswers() ?? false;
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
  /** Mean output tokens over the exchanges that report them; NaN when fewer than half do (a log without usage). */
  answerLength(): number {
    return this.withOutput > 0 && 2 * this.withOutput >= this.n ? this.outputTokens / this.withOutput : NaN;
  }
  /** coefficient of variation of inter-arrival gaps, from the log-gap spread (log-normal approximation) */
  gapCv(): number {
    const sd = this.gapSpread();
    if (Number.isNaN(sd)) return NaN;
    const sl = sd * Math.LN10;
    return Math.sqrt(Math.max(0, Math.exp(sl * sl) - 1));
  }
  /** share of exchanges that are follow-up turns (see src/state/followups.ts) */
  followUpShare(): number {
    return this.n ? followUpCount(this.u32, this.uo + U_FOLLOW, FollowUp.All) / this.n : 0;
  }
  /** follow-ups after the account's first few (FOLLOW_WARMUP): the ones `stockFollowUpShare` is measured on */
  laterFollowUps(): number {
    return followUpCount(this.u32, this.uo + U_FOLLOW, FollowUp.Later);
  }
  /** follow-up turns in all */
  followUps(): number {
    return followUpCount(this.u32, this.uo + U_FOLLOW, FollowUp.All);
  }
  /** the account's remembered follow-up texts (template skeleton hashes, distinct) into `out` (FOLLOW_SLOTS long); returns how many */
  followUpTexts(out: Uint32Array): number {
    return followUpTexts(this.u32, this.uo + U_FOLLOW, out);
  }
  /** share of those follow-ups that repeat a text the account sent before: a stock list */
  stockFollowUpShare(): number {
    return stockShare(this.u32, this.uo + U_FOLLOW);
  }
  /**
   * The longest run of consecutive hours of the day (wrapping past midnight)
   * in which the account was never active: a person's night shows as 6 hours
   * or more; a machine running around the clock leaves no such gap once it
   * has a few dozen exchanges.
   */
  quietHours(): number {
    const u = this.u32;
    const at = this.uo + U_HOURS;
    let best = 0;
    let run = 0;
    // two laps so a run across midnight is counted whole
    for (let i = 0; i < 48; i++) {
      if (u[at + (i % 24)] === 0) {
        run++;
        if (run > best) best = run;
      } else run = 0;
    }
    return Math.min(24, best);
  }
  activeHours(): number {
    let k = 0;
    for (let h = 0; h < 24; h++) if (this.u32[this.uo + U_HOURS + h] > 0) k++;
    return k;
  }
  exchangesPerActiveDay(): number {
    return this.days ? this.n / this.days : 0;
  }
}
