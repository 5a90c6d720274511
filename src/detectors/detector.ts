/**
 * The detector plugin interface (STYLE habit 2: a spec plus a factory,
 * registered by name). A detector reads bounded per-account state and emits
 * signals; it never sees raw logs, the store or the network.
 */
import type { z } from 'zod';
import type { Exchange } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';
import type { AccountState } from '../state/account.js';

/** One piece of evidence about one account. */
export interface Signal {
  /** stable id, e.g. "content.cot_harvest" */
  signal: string;
  /** 0..1: how strongly this signal points at extraction */
  score: number;
  /** a sentence an analyst can read and check */
  detail: string;
}

export interface Detector {
  /** Called for every exchange of the account, after the shared state was updated. Optional. */
  observe?(state: AccountState, ex: Exchange, f: ExchangeFeatures): void;
  /** Signals for the account as it stands now. Must be cheap: it runs often. */
  evaluate(state: AccountState): Signal[];
  close?(): void;
}

export interface DetectorSpec<C extends z.ZodTypeAny = z.ZodTypeAny> {
  id: string;
  summary: string;
  /** what a campaign can do to evade this detector */
  evadedBy: string;
  /** which legitimate traffic it could wrongly point at, and what keeps that in check */
  falselyFlags: string;
  config: C;
  /** how much this detector's signals count in the account score */
  weight: number;
  create(cfg: z.infer<C>): Detector;
}

export function defineDetector<C extends z.ZodTypeAny>(spec: DetectorSpec<C>): DetectorSpec<C> {
  return spec;
}
