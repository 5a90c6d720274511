/**
 * The policy file (`--policy FILE`, YAML or JSON): one schema, parsed once
 * when the file is loaded, so the request path never looks at configuration.
 *
 * ```yaml
 * version: 1
 * fail_mode: fail_open
 * exemptions: { orgs: [org-univ], tiers: [enterprise], accounts: [] }
 * rules:
 *   - id: block-verdict
 *     when: { verdict: block }
 *     action: block
 *     mode: enforce
 * tests:
 *   - name: a blocked account is refused
 *     standing: { verdict: block, score: 0.9 }
 *     expect: block
 * ```
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { ACTIONS } from './types.js';

const oneOrMany = <T extends z.ZodTypeAny>(t: T) => z.union([t, z.array(t).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

const Cidr = z.string().refine((s) => {
  const [addr, bits, ...rest] = s.split('/');
  const v = isIP(addr);
  if (!v || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (v === 4 ? 32 : 128);
}, { message: 'not an IP address or CIDR range (v4 or v6), e.g. 10.0.0.0/8 or 2001:db8::/32' });

/** What a rule matches on; every field given must hold (AND), a list matches any of its values (OR). */
export const When = z.object({
  // the account's standing (what the engine holds now)
  verdict: oneOrMany(z.enum(['allow', 'review', 'block'])).optional(),
  score_gte: z.number().min(0).max(1).optional(),
  score_lt: z.number().min(0).max(1).optional(),
  /** verdict review or block */
  flagged: z.boolean().optional(),
  /** true: in any campaign; false: in none; a list: in one of these */
  campaign: z.union([z.boolean(), oneOrMany(z.string().min(1))]).optional(),
  /** true: matched any campaign signature; a list: one of these signature ids */
  signature: z.union([z.boolean(), oneOrMany(z.string().min(1))]).optional(),
  /** one of the standing's reasons has this signal (exact, or a prefix ending in `.`, e.g. `campaign.`) */
  signal: oneOrMany(z.string().min(1)).optional(),
  // the request's identity
  org: oneOrMany(z.string().min(1)).optional(),
  tier: oneOrMany(z.string().min(1)).optional(),
  verified: z.boolean().optional(),
  account: oneOrMany(z.string().min(1)).optional(),
  api_key: oneOrMany(z.string().min(1)).optional(),
  model: oneOrMany(z.string().min(1)).optional(),
  ip: oneOrMany(Cidr).optional(),
}).strict();
export type When = z.output<typeof When>;

const Bucket = z.object({
  /** sustained requests per minute */
  per_minute: z.number().positive(),
  /** requests allowed at once after a quiet spell */
  burst: z.number().int().min(1),
}).strict();
export type BucketSpec = z.output<typeof Bucket>;

const Throttle = z.object({
  account: Bucket.optional(),
  campaign: Bucket.optional(),
}).strict().refine((t) => t.account || t.campaign, { message: 'a throttle needs an account or a campaign bucket' });

const DegradeSpec = z.object({
  max_tokens: z.number().int().min(1).optional(),
  drop_reasoning: z.boolean().optional(),
  drop_logprobs: z.boolean().optional(),
}).strict().refine((d) => d.max_tokens !== undefined || d.drop_reasoning || d.drop_logprobs, { message: 'a degrade changes nothing: give max_tokens, drop_reasoning or drop_logprobs' });

export const Rule = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, `.`, `_`, `-`'),
  description: z.string().optional(),
  when: When.default({}),
  action: z.enum(ACTIONS),
  /** a new rule is decided and logged but not enforced until a person sets `enforce` */
  mode: z.enum(['shadow', 'enforce']).default('shadow'),
  throttle: Throttle.optional(),
  degrade: DegradeSpec.optional(),
}).strict().superRefine((r, ctx) => {
  if (r.action === 'throttle' && !r.throttle) ctx.addIssue({ code: 'custom', path: ['throttle'], message: 'a throttle rule needs `throttle: { account: { per_minute, burst } }` and/or `campaign: {...}`' });
  if (r.action !== 'throttle' && r.throttle) ctx.addIssue({ code: 'custom', path: ['throttle'], message: `only a throttle rule takes throttle parameters (this one is ${r.action})` });
  if (r.action === 'degrade' && !r.degrade) ctx.addIssue({ code: 'custom', path: ['degrade'], message: 'a degrade rule needs `degrade: { max_tokens?, drop_reasoning?, drop_logprobs? }`' });
  if (r.action !== 'degrade' && r.degrade) ctx.addIssue({ code: 'custom', path: ['degrade'], message: `only a degrade rule takes degrade parameters (this one is ${r.action})` });
  if (r.when.score_gte !== undefined && r.when.score_lt !== undefined && r.when.score_gte >= r.when.score_lt) ctx.addIssue({ code: 'custom', path: ['when'], message: 'score_gte must be below score_lt, or the rule never matches' });
});
export type Rule = z.output<typeof Rule>;

const Exemptions = z.object({
  orgs: z.array(z.string().min(1)).default([]),
  tiers: z.array(z.string().min(1)).default([]),
  accounts: z.array(z.string().min(1)).default([]),
}).strict();

const TestSubject = z.object({
  account_id: z.string().min(1).default('test-account'),
  org_id: z.string().optional(),
  api_key_id: z.string().optional(),
  ip: z.string().optional(),
  user_agent: z.string().optional(),
  model: z.string().optional(),
  tier: z.string().optional(),
  verified: z.boolean().optional(),
}).strict();

const TestStanding = z.object({
  verdict: z.enum(['allow', 'review', 'block']).default('allow'),
  score: z.number().min(0).max(1).default(0),
  flagged_at: z.string().nullable().default(null),
  campaign_id: z.string().nullable().default(null),
  signals: z.array(z.string()).default([]),
  signature: z.string().nullable().default(null),
}).strict();

export const PolicyTest = z.object({
  name: z.string().min(1),
  subject: TestSubject.default({}),
  /** absent: an account the engine has not seen */
  standing: TestStanding.optional(),
  /** manually blocked before the request */
  manual_block: z.boolean().default(false),
  /** the action the gateway takes (a shadow rule gives `shadow`) */
  expect: z.enum(ACTIONS),
  /** with a shadow decision: what it would have done */
  expect_would_be: z.enum(ACTIONS).optional(),
  /** the rule that decides (`null` for no rule, `manual` for the manual block list) */
  expect_rule: z.string().nullable().optional(),
  /** requests sent at the same instant before this one (to empty a throttle bucket) */
  repeat: z.number().int().min(0).max(10_000).default(0),
}).strict();
export type PolicyTest = z.output<typeof PolicyTest>;

export const PolicyFile = z.object({
  version: z.literal(1).default(1),
  description: z.string().optional(),
  /** what the gateway does when the engine is behind or failing: serve (open) or refuse (closed) */
  fail_mode: z.enum(['fail_open', 'fail_closed']).default('fail_open'),
  exemptions: Exemptions.default({}),
  rules: z.array(Rule).default([]),
  tests: z.array(PolicyTest).default([]),
}).strict().superRefine((p, ctx) => {
  const seen = new Set<string>();
  p.rules.forEach((r, i) => {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `rule id ${r.id} is used twice` });
    seen.add(r.id);
  });
  p.tests.forEach((t, i) => {
    if (t.expect_rule && t.expect_rule !== 'manual' && !seen.has(t.expect_rule)) ctx.addIssue({ code: 'custom', path: ['tests', i, 'expect_rule'], message: `no rule has id ${t.expect_rule}` });
  });
});
export type PolicyFile = z.output<typeof PolicyFile>;
export type PolicyFileInput = z.input<typeof PolicyFile>;
