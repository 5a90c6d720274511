/**
 * `flagged_at` is honest (contract §3): a flag is the moment the streaming
 * engine would have acted, from the exchanges up to that moment and the
 * account-table rows created by then. Each test re-scans a labelled world cut
 * at some moment and compares with the full scan. The world is built with the
 * simulator's built-in text, so these tests run without the shared corpora.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateWorld } from '../src/simulate/index.js';
import { scan } from '../src/engine/scan.js';
import { readVerdicts, tmp, worldLines } from './helpers.js';
import type { Verdict } from '../src/contract/types.js';

interface Line { line: string; tsMs: number }

let world = '';
let lines: Line[] = [];
let rows: string[] = [];
let full = new Map<string, Verdict>();

/** Scans the exchanges up to `tMs` with the account-table rows `keep` selects. */
async function scanCut(name: string, tMs: number, keep: (row: { created_at?: string }) => boolean): Promise<Map<string, Verdict>> {
  const dir = join(world, name);
  writeFileSync(join(world, `${name}.jsonl`), lines.filter((x) => x.tsMs <= tMs).map((x) => x.line).join('\n'));
  writeFileSync(join(world, `${name}.accounts.jsonl`), rows.filter((r) => keep(JSON.parse(r))).join('\n'));
  await scan({ inputs: [join(world, `${name}.jsonl`)], accounts: join(world, `${name}.accounts.jsonl`), out: dir, store: false, workers: 0 });
  return readVerdicts(dir);
}

before(async () => {
  // every strategy and persona over a week, with accounts created during it (slow drip, sign-up waves)
  world = tmp('honest');
  await simulateWorld({ scenario: 'mixed', scale: 0.05, seed: 2, days: 7, out: world });
  lines = worldLines(world).map((line) => ({ line, tsMs: Date.parse(JSON.parse(line).ts) })).sort((a, b) => a.tsMs - b.tsMs);
  rows = readFileSync(join(world, 'accounts.jsonl'), 'utf8').split('\n').filter(Boolean);
  await scan({ inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), out: join(world, 'full'), store: false, workers: 0 });
  full = readVerdicts(join(world, 'full'));
});

test('no flag rests on an account created later: without the rows created after a moment, every flag made before it is the same', async () => {
  for (const share of [0.25, 0.5]) {
    const tMs = lines[Math.floor(share * lines.length)].tsMs;
    const createdBy = (r: { created_at?: string }) => !r.created_at || Date.parse(r.created_at) <= tMs;
    const dropped = rows.filter((r) => !createdBy(JSON.parse(r))).length;
    assert.ok(dropped > 0, `accounts are created after ${new Date(tMs).toISOString()}`);
    const cut = await scanCut(`created${share}`, tMs, createdBy);
    const before = (m: Map<string, Verdict>) =>
      new Map([...m].filter(([, v]) => v.flagged_at !== null && Date.parse(v.flagged_at) < tMs).map(([id, v]) => [id, v.flagged_at]));
    const expected = before(full);
    assert.ok(expected.size > 10, `the full scan flagged ${expected.size} accounts before ${new Date(tMs).toISOString()}`);
    assert.deepEqual(before(cut), expected, `flags before ${new Date(tMs).toISOString()}, with the ${dropped} rows created after it left out`);
  }
});

test('a scan stopped at a flagged account\'s flagged_at already flags it, at that moment', async () => {
  // ten flagged accounts spread over the week, in order of their flags
  const flagged = [...full.values()].filter((v) => v.flagged_at !== null).sort((a, b) => Date.parse(a.flagged_at!) - Date.parse(b.flagged_at!));
  assert.ok(flagged.length >= 30, `${flagged.length} accounts flagged`);
  const sample = Array.from({ length: 10 }, (_, i) => flagged[Math.floor((i * (flagged.length - 1)) / 9)]);
  const first = lines[0].tsMs;
  assert.ok(Date.parse(sample[9].flagged_at!) - Date.parse(sample[0].flagged_at!) > 2 * 86_400_000, 'the sample spans days');
  for (const v of sample) {
    const tMs = Date.parse(v.flagged_at!);
    const cut = await scanCut(`stop-${v.account_id}`, tMs, () => true);
    const got = cut.get(v.account_id);
    assert.equal(got?.flagged_at, v.flagged_at, `${v.account_id}, flagged ${((tMs - first) / 3_600_000).toFixed(1)} h into the log, by a scan stopped then`);
    assert.notEqual(got?.verdict, 'allow');
  }
});
