/**
 * `npm run bench:detect`: the scenario suite. For each scenario, simulate a
 * small labelled world, scan it, score it beside the baselines, and print the
 * scoreboard; a summary table of every scenario comes last.
 *
 *   node --import tsx bench/detect.ts [--scale 0.0005] [--seed 7] [--days D] [--scenarios mixed,lookalikes] [--keep DIR] [--no-baselines]
 *
 * Text comes from ../shared/corpora when it is there (resolved from the
 * repository root); without it the simulator's built-in text is used and the
 * run says so.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatScoreboard, pct, runEval, writeEvalOutputs, type EvalReport } from '../src/eval/index.js';
import { worldLogFiles } from '../src/eval/read.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPORA = resolve(ROOT, '../shared/corpora');

/** The scenarios of issue 3 item 5 (incident is left out: it is the large one). */
const DEFAULT_SCENARIOS = ['mixed', 'lookalikes', 'naive', 'hydra', 'agentic_harvest', 'stealth', 'reseller_mix', 'slow_drip', 'model_switch'];

type SimulateWorld = (opts: { scenario: string; scale: number; seed: number; days?: number; corpus?: string; out: string }) => Promise<unknown>;
type Scan = (opts: { inputs: string[]; accounts?: string; out: string }) => Promise<unknown>;

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

// Imported by path at run time so this script type-checks before those modules land.
async function load<T>(rel: string, name: string): Promise<T | null> {
  const file = join(ROOT, rel);
  if (!existsSync(file)) return null;
  const m = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return typeof m[name] === 'function' ? (m[name] as T) : null;
}

async function main(): Promise<number> {
  const scale = Number(arg('scale', '0.0005'));
  const days = process.argv.includes('--days') ? Number(arg('days', '')) : undefined;
  const seed = Number(arg('seed', '7'));
  const keep = process.argv.includes('--keep') ? arg('keep', '') : '';
  const withBaselines = !process.argv.includes('--no-baselines');
  if (!(scale > 0) || !Number.isInteger(seed)) {
    process.stderr.write('bench:detect: --scale must be a positive number and --seed an integer\n');
    return 2;
  }
  const simulateWorld = await load<SimulateWorld>('src/simulate/index.ts', 'simulateWorld');
  const scan = await load<Scan>('src/engine/scan.ts', 'scan');
  if (!simulateWorld || !scan) {
    process.stderr.write(`bench:detect: needs simulateWorld from src/simulate/index.ts${simulateWorld ? ' (found)' : ' (missing)'} and scan from src/engine/scan.ts${scan ? ' (found)' : ' (missing)'}\n`);
    return 2;
  }
  let scenarios = arg('scenarios', '').split(',').filter(Boolean);
  if (scenarios.length === 0) {
    const m = (await import(pathToFileURL(join(ROOT, 'src/simulate/index.ts')).href)) as Record<string, unknown>;
    const listed = m.SCENARIOS;
    const names = Array.isArray(listed) ? listed : listed && typeof listed === 'object' ? Object.keys(listed) : [];
    const named = names.map((x) => (x && typeof x === 'object' && 'name' in x ? String((x as { name: unknown }).name) : String(x)));
    scenarios = named.length > 0 ? named.filter((s) => s !== 'incident') : DEFAULT_SCENARIOS;
  }
  const corpus = existsSync(CORPORA) ? CORPORA : undefined;
  if (!corpus) process.stderr.write(`bench:detect: no corpora at ${CORPORA}; using the simulator's built-in text\n`);

  const base = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'dg-bench-detect-'));
  mkdirSync(base, { recursive: true });
  console.log(`bench:detect scale ${scale}, seed ${seed}, text ${corpus ? 'from ../shared/corpora' : 'built-in'}, scenarios ${scenarios.join(', ')}\n`);
  const rows: { scenario: string; r: EvalReport | null; simS: number; scanS: number; evalS: number; error?: string }[] = [];
  for (const scenario of scenarios) {
    const world = join(base, scenario, 'world');
    const out = join(base, scenario, 'scan');
    mkdirSync(world, { recursive: true });
    mkdirSync(out, { recursive: true });
    let t = performance.now();
    try {
      await simulateWorld({ scenario, scale, seed, days, corpus, out: world });
      const simS = (performance.now() - t) / 1000;
      t = performance.now();
      const accounts = join(world, 'accounts.jsonl');
      await scan({ inputs: worldLogFiles(world), accounts: existsSync(accounts) ? accounts : undefined, out });
      const scanS = (performance.now() - t) / 1000;
      t = performance.now();
      const r = await runEval({ world, verdicts: out, baselines: withBaselines ? undefined : [] });
      await writeEvalOutputs(r, out);
      const evalS = (performance.now() - t) / 1000;
      console.log(`== ${scenario} (simulate ${simS.toFixed(1)} s, scan ${scanS.toFixed(1)} s, eval ${evalS.toFixed(1)} s)`);
      console.log(formatScoreboard(r) + '\n');
      rows.push({ scenario, r, simS, scanS, evalS });
    } catch (e) {
      const msg = (e as Error).message;
      console.log(`== ${scenario}: failed: ${msg}\n`);
      rows.push({ scenario, r: null, simS: 0, scanS: 0, evalS: 0, error: msg });
    }
  }

  // One line per scenario and defence: the figure to copy into docs/benchmarks.md.
  console.log('summary: recall / benign FPR / leakage / campaigns found');
  const names = ['distillguard', ...(rows.find((x) => x.r)?.r?.baselines.map((b) => b.name) ?? [])];
  const table: string[][] = [['scenario', 'exchanges', ...names]];
  for (const { scenario, r, error } of rows) {
    if (!r) { table.push([scenario, 'failed', error ?? '']); continue; }
    const cells = [r, ...r.baselines].map((m) => `${pct(m.accountRecall)} / ${pct(m.benignFPR, 2)} / ${pct(m.leakage)} / ${m.campaignsFound}/${m.campaigns}`);
    table.push([scenario, r.exchanges.toLocaleString('en-US'), ...cells]);
  }
  const w: number[] = [];
  for (const row of table) row.forEach((c, i) => { w[i] = Math.max(w[i] ?? 0, c.length); });
  for (const row of table) console.log(row.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd());
  console.log(`\noutputs in ${base}${keep ? '' : ' (removed at exit; pass --keep DIR to keep them)'}`);
  if (!keep) rmSync(base, { recursive: true, force: true });
  return rows.some((x) => !x.r) ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`bench:detect: ${(e as Error).stack ?? e}\n`); process.exitCode = 1; });
