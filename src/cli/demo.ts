import { Command, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { simulateWorld } from '../simulate/index.js';
import { scan } from '../engine/scan.js';
import { runEval, writeEvalOutputs, formatScoreboard } from '../eval/index.js';
import { Progress, fmtInt } from './progress.js';
import { formatSummary } from './scan.js';

function positive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

/**
 * `distillguard demo`: the whole loop on a small labelled world: simulate it,
 * scan it as a stream, and score the verdicts against its labels and against
 * today's defences.
 */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('Simulate a small labelled world, scan it, and score the verdicts against the labels and baseline defences.')
    .option('-o, --out <dir>', 'where the world and the results go', 'distillguard-demo')
    .option('--scenario <name>', 'world to build (see `distillguard simulate --help`)', 'mixed')
    .option('--scale <s>', 'size of the world (mixed: 1 is about 1M exchanges)', positive, 0.03)
    .option('--days <d>', 'days of traffic', positive, 7)
    .option('--seed <n>', 'seed of the world', (v) => Number.parseInt(v, 10), 7)
    .option('--corpus <dir>', 'real prompt text shaped like shared/corpora (default: the built-in generator)')
    .action(async (o: { out: string; scenario: string; scale: number; days: number; seed: number; corpus?: string }) => {
      const worldDir = join(o.out, 'world');
      const resultDir = join(o.out, 'scan');
      await mkdir(o.out, { recursive: true });
      const progress = new Progress(2000);
      process.stderr.write(`1/3 simulating the "${o.scenario}" world (scale ${o.scale}, ${o.days} days, seed ${o.seed}) into ${worldDir}\n`);
      const manifest = await simulateWorld({
        scenario: o.scenario, scale: o.scale, seed: o.seed, days: o.days, corpus: o.corpus, out: worldDir,
        onProgress: (done, total) => progress.update(`   ${fmtInt(done)} / ${fmtInt(total)} exchanges`),
      });
      progress.done();
      process.stderr.write(`    ${fmtInt(manifest.exchanges)} exchanges, ${fmtInt(manifest.accounts)} accounts (${fmtInt(manifest.campaign_accounts)} in campaigns)\n`);
      process.stderr.write(`2/3 scanning ${worldDir} as a stream\n`);
      const summary = await scan({
        inputs: [join(worldDir, 'logs.jsonl.gz')], accounts: join(worldDir, 'accounts.jsonl'), out: resultDir,
        onProgress: (p) => progress.update(`   ${fmtInt(p.exchanges)} exchanges, ${fmtInt(p.flagged)} flagged`),
      });
      progress.done();
      process.stdout.write(formatSummary(summary));
      process.stderr.write('3/3 scoring the verdicts against the labels and the baselines\n');
      const report = await runEval({ world: worldDir, verdicts: resultDir });
      const files = await writeEvalOutputs(report, resultDir);
      process.stdout.write('\n' + formatScoreboard(report) + '\n');
      process.stdout.write(`Open ${join(resultDir, 'report.html')} for the analyst's report and ${files.html} for the scoreboard.\n`);
      setExit(0);
    });
}
