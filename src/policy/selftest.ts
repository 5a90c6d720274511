/**
 * Runs the `tests:` a policy file carries: each test asks a fresh policy
 * (empty buckets, empty manual block list) about one subject and standing and
 * compares the action, and optionally the rule and the shadowed action.
 */
import { ManualBlocks } from './blocks.js';
import { createPolicy } from './policy.js';
import type { PolicyFile, PolicyTest } from './schema.js';
import type { Decision, Standing, Subject } from './types.js';

export interface TestOutcome {
  name: string;
  ok: boolean;
  /** what was expected and what came, when it failed */
  problem?: string;
  decision: Decision;
}

const T0 = Date.UTC(2026, 0, 1);

export function standingOf(t: PolicyTest): Standing | undefined {
  const s = t.standing;
  if (!s) return undefined;
  return {
    verdict: s.verdict,
    score: s.score,
    flaggedAt: s.flagged_at ?? (s.verdict === 'allow' ? null : new Date(T0).toISOString()),
    campaignId: s.campaign_id,
    reasons: s.signals.map((signal) => ({ signal, weight: 1, detail: 'from the policy test' })),
    signature: s.signature ? { id: s.signature, campaignId: s.campaign_id ?? '' } : null,
  };
}

/** Runs every test of `file`; the file's own rules, exemptions and buckets. */
export function runPolicyTests(file: PolicyFile): TestOutcome[] {
  return file.tests.map((t) => {
    const blocks = new ManualBlocks(null);
    const policy = createPolicy(file, { blocks });
    const subject: Subject = { ...t.subject };
    const standing = standingOf(t);
    if (t.manual_block) blocks.block(subject.account_id, { note: 'policy test', by: 'test' }, policy.caseIdFor(subject.account_id, standing));
    for (let i = 0; i < t.repeat; i++) policy.decide(subject, standing, T0);
    const d = policy.decide(subject, standing, T0);
    const problems: string[] = [];
    if (d.action !== t.expect) problems.push(`expected ${t.expect}, got ${d.action}${d.wouldBe ? ` (would be ${d.wouldBe})` : ''}`);
    if (t.expect_would_be !== undefined && d.wouldBe !== t.expect_would_be) problems.push(`expected it would be ${t.expect_would_be}, got ${d.wouldBe ?? 'nothing'}`);
    if (t.expect_rule !== undefined && d.rule !== t.expect_rule) problems.push(`expected rule ${t.expect_rule ?? 'none'}, got ${d.rule ?? 'none'}`);
    return { name: t.name, ok: problems.length === 0, problem: problems.join('; ') || undefined, decision: d };
  });
}
