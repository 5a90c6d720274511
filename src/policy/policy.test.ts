import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../audit/audit.js';
import { ManualBlocks, BlocksError } from './blocks.js';
import { createPolicy, DEFAULT_POLICY, accountCaseId } from './policy.js';
import { loadPolicyFile, parsePolicyText, PolicyError } from './load.js';
import { PolicyFile, type PolicyFileInput } from './schema.js';
import { runPolicyTests } from './selftest.js';
import type { Standing } from './types.js';

const T0 = Date.UTC(2026, 10, 2);
const st = (o: Partial<Standing> = {}): Standing => ({ verdict: 'allow', score: 0, flaggedAt: null, campaignId: null, reasons: [], signature: null, ...o });

test('the built-in default policy passes its own tests', () => {
  const out = runPolicyTests(PolicyFile.parse(DEFAULT_POLICY));
  assert.ok(out.length >= 5);
  for (const o of out) assert.ok(o.ok, `${o.name}: ${o.problem}`);
});

test('review alone never refuses under the default policy, whatever the score', () => {
  const p = createPolicy();
  for (let i = 0; i < 200; i++) {
    const d = p.decide({ account_id: `student-${i % 7}` }, st({ verdict: 'review', score: 0.6 + (i % 25) / 100 }), T0 + i * 100);
    assert.ok(d.action !== 'block' && d.action !== 'throttle', `request ${i}: ${d.action}`);
  }
});

test('rules are asked in order and the first match decides', () => {
  const p = createPolicy({ rules: [
    { id: 'allow-partner', when: { org: 'partner' }, action: 'allow' },
    { id: 'block-flagged', when: { flagged: true }, action: 'block', mode: 'enforce' },
  ] });
  assert.equal(p.decide({ account_id: 'a', org_id: 'partner' }, st({ verdict: 'block' }), T0).rule, 'allow-partner');
  assert.equal(p.decide({ account_id: 'a', org_id: 'other' }, st({ verdict: 'review' }), T0).action, 'block');
  assert.equal(p.decide({ account_id: 'a' }, st(), T0).action, 'allow');
  assert.equal(p.decide({ account_id: 'a' }, undefined, T0).rule, null);
});

test('a rule without a mode is shadow: decided and logged, not enforced', () => {
  const p = createPolicy({ rules: [{ id: 'new', when: { verdict: 'review' }, action: 'block' }] });
  const d = p.decide({ account_id: 'a' }, st({ verdict: 'review', campaignId: 'camp-7' }), T0);
  assert.deepEqual([d.action, d.wouldBe, d.rule, d.caseId], ['shadow', 'block', 'new', 'camp-7']);
});

test('an exempt organisation, tier or account is never blocked or throttled by a rule, but a manual block applies', () => {
  const blocks = new ManualBlocks(null);
  const p = createPolicy({
    exemptions: { orgs: ['univ'], tiers: ['enterprise'], accounts: ['vip'] },
    rules: [{ id: 'b', when: { verdict: 'block' }, action: 'block', mode: 'enforce' }],
  }, { blocks });
  for (const s of [{ account_id: 'x', org_id: 'univ' }, { account_id: 'x', tier: 'enterprise' }, { account_id: 'vip' }]) {
    const d = p.decide(s, st({ verdict: 'block' }), T0);
    assert.equal(d.action, 'shadow');
    assert.equal(d.wouldBe, 'block');
    assert.equal(d.reasons[0].signal, 'policy.exempt');
  }
  assert.equal(p.decide({ account_id: 'y', org_id: 'other' }, st({ verdict: 'block' }), T0).action, 'block');
  blocks.block('vip', { note: 'confirmed reseller', by: 'ana' }, p.caseIdFor('vip'));
  const d = p.decide({ account_id: 'vip' }, st(), T0);
  assert.deepEqual([d.action, d.rule, d.caseId], ['block', 'manual', accountCaseId('vip')]);
});

test('a throttle lets the burst through, then refuses with Retry-After until the bucket refills', () => {
  const p = createPolicy({ rules: [{ id: 't', when: { flagged: true }, action: 'throttle', mode: 'enforce', throttle: { account: { per_minute: 6, burst: 3 } } }] });
  const s = { account_id: 'a' };
  const r = st({ verdict: 'review' });
  for (let i = 0; i < 3; i++) assert.equal(p.decide(s, r, T0).action, 'allow');
  const d = p.decide(s, r, T0);
  assert.equal(d.action, 'throttle');
  assert.equal(d.retryAfterS, 10);
  assert.ok(d.caseId?.startsWith('case-'));
  assert.equal(p.decide(s, r, T0 + 9_000).action, 'throttle');
  assert.equal(p.decide(s, r, T0 + 10_000).action, 'allow');
  // another account has its own bucket
  assert.equal(p.decide({ account_id: 'b' }, r, T0).action, 'allow');
});

test('a campaign bucket is shared by all its accounts: a thousand accounts get one allowance', () => {
  const p = createPolicy({ rules: [{ id: 't', when: { campaign: true }, action: 'throttle', mode: 'enforce', throttle: { account: { per_minute: 60, burst: 5 }, campaign: { per_minute: 60, burst: 20 } } }] });
  let passed = 0;
  for (let i = 0; i < 1000; i++) if (p.decide({ account_id: `acct-${i}` }, st({ verdict: 'review', campaignId: 'c1' }), T0 + i).action === 'allow') passed++;
  assert.equal(passed, 20); // the campaign's burst: the requests span under a second, less than one token's refill
  assert.equal(p.decide({ account_id: 'alone' }, st({ verdict: 'review', campaignId: 'c2' }), T0).action, 'allow');
});

test('saved buckets come back in a new policy: a restart does not hand a throttled account or campaign a fresh burst', () => {
  const rules = { rules: [{ id: 't', when: { flagged: true }, action: 'throttle' as const, mode: 'enforce' as const, throttle: { account: { per_minute: 6, burst: 3 }, campaign: { per_minute: 6, burst: 4 } } }] };
  const p = createPolicy(rules);
  const r = st({ verdict: 'review', campaignId: 'c1' });
  for (let i = 0; i < 3; i++) assert.equal(p.decide({ account_id: 'a' }, r, T0).action, 'allow');
  assert.equal(p.decide({ account_id: 'b' }, r, T0).action, 'allow');
  const saved = JSON.parse(JSON.stringify(p.saveBuckets()));
  const q = createPolicy(rules);
  q.loadBuckets(saved);
  assert.equal(q.decide({ account_id: 'a' }, r, T0).action, 'throttle');
  // the campaign's bucket is empty too: another account of it gets nothing
  assert.equal(q.decide({ account_id: 'c' }, r, T0).action, 'throttle');
  assert.equal(q.decide({ account_id: 'a' }, r, T0 + 10_000).action, 'allow');
  // without the saved state, a fresh burst
  assert.equal(createPolicy(rules).decide({ account_id: 'a' }, r, T0).action, 'allow');
});

test('buckets of idle keys are dropped, so memory follows the active accounts', () => {
  const p = createPolicy({ rules: [{ id: 't', action: 'throttle', mode: 'enforce', throttle: { account: { per_minute: 60, burst: 10 } } }] });
  for (let i = 0; i < 10_000; i++) p.decide({ account_id: `a${i}` }, undefined, T0 + i);
  assert.ok(p.bucketKeys() >= 9_000);
  p.decide({ account_id: 'late' }, undefined, T0 + 3_600_000);
  assert.equal(p.bucketKeys(), 1);
});

test('matches IP ranges in v4 and v6, signals by name or prefix, signatures, scores, models and keys', () => {
  const f = (when: PolicyFileInput['rules'] extends (infer R)[] | undefined ? R extends { when?: infer W } ? W : never : never) =>
    createPolicy({ rules: [{ id: 'r', when, action: 'block', mode: 'enforce' }] });
  const ip = f({ ip: ['10.1.0.0/16', '2001:db8::/32', '192.0.2.7'] });
  assert.equal(ip.decide({ account_id: 'a', ip: '10.1.200.3' }, undefined, T0).action, 'block');
  assert.equal(ip.decide({ account_id: 'a', ip: '10.2.0.1' }, undefined, T0).action, 'allow');
  assert.equal(ip.decide({ account_id: 'a', ip: '2001:db8:5::1' }, undefined, T0).action, 'block');
  assert.equal(ip.decide({ account_id: 'a', ip: '2001:db9::1' }, undefined, T0).action, 'allow');
  assert.equal(ip.decide({ account_id: 'a', ip: '192.0.2.7' }, undefined, T0).action, 'block');
  assert.equal(ip.decide({ account_id: 'a', ip: 'not-an-ip' }, undefined, T0).action, 'allow');
  assert.equal(ip.decide({ account_id: 'a' }, undefined, T0).action, 'allow');
  const sig = f({ signal: ['campaign.', 'coverage.sweep'] });
  const reason = (signal: string) => [{ signal, weight: 1, detail: '' }];
  assert.equal(sig.decide({ account_id: 'a' }, st({ reasons: reason('campaign.resemblance') }), T0).action, 'block');
  assert.equal(sig.decide({ account_id: 'a' }, st({ reasons: reason('coverage.sweep') }), T0).action, 'block');
  assert.equal(sig.decide({ account_id: 'a' }, st({ reasons: reason('coverage.sweeps') }), T0).action, 'allow');
  const sg = f({ signature: ['sig-1'] });
  assert.equal(sg.decide({ account_id: 'a' }, st({ signature: { id: 'sig-1', campaignId: 'c' } }), T0).action, 'block');
  assert.equal(sg.decide({ account_id: 'a' }, st({ signature: { id: 'sig-2', campaignId: 'c' } }), T0).action, 'allow');
  const sc = f({ score_gte: 0.5, score_lt: 0.8, model: 'big', api_key: ['k1'], verified: false });
  assert.equal(sc.decide({ account_id: 'a', model: 'big', api_key_id: 'k1' }, st({ score: 0.5 }), T0).action, 'block');
  assert.equal(sc.decide({ account_id: 'a', model: 'big', api_key_id: 'k1' }, st({ score: 0.8 }), T0).action, 'allow');
  assert.equal(sc.decide({ account_id: 'a', model: 'big', api_key_id: 'k1', verified: true }, st({ score: 0.6 }), T0).action, 'allow');
  assert.equal(sc.decide({ account_id: 'a', model: 'small', api_key_id: 'k1' }, st({ score: 0.6 }), T0).action, 'allow');
});

test('a case id is the campaign id when the account is in one, else stable per account', () => {
  const p = createPolicy();
  assert.equal(p.caseIdFor('a', st({ campaignId: 'camp-3' })), 'camp-3');
  assert.equal(p.caseIdFor('a'), p.caseIdFor('a'));
  assert.notEqual(p.caseIdFor('a'), p.caseIdFor('b'));
  assert.match(p.caseIdFor('a'), /^case-[0-9a-f]{12}$/);
});

test('a policy file that is wrong says which file, where and why', () => {
  const badIp = 'rules:\n  - id: ok\n    action: block\n  - id: t\n    action: block\n    when:\n      ip: [10.0.0.0/40]\n';
  assert.throws(() => parsePolicyText(badIp, 'p.yaml'), (e: Error) => e instanceof PolicyError && /^p\.yaml:7: rules\.1\.when\.ip\.0: not an IP address or CIDR range/.test(e.message));
  const noBucket = 'rules:\n  - id: ok\n    action: block\n  - id: t\n    action: throttle\n';
  assert.throws(() => parsePolicyText(noBucket, 'p.yaml'), /p\.yaml:4: rules\.1\.throttle: a throttle rule needs/);
  assert.throws(() => parsePolicyText('rules: [\n', 'q.yaml'), /q\.yaml:\d+:\d+: not valid YAML or JSON/);
  assert.throws(() => parsePolicyText('rules:\n  - { id: a, action: block, colour: red }\n', 'r.yaml'), /r\.yaml:2: rules\.0: Unrecognized key\(s\) in object: 'colour'/);
  assert.throws(() => parsePolicyText('rules:\n  - { id: a, action: allow }\n  - { id: a, action: block }\n', 'd.yaml'), /rules\.1\.id: rule id a is used twice/);
  assert.throws(() => loadPolicyFile('/nonexistent/policy.yaml'), /\/nonexistent\/policy\.yaml: cannot read the policy file: ENOENT/);
  // JSON is YAML
  assert.equal(parsePolicyText('{"fail_mode": "fail_closed", "rules": []}', 'p.json').fail_mode, 'fail_closed');
});

test('policy tests inside a file fail when the rules disagree with them', () => {
  const file = PolicyFile.parse({ rules: [{ id: 'b', when: { verdict: 'block' }, action: 'block' }], tests: [
    { name: 'shadow by default', standing: { verdict: 'block' }, expect: 'shadow', expect_would_be: 'block', expect_rule: 'b' },
    { name: 'wrongly expects enforcement', standing: { verdict: 'block' }, expect: 'block' },
  ] });
  const out = runPolicyTests(file);
  assert.deepEqual(out.map((o) => o.ok), [true, false]);
  assert.match(out[1].problem!, /expected block, got shadow \(would be block\)/);
});

test('manual blocks survive a restart and each change is in the audit log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-blocks-'));
  try {
    const audit = new AuditLog(join(dir, 'audit.jsonl'));
    const a = new ManualBlocks(dir, audit);
    a.block('acct-1', { note: 'harvesting', by: 'ana', caseId: 'camp-9' }, 'unused');
    a.block('acct-2', { note: 'second', by: 'ana' }, 'case-x');
    assert.equal(a.unblock('acct-2', { note: 'appeal upheld', by: 'bo' }), true);
    assert.equal(a.unblock('acct-3', { note: 'n', by: 'bo' }), false);
    const b = new ManualBlocks(dir);
    assert.deepEqual(b.list().map((x) => [x.account_id, x.case_id, x.by]), [['acct-1', 'camp-9', 'ana']]);
    assert.deepEqual(audit.list().map((e) => [e.action, e.target, e.actor]).reverse(), [['block', 'account:acct-1', 'ana'], ['block', 'account:acct-2', 'ana'], ['unblock', 'account:acct-2', 'bo']]);
    writeFileSync(join(dir, 'blocks.json'), '{"version":1,"blocks":[{"account_id":""}]}');
    assert.throws(() => new ManualBlocks(dir), (e: Error) => e instanceof BlocksError && /blocks\.json: blocks\.0\./.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
