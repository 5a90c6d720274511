/**
 * What the store's exchange policy (src/store/policy/policy.ts) costs the
 * scan per exchange, against writing every exchange, in one process on the
 * built code: real rows of a log (parsed and featurised before any timing),
 * streamed into a DuckDB file on its writer thread as the scan does, the
 * store closed at the end. CPU is the whole process's (user + system, all
 * threads: the writer thread and DuckDB's own included), per exchange.
 *
 *   npm run build && node --import tsx bench/store-policy.ts LOG [--rows 200000] [--rounds 3] [--flagged 0.02]
 *
 * `--flagged F`: that share of accounts (by hash) is flagged halfway through,
 * so their rings are released then and their later rows written.
 */
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exchange } from '../src/contract/types.js';
import type { ExchangeFeatures } from '../src/features/types.js';

const args = process.argv.slice(2);
const arg = (k: string, d: number) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const file = args.find((a) => !a.startsWith('--') && !/^[\d.]+$/.test(a));
if (!file) {
  console.error('usage: node --import tsx bench/store-policy.ts LOG [--rows N] [--rounds K] [--flagged F]');
  process.exit(2);
}
const N = arg('rows', 200_000);
const rounds = arg('rounds', 3);
const flaggedShare = arg('flagged', 0.02);
// the built code: tsx's on-the-fly transform changes the relative speed of hot loops (docs/benchmarks.md)
const dist = join(import.meta.dirname, '..', 'dist');
const { parseExchangeLine } = (await import(join(dist, 'contract', 'parse.js'))) as typeof import('../src/contract/parse.js');
const { extractFeatures } = (await import(join(dist, 'features', 'index.js'))) as typeof import('../src/features/index.js');
const { openStore } = (await import(join(dist, 'store', 'store.js'))) as typeof import('../src/store/store.js');
const { StorePolicy, accountHash } = (await import(join(dist, 'store', 'policy', 'policy.js'))) as typeof import('../src/store/policy/policy.js');

const rows: { ex: Exchange; f: ExchangeFeatures }[] = [];
const text = readFileSync(file, 'utf8');
let at = 0;
while (rows.length < N && at < text.length) {
  let nl = text.indexOf('\n', at);
  if (nl < 0) nl = text.length;
  const r = parseExchangeLine(text.slice(at, nl));
  at = nl + 1;
  if (!r.ok) continue;
  const f = extractFeatures(r.value);
  // the scan's worker drops the texts before the engine sees an exchange (and
  // `delete` would leave slow dictionary-mode objects the scan never sees)
  const { request: _q, response: _r, ...ex } = r.value;
  rows.push({ ex: ex as Exchange, f });
}
console.log(`bench/store-policy: ${rows.length.toLocaleString()} exchanges of ${file}, ${new Set(rows.map((r) => r.ex.account_id)).size.toLocaleString()} accounts, ${flaggedShare * 100}% of them flagged halfway`);

const dir = mkdtempSync(join(tmpdir(), 'dg-bench-policy-'));
const flaggedHalfway = (id: string) => accountHash(id) % 1000 < flaggedShare * 1000;

async function run(exchanges: 'all' | 'flagged' | 'none', k: number): Promise<{ cpuUs: number; written: number }> {
  // 'none': the policy in front of a store that drops every row, for the policy's own cost
  const store = exchanges === 'none'
    ? ({ appendExchange() {}, close: async () => {} } as unknown as Awaited<ReturnType<typeof openStore>>)
    : await openStore({ kind: 'duckdb', path: join(dir, `${exchanges}-${k}.duckdb`), worker: true, threads: 1 });
  let half = false;
  const p = new StorePolicy(store, (id) => half && flaggedHalfway(id), { exchanges: exchanges === 'all' ? 'all' : 'flagged' });
  const c0 = process.cpuUsage();
  for (let i = 0; i < rows.length; i++) {
    if (i === rows.length >> 1) half = true;
    p.append(rows[i].ex, rows[i].f);
  }
  p.finish();
  await store.close();
  const c = process.cpuUsage(c0);
  return { cpuUs: c.user + c.system, written: p.stats.written };
}

const res: Record<string, number[]> = { all: [], flagged: [], none: [] };
const written = { all: 0, flagged: 0, none: 0 };
for (let k = 0; k < rounds; k++) {
  for (const e of ['all', 'flagged', 'none'] as const) {
    const r = await run(e, k);
    res[e].push(r.cpuUs / rows.length);
    written[e] = r.written;
  }
}
rmSync(dir, { recursive: true, force: true });
const fmt = (a: number[]) => a.map((x) => x.toFixed(2)).join(' / ');
console.log(`| policy | rows written | µs of CPU an exchange (${rounds} rounds) |`);
console.log('|---|---:|---:|');
console.log(`| all | ${written.all.toLocaleString()} | ${fmt(res.all)} |`);
console.log(`| flagged (default) | ${written.flagged.toLocaleString()} | ${fmt(res.flagged)} |`);
console.log(`| the policy alone (rows dropped, no store) | ${written.none.toLocaleString()} | ${fmt(res.none)} |`);
