/**
 * bench/serve: ingest through the service's API against `scan` of the same
 * log, in one run on one machine, and the API's latency for the two pages
 * the console opens first (the campaign list and a campaign page).
 *
 *   npm run bench:serve                          # mixed world, scale 0.1
 *   npm run bench:serve -- --scale 0.3 --batch 5000 --requests 2000
 *   npm run bench:serve -- --background 300000 --background-accounts 30000
 *
 * `--background N` adds N exchanges over `--background-accounts` accounts of
 * bench/world.ts's synthetic traffic (a later fortnight than the world), for
 * a store with many accounts around the world's campaigns.
 *
 * Both sides run as their own process from dist/ (`npm run build` first):
 * `distillguard scan` with its defaults (store written, one feature worker per
 * spare core) and `distillguard serve` with its defaults, fed by this process
 * in batches of `--batch` lines over HTTP (settling after 1 s of quiet, so
 * the client's pauses between batches do not each cost a sweep). Serve's
 * time runs from the first POST until the service reports itself settled (everything judged as scan
 * judges at its end); scan's is the whole process. Latency is measured with
 * autocannon (4 connections) once ingest is over.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { simulateWorld } from '../src/simulate/index.js';
import { readLines } from '../src/sources/lines.js';
import { CORPORA, loadPrompts, writeBenchLog } from './world.js';

const args = process.argv.slice(2);
const arg = (k: string, d: number) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const scale = arg('scale', 0.1);
const batch = arg('batch', 5000);
const requests = arg('requests', 2000);
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'distillguard.js');
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  console.error('bench/serve: build first (npm run build)');
  process.exit(2);
}
const data = join(import.meta.dirname, '.data', `serve-mixed-${scale}`);
if (!existsSync(join(data, 'logs.jsonl'))) {
  mkdirSync(data, { recursive: true });
  await simulateWorld({ scenario: 'mixed', scale, seed: 7, corpus: existsSync(CORPORA) ? CORPORA : undefined, out: data });
  writeFileSync(join(data, 'logs.jsonl'), gunzipSync(readFileSync(join(data, 'logs.jsonl.gz'))));
}
const background = arg('background', 0);
const backgroundAccounts = arg('background-accounts', Math.max(1, Math.round(background / 10)));
const logs = [join(data, 'logs.jsonl')];
if (background > 0) {
  const f = join(import.meta.dirname, '.data', `bench-${background}-${backgroundAccounts}.jsonl`);
  if (!existsSync(f)) await writeBenchLog(f, backgroundAccounts, background, loadPrompts());
  logs.push(f);
}
// the world's fortnight, then the background's (scan merges them by time: the same order), read as a
// stream in batches: a million lines do not fit in one string
async function* batches(): AsyncGenerator<string> {
  for (const f of logs) {
    let held: string[] = [];
    for await (const b of readLines(f)) {
      for (const l of b) if (l.text !== null && l.text.trim()) held.push(l.text);
      while (held.length >= batch) {
        yield held.slice(0, batch).join('\n');
        held = held.slice(batch);
      }
    }
    if (held.length) yield held.join('\n');
  }
}
const accounts = join(data, 'accounts.jsonl');
const work = join(data, 'run');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// Each side reports its CPU time (user + system, all threads) as it exits: on a
// machine shared with other work, wall time says more about the neighbours.
const CPU_ON_EXIT = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\n@@cpu '+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;
const cpuOf = (stderr: string) => {
  const m = /@@cpu (\d+)/.exec(stderr);
  return m ? Number(m[1]) / 1e6 : NaN;
};

// scan: the whole process
let t = performance.now();
const sc = spawnSync(process.execPath, ['--import', CPU_ON_EXIT, bin, 'scan', ...logs, '--accounts', accounts, '--out', join(work, 'scan'), '-q'], { encoding: 'utf8' });
if (sc.status !== 0) throw new Error(sc.stderr);
const scanS = (performance.now() - t) / 1000;
const scanCpu = cpuOf(sc.stderr);

// serve: from the first POST to settled
const token = 'bench-token-0123456789abcdef';
writeFileSync(join(work, 'tokens.jsonl'), JSON.stringify({ token, role: 'admin', name: 'bench' }) + '\n');
const child = spawn(process.execPath, ['--import', CPU_ON_EXIT, bin, 'serve', '--store', join(work, 'serve', 'store.duckdb'), '--tokens', join(work, 'tokens.jsonl'), '--accounts', accounts, '--listen', '127.0.0.1:0', '--settle-ms', '1000'], { stdio: ['ignore', 'pipe', 'pipe'] });
let childErr = '';
child.stderr!.on('data', (c) => (childErr += c));
child.once('exit', (code, signal) => {
  if (code !== 0 && signal !== 'SIGTERM') console.error(`bench/serve: the service exited early (code ${code}, signal ${signal})`);
});
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (c) => {
    out += c;
    const m = /listening on (\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
});
const auth = { authorization: `Bearer ${token}` };
try {
  t = performance.now();
  let sent = 0;
  for await (const body of batches()) {
    const r = await fetch(`${url}/api/v1/exchanges`, { method: 'POST', headers: auth, body });
    if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${await r.text()}`);
    sent += ((await r.json()) as { accepted: number }).accepted;
  }
  for (;;) {
    const h = (await (await fetch(`${url}/healthz`)).json()) as { settled: boolean; exchanges: number };
    if (h.settled && h.exchanges === sent) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const serveS = (performance.now() - t) / 1000;

  const list = (await (await fetch(`${url}/api/v1/campaigns?limit=1000`, { headers: auth })).json()) as { campaigns: { campaign_id: string; accounts: string[] }[] };
  const health = (await (await fetch(`${url}/healthz`)).json()) as { accounts: number; campaigns: number };
  const biggest = [...list.campaigns].sort((a, b) => b.accounts.length - a.accounts.length)[0];
  const measure = async (path: string) => {
    const r = await autocannon({ url: url + path, connections: 4, amount: requests, headers: auth });
    if (r.non2xx) throw new Error(`${path}: ${r.non2xx} answers were not 2xx`);
    return r.latency;
  };
  const listLat = await measure('/api/v1/campaigns?limit=50');
  const pageLat = biggest ? await measure(`/api/v1/campaigns/${biggest.campaign_id}`) : undefined;

  const ratio = serveS / scanS;
  console.log(`world: mixed scale ${scale}${background ? ` + ${background.toLocaleString('en-US')} background exchanges` : ''}: ${sent.toLocaleString('en-US')} exchanges, ${health.accounts.toLocaleString('en-US')} accounts, ${health.campaigns} campaigns${biggest ? ` (largest ${biggest.accounts.length} accounts)` : ''}`);
  console.log(`ingest: scan ${scanS.toFixed(1)} s (${Math.round(sent / scanS).toLocaleString('en-US')}/s) | serve over HTTP in batches of ${batch} ${serveS.toFixed(1)} s (${Math.round(sent / serveS).toLocaleString('en-US')}/s) | serve/scan ${ratio.toFixed(2)} (target <= 1.20)`);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const serveCpu = cpuOf(childErr);
  console.log(`cpu: scan ${scanCpu.toFixed(1)} s | serve ${serveCpu.toFixed(1)} s (whole process: ingest, settle, ${requests * 2} API requests, shutdown) | serve/scan ${(serveCpu / scanCpu).toFixed(2)}`);
  console.log(`latency, ${requests} requests over 4 connections: campaign list p50 ${listLat.p50} ms p99 ${listLat.p99} ms${pageLat ? ` | campaign page p50 ${pageLat.p50} ms p99 ${pageLat.p99} ms` : ''} (target p99 <= 100 ms)`);
} finally {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}
