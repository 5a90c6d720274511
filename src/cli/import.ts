import { Command, InvalidArgumentError } from 'commander';
import { FORMATS, importLogs, type FormatName, type ImportSummary } from '../import/index.js';
import { InputError } from '../sources/files.js';
import { fmtInt } from './progress.js';

export function register(program: Command, setExit: (code: number) => void): void {
  const names = Object.keys(FORMATS) as FormatName[];
  program
    .command('import')
    .description('Convert logs from tracing and gateways (OpenTelemetry, LiteLLM, Langfuse, OpenAI/Anthropic request logs) into the exchange log format that scan reads.')
    .argument('<inputs...>', 'files or directories in the --from format (JSON Lines or one JSON document; plain, gzip or zstd)')
    .requiredOption('--from <format>', `the input format: ${names.join(', ')}`, (v) => {
      if (!(names as string[]).includes(v)) throw new InvalidArgumentError(`must be one of ${names.join(', ')}`);
      return v as FormatName;
    })
    .requiredOption('-o, --out <file>', 'the exchange log to write (.jsonl, .jsonl.gz or .jsonl.zst), sorted by time')
    .option('--account-field <key>', 'where the paying account is, instead of the format\'s default (an attribute key for otel, a dotted path for the others; see docs/log-format.md)')
    .option('--quarantine <file>', 'where bad records go (default: OUT with .quarantine.jsonl)')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText('after', `
Formats, and where each finds the account unless --account-field says otherwise:
${names.map((n) => `  ${n.padEnd(9)}${FORMATS[n].summary}\n           account: ${FORMATS[n].account.join(', ')}`).join('\n')}

Bad records are set aside with file, line and reason, and the rest goes on.
Exit status: 0 when exchanges were written (bad records set aside do not make
it fail), 2 on unusable arguments, unreadable input or nothing to import, 1 on
an internal error.

Example:
  distillguard import --from otel traces/ --out logs.jsonl.gz
  distillguard scan logs.jsonl.gz --out report/`)
    .action(async (inputs: string[], o: { from: FormatName; out: string; accountField?: string; quarantine?: string; json?: boolean }) => {
      let shown = 0;
      try {
        const s = await importLogs({
          from: o.from,
          inputs,
          out: o.out,
          accountField: o.accountField,
          quarantine: o.quarantine,
          onBad: (q) => {
            if (++shown <= 20) process.stderr.write(`set aside ${q.file}:${q.line}: ${q.reason}\n`);
            else if (shown === 21) process.stderr.write('more records set aside; see the quarantine file\n');
          },
        });
        process.stdout.write(o.json ? JSON.stringify(s) + '\n' : formatImportSummary(s, o.from));
        if (s.exchanges === 0) {
          process.stderr.write(`distillguard import: no exchange found in the ${o.from} input${s.hint ? `; ${s.hint}` : ''}\n`);
          setExit(2);
        }
      } catch (e) {
        if (e instanceof InputError) {
          process.stderr.write(`distillguard import: ${e.message}\n`);
          setExit(2);
          return;
        }
        throw e;
      }
    });
}

export function formatImportSummary(s: ImportSummary, from: string): string {
  return [
    `Imported ${fmtInt(s.exchanges)} exchange(s) from ${fmtInt(s.records)} ${from} record(s) in ${s.files.length} file(s)${s.firstTs ? ` (${s.firstTs} to ${s.lastTs})` : ''}`,
    `  skipped:   ${fmtInt(s.skipped)} (not model calls: other spans, embeddings, tools)`,
    `  set aside: ${fmtInt(s.quarantined)} record(s)${s.quarantined ? ` (see ${s.quarantinePath})` : ''}`,
    `Wrote ${s.out}`,
  ].join('\n') + '\n';
}
