/**
 * The feature worker's hand-back, column by column: numbers in one
 * Float64Array and the template bands in one Uint32Array (both transferred,
 * not copied), strings in one flat array.
 *
 * Why: posting each exchange as objects (`{ ex, f, excerpt }`, ~40 properties
 * in five nested objects and a Uint32Array with its own ArrayBuffer) cost the
 * engine's thread ~11 µs an exchange to deserialize; these columns cost ~1 µs
 * to receive and ~1 µs to turn back into objects (measured on 4,096 exchanges
 * of the bench log with a MessageChannel). The engine's thread is the scan's
 * bottleneck, so that time is the scan's time.
 *
 * What crosses: every contract field but the texts (messages, system prompt,
 * response text) and the tool names, which the features already summarise,
 * and every feature. With `--keep-text` the store needs the texts, so the
 * worker hands back whole objects instead (`items`).
 */
import type { Exchange, ExchangeRequest, ExchangeResponse, Usage } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';

/** Prepared exchanges of one batch, as columns. */
export interface PackedItems {
  n: number;
  /** NUM numbers per exchange (see the slot constants) */
  num: Float64Array;
  /** STR strings per exchange; `undefined` where the field was absent */
  strs: (string | undefined)[];
  /** every exchange's template bands, one after the other */
  bands: Uint32Array;
}

/** An exchange rebuilt from the columns, ready for the engine. */
export interface UnpackedExchange {
  tsMs: number;
  ex: Exchange;
  f: ExchangeFeatures;
  excerpt: string;
}

// number slots; NaN marks an optional field that was absent
const TS = 0, STATUS = 1, LATENCY = 2, HAS = 3, TEMP = 4, TOP_P = 5, REQ_MAX = 6, STREAM = 7, RESP_TOOLS = 8, IN_TOK = 9, OUT_TOK = 10;
const F_PROMPT_CHARS = 11, F_USER_TURNS = 12, F_TOOL_TURNS = 13, F_SYSTEM = 14, F_PROMPT = 15, F_SIM_HI = 16, F_SIM_LO = 17, F_SKELETON = 18, F_TOPIC = 19;
const F_INTENT = 20; // eight: cot, reconstruct, judge, safetyRewrite, agentic, benchmark, internals, datagen
const F_IN_TOK = 28, F_OUT_TOK = 29, F_MAX_TOK = 30, F_HIT_CAP = 31, F_TOOLS_OFFERED = 32, F_TOOL_CALLS = 33, F_SYSTEM_ONLY = 34, F_BANDS_AT = 35, F_BANDS_LEN = 36, F_EVAL = 37, F_TOOLSET = 38;
const F_FRAME_HEAD = 39, F_FRAME_TAIL = 40, F_INTENT_MODEL = 41;
const F_LOGPROBS = 42, F_BIAS_TOKENS = 43, F_BIAS_KEY = 44, F_ANSWER = 45, F_THREAD_BEFORE = 46, F_THREAD_AFTER = 47;
const NUM = 48;
// presence bits in HAS
const HAS_REQUEST = 1, HAS_RESPONSE = 2, HAS_USAGE = 4;
// string slots
const S_ID = 0, S_TS = 1, S_ACCOUNT = 2, S_ORG = 3, S_KEY = 4, S_IP = 5, S_UA = 6, S_MODEL = 7, S_ENDPOINT = 8, S_STOP = 9, S_LANG = 10, S_EXCERPT = 11;
const STR = 12;

const opt = (v: number | undefined): number => (typeof v === 'number' ? v : NaN);
/**
 * A number read back from a Float64Array is a double to V8 even when it is a
 * small integer; stored in an object field, it makes the field (and every
 * field it is added into, such as an account's token totals) a boxed double,
 * one more heap object per account. Counts go back as small integers.
 */
const int = (x: number): number => ((x | 0) === x && (x !== 0 || 1 / x > 0) ? x | 0 : x); // (-0 stays -0)
const flag = (v: boolean | undefined): number => (v === undefined ? NaN : v ? 1 : 0);

/** Worker side: collects a batch's prepared exchanges into columns. */
export class ItemPacker {
  private num: Float64Array;
  private bands: Uint32Array;
  private bandsUsed = 0;
  private readonly strs: (string | undefined)[] = [];
  private n = 0;

  constructor(expected: number) {
    this.num = new Float64Array(Math.max(1, expected) * NUM);
    this.bands = new Uint32Array(Math.max(16, expected * 8));
  }

  push(ex: Exchange, f: ExchangeFeatures, excerpt: string): void {
    if ((this.n + 1) * NUM > this.num.length) {
      const grown = new Float64Array(this.num.length * 2);
      grown.set(this.num);
      this.num = grown;
    }
    const v = this.num;
    const o = this.n * NUM;
    v[o + TS] = ex.tsMs;
    v[o + STATUS] = opt(ex.status);
    v[o + LATENCY] = opt(ex.latency_ms);
    const rq = ex.request, rs = ex.response, us = ex.usage;
    v[o + HAS] = (rq ? HAS_REQUEST : 0) | (rs ? HAS_RESPONSE : 0) | (us ? HAS_USAGE : 0);
    v[o + TEMP] = opt(rq?.temperature);
    v[o + TOP_P] = opt(rq?.top_p);
    v[o + REQ_MAX] = opt(rq?.max_tokens);
    v[o + STREAM] = flag(rq?.stream);
    v[o + RESP_TOOLS] = opt(rs?.tool_calls);
    v[o + IN_TOK] = opt(us?.input_tokens);
    v[o + OUT_TOK] = opt(us?.output_tokens);
    v[o + F_PROMPT_CHARS] = f.promptChars;
    v[o + F_USER_TURNS] = f.userTurns;
    v[o + F_TOOL_TURNS] = f.toolTurns;
    v[o + F_SYSTEM] = f.systemHash;
    v[o + F_PROMPT] = f.promptHash;
    v[o + F_SIM_HI] = f.simHi;
    v[o + F_SIM_LO] = f.simLo;
    v[o + F_SKELETON] = f.skeletonHash;
    v[o + F_TOPIC] = f.topic;
    const it = f.intent;
    v[o + F_INTENT] = it.cot;
    v[o + F_INTENT + 1] = it.reconstruct;
    v[o + F_INTENT + 2] = it.judge;
    v[o + F_INTENT + 3] = it.safetyRewrite;
    v[o + F_INTENT + 4] = it.agentic;
    v[o + F_INTENT + 5] = it.benchmark;
    v[o + F_INTENT + 6] = it.internals;
    v[o + F_INTENT + 7] = it.datagen;
    v[o + F_IN_TOK] = f.inputTokens;
    v[o + F_OUT_TOK] = f.outputTokens;
    v[o + F_MAX_TOK] = f.maxTokens;
    v[o + F_HIT_CAP] = f.hitCap ? 1 : 0;
    v[o + F_TOOLS_OFFERED] = f.toolsOffered;
    v[o + F_TOOL_CALLS] = f.toolCalls;
    v[o + F_TOOLSET] = f.toolsetHash ?? 0;
    v[o + F_FRAME_HEAD] = f.frameHead ?? 0;
    v[o + F_FRAME_TAIL] = f.frameTail ?? 0;
    v[o + F_SYSTEM_ONLY] = flag(f.reasoningFromSystemOnly);
    v[o + F_EVAL] = flag(f.evalHarness);
    v[o + F_INTENT_MODEL] = f.intentModel ?? NaN;
    v[o + F_LOGPROBS] = f.logprobs ?? 0;
    v[o + F_BIAS_TOKENS] = f.biasTokens ?? 0;
    v[o + F_BIAS_KEY] = f.biasKey ?? 0;
    v[o + F_ANSWER] = f.answerHash ?? 0;
    v[o + F_THREAD_BEFORE] = f.threadBefore ?? 0;
    v[o + F_THREAD_AFTER] = f.threadAfter ?? 0;
    const b = f.templateBands;
    const len = b.length;
    if (this.bandsUsed + len > this.bands.length) {
      const grown = new Uint32Array(Math.max(this.bands.length * 2, this.bandsUsed + len));
      grown.set(this.bands.subarray(0, this.bandsUsed));
      this.bands = grown;
    }
    this.bands.set(b, this.bandsUsed);
    v[o + F_BANDS_AT] = this.bandsUsed;
    v[o + F_BANDS_LEN] = len;
    this.bandsUsed += len;
    this.strs.push(ex.id, ex.ts, ex.account_id, ex.org_id, ex.api_key_id, ex.ip, ex.user_agent, ex.model, ex.endpoint, rs?.stop_reason, f.lang, excerpt);
    this.n++;
  }

  /** The columns, trimmed; transfer `num.buffer` and `bands.buffer` when posting them. */
  finish(): PackedItems {
    return { n: this.n, num: this.num.slice(0, this.n * NUM), strs: this.strs, bands: this.bands.slice(0, this.bandsUsed) };
  }
}

/** The buffers to transfer with a batch. */
export function packedTransfer(p: PackedItems): ArrayBuffer[] {
  return [p.num.buffer as ArrayBuffer, p.bands.buffer as ArrayBuffer];
}

/**
 * Engine side: the exchanges of a batch as objects again. Optional fields that
 * were absent stay absent; each exchange's template bands are a view on the
 * batch's band array (read by the linkage, copied by the store, never kept).
 */
export function unpackItems(p: PackedItems): UnpackedExchange[] {
  const out: UnpackedExchange[] = new Array(p.n);
  const v = p.num;
  const s = p.strs;
  for (let i = 0; i < p.n; i++) {
    const o = i * NUM;
    const k = i * STR;
    const has = v[o + HAS];
    const ex: Exchange = { id: s[k + S_ID]!, ts: s[k + S_TS]!, tsMs: v[o + TS], account_id: s[k + S_ACCOUNT]! };
    const org = s[k + S_ORG], key = s[k + S_KEY], ip = s[k + S_IP], ua = s[k + S_UA], model = s[k + S_MODEL], endpoint = s[k + S_ENDPOINT];
    if (org !== undefined) ex.org_id = org;
    if (key !== undefined) ex.api_key_id = key;
    if (ip !== undefined) ex.ip = ip;
    if (ua !== undefined) ex.user_agent = ua;
    if (model !== undefined) ex.model = model;
    if (endpoint !== undefined) ex.endpoint = endpoint;
    if (has & HAS_REQUEST) {
      const rq: ExchangeRequest = {};
      if (v[o + TEMP] === v[o + TEMP]) rq.temperature = v[o + TEMP];
      if (v[o + TOP_P] === v[o + TOP_P]) rq.top_p = v[o + TOP_P];
      if (v[o + REQ_MAX] === v[o + REQ_MAX]) rq.max_tokens = int(v[o + REQ_MAX]);
      if (v[o + STREAM] === v[o + STREAM]) rq.stream = v[o + STREAM] === 1;
      ex.request = rq;
    }
    if (has & HAS_RESPONSE) {
      const rs: ExchangeResponse = {};
      const stop = s[k + S_STOP];
      if (stop !== undefined) rs.stop_reason = stop;
      if (v[o + RESP_TOOLS] === v[o + RESP_TOOLS]) rs.tool_calls = int(v[o + RESP_TOOLS]);
      ex.response = rs;
    }
    if (has & HAS_USAGE) {
      const us: Usage = {};
      if (v[o + IN_TOK] === v[o + IN_TOK]) us.input_tokens = int(v[o + IN_TOK]);
      if (v[o + OUT_TOK] === v[o + OUT_TOK]) us.output_tokens = int(v[o + OUT_TOK]);
      ex.usage = us;
    }
    if (v[o + STATUS] === v[o + STATUS]) ex.status = int(v[o + STATUS]);
    if (v[o + LATENCY] === v[o + LATENCY]) ex.latency_ms = v[o + LATENCY];
    const at = v[o + F_BANDS_AT];
    const f: ExchangeFeatures = {
      promptChars: int(v[o + F_PROMPT_CHARS]),
      userTurns: int(v[o + F_USER_TURNS]),
      toolTurns: int(v[o + F_TOOL_TURNS]),
      systemHash: int(v[o + F_SYSTEM]),
      promptHash: int(v[o + F_PROMPT]),
      simHi: int(v[o + F_SIM_HI]),
      simLo: int(v[o + F_SIM_LO]),
      skeletonHash: int(v[o + F_SKELETON]),
      templateBands: p.bands.subarray(at, at + v[o + F_BANDS_LEN]),
      topic: int(v[o + F_TOPIC]),
      lang: s[k + S_LANG]!,
      intent: {
        cot: v[o + F_INTENT],
        reconstruct: v[o + F_INTENT + 1],
        judge: v[o + F_INTENT + 2],
        safetyRewrite: v[o + F_INTENT + 3],
        agentic: v[o + F_INTENT + 4],
        benchmark: v[o + F_INTENT + 5],
        internals: v[o + F_INTENT + 6],
        datagen: v[o + F_INTENT + 7],
      },
      inputTokens: int(v[o + F_IN_TOK]),
      outputTokens: int(v[o + F_OUT_TOK]),
      maxTokens: int(v[o + F_MAX_TOK]),
      hitCap: v[o + F_HIT_CAP] === 1,
      toolsOffered: int(v[o + F_TOOLS_OFFERED]),
      toolCalls: int(v[o + F_TOOL_CALLS]),
      toolsetHash: int(v[o + F_TOOLSET]),
      frameHead: int(v[o + F_FRAME_HEAD]),
      frameTail: int(v[o + F_FRAME_TAIL]),
      logprobs: int(v[o + F_LOGPROBS]),
      biasTokens: int(v[o + F_BIAS_TOKENS]),
      biasKey: int(v[o + F_BIAS_KEY]),
      answerHash: int(v[o + F_ANSWER]),
      threadBefore: int(v[o + F_THREAD_BEFORE]),
      threadAfter: int(v[o + F_THREAD_AFTER]),
    };
    const so = v[o + F_SYSTEM_ONLY];
    if (so === so) f.reasoningFromSystemOnly = so === 1;
    const ev = v[o + F_EVAL];
    if (ev === ev) f.evalHarness = ev === 1;
    const im = v[o + F_INTENT_MODEL];
    if (im === im) f.intentModel = im;
    out[i] = { tsMs: ex.tsMs, ex, f, excerpt: s[k + S_EXCERPT]! };
  }
  return out;
}
