/**
 * Campaign members waiting for their first exchange: accounts a sweep found
 * in a campaign's cluster, tied to it by the card that pays for its members
 * (src/engine/coordinator.ts `payerTied` says why, what evades it and what
 * it falsely flags), that had sent nothing yet. Each sweep publishes them;
 * the account joins its campaign, for review, at its first exchange instead
 * of at the next sweep. With partitions each partition holds those of its
 * own accounts (the sweep's `resume`), so the join happens at the same
 * exchange whatever the partitioning.
 */
import type { Reason } from '../contract/types.js';
import type { AccountState } from '../state/account.js';

export interface PendingJoin {
  campaignId: string;
  /** the member's link score, as the sweep would have given it */
  score: number;
  reason: Reason;
}

/**
 * Joins `s` to the campaign waiting for it, when no campaign holds it yet:
 * for review (its own traffic can still block it). Returns true when it
 * did (the caller judges the account at this exchange).
 */
export function joinPending(s: AccountState, pending: ReadonlyMap<string, PendingJoin> | undefined): boolean {
  if (!pending || pending.size === 0 || s.campaignId !== null) return false;
  const p = pending.get(s.id);
  if (!p || s.record?.verified) return false;
  s.campaignId = p.campaignId;
  s.linkScore = p.score;
  s.linkReasons = [p.reason];
  s.campaignReviewOnly = true;
  return true;
}
