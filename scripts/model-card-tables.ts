/**
 * Prints the tables of docs/model-card.md from a model file, so the card's
 * numbers are the file's:
 *
 *   node --import tsx scripts/model-card-tables.ts [models/account-v2.json]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelFile } from '../src/model/account-model.js';
import type { LogoFigure } from '../src/model/training.js';

const path = process.argv[2] ?? join(import.meta.dirname, '..', 'models', 'account-v2.json');
const m = ModelFile.parse(JSON.parse(readFileSync(path, 'utf8')));
const pct = (x: number | null, d = 2) => (x === null || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(d)}%`);
type Group = { accounts: number; flagged: number; rate: number };
const v = m.validation as Record<string, unknown> & {
  reliability: { lo: number; hi: number; rows: number; predicted: number; observed: number }[];
  perStrategy: Record<string, Group>; perPersona: Record<string, Group>;
  logo: LogoFigure[]; perGenerator: Record<string, number[]>; l2Losses: Record<string, number>;
};
const gens = Object.keys(v.perGenerator);

console.log('### Features and coefficients\n');
console.log(`| # | feature | sign constraint | mean | scale | coefficient (per standard deviation) | fitted alone on ${gens.join(' / ')} | what it measures |`);
console.log('|---:|---|:---:|---:|---:|---:|---|---|');
m.features.forEach((f, j) => console.log(`| ${j + 1} | \`${f.name}\` | ${f.sign > 0 ? '≥ 0' : f.sign < 0 ? '≤ 0' : 'free'} | ${m.standardisation.mean[j].toFixed(3)} | ${m.standardisation.scale[j].toFixed(3)} | ${m.coefficients.weights[j].toFixed(3)} | ${gens.map((g) => v.perGenerator[g][j].toFixed(2)).join(' / ')} | ${f.doc.replace(/\|/g, '\\|')} |`));
console.log(`\nIntercept ${m.coefficients.intercept.toFixed(3)}; L2 penalty ${m.coefficients.l2} (held-out log-loss by penalty: ${Object.entries(v.l2Losses).map(([k, x]) => `${k}: ${x.toFixed(4)}`).join(', ')}); dropped (sign differs between generators): ${(m.training.dropped as string[]).join(', ') || 'none'}; Platt calibration p = sigmoid(${m.calibration.a.toFixed(4)} · z + ${m.calibration.b.toFixed(4)}).\n`);
console.log('### Leave one generator out\n');
console.log('| held-out generator | campaign / benign accounts | log-loss | AUC | review at | rules: recall / benign flagged | model alone | rules + model | leakage rules → rules + model |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const f of v.logo) console.log(`| ${f.generator} | ${f.campaignAccounts} / ${f.benignAccounts} | ${f.logLoss.toFixed(4)} | ${f.auc === null ? '–' : f.auc.toFixed(4)} | ${f.threshold.toFixed(4)} | ${pct(f.rules.recall, 1)} / ${pct(f.rules.benignFlaggedRate)} | ${pct(f.model.recall, 1)} / ${pct(f.model.benignFlaggedRate)} | ${pct(f.rulesAndModel.recall, 1)} / ${pct(f.rulesAndModel.benignFlaggedRate)} | ${pct(f.rulesLeakage, 1)} → ${pct(f.rulesAndModel.leakage, 1)} |`);
console.log('\nBenign personas the model adds flags to, held out (flagged by the rules → by rules + model, of accounts):\n');
console.log('| generator | persona | accounts | rules | rules + model |');
console.log('|---|---|---:|---:|---:|');
for (const f of v.logo) for (const [p, x] of Object.entries(f.perPersona).sort()) if (x.rulesAndModel > x.rules) console.log(`| ${f.generator} | ${p} | ${x.accounts} | ${x.rules} | ${x.rulesAndModel} |`);
console.log('\nCampaign strategies, held out (flagged by the rules → by rules + model, of accounts):\n');
console.log('| generator | strategy | accounts | rules | rules + model |');
console.log('|---|---|---:|---:|---:|');
for (const f of v.logo) for (const [p, x] of Object.entries(f.perStrategy).sort()) console.log(`| ${f.generator} | ${p} | ${x.accounts} | ${x.rules} | ${x.rulesAndModel} |`);
console.log('\n### Reliability on held-out-generator scores (snapshot rows, each generator weighing the same)\n');
console.log('| calibrated probability | rows | mean predicted | observed share of campaign rows |');
console.log('|---|---:|---:|---:|');
for (const b of v.reliability) console.log(`| ${b.lo.toFixed(2)}–${b.hi.toFixed(2)} | ${b.rows} | ${Number.isFinite(b.predicted) ? b.predicted.toFixed(4) : '–'} | ${Number.isFinite(b.observed) ? b.observed.toFixed(4) : '–'} |`);
console.log(`\nExpected calibration error ${Number(v.calibrationError).toFixed(4)}; mean held-out log-loss ${Number(v.logLoss).toFixed(4)}; AUC over accounts ${Number(v.auc).toFixed(4)}.\n`);
console.log('### Thresholds (held-out-generator scores, benign accounts pooled over every generator)\n');
console.log('| action | calibrated probability | target: benign accounts ever flagged | measured | benign accounts |');
console.log('|---|---:|---:|---:|---:|');
for (const k of ['review', 'block'] as const) {
  const t = m.thresholds[k];
  console.log(`| ${k} | ${t.probability.toFixed(4)} | ${pct(t.targetRate)} | ${pct(t.benignFlaggedRate, 3)} | ${t.benignAccounts} |`);
}
console.log(`\nThe model alone at that threshold, on held-out-generator scores (${v.worlds} worlds, ${v.campaignAccounts} campaign and ${v.benignAccounts} benign accounts): recall ${pct(Number(v.recall))}, leakage ${pct(Number(v.leakage))}, benign accounts flagged ${pct(Number(v.benignFlaggedRate), 3)}. Benign personas it flags:\n`);
console.log('| generator:persona | accounts | reached review | rate |');
console.log('|---|---:|---:|---:|');
for (const [k, g] of Object.entries(v.perPersona).sort()) if (g.flagged > 0) console.log(`| ${k} | ${g.accounts} | ${g.flagged} | ${pct(g.rate, 2)} |`);
