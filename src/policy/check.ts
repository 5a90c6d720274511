/**
 * `policy check`: what a policy would have done on a recorded log. The log
 * runs through the engine `scan` builds (same options, same reorder window),
 * and at every exchange, just before the engine takes it in, the policy is
 * asked about the account's standing at that moment: what the gateway would
 * have read when the request arrived. Refused exchanges still reach the
 * engine (the log is what happened), so the standing is the one `scan` sees;
 * a live gateway would not have served them, which the leakage figures count.
 */
import type { AccountRecord, Exchange, Label, QuarantineRecord } from '../contract/types.js';
import { buildEngine, EngineBuildError } from '../engine/build.js';
import type { ScanConfig } from '../engine/config.js';
import type { Engine } from '../engine/engine.js';
import { parseLabel } from '../eval/eval.js';
import { readJsonl } from '../eval/read.js';
import { extractFeatures } from '../features/index.js';
import { expandInputs, InputError, readExchanges, type SourceStats } from '../sources/files.js';
import { readAccountTable } from '../sources/accounts.js';
import { matchedSignature } from '../signatures/index.js';
import type { AccountState } from '../state/account.js';
import type { EnforcementPolicy } from './policy.js';
import { ACTIONS, type Action, type Decision, type Standing, type Subject } from './types.js';

export { InputError };

export interface CheckOptions {
  policy: EnforcementPolicy;
  inputs: string[];
  accounts?: string;
  labels?: string;
  config?: ScanConfig;
  reorderMinutes?: number;
  sweepMinutes?: number;
  disable?: string[];
  enable?: string[];
  /** how many accounts `firstActions` lists (earliest first; default 1000) */
  listAccounts?: number;
  onBad?: (q: QuarantineRecord) => void;
}

export interface RuleCount {
  rule: string | null;
  action: Action;
  wouldBe: Action | null;
  exchanges: number;
  accounts: number;
}

export interface FirstAction {
  account_id: string;
  ts: string;
  action: Action;
  would_be: Action | null;
  rule: string | null;
  case_id: string | null;
  /** the first exchange refused (block or throttle), if any */
  refused_at: string | null;
  label?: 'benign' | 'campaign';
  persona?: string;
}

export interface LabelFigures {
  campaignAccounts: number;
  benignAccounts: number;
  /** campaign accounts with at least one exchange refused (block or throttle) */
  recallRefused: number;
  /** campaign accounts with any enforced action (refused or degraded) */
  recallActed: number;
  /** benign accounts with at least one exchange refused */
  benignRefused: number;
  /** benign accounts with any enforced action (refused or degraded) */
  benignActed: number;
  /** benign accounts a shadow decision would have refused */
  benignShadowRefused: number;
  /** campaign exchanges served in full (not refused, not degraded) / campaign exchanges */
  leakageServed: number;
  /** campaign exchanges before the account's first refusal (all of them when never refused) / campaign exchanges: contract §4's leakage, with refusal for flag */
  leakageBeforeRefusal: number;
  /** benign accounts with an enforced action, per persona: [acted, of] */
  benignByPersona: Record<string, { acted: number; refused: number; of: number }>;
}

export interface CheckReport {
  policy: string;
  exchanges: number;
  accounts: number;
  /** decisions per action (a shadow decision counts as shadow) */
  byAction: Record<Action, number>;
  /** accounts with at least one decision of each action */
  accountsByAction: Record<Action, number>;
  /** what shadow decisions would have done */
  shadowWouldBe: Partial<Record<Action, number>>;
  byRule: RuleCount[];
  /** exchanges refused (block or throttle, enforced) */
  refused: number;
  /** first decision other than allow per account, earliest first */
  firstActions: FirstAction[];
  accountsActedOn: number;
  labels?: LabelFigures;
  quarantined: number;
  elapsedMs: number;
}

const REFUSING = new Set<Action>(['block', 'throttle']);
const NO_TALLY: AccountTally = { acted: false, refused: false, shadowRefused: false, exchanges: 0, beforeRefusal: 0, served: 0 };

/** The standing the gateway would read for an account: the engine's state now, nothing recomputed. */
function standingOf(s: AccountState | undefined, reasons: (s: AccountState) => Standing['reasons']): Standing | undefined {
  if (!s) return undefined;
  const signature = matchedSignature(s);
  return { verdict: s.verdict, score: s.score, flaggedAt: s.flaggedAt, campaignId: s.campaignId, reasons: reasons(s), signature };
}


interface AccountTally {
  first?: FirstAction;
  acted: boolean;
  refused: boolean;
  shadowRefused: boolean;
  exchanges: number;
  beforeRefusal: number;
  served: number;
}

/** Runs a log through the engine and the policy; throws InputError for unusable input. */
export async function checkPolicy(o: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const policy = o.policy;
  // reasons cost a detector pass; read them only when a rule matches on them
  const needReasons = policy.spec.rules.some((r) => r.when.signal);
  const reasonCache = new Map<string, { key: string; reasons: Standing['reasons'] }>();
  let engine: Engine;
  const reasons = (s: AccountState): Standing['reasons'] => {
    if (!needReasons) return s.linkReasons;
    const key = `${s.verdict}|${s.score}|${s.campaignId}|${s.n >> 4}`;
    const c = reasonCache.get(s.id);
    if (c && c.key === key) return c.reasons;
    const r = engine.reasonsOf(s);
    reasonCache.set(s.id, { key, reasons: r });
    return r;
  };

  const records = new Map<string, AccountRecord>();
  const tallies = new Map<string, AccountTally>();
  const byAction = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  const accountsByAction = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  const actionsSeen = new Map<string, number>(); // account -> bitset of actions
  const shadowWouldBe: Partial<Record<Action, number>> = {};
  const rules = new Map<string, { c: RuleCount; accounts: Set<string> }>();
  let refused = 0;

  const decideAt = (ex: Exchange) => {
    const rec = records.get(ex.account_id);
    const subject: Subject = {
      account_id: ex.account_id,
      org_id: ex.org_id ?? rec?.org_id,
      api_key_id: ex.api_key_id,
      ip: ex.ip,
      user_agent: ex.user_agent,
      model: ex.model,
      tier: rec?.tier,
      verified: rec?.verified,
    };
    const d: Decision = policy.decide(subject, standingOf(engine.accounts.get(ex.account_id), reasons), ex.tsMs);
    tally(ex, d);
  };

  const tally = (ex: Exchange, d: Decision) => {
    byAction[d.action]++;
    const bit = 1 << ACTIONS.indexOf(d.action);
    const seen = actionsSeen.get(ex.account_id) ?? 0;
    if (!(seen & bit)) {
      accountsByAction[d.action]++;
      actionsSeen.set(ex.account_id, seen | bit);
    }
    if (d.action === 'shadow' && d.wouldBe) shadowWouldBe[d.wouldBe] = (shadowWouldBe[d.wouldBe] ?? 0) + 1;
    if (d.rule !== null || d.action !== 'allow') {
      const k = `${d.rule}\u0000${d.action}\u0000${d.wouldBe ?? ''}`;
      let r = rules.get(k);
      if (!r) rules.set(k, r = { c: { rule: d.rule, action: d.action, wouldBe: d.wouldBe ?? null, exchanges: 0, accounts: 0 }, accounts: new Set() });
      r.c.exchanges++;
      r.accounts.add(ex.account_id);
    }
    let t = tallies.get(ex.account_id);
    if (!t) tallies.set(ex.account_id, t = { acted: false, refused: false, shadowRefused: false, exchanges: 0, beforeRefusal: 0, served: 0 });
    t.exchanges++;
    if (!t.first && d.action !== 'allow') {
      t.first = { account_id: ex.account_id, ts: ex.ts, action: d.action, would_be: d.wouldBe ?? null, rule: d.rule, case_id: d.caseId ?? null, refused_at: null };
    }
    const isRefused = REFUSING.has(d.action);
    if (isRefused) {
      refused++;
      if (!t.refused && t.first) t.first.refused_at = ex.ts;
      t.refused = true;
    } else if (!t.refused) t.beforeRefusal++;
    if (d.action === 'allow' || d.action === 'shadow') t.served++;
    if (d.action !== 'allow' && d.action !== 'shadow') t.acted = true;
    if (d.action === 'shadow' && d.wouldBe && REFUSING.has(d.wouldBe)) t.shadowRefused = true;
  };

  try {
    engine = buildEngine({
      config: o.config,
      disable: o.disable,
      enable: o.enable,
      reorderMinutes: o.reorderMinutes,
      sweepMinutes: o.sweepMinutes,
      // called as the engine takes each exchange in event-time order, after any
      // sweep due and before the account's state sees it: the request's moment
      extract: (ex) => {
        decideAt(ex);
        return extractFeatures(ex);
      },
    });
  } catch (e) {
    if (e instanceof EngineBuildError) throw new InputError(e.message);
    throw e;
  }
  const files = await expandInputs(o.inputs);
  let quarantined = 0;
  const onBad = (q: QuarantineRecord) => {
    quarantined++;
    o.onBad?.(q);
  };
  if (o.accounts) {
    for (const a of await readAccountTable(o.accounts, onBad)) {
      records.set(a.account_id, a);
      engine.addAccount(a);
    }
  }
  let labels: Map<string, Label> | undefined;
  if (o.labels) {
    const list = await readJsonl(o.labels, parseLabel, (b) => onBad({ file: b.file, line: b.line, reason: b.reason, raw: '' }))
      .catch((e: NodeJS.ErrnoException) => { throw new InputError(`cannot read labels file ${o.labels}: ${e.code ?? e.message}`); });
    labels = new Map(list.map((l) => [l.account_id, l]));
  }
  const stats: SourceStats = { lines: 0, bytes: 0, quarantined: 0 };
  for await (const batch of readExchanges(files, onBad, stats)) for (const p of batch) engine.pushPrepared(p);
  engine.finish();

  for (const r of rules.values()) r.c.accounts = r.accounts.size;
  const firsts: FirstAction[] = [];
  for (const t of tallies.values()) if (t.first) firsts.push(t.first);
  firsts.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  if (labels) for (const f of firsts) {
    const l = labels.get(f.account_id);
    if (l) { f.label = l.label; f.persona = l.persona; }
  }

  const report: CheckReport = {
    policy: policy.spec.description ?? '',
    exchanges: engine.stats.exchanges,
    accounts: engine.accounts.size,
    byAction,
    accountsByAction,
    shadowWouldBe,
    byRule: [...rules.values()].map((r) => r.c).sort((a, b) => b.exchanges - a.exchanges),
    refused,
    firstActions: firsts.slice(0, o.listAccounts ?? 1000),
    accountsActedOn: firsts.length,
    quarantined,
    elapsedMs: 0,
  };
  if (labels) report.labels = labelFigures(labels, tallies);
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}

function labelFigures(labels: Map<string, Label>, tallies: Map<string, AccountTally>): LabelFigures {
  const f: LabelFigures = { campaignAccounts: 0, benignAccounts: 0, recallRefused: 0, recallActed: 0, benignRefused: 0, benignActed: 0, benignShadowRefused: 0, leakageServed: 0, leakageBeforeRefusal: 0, benignByPersona: {} };
  let campEx = 0, served = 0, before = 0;
  for (const l of labels.values()) {
    // a labelled account that sent nothing here counts as not acted on, as `eval` counts it
    const t = tallies.get(l.account_id) ?? NO_TALLY;
    if (l.label === 'campaign') {
      f.campaignAccounts++;
      if (t.refused) f.recallRefused++;
      if (t.acted) f.recallActed++;
      campEx += t.exchanges;
      served += t.served;
      before += t.beforeRefusal;
    } else {
      f.benignAccounts++;
      const p = (f.benignByPersona[l.persona] ??= { acted: 0, refused: 0, of: 0 });
      p.of++;
      if (t.acted) { f.benignActed++; p.acted++; }
      if (t.refused) { f.benignRefused++; p.refused++; }
      if (t.shadowRefused) f.benignShadowRefused++;
    }
  }
  const share = (a: number, b: number) => (b > 0 ? a / b : 0);
  f.recallRefused = share(f.recallRefused, f.campaignAccounts);
  f.recallActed = share(f.recallActed, f.campaignAccounts);
  f.benignRefused = share(f.benignRefused, f.benignAccounts);
  f.benignActed = share(f.benignActed, f.benignAccounts);
  f.benignShadowRefused = share(f.benignShadowRefused, f.benignAccounts);
  f.leakageServed = share(served, campEx);
  f.leakageBeforeRefusal = share(before, campEx);
  return f;
}

const pct = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.1 ? 2 : 1)}%`;

/** The human-readable table `policy check` prints. */
export function formatCheck(r: CheckReport, maxAccounts = 20): string {
  const L: string[] = [];
  L.push(`policy check: ${r.exchanges.toLocaleString('en')} exchanges, ${r.accounts.toLocaleString('en')} accounts, ${(r.elapsedMs / 1000).toFixed(1)} s${r.quarantined ? `, ${r.quarantined} bad lines set aside` : ''}`);
  L.push('');
  L.push('action     exchanges   accounts');
  for (const a of ACTIONS) L.push(`${a.padEnd(10)} ${String(r.byAction[a]).padStart(9)}  ${String(r.accountsByAction[a]).padStart(9)}${a === 'shadow' && r.byAction.shadow ? `   would be: ${Object.entries(r.shadowWouldBe).map(([k, v]) => `${k} ${v}`).join(', ')}` : ''}`);
  L.push(`refused (block or throttle): ${r.refused.toLocaleString('en')} exchanges`);
  L.push('');
  L.push('rule                          action     would be   exchanges   accounts');
  for (const c of r.byRule) L.push(`${(c.rule ?? '(none)').padEnd(29)} ${c.action.padEnd(10)} ${(c.wouldBe ?? '').padEnd(10)} ${String(c.exchanges).padStart(9)}  ${String(c.accounts).padStart(9)}`);
  if (r.labels) {
    const l = r.labels;
    L.push('');
    L.push(`labels: ${l.campaignAccounts} campaign accounts, ${l.benignAccounts} benign accounts`);
    L.push(`  campaign accounts refused at least once   ${pct(l.recallRefused)}   (any enforced action: ${pct(l.recallActed)})`);
    L.push(`  benign accounts refused at least once     ${pct(l.benignRefused)}   (any enforced action: ${pct(l.benignActed)}; shadow would refuse: ${pct(l.benignShadowRefused)})`);
    L.push(`  leakage: campaign exchanges before the account's first refusal ${pct(l.leakageBeforeRefusal)}; served in full ${pct(l.leakageServed)}`);
    const hit = Object.entries(l.benignByPersona).filter(([, p]) => p.acted > 0).sort((a, b) => b[1].acted - a[1].acted);
    if (hit.length) L.push(`  benign personas acted on: ${hit.map(([k, p]) => `${k} ${p.acted}/${p.of}${p.refused ? ` (${p.refused} refused)` : ''}`).join(', ')}`);
  }
  L.push('');
  L.push(`first action per account (${r.accountsActedOn} accounts${r.accountsActedOn > maxAccounts ? `, earliest ${maxAccounts} shown; --json lists more` : ''}):`);
  for (const f of r.firstActions.slice(0, maxAccounts)) {
    L.push(`  ${f.ts}  ${f.account_id}  ${f.action}${f.would_be ? `(${f.would_be})` : ''}  ${f.rule ?? ''}${f.case_id ? `  case=${f.case_id}` : ''}${f.label ? `  [${f.label}${f.label === 'benign' ? ` ${f.persona}` : ''}]` : ''}`);
  }
  return L.join('\n') + '\n';
}
