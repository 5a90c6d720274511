/**
 * `distillguard eval --world DIR --verdicts DIR`: the scoreboard.
 */
import type { Command } from 'commander';
import { checkEvalInputs, formatScoreboard, runEval, writeEvalOutputs } from '../eval/index.js';

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('eval')
    .description('Score a scan\'s verdicts against a labelled world (contract §4), beside baseline defences: per-key rate limits, a per-account isolation forest and PRADA.')
    .requiredOption('--world <dir>', 'simulated world: logs.jsonl[.gz|.zst], labels.jsonl (accounts.jsonl, manifest.json optional)')
    .requiredOption('--verdicts <dir>', 'scan output: verdicts.jsonl (campaigns.json optional); eval.json and scoreboard.html are written here')
    .option('--no-baselines', 'score only the verdicts, skip the baseline defences')
    .option('--quiet', 'print no table, only where the files are')
    .addHelpText('after', `
Writes into the verdicts directory:
  eval.json         accountRecall, benignFPR, precision, leakage, campaignRecall,
                    per persona and per campaign, and the baselines beside them
  scoreboard.html   leakage over time, score distributions per persona, baselines

Example:
  distillguard simulate --scenario mixed --scale 0.001 --seed 1 --out world/
  distillguard scan world/logs.jsonl.gz --accounts world/accounts.jsonl --out out/
  distillguard eval --world world/ --verdicts out/

Exit status: 0 on success, 2 when a directory or required file is missing.`)
    .action(async (o: { world: string; verdicts: string; baselines: boolean; quiet?: boolean }) => {
      const missing = checkEvalInputs(o.world, o.verdicts);
      if (missing) {
        process.stderr.write(`distillguard eval: ${missing}\n`);
        setExit(2);
        return;
      }
      const progress = process.stderr.isTTY ? (n: number) => process.stderr.write(`\r${n.toLocaleString('en-US')} exchanges`) : undefined;
      const report = await runEval({ world: o.world, verdicts: o.verdicts, baselines: o.baselines ? undefined : [], onProgress: progress });
      if (progress) process.stderr.write('\r');
      let files: { json: string; html: string };
      try {
        files = await writeEvalOutputs(report, o.verdicts);
      } catch (e) {
        process.stderr.write(`distillguard eval: cannot write into ${o.verdicts}: ${(e as Error).message}\n`);
        setExit(2);
        return;
      }
      if (!o.quiet) process.stdout.write(formatScoreboard(report) + '\n\n');
      // The table already shows the first problems; with --quiet they go to stderr in full.
      if (o.quiet) for (const p of report.problems) process.stderr.write(`distillguard eval: ${p}\n`);
      process.stdout.write(`wrote ${files.json}\nwrote ${files.html}\n`);
    });
}
