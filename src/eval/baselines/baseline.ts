/**
 * The shape every baseline defence shares: it sees the same exchanges, in
 * event-time order, that the scan saw, and remembers when it would have acted
 * on each account. Baselines never look ahead: `flaggedAt` for an account is
 * fixed from exchanges up to that moment only.
 */
import type { Exchange } from '../../contract/types.js';

export interface Baseline {
  /** short stable name printed on the scoreboard */
  readonly name: string;
  /** one sentence: what the defence is and where it comes from */
  readonly summary: string;
  /** Feeds one exchange; exchanges arrive in event-time order. */
  observe(ex: Exchange): void;
  /** Called once after the last exchange. */
  finish(): void;
  /** account → epoch ms at which the defence first acted on it */
  readonly flagged: ReadonlyMap<string, number>;
  /** optional per-account score (higher = more suspicious), for distributions */
  score?(account: string): number | undefined;
}

/** Tokens of an exchange: usage when logged, else a 4-characters-a-token estimate of the text. */
export function exchangeTokens(ex: Exchange): { input: number; output: number } {
  let input = ex.usage?.input_tokens;
  let output = ex.usage?.output_tokens;
  if (input === undefined) {
    let chars = ex.request?.system?.length ?? 0;
    for (const m of ex.request?.messages ?? []) chars += m.content.length;
    input = Math.ceil(chars / 4);
  }
  if (output === undefined) output = Math.ceil((ex.response?.text?.length ?? 0) / 4);
  return { input, output };
}

export const DAY_MS = 86_400_000;

