/**
 * bench/detectors: what each per-account detector costs, on the same
 * exchanges in one process: its `observe` on every exchange, and its
 * `evaluate` at the engine's cadence (every exchange of an account's first
 * 32, then every 4th to 512, then every 16th), in ns per exchange. Features
 * and account state are computed once beforehand and not counted; every
 * detector reads the account states as they stand at the end of the log
 * (what `evaluate` costs on a grown account, the usual case).
 *
 *   node --import tsx bench/detectors.ts WORLD_DIR_OR_JSONL [maxLines]
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseExchangeLine } from '../src/contract/parse.js';
import type { Exchange } from '../src/contract/types.js';
import { extractFeatures } from '../src/features/index.js';
import type { ExchangeFeatures } from '../src/features/types.js';
import { DETECTORS } from '../src/detectors/registry.js';
import { AccountState } from '../src/state/account.js';

const arg = process.argv[2];
if (!arg) {
  console.error('usage: bench/detectors.ts WORLD_DIR_OR_JSONL [maxLines]');
  process.exit(2);
}
const path = statSync(arg).isDirectory() ? join(arg, 'logs.jsonl.gz') : arg;
const raw = readFileSync(path);
const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
const lines = text.split('\n').filter(Boolean).slice(0, Number(process.argv[3] ?? Infinity));
const items: { ex: Exchange; f: ExchangeFeatures }[] = [];
for (const l of lines) {
  const r = parseExchangeLine(l);
  if (r.ok) items.push({ ex: r.value, f: extractFeatures(r.value) });
}
// the account states as the engine holds them when a detector sees each exchange
const states = new Map<string, AccountState>();
const order: AccountState[] = [];
for (const { ex, f } of items) {
  let s = states.get(ex.account_id);
  if (!s) states.set(ex.account_id, (s = new AccountState(ex.account_id)));
  s.update(ex, f);
  order.push(s);
}
console.log(`bench/detectors: ${items.length.toLocaleString()} exchanges, ${states.size.toLocaleString()} accounts`);
const due = (n: number) => n <= 32 || (n <= 512 ? (n & 3) === 0 : (n & 15) === 0);
for (let round = 0; round < 2; round++) {
  const rows: string[] = [];
  for (const spec of DETECTORS) {
    const d = spec.create(spec.config.parse({}));
    const seen = new Map<AccountState, number>();
    let fired = 0;
    const t = process.hrtime.bigint();
    for (let i = 0; i < items.length; i++) {
      const s = order[i];
      d.observe?.(s, items[i].ex, items[i].f);
      const n = (seen.get(s) ?? 0) + 1;
      seen.set(s, n);
      if (due(n)) fired += d.evaluate(s).length;
    }
    const ns = Number(process.hrtime.bigint() - t) / items.length;
    rows.push(`  ${spec.id.padEnd(30)} ${ns.toFixed(0).padStart(6)} ns/exchange  (${fired.toLocaleString()} signals)`);
  }
  // the first round warms the JIT; the second is the one to read
  if (round === 1) console.log(rows.join('\n'));
}
