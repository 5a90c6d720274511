/**
 * bench/scan: whole-process scan throughput and peak memory, against DuckDB's
 * own `read_json_auto` + `GROUP BY account_id` over the same file in the same
 * run, and memory at a fixed number of accounts as exchanges grow.
 *
 *   npm run bench:scan                       # 1M exchanges, 100k accounts
 *   npm run bench:scan -- --exchanges 200000 --accounts 20000
 *   npm run bench:scan -- --compare /tmp/old   # also an older build, same run
 *   npm run bench:scan -- --compare /tmp/old --repeat 5 --no-flat   # medians of 5 alternating runs each
 *
 * Needs a build (`npm run build`): the scan runs as its own process from dist/.
 */
import { mkdirSync, existsSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadPrompts, writeBenchLog } from './world.js';

const args = process.argv.slice(2);
const arg = (k: string, d: number) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const N = arg('exchanges', 1_000_000);
const A = arg('accounts', 100_000);
// --repeat K: scan K times with each build, alternating (this build, the other,
// this build, ...), and report the median run of each by CPU time with the
// spread; one pair of runs cannot tell apart changes smaller than this
// machine's ±10% between runs.
const repeat = Math.max(1, Math.floor(arg('repeat', 1)));
if (!Number.isFinite(repeat)) {
  console.error('bench/scan: --repeat takes a whole number of runs');
  process.exit(2);
}
const dir = join(import.meta.dirname, '.data');
mkdirSync(dir, { recursive: true });
const root = join(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  console.error('bench/scan: build first (npm run build)');
  process.exit(2);
}

interface Run { seconds: number; maxRssMiB: number; liveMiB: number; cpuS: number; out: string }

// Every run's peak RSS is the kernel's high-water mark for the whole process, read
// as it exits (all threads, the end-of-scan report and store included), so builds
// that measure themselves differently still compare. The same hook reports the
// process's CPU time (user + system, all threads): on a shared machine wall time
// varies by ±15% between runs of one build, CPU time much less.
const PEAK_ON_EXIT = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\n@@maxrss '+u.maxRSS+' '+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;

function timed(nodeArgs: string[]): Run {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', PEAK_ON_EXIT, ...nodeArgs], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: root });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`node ${nodeArgs.join(' ').slice(0, 200)} failed (${r.status}): ${r.stderr}`);
  const k = /@@maxrss (\d+) (\d+)/.exec(r.stderr);
  const maxRssMiB = k ? Number(k[1]) / 1024 : NaN;
  const cpuS = k ? Number(k[2]) / 1e6 : NaN;
  const l = /live at end ([\d.]+) (MiB|GiB)/.exec(r.stdout);
  const liveMiB = l ? Number(l[1]) * (l[2] === 'GiB' ? 1024 : 1) : NaN;
  return { seconds, maxRssMiB, liveMiB, cpuS, out: r.stdout };
}

function scanRun(file: string, checkout = root): Run {
  const out = join(dir, 'out');
  rmSync(out, { recursive: true, force: true });
  // --expose-gc lets the scan report what is live at its end, beside the peak RSS
  return timed(['--expose-gc', join(checkout, 'bin', 'distillguard.js'), 'scan', '--quiet', '--out', out, file]);
}

// --compare DIR: also scan with another built checkout (e.g. an older commit,
// `git worktree add /tmp/old <commit> && (cd /tmp/old && npm run build)`), in the same run
const ci = args.indexOf('--compare');
const compare = ci >= 0 ? args[ci + 1] : undefined;
if (compare && !existsSync(join(compare, 'dist', 'cli', 'main.js'))) {
  console.error(`bench/scan: --compare ${compare} has no build (dist/cli/main.js)`);
  process.exit(2);
}

function duckdbRun(file: string): Run {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const r = await c.runAndReadAll("SELECT account_id, count(*) AS n, sum(usage.output_tokens) AS out_tok FROM read_json_auto('${file}', maximum_object_size=67108864) GROUP BY account_id");
    console.log(JSON.stringify({ groups: r.currentRowCount, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));`;
  return timed(['--input-type=module', '-e', script]);
}

const prompts = loadPrompts();
console.log(`bench/scan: ${N.toLocaleString()} exchanges over ${A.toLocaleString()} accounts, text from ../shared/corpora (${prompts.length} prompts)`);
const file = join(dir, `bench-${N}-${A}.jsonl`);
if (!existsSync(file)) await writeBenchLog(file, A, N, prompts);
const size = statSync(file).size;
console.log(`log: ${file} (${(size / 2 ** 20).toFixed(0)} MiB, ${(size / N).toFixed(0)} bytes/line)`);

const median = (runs: Run[]): Run => [...runs].sort((a, b) => a.cpuS - b.cpuS)[(runs.length - 1) >> 1];
const spread = (runs: Run[]): string =>
  runs.length < 2 ? '' : ` (${runs.length} runs: CPU ${Math.min(...runs.map((r) => r.cpuS)).toFixed(1)}–${Math.max(...runs.map((r) => r.cpuS)).toFixed(1)} s, wall ${Math.min(...runs.map((r) => r.seconds)).toFixed(1)}–${Math.max(...runs.map((r) => r.seconds)).toFixed(1)} s)`;

const duck = duckdbRun(file);
const oursRuns: Run[] = [];
const theirRuns: Run[] = [];
for (let i = 0; i < repeat; i++) {
  oursRuns.push(scanRun(file));
  if (compare) theirRuns.push(scanRun(file, compare));
}
const ours = median(oursRuns);
const theirs = compare ? median(theirRuns) : undefined;
console.log('');
console.log('| run | seconds | exchanges/s | CPU seconds | peak RSS |');
console.log('|---|---:|---:|---:|---:|');
console.log(`| duckdb read_json_auto + GROUP BY | ${duck.seconds.toFixed(1)} | ${Math.round(N / duck.seconds).toLocaleString()} | ${duck.cpuS.toFixed(1)} | ${duck.maxRssMiB.toFixed(0)} MiB |`);
console.log(`| distillguard scan (whole process) | ${ours.seconds.toFixed(1)} | ${Math.round(N / ours.seconds).toLocaleString()} | ${ours.cpuS.toFixed(1)} | ${ours.maxRssMiB.toFixed(0)} MiB (live at end ${ours.liveMiB.toFixed(0)} MiB)${spread(oursRuns)} |`);
if (theirs) console.log(`| distillguard scan at ${compare} | ${theirs.seconds.toFixed(1)} | ${Math.round(N / theirs.seconds).toLocaleString()} | ${theirs.cpuS.toFixed(1)} | ${theirs.maxRssMiB.toFixed(0)} MiB (live at end ${theirs.liveMiB.toFixed(0)} MiB)${spread(theirRuns)} |`);
console.log(`ratio: distillguard takes ${(ours.seconds / duck.seconds).toFixed(2)}x DuckDB's time (issue 21: <= 10x); throughput target (issue 21) >= 35,000/s; CPU an exchange ${(ours.cpuS / N * 1e6).toFixed(1)} µs${theirs ? ` against ${(theirs.cpuS / N * 1e6).toFixed(1)} µs (${(ours.cpuS / theirs.cpuS).toFixed(2)}x)` : ''}`);

if (!args.includes('--no-flat')) {
  // memory must stay flat when exchanges grow at a fixed number of accounts
  const fixedA = Math.min(A, 20_000);
  console.log(`\nmemory at a fixed ${fixedA.toLocaleString()} accounts as exchanges grow:`);
  console.log('| exchanges | seconds | exchanges/s | CPU seconds | peak RSS | live after GC at end |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const n of [Math.round(N / 4), Math.round(N / 2), N]) {
    const f = join(dir, `flat-${n}-${fixedA}.jsonl`);
    if (!existsSync(f)) await writeBenchLog(f, fixedA, n, prompts);
    for (const checkout of compare ? [root, compare] : [root]) {
      const r = scanRun(f, checkout);
      const who = checkout === root ? '' : ` (${compare})`;
      console.log(`| ${n.toLocaleString()}${who} | ${r.seconds.toFixed(1)} | ${Math.round(n / r.seconds).toLocaleString()} | ${r.cpuS.toFixed(1)} | ${r.maxRssMiB.toFixed(0)} MiB | ${r.liveMiB.toFixed(0)} MiB |`);
    }
  }
}
