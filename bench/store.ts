/**
 * Store write throughput: appendExchange + flush of synthetic feature rows
 * into a DuckDB file, against DuckDB's own bulk paths in the same run, and
 * into ClickHouse.
 *
 *   node --import tsx bench/store.ts [--rows 1000000] [--dir /tmp] [--pooled]
 *     [--backend duckdb|clickhouse|duckdb,clickhouse] [--clickhouse URL]
 *
 * `--backend` picks the backends measured (default duckdb). ClickHouse is
 * the server at `--clickhouse URL` (clickhouse://...), or else a throw-away
 * local clickhouse-server started for the run; its CPU is the server
 * process's, read from /proc, beside this process's.
 *
 * Prints, per path, rows/s, µs/row and the file size after a checkpoint:
 * - store: the real Store (default batch size), end to end, with DuckDB on
 *   the caller's thread (default) and on its writer thread; "caller" is what
 *   appendExchange costs the scan's thread;
 * - store split: one batch for everything, so the hot-path cost (push into
 *   the buffer) and the write cost are timed apart;
 * - baseline SQL: `INSERT INTO exchanges SELECT ... FROM range(N)`, DuckDB
 *   generating equivalent rows itself (no JavaScript per row): the ceiling;
 * - csv + COPY: the alternative the brief asked to measure: JS writes the
 *   batch as CSV to a temp file and DuckDB reads it.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Exchange } from '../src/contract/types.js';
import type { ExchangeFeatures } from '../src/features/types.js';
import { openStore } from '../src/store/store.js';
import { startLocalClickHouse } from '../src/store/clickhouse/local-server.js';
import { MIGRATIONS } from '../src/store/duckdb/migrations.js';
import { lcg } from '../src/util/random.js';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

const N = Number(arg('rows', '1000000'));
if (!Number.isInteger(N) || N < 1) {
  console.error(`--rows must be a positive integer, got ${arg('rows', '')}`);
  process.exit(2);
}
const backends = new Set(arg('backend', 'duckdb').split(','));
for (const b of backends) {
  if (b !== 'duckdb' && b !== 'clickhouse') {
    console.error(`--backend takes duckdb, clickhouse or both (comma-separated), got ${b}`);
    process.exit(2);
  }
}
const dir = mkdtempSync(join(arg('dir', tmpdir()), 'dg-bench-store-'));
const T0 = Date.parse('2026-11-02T00:00:00Z');
const POOL = 8192;

// A pool of distinct rows, reused with fresh ids and times, so the figure is
// the store's cost and not the generator's.
const rnd = lcg(42);
const pool: { ex: Exchange; f: ExchangeFeatures }[] = Array.from({ length: POOL }, (_, i) => ({
  ex: {
    id: '',
    ts: '',
    tsMs: 0,
    account_id: `acct_${Math.floor(rnd() * 100_000)}`,
    org_id: i % 3 ? `org_${i % 500}` : undefined,
    api_key_id: `key_${Math.floor(rnd() * 200_000)}`,
    ip: `10.${i % 256}.${(i >> 8) % 256}.${Math.floor(rnd() * 256)}`,
    user_agent: ['python-httpx/0.27.0', 'OpenAI/Python 1.51.0', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36'][i % 3],
    model: 'frontier-large-2026-10',
    endpoint: i % 2 ? 'messages' : 'chat.completions',
    status: i % 20 ? 200 : 429,
    latency_ms: 200 + rnd() * 5000,
  },
  f: {
    promptChars: Math.floor(rnd() * 4000),
    userTurns: 1 + (i % 4 === 0 ? 2 : 0),
    toolTurns: i % 9 === 0 ? 2 : 0,
    systemHash: i % 4 ? (rnd() * 4294967296) >>> 0 : 0,
    promptHash: (rnd() * 4294967296) >>> 0,
    simHi: (rnd() * 4294967296) >>> 0,
    simLo: (rnd() * 4294967296) >>> 0,
    skeletonHash: (rnd() * 4294967296) >>> 0,
    templateBands: Uint32Array.from({ length: 8 }, () => (rnd() * 4294967296) >>> 0),
    topic: i % 64,
    lang: i % 7 ? 'en' : 'zh',
    intent: { cot: rnd(), reconstruct: rnd() * 0.1, judge: rnd() * 0.2, safetyRewrite: 0, agentic: rnd() * 0.1, benchmark: rnd(), internals: 0, datagen: 0 },
    inputTokens: Math.floor(rnd() * 2000),
    outputTokens: Math.floor(rnd() * 4000),
    maxTokens: 4096,
    hitCap: rnd() < 0.1,
    toolsOffered: i % 9 === 0 ? 3 : 0,
    toolCalls: i % 9 === 0 ? 1 : 0,
  },
}));
const ids = Array.from({ length: N }, (_, i) => `req_${i.toString(36)}_${(i * 2654435761) >>> 0}`);
// Each row's account, key and address, drawn afresh (made before the timings),
// as a scan's rows come from 100k accounts with their own keys and addresses;
// `--pooled` keeps the pool's 8,192 (at 500k rows the two differed by less
// than this machine's run-to-run noise).
const pooled = process.argv.includes('--pooled');
const who = pooled
  ? null
  : Array.from({ length: N }, () => {
      const a = Math.floor(rnd() * 100_000);
      return {
        account: `acct_${a}`,
        key: `key_${a * 2 + (rnd() < 0.5 ? 0 : 1)}`,
        ip: `${11 + Math.floor(rnd() * 200)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`,
      };
    });

function row(i: number) {
  const r = pool[i % POOL];
  r.ex.id = ids[i];
  r.ex.tsMs = T0 + i * 20;
  if (who) {
    r.ex.account_id = who[i].account;
    r.ex.api_key_id = who[i].key;
    r.ex.ip = who[i].ip;
  }
  return r;
}

function size(path: string): string {
  return `${(statSync(path).size / 1048576).toFixed(1)} MiB`;
}

/** CPU time of the whole process (all threads) in ms: steadier than wall time on a shared machine. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function report(name: string, ms: number, cpu: number, file: string | null, extra = ''): void {
  const rate = (N / ms) * 1000;
  console.log(
    `${name.padEnd(22)} ${Math.round(rate).toLocaleString('en-US').padStart(11)} rows/s  ${((ms * 1000) / N).toFixed(2).padStart(6)} µs/row wall  ${((cpu * 1000) / N).toFixed(2).padStart(6)} µs/row cpu` +
      (file ? `  file ${size(file)}` : '') +
      (extra ? `  ${extra}` : ''),
  );
}

console.log(`store bench: ${N.toLocaleString('en-US')} exchange rows, node ${process.version}, scratch ${dir}`);

if (backends.has('duckdb')) await duckdbBench();
if (backends.has('clickhouse')) await clickhouseBench();

async function duckdbBench(): Promise<void> {
  // 1. The store, end to end, default batch size, DuckDB on the writer thread
  // (the default) and on the caller's thread. "caller" is the time the caller's
  // thread spends in appendExchange, which is what a scan pays.
  {
    // Start the writer thread outside the timings: under tsx its start includes
    // transpiling the sources, which a built install does not pay.
    const t = performance.now();
    await (await openStore({ kind: 'duckdb', path: ':memory:', worker: true })).close();
    console.log(`writer thread start    ${(performance.now() - t).toFixed(0)} ms (once per process)`);
  }
  for (const worker of [false, true]) {
    const path = join(dir, `store-${worker}.duckdb`);
    const t = performance.now();
    const c = cpuMs();
    const s = await openStore({ kind: 'duckdb', path, flushIntervalMs: 0, worker });
    const t1 = performance.now();
    for (let i = 0; i < N; i++) {
      const { ex, f } = row(i);
      s.appendExchange(ex, f);
    }
    const caller = performance.now() - t1;
    await s.close();
    report(worker ? 'store, writer thread' : 'store, caller thread', performance.now() - t, cpuMs() - c, path, `caller ${((caller * 1000) / N).toFixed(2)} µs/row`);
  }

  // 1b. Paced like a scan: the caller's thread does ~20 µs of other work per row
  // (a scan's thread is busy with state, detectors and linkage), so the writer
  // thread's worth shows as wall time saved, not as the caller waiting on it.
  {
    const M = Math.min(N, 200_000);
    const spin = (us: number) => {
      const end = performance.now() + us / 1000;
      while (performance.now() < end);
    };
    const walls: number[] = [];
    for (const worker of [false, true]) {
      const path = join(dir, `paced-${worker}.duckdb`);
      const s = await openStore({ kind: 'duckdb', path, flushIntervalMs: 0, worker });
      const t = performance.now();
      for (let i = 0; i < M; i++) {
        const { ex, f } = row(i);
        s.appendExchange(ex, f);
        spin(20);
      }
      await s.close();
      const ms = performance.now() - t;
      walls.push(ms);
      console.log(`${(worker ? 'paced, writer thread' : 'paced, caller thread').padEnd(22)} ${((ms * 1000) / M).toFixed(2).padStart(6)} µs/row wall (20 µs of it the caller's other work)`);
    }
    console.log(`paced: the writer thread takes ${(((walls[0] - walls[1]) * 1000) / M).toFixed(2)} µs/row off the caller's thread`);
  }

  // 2. The same with one batch, to split hot path from write.
  {
    const path = join(dir, 'split.duckdb');
    const s = await openStore({ kind: 'duckdb', path, batchSize: N + 1, flushIntervalMs: 0, worker: false });
    const t0 = performance.now();
    const c0 = cpuMs();
    for (let i = 0; i < N; i++) {
      const { ex, f } = row(i);
      s.appendExchange(ex, f);
    }
    const t1 = performance.now();
    const c1 = cpuMs();
    await s.flush();
    const t2 = performance.now();
    const c2 = cpuMs();
    await s.close();
    const t3 = performance.now();
    console.log(
      `store split            hot path ${(((t1 - t0) * 1000) / N).toFixed(2)} µs/row wall ${(((c1 - c0) * 1000) / N).toFixed(2)} cpu; ` +
        `write ${(((t2 - t1) * 1000) / N).toFixed(2)} µs/row wall ${(((c2 - c1) * 1000) / N).toFixed(2)} cpu; checkpoint ${((t3 - t2) / 1000).toFixed(2)} s`,
    );
  }

  // A bare database with the store's schema, for the baselines.
  async function bare(name: string) {
    const path = join(dir, name);
    const inst = await DuckDBInstance.create(path);
    const con = await inst.connect();
    for (const m of MIGRATIONS) await con.run(m.sql);
    return { path, inst, con };
  }

  // 3. DuckDB generating the rows itself.
  {
    const { path, inst, con } = await bare('baseline.duckdb');
    const t = performance.now();
    const c = cpuMs();
    await con.run(`
      INSERT INTO exchanges
      SELECT 'req_' || i, TIMESTAMPTZ '2026-11-02 00:00:00+00' + to_milliseconds(i * 20), 'acct_' || (hash(i) % 100000),
             CASE WHEN i % 3 <> 0 THEN 'org_' || (i % 500) END, 'key_' || (hash(i + 1) % 200000),
             '10.' || (i % 256) || '.' || ((i >> 8) % 256) || '.' || (hash(i + 2) % 256),
             ['python-httpx/0.27.0', 'OpenAI/Python 1.51.0', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36'][1 + i % 3],
             'frontier-large-2026-10', CASE WHEN i % 2 = 1 THEN 'messages' ELSE 'chat.completions' END, CASE WHEN i % 7 <> 0 THEN 'en' ELSE 'zh' END,
             CASE WHEN i % 20 <> 0 THEN 200 ELSE 429 END, 200 + random() * 5000,
             (random() * 2000)::INT, (random() * 4000)::INT, 4096, (random() * 4000)::INT, 1, 0, 0, 0, i % 64,
             hash(i + 3) % 4294967296, hash(i + 4) % 4294967296, hash(i + 5) % 4294967296, hash(i + 6) % 4294967296, hash(i + 7) % 4294967296,
             random(), random() * 0.1, random() * 0.2, 0, random() * 0.1, random(), 0,
             random() < 0.1, i % 4 <> 0, '\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\x09\\x0A\\x0B\\x0C\\x0D\\x0E\\x0F\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1A\\x1B\\x1C\\x1D\\x1E\\x1F'::BLOB, NULL, NULL, 0
        FROM range(${N}) t(i)`);
    await con.run('CHECKPOINT');
    const ms = performance.now() - t;
    con.closeSync();
    inst.closeSync();
    report('baseline SQL range()', ms, cpuMs() - c, path);
  }

  // 4. CSV written by JS, then COPY (the alternative to the appender).
  {
    const { path, inst, con } = await bare('csv.duckdb');
    const csv = join(dir, 'batch.csv');
    const B = 65_536;
    const q = (s: string | undefined) => (s === undefined ? '' : `"${s.replaceAll('"', '""')}"`);
    const t = performance.now();
    const c = cpuMs();
    let js = 0;
    for (let off = 0; off < N; off += B) {
      const tj = performance.now();
      const parts: string[] = [];
      for (let i = off; i < Math.min(N, off + B); i++) {
        const { ex, f } = row(i);
        const it = f.intent;
        parts.push(
          `${q(ex.id)},${ex.tsMs},${q(ex.account_id)},${q(ex.org_id)},${q(ex.api_key_id)},${q(ex.ip)},${q(ex.user_agent)},${q(ex.model)},${q(ex.endpoint)},${q(f.lang)},` +
            `${ex.status ?? ''},${ex.latency_ms ?? ''},${f.inputTokens},${f.outputTokens},${f.maxTokens},${f.promptChars},${f.userTurns},${f.toolTurns},${f.toolsOffered},${f.toolCalls},${f.topic},` +
            `${f.systemHash},${f.promptHash},${f.simHi},${f.simLo},${f.skeletonHash},${it.cot},${it.reconstruct},${it.judge},${it.safetyRewrite},${it.agentic},${it.benchmark},${it.internals},` +
            `${f.hitCap},${f.userTurns <= 1},${Buffer.from(f.templateBands.buffer, f.templateBands.byteOffset, f.templateBands.byteLength).toString('hex')}\n`,
        );
      }
      writeFileSync(csv, parts.join(''));
      js += performance.now() - tj;
      await con.run(`
        INSERT INTO exchanges
        SELECT c0, make_timestamptz(c1 * 1000), * EXCLUDE (c0, c1, c35), unhex(c35), NULL, NULL, NULL
          FROM read_csv('${csv}', header = false, auto_detect = false, quote = '"', escape = '"',
            columns = {'c0': 'VARCHAR', 'c1': 'BIGINT', 'c2': 'VARCHAR', 'c3': 'VARCHAR', 'c4': 'VARCHAR', 'c5': 'VARCHAR', 'c6': 'VARCHAR', 'c7': 'VARCHAR', 'c8': 'VARCHAR', 'c9': 'VARCHAR',
                       'c10': 'INTEGER', 'c11': 'DOUBLE', 'c12': 'INTEGER', 'c13': 'INTEGER', 'c14': 'INTEGER', 'c15': 'INTEGER', 'c16': 'INTEGER', 'c17': 'INTEGER', 'c18': 'INTEGER', 'c19': 'INTEGER', 'c20': 'INTEGER',
                       'c21': 'UINTEGER', 'c22': 'UINTEGER', 'c23': 'UINTEGER', 'c24': 'UINTEGER', 'c25': 'UINTEGER',
                       'c26': 'FLOAT', 'c27': 'FLOAT', 'c28': 'FLOAT', 'c29': 'FLOAT', 'c30': 'FLOAT', 'c31': 'FLOAT', 'c32': 'FLOAT',
                       'c33': 'BOOLEAN', 'c34': 'BOOLEAN', 'c35': 'VARCHAR'})`);
    }
    await con.run('CHECKPOINT');
    const ms = performance.now() - t;
    con.closeSync();
    inst.closeSync();
    report('csv + COPY', ms, cpuMs() - c, path, `(JS building CSV ${((js * 1000) / N).toFixed(2)} µs/row)`);
  }
}

/** CPU ms the process `pid` has used (user + system), from /proc; 0 where /proc is absent. */
function procCpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 (utime, stime) in clock ticks, here counted from field 3
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/**
 * 5. The ClickHouse store, end to end: JSONEachRow lines built on the
 * caller's thread, one INSERT per batch (default 65 536 rows) sent while the
 * caller goes on. The loop yields to the event loop every 4 096 rows, as a
 * scan does between its input batches, so the inserts get to go out.
 */
async function clickhouseBench(): Promise<void> {
  const given = arg('clickhouse', '');
  const local = given ? null : await startLocalClickHouse();
  const serverPid = local ? local.pid : null;
  const url = given || local!.location('bench');
  const database = url.replace(/[?#].*$/, '').split('/').pop() || 'distillguard';
  try {
    for (const paced of [false, true]) {
      const M = paced ? Math.min(N, 200_000) : N;
      const dbUrl = url.replace(/\/[^/]*$/, `/${database}_${paced ? 'paced' : 'e2e'}`);
      const s = await openStore({ kind: 'clickhouse', url: dbUrl, flushIntervalMs: 0 });
      const t = performance.now();
      const c = cpuMs();
      const sc = procCpuMs(serverPid);
      let caller = 0;
      for (let i = 0; i < M; i++) {
        const { ex, f } = row(i);
        const t1 = performance.now();
        s.appendExchange(ex, f);
        caller += performance.now() - t1;
        if (paced) {
          const end = performance.now() + 0.02;
          while (performance.now() < end);
        }
        if ((i & 4095) === 4095) await new Promise((r) => setImmediate(r));
      }
      await s.flush();
      const n = await s.exchangeCount();
      await s.close();
      const ms = performance.now() - t;
      const server = procCpuMs(serverPid) - sc;
      if (n !== M) throw new Error(`ClickHouse holds ${n} rows, expected ${M}`);
      const extra = `caller ${((caller * 1000) / M).toFixed(2)} µs/row` + (serverPid !== null ? `  server cpu ${((server * 1000) / M).toFixed(2)} µs/row` : '');
      if (paced) {
        console.log(`${'paced, clickhouse'.padEnd(22)} ${((ms * 1000) / M).toFixed(2).padStart(6)} µs/row wall (20 µs of it the caller's other work)  ${extra}`);
      } else {
        report('store, clickhouse', ms, cpuMs() - c, null, extra);
      }
    }
    if (local) {
      const r = await fetch(`http://127.0.0.1:${local.httpPort}/?query=${encodeURIComponent(`SELECT sum(bytes_on_disk) FROM system.parts WHERE database = '${database}_e2e' AND table = 'exchanges' AND active`)}`);
      console.log(`clickhouse on disk     ${(Number(await r.text()) / 1048576).toFixed(1)} MiB for ${N.toLocaleString('en-US')} rows`);
    }
  } finally {
    await local?.stop();
  }
}

rmSync(dir, { recursive: true, force: true });
