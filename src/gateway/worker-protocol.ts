/**
 * Messages between the gateway's request thread (src/gateway/online.ts) and
 * its engine worker (src/gateway/engine-worker.ts). The worker handles them
 * one at a time in the order sent, so a query or a sweep sees every batch of
 * exchanges sent before it.
 */
import type { Reason, VerdictKind } from '../contract/types.js';

/** One account's standing as the request thread's table holds it; `reasons` only when they were rebuilt. */
export interface StandingUpdate {
  id: string;
  verdict: VerdictKind;
  score: number;
  flaggedAt: string | null;
  campaignId: string | null;
  signature: { id: string; campaignId: string } | null;
  reasons?: Reason[];
}

/** What tests and the bench read of one account's engine state. */
export interface AccountSummary {
  id: string;
  n: number;
  firstMs: number;
  verdict: VerdictKind;
  score: number;
  flaggedAt: string | null;
  campaignId: string | null;
}

interface Counts {
  accounts: number;
  exchanges: number;
  sweeps: number;
}

export type ToWorker =
  /** completed exchanges as §1 lines, newline-separated (one string clones as one copy) */
  | { t: 'batch'; seq: number; lines: string }
  | { t: 'sweep'; id: number }
  | { t: 'verdicts'; id: number }
  | { t: 'campaigns'; id: number }
  | { t: 'account'; id: number; account: string }
  | { t: 'accounts'; id: number }
  | { t: 'stats'; id: number }
  | { t: 'break'; id: number }
  /** campaign signatures followed from a file (signatures.json form), matched by the engine beside its own */
  | { t: 'signatures'; file: unknown }
  | { t: 'close'; id: number };

export type FromWorker =
  | ({ t: 'ready'; restored: { exchanges: number; ms: number; replayMs: number }; table: StandingUpdate[] } & Counts)
  | { t: 'init-error'; usage: boolean; message: string }
  | ({ t: 'applied'; seq: number; updates: StandingUpdate[]; pushMs: Float64Array } & Counts)
  | ({ t: 'reply'; id: number; value: unknown; updates?: StandingUpdate[] } & Partial<Counts>)
  | { t: 'failed'; error: string }
  /** a snapshot was written (the request thread saves its token buckets beside it) */
  | { t: 'snapshot' };
