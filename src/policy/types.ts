/**
 * The seam between detection and enforcement. The gateway (`src/gateway/`) and
 * the service (`src/serve/`) ask a Policy what to do with a request; the
 * policy reads only the account's current standing (what the streaming engine
 * already decided) and the request's identity: no detector work happens here,
 * so a decision costs microseconds on the request path.
 */
import type { Reason, VerdictKind } from '../contract/types.js';

/** Graduated actions, mildest first (contract §5). */
export const ACTIONS = ['allow', 'shadow', 'throttle', 'degrade', 'block'] as const;
export type Action = (typeof ACTIONS)[number];

/** Who is asking: the identity of one request (contract §5 headers or the account table). */
export interface Subject {
  account_id: string;
  org_id?: string;
  api_key_id?: string;
  ip?: string;
  user_agent?: string;
  model?: string;
  /** from the account table (contract §2), when known */
  tier?: string;
  verified?: boolean;
}

/** What the engine currently holds about the account: read, never computed, on the request path. */
export interface Standing {
  verdict: VerdictKind;
  score: number;
  flaggedAt: string | null;
  campaignId: string | null;
  /** strongest first, as in verdicts.jsonl */
  reasons: readonly Reason[];
  /** a campaign signature this account matched, if any */
  signature?: { id: string; campaignId: string } | null;
}

/** How a degraded request is changed before it goes upstream. */
export interface Degrade {
  /** cap on max_tokens / max_output_tokens */
  maxTokens?: number;
  /** drop requested reasoning / thinking */
  dropReasoning?: boolean;
  /** drop logprobs / top_logprobs */
  dropLogprobs?: boolean;
}

export interface Decision {
  /** what the policy decided; `shadow` means "would have acted" and lets the request through */
  action: Action;
  /** the action a shadow decision would have taken, for logs and `--check` */
  wouldBe?: Action;
  /** the rule that decided, null for the default */
  rule: string | null;
  reasons: readonly Reason[];
  /** quoted by an appeal: the campaign id, or a case opened for the account */
  caseId?: string;
  /** with `throttle`: seconds until a retry may succeed */
  retryAfterS?: number;
  degrade?: Degrade;
}

export interface Policy {
  /** decides one request at `nowMs` (event time); may take a token from a bucket */
  decide(subject: Subject, standing: Standing | undefined, nowMs: number): Decision;
}
