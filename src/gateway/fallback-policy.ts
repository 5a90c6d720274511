/**
 * The policy the gateway applies when no `--policy` is given: the engine's
 * verdict, enforced. `block` blocks; `review` throttles (an analyst has not yet
 * looked, and a wrongly flagged class behind one NAT should be slowed, not
 * banned); `allow` allows. The case an appeal quotes is the campaign id, or a
 * stable per-account case.
 */
import { createHash } from 'node:crypto';
import type { Decision, Policy, Standing, Subject } from '../policy/types.js';

/** Seconds a throttled account is told to wait. */
const REVIEW_RETRY_AFTER_S = 60;

export function caseIdOf(accountId: string, standing?: Standing): string {
  return standing?.campaignId ?? 'case_' + createHash('sha256').update(accountId).digest('hex').slice(0, 12);
}

export const verdictPolicy: Policy = {
  decide(subject: Subject, standing: Standing | undefined): Decision {
    if (!standing || standing.verdict === 'allow') return { action: 'allow', rule: null, reasons: [] };
    const caseId = caseIdOf(subject.account_id, standing);
    if (standing.verdict === 'block') return { action: 'block', rule: 'verdict.block', reasons: standing.reasons, caseId };
    return { action: 'throttle', rule: 'verdict.review', reasons: standing.reasons, caseId, retryAfterS: REVIEW_RETRY_AFTER_S };
  },
};

/** Decides as `inner` would, but enforces nothing: every decision becomes `shadow` with `wouldBe`. */
export function shadowOf(inner: Policy): Policy {
  return {
    decide(subject, standing, nowMs) {
      const d = inner.decide(subject, standing, nowMs);
      if (d.action === 'allow' || d.action === 'shadow') return d;
      return { ...d, action: 'shadow', wouldBe: d.action };
    },
  };
}
