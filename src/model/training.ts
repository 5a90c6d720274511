/**
 * Training the account model (scripts/train-model.ts is its command line):
 * simulated worlds over every scenario with randomised seed, scale and days,
 * each streamed through the engine with the rules alone; at evaluation points
 * during the stream each account's feature vector is recorded, labelled by
 * whether the account belongs to a campaign. Worlds are split by world, never
 * by row: the fit sees the training worlds, calibration and the thresholds
 * the validation worlds, and the thresholds only their benign accounts.
 *
 * This module drives the simulator and the engine; nothing in the decision
 * path imports it.
 */
import { execSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Label } from '../contract/types.js';
import { parseAccountLine } from '../contract/parse.js';
import { Engine } from '../engine/engine.js';
import { accountProfile } from '../engine/profile.js';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { simulateWorld } from '../simulate/index.js';
import { Rng } from '../simulate/rng.js';
import { readExchanges, type SourceStats } from '../sources/files.js';
import { accountFeatures, FEATURE_COUNT, FEATURES } from './features.js';
import { applyPlatt, calibrationError, fitLogistic, fitPlatt, reliability, standardisation, standardise, type Matrix, type ReliabilityBin, type Sign } from './logistic.js';
import { modelMayAct, type ModelFile } from './account-model.js';

export type Role = 'train' | 'validation';

export interface WorldSpec {
  scenario: string;
  scale: number;
  seed: number;
  days: number;
  role: Role;
}

export type Preset = 'full' | 'smoke';

export interface TrainOptions {
  seed: number;
  preset: Preset;
  /** corpora directory for prompt text; built-in text when absent */
  corpus?: string;
  /** where worlds are written (each removed once read) */
  workDir: string;
  log?: (line: string) => void;
}

/** Benign-account rates the thresholds are chosen for (share of benign accounts ever flagged). */
export const REVIEW_RATE = 0.0005;
export const BLOCK_RATE = 0.0001;
/**
 * The block threshold is never below this calibrated probability, whatever the
 * benign rate allows: an automatic block on an account the model itself holds
 * more likely benign than not is wrong on traffic unlike the training worlds,
 * where the rate measured on them says nothing. (Review has no floor: a
 * person looks.)
 */
export const BLOCK_FLOOR = 0.5;
/** L2 penalties tried; the one with the lowest validation log-loss is kept */
export const L2_GRID = [1e-4, 1e-3, 1e-2];

const DAYS = FEATURES.findIndex((f) => f.name === 'days_log');
const VERIFIED = FEATURES.findIndex((f) => f.name === 'verified');
const CAMPAIGN_SIZE = FEATURES.findIndex((f) => f.name === 'campaign_size_log');
const HARVEST_SHARE = FEATURES.findIndex((f) => f.name === 'harvest_share');
const CONTENT_MIN_SHARE = 0.15;
const AUTOMATION = FEATURES.findIndex((f) => f.name === 'det_automation');
const TOKENS = FEATURES.findIndex((f) => f.name === 'det_tokens');
const SCRIPTED = FEATURES.findIndex((f) => f.name === 'det_scripted');

/** The benign-only worlds the shipped model was fitted and calibrated on (`lookalikes` before its public-item and quick-reply look-alikes); retraining may move to `lookalikes`. */
const LOOKALIKES = 'lookalikes_core';
const STRATEGY_SCENARIOS = ['naive', 'hydra', 'agentic_harvest', 'stealth', 'reseller_mix', 'slow_drip', 'model_switch'];

/**
 * The worlds of a preset, drawn from `seed`. Full: every strategy's scenario,
 * mixed and lookalikes, four of each (two for training, two for validation),
 * scale 0.02–0.1 and 3–14 days, plus four benign-only lookalikes worlds of
 * growing population for the thresholds. Smoke: four tiny worlds, for the
 * test that retrains and compares with the model file's recorded figures.
 */
export function planWorlds(seed: number, preset: Preset): WorldSpec[] {
  const r = new Rng(seed, `train-model/${preset}`);
  const out: WorldSpec[] = [];
  if (preset === 'smoke') {
    const plan: [string, Role][] = [['mixed', 'train'], ['stealth', 'train'], ['mixed', 'validation'], [LOOKALIKES, 'validation']];
    for (const [scenario, role] of plan) out.push({ scenario, scale: 0.02, seed: r.int(1_000_000), days: 3, role });
    return out;
  }
  for (const scenario of ['mixed', ...STRATEGY_SCENARIOS, LOOKALIKES]) {
    for (let k = 0; k < 4; k++) {
      out.push({ scenario, scale: round(r.range(0.02, 0.1), 3), seed: r.int(1_000_000), days: r.between(3, 14), role: k < 2 ? 'train' : 'validation' });
    }
  }
  for (const scale of [0.1, 0.2, 0.3, 0.4]) out.push({ scenario: LOOKALIKES, scale, seed: r.int(1_000_000), days: r.between(7, 14), role: 'validation' });
  return out;
}

/** One account of one world. */
export interface AccountMeta {
  world: number;
  campaign: boolean;
  /** persona for benign accounts, strategy for campaign accounts */
  group: string;
  /** exchanges at the end of the stream */
  exchanges: number;
}

/** Feature rows recorded during the streams, with what each belongs to. */
export class RowSet {
  x = new Float32Array(1 << 16);
  account: number[] = [];
  n: number[] = [];
  /** whether the row is at one of the snapshot points (training rows); validation worlds record every evaluation */
  snapshot: boolean[] = [];
  accounts: AccountMeta[] = [];
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
  add(x: Float64Array, account: number, n: number, snapshot: boolean): void {
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
  }
  /** The rows picked by `keep`, as a matrix, with labels and per-row weights that give each account a total weight of 1. */
  select(keep: (row: number) => boolean): { X: Matrix; y: Float64Array; w: Float64Array; idx: number[] } {
    const idx: number[] = [];
    for (let i = 0; i < this.rows; i++) if (keep(i)) idx.push(i);
    const data = new Float64Array(idx.length * FEATURE_COUNT);
    const y = new Float64Array(idx.length);
    const per = new Map<number, number>();
    for (const i of idx) per.set(this.account[i], (per.get(this.account[i]) ?? 0) + 1);
    const w = new Float64Array(idx.length);
    idx.forEach((i, r) => {
      for (let j = 0; j < FEATURE_COUNT; j++) data[r * FEATURE_COUNT + j] = this.x[i * FEATURE_COUNT + j];
      y[r] = this.accounts[this.account[i]].campaign ? 1 : 0;
      w[r] = 1 / per.get(this.account[i])!;
    });
    return { X: { data, rows: idx.length, cols: FEATURE_COUNT }, y, w, idx };
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

/** Builds one world, streams it through the engine (rules only) and records its rows. */
export async function recordWorld(spec: WorldSpec, index: number, rows: RowSet, opts: { corpus?: string; workDir: string }): Promise<{ exchanges: number; accounts: number }> {
  const dir = join(opts.workDir, `w${index}-${spec.scenario}-${spec.seed}`);
  const m = await simulateWorld({ scenario: spec.scenario, scale: spec.scale, seed: spec.seed, days: spec.days, corpus: opts.corpus, out: dir });
  const labels = readFileSync(join(dir, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Label);
  const slot = new Map<string, number>();
  for (const l of labels) {
    slot.set(l.account_id, rows.accounts.length);
    rows.accounts.push({ world: index, campaign: l.label === 'campaign', group: l.persona, exchanges: 0 });
  }
  const lastAt = new Map<number, number>();
  const buf = new Float64Array(FEATURE_COUNT);
  const engine = new Engine({
    extract: extractFeatures,
    excerpt: (ex) => evidenceExcerpt(ex),
    linkage: createLinkage({ sweepEveryMinutes: 30 }),
    profile: accountProfile,
    campaignMinScore: 0,
    onEvaluate: (s, signals, mem, tMs) => {
      const a = slot.get(s.id);
      if (a === undefined) return;
      const snap = isSnapshotPoint(s.n);
      if (spec.role === 'train' && !snap) return;
      // a sweep re-evaluates its members at the same count: the latest row at a count replaces the one before it
      const last = rows.rows - 1;
      if (last >= 0 && rows.account[last] === a && rows.n[last] === s.n) popRow(rows);
      else if (spec.role === 'train' && lastAt.get(a) === s.n) return;
      lastAt.set(a, s.n);
      rows.add(accountFeatures(s, signals, mem, tMs, buf), a, s.n, snap);
    },
  });
  for (const line of readFileSync(join(dir, 'accounts.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const r = parseAccountLine(line);
    if (r.ok) engine.addAccount(r.value);
  }
  const stats: SourceStats = { lines: 0, bytes: 0, quarantined: 0 };
  for await (const batch of readExchanges([join(dir, 'logs.jsonl.gz')], () => {}, stats)) for (const p of batch) engine.pushPrepared(p);
  engine.finish();
  for (const s of engine.accounts.values()) {
    const a = slot.get(s.id);
    if (a !== undefined) rows.accounts[a].exchanges = s.n;
  }
  rmSync(dir, { recursive: true, force: true });
  return { exchanges: m.exchanges, accounts: m.accounts };
}

function popRow(rows: RowSet): void {
  rows.account.pop();
  rows.n.pop();
  rows.snapshot.pop();
}

export interface GroupFigure {
  accounts: number;
  flagged: number;
  rate: number;
}

/** What the model alone does on the validation worlds, at its thresholds. */
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
}

export interface TrainResult {
  file: ModelFile;
  log: string[];
}

/** Runs the whole training: worlds, rows, fit, calibration, thresholds, figures. */
export async function train(opts: TrainOptions): Promise<TrainResult> {
  const started = performance.now();
  const lines: string[] = [];
  const log = (s: string) => {
    lines.push(s);
    opts.log?.(s);
  };
  const worlds = planWorlds(opts.seed, opts.preset);
  const rows = new RowSet();
  let exchanges = 0;
  for (let i = 0; i < worlds.length; i++) {
    const t = performance.now();
    const w = worlds[i];
    const r = await recordWorld(w, i, rows, { corpus: opts.corpus, workDir: opts.workDir });
    exchanges += r.exchanges;
    log(`world ${i + 1}/${worlds.length}: ${w.scenario} scale ${w.scale} seed ${w.seed} ${w.days} days (${w.role}): ${r.exchanges} exchanges, ${r.accounts} accounts, ${rows.rows} rows so far, ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const roleOf = (row: number) => worlds[rows.accounts[rows.account[row]].world].role;
  const train = rows.select((i) => roleOf(i) === 'train' && rows.snapshot[i]);
  const valid = rows.select((i) => roleOf(i) === 'validation' && rows.snapshot[i]);
  const st = standardisation(train.X, train.w);
  const Xs = standardise(train.X, st);
  const Vs = standardise(valid.X, st);
  const signs = FEATURES.map((f) => f.sign as Sign);
  let best: { l2: number; fit: ReturnType<typeof fitLogistic>; loss: number } | undefined;
  for (const l2 of L2_GRID) {
    const fit = fitLogistic(Xs, train.y, train.w, { l2, signs });
    const loss = logLoss(Vs, valid.y, valid.w, fit.coef, fit.intercept);
    log(`l2 ${l2}: ${fit.iterations} iterations${fit.converged ? '' : ' (not converged)'}, training loss ${fit.loss.toFixed(4)}, validation log-loss ${loss.toFixed(4)}`);
    if (!best || loss < best.loss) best = { l2, fit, loss };
  }
  const { fit, l2 } = best!;
  const zValid = logits(Vs, fit.coef, fit.intercept);
  const platt = fitPlatt(zValid, valid.y, valid.w);

  // every recorded evaluation of the validation worlds, calibrated: highest per account, first flag per account
  const all = rows.select((i) => roleOf(i) === 'validation');
  const zAll = logits(standardise(all.X, st), fit.coef, fit.intercept);
  // what the engine acts on: the probability where the model may act (modelMayAct), else 0
  const pAll = zAll.map((z, r) => (rows.mayAct(all.idx[r]) ? applyPlatt(platt, z) : 0));
  const highest = new Map<number, number>();
  all.idx.forEach((row, r) => {
    const a = rows.account[row];
    if (!(pAll[r] <= (highest.get(a) ?? -1))) highest.set(a, pAll[r]);
  });
  const benignMax: number[] = [];
  for (const [a, p] of highest) if (!rows.accounts[a].campaign) benignMax.push(p);
  const review = thresholdAt(benignMax, REVIEW_RATE);
  const blockRaw = thresholdAt(benignMax, BLOCK_RATE);
  const block = { ...blockRaw, probability: Math.max(blockRaw.probability, review.probability, BLOCK_FLOOR) };
  block.benignFlaggedRate = benignMax.filter((p) => p >= block.probability).length / Math.max(1, benignMax.length);
  log(`thresholds over ${benignMax.length} benign validation accounts: review ${review.probability.toFixed(4)} (${pctS(review.benignFlaggedRate)} flagged), block ${block.probability.toFixed(4)} (${pctS(block.benignFlaggedRate)})`);

  const pValid = Float64Array.from(zValid, (z) => applyPlatt(platt, z));
  const rel = reliability(pValid, valid.y, valid.w);
  const validation = figures(rows, all.idx, pAll, review.probability, worlds.filter((w) => w.role === 'validation').length);
  validation.logLoss = round(best!.loss, 5);
  validation.calibrationError = round(calibrationError(rel), 5);
  validation.reliability = rel.map((b) => ({ ...b, predicted: round(b.predicted, 4), observed: round(b.observed, 4) }));
  validation.rows = valid.X.rows;
  log(`validation (model alone): recall ${pctS(validation.recall)}, leakage ${pctS(validation.leakage)}, benign flagged ${pctS(validation.benignFlaggedRate)}, AUC ${validation.auc.toFixed(4)}, calibration error ${validation.calibrationError.toFixed(4)}`);

  const file: ModelFile = {
    version: 'account-v1',
    created: new Date().toISOString(),
    trainingCommit: commit(),
    features: FEATURES.map((f) => ({ name: f.name, doc: f.doc, sign: f.sign })),
    standardisation: { mean: st.mean.map((v) => round(v, 6)), scale: st.scale.map((v) => round(v, 6)) },
    coefficients: { intercept: round(fit.intercept, 6), weights: fit.coef.map((v) => round(v, 6)), l2 },
    calibration: { kind: 'platt', a: round(platt.a, 6), b: round(platt.b, 6) },
    thresholds: { review: round4(review), block: round4(block) },
    training: {
      preset: opts.preset,
      seed: opts.seed,
      text: opts.corpus ? 'corpora (shared/corpora)' : 'built-in generator',
      exchanges,
      rows: train.X.rows,
      accounts: new Set(train.idx.map((i) => rows.account[i])).size,
      campaignAccounts: new Set(train.idx.filter((i) => rows.accounts[rows.account[i]].campaign).map((i) => rows.account[i])).size,
      label: 'campaign account (labels.jsonl label = campaign)',
      snapshots: 'a row at each exchange count 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, ... (×1.5) the engine evaluated the account at, the latest at that count; each account weighs 1 in all',
      worlds,
      seconds: Math.round((performance.now() - started) / 1000),
    },
    validation: validation as unknown as Record<string, unknown>,
  };
  return { file, log: lines };
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

function figures(rows: RowSet, idx: number[], p: number[], reviewAt: number, worlds: number): ValidationFigures {
  const highest = new Map<number, number>();
  const firstFlagN = new Map<number, number>();
  idx.forEach((row, r) => {
    const a = rows.account[row];
    if (!(p[r] <= (highest.get(a) ?? -1))) highest.set(a, p[r]);
    if (p[r] >= reviewAt && !firstFlagN.has(a)) firstFlagN.set(a, rows.n[row]);
  });
  const perStrategy: Record<string, GroupFigure> = {};
  const perPersona: Record<string, GroupFigure> = {};
  let camp = 0, campFlag = 0, ben = 0, benFlag = 0, leaked = 0, campEx = 0;
  const scored: { p: number; y: number }[] = [];
  for (const [a, hp] of highest) {
    const m = rows.accounts[a];
    const flagged = hp >= reviewAt;
    const g = (m.campaign ? perStrategy : perPersona)[m.group] ?? ((m.campaign ? perStrategy : perPersona)[m.group] = { accounts: 0, flagged: 0, rate: 0 });
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
    worlds,
    rows: idx.length,
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

export function logits(X: Matrix, coef: number[], intercept: number): number[] {
  const out = new Array<number>(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let z = intercept;
    for (let j = 0; j < X.cols; j++) z += coef[j] * X.data[i * X.cols + j];
    out[i] = z;
  }
  return out;
}

function logLoss(X: Matrix, y: Float64Array, w: Float64Array, coef: number[], intercept: number): number {
  const z = logits(X, coef, intercept);
  let l = 0, W = 0;
  for (let i = 0; i < z.length; i++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, 1 / (1 + Math.exp(-z[i]))));
    l -= w[i] * (y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
    W += w[i];
  }
  return l / W;
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
