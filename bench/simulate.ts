/**
 * Simulator throughput: builds worlds and prints exchanges per second (wall and
 * CPU), bytes per line and peak memory. Figures, not assertions.
 *
 *   node --import tsx bench/simulate.ts [exchanges=1000000] [scenario=mixed]
 *
 * Uses ../shared/corpora for text when present (as the issue asks), else the
 * built-in generator.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateWorld } from '../src/simulate/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(here, '../../shared/corpora');
const target = Number(process.argv[2] ?? 1_000_000);
const scenario = process.argv[3] ?? 'mixed';
const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.log(`(no corpus at ${corpus}: using built-in text)`);

async function run(scale: number, label: string) {
  const out = mkdtempSync(join(tmpdir(), 'dg-sim-bench-'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const m = await simulateWorld({ scenario, scale, seed: 42, out, corpus: hasCorpus ? corpus : undefined });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const gz = statSync(join(out, 'logs.jsonl.gz')).size;
  console.log(
    `${label.padEnd(8)} ${scenario} scale ${scale.toFixed(3)}: ${m.exchanges.toLocaleString('en-US')} exchanges, ${m.accounts.toLocaleString('en-US')} accounts in ${wall.toFixed(1)} s wall ` +
      `= ${Math.round(m.exchanges / wall).toLocaleString('en-US')}/s; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (all threads, incl. gzip); ` +
      `${((cpu.user + cpu.system) / m.exchanges).toFixed(1)} µs CPU/exchange; ${Math.round(m.log_bytes / m.exchanges)} B/line, ${(m.log_bytes / 1e6).toFixed(0)} MB raw, ${(gz / 1e6).toFixed(0)} MB gz`,
  );
  rmSync(out, { recursive: true, force: true });
  return m.exchanges;
}

// calibrate: exchanges grow about linearly with scale above a fixed floor (minimum
// sizes make small worlds relatively bigger), so two small runs place the target
const s1 = 0.02;
const s2 = 0.08;
const n1 = await run(s1, 'warm-up');
const n2 = await run(s2, 'warm-up');
const slope = Math.max(1, (n2 - n1) / (s2 - s1));
const scale = Math.max(0.001, s2 + (target - n2) / slope);
await run(scale, 'measured');
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
