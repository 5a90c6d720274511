/**
 * The records of `shared/spec/contract.md`, as TypeScript types.
 * Everything in the system imports these; nothing here imports anything else.
 */

export type Role = 'user' | 'assistant' | 'tool' | 'system';

export interface Message {
  role: Role;
  content: string;
}

export interface ExchangeRequest {
  system?: string;
  messages?: Message[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  tools?: string[];
  stream?: boolean;
  /**
   * Optional extension fields (docs/log-format.md), kept when a logger writes
   * them: real OpenAI-form requests carry them, and a logit-probing harvest
   * needs them (src/detectors/logit). Never required.
   */
  /** log-probabilities of the output tokens were asked for */
  logprobs?: boolean;
  /** how many alternatives per output position were asked for (0–20 in the OpenAI API) */
  top_logprobs?: number;
  /** completions asked for in one request */
  n?: number;
  /** the request's logit bias, summarised (never the whole map) */
  logit_bias?: LogitBiasSummary;
}

/**
 * A request's `logit_bias` map (token id -> bias) as the system keeps it:
 * how many tokens were biased, the range of the biases and of the token ids.
 * Bounded whatever the map's size; enough to tell a fixed bias (a classifier
 * pinning its label tokens) from a sweep (a prober moving the biased tokens
 * request after request).
 */
export interface LogitBiasSummary {
  count: number;
  /** lowest and highest bias value */
  min: number;
  max: number;
  /** lowest and highest token id biased */
  lo: number;
  hi: number;
}

export interface ExchangeResponse {
  text?: string;
  stop_reason?: string;
  tool_calls?: number;
}

export interface Usage {
  input_tokens?: number;
  output_tokens?: number;
}

/** One API request and its response (contract §1). */
export interface Exchange {
  id: string;
  /** RFC 3339 as written in the log. */
  ts: string;
  /** `ts` parsed, milliseconds since the epoch. */
  tsMs: number;
  account_id: string;
  org_id?: string;
  api_key_id?: string;
  ip?: string;
  user_agent?: string;
  model?: string;
  endpoint?: string;
  request?: ExchangeRequest;
  response?: ExchangeResponse;
  usage?: Usage;
  status?: number;
  latency_ms?: number;
}

/** A row of the optional account table (contract §2). */
export interface AccountRecord {
  account_id: string;
  created_at?: string;
  createdMs?: number;
  org_id?: string;
  email_domain?: string;
  payment_fingerprint?: string;
  signup_ip?: string;
  country?: string;
  tier?: string;
  verified?: boolean;
}

export type VerdictKind = 'allow' | 'review' | 'block';

export interface Reason {
  signal: string;
  weight: number;
  detail: string;
}

/** One line of `verdicts.jsonl` (contract §3). */
export interface Verdict {
  account_id: string;
  verdict: VerdictKind;
  score: number;
  flagged_at: string | null;
  campaign_id: string | null;
  reasons: Reason[];
}

/** One element of `campaigns.json` (contract §3). */
export interface Campaign {
  campaign_id: string;
  accounts: string[];
  exchanges: number;
  first_seen: string;
  last_seen: string;
  score: number;
  signals: string[];
  summary: string;
  /**
   * The values behind the campaign's links that at least two members share
   * (an addition to contract §3): addresses, ranges (CIDR), clients
   * (User-Agent), e-mail domains, organisations, sign-up addresses, and
   * payment fingerprints as SHA-256 hex, never as themselves.
   */
  shared?: { kind: string; value: string; accounts: number }[];
}

/** One line of `labels.jsonl` (contract §4); evaluation only. */
export interface Label {
  account_id: string;
  label: 'benign' | 'campaign';
  campaign_id: string | null;
  persona: string;
}

/** One line of `quarantine.jsonl`. */
export interface QuarantineRecord {
  file: string;
  line: number;
  reason: string;
  /** The offending line, truncated. */
  raw: string;
}

/** Expected failures are values (STYLE habit 9). */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };
