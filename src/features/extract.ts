/**
 * extractFeatures: everything the engine keeps of one exchange, computed once.
 *
 * Reads only the request (system prompt and the new user turn, each capped to a
 * few KB: head and tail) and the response's length, stop reason and tool
 * calls; the response text itself is never scanned.
 */
import { isEvalHarness } from './harness.js';
import { scoreNorm, shippedModel } from './intent-model/index.js';
import { fmix32, fnv1a, FNV_PRIME } from '../util/hash.js';
import type { Exchange, Message } from '../contract/types.js';
import type { ExchangeFeatures, IntentScores } from './types.js';
import { INTENT_ON, TOPIC_BUCKETS } from './types.js';
import { buildLexicon, buildMultiLexicon, matchLexicon, matchLexiconParts, matchedPhrases, type Lexicon } from './lexicon.js';
import {
  I_AGENT,
  I_BENCH,
  I_BENCH_CODE,
  I_BENCH_FORMAT,
  I_DATAGEN,
  I_DATAGEN_VERB,
  I_DATAGEN_OBJ,
  I_BENCH_MATH,
  I_COT,
  I_INTERNALS,
  I_INTERNALS_OBJ,
  I_INTERNALS_VERB,
  I_JUDGE,
  I_JUDGE_OBJ,
  I_JUDGE_VERB,
  I_RECON,
  I_RECON_ANSWER,
  I_RECON_EXPLAIN,
  I_REWRITE_VERB,
  I_SAFE,
  I_SAFETY_OBJ,
  INTENT_PHRASES,
  INTENT_SLOTS,
  LANG_PHRASES,
  LANG_SLOT_BASE,
  LATIN_LANGS,
  TOPIC_LANG_SLOTS,
  TOPIC_NAMES,
  TOPIC_PHRASES,
} from './lexicons.js';
import { normalizeInto, norm, tokenize, tok } from './text.js';
import { buildSkeleton, simhash, sim, skeleton, templateBands } from './fingerprint.js';
import {
  S_ARABIC,
  S_CYRILLIC,
  S_DEVANAGARI,
  S_GREEK,
  S_HAN,
  S_HANGUL,
  S_HEBREW,
  S_KANA,
  S_LATIN,
  S_THAI,
} from './tables.js';

/** Head and tail kept of the new user turn and of the system prompt. */
export const USER_HEAD = 3072;
export const USER_TAIL = 1024;
export const SYSTEM_HEAD = 2048;
export const SYSTEM_TAIL = 512;

interface Lexicons {
  /** intent phrases alone: the system prompt */
  intent: Lexicon;
  /** intent (part 0) and topic + language (part 1) phrases in one table: the user turn, one probe per word */
  user: Lexicon;
}
let lex: Lexicons | undefined;

function lexicons(): Lexicons {
  if (!lex) {
    const repeat = new Set<number>();
    for (let i = 0; i < LATIN_LANGS.length; i++) repeat.add(LANG_SLOT_BASE + i);
    lex = {
      intent: buildLexicon(INTENT_PHRASES, INTENT_SLOTS),
      user: buildMultiLexicon([
        { specs: INTENT_PHRASES, slots: INTENT_SLOTS },
        { specs: [...TOPIC_PHRASES, ...LANG_PHRASES], slots: TOPIC_LANG_SLOTS, repeatSlots: repeat },
      ]),
    };
  }
  return lex;
}

// System prompts repeat: an app back end sends the same one with every
// request. What they yield depends on their text alone, so it is remembered
// for a bounded number of them (cleared when full: no per-exchange growth).
const SYS_CACHE_SIZE = 256;
const SYS_CACHE_MAX_CHARS = 4096;
const sysCache = new Map<string, { hash: number; scores: Float64Array }>();

const userScores = new Float64Array(INTENT_SLOTS);
const sysScores = new Float64Array(INTENT_SLOTS);
const topicScores = new Float64Array(TOPIC_LANG_SLOTS);

/** Keeps the head and the tail of a long text; the middle of a huge prompt is item, not template. */
export function capText(s: string, head: number, tail: number): string {
  if (s.length <= head + tail) return s;
  return s.slice(0, head) + '\n' + s.slice(s.length - tail);
}

function or(a: number, b: number): number {
  return 1 - (1 - a) * (1 - b);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function popcount4(x: number): number {
  return (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1) + ((x >> 3) & 1);
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

/**
 * Per-exchange features (see ExchangeFeatures). Pure and deterministic; never
 * throws, whatever the exchange holds (a malformed one yields empty features).
 *
 * @example
 * const f = extractFeatures(ex);
 * if (f.intent.cot > 0.5) state.cotCount++;
 */
export function extractFeatures(ex: Exchange): ExchangeFeatures {
  try {
    return extract(ex);
  } catch {
    return emptyFeatures(ex);
  }
}

function extract(ex: Exchange): ExchangeFeatures {
  const L = lexicons();
  const req = ex.request;
  const msgs: Message[] = req && Array.isArray(req.messages) ? req.messages : [];
  let userTurns = 0;
  let toolTurns = 0;
  let last: string | undefined;
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i];
    if (!m) continue;
    if (m.role === 'user') {
      userTurns++;
      if (typeof m.content === 'string') last = m.content;
    } else if (m.role === 'tool') {
      toolTurns++;
    }
  }
  const tools = req && Array.isArray(req.tools) ? req.tools.length : 0;
  const resp = ex.response;
  const toolCalls = num(resp?.tool_calls);
  const stop = typeof resp?.stop_reason === 'string' ? resp.stop_reason : '';
  const maxTokens = num(req?.max_tokens);
  const outputTokens = num(ex.usage?.output_tokens);

  // system prompt: its hash and the intents it asks for
  sysScores.fill(0);
  let systemHash = 0;
  const sys = typeof req?.system === 'string' ? req.system : '';
  if (sys.length > 0) {
    const cached = sysCache.get(sys);
    if (cached !== undefined) {
      systemHash = cached.hash;
      sysScores.set(cached.scores);
    } else {
      const len = normalizeInto(capText(sys, SYSTEM_HEAD, SYSTEM_TAIL), true);
      const n = tokenize(len);
      systemHash = n > 0 || len > 0 ? tok.textHash : 0;
      matchLexicon(L.intent, 0, n, sysScores);
      if (sys.length <= SYS_CACHE_MAX_CHARS) {
        if (sysCache.size >= SYS_CACHE_SIZE) sysCache.clear();
        sysCache.set(sys, { hash: systemHash, scores: Float64Array.from(sysScores) });
      }
    }
  }

  // the new user turn
  userScores.fill(0);
  topicScores.fill(0);
  const raw = last ?? '';
  const capped = capText(raw, USER_HEAD, USER_TAIL);
  const len = normalizeInto(capped, true);
  const n = tokenize(len);
  // before any other tokenize call: the frame is read off the user turn's tokens
  const frameHead = frameHash(0, n);
  const frameTail = frameHash(n - FRAME_TOKENS, n);
  const promptChars = len + (raw.length - capped.length > 0 ? raw.length - capped.length : 0);
  const promptHash = len > 0 ? tok.textHash : 0;
  matchLexiconParts(L.user, 0, n, userScores, topicScores);
  simhash(0, n);
  buildSkeleton(0, n);
  const bands = templateBands();
  const lang = detectLang(n);

  const intent = intentScores(n, tools, toolTurns, toolCalls, stop);
  const topic = pickTopic(n, intent, tools);
  const u = userScores;
  const userReasoning = Math.max(
    u[I_COT], u[I_RECON], u[I_JUDGE], u[I_SAFE],
    0.9 * Math.min(u[I_RECON_ANSWER], u[I_RECON_EXPLAIN]), 0.85 * Math.min(u[I_JUDGE_OBJ], u[I_JUDGE_VERB]), 0.9 * Math.min(u[I_REWRITE_VERB], u[I_SAFETY_OBJ]),
  );
  const reasoning = Math.max(intent.cot, intent.reconstruct, intent.judge, intent.safetyRewrite);
  const evalHarness = isEvalHarness(raw, sys);
  // The account reads the text model only where the lexicon found no reasoning intent and the request is
  // not a harness run (src/state/account.ts): scored only there, it costs a fraction of the exchanges.
  // norm.buf still holds the user turn (nothing since normalised another text): the model reads it there.
  const model = shippedModel();
  const intentModel = model && len > 0 && !evalHarness && Math.max(reasoning, intent.internals) < INTENT_ON ? scoreNorm(model, len) : 0;
  const reasoningFromSystemOnly = sys.length > 0 && reasoning >= 0.5 && userReasoning < 0.5;

  return {
    promptChars,
    userTurns,
    toolTurns,
    systemHash,
    promptHash,
    simHi: n > 0 ? sim.hi : 0,
    simLo: n > 0 ? sim.lo : 0,
    skeletonHash: n > 0 ? skeleton.hash : 0,
    templateBands: bands,
    topic,
    lang,
    intent,
    inputTokens: num(ex.usage?.input_tokens),
    outputTokens,
    maxTokens,
    hitCap: stop === 'max_tokens' || stop === 'length' || (maxTokens > 0 && outputTokens >= maxTokens),
    toolsOffered: tools,
    toolsetHash: tools > 0 ? toolsetHash(req!.tools!) : 0,
    toolCalls,
    frameHead,
    frameTail,
    reasoningFromSystemOnly,
    evalHarness,
    intentModel,
    logprobs: req?.logprobs || (req?.top_logprobs ?? 0) > 0 ? 1 + (req?.top_logprobs ?? 0) : 0,
    biasTokens: req?.logit_bias?.count ?? 0,
    biasKey: biasKeyOf(req?.logit_bias),
    answerHash: shortAnswerHash(resp?.text),
    ...threadHashes(msgs),
  };
}

/** User turns that place an exchange in its conversation (a logger keeps the 8 newest earlier messages: four user turns). */
export const THREAD_TURNS = 4;
/** Characters of each user turn hashed: fewer than a logger keeps of an earlier message (140), so a turn hashes alike as the new turn and later as history. */
export const THREAD_CHARS = 100;

/**
 * Where the exchange sits in its conversation: `threadBefore` hashes the last
 * THREAD_TURNS earlier user turns (0 for a first turn), `threadAfter` those
 * with the new turn. A follow-up's `threadBefore` equals the `threadAfter` of
 * the exchange it follows, so an account's state can tell how long the person
 * (or the script) took to answer an answer (src/state/pacing.ts).
 */
export function threadHashes(msgs: readonly Message[]): { threadBefore: number; threadAfter: number } {
  let lastUser = -1;
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i]?.role === 'user') { lastUser = i; break; }
  if (lastUser < 0) return { threadBefore: 0, threadAfter: 0 };
  const turns: number[] = [];
  for (let i = lastUser; i >= 0 && turns.length <= THREAD_TURNS; i--) {
    const m = msgs[i];
    if (m?.role === 'user' && typeof m.content === 'string') turns.push(fnv1a(m.content.slice(0, THREAD_CHARS)));
  }
  // turns[0] is the new turn, then the earlier ones, newest first
  const fold = (from: number, to: number): number => {
    let h = 0x811c9dc5;
    for (let i = to - 1; i >= from; i--) h = Math.imul(h ^ turns[i], FNV_PRIME) >>> 0;
    return h >>> 0 || 1;
  };
  const earlier = turns.length - 1;
  return {
    threadBefore: earlier > 0 ? fold(1, Math.min(turns.length, 1 + THREAD_TURNS)) : 0,
    threadAfter: fold(0, Math.min(turns.length, THREAD_TURNS)),
  };
}

/** Longest answer, in characters after trimming, whose text is hashed as a short answer (a label, a letter, a token). */
export const SHORT_ANSWER_CHARS = 32;

/**
 * Hash of a short answer's text, case and surrounding space and punctuation
 * dropped ("Positive." and "positive" are one label); 0 when the answer is
 * longer than SHORT_ANSWER_CHARS or absent. No allocation beyond the slice.
 */
export function shortAnswerHash(text: string | undefined): number {
  if (typeof text !== 'string' || text.length === 0 || text.length > 4 * SHORT_ANSWER_CHARS) return 0;
  let a = 0;
  let b = text.length;
  while (a < b && !isWordChar(text.charCodeAt(a))) a++;
  while (b > a && !isWordChar(text.charCodeAt(b - 1))) b--;
  if (b - a > SHORT_ANSWER_CHARS) return 0;
  // an empty answer (only punctuation or space) is one answer too
  return (fnv1a(text.slice(a, b).toLowerCase()) | 1) >>> 0;
}

function isWordChar(c: number): boolean {
  return c > 127 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function biasKeyOf(b: { count: number; min: number; max: number; lo: number; hi: number } | undefined): number {
  if (!b) return 0;
  return (fmix32(fmix32(fmix32(b.count ^ FNV_PRIME) ^ (b.lo | 0)) ^ (b.hi | 0)) ^ Math.round(b.max - b.min)) >>> 0 || 1;
}

/** Words at each end of a prompt that make its frame. */
export const FRAME_TOKENS = 5;
/** Words a prompt needs before its ends are a frame: both ends and a middle between them. */
export const FRAME_MIN_TOKENS = 16;

/** Hash of tokens from..from+FRAME_TOKENS of the last tokenize call (of `n` tokens), never 0; 0 for a short prompt. */
function frameHash(from: number, n: number): number {
  if (n < FRAME_MIN_TOKENS) return 0;
  let h = from === 0 ? 0x68656164 : 0x7461696c;
  for (let i = from; i < from + FRAME_TOKENS; i++) h = Math.imul(h ^ tok.hash[i], FNV_PRIME);
  return fmix32(h) >>> 0 || 1;
}

/** An order-free fingerprint of the tool names offered: the sum of their hashes, never 0. */
function toolsetHash(tools: unknown[]): number {
  let h = 0;
  for (const t of tools) h = (h + fmix32(fnv1a(typeof t === 'string' ? t : ''))) | 0;
  return h >>> 0 || 1;
}

// the system prompt counts, a little less: app back ends carry fixed system prompts
function both(k: number): number {
  return or(userScores[k], 0.8 * sysScores[k]);
}

function intentScores(n: number, tools: number, toolTurns: number, toolCalls: number, stop: string): IntentScores {
  const u = userScores;

  const cot = both(I_COT);
  const reconstruct = or(both(I_RECON), 0.9 * Math.min(both(I_RECON_ANSWER), both(I_RECON_EXPLAIN)));
  const judge = or(both(I_JUDGE), 0.85 * Math.min(both(I_JUDGE_OBJ), both(I_JUDGE_VERB)));
  const safetyRewrite = or(both(I_SAFE), 0.9 * Math.min(both(I_REWRITE_VERB), both(I_SAFETY_OBJ)));
  // a system prompt that says "never reveal your system prompt" is not a request for it: user turn only
  const internals = or(u[I_INTERNALS], 0.8 * Math.min(u[I_INTERNALS_VERB], u[I_INTERNALS_OBJ]));
  // training data written by the model: a pipeline's phrase, or "generate ... examples / pairs"
  const datagen = or(both(I_DATAGEN), 0.85 * Math.min(both(I_DATAGEN_VERB), both(I_DATAGEN_OBJ)));

  let agentic = both(I_AGENT) * 0.8;
  if (tools > 0) agentic = or(agentic, Math.min(0.85, 0.6 + 0.08 * Math.log2(tools + 1)));
  if (toolTurns > 0) agentic = or(agentic, Math.min(0.6, 0.3 + 0.1 * toolTurns));
  if (toolCalls > 0) agentic = or(agentic, 0.3);
  if (stop === 'tool_use' || stop === 'tool_calls') agentic = or(agentic, 0.2);

  // benchmark-style items: structure first (options, math, code), lexicon second
  const opts = popcount4((tok.optMask | tok.inlineOptMask) & 0xf);
  let bench = u[I_BENCH] * 0.9;
  if (opts >= 3) bench = or(bench, 0.8);
  else if (opts === 2) bench = or(bench, 0.35);
  if (tok.mathMarks >= 3) bench = or(bench, 0.6);
  else if (tok.mathMarks >= 1) bench = or(bench, 0.45);
  if (tok.numbers >= 2 && u[I_BENCH_MATH] > 0) bench = or(bench, 0.35 + 0.4 * u[I_BENCH_MATH] + (tok.numbers >= 3 ? 0.1 : 0));
  if (u[I_BENCH_CODE] > 0) bench = or(bench, u[I_BENCH_CODE] * (tok.codeMarks >= 2 ? 1 : 0.7));
  if (tok.codeMarks >= 4) bench = or(bench, 0.3);
  if (tok.dashLines >= 2 && u[I_BENCH] > 0) bench = or(bench, 0.4);
  bench = or(bench, 0.8 * u[I_BENCH_FORMAT]);
  if (n < 5) bench *= 0.5; // a few words are a query, not an item

  return {
    cot: clamp01(cot),
    reconstruct: clamp01(reconstruct),
    judge: clamp01(judge),
    safetyRewrite: clamp01(safetyRewrite),
    agentic: clamp01(agentic),
    benchmark: clamp01(bench),
    internals: clamp01(internals),
    datagen: clamp01(datagen),
  };
}

const T_MATH_ALGEBRA = TOPIC_NAMES.indexOf('math.algebra');
const T_CODE_ALGO = TOPIC_NAMES.indexOf('code.algorithms');
const T_JUDGING = TOPIC_NAMES.indexOf('judging');
const T_TOOLS = TOPIC_NAMES.indexOf('tools.agents');
const T_CHAT = TOPIC_NAMES.indexOf('chat');

function pickTopic(n: number, intent: IntentScores, tools: number): number {
  const t = topicScores;
  if (intent.judge > 0.6) return T_JUDGING;
  if (tok.mathMarks >= 2) t[T_MATH_ALGEBRA] = or(t[T_MATH_ALGEBRA], 0.5);
  if (tok.codeMarks >= 4) t[T_CODE_ALGO] = or(t[T_CODE_ALGO], 0.5);
  if (tools > 0) t[T_TOOLS] = or(t[T_TOOLS], 0.5);
  let best = T_CHAT;
  let bestScore = 0.25;
  for (let i = 1; i < TOPIC_NAMES.length; i++) {
    if (t[i] > bestScore) {
      bestScore = t[i];
      best = i;
    }
  }
  if (n === 0) return T_CHAT;
  return best < TOPIC_BUCKETS ? best : T_CHAT;
}

const LANG_CODES: Record<number, string> = {
  [S_CYRILLIC]: 'ru',
  [S_GREEK]: 'el',
  [S_ARABIC]: 'ar',
  [S_HEBREW]: 'he',
  [S_DEVANAGARI]: 'hi',
  [S_THAI]: 'th',
};

const OTHER_SCRIPTS = [S_CYRILLIC, S_GREEK, S_ARABIC, S_HEBREW, S_DEVANAGARI, S_THAI];

function detectLang(n: number): string {
  const sc = norm.scripts;
  let total = 0;
  for (let i = 1; i < sc.length; i++) total += sc[i];
  if (total < 3 || n === 0) return 'und';
  const cjk = sc[S_HAN] + sc[S_KANA] + sc[S_HANGUL];
  if (sc[S_HANGUL] > 0.3 * cjk && sc[S_HANGUL] >= 0.15 * total) return 'ko';
  if (sc[S_KANA] > 0.1 * cjk && cjk >= 0.15 * total) return 'ja';
  if (sc[S_HAN] >= 0.15 * total) return 'zh';
  let bestScript = S_LATIN;
  for (let i = 0; i < OTHER_SCRIPTS.length; i++) {
    const k = OTHER_SCRIPTS[i];
    if (sc[k] > sc[bestScript]) bestScript = k;
  }
  if (bestScript !== S_LATIN) return LANG_CODES[bestScript] ?? 'und';
  let best = -1;
  let bestCount = 0;
  for (let i = 0; i < LATIN_LANGS.length; i++) {
    const c = topicScores[LANG_SLOT_BASE + i];
    if (c > bestCount) {
      bestCount = c;
      best = i;
    }
  }
  return best >= 0 ? LATIN_LANGS[best] : 'en';
}

function emptyFeatures(ex: unknown): ExchangeFeatures {
  const e = (typeof ex === 'object' && ex !== null ? ex : {}) as Partial<Exchange>;
  let inputTokens = 0;
  let outputTokens = 0;
  try {
    inputTokens = num(e.usage?.input_tokens);
    outputTokens = num(e.usage?.output_tokens);
  } catch {
    // keep zeros
  }
  return {
    promptChars: 0,
    userTurns: 0,
    toolTurns: 0,
    systemHash: 0,
    promptHash: 0,
    simHi: 0,
    simLo: 0,
    skeletonHash: 0,
    templateBands: new Uint32Array(0),
    topic: 0,
    lang: 'und',
    intent: { cot: 0, reconstruct: 0, judge: 0, safetyRewrite: 0, agentic: 0, benchmark: 0, internals: 0, datagen: 0 },
    inputTokens,
    outputTokens,
    maxTokens: 0,
    hitCap: false,
    toolsOffered: 0,
    toolsetHash: 0,
    toolCalls: 0,
  };
}

/**
 * Which intent phrases and structural marks a prompt triggers: for analysts
 * ("why was this counted as judge?") and for tuning the lexicons. Not on the
 * hot path.
 */
export function explainPrompt(text: string): { phrases: { phrase: string; slot: number }[]; marks: Record<string, number> } {
  const L = lexicons();
  const n = tokenize(normalizeInto(capText(String(text ?? ''), USER_HEAD, USER_TAIL), true));
  return {
    phrases: matchedPhrases(L.intent, 0, n),
    marks: {
      options: popcount4((tok.optMask | tok.inlineOptMask) & 0xf),
      math: tok.mathMarks,
      code: tok.codeMarks,
      numbers: tok.numbers,
      dashLines: tok.dashLines,
      tokens: n,
    },
  };
}
