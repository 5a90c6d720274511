/**
 * bench/stages: where a scan's time goes, stage by stage, on the same lines in
 * one process: JSON.parse alone (the floor), contract parse, + features,
 * + engine without linkage, + the linkage's per-exchange folding (one sweep
 * at the end), + engine with linkage and its sweeps.
 *
 *   node --import tsx bench/stages.ts WORLD_DIR_OR_JSONL [maxLines]
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { parseExchangeLine } from '../src/contract/parse.js';
import { extractFeatures, evidenceExcerpt } from '../src/features/index.js';
import { Engine } from '../src/engine/engine.js';
import { createLinkage } from '../src/linkage/index.js';
import { accountProfile } from '../src/engine/profile.js';
import type { Exchange } from '../src/contract/types.js';

const arg = process.argv[2];
if (!arg) { console.error('usage: bench/stages.ts WORLD_DIR_OR_JSONL [maxLines]'); process.exit(2); }
const path = statSync(arg).isDirectory() ? join(arg, 'logs.jsonl.gz') : arg;
const raw = readFileSync(path);
const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
const lines = text.split('\n').filter(Boolean).slice(0, Number(process.argv[3] ?? Infinity));
const bytes = lines.reduce((a, l) => a + l.length, 0);
console.log(`bench/stages: ${lines.length.toLocaleString()} lines, ${(bytes / lines.length).toFixed(0)} bytes/line`);

function time(name: string, fn: () => void): number {
  const t = performance.now();
  fn();
  const s = (performance.now() - t) / 1000;
  console.log(`${name.padEnd(36)} ${(lines.length / s).toFixed(0).padStart(9)} ex/s  ${((s * 1e6) / lines.length).toFixed(1).padStart(6)} µs/ex`);
  return s;
}

let sink = 0;
// Each stage parses the lines afresh, as a scan does, so nothing is retained
// between stages and garbage dies young as it does in a stream.
const parse = (l: string): Exchange => { const r = parseExchangeLine(l); if (!r.ok) throw new Error(r.reason); return r.value; };
time('JSON.parse only (floor)', () => { for (const l of lines) sink += (JSON.parse(l) as { id: string }).id.length; });
time('contract parse', () => { for (const l of lines) sink += parse(l).id.length; });
time('parse + features', () => { for (const l of lines) sink += extractFeatures(parse(l)).promptChars; });
time('parse + engine, no linkage', () => {
  const e = new Engine({ extract: extractFeatures, excerpt: (ex) => evidenceExcerpt(ex) });
  for (const l of lines) e.push(parse(l));
  e.finish();
});
// the linkage's and the signatures' per-exchange folding alone (the part a partitioned
// engine's coordinator does in order, docs/operations.md "Partitions"): one sweep, at the end
time('parse + engine + linkage, no sweeps', () => {
  const e = new Engine({ extract: extractFeatures, excerpt: (ex) => evidenceExcerpt(ex), linkage: createLinkage({}), profile: accountProfile, campaignMinScore: 0, sweepMinNewPerAccount: Infinity, sweepMaxGapMinutes: Infinity });
  for (const l of lines) e.push(parse(l));
  e.finish();
  console.log(`  (${e.stats.sweeps} sweep, ${(e.stats.sweepMs / 1000).toFixed(2)} s in it)`);
});
time('parse + engine with linkage', () => {
  const e = new Engine({ extract: extractFeatures, excerpt: (ex) => evidenceExcerpt(ex), linkage: createLinkage({}), profile: accountProfile, campaignMinScore: 0 });
  for (const l of lines) e.push(parse(l));
  e.finish();
  console.log(`  (${e.stats.sweeps} sweeps, ${(e.stats.sweepMs / 1000).toFixed(2)} s in sweeps, ${e.accounts.size} accounts)`);
});
if (sink === -1) console.log(sink);
