/** Shared by the import tests: runs one format over a fixture and reads back what was written and set aside. */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importLogs, quarantinePathFor, type FormatName, type ImportSummary } from './index.js';
import type { QuarantineRecord } from '../contract/types.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'import');

export interface Imported {
  summary: ImportSummary;
  lines: Record<string, any>[];
  quarantine: QuarantineRecord[];
}

export async function runImport(from: FormatName, fixture: string | string[], extra: { accountField?: string; out?: string } = {}): Promise<Imported> {
  const out = extra.out ?? join(mkdtempSync(join(tmpdir(), `dg-import-${from}-`)), 'logs.jsonl');
  const inputs = (Array.isArray(fixture) ? fixture : [fixture]).map((f) => (f.startsWith('/') ? f : join(FIXTURES, f)));
  const summary = await importLogs({ from, inputs, out, accountField: extra.accountField });
  const q = quarantinePathFor(out);
  return {
    summary,
    lines: out.endsWith('.jsonl') ? readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [],
    quarantine: existsSync(q) ? readFileSync(q, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [],
  };
}

/** The written lines by id; asking for one that was not written fails the test. */
export function byId(lines: Record<string, any>[]): { get(id: string): Record<string, any> } {
  const m = new Map(lines.map((l) => [l.id as string, l]));
  return {
    get(id) {
      const l = m.get(id);
      if (!l) throw new Error(`no exchange ${id} was written; got ${[...m.keys()].join(', ')}`);
      return l;
    },
  };
}
