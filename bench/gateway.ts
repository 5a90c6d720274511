/**
 * The gateway's cost on the request path, and its memory.
 *
 * 1. Added latency: autocannon at a fixed rate (default 2,000 requests/s) for
 *    `--duration` seconds against (a) a stand-in upstream that answers in a
 *    fixed time (`--upstream-ms`, default 5) and (b) the gateway in front of
 *    it; each request from one of 10,000 accounts. Percentiles are computed
 *    from every response time autocannon reports (float ms), not from its
 *    1-ms histogram. Added = through the gateway - direct. The gateway's CPU
 *    per request served, whole process and per thread (/proc).
 * 2. The check: `POST /v1/check` and `GET /v1/check` as fast as autocannon
 *    can send them (`--check-duration`, default 10 s), checks/s, and the
 *    gateway's CPU per check (autocannon shares the machine: 1 s / that CPU
 *    is what one core of the gateway's would answer).
 * 3. Memory: 100,000 accounts (`--accounts`) of 3 exchanges each pushed into
 *    a gateway's engine in process; heap and RSS after a full collection.
 * 4. Restart: the same exchanges as a state journal, replayed at start; time
 *    per 100k exchanges.
 *
 * Upstream, gateway and load generator run as separate processes (the
 * gateway from dist/: `npm run build` first). Figures only: nothing asserts.
 * Run: npm run build && npm run bench:gateway -- --duration 10
 * With `--baseline DIR[,DIR...]` (other checkouts, built), their gateways are
 * measured in the same run, each against the upstream alone just before it.
 * With `--profile DIR`, each gateway runs under `node --cpu-prof` and writes
 * its profiles (request thread and engine worker) into DIR/NAME/ when it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    rate: { type: 'string', default: '2000' },
    'upstream-ms': { type: 'string', default: '5' },
    'check-duration': { type: 'string', default: '10' },
    accounts: { type: 'string', default: '100000' },
    role: { type: 'string' },
    skip: { type: 'string', default: '' },
    baseline: { type: 'string' },
    profile: { type: 'string' },
  },
});

// child role: the stand-in upstream, answering after a fixed time
if (args.role === 'upstream') {
  const { startStandIn } = await import('../src/gateway/testing/upstream.js');
  const s = await startStandIn({ delayMs: Number(args['upstream-ms']), text: 'A fixed answer from the stand-in model, a few dozen bytes long.' });
  s.quiet = true;
  process.stdout.write(`listening on ${s.url}\n`);
  await new Promise<void>((r) => process.once('SIGTERM', r));
  await s.close();
  process.exit(0);
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  console.error('bench/gateway: run `npm run build` first (the gateway runs from dist/)');
  process.exit(2);
}
const skip = new Set(args.skip.split(',').filter(Boolean));
const duration = Number(args.duration);
const rate = Number(args.rate);

function startChild(cmd: string[], env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cmd, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (c) => reject(new Error(`${cmd.join(' ')} exited ${c}`)));
  });
}

async function stop(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null) return;
  const done = new Promise((r) => c.once('exit', r));
  c.kill('SIGTERM');
  await done;
}

/** The gateway's CPU seconds and engine seconds so far, from its own /metrics. */
async function cpuOf(url: string): Promise<{ cpu: number; engine: number; pushes: number }> {
  const text = await (await fetch(url + '/metrics')).text();
  const num = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { cpu: num('distillguard_gateway_process_cpu_seconds_total'), engine: num('distillguard_gateway_engine_push_seconds_sum'), pushes: num('distillguard_gateway_engine_push_seconds_count') };
}

/**
 * CPU seconds of a process's threads from /proc (Linux; NaN elsewhere): its
 * main thread (the request thread) and all others together (the engine
 * worker, V8's GC and compiler helpers, libuv's pool). Counted per thread,
 * so time a thread spends waiting for a core on a loaded machine is not in it.
 */
function threadCpu(pid: number): { main: number; others: number } {
  const tick = 100; // USER_HZ, 100 on Linux
  let main = 0;
  let others = 0;
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      // fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const sec = (Number(f[11]) + Number(f[12])) / tick;
      if (Number(t) === pid) main += sec;
      else others += sec;
    }
  } catch {
    return { main: NaN, others: NaN };
  }
  return { main, others };
}

function pct(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** accounts the check is asked about, in turn */
const CHECK_ACCOUNTS = 1_000;

const BODY = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'What is the capital of France? Answer briefly.' }], max_tokens: 64 });

/** autocannon at a fixed rate; every response time kept (float ms). */
async function load(url: string, seconds: number, fixedRate: number | undefined, requests: autocannon.Request[], connections: number, rotate = true) {
  const times: number[] = [];
  let n = 0;
  const inst = autocannon({
    url,
    duration: seconds,
    connections,
    overallRate: fixedRate,
    // rotate: each request from the next of 10,000 accounts (autocannon builds it per request)
    requests: rotate
      ? requests.map((r) => ({
          ...r,
          setupRequest: (req: autocannon.Request) => ({ ...req, headers: { ...req.headers, 'x-account-id': `acct_${n++ % 10_000}` } }),
        }))
      : requests,
  });
  inst.on('response', (_c: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  const r = await inst;
  const sorted = Float64Array.from(times).sort();
  return { r, p50: pct(sorted, 50), p90: pct(sorted, 90), p99: pct(sorted, 99), n: sorted.length, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, rps: r.requests.average };
}

const tmp = mkdtempSync(join(tmpdir(), 'dg-bench-gw-'));
const fmt = (x: number) => x.toFixed(3);
try {
  if (!skip.has('latency') || !skip.has('check')) {
    const up = await startChild(['--import', 'tsx', 'bench/gateway.ts', '--role', 'upstream', '--upstream-ms', args['upstream-ms']]);
    const { loadavg, availableParallelism } = await import('node:os');
    const load1 = () => `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
    // with --baseline DIR, a second gateway from another build (e.g. the previous commit's), measured in the same run
    const builds = [{ name: 'gateway', root: ROOT }, ...(args.baseline ?? '').split(',').filter(Boolean).map((root) => ({ name: `baseline (${root})`, root }))];
    try {
      for (const b of builds) {
        const prof = args.profile ? ['--cpu-prof', '--cpu-prof-dir', join(args.profile, b.root === ROOT ? 'gateway' : b.root.replace(/[^A-Za-z0-9]+/g, '_'))] : [];
        const gw = await startChild([...prof, join(b.root, 'bin/distillguard.js'), 'gateway', '--upstream', up.url, '--listen', '127.0.0.1:0']);
        try {
          const chat = [{ method: 'POST' as const, path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: BODY }];
          if (!skip.has('latency')) {
            // warm both paths (JIT, keep-alive pools) before measuring
            await load(up.url, 3, rate, chat, 64);
            await load(gw.url, 3, rate, chat, 64);
            const direct = await load(up.url, duration, rate, chat, 64);
            const l0 = load1();
            const c0 = await cpuOf(gw.url);
            const t0 = threadCpu(gw.child.pid!);
            const through = await load(gw.url, duration, rate, chat, 64);
            const t1 = threadCpu(gw.child.pid!);
            const c1 = await cpuOf(gw.url);
            console.log(`${b.name}: latency at ${rate} requests/s for ${duration} s, upstream answering in ${args['upstream-ms']} ms (ms; ${direct.n} and ${through.n} responses; ${l0}, then ${load1()}):`);
            console.log(`  upstream alone:     p50 ${fmt(direct.p50)}  p90 ${fmt(direct.p90)}  p99 ${fmt(direct.p99)}  (${Math.round(direct.rps)} req/s, non-2xx ${direct.non2xx}, errors ${direct.errors})`);
            console.log(`  through gateway:    p50 ${fmt(through.p50)}  p90 ${fmt(through.p90)}  p99 ${fmt(through.p99)}  (${Math.round(through.rps)} req/s, non-2xx ${through.non2xx}, errors ${through.errors})`);
            console.log(`  added by gateway:   p50 ${fmt(through.p50 - direct.p50)}  p99 ${fmt(through.p99 - direct.p99)}  (ratio p50 ${(through.p50 / direct.p50).toFixed(2)}, p99 ${(through.p99 / direct.p99).toFixed(2)})`);
            const pushes = c1.pushes - c0.pushes;
            // per response served in the window (a build without the engine pushes nothing)
            const per = (sec: number) => Math.round((1e6 * sec) / through.n);
            console.log(`  gateway CPU per request (all threads): ${per(c1.cpu - c0.cpu)} us (request thread ${per(t1.main - t0.main)}, other threads ${per(t1.others - t0.others)}); the engine's own time per exchange ${pushes > 0 ? Math.round((1e6 * (c1.engine - c0.engine)) / pushes) : 0} us`);
          }
          if (!skip.has('check')) {
            const cd = Number(args['check-duration']);
            // requests built once, 1,000 accounts in turn: autocannon shares the 2 cores, so it rebuilds nothing per request
            const ids = Array.from({ length: CHECK_ACCOUNTS }, (_, i) => `acct_${i}`);
            const posts = ids.map((id) => ({ method: 'POST' as const, path: '/v1/check', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account_id: id, ip: '10.1.2.3', model: 'm' }) }));
            const gets = ids.map((id) => ({ method: 'GET' as const, path: '/v1/check', headers: { 'x-account-id': id } }));
            const cp0 = await cpuOf(gw.url);
            const post = await load(gw.url, cd, undefined, posts, 64, false);
            const cp1 = await cpuOf(gw.url);
            const get = await load(gw.url, cd, undefined, gets, 64, false);
            const cp2 = await cpuOf(gw.url);
            const us = (a: number, c: number, n: number) => Math.round((1e6 * (c - a)) / n);
            console.log(`${b.name}: check for ${cd} s, 64 connections: POST ${Math.round(post.rps)} checks/s (p50 ${fmt(post.p50)} ms, p99 ${fmt(post.p99)} ms, gateway CPU ${us(cp0.cpu, cp1.cpu, post.n)} us a check); GET ${Math.round(get.rps)} checks/s (p50 ${fmt(get.p50)} ms, p99 ${fmt(get.p99)} ms, ${us(cp1.cpu, cp2.cpu, get.n)} us a check); ${load1()}`);
          }
        } finally {
          await stop(gw.child);
        }
      }
    } finally {
      await stop(up.child);
    }
  }

  if (!skip.has('memory')) {
    const { startGateway } = await import('../src/gateway/server.js');
    const { LogWriter } = await import('../src/gateway/logwriter.js');
    const { parseExchangeLine } = await import('../src/contract/parse.js');
    const nAccounts = Number(args.accounts);
    const per = 3;
    const state = join(tmp, 'state');
    const journal = new LogWriter(join(state, 'journal'));
    const gw = await startGateway({ upstream: 'http://127.0.0.1:9', listen: '127.0.0.1:0', defaultMetrics: false });
    const gc = (globalThis as { gc?: () => void }).gc;
    const base = process.memoryUsage();
    const t0 = Date.parse('2026-11-02T00:00:00Z');
    const topics = ['sort a list in Python', 'the causes of the first world war', 'a haiku about autumn', 'explain TCP slow start', 'a recipe for lentil soup', 'prove that sqrt 2 is irrational'];
    let pushed = 0;
    const started = performance.now();
    for (let k = 0; k < per; k++) {
      for (let a = 0; a < nAccounts; a++) {
        const i = k * nAccounts + a;
        const line = JSON.stringify({
          id: `r${i}`, ts: new Date(t0 + i * 50).toISOString(), account_id: `acct_${a}`, ip: `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}`, user_agent: 'openai-python/1.0', model: 'm', endpoint: 'chat.completions',
          request: { messages: [{ role: 'user', content: `Please write ${topics[(a + k) % topics.length]} (${a % 97})` }], max_tokens: 512 },
          response: { text: 'Here is an answer of ordinary length, with a few sentences in it.', stop_reason: 'stop', tool_calls: 0 }, usage: { input_tokens: 20, output_tokens: 120 }, status: 200,
        });
        const ex = parseExchangeLine(line);
        if (!ex.ok) throw new Error(ex.reason);
        gw.online.pushLine(line + '\n');
        journal.write(ex.value);
        pushed++;
        // let the worker's answers in now and then, as a serving gateway would
        if (pushed % 20_000 === 0) await gw.online.settled();
      }
    }
    await gw.online.settled();
    const pushMs = performance.now() - started;
    gc?.();
    const m = process.memoryUsage();
    const st = await gw.online.stats();
    const held = gw.online.counts.accounts;
    console.log(`memory: ${held} accounts held after ${pushed} exchanges (${Math.round(pushed / (pushMs / 1000))} exchanges/s into the engine worker): request thread heap ${(m.heapUsed / 2 ** 20).toFixed(0)} MiB (+${((m.heapUsed - base.heapUsed) / 2 ** 20).toFixed(0)}, the standing table), engine worker heap ${(st.heapUsed / 2 ** 20).toFixed(0)} MiB, RSS ${(m.rss / 2 ** 20).toFixed(0)} MiB, ${Math.round((m.heapUsed - base.heapUsed + st.heapUsed) / held)} bytes per account${gc ? '' : ' (run node with --expose-gc for live memory)'}`);
    console.log(`sweeps: ${st.sweeps} cross-account sweep(s) over ${held} accounts, ${st.sweeps ? Math.round(st.sweepMs / st.sweeps) : 0} ms each on average, in the engine worker`);
    // a sweep on request, while /v1/check is asked every 20 ms: the answers' times show whether the request thread waits on it
    const times: number[] = [];
    let sweeping = true;
    const sweepStarted = performance.now();
    const sweep = gw.online.sweep().then(() => (sweeping = false));
    while (sweeping) {
      const t = performance.now();
      await fetch(gw.url + '/v1/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account_id: 'acct_7' }) }).then((r) => r.text());
      times.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    await sweep;
    const sorted = Float64Array.from(times).sort();
    console.log(`a sweep on request over ${held} accounts took ${((performance.now() - sweepStarted) / 1000).toFixed(1)} s; ${times.length} checks answered meanwhile: p50 ${fmt(pct(sorted, 50))} ms, max ${fmt(sorted[sorted.length - 1] ?? NaN)} ms`);
    await gw.close();
    await journal.close();
    const again = await startGateway({ upstream: 'http://127.0.0.1:9', listen: '127.0.0.1:0', state, defaultMetrics: false });
    console.log(`restart: ${again.restored.exchanges} exchanges replayed from the journal in ${(again.restored.ms / 1000).toFixed(1)} s: ${((again.restored.ms / 1000) * (100_000 / again.restored.exchanges)).toFixed(1)} s per 100k exchanges`);
    await again.close();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
