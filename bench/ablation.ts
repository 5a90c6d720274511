/**
 * bench/ablation: recall, false positives and leakage with each signal family
 * turned off in turn, on one labelled world.
 *
 *   node --import tsx bench/ablation.ts [--scenario mixed] [--scale 0.05] [--seed 21] [--days 10]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateWorld } from '../src/simulate/index.js';
import { scan } from '../src/engine/scan.js';
import { runEval, pct } from '../src/eval/index.js';
import { FAMILIES } from '../src/engine/families.js';
import { corporaDir } from '../src/features/corpora.js';

const arg = (k: string, d: string) => {
  const i = process.argv.indexOf(`--${k}`);
  return i >= 0 ? process.argv[i + 1] : d;
};
const scenario = arg('scenario', 'mixed');
const scale = Number(arg('scale', '0.05'));
const seed = Number(arg('seed', '21'));
const days = Number(arg('days', '10'));
const dir = mkdtempSync(join(tmpdir(), 'dg-ablation-'));
const world = join(dir, 'world');
const corpus = corporaDir();
console.log(`bench/ablation: ${scenario} scale ${scale} seed ${seed}, ${days} days, text from ${corpus ?? 'the built-in generator'}`);
const m = await simulateWorld({ scenario, scale, seed, days, corpus, out: world });
console.log(`world: ${m.exchanges.toLocaleString()} exchanges, ${m.accounts} accounts (${m.campaign_accounts} in campaigns)\n`);

const rows: string[] = [];
for (const off of ['', ...Object.keys(FAMILIES)]) {
  const out = join(dir, off || 'all');
  const t = performance.now();
  await scan({ inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), out, disable: off ? [off] : [] });
  const secs = (performance.now() - t) / 1000;
  const r = await runEval({ world, verdicts: out, baselines: [] });
  const look = ['campus_class', 'company_seat', 'benchmark_evaluator', 'agentic_product'].reduce((a, p) => a + (r.perPersona?.[p]?.flagged ?? 0), 0);
  rows.push(`| ${off ? `without ${off}` : 'everything'} | ${pct(r.accountRecall)} | ${pct(r.benignFPR, 2)} | ${look} | ${pct(r.leakage)} | ${pct(r.campaignRecall)} | ${secs.toFixed(1)} |`);
  console.log(rows[rows.length - 1]);
}
console.log('\n| signals | account recall | benign FPR | look-alikes flagged | leakage | campaigns found | scan s |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
