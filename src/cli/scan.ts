import { Command, InvalidArgumentError } from 'commander';
import { scan, InputError, type ScanSummary } from '../engine/scan.js';
import { Progress, fmtBytes, fmtInt } from './progress.js';
import { ConfigError, loadScanConfig } from '../engine/config.js';
import { FAMILIES, optInNames } from '../engine/families.js';
import { parseTimestamp } from '../contract/parse.js';
import { importHint, recogniseText } from '../import/detect.js';
import { blocklistFormat, exportBlocklist } from '../report/blocklist.js';

/** An RFC 3339 time, or a date (midnight UTC), as ms since the epoch. */
function eventTime(v: string): number {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(v + 'T00:00:00Z') : parseTimestamp(v);
  if (Number.isNaN(t)) throw new InvalidArgumentError('must be an RFC 3339 time with zone (2026-11-02T14:00:00Z) or a date (2026-11-02)');
  return t;
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('scan')
    .description('Replay API logs in time order through the streaming engine; write verdicts, campaigns and a report.')
    .argument('<logs...>', 'exchange log files or directories (.jsonl, .jsonl.gz, .jsonl.zst; compression is told from the first bytes), or - for standard input')
    .requiredOption('-o, --out <dir>', 'output directory (verdicts.jsonl, campaigns.json, signatures.json, report.html, quarantine.jsonl)')
    .option('-a, --accounts <file>', 'optional account table (JSON Lines, contract §2)')
    .option('-c, --config <file>', 'JSON configuration: scoring thresholds, detector and linkage settings (see docs/operations.md)')
    .option('--reorder-minutes <n>', 'event-time reorder buffer for mostly-ordered logs (default 5)', positiveNumber)
    .option('--sweep-minutes <n>', 'event-time minutes between cross-account sweeps (default 30)', positiveNumber)
    .option('--max-line-bytes <n>', 'lines longer than this are set aside', positiveNumber, 4 * 1024 * 1024)
    .option('--store <file|url>', 'the store: a DuckDB file (default: OUT/distillguard.duckdb, rewritten by each scan) or a ClickHouse server, clickhouse://user:password@host:8123/database (appended to; see docs/operations.md)')
    .option('--no-store', 'write no store')
    .option('--keep-text', 'keep raw prompt and response text in the store (default: features only)')
    .option('--store-all-exchanges', 'write every exchange to the store (default: flagged accounts, their recent exchanges before the flag, and every exchange of 1 account in 32)')
    .option('--workers <n>', 'worker threads for parsing and features (default: cores - 1; 0 = none)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('must be a whole number from 0 to 64');
      return n;
    })
    .option('--partitions <n>', 'account partitions as worker threads: the main thread parses and orders, each partition prepares its accounts\' exchanges (features), the engine merges them in order; same outputs as without; replaces --workers (docs/operations.md "Partitions")', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('must be a whole number from 1 to 64');
      return n;
    })
    .option('--nats <url>', 'the partitions as processes over NATS JetStream (nats://host:4222) instead of threads; needs --partitions; the scan starts them unless --nats-external (docs/operations.md "Partitions")')
    .option('--nats-external', 'with --nats: the partitions are started elsewhere, each with `distillguard partition --nats URL --index p --of N`')
    .option('--nats-stream <name>', 'with --nats: the JetStream stream (default DG; one scan at a time per stream, the partitions given the same --stream)')
    .option('--disable <families>', `signal families to turn off, comma-separated (${Object.keys(FAMILIES).join(', ')})`, (v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .option('--enable <families>', `opt-in families to turn on, comma-separated (${optInNames().join(', ') || 'none at present'}; see docs/model-card.md)`, (v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .option('--since <time>', 'scan only exchanges at or after this event time (RFC 3339 or a date)', eventTime)
    .option('--until <time>', 'scan only exchanges before this event time (RFC 3339 or a date)', eventTime)
    .option('--json', 'print the summary as JSON on stdout (progress and messages stay on stderr)')
    .option('--export-blocklist <file>', 'also write the blocked accounts (and, in JSON, their campaigns\' shared values) to FILE: .csv or .json')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', `
Exit status: 0 on success (bad lines set aside do not make it fail), 2 on
unusable arguments or unreadable input, 1 on an internal error.

Logs in other formats (OpenTelemetry, LiteLLM, Langfuse, OpenAI or Anthropic
request logs) are converted first with \`distillguard import\`; the format is
described in docs/log-format.md.

Examples:
  distillguard scan logs/ --accounts accounts.jsonl --out report/
  zcat today.jsonl.gz | distillguard scan - --since 2026-11-02T06:00:00Z --out report/ --json`)
    .action(async (logs: string[], o: { out: string; accounts?: string; config?: string; reorderMinutes?: number; sweepMinutes?: number; maxLineBytes: number; quiet?: boolean; store?: string | boolean; keepText?: boolean; storeAllExchanges?: boolean; workers?: number; partitions?: number; nats?: string; natsExternal?: boolean; natsStream?: string; disable?: string[]; enable?: string[]; since?: number; until?: number; json?: boolean; exportBlocklist?: string }) => {
      const progress = new Progress();
      try {
        if (o.since !== undefined && o.until !== undefined && o.since >= o.until) throw new InputError('--since must be before --until');
        if (o.nats && o.partitions === undefined) throw new InputError('--nats needs --partitions N: how many partition processes');
        if ((o.natsExternal || o.natsStream) && !o.nats) throw new InputError('--nats-external and --nats-stream need --nats URL');
        const blockFormat = o.exportBlocklist ? blocklistFormat(o.exportBlocklist) : null;
        if (o.exportBlocklist && !blockFormat) throw new InputError(`--export-blocklist ${o.exportBlocklist}: name a .csv or a .json file`);
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
          storeExchanges: o.storeAllExchanges ? 'all' : undefined,
          workers: o.workers,
          partitions: o.partitions,
          nats: o.nats ? { url: o.nats, external: o.natsExternal, stream: o.natsStream } : undefined,
          disable: o.disable,
          enable: o.enable,
          sinceMs: o.since,
          untilMs: o.until,
          onProgress: o.quiet ? undefined : (p) => progress.update(
            `scanning: ${fmtInt(p.exchanges)} exchanges, ${fmtInt(p.accounts)} accounts, ${fmtInt(p.flagged)} flagged, ${fmtInt(p.quarantined)} set aside, ${fmtInt(p.exchanges / (p.elapsedMs / 1000))}/s`),
        });
        progress.done();
        let blocked: number | undefined;
        if (o.exportBlocklist && blockFormat) blocked = await exportBlocklist(o.out, o.exportBlocklist, blockFormat);
        process.stdout.write(o.json ? JSON.stringify(summary) + '\n' : formatSummary(summary));
        if (blocked !== undefined) process.stderr.write(`distillguard scan: wrote ${fmtInt(blocked)} blocked account(s) to ${o.exportBlocklist}\n`);
        for (const d of summary.damaged) process.stderr.write(`distillguard scan: ${d.file} is damaged: ${d.reason}\n`);
        const nothing = summary.exchanges === 0 && summary.outsideWindow === 0;
        if (nothing) process.stderr.write(`distillguard scan: ${noExchangeMessage(summary)}\n`);
        // a damaged input is unreadable input (exit 2), though the outputs cover everything before the damage;
        // so is input without a single valid exchange: a log in another format, or not a log
        setExit(summary.damaged.length || nothing ? 2 : 0);
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

/**
 * Why a scan found nothing, for a person: the format it expected and, when
 * the lines set aside look like a log of another kind, the import that reads it.
 */
export function noExchangeMessage(s: ScanSummary): string {
  const expected = 'expected the exchange log format: JSON Lines, one exchange a line with at least "id", "ts" (RFC 3339) and "account_id" (see docs/log-format.md)';
  if (s.quarantined === 0) return `found no exchange in ${s.files.join(', ')}: the input is empty; ${expected}`;
  let hint: string | null = null;
  for (const q of s.firstBad) {
    hint = importHint(recogniseText(q.raw));
    if (hint) break;
  }
  return `found no valid exchange: all ${fmtInt(s.quarantined)} line(s) were set aside (first: ${s.firstBad[0]?.reason ?? 'see quarantine.jsonl'}); ${expected}${hint ? `; ${hint}` : ''}`;
}

export function formatSummary(s: ScanSummary): string {
  const lines = [
    `Scanned ${fmtInt(s.exchanges)} exchanges from ${s.files.length} file(s)${s.firstTs ? ` (${s.firstTs} to ${s.lastTs})` : ''}`,
    ...(s.skippedFiles.length ? [`  skipped:   ${fmtInt(s.skippedFiles.length)} file(s) in the directories given that are not logs (e.g. ${s.skippedFiles[0]})`] : []),
    ...(s.outsideWindow ? [`  outside:   ${fmtInt(s.outsideWindow)} exchange(s) outside --since/--until, not scanned`] : []),
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
