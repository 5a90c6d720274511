/**
 * The tables of docs/model-card.md from a model file, so the card's numbers
 * are the file's. scripts/train-model.ts writes them into the card between
 * its table markers after each training of the shipped model; by hand:
 *
 *   node --import tsx scripts/model-card-tables.ts [models/account-v3.json] [--write]
 *
 * prints them, or with `--write` replaces the card's tables.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModelFile } from '../src/model/account-model.js';
import type { LogoFigure } from '../src/model/training.js';

export const CARD = join(import.meta.dirname, '..', 'docs', 'model-card.md');
const BEGIN = '<!-- tables: written by scripts/model-card-tables.ts from the model file; do not edit by hand -->';
const END = '<!-- end of tables -->';

/** The card's tables, as Markdown. */
export function cardTables(m: ModelFile): string {
  const out: string[] = [];
  const log = (line = '') => out.push(line);
  const pct = (x: number | null, d = 2) => (x === null || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(d)}%`);
  type Group = { accounts: number; flagged: number; rate: number };
  const v = m.validation as Record<string, unknown> & {
    reliability: { lo: number; hi: number; rows: number; predicted: number; observed: number }[];
    perStrategy: Record<string, Group>; perPersona: Record<string, Group>;
    logo: LogoFigure[]; perGenerator: Record<string, number[]>; l2Losses: Record<string, number>;
  };
  const gens = Object.keys(v.perGenerator);
  const clear = m.thresholds.clear;

  log('### Features and coefficients\n');
  log(`| # | feature | sign constraint | mean | scale | coefficient (per standard deviation) | fitted alone on ${gens.join(' / ')} | what it measures |`);
  log('|---:|---|:---:|---:|---:|---:|---|---|');
  m.features.forEach((f, j) => log(`| ${j + 1} | \`${f.name}\` | ${f.sign > 0 ? '≥ 0' : f.sign < 0 ? '≤ 0' : 'free'} | ${m.standardisation.mean[j].toFixed(3)} | ${m.standardisation.scale[j].toFixed(3)} | ${m.coefficients.weights[j].toFixed(3)} | ${gens.map((g) => v.perGenerator[g][j].toFixed(2)).join(' / ')} | ${f.doc.replace(/\|/g, '\\|')} |`));
  log(`\nIntercept ${m.coefficients.intercept.toFixed(3)}; L2 penalty ${m.coefficients.l2} (held-out log-loss by penalty: ${Object.entries(v.l2Losses).map(([k, x]) => `${k}: ${x.toFixed(4)}`).join(', ')}); dropped (sign differs between generators): ${(m.training.dropped as string[]).join(', ') || 'none'}; Platt calibration p = sigmoid(${m.calibration.a.toFixed(4)} · z + ${m.calibration.b.toFixed(4)}).\n`);
  log('### Leave one generator out: rules, model, rules + model\n');
  log('| held-out generator | campaign / benign accounts | log-loss | AUC | review at | rules: recall / benign flagged | model alone | rules + model | leakage rules → rules + model |');
  log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const f of v.logo) log(`| ${f.generator} | ${f.campaignAccounts} / ${f.benignAccounts} | ${f.logLoss.toFixed(4)} | ${f.auc === null ? '–' : f.auc.toFixed(4)} | ${f.threshold.toFixed(4)} | ${pct(f.rules.recall, 1)} / ${pct(f.rules.benignFlaggedRate)} | ${pct(f.model.recall, 1)} / ${pct(f.model.benignFlaggedRate)} | ${pct(f.rulesAndModel.recall, 1)} / ${pct(f.rulesAndModel.benignFlaggedRate)} | ${pct(f.rulesLeakage, 1)} → ${pct(f.rulesAndModel.leakage, 1)} |`);
  log('\n### Leave one generator out: the model deciding the rules\' reviews on own evidence\n');
  log('Rules + model, then with the model clearing the rules\' reviews that rest on an account\'s own evidence alone below the fold\'s clear threshold (set on its training generators).\n');
  log('| held-out generator | clear below | rules + model: recall / benign flagged | with clearing | recall change | benign flagged change | campaign / benign accounts cleared | leakage |');
  log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(2)}`;
  for (const f of v.logo) log(`| ${f.generator} | ${f.clearAt.toFixed(4)} | ${pct(f.rulesAndModel.recall, 1)} / ${pct(f.rulesAndModel.benignFlaggedRate)} | ${pct(f.cleared.recall, 1)} / ${pct(f.cleared.benignFlaggedRate)} | ${pts(f.cleared.recall - f.rulesAndModel.recall)} | ${pts(f.cleared.benignFlaggedRate - f.rulesAndModel.benignFlaggedRate)} | ${f.cleared.campaignCleared} / ${f.cleared.benignCleared} | ${pct(f.rulesAndModel.leakage, 1)} → ${pct(f.cleared.leakage, 1)} |`);
  if (clear) log(`\nDecision (${clear.acts ? '**clearing acts**' : '**clearing recorded only, does not act**'}): ${clear.decision}.`);
  log('\nMeasured only (the engine never does this in this version): the model clearing the rules\' reviews that rest on a campaign\'s ties as well (never a block, never a signature match), its threshold set the same way.\n');
  log('| held-out generator | clear below | with clearing: recall / benign flagged | recall change | benign flagged change | campaign / benign accounts cleared |');
  log('|---|---:|---:|---:|---:|---:|');
  for (const f of v.logo) log(`| ${f.generator} | ${f.clearTiesAt.toFixed(4)} | ${pct(f.clearedTies.recall, 1)} / ${pct(f.clearedTies.benignFlaggedRate)} | ${pts(f.clearedTies.recall - f.rulesAndModel.recall)} | ${pts(f.clearedTies.benignFlaggedRate - f.rulesAndModel.benignFlaggedRate)} | ${f.clearedTies.campaignCleared} / ${f.clearedTies.benignCleared} |`);
  log('\nBenign personas, held out, flagged by the rules → rules + model → with clearing on own evidence → with campaign-tie reviews cleared too (measured only), of accounts; personas the rules or the model flag:\n');
  log('| generator | persona | accounts | rules | rules + model | clearing | clearing ties too |');
  log('|---|---|---:|---:|---:|---:|---:|');
  for (const f of v.logo) for (const [p, x] of Object.entries(f.perPersona).sort()) if (x.rulesAndModel > 0) log(`| ${f.generator} | ${p} | ${x.accounts} | ${x.rules} | ${x.rulesAndModel} | ${x.cleared} | ${x.clearedTies} |`);
  log('\nCampaign strategies, held out, the same columns (⚠: clearing on own evidence loses accounts):\n');
  log('| generator | strategy | accounts | rules | rules + model | clearing | clearing ties too |');
  log('|---|---|---:|---:|---:|---:|---:|');
  for (const f of v.logo) for (const [p, x] of Object.entries(f.perStrategy).sort()) log(`| ${f.generator} | ${p} | ${x.accounts} | ${x.rules} | ${x.rulesAndModel} | ${x.cleared}${x.cleared < x.rulesAndModel ? ' ⚠' : ''} | ${x.clearedTies} |`);
  log('\n### Reliability on held-out-generator scores (snapshot rows, each generator weighing the same)\n');
  log('| calibrated probability | rows | mean predicted | observed share of campaign rows |');
  log('|---|---:|---:|---:|');
  for (const b of v.reliability) log(`| ${b.lo.toFixed(2)}–${b.hi.toFixed(2)} | ${b.rows} | ${Number.isFinite(b.predicted) ? b.predicted.toFixed(4) : '–'} | ${Number.isFinite(b.observed) ? b.observed.toFixed(4) : '–'} |`);
  log(`\nExpected calibration error ${Number(v.calibrationError).toFixed(4)}; mean held-out log-loss ${Number(v.logLoss).toFixed(4)}; AUC over accounts ${Number(v.auc).toFixed(4)}.\n`);
  log('### Thresholds (held-out-generator scores, pooled over every generator)\n');
  log('| action | calibrated probability | target: benign accounts ever flagged | measured | benign accounts |');
  log('|---|---:|---:|---:|---:|');
  for (const k of ['review', 'block'] as const) {
    const t = m.thresholds[k];
    log(`| ${k} | ${t.probability.toFixed(4)} | ${pct(t.targetRate)} | ${pct(t.benignFlaggedRate, 3)} | ${t.benignAccounts} |`);
  }
  if (clear) log(`| clear (the rules' review on own evidence) | ${clear.probability.toFixed(4)} | keeps ${pct(clear.keep, 0)} of each generator's campaign accounts the rules flag | ${clear.acts ? 'acts' : 'recorded only'} | |`);
  log(`\nThe model alone at the review threshold, on held-out-generator scores (${v.worlds} worlds, ${v.campaignAccounts} campaign and ${v.benignAccounts} benign accounts): recall ${pct(Number(v.recall))}, leakage ${pct(Number(v.leakage))}, benign accounts flagged ${pct(Number(v.benignFlaggedRate), 3)}. Benign personas it flags:\n`);
  log('| generator:persona | accounts | reached review | rate |');
  log('|---|---:|---:|---:|');
  for (const [k, g] of Object.entries(v.perPersona).sort()) if (g.flagged > 0) log(`| ${k} | ${g.accounts} | ${g.flagged} | ${pct(g.rate, 2)} |`);
  return out.join('\n');
}

/** Replaces the tables between the card's markers (appends the markers when absent). */
export function writeCardTables(m: ModelFile, card = CARD): void {
  const text = readFileSync(card, 'utf8');
  const tables = `${BEGIN}\n\n${cardTables(m)}\n\n${END}`;
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  writeFileSync(card, a >= 0 && b > a ? text.slice(0, a) + tables + text.slice(b + END.length) : `${text.trimEnd()}\n\n${tables}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const path = args.find((a) => !a.startsWith('--')) ?? join(import.meta.dirname, '..', 'models', 'account-v3.json');
  const m = ModelFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  if (args.includes('--write')) writeCardTables(m);
  else console.log(cardTables(m));
}
