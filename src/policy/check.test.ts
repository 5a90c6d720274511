/**
 * `policy check` on a labelled world from our simulator, against `scan` of the
 * same log: the policy reads the standing an account had when each request
 * arrived, so no refusal comes before scan's flag, benign accounts are not
 * refused, and campaigns are.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Verdict } from '../contract/types.js';
import { scan } from '../engine/scan.js';
import { runEval } from '../eval/eval.js';
import { simulateWorld } from '../simulate/world.js';
import { checkPolicy, formatCheck, type CheckReport } from './check.js';
import { createPolicy, DEFAULT_POLICY } from './policy.js';
import type { PolicyFileInput } from './schema.js';

/** benign accounts the default policy may refuse: review alone never refuses, so only a block verdict can (the engine's own rate is about 1%) */
const MAX_BENIGN_REFUSED = 0.01;
/** campaign accounts the default policy must refuse at least once in this world */
const MIN_RECALL = 0.8;

let dir = '';
let world = '';
let verdicts = new Map<string, Verdict>();
let report: CheckReport;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dg-policy-check-'));
  world = join(dir, 'world');
  await simulateWorld({ scenario: 'mixed', scale: 0.05, seed: 11, days: 5, out: world });
  await scan({ inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), out: join(dir, 'scan'), store: false, workers: 0 });
  verdicts = new Map(readFileSync(join(dir, 'scan', 'verdicts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Verdict).map((v) => [v.account_id, v]));
  report = await checkPolicy({ policy: createPolicy(), inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), labels: join(world, 'labels.jsonl'), listAccounts: 100_000 });
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the default policy refuses campaign accounts and leaves benign ones served', () => {
  const l = report.labels!;
  assert.ok(l.campaignAccounts > 20 && l.benignAccounts > 50, `world too small: ${l.campaignAccounts} campaign, ${l.benignAccounts} benign`);
  assert.ok(l.recallRefused >= MIN_RECALL, `campaign accounts refused: ${l.recallRefused}`);
  assert.ok(l.benignRefused <= MAX_BENIGN_REFUSED, `benign accounts refused: ${l.benignRefused}`);
  assert.ok(l.leakageBeforeRefusal < 0.5 && l.leakageBeforeRefusal <= l.leakageServed, `leakage ${l.leakageBeforeRefusal} / served ${l.leakageServed}`);
  assert.equal(report.exchanges, Object.values(report.byAction).reduce((a, b) => a + b, 0));
  assert.match(formatCheck(report), /campaign accounts refused at least once/);
});

test('no account is refused before scan flags it: the policy reads the standing at the request, never a later one', () => {
  const refused = report.firstActions.filter((f) => f.refused_at);
  assert.ok(refused.length > 10);
  for (const f of refused) {
    const v = verdicts.get(f.account_id)!;
    assert.notEqual(v.verdict, 'allow', `${f.account_id} refused at ${f.refused_at} but scan never flags it`);
    // a sweep's flag carries the ts of the exchange that triggered it, which the policy sees: refused at that same ts at the earliest
    assert.ok(v.flagged_at !== null && f.refused_at! >= v.flagged_at, `${f.account_id} refused at ${f.refused_at}, flagged at ${v.flagged_at}`);
  }
});

test('the same rules in shadow mode refuse nothing and report what they would have done', async () => {
  const shadow: PolicyFileInput = { ...DEFAULT_POLICY, rules: DEFAULT_POLICY.rules!.map((r) => ({ ...r, mode: 'shadow' as const })), tests: [] };
  const r = await checkPolicy({ policy: createPolicy(shadow), inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), labels: join(world, 'labels.jsonl') });
  assert.equal(r.refused, 0);
  assert.equal(r.byAction.block + r.byAction.throttle + r.byAction.degrade, 0);
  assert.equal(r.shadowWouldBe.block, report.byAction.block);
  assert.equal(r.labels!.recallRefused, 0);
  assert.equal(r.labels!.leakageServed, 1);
});

test('refusing every flagged account gives scan\'s own recall, false positives and leakage', async () => {
  const e = await runEval({ world, verdicts: join(dir, 'scan'), baselines: [] });
  const r = await checkPolicy({
    policy: createPolicy({ rules: [{ id: 'flagged-block', when: { flagged: true }, action: 'block', mode: 'enforce' }] }),
    inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), labels: join(world, 'labels.jsonl'),
  });
  const l = r.labels!;
  // an account flagged at its very last exchange is never refused: at most a few accounts apart
  assert.ok(Math.abs(l.recallRefused - e.accountRecall!) <= 2 / l.campaignAccounts, `recall ${l.recallRefused} against scan ${e.accountRecall}`);
  assert.ok(Math.abs(l.benignRefused - e.benignFPR!) <= 1 / l.benignAccounts, `benign ${l.benignRefused} against scan ${e.benignFPR}`);
  assert.ok(Math.abs(l.leakageBeforeRefusal - e.leakage!) <= 0.01, `leakage ${l.leakageBeforeRefusal} against scan ${e.leakage}`);
});
