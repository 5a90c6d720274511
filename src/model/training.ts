/**
 * Training the account model (scripts/train-model.ts is its command line).
 *
 * Worlds come from several generators: our simulator (`src/simulate`, every
 * strategy's scenario, `mixed`, `lookalikes` and `crowd_cover`, with
 * randomised seed, scale and days) and, given by the caller, worlds of other
 * generators. Each world is streamed through the engine with the rules alone;
 * at evaluation points during the stream each account's feature vector is
 * recorded, labelled by whether the account belongs to a campaign, with the
 * rules' own verdict on the account beside it.
 *
 * Everything is chosen by leave-one-generator-out: the model is fitted on all
 * generators but one and measured on that one, for each generator in turn.
 * That estimate is the honest one for a generator the model has never seen;
 * the penalty is the one with the lowest mean held-out log-loss, a free
 * feature whose fitted sign differs between the training generators is
 * dropped, the Platt calibration is fitted on the held-out-generator scores,
 * and the review threshold is set on those scores of the benign accounts
 * pooled over every generator. The shipped model is then fitted on every
 * generator.
 *
 * This module drives the simulator and the engine; nothing in the decision
 * path imports it.
 */
import { execSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Label } from '../contract/types.js';
import { parseAccountLine } from '../contract/parse.js';
import { buildEngine } from '../engine/build.js';
import { simulateWorld } from '../simulate/index.js';
import { Rng } from '../simulate/rng.js';
import { readExchanges, type SourceStats } from '../sources/files.js';
import { accountFeatures, FEATURE_COUNT, FEATURES } from './features.js';
import { applyPlatt, calibrationError, fitLogistic, fitPlatt, reliability, standardisation, standardise, type Matrix, type Platt, type ReliabilityBin, type Sign, type Standardisation } from './logistic.js';
import { modelMayAct, rulesEvidence, type ModelFile } from './account-model.js';

export type Preset = 'full' | 'smoke';

/** A world of another generator, written by the caller's code (scripts/train-worlds.ts). */
export interface ExternalWorld {
  /** generator id, the unit of leave-one-generator-out */
  generator: string;
  name: string;
  /** the directory of an identical world already written, if any */
  cached(): string | undefined;
  /** where a world written here is kept for the next training (removed after reading when absent) */
  keepIn?: string;
  /** writes the world (logs.jsonl.gz, accounts.jsonl, labels.jsonl, manifest.json) into `dir` */
  write(dir: string): Promise<unknown>;
}

/** One world of the plan. */
export interface PlannedWorld {
  generator: string;
  name: string;
  /** our simulator's parameters (absent for another generator's world) */
  sim?: { scenario: string; scale: number; seed: number; days: number };
  external?: ExternalWorld;
}

export interface TrainOptions {
  seed: number;
  preset: Preset;
  /** corpora directory for prompt text; built-in text when absent */
  corpus?: string;
  /** where worlds are written (each simulated one removed once read) */
  workDir: string;
  /** other generators' worlds (full preset) */
  external?: ExternalWorld[];
  /** file prefix where the recorded rows are kept and read back (the fit can be re-run without the worlds) */
  rowsCache?: string;
  /** benign rate of the review threshold (default REVIEW_RATE) */
  reviewRate?: number;
  log?: (line: string) => void;
}

/**
 * Benign-account rate the review threshold is chosen for: the share of benign
 * accounts, pooled over every generator, that the model alone ever flags. At
 * 0.5% the held-out v5 generator's developers (who set max_tokens on every
 * call, as campaigns do) took the model's flags 0.9 points above the rules'
 * own; at 0.2% no held-out generator rose more than 0.2 points and recall
 * still rose on four of six (docs/model-card.md).
 */
export const REVIEW_RATE = 0.002;
export const BLOCK_RATE = 0.0001;
/**
 * The clear threshold: the highest calibrated probability below which the
 * model clears the rules' review on an account's own evidence
 * (AccountModel.clears) while every training generator keeps at least this
 * share of its campaign accounts that the rules flag. Each generator is its
 * own constraint, so one with many easy campaign accounts (v1's proxy fleet)
 * cannot pay for another's losses.
 */
export const CLEAR_KEEP = 0.99;
/**
 * The rule the clearing is kept by, fixed before it was measured: in the
 * leave-one-generator-out, beside rules + model without clearing, benign
 * flagged falls on more than half of the held-out generators and campaign
 * recall falls by at most CLEAR_MAX_RECALL_LOSS on every one. When it does
 * not hold, the threshold is recorded with `acts: false` and the engine does
 * not clear.
 */
export const CLEAR_MAX_RECALL_LOSS = 0.005;
export const CLEAR_RULE = `kept when, beside rules + model, benign flagged falls on more than half of the held-out generators and campaign recall falls by at most ${100 * CLEAR_MAX_RECALL_LOSS} points on every one`;
/**
 * The block threshold is never below this calibrated probability, whatever the
 * benign rate allows. It is recorded, not acted on (src/model/account-model.ts).
 */
export const BLOCK_FLOOR = 0.5;
/** L2 penalties tried; the one with the lowest mean leave-one-generator-out log-loss is kept */
export const L2_GRID = [1e-3, 1e-2, 1e-1];
/**
 * The sign check: each training generator is fitted alone with every sign
 * free; a feature that may raise the odds (free or constrained ≥ 0) whose
 * coefficient is above +FLIP on one generator and below −FLIP on another is
 * dropped (log-odds per standard deviation): what it says depends on who wrote
 * the traffic, so it is that generator's habit, not a campaign's. Features
 * constrained ≤ 0 (verification, a person's pauses, a product's one toolset)
 * stay: they never raise the odds, whatever a generator's campaigns did.
 */
export const FLIP = 0.1;

const DAYS = FEATURES.findIndex((f) => f.name === 'days_log');
const VERIFIED = FEATURES.findIndex((f) => f.name === 'verified');
const CAMPAIGN_SIZE = FEATURES.findIndex((f) => f.name === 'campaign_size_log');
const HARVEST_SHARE = FEATURES.findIndex((f) => f.name === 'harvest_share');
const CONTENT_MIN_SHARE = 0.15;
const AUTOMATION = FEATURES.findIndex((f) => f.name === 'det_automation');
const TOKENS = FEATURES.findIndex((f) => f.name === 'det_tokens');
const SCRIPTED = FEATURES.findIndex((f) => f.name === 'det_scripted');

const SIM_SCENARIOS = [
  'mixed', 'naive', 'hydra', 'agentic_harvest', 'stealth', 'reseller_mix', 'slow_drip', 'model_switch', 'reseller_slice', 'app_facade',
  'eval_dress', 'logit_probe', 'reasoning_probe', 'crowd_cover', 'lookalikes',
];

/**
 * Our simulator's worlds of a preset, drawn from `seed`. Full: two worlds of
 * every scenario above (scale 0.02–0.06, 3–10 days) and two benign-only
 * `lookalikes` worlds of larger population. Smoke: four tiny worlds, for the
 * test that retrains and compares with the model file's recorded figures
 * (there each world is its own group in the leave-one-out).
 */
export function planWorlds(seed: number, preset: Preset): PlannedWorld[] {
  const r = new Rng(seed, `train-model/${preset}`);
  const out: PlannedWorld[] = [];
  const add = (scenario: string, scale: number, days: number) => {
    const s = r.int(1_000_000);
    out.push({ generator: 'sim', name: `${scenario}-${s}`, sim: { scenario, scale, seed: s, days } });
  };
  if (preset === 'smoke') {
    for (const scenario of ['mixed', 'stealth', 'mixed', 'lookalikes_core']) add(scenario, 0.02, 3);
    return out;
  }
  for (const scenario of SIM_SCENARIOS) for (let k = 0; k < 2; k++) add(scenario, round(r.range(0.02, 0.06), 3), r.between(3, 10));
  for (const scale of [0.15, 0.25]) add('lookalikes', scale, r.between(5, 10));
  return out;
}

/** One account of one world. */
export interface AccountMeta {
  world: number;
  campaign: boolean;
  /** persona for benign accounts, strategy for campaign accounts */
  persona: string;
  /** exchanges at the end of the stream */
  exchanges: number;
  /** the rules' final verdict flags it (review or block) */
  rulesFlagged: boolean;
  /** its exchange count when the rules' flag was first seen (an upper bound on the flag's count), 0 when never */
  rulesFlagN: number;
  /** its exchange count at the first evaluation where the rules sent it to review through a campaign's ties (rulesEvidence 2), 0 when never */
  rulesTieN: number;
  /** its exchange count at the first evaluation where the rules blocked it or a signature matched it (rulesEvidence 3), 0 when never */
  rulesHardN: number;
}

/** Feature rows recorded during the streams, with what each belongs to. */
export class RowSet {
  x = new Float32Array(1 << 16);
  account: number[] = [];
  n: number[] = [];
  /** whether the row is at one of the snapshot points (the rows fitted); the others are each account's last evaluation */
  snapshot: boolean[] = [];
  /** the rules' evidence at the row's evaluation (rulesEvidence: 0 none, 1 review on its own traffic alone, 2 review by a campaign's ties, 3 block or signature) */
  rule: number[] = [];
  accounts: AccountMeta[] = [];
  /** exchanges streamed to record these rows */
  exchanges = 0;
  get rows(): number {
    return this.account.length;
  }
  /** modelMayAct for a recorded row, read back from its features */
  mayAct(row: number): boolean {
    const x = this.x;
    const o = row * FEATURE_COUNT;
    const days = Math.round(Math.expm1(x[o + DAYS]));
    // the content detector speaks from a harvest share of 15% (its default; src/detectors/content)
    const how = x[o + AUTOMATION] > 0 || x[o + TOKENS] > 0 || x[o + SCRIPTED] > 0;
    return modelMayAct(days, x[o + VERIFIED] === 1, x[o + CAMPAIGN_SIZE] > 0, x[o + HARVEST_SHARE] >= CONTENT_MIN_SHARE, how);
  }
  add(x: ArrayLike<number>, account: number, n: number, snapshot: boolean, rule: number): void {
    const at = this.rows * FEATURE_COUNT;
    if (at + FEATURE_COUNT > this.x.length) {
      const bigger = new Float32Array(this.x.length * 2);
      bigger.set(this.x);
      this.x = bigger;
    }
    for (let j = 0; j < FEATURE_COUNT; j++) this.x[at + j] = x[j];
    this.account.push(account);
    this.n.push(n);
    this.snapshot.push(snapshot);
    this.rule.push(rule);
  }
  /**
   * The rows picked by `keep`, as a matrix, with labels and per-row weights:
   * each account weighs 1 over its rows, times `accountWeight` of it.
   */
  select(keep: (row: number) => boolean, accountWeight: (a: number) => number = () => 1): { X: Matrix; y: Float64Array; w: Float64Array; idx: number[] } {
    const idx: number[] = [];
    for (let i = 0; i < this.rows; i++) if (keep(i)) idx.push(i);
    const data = new Float64Array(idx.length * FEATURE_COUNT);
    const y = new Float64Array(idx.length);
    const per = new Map<number, number>();
    for (const i of idx) per.set(this.account[i], (per.get(this.account[i]) ?? 0) + 1);
    const w = new Float64Array(idx.length);
    idx.forEach((i, r) => {
      for (let j = 0; j < FEATURE_COUNT; j++) data[r * FEATURE_COUNT + j] = this.x[i * FEATURE_COUNT + j];
      const a = this.account[i];
      y[r] = this.accounts[a].campaign ? 1 : 0;
      w[r] = accountWeight(a) / per.get(a)!;
    });
    return { X: { data, rows: idx.length, cols: FEATURE_COUNT }, y, w, idx };
  }
  save(prefix: string, worlds: readonly { generator: string; name: string }[]): void {
    writeFileSync(`${prefix}.bin`, Buffer.from(this.x.buffer, 0, this.rows * FEATURE_COUNT * 4));
    writeFileSync(`${prefix}.json`, JSON.stringify({ features: FEATURES.map((f) => f.name), worlds: worlds.map((w) => w.name), exchanges: this.exchanges, account: this.account, n: this.n, snapshot: this.snapshot, rule: this.rule, accounts: this.accounts }));
  }
  /** The rows saved under `prefix` when they were recorded with these features from these worlds; else undefined. */
  static load(prefix: string, worlds: readonly { name: string }[]): RowSet | undefined {
    if (!existsSync(`${prefix}.json`) || !existsSync(`${prefix}.bin`)) return undefined;
    const meta = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
    if (JSON.stringify(meta.features) !== JSON.stringify(FEATURES.map((f) => f.name)) || JSON.stringify(meta.worlds) !== JSON.stringify(worlds.map((w) => w.name)) || !meta.rule) return undefined;
    const r = new RowSet();
    const b = readFileSync(`${prefix}.bin`);
    r.x = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    r.account = meta.account;
    r.n = meta.n;
    r.snapshot = meta.snapshot;
    r.rule = meta.rule;
    r.accounts = meta.accounts;
    r.exchanges = meta.exchanges ?? 0;
    return r;
  }
}

/**
 * Snapshot points: an account's exchange counts at which a training row is
 * kept (1, 2, 3, 4, 6, 8, 12, 16, 24, ... roughly ×1.5), so an account
 * weighs by how long it lived in steps of its own history, not by volume,
 * and the model sees each account early as well as late.
 */
export function isSnapshotPoint(n: number): boolean {
  if (n <= 4) return true;
  // n = 2^k or 3·2^(k-1)
  const p = 2 ** Math.floor(Math.log2(n));
  return n === p || n === 1.5 * p;
}

/** Builds (or finds) one world, streams it through the engine (rules only) and records its rows. */
export async function recordWorld(w: PlannedWorld, index: number, rows: RowSet, opts: { corpus?: string; workDir: string }): Promise<{ exchanges: number; accounts: number }> {
  let dir = w.external?.cached();
  const written = !dir && !w.external?.keepIn;
  if (!dir) {
    dir = w.external?.keepIn ?? join(opts.workDir, `w${index}-${w.name}`);
    if (w.sim) await simulateWorld({ ...w.sim, corpus: opts.corpus, out: dir });
    else await w.external!.write(dir);
  }
  const labels = readFileSync(join(dir, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Label);
  const slot = new Map<string, number>();
  for (const l of labels) {
    slot.set(l.account_id, rows.accounts.length);
    rows.accounts.push({ world: index, campaign: l.label === 'campaign', persona: l.persona, exchanges: 0, rulesFlagged: false, rulesFlagN: 0, rulesTieN: 0, rulesHardN: 0 });
  }
  const lastSnapN = new Map<number, number>();
  // each account's latest evaluation, kept so its last state is a row too
  const latest = new Map<number, { x: Float64Array; n: number; rule: number }>();
  // per account, the kinds of review (rulesEvidence 1, 2) whose first evaluation is already a row: the model could clear it there
  const reviewSeen = new Map<number, number>();
  const buf = new Float64Array(FEATURE_COUNT);
  // the rules alone: the rows are what a model reads, and the rules' verdicts what it is measured beside
  const engine = buildEngine({
    disable: ['model'],
    onEvaluate: (s, signals, mem, tMs, verdict) => {
      const a = slot.get(s.id);
      if (a === undefined) return;
      const meta = rows.accounts[a];
      if (meta.rulesFlagN === 0 && s.flaggedAt !== null) meta.rulesFlagN = s.n;
      const rule = rulesEvidence(verdict, s);
      if (rule === 2 && meta.rulesTieN === 0) meta.rulesTieN = s.n;
      if (rule === 3 && meta.rulesHardN === 0) meta.rulesHardN = s.n;
      const x = accountFeatures(s, signals, mem, tMs, buf);
      let l = latest.get(a);
      if (!l) latest.set(a, (l = { x: new Float64Array(FEATURE_COUNT), n: 0, rule: 0 }));
      l.x.set(x);
      l.n = s.n;
      l.rule = rule;
      if (!isSnapshotPoint(s.n)) {
        // the first review of each kind is where the model first could clear it: a row (not fitted);
        // later ones are read at the snapshot points
        const seen = reviewSeen.get(a) ?? 0;
        if ((rule === 1 || rule === 2) && !(seen & rule)) {
          reviewSeen.set(a, seen | rule);
          rows.add(x, a, s.n, false, rule);
        }
        return;
      }
      if (rule === 1 || rule === 2) reviewSeen.set(a, (reviewSeen.get(a) ?? 0) | rule);
      // a sweep re-evaluates its members at the same count: the latest row at a count replaces the one
      // before it, keeping the stronger of the rules' evidence at that count
      const last = rows.rows - 1;
      let kept: number = rule;
      if (last >= 0 && rows.account[last] === a && rows.n[last] === s.n && rows.snapshot[last]) {
        kept = Math.max(kept, rows.rule[last]);
        popRow(rows);
      } else if (lastSnapN.get(a) === s.n) return;
      lastSnapN.set(a, s.n);
      rows.add(x, a, s.n, true, kept);
    },
  });
  for (const line of readFileSync(join(dir, 'accounts.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const r = parseAccountLine(line);
    if (r.ok) engine.addAccount(r.value);
  }
  const stats: SourceStats = { lines: 0, bytes: 0, quarantined: 0 };
  let exchanges = 0;
  for await (const batch of readExchanges([join(dir, 'logs.jsonl.gz')], () => {}, stats)) {
    for (const p of batch) engine.pushPrepared(p);
    exchanges += batch.length;
  }
  engine.finish();
  for (const s of engine.accounts.values()) {
    const a = slot.get(s.id);
    if (a === undefined) continue;
    rows.accounts[a].exchanges = s.n;
    rows.accounts[a].rulesFlagged = s.verdict !== 'allow';
    if (rows.accounts[a].rulesFlagged && rows.accounts[a].rulesFlagN === 0) rows.accounts[a].rulesFlagN = s.n;
    const l = latest.get(a);
    if (l && lastSnapN.get(a) !== l.n) rows.add(l.x, a, l.n, false, l.rule);
  }
  if (written) rmSync(dir, { recursive: true, force: true });
  return { exchanges, accounts: labels.length };
}

function popRow(rows: RowSet): void {
  rows.account.pop();
  rows.n.pop();
  rows.snapshot.pop();
  rows.rule.pop();
}

export interface GroupFigure {
  accounts: number;
  flagged: number;
  rate: number;
}

/** What one held-out generator gets from a model fitted on the others, beside the rules. */
export interface LogoFigure {
  generator: string;
  campaignAccounts: number;
  benignAccounts: number;
  /** log-loss of the fold's (uncalibrated) probabilities on the held-out rows, each account weighing 1 */
  logLoss: number;
  auc: number;
  /** review threshold of the fold (calibrated probability), set on the training generators' benign accounts */
  threshold: number;
  rules: { recall: number; benignFlaggedRate: number };
  model: { recall: number; benignFlaggedRate: number };
  rulesAndModel: { recall: number; benignFlaggedRate: number; leakage: number };
  /** rules + model, with the model clearing the rules' reviews on own evidence below `clearAt` */
  cleared: { recall: number; benignFlaggedRate: number; leakage: number; campaignCleared: number; benignCleared: number };
  /** clear threshold of the fold (calibrated probability), set on its training generators */
  clearAt: number;
  /** measured only: the model clearing the rules' reviews through a campaign's ties as well (never blocks, never signatures) */
  clearedTies: { recall: number; benignFlaggedRate: number; leakage: number; campaignCleared: number; benignCleared: number };
  clearTiesAt: number;
  rulesLeakage: number;
  /** benign accounts per persona: flagged by the rules, by rules or model, by rules or model with clearing */
  perPersona: Record<string, { accounts: number; rules: number; rulesAndModel: number; cleared: number; clearedTies: number }>;
  perStrategy: Record<string, { accounts: number; rules: number; rulesAndModel: number; cleared: number; clearedTies: number }>;
  /** free features dropped in this fold (their sign differs between its training generators) */
  dropped: string[];
}

/** What the model does on rows of generators it was not fitted on (pooled over every fold), at the shipped thresholds. */
export interface ValidationFigures {
  worlds: number;
  rows: number;
  campaignAccounts: number;
  benignAccounts: number;
  logLoss: number;
  /** area under the ROC curve over accounts, each at its highest probability */
  auc: number;
  calibrationError: number;
  reliability: ReliabilityBin[];
  /** share of campaign accounts whose probability reached the review threshold */
  recall: number;
  /** campaign exchanges sent before the model's first review-level probability, over all campaign exchanges */
  leakage: number;
  benignFlaggedRate: number;
  perStrategy: Record<string, GroupFigure>;
  perPersona: Record<string, GroupFigure>;
  logo: LogoFigure[];
  /** per generator fitted alone: coefficient of every feature (the sign check) */
  perGenerator: Record<string, number[]>;
  l2Losses: Record<string, number>;
}

export interface TrainResult {
  file: ModelFile;
  log: string[];
}

interface Fitted {
  st: Standardisation;
  coef: number[];
  intercept: number;
  dropped: string[];
}

const SIGNS = FEATURES.map((f) => f.sign as Sign);

/** Fits on the snapshot rows of accounts `inFit`, each generator weighing the same, with the free features in `drop` held at 0. */
export function fitOn(rows: RowSet, inFit: (a: number) => boolean, groupOf: (a: number) => string, l2: number, drop: ReadonlySet<string>, constrained = true): Fitted {
  const count = new Map<string, number>();
  for (let a = 0; a < rows.accounts.length; a++) if (inFit(a)) count.set(groupOf(a), (count.get(groupOf(a)) ?? 0) + 1);
  const total = [...count.values()].reduce((s, v) => s + v, 0);
  // each generator weighs the same in all; accounts within it equally
  const weight = (a: number) => total / count.size / count.get(groupOf(a))!;
  const t = rows.select((i) => rows.snapshot[i] && inFit(rows.account[i]), weight);
  const st = standardisation(t.X, t.w);
  const Xs = standardise(t.X, st);
  const dropAt = FEATURES.map((f) => drop.has(f.name));
  for (let i = 0; i < Xs.rows; i++) for (let j = 0; j < FEATURE_COUNT; j++) if (dropAt[j]) Xs.data[i * FEATURE_COUNT + j] = 0;
  const fit = fitLogistic(Xs, t.y, t.w, { l2, signs: constrained ? SIGNS : undefined });
  const coef = fit.coef.map((c, j) => (dropAt[j] ? 0 : c));
  return { st, coef, intercept: fit.intercept, dropped: [...drop] };
}

/** The raw logit of every row under a fit. */
export function logitsOf(rows: RowSet, f: Fitted, pick: (row: number) => boolean, out: Float64Array): void {
  for (let i = 0; i < rows.rows; i++) {
    if (!pick(i)) continue;
    let z = f.intercept;
    const o = i * FEATURE_COUNT;
    for (let j = 0; j < FEATURE_COUNT; j++) {
      const v = rows.x[o + j];
      if (v === v && f.coef[j] !== 0) z += (f.coef[j] * (v - f.st.mean[j])) / f.st.scale[j];
    }
    out[i] = z;
  }
}

/** Free features whose sign differs between the per-generator fits of `groups`. */
function flips(perGroup: Record<string, number[]>, groups: readonly string[]): Set<string> {
  const out = new Set<string>();
  FEATURES.forEach((f, j) => {
    if (f.sign < 0) return;
    const cs = groups.filter((g) => perGroup[g]).map((g) => perGroup[g][j]);
    if (cs.some((c) => c > FLIP) && cs.some((c) => c < -FLIP)) out.add(f.name);
  });
  return out;
}

/** Runs the whole training: worlds, rows, leave-one-generator-out, fit, calibration, thresholds, figures. */
export async function train(opts: TrainOptions): Promise<TrainResult> {
  const started = performance.now();
  const lines: string[] = [];
  const log = (s: string) => {
    lines.push(s);
    opts.log?.(s);
  };
  const worlds: PlannedWorld[] = [...planWorlds(opts.seed, opts.preset), ...(opts.external ?? []).map((e) => ({ generator: e.generator, name: e.name, external: e }))];
  let rows = opts.rowsCache ? RowSet.load(opts.rowsCache, worlds) : undefined;
  if (rows) log(`rows read back from ${opts.rowsCache}: ${rows.rows} rows, ${rows.accounts.length} accounts`);
  else {
    rows = new RowSet();
    for (let i = 0; i < worlds.length; i++) {
      const t = performance.now();
      const w = worlds[i];
      const r = await recordWorld(w, i, rows, { corpus: opts.corpus, workDir: opts.workDir });
      rows.exchanges += r.exchanges;
      log(`world ${i + 1}/${worlds.length}: ${w.generator} ${w.name}${w.sim ? ` scale ${w.sim.scale} ${w.sim.days} days` : ''}: ${r.exchanges} exchanges, ${r.accounts} accounts, ${rows.rows} rows so far, ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    if (opts.rowsCache) rows.save(opts.rowsCache, worlds);
  }
  const R = rows;
  // the unit of the leave-one-out: the generator (smoke: each world, all of one generator)
  const groupOfWorld = worlds.map((w, i) => (opts.preset === 'smoke' ? `w${i}` : w.generator));
  const groupOf = (a: number) => groupOfWorld[R.accounts[a].world];
  const groups = [...new Set(groupOfWorld)];
  const hasCampaign = new Set(R.accounts.filter((m) => m.campaign).map((m) => groupOfWorld[m.world]));
  const rowGroup = (i: number) => groupOf(R.account[i]);
  const gate = Array.from({ length: R.rows }, (_, i) => R.mayAct(i));

  // the sign check: each generator fitted alone, signs free (at the middle penalty)
  const perGenerator: Record<string, number[]> = {};
  for (const g of groups) {
    if (!hasCampaign.has(g)) continue;
    const f = fitOn(R, (a) => groupOf(a) === g, groupOf, L2_GRID[1], new Set(), false);
    perGenerator[g] = f.coef.map((c) => round(c, 4));
  }
  const droppedAll = flips(perGenerator, groups);
  log(`sign check: free features whose sign differs between generators: ${[...droppedAll].join(', ') || 'none'}`);

  // leave one generator out, for each penalty
  const oof = new Map<number, Float64Array>();
  const folds = new Map<number, Map<string, Fitted>>();
  const l2Losses: Record<string, number> = {};
  for (const l2 of L2_GRID) {
    const z = new Float64Array(R.rows);
    const byGroup = new Map<string, Fitted>();
    for (const g of groups) {
      const others = groups.filter((h) => h !== g);
      const f = fitOn(R, (a) => groupOf(a) !== g, groupOf, l2, flips(perGenerator, others));
      byGroup.set(g, f);
      logitsOf(R, f, (i) => rowGroup(i) === g, z);
    }
    oof.set(l2, z);
    folds.set(l2, byGroup);
    const losses = groups.map((g) => heldLogLoss(R, z, (i) => rowGroup(i) === g && R.snapshot[i]));
    l2Losses[String(l2)] = round(mean(losses), 5);
    log(`l2 ${l2}: held-out log-loss per generator ${groups.map((g, k) => `${g} ${losses[k].toFixed(4)}`).join(', ')}; mean ${mean(losses).toFixed(4)}`);
  }
  const l2 = L2_GRID.reduce((b, v) => (l2Losses[String(v)] < l2Losses[String(b)] ? v : b), L2_GRID[0]);
  const zO = oof.get(l2)!;
  const foldFits = folds.get(l2)!;

  // calibration on the held-out-generator scores, each generator weighing the same
  const snap = R.select((i) => R.snapshot[i], equalGroups(R, groupOf));
  const zSnap = snap.idx.map((i) => zO[i]);
  const platt = fitPlatt(zSnap, snap.y, snap.w);
  const pO = Float64Array.from(zO, (z, i) => (gate[i] ? applyPlatt(platt, z) : 0));

  // thresholds on the benign accounts of every generator, pooled, at their held-out scores
  const highest = maxPerAccount(R, pO);
  const benignMax: number[] = [];
  highest.forEach((p, a) => { if (!R.accounts[a].campaign && R.accounts[a].exchanges > 0) benignMax.push(p); });
  const reviewRate = opts.reviewRate ?? REVIEW_RATE;
  const review = thresholdAt(benignMax, reviewRate);
  const blockRaw = thresholdAt(benignMax, BLOCK_RATE);
  const block = { ...blockRaw, probability: Math.max(blockRaw.probability, review.probability, BLOCK_FLOOR) };
  block.benignFlaggedRate = benignMax.filter((p) => p >= block.probability).length / Math.max(1, benignMax.length);
  log(`thresholds over ${benignMax.length} benign accounts of ${groups.length} generators: review ${review.probability.toFixed(4)} (${pctS(review.benignFlaggedRate)} flagged), block ${block.probability.toFixed(4)} (${pctS(block.benignFlaggedRate)})`);

  // each fold at its own threshold (set on its training generators' benign accounts, in-fold scores)
  const logo: LogoFigure[] = [];
  for (const g of groups) {
    const f = foldFits.get(g)!;
    const zIn = new Float64Array(R.rows);
    logitsOf(R, f, (i) => rowGroup(i) !== g, zIn);
    const zt: number[] = [], yt: number[] = [], wt: number[] = [];
    snap.idx.forEach((i, r) => {
      if (rowGroup(i) === g) return;
      zt.push(zIn[i]);
      yt.push(snap.y[r]);
      wt.push(snap.w[r]);
    });
    // the fold's calibration: on its own training rows (what the fold can see)
    const foldPlatt = fitPlatt(zt, yt, Float64Array.from(wt));
    const pIn = Float64Array.from(zIn, (z, i) => (gate[i] && rowGroup(i) !== g ? applyPlatt(foldPlatt, z) : 0));
    const hi = maxPerAccount(R, pIn);
    const ben: number[] = [];
    hi.forEach((p, a) => { if (groupOf(a) !== g && !R.accounts[a].campaign && R.accounts[a].exchanges > 0) ben.push(p); });
    const t = thresholdAt(ben, reviewRate).probability;
    const pHeld = Float64Array.from(zO, (z, i) => (gate[i] && rowGroup(i) === g ? applyPlatt(foldPlatt, z) : 0));
    // clearing reads the probability whether or not the model may act on its own
    const cIn = Float64Array.from(zIn, (z, i) => (rowGroup(i) !== g ? applyPlatt(foldPlatt, z) : 0));
    const clearAt = clearThreshold(R, (a) => groupOf(a) !== g, groupOf, cIn, t, 1).probability;
    const clearTiesAt = clearThreshold(R, (a) => groupOf(a) !== g, groupOf, cIn, t, 2).probability;
    const cHeld = Float64Array.from(zO, (z, i) => (rowGroup(i) === g ? applyPlatt(foldPlatt, z) : 0));
    logo.push(logoFigure(R, g, groupOf, pHeld, t, zO, f.dropped, { kind: 1, p: cHeld, clearAt }, { kind: 2, p: cHeld, clearAt: clearTiesAt }));
  }
  for (const f of logo) log(`held out ${f.generator}: rules recall ${pctS(f.rules.recall)} benign ${pctS(f.rules.benignFlaggedRate)} | model alone ${pctS(f.model.recall)} / ${pctS(f.model.benignFlaggedRate)} | rules+model ${pctS(f.rulesAndModel.recall)} / ${pctS(f.rulesAndModel.benignFlaggedRate)} | cleared below ${f.clearAt.toFixed(3)}: ${pctS(f.cleared.recall)} / ${pctS(f.cleared.benignFlaggedRate)} (${f.cleared.campaignCleared} campaign, ${f.cleared.benignCleared} benign cleared) | with campaign-tie reviews too, below ${f.clearTiesAt.toFixed(3)}: ${pctS(f.clearedTies.recall)} / ${pctS(f.clearedTies.benignFlaggedRate)} (${f.clearedTies.campaignCleared} / ${f.clearedTies.benignCleared}); log-loss ${f.logLoss.toFixed(4)}, AUC ${f.auc.toFixed(4)}`);
  const clearDecision = decideClearing(logo);
  log(`clearing: ${clearDecision.acts ? 'kept' : 'set aside'}: ${clearDecision.why}`);
  // the shipped clear threshold: on the held-out-generator scores of every generator, as the review threshold is
  const cO = Float64Array.from(zO, (z) => applyPlatt(platt, z));
  const clear = { ...clearThreshold(R, () => true, groupOf, cO, review.probability), acts: clearDecision.acts, decision: `${CLEAR_RULE}: ${clearDecision.why}` };
  log(`clear threshold ${clear.probability.toFixed(4)} (${clear.acts ? 'acts' : 'recorded only'})`);

  // the shipped fit: every generator
  const final = fitOn(R, () => true, groupOf, l2, droppedAll);
  const pValid = Float64Array.from(zSnap, (z) => applyPlatt(platt, z));
  const rel = reliability(pValid, snap.y, snap.w);
  const validation = figures(R, pO, review.probability, groupOf);
  validation.logLoss = round(mean(groups.map((g) => heldLogLoss(R, zO, (i) => rowGroup(i) === g && R.snapshot[i]))), 5);
  validation.calibrationError = round(calibrationError(rel), 5);
  validation.reliability = rel.map((b) => ({ ...b, predicted: round(b.predicted, 4), observed: round(b.observed, 4) }));
  validation.rows = snap.X.rows;
  validation.worlds = worlds.length;
  validation.logo = logo;
  validation.perGenerator = perGenerator;
  validation.l2Losses = l2Losses;
  log(`held-out generators pooled (model alone): recall ${pctS(validation.recall)}, leakage ${pctS(validation.leakage)}, benign flagged ${pctS(validation.benignFlaggedRate)}, AUC ${validation.auc.toFixed(4)}, calibration error ${validation.calibrationError.toFixed(4)}`);

  const campaignAccounts = R.accounts.filter((m) => m.campaign).length;
  const file: ModelFile = {
    version: 'account-v3',
    created: new Date().toISOString(),
    trainingCommit: commit(),
    features: FEATURES.map((f) => ({ name: f.name, doc: f.doc, sign: f.sign })),
    standardisation: { mean: final.st.mean.map((v) => round(v, 6)), scale: final.st.scale.map((v) => round(v, 6)) },
    coefficients: { intercept: round(final.intercept, 6), weights: final.coef.map((v) => round(v, 6)), l2 },
    calibration: { kind: 'platt', a: round(platt.a, 6), b: round(platt.b, 6) },
    thresholds: { review: round4(review), block: round4(block), clear: { ...clear, probability: round(clear.probability, 6) } },
    training: {
      preset: opts.preset,
      seed: opts.seed,
      text: opts.corpus ? 'corpora (shared/corpora)' : 'built-in generator',
      generators: groups,
      dropped: [...droppedAll],
      exchanges: R.exchanges,
      rows: snap.X.rows,
      accounts: R.accounts.length,
      campaignAccounts,
      label: 'campaign account (labels.jsonl label = campaign)',
      snapshots: 'a row at each exchange count 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, ... (×1.5) the engine evaluated the account at, the latest at that count (fitted; each account weighs 1 in all, each generator the same), and its last evaluation (thresholds and figures only)',
      worlds: worlds.map((w) => ({ generator: w.generator, name: w.name, ...(w.sim ?? {}) })),
      seconds: Math.round((performance.now() - started) / 1000),
    },
    validation: validation as unknown as Record<string, unknown>,
  };
  return { file, log: lines };
}

function equalGroups(R: RowSet, groupOf: (a: number) => string): (a: number) => number {
  const count = new Map<string, number>();
  for (let a = 0; a < R.accounts.length; a++) count.set(groupOf(a), (count.get(groupOf(a)) ?? 0) + 1);
  const total = R.accounts.length;
  return (a) => total / count.size / count.get(groupOf(a))!;
}

function maxPerAccount(R: RowSet, p: ArrayLike<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < R.rows; i++) {
    const a = R.account[i];
    if (!(p[i] <= (out.get(a) ?? -1))) out.set(a, p[i]);
  }
  return out;
}

/** Per-account-weighted log-loss of sigmoid(z) on the picked rows. */
function heldLogLoss(R: RowSet, z: ArrayLike<number>, pick: (i: number) => boolean): number {
  const per = new Map<number, number>();
  for (let i = 0; i < R.rows; i++) if (pick(i)) per.set(R.account[i], (per.get(R.account[i]) ?? 0) + 1);
  let l = 0, W = 0;
  for (let i = 0; i < R.rows; i++) {
    if (!pick(i)) continue;
    const w = 1 / per.get(R.account[i])!;
    const y = R.accounts[R.account[i]].campaign ? 1 : 0;
    const p = Math.min(1 - 1e-12, Math.max(1e-12, 1 / (1 + Math.exp(-z[i]))));
    l -= w * (y * Math.log(p) + (1 - y) * Math.log(1 - p));
    W += w;
  }
  return W ? l / W : NaN;
}

/**
 * Per account of the picked accounts: the highest probability `p` over its rows
 * where the rules' review rested on its own evidence alone, and the first
 * exchange count at which such a row reached `clearAt` (the rules' flag
 * survived the model there).
 */
function softRows(R: RowSet, pick: (a: number) => boolean, p: ArrayLike<number>, clearAt: number, kind: ClearKind): { max: Map<number, number>; keptN: Map<number, number> } {
  const max = new Map<number, number>();
  const keptN = new Map<number, number>();
  for (let i = 0; i < R.rows; i++) {
    if (R.rule[i] < 1 || R.rule[i] > kind || !pick(R.account[i])) continue;
    const a = R.account[i];
    if (!(p[i] <= (max.get(a) ?? -1))) max.set(a, p[i]);
    if (p[i] >= clearAt && !(R.n[i] >= (keptN.get(a) ?? Infinity))) keptN.set(a, R.n[i]);
  }
  return { max, keptN };
}

/**
 * What the model may clear: 1 the rules' reviews on an account's own evidence
 * alone (what the engine does), 2 also reviews through a campaign's ties
 * (measured only, for the next round).
 */
export type ClearKind = 1 | 2;

/** First exchange count at which the rules flagged the account on evidence beyond what `kind` may clear, 0 never. */
function beyondN(m: AccountMeta, kind: ClearKind): number {
  if (kind === 2) return m.rulesHardN;
  return m.rulesTieN && m.rulesHardN ? Math.min(m.rulesTieN, m.rulesHardN) : m.rulesTieN || m.rulesHardN;
}

/** Whether the model clears account `a` entirely: every flag the rules gave it was of a clearable kind, each below `clearAt`. */
function clearedAll(m: AccountMeta, softMax: number | undefined, clearAt: number, kind: ClearKind): boolean {
  return m.rulesFlagged && beyondN(m, kind) === 0 && softMax !== undefined && softMax < clearAt;
}

/**
 * The clear threshold over the picked accounts' probabilities `p`: the
 * highest that keeps CLEAR_KEEP of each generator's campaign accounts flagged
 * by the rules, never above `cap` (the review threshold).
 */
export function clearThreshold(R: RowSet, pick: (a: number) => boolean, groupOf: (a: number) => string, p: ArrayLike<number>, cap: number, kind: ClearKind = 1): { probability: number; keep: number; perGenerator: Record<string, number> } {
  const { max } = softRows(R, pick, p, Infinity, kind);
  const flagged = new Map<string, number>();
  const at = new Map<string, number[]>();
  for (let a = 0; a < R.accounts.length; a++) {
    const m = R.accounts[a];
    if (!pick(a) || !m.campaign || !m.rulesFlagged) continue;
    const g = groupOf(a);
    flagged.set(g, (flagged.get(g) ?? 0) + 1);
    const v = max.get(a);
    if (beyondN(m, kind) === 0 && v !== undefined) (at.get(g) ?? at.set(g, []).get(g)!).push(v);
  }
  const perGenerator: Record<string, number> = {};
  let probability = cap;
  for (const [g, f] of flagged) {
    const v = (at.get(g) ?? []).sort((x, y) => x - y);
    const allowed = Math.floor((1 - CLEAR_KEEP) * f);
    // clears below the first account that must be kept
    const tg = allowed < v.length ? v[allowed] : cap;
    perGenerator[g] = round(tg, 6);
    probability = Math.min(probability, tg);
  }
  return { probability, keep: CLEAR_KEEP, perGenerator };
}

/** CLEAR_RULE on the leave-one-generator-out figures. */
export function decideClearing(logo: readonly LogoFigure[]): { acts: boolean; why: string } {
  const fell = logo.filter((f) => f.cleared.benignFlaggedRate < f.rulesAndModel.benignFlaggedRate).length;
  const loss = logo.map((f) => ({ g: f.generator, d: f.rulesAndModel.recall - f.cleared.recall }));
  const worst = loss.reduce((b, x) => (x.d > b.d ? x : b), { g: '-', d: 0 });
  const acts = fell > logo.length / 2 && worst.d <= CLEAR_MAX_RECALL_LOSS + 1e-9;
  return { acts, why: `benign flagged fell on ${fell} of ${logo.length} held-out generators; the largest recall loss ${(100 * worst.d).toFixed(2)} points (${worst.g})` };
}

/** What the model clearing one kind of the rules' reviews does to a held-out generator's accounts. */
interface ClearVariant {
  kind: ClearKind;
  /** calibrated probabilities of the held-out rows (whether or not the model may act on its own) */
  p: ArrayLike<number>;
  clearAt: number;
}

function logoFigure(R: RowSet, g: string, groupOf: (a: number) => string, p: ArrayLike<number>, t: number, z: ArrayLike<number>, dropped: string[], own: ClearVariant, ties: ClearVariant): LogoFigure {
  const hi = new Map<number, number>();
  const firstN = new Map<number, number>();
  const zHi = new Map<number, number>();
  for (let i = 0; i < R.rows; i++) {
    const a = R.account[i];
    if (groupOf(a) !== g) continue;
    if (!(p[i] <= (hi.get(a) ?? -1))) hi.set(a, p[i]);
    if (!(z[i] <= (zHi.get(a) ?? -Infinity))) zHi.set(a, z[i]);
    if (p[i] >= t && !firstN.has(a)) firstN.set(a, R.n[i]);
  }
  const variants = [own, ties].map((v) => ({ v, soft: softRows(R, (a) => groupOf(a) === g, v.p, v.clearAt, v.kind), kept: [0, 0], cleared: [0, 0], leak: 0 }));
  let camp = 0, ben = 0, rC = 0, rB = 0, mC = 0, mB = 0, bC = 0, bB = 0, ex = 0, leakR = 0, leakB = 0;
  const perPersona: LogoFigure['perPersona'] = {};
  const perStrategy: LogoFigure['perStrategy'] = {};
  const scored: { p: number; y: number }[] = [];
  for (const [a, hp] of hi) {
    const m = R.accounts[a];
    const model = hp >= t;
    const both = model || m.rulesFlagged;
    scored.push({ p: zHi.get(a)!, y: m.campaign ? 1 : 0 });
    const tab = m.campaign ? perStrategy : perPersona;
    const e = (tab[m.persona] ??= { accounts: 0, rules: 0, rulesAndModel: 0, cleared: 0, clearedTies: 0 });
    e.accounts++;
    if (m.rulesFlagged) e.rules++;
    if (both) e.rulesAndModel++;
    const y = m.campaign ? 0 : 1;
    const mn = model ? Math.min(m.exchanges, firstN.get(a)! - 1) : m.exchanges;
    for (const x of variants) {
      const clearedRules = clearedAll(m, x.soft.max.get(a), x.v.clearAt, x.v.kind);
      const kept = model || (m.rulesFlagged && !clearedRules);
      if (kept) {
        x.kept[y]++;
        if (x.v.kind === 1) e.cleared++;
        else e.clearedTies++;
      }
      if (both && !kept) x.cleared[y]++;
      if (!m.campaign) continue;
      // with clearing the rules flag at their first evidence beyond what the model may clear, or at the
      // first clearable review the model did not clear, whichever came first
      let kn = m.exchanges;
      if (m.rulesFlagged && !clearedRules) {
        const beyond = beyondN(m, x.v.kind);
        const first = x.soft.max.get(a) === undefined ? (beyond || m.rulesFlagN) : Math.min(beyond || Infinity, x.soft.keptN.get(a) ?? Infinity);
        kn = Math.min(m.exchanges, Math.max(0, Math.max(first, m.rulesFlagN) - 1));
      }
      x.leak += Math.min(kn, mn);
    }
    if (m.campaign) {
      camp++;
      ex += m.exchanges;
      if (m.rulesFlagged) rC++;
      if (model) mC++;
      if (both) bC++;
      const rn = m.rulesFlagged ? Math.min(m.exchanges, Math.max(0, m.rulesFlagN - 1)) : m.exchanges;
      leakR += rn;
      leakB += Math.min(rn, mn);
    } else {
      ben++;
      if (m.rulesFlagged) rB++;
      if (model) mB++;
      if (both) bB++;
    }
  }
  const r = (k: number, n: number) => round(n ? k / n : NaN, 5);
  const [o, w] = variants.map((x) => ({ recall: r(x.kept[0], camp), benignFlaggedRate: r(x.kept[1], ben), leakage: r(x.leak, ex), campaignCleared: x.cleared[0], benignCleared: x.cleared[1] }));
  return {
    generator: g, campaignAccounts: camp, benignAccounts: ben,
    logLoss: round(heldLogLoss(R, z, (i) => groupOf(R.account[i]) === g && R.snapshot[i]), 5),
    auc: round(auc(scored), 5),
    threshold: round(t, 6),
    rules: { recall: r(rC, camp), benignFlaggedRate: r(rB, ben) },
    model: { recall: r(mC, camp), benignFlaggedRate: r(mB, ben) },
    rulesAndModel: { recall: r(bC, camp), benignFlaggedRate: r(bB, ben), leakage: r(leakB, ex) },
    cleared: o,
    clearAt: round(own.clearAt, 6),
    clearedTies: w,
    clearTiesAt: round(ties.clearAt, 6),
    rulesLeakage: r(leakR, ex),
    perPersona, perStrategy, dropped,
  };
}

/** The smallest probability that flags at most `rate` of the benign accounts (each at its highest probability). */
export function thresholdAt(benignMax: number[], rate: number): { probability: number; benignFlaggedRate: number; targetRate: number; benignAccounts: number } {
  const sorted = [...benignMax].sort((a, b) => b - a);
  const allowed = Math.floor(rate * sorted.length);
  // just above the first benign account that must stay unflagged
  const edge = allowed < sorted.length ? sorted[allowed] : 0;
  const probability = Math.min(1, edge + 1e-6);
  const flagged = sorted.filter((p) => p >= probability).length;
  return { probability, benignFlaggedRate: flagged / Math.max(1, sorted.length), targetRate: rate, benignAccounts: sorted.length };
}

function figures(R: RowSet, p: ArrayLike<number>, reviewAt: number, groupOf: (a: number) => string): ValidationFigures {
  const highest = new Map<number, number>();
  const firstFlagN = new Map<number, number>();
  for (let i = 0; i < R.rows; i++) {
    const a = R.account[i];
    if (!(p[i] <= (highest.get(a) ?? -1))) highest.set(a, p[i]);
    if (p[i] >= reviewAt && !firstFlagN.has(a)) firstFlagN.set(a, R.n[i]);
  }
  const perStrategy: Record<string, GroupFigure> = {};
  const perPersona: Record<string, GroupFigure> = {};
  let camp = 0, campFlag = 0, ben = 0, benFlag = 0, leaked = 0, campEx = 0;
  const scored: { p: number; y: number }[] = [];
  for (const [a, hp] of highest) {
    const m = R.accounts[a];
    const flagged = hp >= reviewAt;
    const key = `${groupOf(a)}:${m.persona}`;
    const tab = m.campaign ? perStrategy : perPersona;
    const g = (tab[key] ??= { accounts: 0, flagged: 0, rate: 0 });
    g.accounts++;
    if (flagged) g.flagged++;
    scored.push({ p: hp, y: m.campaign ? 1 : 0 });
    if (m.campaign) {
      camp++;
      if (flagged) campFlag++;
      campEx += m.exchanges;
      leaked += flagged ? Math.min(m.exchanges, firstFlagN.get(a)! - 1) : m.exchanges;
    } else {
      ben++;
      if (flagged) benFlag++;
    }
  }
  for (const g of [...Object.values(perStrategy), ...Object.values(perPersona)]) g.rate = round(g.flagged / g.accounts, 4);
  return {
    worlds: 0,
    rows: 0,
    campaignAccounts: camp,
    benignAccounts: ben,
    logLoss: NaN,
    auc: round(auc(scored), 5),
    calibrationError: NaN,
    reliability: [],
    recall: round(camp ? campFlag / camp : 0, 5),
    leakage: round(campEx ? leaked / campEx : 0, 5),
    benignFlaggedRate: round(ben ? benFlag / ben : 0, 6),
    perStrategy,
    perPersona,
    logo: [],
    perGenerator: {},
    l2Losses: {},
  };
}

/** Mann–Whitney AUC with ties counted half. */
function auc(s: { p: number; y: number }[]): number {
  const sorted = [...s].sort((a, b) => a.p - b.p);
  let rankSum = 0, pos = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j].p === sorted[i].p) j++;
    const mid = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (sorted[k].y) { rankSum += mid; pos++; }
    i = j;
  }
  const neg = sorted.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}

function mean(xs: number[]): number {
  const v = xs.filter((x) => Number.isFinite(x));
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN;
}

function commit(): string {
  try {
    const head = execSync('git rev-parse HEAD', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // only what the model is made from: the code and its dependencies, not docs or the model file itself
    const dirty = execSync('git status --porcelain --untracked-files=no -- src scripts package.json package-lock.json', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head}+uncommitted` : head;
  } catch {
    return 'unknown';
  }
}

function round(x: number, d: number): number {
  const k = 10 ** d;
  return Math.round(x * k) / k;
}

function round4<T extends { probability: number; benignFlaggedRate: number }>(t: T): T {
  return { ...t, probability: round(t.probability, 6), benignFlaggedRate: round(t.benignFlaggedRate, 6) };
}

function pctS(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}

export type { Platt };
