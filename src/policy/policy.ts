/**
 * The policy behind the seam of `types.ts`: a policy file's rules compiled
 * once into predicates, asked in order, first match wins.
 *
 * Order of a decision:
 * 1. the manual block list (a person's block applies to everyone, exempt or not);
 * 2. the rules, first match wins; an exempt subject (organisation, tier or
 *    account listed under `exemptions`) is never throttled or blocked by a
 *    rule: the decision is `shadow` with the action it would have taken, so
 *    the log still shows it;
 * 3. no rule matched: allow.
 *
 * A rule in `mode: shadow` (the default for a new rule) decides `shadow` and
 * names in `wouldBe` what it would have done; the request goes through.
 * A throttle rule lets a request through while its buckets (per account and,
 * when the account is in a campaign, per campaign) hold a token, and throttles
 * it when either is empty, with `Retry-After` the time until both refill one.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { Reason } from '../contract/types.js';
import { hash48 } from '../util/hash.js';
import { Buckets } from './buckets.js';
import { ManualBlocks } from './blocks.js';
import { PolicyFile, type PolicyFileInput, type Rule, type When } from './schema.js';
import type { Action, Decision, Degrade, Policy, Standing, Subject } from './types.js';

export interface EnforcementPolicy extends Policy {
  /** what the gateway does when the engine is behind or failing */
  readonly failMode: 'fail_open' | 'fail_closed';
  /** the validated file the policy was built from */
  readonly spec: PolicyFile;
  /** manual blocks, consulted before any rule */
  readonly blocks: ManualBlocks;
  /** the case an appeal quotes: the campaign id when the account is in one, else a stable per-account case */
  caseIdFor(accountId: string, standing?: Standing): string;
  /** token-bucket keys held now, over all throttle rules (memory is bounded by the active keys) */
  bucketKeys(): number;
  /** the throttle rules' buckets, by rule id, for the gateway's state directory */
  saveBuckets(): BucketsState;
  /** buckets saved by `saveBuckets`; a rule no longer in the policy, or whose buckets are gone, is skipped */
  loadBuckets(s: BucketsState): void;
}

export type BucketsState = Record<string, { account?: [string, number, number][]; campaign?: [string, number, number][] }>;

export interface PolicyOptions {
  /** the manual block list (default: an empty one held in memory) */
  blocks?: ManualBlocks;
}

/** An account the engine has not seen yet. */
const UNSEEN: Standing = { verdict: 'allow', score: 0, flaggedAt: null, campaignId: null, reasons: [], signature: null };

const ALLOW: Decision = Object.freeze({ action: 'allow', rule: null, reasons: [] });

/**
 * A stable case id for an account not in a campaign: the same account always
 * gets the same id (an appeal quotes it, support finds the account by it).
 * 48 bits: a collision among a million accounts is about one in 500.
 */
export function accountCaseId(accountId: string): string {
  return 'case-' + hash48(accountId).toString(16).padStart(12, '0');
}

export function caseIdFor(accountId: string, standing?: Standing): string {
  return standing?.campaignId ?? accountCaseId(accountId);
}

type Pred = (s: Subject, st: Standing) => boolean;

function signalMatcher(names: readonly string[]): (signal: string) => boolean {
  const exact = new Set(names.filter((n) => !n.endsWith('.')));
  const prefixes = names.filter((n) => n.endsWith('.'));
  return (sig) => exact.has(sig) || prefixes.some((p) => sig.startsWith(p));
}

function ipMatcher(ranges: readonly string[]): (ip: string) => boolean {
  const list = new BlockList();
  for (const r of ranges) {
    const [addr, bits] = r.split('/');
    const type = isIPv4(addr) ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return (ip) => (isIPv4(ip) ? list.check(ip, 'ipv4') : isIPv6(ip) ? list.check(ip, 'ipv6') : false);
}

/** One predicate per field the rule gives; a rule with none matches everything. */
function compileWhen(w: When): Pred[] {
  const p: Pred[] = [];
  if (w.verdict) {
    const v = new Set<string>(w.verdict);
    p.push((_, st) => v.has(st.verdict));
  }
  if (w.score_gte !== undefined) {
    const x = w.score_gte;
    p.push((_, st) => st.score >= x);
  }
  if (w.score_lt !== undefined) {
    const x = w.score_lt;
    p.push((_, st) => st.score < x);
  }
  if (w.flagged !== undefined) {
    const want = w.flagged;
    p.push((_, st) => (st.verdict !== 'allow') === want);
  }
  if (typeof w.campaign === 'boolean') {
    const want = w.campaign;
    p.push((_, st) => (st.campaignId !== null) === want);
  } else if (w.campaign) {
    const ids = new Set(w.campaign);
    p.push((_, st) => st.campaignId !== null && ids.has(st.campaignId));
  }
  if (typeof w.signature === 'boolean') {
    const want = w.signature;
    p.push((_, st) => Boolean(st.signature) === want);
  } else if (w.signature) {
    const ids = new Set(w.signature);
    p.push((_, st) => !!st.signature && ids.has(st.signature.id));
  }
  if (w.signal) {
    const m = signalMatcher(w.signal);
    p.push((_, st) => st.reasons.some((r) => m(r.signal)));
  }
  const field = (vals: readonly string[] | undefined, get: (s: Subject) => string | undefined) => {
    if (!vals) return;
    const set = new Set(vals);
    p.push((s) => {
      const v = get(s);
      return v !== undefined && set.has(v);
    });
  };
  field(w.org, (s) => s.org_id);
  field(w.tier, (s) => s.tier);
  field(w.account, (s) => s.account_id);
  field(w.api_key, (s) => s.api_key_id);
  field(w.model, (s) => s.model);
  if (w.verified !== undefined) {
    const want = w.verified;
    p.push((s) => (s.verified === true) === want);
  }
  if (w.ip) {
    const m = ipMatcher(w.ip);
    p.push((s) => s.ip !== undefined && m(s.ip));
  }
  return p;
}

interface Compiled {
  rule: Rule;
  preds: Pred[];
  degrade?: Degrade;
  accountBuckets?: Buckets;
  campaignBuckets?: Buckets;
}

function compile(rule: Rule): Compiled {
  const c: Compiled = { rule, preds: compileWhen(rule.when) };
  if (rule.degrade) c.degrade = Object.freeze({ maxTokens: rule.degrade.max_tokens, dropReasoning: rule.degrade.drop_reasoning, dropLogprobs: rule.degrade.drop_logprobs });
  if (rule.throttle?.account) c.accountBuckets = new Buckets(rule.throttle.account);
  if (rule.throttle?.campaign) c.campaignBuckets = new Buckets(rule.throttle.campaign);
  return c;
}

function matches(c: Compiled, s: Subject, st: Standing): boolean {
  const p = c.preds;
  for (let i = 0; i < p.length; i++) if (!p[i](s, st)) return false;
  return true;
}

/**
 * Builds a policy from a policy file's content (validated here, so a caller
 * may pass a parsed YAML object); without one, the built-in default policy.
 *
 * @example
 * const policy = createPolicy(loadPolicyFile('policy.yaml'), { blocks: new ManualBlocks(stateDir, audit) });
 * const d = policy.decide({ account_id: 'acct-1' }, engineStanding, Date.now());
 */
export function createPolicy(spec?: PolicyFileInput | PolicyFile, opts: PolicyOptions = {}): EnforcementPolicy {
  const file = PolicyFile.parse(spec ?? DEFAULT_POLICY);
  const rules = file.rules.map(compile);
  const blocks = opts.blocks ?? new ManualBlocks(null);
  const exemptOrgs = new Set(file.exemptions.orgs);
  const exemptTiers = new Set(file.exemptions.tiers);
  const exemptAccounts = new Set(file.exemptions.accounts);
  const anyExempt = exemptOrgs.size + exemptTiers.size + exemptAccounts.size > 0;

  const exemption = (s: Subject): string | null => {
    if (!anyExempt) return null;
    if (exemptAccounts.has(s.account_id)) return `account ${s.account_id} is exempt`;
    if (s.org_id !== undefined && exemptOrgs.has(s.org_id)) return `organisation ${s.org_id} is exempt`;
    if (s.tier !== undefined && exemptTiers.has(s.tier)) return `tier ${s.tier} is exempt`;
    return null;
  };

  const shadowOf = (c: Compiled, wouldBe: Action, reasons: readonly Reason[], caseId?: string): Decision =>
    ({ action: 'shadow', wouldBe, rule: c.rule.id, reasons, caseId });

  /** a throttle rule: null when both buckets hold a token (taken), else the wait in ms */
  const meter = (c: Compiled, s: Subject, st: Standing, nowMs: number): number => {
    const camp = c.campaignBuckets && st.campaignId !== null ? st.campaignId : null;
    const waitA = c.accountBuckets ? c.accountBuckets.waitMs(s.account_id, nowMs) : 0;
    const waitC = camp !== null ? c.campaignBuckets!.waitMs(camp, nowMs) : 0;
    const wait = Math.max(waitA, waitC);
    if (wait > 0) return wait;
    if (c.accountBuckets) c.accountBuckets.take(s.account_id);
    if (camp !== null) c.campaignBuckets!.take(camp);
    return 0;
  };

  const decideRule = (c: Compiled, s: Subject, st: Standing, nowMs: number): Decision => {
    const r = c.rule;
    const reasons = st.reasons;
    switch (r.action) {
      case 'allow':
        return { action: 'allow', rule: r.id, reasons };
      case 'shadow':
        return { action: 'shadow', rule: r.id, reasons };
      case 'degrade':
        if (r.mode === 'shadow') return shadowOf(c, 'degrade', reasons);
        return { action: 'degrade', rule: r.id, reasons, degrade: c.degrade };
      case 'block': {
        const caseId = caseIdFor(s.account_id, st);
        const ex = exemption(s);
        if (ex) return shadowOf(c, 'block', [exemptReason(ex), ...reasons], caseId);
        if (r.mode === 'shadow') return shadowOf(c, 'block', reasons, caseId);
        return { action: 'block', rule: r.id, reasons, caseId };
      }
      case 'throttle': {
        const wait = meter(c, s, st, nowMs);
        // under its rate the request goes through; the rule is named so the log shows it is metered
        if (wait === 0) return { action: 'allow', rule: r.id, reasons };
        const caseId = caseIdFor(s.account_id, st);
        const ex = exemption(s);
        if (ex) return shadowOf(c, 'throttle', [exemptReason(ex), ...reasons], caseId);
        if (r.mode === 'shadow') return shadowOf(c, 'throttle', reasons, caseId);
        return { action: 'throttle', rule: r.id, reasons, caseId, retryAfterS: Math.max(1, Math.ceil(wait / 1000)) };
      }
    }
  };

  return {
    failMode: file.fail_mode,
    spec: file,
    blocks,
    caseIdFor,
    bucketKeys: () => rules.reduce((n, c) => n + (c.accountBuckets?.size ?? 0) + (c.campaignBuckets?.size ?? 0), 0),
    saveBuckets() {
      const out: BucketsState = {};
      for (const c of rules) if (c.accountBuckets || c.campaignBuckets) out[c.rule.id] = { account: c.accountBuckets?.dump(), campaign: c.campaignBuckets?.dump() };
      return out;
    },
    loadBuckets(state: BucketsState) {
      for (const c of rules) {
        const s = state[c.rule.id];
        if (!s) continue;
        if (s.account) c.accountBuckets?.load(s.account);
        if (s.campaign) c.campaignBuckets?.load(s.campaign);
      }
    },
    decide(subject: Subject, standing: Standing | undefined, nowMs: number): Decision {
      if (blocks.size > 0) {
        const m = blocks.get(subject.account_id);
        if (m) return { action: 'block', rule: 'manual', caseId: m.case_id, reasons: [{ signal: 'policy.manual_block', weight: 1, detail: `blocked by ${m.by} at ${m.at}: ${m.note}` }] };
      }
      const st = standing ?? UNSEEN;
      for (let i = 0; i < rules.length; i++) {
        if (matches(rules[i], subject, st)) return decideRule(rules[i], subject, st, nowMs);
      }
      return ALLOW;
    },
  };
}

function exemptReason(detail: string): Reason {
  return { signal: 'policy.exempt', weight: 0, detail: `${detail}: never throttled or blocked automatically` };
}

/**
 * The policy when no file is given. Only an engine `block` verdict blocks:
 * `review` means "a person should look", and a class of students drilling one
 * benchmark can reach it, so review alone never refuses a request.
 * - `block` verdict → block (the engine's block needs strong evidence of its own
 *   or a decisive tie to a campaign);
 * - `review` inside a campaign → throttle, per account 2 a minute (burst 10)
 *   and per campaign 30 a minute (burst 60): a person typing stays under it,
 *   a campaign spread over a thousand accounts shares one small allowance;
 * - `review` alone → degrade: answers capped at 2,048 tokens, no reasoning
 *   traces or log-probabilities, the parts a distiller values most, while the
 *   person still gets an answer;
 * - everything else → allow. Fail open: a stalled engine does not take the API down.
 * Evades it: accounts that stay below review (see docs/detection.md for what
 * keeps an account there); a campaign's accounts at review each keep 2 a minute.
 * Falsely hits: whatever the engine falsely sends to review or block.
 */
export const DEFAULT_POLICY: PolicyFileInput = {
  version: 1,
  description: 'built-in default: block on a block verdict, throttle a campaign at review, degrade review alone',
  fail_mode: 'fail_open',
  rules: [
    { id: 'block-verdict', description: 'the engine blocked the account', when: { verdict: 'block' }, action: 'block', mode: 'enforce' },
    {
      id: 'campaign-review-throttle', description: 'in a campaign, sent to review', when: { verdict: 'review', campaign: true }, action: 'throttle', mode: 'enforce',
      throttle: { account: { per_minute: 2, burst: 10 }, campaign: { per_minute: 30, burst: 60 } },
    },
    {
      id: 'review-degrade', description: 'sent to review on its own evidence', when: { verdict: 'review' }, action: 'degrade', mode: 'enforce',
      degrade: { max_tokens: 2048, drop_reasoning: true, drop_logprobs: true },
    },
  ],
  tests: [
    { name: 'an unseen account is allowed', expect: 'allow', expect_rule: null },
    { name: 'a block verdict blocks', standing: { verdict: 'block', score: 0.9 }, expect: 'block', expect_rule: 'block-verdict' },
    { name: 'review alone degrades, never refuses', standing: { verdict: 'review', score: 0.7 }, expect: 'degrade', expect_rule: 'review-degrade' },
    { name: 'review in a campaign is metered: under the rate it passes', standing: { verdict: 'review', score: 0.7, campaign_id: 'c1' }, expect: 'allow', expect_rule: 'campaign-review-throttle' },
    { name: 'review in a campaign is throttled past its burst', standing: { verdict: 'review', score: 0.7, campaign_id: 'c1' }, repeat: 10, expect: 'throttle' },
    { name: 'a manual block applies to anyone', manual_block: true, expect: 'block', expect_rule: 'manual' },
  ],
};
