/**
 * `distillguard import`: logs from where they are (OpenTelemetry GenAI spans,
 * LiteLLM, Langfuse, OpenAI/Anthropic request logs) into contract §1 lines,
 * which `scan` reads. Bad records are set aside as scan sets bad lines aside
 * (file, line, reason, in a quarantine file), and the rest goes on.
 *
 * Input files are JSON Lines (one record a line, as every one of these
 * formats' exporters writes them) or one JSON document (an array, or an
 * object such as an OTLP request or a Langfuse page), plain, gzip or zstd
 * whatever their names say. The output is sorted by `ts`, since exports come
 * in any order (Langfuse's API answers newest first) and scan expects time
 * order; that holds the converted lines in memory, about their size.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { toExchange } from '../contract/parse.js';
import type { QuarantineRecord } from '../contract/types.js';
import { expandInputs, InputError } from '../sources/files.js';
import { openDecompressed, readLines } from '../sources/lines.js';
import { Unusable, type ConvertOptions, type Converted } from './common.js';
import { importHint, recogniseRecord, type FormatName } from './detect.js';
import { convertLangfuse, ACCOUNT_PATHS as LANGFUSE_ACCOUNT } from './langfuse.js';
import { convertLiteLLM, ACCOUNT_PATHS as LITELLM_ACCOUNT } from './litellm.js';
import { convertOpenAI, ACCOUNT_PATHS as OPENAI_ACCOUNT } from './openai.js';
import { convertOtel, ACCOUNT_KEYS as OTEL_ACCOUNT } from './otel.js';

export { spansToExchanges } from './otel.js';
export { recogniseRecord, importHint, type FormatName } from './detect.js';

export interface ImportFormat {
  summary: string;
  /** where the account comes from unless --account-field says otherwise */
  account: readonly string[];
  convert(record: unknown, opts: ConvertOptions): Converted;
}

export const FORMATS: Record<FormatName, ImportFormat> = {
  otel: { summary: 'OpenTelemetry GenAI spans, OTLP/HTTP JSON export ({"resourceSpans": [...]})', account: OTEL_ACCOUNT, convert: convertOtel },
  litellm: { summary: "LiteLLM's standard logging payload or spend-log rows", account: LITELLM_ACCOUNT, convert: convertLiteLLM },
  langfuse: { summary: 'Langfuse traces with observations, or observations (GENERATION) alone', account: LANGFUSE_ACCOUNT, convert: convertLangfuse },
  openai: { summary: 'OpenAI / Anthropic request-response log lines ({"request": {...}, "response": {...}})', account: OPENAI_ACCOUNT, convert: convertOpenAI },
};

export interface ImportOptions extends ConvertOptions {
  from: FormatName;
  inputs: string[];
  /** `.jsonl`, `.jsonl.gz` or `.jsonl.zst` */
  out: string;
  /** where bad records go (default: next to `out`, `NAME.quarantine.jsonl`) */
  quarantine?: string;
  /** longest line read, in bytes (default 64 MiB: an OTLP batch is one line) */
  maxLineBytes?: number;
  onBad?: (q: QuarantineRecord) => void;
}

export interface ImportSummary {
  files: string[];
  /** lines or document elements read */
  records: number;
  exchanges: number;
  /** records or parts of them that are not model calls */
  skipped: number;
  quarantined: number;
  quarantinePath: string;
  out: string;
  firstTs: string | null;
  lastTs: string | null;
  /** when nothing was imported: what the input looked like instead, if it is recognised */
  hint?: string;
}

/** The quarantine file that belongs to an output file: `x.jsonl.gz` → `x.quarantine.jsonl`. */
export function quarantinePathFor(out: string): string {
  return out.replace(/(\.jsonl|\.ndjson|\.json)?(\.gz|\.zst|\.zstd)?$/i, '') + '.quarantine.jsonl';
}

interface RecordItem { line: number; value?: unknown; reason?: string; raw?: string }

const MAX_DOCUMENT_BYTES = 512 << 20;

/** A file's records: its lines, or the elements of the one JSON document it holds. */
async function* records(file: string, maxLineBytes: number): AsyncGenerator<RecordItem> {
  let first = true;
  for await (const batch of readLines(file, { maxLineBytes })) {
    for (const l of batch) {
      if (l.text === null) {
        yield { line: l.line, reason: l.reason, raw: l.raw };
        first = false;
        continue;
      }
      let v: unknown;
      try {
        v = JSON.parse(l.text);
      } catch (e) {
        if (first && /^\s*[[{]/.test(l.text)) {
          // not a whole record on its first line: a pretty-printed document
          yield* documentRecords(file);
          return;
        }
        yield { line: l.line, reason: `not valid JSON: ${(e as Error).message}`, raw: l.text.slice(0, 512) };
        first = false;
        continue;
      }
      first = false;
      if (Array.isArray(v)) {
        let i = 0;
        for (const x of v) yield { line: l.line, value: x, reason: `element ${++i}` };
      } else yield { line: l.line, value: v };
    }
  }
}

async function* documentRecords(file: string): AsyncGenerator<RecordItem> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of await openDecompressed(file)) {
    size += c.length;
    if (size > MAX_DOCUMENT_BYTES) {
      yield { line: 1, reason: `a JSON document over ${MAX_DOCUMENT_BYTES >> 20} MiB; export it as JSON Lines instead` };
      return;
    }
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    yield { line: 1, reason: `neither JSON Lines nor one JSON document: ${(e as Error).message}`, raw: text.slice(0, 512) };
    return;
  }
  if (Array.isArray(v)) {
    let i = 0;
    for (const x of v) yield { line: 1, value: x, reason: `element ${++i}` };
  } else yield { line: 1, value: v };
}

/** Opens the output, compressed by its extension; `.zst` goes through the zstd tool (Node 20 cannot write zstd). */
async function openOutput(path: string): Promise<{ stream: Writable; done: () => Promise<void> }> {
  const file: WriteStream = createWriteStream(path);
  await once(file, 'open').catch((e: Error) => {
    throw new InputError(`cannot write ${path}: ${e.message}`);
  });
  if (/\.gz$/i.test(path)) {
    const gz = createGzip();
    gz.pipe(file);
    return { stream: gz, done: async () => { gz.end(); await once(file, 'finish'); } };
  }
  if (/\.zstd?$/i.test(path)) {
    const z = spawn('zstd', ['-q', '-c'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const spawned = await Promise.race([once(z, 'spawn').then(() => true), once(z, 'error').then(() => false)]);
    if (!spawned) {
      file.destroy();
      throw new InputError(`writing ${path} needs the zstd tool, which is not installed; write .jsonl.gz instead`);
    }
    z.stdout.pipe(file);
    return { stream: z.stdin, done: async () => { z.stdin.end(); await once(file, 'finish'); } };
  }
  return { stream: file, done: async () => { file.end(); await once(file, 'finish'); } };
}

/**
 * Converts logs of one format into a contract §1 file.
 *
 * @example
 *   const s = await importLogs({ from: 'otel', inputs: ['traces.json'], out: 'logs.jsonl.gz' });
 *   // then: distillguard scan logs.jsonl.gz --out report/
 */
export async function importLogs(opts: ImportOptions): Promise<ImportSummary> {
  const fmt = FORMATS[opts.from];
  if (!fmt) throw new InputError(`unknown format "${opts.from}"; known: ${Object.keys(FORMATS).join(', ')}`);
  const outStat = await stat(opts.out).catch(() => null);
  if (outStat?.isDirectory()) throw new InputError(`--out ${opts.out} is a directory; name the file to write, e.g. ${opts.out.replace(/\/$/, '')}/logs.jsonl.gz`);
  const files = await expandInputs(opts.inputs);
  const qPath = opts.quarantine ?? quarantinePathFor(opts.out);
  const lines: { tsMs: number; text: string }[] = [];
  const s: ImportSummary = { files, records: 0, exchanges: 0, skipped: 0, quarantined: 0, quarantinePath: qPath, out: opts.out, firstTs: null, lastTs: null };
  const quarantine: QuarantineRecord[] = [];
  const bad = (q: QuarantineRecord) => {
    s.quarantined++;
    quarantine.push(q);
    opts.onBad?.(q);
  };
  const seen = new Map<string, number>();
  for (const file of files) {
    for await (const r of records(file, opts.maxLineBytes ?? 64 << 20)) {
      s.records++;
      const where = r.value !== undefined && r.reason ? `${r.reason}: ` : '';
      if (r.value === undefined) {
        bad({ file, line: r.line, reason: r.reason ?? 'unreadable', raw: r.raw ?? '' });
        continue;
      }
      const kind = recogniseRecord(r.value);
      seen.set(String(kind), (seen.get(String(kind)) ?? 0) + 1);
      let c: Converted;
      try {
        c = fmt.convert(r.value, opts);
      } catch (e) {
        if (!(e instanceof Unusable)) throw e;
        bad({ file, line: r.line, reason: where + e.message, raw: JSON.stringify(r.value).slice(0, 512) });
        continue;
      }
      s.skipped += c.skipped;
      for (const reason of c.bad) bad({ file, line: r.line, reason: where + reason, raw: JSON.stringify(r.value).slice(0, 512) });
      for (const ex of c.exchanges) {
        // the converters are checked against the contract's own parser: what is written, scan reads
        const checked = toExchange(ex);
        if (!checked.ok) {
          bad({ file, line: r.line, reason: `${where}converted, but ${checked.reason}`, raw: JSON.stringify(ex).slice(0, 512) });
          continue;
        }
        lines.push({ tsMs: checked.value.tsMs, text: JSON.stringify(ex) });
      }
    }
  }
  lines.sort((a, b) => a.tsMs - b.tsMs);
  s.exchanges = lines.length;
  if (lines.length) {
    s.firstTs = new Date(lines[0].tsMs).toISOString();
    s.lastTs = new Date(lines[lines.length - 1].tsMs).toISOString();
  }
  if (!lines.length) {
    // the format most records looked like, when it is not the one asked for
    const [top] = [...seen.entries()].sort((a, b) => b[1] - a[1]);
    const kind = top?.[0];
    if (kind === 'contract') s.hint = 'the input is already in the exchange log format: scan it directly';
    else if (kind && kind !== opts.from && kind !== 'null') s.hint = importHint(kind as FormatName) ?? undefined;
  }
  const out = await openOutput(opts.out);
  for (const l of lines) if (!out.stream.write(l.text + '\n')) await once(out.stream, 'drain');
  await out.done();
  if (quarantine.length) {
    const q = createWriteStream(qPath);
    for (const r of quarantine) q.write(JSON.stringify(r) + '\n');
    q.end();
    await once(q, 'finish');
  } else await rm(qPath, { force: true });
  return s;
}
