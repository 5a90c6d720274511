/**
 * Prints the tables of docs/model-card.md from a model file, so the card's
 * numbers are the file's:
 *
 *   node --import tsx scripts/model-card-tables.ts [models/account-v1.json]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelFile } from '../src/model/account-model.js';

const path = process.argv[2] ?? join(import.meta.dirname, '..', 'models', 'account-v1.json');
const m = ModelFile.parse(JSON.parse(readFileSync(path, 'utf8')));
const pct = (x: number, d = 2) => `${(100 * x).toFixed(d)}%`;
const v = m.validation as Record<string, unknown> & { reliability: { lo: number; hi: number; rows: number; predicted: number; observed: number }[]; perStrategy: Record<string, { accounts: number; flagged: number; rate: number }>; perPersona: Record<string, { accounts: number; flagged: number; rate: number }> };

console.log('### Features and coefficients\n');
console.log('| # | feature | sign constraint | mean | scale | coefficient (per standard deviation) | what it measures |');
console.log('|---:|---|:---:|---:|---:|---:|---|');
m.features.forEach((f, j) => console.log(`| ${j + 1} | \`${f.name}\` | ${f.sign > 0 ? '≥ 0' : f.sign < 0 ? '≤ 0' : 'free'} | ${m.standardisation.mean[j].toFixed(3)} | ${m.standardisation.scale[j].toFixed(3)} | ${m.coefficients.weights[j].toFixed(3)} | ${f.doc.replace(/\|/g, '\\|')} |`));
console.log(`\nIntercept ${m.coefficients.intercept.toFixed(3)}; L2 penalty ${m.coefficients.l2}; Platt calibration p = sigmoid(${m.calibration.a.toFixed(4)} · z + ${m.calibration.b.toFixed(4)}).\n`);
console.log('### Reliability on the validation worlds (snapshot rows, each account weighing 1)\n');
console.log('| calibrated probability | rows | mean predicted | observed share of campaign rows |');
console.log('|---|---:|---:|---:|');
for (const b of v.reliability) console.log(`| ${b.lo.toFixed(2)}–${b.hi.toFixed(2)} | ${b.rows} | ${Number.isFinite(b.predicted) ? b.predicted.toFixed(4) : '–'} | ${Number.isFinite(b.observed) ? b.observed.toFixed(4) : '–'} |`);
console.log(`\nExpected calibration error ${Number(v.calibrationError).toFixed(4)}; validation log-loss ${Number(v.logLoss).toFixed(4)}; AUC over accounts ${Number(v.auc).toFixed(4)}.\n`);
console.log('### Thresholds\n');
console.log('| action | calibrated probability | target: benign accounts ever flagged | measured | benign accounts |');
console.log('|---|---:|---:|---:|---:|');
for (const k of ['review', 'block'] as const) {
  const t = m.thresholds[k];
  console.log(`| ${k} | ${t.probability.toFixed(4)} | ${pct(t.targetRate)} | ${pct(t.benignFlaggedRate, 3)} | ${t.benignAccounts} |`);
}
console.log(`\n### The model alone on the validation worlds (${v.worlds} worlds, ${v.campaignAccounts} campaign and ${v.benignAccounts} benign accounts)\n`);
console.log(`Recall ${pct(Number(v.recall))}, leakage ${pct(Number(v.leakage))}, benign accounts flagged ${pct(Number(v.benignFlaggedRate), 3)}.\n`);
console.log('| strategy | accounts | reached review | recall |');
console.log('|---|---:|---:|---:|');
for (const [k, g] of Object.entries(v.perStrategy).sort()) console.log(`| ${k} | ${g.accounts} | ${g.flagged} | ${pct(g.rate, 1)} |`);
console.log('\n| persona | accounts | reached review | rate |');
console.log('|---|---:|---:|---:|');
for (const [k, g] of Object.entries(v.perPersona).sort()) console.log(`| ${k} | ${g.accounts} | ${g.flagged} | ${pct(g.rate, 2)} |`);
