/**
 * The account table (contract §2), read as `scan` reads it: every row parsed,
 * a bad row set aside through `onBad` with file, line and reason, the rest
 * kept. `scan`, `policy check`, `serve` and the gateway read it this way; the
 * gateway also takes each row's `api_keys` (`readAccountRows`).
 */
import { parseAccountRow, type AccountRow } from '../contract/parse.js';
import type { AccountRecord, QuarantineRecord } from '../contract/types.js';
import { InputError } from './files.js';
import { readLines } from './lines.js';

/** Throws InputError when the file does not exist. */
export async function readAccountTable(path: string, onBad: (q: QuarantineRecord) => void): Promise<AccountRecord[]> {
  return (await readAccountRows(path, onBad)).map((r) => r.record);
}

/** Each row with its `api_keys` (for the gateway's identity only). Throws InputError when the file does not exist. */
export async function readAccountRows(path: string, onBad: (q: QuarantineRecord) => void): Promise<AccountRow[]> {
  const out: AccountRow[] = [];
  try {
    for await (const batch of readLines(path)) {
      for (const l of batch) {
        if (l.text === null) {
          onBad({ file: path, line: l.line, reason: l.reason!, raw: l.raw ?? '' });
          continue;
        }
        const r = parseAccountRow(l.text);
        if (r.ok) out.push(r.value);
        else onBad({ file: path, line: l.line, reason: r.reason, raw: l.text.slice(0, 512) });
      }
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`cannot read accounts file ${path}: no such file`);
    throw e;
  }
  return out;
}
