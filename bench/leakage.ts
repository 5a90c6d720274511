/**
 * bench/leakage: where the campaign exchanges served before the flag come
 * from, per strategy (src/eval/leakage.ts says how each flag is classed),
 * with the benign accounts flagged and blocked per persona beside it.
 *
 *   npm run bench:leakage -- --world W --verdicts OUT [--world W2 --verdicts OUT2 ...]
 *   npm run bench:leakage -- --scenario hydra,slow_drip --seeds 1,2 --scale 0.2
 *
 * With --scenario it simulates each world and scans it in this process (no
 * store, no workers) under /tmp/dg-leakage/, then reads the outputs as it
 * would any scan's. Several worlds add up into one table.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Label, Verdict } from '../src/contract/types.js';
import { readExchanges, worldLogFiles } from '../src/eval/read.js';
import { leakageBreakdown, leakageTable } from '../src/eval/leakage.js';
import { simulateWorld } from '../src/simulate/index.js';
import { scan } from '../src/engine/scan.js';

const args = process.argv.slice(2);
const all = (k: string): string[] => args.flatMap((a, i) => (a === `--${k}` && i + 1 < args.length ? [args[i + 1]] : []));
const one = (k: string, d: string): string => all(k)[0] ?? d;

const pairs: { world: string; verdicts: string }[] = [];
const worlds = all('world');
const outs = all('verdicts');
if (worlds.length !== outs.length) {
  console.error('bench/leakage: give one --verdicts per --world');
  process.exit(2);
}
worlds.forEach((w, i) => pairs.push({ world: w, verdicts: outs[i] }));
const scenarios = one('scenario', '').split(',').filter(Boolean);
const seeds = one('seeds', '1').split(',').map(Number);
const scale = Number(one('scale', '0.2'));
const root = one('dir', '/tmp/dg-leakage');
for (const scenario of scenarios) {
  for (const seed of seeds) {
    const world = join(root, `${scenario}-${seed}-${scale}`);
    if (!existsSync(join(world, 'labels.jsonl'))) await simulateWorld({ scenario, scale, seed, out: world });
    const out = join(world, 'scan');
    mkdirSync(out, { recursive: true });
    await scan({ inputs: worldLogFiles(world), accounts: join(world, 'accounts.jsonl'), out, store: false, workers: 0 });
    pairs.push({ world, verdicts: out });
  }
}
if (pairs.length === 0) {
  console.error('bench/leakage: give --world W --verdicts OUT, or --scenario NAMES [--seeds 1,2] [--scale 0.2]');
  process.exit(2);
}

const labels: Label[] = [];
const verdicts = new Map<string, Verdict>();
const times = new Map<string, number[]>();
const benign = new Map<string, { accounts: number; flagged: number; blocked: number }>();
const ends: number[] = [];
for (const [k, { world, verdicts: out }] of pairs.entries()) {
  // account ids are made unique per world, so worlds add up
  const tag = (id: string): string => `${k}:${id}`;
  const own = new Map<string, Label>();
  for (const line of readFileSync(join(world, 'labels.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const l = JSON.parse(line) as Label;
    const x = { ...l, account_id: tag(l.account_id), campaign_id: l.campaign_id === null ? null : tag(l.campaign_id) };
    own.set(l.account_id, x);
    labels.push(x);
  }
  for (const line of readFileSync(join(out, 'verdicts.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const v = JSON.parse(line) as Verdict;
    verdicts.set(tag(v.account_id), v);
  }
  let last = -Infinity;
  for await (const ex of readExchanges(worldLogFiles(world), () => {})) {
    if (ex.tsMs > last) last = ex.tsMs;
    if (own.get(ex.account_id)?.label !== 'campaign') continue;
    const id = tag(ex.account_id);
    (times.get(id) ?? times.set(id, []).get(id)!).push(ex.tsMs);
  }
  ends.push(last);
  for (const l of own.values()) {
    if (l.label !== 'benign') continue;
    const v = verdicts.get(l.account_id);
    const b = benign.get(l.persona) ?? benign.set(l.persona, { accounts: 0, flagged: 0, blocked: 0 }).get(l.persona)!;
    b.accounts++;
    if (v && v.verdict !== 'allow') b.flagged++;
    if (v?.verdict === 'block') b.blocked++;
  }
}
for (const t of times.values()) t.sort((a, b) => a - b);
// each world ends at its own time: the end-of-stream sweep is told per world
const endMs = (id: string): number => ends[Number(id.slice(0, id.indexOf(':')))];

console.log(`bench/leakage: ${pairs.length} world(s): ${pairs.map((p) => p.world).join(', ')}`);
console.log(leakageTable(leakageBreakdown({ labels, verdicts, times, endMs })));
console.log('\nbenign accounts flagged (review or block) / blocked, per persona:');
for (const [p, b] of [...benign].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`  ${p.padEnd(22)} ${String(b.flagged).padStart(4)} / ${String(b.blocked).padStart(3)} of ${b.accounts}`);
const tot = [...benign.values()].reduce((a, b) => ({ accounts: a.accounts + b.accounts, flagged: a.flagged + b.flagged, blocked: a.blocked + b.blocked }), { accounts: 0, flagged: 0, blocked: 0 });
console.log(`  ${'all'.padEnd(22)} ${String(tot.flagged).padStart(4)} / ${String(tot.blocked).padStart(3)} of ${tot.accounts}`);
