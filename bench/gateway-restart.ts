/**
 * How long a gateway restart takes with `--state`, before and after the
 * engine's snapshot, for journals of `--sizes` exchanges (default 100,000 and
 * 1,000,000; 20 exchanges per account).
 *
 * For each size: the journal is written as a gateway's engine worker writes
 * it, without a snapshot (a state directory from before snapshots, or one
 * whose snapshot never compacted anything). The first start replays all of
 * it (the cost of a restart before snapshots); its shutdown writes a snapshot
 * and compacts the journal to the tail (`--snapshot-every`, default 100,000);
 * the second start reads the snapshot and replays the tail.
 * Figures only: nothing asserts.
 * Run: npm run bench:gateway-restart -- --sizes 100000,1000000
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LogWriter, logFiles } from '../src/gateway/logwriter.js';
import { startGateway } from '../src/gateway/server.js';
import { SNAPSHOT_FILE } from '../src/gateway/snapshot.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    'snapshot-every': { type: 'string', default: '100000' },
    'per-account': { type: 'string', default: '20' },
  },
});
const every = Number(args['snapshot-every']);
const per = Number(args['per-account']);
const topics = ['sort a list in Python', 'the causes of the first world war', 'a haiku about autumn', 'explain TCP slow start', 'a recipe for lentil soup', 'prove that sqrt 2 is irrational'];

function journalOf(state: string, n: number): void {
  const accounts = Math.max(1, Math.round(n / per));
  const w = new LogWriter(join(state, 'journal'), { maxBytes: Infinity });
  const t0 = Date.parse('2026-11-02T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const a = i % accounts;
    const k = Math.floor(i / accounts);
    w.writeLine(JSON.stringify({
      id: `r${i}`, ts: new Date(t0 + i * 50).toISOString(), account_id: `acct_${a}`, ip: `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}`, user_agent: 'openai-python/1.0', model: 'm', endpoint: 'chat.completions',
      request: { messages: [{ role: 'user', content: `Please write ${topics[(a + k) % topics.length]} (${a % 97}, ${k})` }], max_tokens: 512 },
      response: { text: 'Here is an answer of ordinary length, with a few sentences in it.', stop_reason: 'stop', tool_calls: 0 }, usage: { input_tokens: 20, output_tokens: 120 }, status: 200,
    }) + '\n');
  }
  void w.close();
}

const journalLines = (state: string) => logFiles(join(state, 'journal')).length;
const s1 = (ms: number) => (ms / 1000).toFixed(1);

for (const n of args.sizes.split(',').map(Number)) {
  const state = mkdtempSync(join(tmpdir(), 'dg-restart-'));
  try {
    journalOf(state, n);
    const opts = { upstream: 'http://127.0.0.1:9', listen: '127.0.0.1:0', state, snapshotEvery: every, defaultMetrics: false };
    const before = await startGateway(opts);
    const accounts = before.online.counts.accounts;
    const closing = performance.now();
    await before.close();
    const closeMs = performance.now() - closing;
    const snapBytes = statSync(join(state, SNAPSHOT_FILE)).size;
    const after = await startGateway(opts);
    console.log(
      `${n} exchanges, ${accounts} accounts: start with the whole journal ${s1(before.restored.ms)} s, of which replay ${s1(before.restored.replayMs)} s (${s1(before.restored.replayMs * (100_000 / n))} s per 100k); ` +
        `shutdown with snapshot and compaction ${s1(closeMs)} s, snapshot ${(snapBytes / 2 ** 20).toFixed(1)} MiB, ${journalLines(state)} journal file(s) left; ` +
        `start from the snapshot ${s1(after.restored.ms)} s, of which reading it and replaying ${after.restored.exchanges} exchanges of tail ${s1(after.restored.replayMs)} s; ${after.online.counts.accounts} accounts`,
    );
    await after.close();
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}
