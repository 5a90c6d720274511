/**
 * What the engine keeps of one exchange after ingest. Computed once per
 * exchange by `extractFeatures` (src/features/index.ts); the raw text is
 * dropped afterwards, so everything a detector or the linkage needs about the
 * text must be here.
 */

/** Extraction-intent scores, each in 0..1 (0 = no sign of it). */
export interface IntentScores {
  /** asks for step-by-step / chain-of-thought reasoning to be written out */
  cot: number;
  /** gives an answer and asks for the reasoning that would lead to it */
  reconstruct: number;
  /** rubric / LLM-as-judge grading of other answers */
  judge: number;
  /** asks to rewrite a (sensitive) prompt or answer into a safe / refused / compliant form */
  safetyRewrite: number;
  /** agentic tool-use trace harvesting (tools offered, tool turns, tool-calling requests) */
  agentic: number;
  /** benchmark-style capability item (multiple choice, competition math, coding problem) */
  benchmark: number;
  /** asks for the hidden reasoning, system prompt or model internals */
  internals: number;
  /** asks the model to write training data: example pairs, dialogues, harder variants, chosen / rejected replies */
  datagen: number;
}

export const INTENT_NAMES = ['cot', 'reconstruct', 'judge', 'safetyRewrite', 'agentic', 'benchmark', 'internals', 'datagen'] as const;
export type IntentName = (typeof INTENT_NAMES)[number];

export interface ExchangeFeatures {
  /** characters of the normalised new user turn */
  promptChars: number;
  /** number of user messages in the request (1 = single turn) */
  userTurns: number;
  /** number of tool messages in the request */
  toolTurns: number;
  /** 32-bit hash of the normalised system prompt; 0 when there is none */
  systemHash: number;
  /** 32-bit hash of the exact normalised new user turn (repeats of the same prompt) */
  promptHash: number;
  /** 64-bit SimHash of the normalised new user turn, as two uint32 halves */
  simHi: number;
  simLo: number;
  /**
   * 32-bit hash of the template skeleton: the prompt with its variable content
   * (numbers, quoted spans, code, the item itself) masked, so two prompts built
   * from one template share it.
   */
  skeletonHash: number;
  /**
   * LSH band keys of a MinHash over the skeleton's shingles: two prompts from
   * near-identical (paraphrased) templates share at least one band key with high
   * probability. Empty when the prompt is too short to have a template.
   */
  templateBands: Uint32Array;
  /** coarse topic / capability bucket (0..TOPIC_BUCKETS-1) of the new user turn */
  topic: number;
  /** detected language code ('en', 'zh', 'ru', ... or 'und') */
  lang: string;
  intent: IntentScores;
  inputTokens: number;
  outputTokens: number;
  /** the requested max_tokens, 0 when not sent */
  maxTokens: number;
  /** the response stopped on the output cap */
  hitCap: boolean;
  toolsOffered: number;
  /**
   * Fingerprint of the set of tool names offered (order-free; 0 when none):
   * a product offers its one toolset, a tool-use harvest many (see
   * AccountState.productTools).
   */
  toolsetHash?: number;
  /**
   * Hashes of the first and of the last FRAME_TOKENS words of the new user
   * turn (0 when it is shorter than FRAME_MIN_TOKENS; src/features/extract.ts):
   * a wrapper put around ever-different content keeps one of them. See
   * src/engine/frame-cohort.ts.
   */
  frameHead?: number;
  frameTail?: number;
  toolCalls: number;
  /**
   * Whether the written-out reasoning / grading intent of this exchange comes
   * from the system prompt alone (the new user turn does not ask for it): the
   * shape of an app whose fixed system prompt tells the model to reason.
   */
  reasoningFromSystemOnly?: boolean;
  /**
   * Whether the request has the form of a public evaluation harness (few-shot
   * exemplars, MMLU's header, a harness's fixed answer instruction; see
   * src/features/harness.ts): the researcher running a benchmark.
   */
  evalHarness?: boolean;
  /**
   * Probability (0..1) from the fitted text model (src/features/intent-model)
   * that the new user turn asks for harvest-style output (written-out
   * reasoning, every step, grading, answer plus its reasoning, a JSON
   * reasoning record, hidden reasoning or system prompt), whatever its
   * wording; 0 when no model is shipped. A feature the content detector
   * weighs beside the lexicon's intents, not a verdict.
   */
  intentModel?: number;
  /**
   * Log-probabilities asked for: 1 + `top_logprobs` when the request asked
   * for them, 0 (or absent) when not or when the logger dropped the field
   * (docs/log-format.md). See src/detectors/logit.
   */
  logprobs?: number;
  /**
   * Hashes placing the exchange in its conversation (src/features/extract.ts
   * `threadHashes`): the earlier user turns, and those with the new turn; 0
   * when absent. A follow-up's `threadBefore` is the `threadAfter` of the
   * exchange it answers.
   */
  threadBefore?: number;
  threadAfter?: number;
  /** tokens the request's logit bias touched (0 or absent: none, or not logged) */
  biasTokens?: number;
  /** 32-bit hash of the logit bias summary (count, value and token-id ranges); 0 without one */
  biasKey?: number;
  /**
   * 32-bit hash of a short answer's normalised text (32 characters or fewer:
   * a label, a letter, a single token); 0 for longer answers and when the log
   * keeps no answer text. How many different short answers an account gets is
   * what tells a classifier (its few labels) from a prober (whatever the
   * model's next token is for each of many prompts).
   */
  answerHash?: number;
}

export const TOPIC_BUCKETS = 64;

/**
 * Whether the exchange carried request content the features could read: a
 * user turn, a system prompt, tool turns or tools offered. A log that keeps
 * no content (contract §1: `request` absent) gives none, and the campaign
 * judge then reads a group on its metadata (src/linkage/judge.ts
 * `judgeWithoutText`); an agent's turn that only returns a tool result still
 * counts as content.
 */
export function carriesContent(f: ExchangeFeatures): boolean {
  return f.promptChars > 0 || f.systemHash !== 0 || f.toolTurns > 0 || f.toolsOffered > 0;
}

/** an intent at or above this score counts the exchange as harvest-like */
export const INTENT_ON = 0.5;
