/**
 * bench/partitions: a partitioned scan with its partitions as processes over
 * NATS JetStream (`scan --nats URL --partitions N`: the scan and N partition
 * processes) against the same partitions as threads of one process
 * (`scan --partitions N`), alternating, on the bench log; outputs checked
 * identical. Issue 21 asks the processes to be within 25% of the threads.
 *
 *   npm run bench:partitions                                   # 200k exchanges, 20k accounts, 2 partitions, 3 runs each
 *   npm run bench:partitions -- --exchanges 300000 --accounts 30000 --partitions 2 --repeat 3
 *
 * Needs a build (`npm run build`) and Debian's nats-server (started here on a free port).
 * CPU is the scan's process and the children it waited for (the partition
 * processes), plus the NATS server's, read from /proc.
 */
import { mkdirSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadPrompts, writeBenchLog } from './world.js';
import { natsServerBinary, startLocalNats } from '../src/engine/nats/local-server.js';

const args = process.argv.slice(2);
const arg = (k: string, d: number) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const N = arg('exchanges', 200_000);
const A = arg('accounts', 20_000);
const P = arg('partitions', 2);
const repeat = Math.max(1, Math.floor(arg('repeat', 3)));
const root = join(import.meta.dirname, '..');
const dir = join(import.meta.dirname, '.data');
mkdirSync(dir, { recursive: true });
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  console.error('bench/partitions: build first (npm run build)');
  process.exit(2);
}
if (!natsServerBinary()) {
  console.error('bench/partitions: needs nats-server (Debian package nats-server)');
  process.exit(2);
}

const TICK = 100; // USER_HZ: /proc times are in hundredths of a second on Linux
/** user + system seconds of a process from /proc/PID/stat; with `children`, those of its waited-for children too */
const procCpu = (stat: string, children = false): number => {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  return (f[11] + f[12] + (children ? f[13] + f[14] : 0)) / TICK;
};
// the scan reports its own CPU and its partition processes' (waited for) as it exits
const ON_EXIT = 'data:text/javascript,' + encodeURIComponent(`import { readFileSync } from 'node:fs';
process.on('exit', () => process.stderr.write('\\n@@cpu ' + readFileSync('/proc/self/stat', 'utf8') + '\\n'));`);

interface Run { mode: string; seconds: number; cpuS: number; natsCpuS: number; load: number; out: string }

function scanRun(mode: 'threads' | 'nats', file: string, url: string, natsPid: number): Run {
  const out = join(dir, `out-${mode}`);
  rmSync(out, { recursive: true, force: true });
  const extra = mode === 'nats' ? ['--nats', url] : [];
  const load = loadavg()[0];
  const natsBefore = procCpu(readFileSync(`/proc/${natsPid}/stat`, 'utf8'));
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', ON_EXIT, join(root, 'bin', 'distillguard.js'), 'scan', '--quiet', '--no-store', '--out', out, '--partitions', String(P), ...extra, file], { encoding: 'utf8', cwd: root, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`scan (${mode}) failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const natsCpuS = procCpu(readFileSync(`/proc/${natsPid}/stat`, 'utf8')) - natsBefore;
  const k = /@@cpu (.*)/.exec(r.stderr);
  return { mode, seconds, cpuS: k ? procCpu(k[1], true) : NaN, natsCpuS, load, out };
}

const prompts = loadPrompts();
const file = join(dir, `bench-${N}-${A}.jsonl`);
if (!existsSync(file)) await writeBenchLog(file, A, N, prompts);
console.log(`bench/partitions: ${file} (${N.toLocaleString()} exchanges, ${A.toLocaleString()} accounts, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB), ${P} partitions, ${repeat} runs each, alternating`);
const nats = await startLocalNats();
const runs: Run[] = [];
try {
  for (let i = 0; i < repeat; i++) {
    for (const mode of ['threads', 'nats'] as const) {
      const r = scanRun(mode, file, nats.url, nats.pid);
      runs.push(r);
      console.log(`  ${mode}: ${r.seconds.toFixed(1)} s wall, ${r.cpuS.toFixed(1)} s CPU (+ ${r.natsCpuS.toFixed(1)} s nats-server), load ${r.load.toFixed(1)}`);
    }
    for (const f of ['verdicts.jsonl', 'campaigns.json', 'signatures.json']) {
      if (!readFileSync(join(dir, 'out-threads', f)).equals(readFileSync(join(dir, 'out-nats', f)))) throw new Error(`${f} differs between the threads and the processes`);
    }
  }
} finally {
  await nats.stop();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
const of = (mode: string) => runs.filter((r) => r.mode === mode);
console.log('');
console.log('| partitions as | wall s (median) | exchanges/s | CPU s (median) | nats-server CPU s | load (1 min) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [mode, label] of [['threads', `threads (--partitions ${P})`], ['nats', `processes over NATS (--nats, ${P + 1} processes)`]]) {
  const rs = of(mode);
  const w = median(rs.map((r) => r.seconds));
  console.log(`| ${label} | ${w.toFixed(1)} (${Math.min(...rs.map((r) => r.seconds)).toFixed(1)}–${Math.max(...rs.map((r) => r.seconds)).toFixed(1)}) | ${Math.round(N / w).toLocaleString()} | ${median(rs.map((r) => r.cpuS)).toFixed(1)} | ${median(rs.map((r) => r.natsCpuS)).toFixed(1)} | ${rs.map((r) => r.load.toFixed(1)).join(', ')} |`);
}
const ratio = median(of('nats').map((r) => r.seconds)) / median(of('threads').map((r) => r.seconds));
console.log(`processes over NATS take ${ratio.toFixed(2)}x the threads' wall time (issue 21: within 1.25x); verdicts, campaigns and signatures identical in every run`);
