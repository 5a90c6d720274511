import { Command, InvalidArgumentError } from 'commander';
import { scan, InputError, type ScanSummary } from '../engine/scan.js';
import { Progress, fmtBytes, fmtInt } from './progress.js';
import { ConfigError, loadScanConfig } from '../engine/config.js';
import { FAMILIES, optInNames } from '../engine/families.js';

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('scan')
    .description('Replay API logs in time order through the streaming engine; write verdicts, campaigns and a report.')
    .argument('<logs...>', 'exchange log files or directories (.jsonl, .jsonl.gz, .jsonl.zst)')
    .requiredOption('-o, --out <dir>', 'output directory (verdicts.jsonl, campaigns.json, signatures.json, report.html, quarantine.jsonl)')
    .option('-a, --accounts <file>', 'optional account table (JSON Lines, contract §2)')
    .option('-c, --config <file>', 'JSON configuration: scoring thresholds, detector and linkage settings (see docs/operations.md)')
    .option('--reorder-minutes <n>', 'event-time reorder buffer for mostly-ordered logs (default 5)', positiveNumber)
    .option('--sweep-minutes <n>', 'event-time minutes between cross-account sweeps (default 30)', positiveNumber)
    .option('--max-line-bytes <n>', 'lines longer than this are set aside', positiveNumber, 4 * 1024 * 1024)
    .option('--store <file>', 'embedded DuckDB store (default: OUT/distillguard.duckdb, rewritten by each scan)')
    .option('--no-store', 'write no store')
    .option('--keep-text', 'keep raw prompt and response text in the store (default: features only)')
    .option('--workers <n>', 'worker threads for parsing and features (default: cores - 1; 0 = none)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('must be a whole number from 0 to 64');
      return n;
    })
    .option('--disable <families>', `signal families to turn off, comma-separated (${Object.keys(FAMILIES).join(', ')})`, (v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .option('--enable <families>', `opt-in families to turn on, comma-separated (${optInNames().join(', ')}; see docs/model-card.md)`, (v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', `
Exit status: 0 on success (bad lines set aside do not make it fail), 2 on
unusable arguments or unreadable input, 1 on an internal error.

Example:
  distillguard scan logs/ --accounts accounts.jsonl --out report/`)
    .action(async (logs: string[], o: { out: string; accounts?: string; config?: string; reorderMinutes?: number; sweepMinutes?: number; maxLineBytes: number; quiet?: boolean; store?: string | boolean; keepText?: boolean; workers?: number; disable?: string[]; enable?: string[] }) => {
      const progress = new Progress();
      try {
        const config = o.config ? await loadScanConfig(o.config) : undefined;
        const summary = await scan({
          config,
          inputs: logs,
          accounts: o.accounts,
          out: o.out,
          reorderMinutes: o.reorderMinutes,
          sweepMinutes: o.sweepMinutes,
          maxLineBytes: o.maxLineBytes,
          store: o.store === false ? false : typeof o.store === 'string' ? o.store : undefined,
          keepText: o.keepText,
          workers: o.workers,
          disable: o.disable,
          enable: o.enable,
          onProgress: o.quiet ? undefined : (p) => progress.update(
            `scanning: ${fmtInt(p.exchanges)} exchanges, ${fmtInt(p.accounts)} accounts, ${fmtInt(p.flagged)} flagged, ${fmtInt(p.quarantined)} set aside, ${fmtInt(p.exchanges / (p.elapsedMs / 1000))}/s`),
        });
        progress.done();
        process.stdout.write(formatSummary(summary));
        for (const d of summary.damaged) process.stderr.write(`distillguard scan: ${d.file} is damaged: ${d.reason}\n`);
        // a damaged input is unreadable input (exit 2), though the outputs cover everything before the damage
        setExit(summary.damaged.length ? 2 : 0);
      } catch (e) {
        progress.done();
        if (e instanceof InputError || e instanceof ConfigError) {
          process.stderr.write(`distillguard scan: ${e.message}\n`);
          setExit(2);
          return;
        }
        throw e;
      }
    });
}

/** `part` of `whole` as a percentage for a summary line (one decimal below 10%). */
function pct(part: number, whole: number): string {
  const x = whole > 0 ? (100 * part) / whole : 0;
  return `${x < 10 ? x.toFixed(1) : Math.round(x)}%`;
}

export function formatSummary(s: ScanSummary): string {
  const lines = [
    `Scanned ${fmtInt(s.exchanges)} exchanges from ${s.files.length} file(s)${s.firstTs ? ` (${s.firstTs} to ${s.lastTs})` : ''}`,
    `  accounts:  ${fmtInt(s.accounts)}`,
    `  flagged:   ${fmtInt(s.flagged)} (${fmtInt(s.block)} block, ${fmtInt(s.review)} review)`,
    `  campaigns: ${fmtInt(s.campaigns)}`,
    `  set aside: ${fmtInt(s.quarantined)} line(s)${s.quarantined ? ` (see ${s.outDir}/quarantine.jsonl)` : ''}`,
    `  late:      ${fmtInt(s.late)} exchange(s) older than the reorder buffer (processed anyway)`,
    ...(s.withoutText > 0
      ? [`  no text:   ${fmtInt(s.withoutText)} exchange(s) without prompt text (${pct(s.withoutText, s.exchanges)}): content not judged; campaigns among them are judged on metadata, for review`]
      : []),
    `  sweeps:    ${fmtInt(s.sweeps)} cross-account sweep(s), ${(s.sweepMs / 1000).toFixed(1)} s of the scan`,
    `  speed:     ${fmtInt(s.exchangesPerSecond)} exchanges/s, ${(s.elapsedMs / 1000).toFixed(1)} s, peak memory ${fmtBytes(s.peakRssBytes)}${s.liveBytesAtEnd !== undefined ? `, live at end ${fmtBytes(s.liveBytesAtEnd)}` : ''}`,
    `Report: ${s.outDir}/report.html`,
  ];
  return lines.join('\n') + '\n';
}
