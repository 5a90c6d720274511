/**
 * `distillguard simulate`: write a labelled world (logs, account table, labels,
 * manifest) for a scenario. Thin: it parses arguments and calls src/simulate.
 */
import { Command, InvalidArgumentError } from 'commander';
import { CorpusError, SCENARIOS, SimulateError, simulateWorld, type Manifest } from '../simulate/index.js';

function num(what: string, check: (n: number) => boolean) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || !check(n)) throw new InvalidArgumentError(`${what}, got "${v}"`);
    return n;
  };
}

function scenarioHelp(): string {
  const w = Math.max(...SCENARIOS.map((s) => s.name.length));
  return SCENARIOS.map((s) => `  ${s.name.padEnd(w)}  ${s.summary} (default ${s.defaultDays} days)`).join('\n');
}

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('simulate')
    .description('Build a labelled world of API traffic: benign personas and extraction campaigns.')
    .requiredOption('-s, --scenario <name>', 'scenario to build (see the list below)')
    .option('--scale <n>', 'size of the world relative to the scenario\'s unit', num('scale must be a number in (0, 100]', (n) => n > 0 && n <= 100), 1)
    .option('--background <k>', 'multiply the benign population by k, campaigns unchanged (to compare verdicts across population sizes)', num('background must be a number > 0', (n) => n > 0 && n <= 1000), 1)
    .option('--seed <n>', 'random seed: the same seed gives a byte-identical world', num('seed must be a non-negative integer', (n) => Number.isSafeInteger(n) && n >= 0), 1)
    .option('--days <n>', 'days of traffic (default: the scenario\'s)', num('days must be a number in (0, 400]', (n) => n > 0 && n <= 400))
    .option('--corpus <dir>', 'prompt corpora shaped like shared/corpora/<name>/prompts.jsonl (default: built-in text)')
    .option('--gzip-level <n>', 'gzip level of logs.jsonl.gz, 1 (fast) to 9 (small)', num('gzip level must be an integer 0..9', (n) => Number.isInteger(n) && n >= 0 && n <= 9), 1)
    .requiredOption('-o, --out <dir>', 'output directory')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', `
Writes into --out: logs.jsonl.gz (exchange log, contract §1), accounts.jsonl
(account table, §2), labels.jsonl (ground truth, §4) and manifest.json (counts
per persona, strategy and campaign).

Scenarios:
${scenarioHelp()}

Examples:
  distillguard simulate --scenario mixed --scale 0.1 --seed 7 --out world/
  distillguard simulate --scenario stealth --scale 0.2 --background 10 --seed 7 --out world10/
  distillguard simulate --scenario incident --scale 0.01 --corpus ../shared/corpora --out incident/`)
    .action(async (o: { scenario: string; scale: number; background: number; seed: number; days?: number; corpus?: string; gzipLevel: number; out: string; quiet?: boolean }) => {
      if (!SCENARIOS.some((s) => s.name === o.scenario)) {
        process.stderr.write(`distillguard simulate: unknown scenario "${o.scenario}". Valid scenarios:\n${scenarioHelp()}\n`);
        setExit(2);
        return;
      }
      const t0 = Date.now();
      const tty = process.stderr.isTTY;
      let last = 0;
      try {
        const m = await simulateWorld({
          scenario: o.scenario, scale: o.scale, background: o.background, seed: o.seed, days: o.days, corpus: o.corpus, out: o.out, gzipLevel: o.gzipLevel,
          onProgress: o.quiet ? undefined : (done, total) => {
            const now = Date.now();
            if (now - last < (tty ? 200 : 5000) && done < total) return;
            last = now;
            const pct = Math.min(100, (100 * done) / Math.max(1, total)).toFixed(0);
            const rate = Math.round(done / Math.max(0.001, (now - t0) / 1000));
            process.stderr.write(`${tty ? '\r' : ''}simulating ${o.scenario}: ${done.toLocaleString('en-US')} exchanges (~${pct}%), ${rate.toLocaleString('en-US')}/s${tty ? '' : '\n'}`);
          },
        });
        if (!o.quiet && tty) process.stderr.write('\n');
        process.stdout.write(formatManifest(m, o.out, Date.now() - t0));
        setExit(0);
      } catch (e) {
        if (e instanceof SimulateError || e instanceof CorpusError) {
          process.stderr.write(`distillguard simulate: ${e.message}\n`);
          setExit(2);
          return;
        }
        throw e;
      }
    });
}

/** The short summary printed after a world is written. */
export function formatManifest(m: Manifest, out: string, ms: number): string {
  const f = (n: number) => n.toLocaleString('en-US');
  const lines = [
    `Wrote world "${m.scenario}" (seed ${m.seed}, scale ${m.scale}${m.background !== 1 ? `, background ×${m.background}` : ''}, ${m.days} days, ${m.start.slice(0, 10)} to ${m.end.slice(0, 10)}) to ${out}`,
    `  exchanges: ${f(m.exchanges)} in ${(ms / 1000).toFixed(1)} s (${f(Math.round(m.exchanges / Math.max(0.001, ms / 1000)))}/s)`,
    `  accounts:  ${f(m.accounts)} (${f(m.benign_accounts)} benign, ${f(m.campaign_accounts)} in ${m.campaigns.length} campaigns)`,
  ];
  for (const [p, c] of Object.entries(m.personas)) lines.push(`    ${p.padEnd(20)} ${f(c.accounts).padStart(8)} accounts ${f(c.exchanges).padStart(11)} exchanges`);
  for (const [s, c] of Object.entries(m.strategies)) lines.push(`    ${s.padEnd(20)} ${f(c.accounts).padStart(8)} accounts ${f(c.exchanges).padStart(11)} exchanges  (campaign)`);
  return lines.join('\n') + '\n';
}
