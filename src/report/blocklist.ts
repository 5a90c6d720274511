/**
 * The block list a scan exports (`scan --export-blocklist FILE`): the
 * accounts whose verdict is `block`, with their score, campaign, the moment
 * they were flagged and their strongest reason, for a gateway, a billing
 * system or a spreadsheet. CSV or JSON, by the file's extension.
 *
 * Account ids and reasons come from the logs and are hostile: in CSV every
 * field is quoted, and one that a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written
 * with a leading apostrophe.
 */
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Campaign, Verdict } from '../contract/types.js';

export interface BlockEntry {
  account_id: string;
  score: number;
  campaign_id: string | null;
  flagged_at: string | null;
  reason: string;
}

export type BlocklistFormat = 'csv' | 'json';

/** The format a block list file's name asks for; null when it names neither. */
export function blocklistFormat(path: string): BlocklistFormat | null {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.json$/i.test(path)) return 'json';
  return null;
}

export function blockEntries(verdicts: Iterable<Verdict>): BlockEntry[] {
  const out: BlockEntry[] = [];
  for (const v of verdicts) {
    if (v.verdict !== 'block') continue;
    out.push({ account_id: v.account_id, score: v.score, campaign_id: v.campaign_id, flagged_at: v.flagged_at, reason: v.reasons[0]?.detail ?? '' });
  }
  return out;
}

function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

const COLUMNS: (keyof BlockEntry)[] = ['account_id', 'score', 'campaign_id', 'flagged_at', 'reason'];

export function blocklistCsv(entries: BlockEntry[]): string {
  return [COLUMNS.join(','), ...entries.map((e) => COLUMNS.map((c) => csvField(e[c])).join(','))].join('\r\n') + '\r\n';
}

/**
 * JSON: the accounts, and beside them the campaigns' shared values (address
 * ranges, clients, hashed payment fingerprints) to block at the edge.
 */
export function blocklistJson(entries: BlockEntry[], campaigns: Campaign[], generatedAt: string): string {
  const blocked = new Set(entries.map((e) => e.campaign_id).filter((c): c is string => c !== null));
  return JSON.stringify({
    generated_at: generatedAt,
    accounts: entries,
    campaigns: campaigns.filter((c) => blocked.has(c.campaign_id)).map((c) => ({ campaign_id: c.campaign_id, shared: c.shared ?? [] })),
  }, null, 2) + '\n';
}

/** Reads a scan's verdicts.jsonl and campaigns.json and writes the block list. */
export async function exportBlocklist(outDir: string, file: string, format: BlocklistFormat): Promise<number> {
  const verdicts: Verdict[] = [];
  const rl = createInterface({ input: createReadStream(`${outDir}/verdicts.jsonl`), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    const v = JSON.parse(line) as Verdict;
    if (v.verdict === 'block') verdicts.push(v);
  }
  const entries = blockEntries(verdicts);
  if (format === 'csv') await writeFile(file, blocklistCsv(entries));
  else {
    const { readFile } = await import('node:fs/promises');
    const campaigns = JSON.parse(await readFile(`${outDir}/campaigns.json`, 'utf8')) as Campaign[];
    await writeFile(file, blocklistJson(entries, campaigns, new Date().toISOString()));
  }
  return entries.length;
}
