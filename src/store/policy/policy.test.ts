import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../../contract/types.js';
import type { ExchangeFeatures } from '../../features/types.js';
import { INTENT_NAMES } from '../../features/types.js';
import { extractFeatures } from '../../features/index.js';
import type { Store } from '../store.js';
import { StorePolicy, sampled } from './policy.js';
import { RecentRows } from './ring.js';

/** The store's side of the policy: only appendExchange is called while streaming. */
function recordingStore(): { store: Store; rows: { ex: Exchange; f: ExchangeFeatures }[] } {
  const rows: { ex: Exchange; f: ExchangeFeatures }[] = [];
  const store = { appendExchange: (ex: Exchange, f: ExchangeFeatures) => void rows.push({ ex, f }) } as unknown as Store;
  return { store, rows };
}

const PROMPTS = ['Explain step by step how a heat pump works, then give the final answer.', 'hi', 'Translate "good morning" into French.', 'Write a Python function that reverses a list, and show your reasoning first.'];

function exchange(account: number, k: number): Exchange {
  const tsMs = Date.UTC(2026, 3, 1) + account * 1000 + k * 60_000;
  return {
    id: `ex-${account}-${k}`,
    ts: new Date(tsMs).toISOString(),
    tsMs,
    account_id: `acct_${account}`,
    org_id: account % 3 === 0 ? `org_${account % 7}` : undefined,
    api_key_id: `key_${account}`,
    ip: `10.${account % 250}.${k % 250}.7`,
    user_agent: k % 2 ? 'python-requests/2.31 — ünïcode' : undefined,
    model: 'model-a',
    endpoint: '/v1/chat/completions',
    request: { messages: [{ role: 'user', content: PROMPTS[(account + k) % PROMPTS.length] }], max_tokens: 500 },
    response: { text: 'Sure.', finish_reason: k % 5 === 0 ? 'length' : 'stop' },
    usage: { input_tokens: 20 + k, output_tokens: 100 + account },
    status: k % 9 === 0 ? 429 : 200,
    latency_ms: k % 4 === 0 ? undefined : 10.5 * k,
  } as Exchange;
}

/** Every field the store writes of a row, as it writes it. */
function stored(ex: Exchange, f: ExchangeFeatures): unknown[] {
  return [
    ex.id, ex.tsMs, ex.account_id, ex.org_id ?? null, ex.api_key_id ?? null, ex.ip ?? null, ex.user_agent ?? null, ex.model ?? null, ex.endpoint ?? null, f.lang,
    typeof ex.status === 'number' ? ex.status : null, typeof ex.latency_ms === 'number' ? ex.latency_ms : null,
    f.inputTokens, f.outputTokens, f.maxTokens, f.promptChars, f.userTurns, f.toolTurns, f.toolsOffered, f.toolCalls, f.topic,
    f.systemHash, f.promptHash, f.simHi, f.simLo, f.skeletonHash,
    ...INTENT_NAMES.map((k) => Math.fround(f.intent[k])), f.hitCap, [...f.templateBands],
  ];
}

/**
 * A population streamed through the policy: `accounts` accounts, `per` exchanges
 * each, interleaved; the accounts in `flagAt` are flagged from their exchange of
 * that index on (as the engine flags at a sweep or an exchange).
 */
function stream(opts: { accounts: number; per: number; flagAt: Map<number, number>; recentBytes?: number; sampleOneIn?: number; exchanges?: 'all' | 'flagged' }) {
  const { store, rows } = recordingStore();
  const seen = new Map<string, number>();
  const flaggedNow = new Set<string>();
  const p = new StorePolicy(store, (id) => flaggedNow.has(id), { recentBytes: opts.recentBytes, sampleOneIn: opts.sampleOneIn, exchanges: opts.exchanges });
  const sent: { ex: Exchange; f: ExchangeFeatures }[] = [];
  const feats = new Map<string, ExchangeFeatures>();
  for (let k = 0; k < opts.per; k++) {
    for (let a = 0; a < opts.accounts; a++) {
      if (opts.flagAt.get(a) === k) flaggedNow.add(`acct_${a}`);
      const ex = exchange(a, k);
      const key = ex.request!.messages![0].content as string;
      let f = feats.get(key + k % 5);
      if (!f) feats.set(key + k % 5, (f = extractFeatures(ex)));
      seen.set(ex.account_id, k + 1);
      sent.push({ ex, f });
      p.append(ex, f);
    }
  }
  p.finish();
  return { rows, sent, p };
}

describe('store policy', () => {
  it('writes every exchange of a flagged account from its flag on, and the most recent ones from before it that its ring held', () => {
    const flagAt = new Map<number, number>();
    for (let a = 0; a < 400; a += 10) flagAt.set(a, (a / 10) % 12);
    const { rows, sent } = stream({ accounts: 400, per: 12, flagAt, sampleOneIn: 0 });
    const byAccount = new Map<string, string[]>();
    for (const r of rows) byAccount.set(r.ex.account_id, [...(byAccount.get(r.ex.account_id) ?? []), r.ex.id]);
    let heldBefore = 0;
    for (let a = 0; a < 400; a++) {
      const ids = byAccount.get(`acct_${a}`) ?? [];
      const at = flagAt.get(a);
      if (at === undefined) {
        assert.deepEqual(ids, [], `acct_${a} was never flagged and is not sampled`);
        continue;
      }
      const after = Array.from({ length: 12 - at }, (_, k) => `ex-${a}-${at + k}`);
      const before = ids.filter((id) => !after.includes(id));
      for (const id of after) assert.ok(ids.includes(id), `${id} (after the flag) is written`);
      // what came before is a run of the latest exchanges just before the flag
      const want = Array.from({ length: before.length }, (_, k) => `ex-${a}-${at - before.length + k}`);
      assert.deepEqual(before, want, `acct_${a}'s held rows are its latest before the flag, oldest first`);
      if (at > 0) assert.ok(before.length >= Math.min(at, 3), `acct_${a} keeps at least 3 rows of history in 1 KiB (kept ${before.length} of ${at})`);
      heldBefore += before.length;
    }
    assert.ok(heldBefore > 0);
    assert.equal(rows.length, [...byAccount.values()].reduce((n, v) => n + v.length, 0));
    assert.ok(rows.length < sent.length / 5);
  });

  it('gives back a held row exactly as the store would have written it', () => {
    const flagAt = new Map([[1, 4], [2, 9], [3, 1]]);
    const { rows, sent } = stream({ accounts: 5, per: 10, flagAt, sampleOneIn: 0, recentBytes: 4096 });
    const orig = new Map(sent.map((s) => [s.ex.id, stored(s.ex, s.f)]));
    let released = 0;
    for (const r of rows) {
      assert.deepEqual(stored(r.ex, r.f), orig.get(r.ex.id), r.ex.id);
      const k = Number(r.ex.id.split('-')[2]);
      if (k < flagAt.get(Number(r.ex.account_id.slice(5)))!) released++;
    }
    // 4 KiB holds every row from before these flags
    assert.equal(released, 4 + 9 + 1);
    assert.equal(rows.length, 10 - 4 + 4 + 10 - 9 + 9 + 10 - 1 + 1);
  });

  it('writes the whole traffic of about one account in 32 among those never flagged, the same accounts each time', () => {
    const { rows } = stream({ accounts: 6400, per: 3, flagAt: new Map() });
    const written = new Set(rows.map((r) => r.ex.account_id));
    const n = 6400;
    // binomial(6400, 1/32): mean 200, sd ~14
    assert.ok(written.size > 200 - 50 && written.size < 200 + 50, `sampled ${written.size} of ${n}`);
    assert.equal(rows.length, written.size * 3, 'every exchange of a sampled account');
    for (const id of written) assert.ok(sampled(id, 32));
    const again = stream({ accounts: 6400, per: 3, flagAt: new Map() });
    assert.deepEqual(new Set(again.rows.map((r) => r.ex.account_id)), written);
    assert.equal(stream({ accounts: 6400, per: 1, flagAt: new Map(), sampleOneIn: 0 }).rows.length, 0);
  });

  it("'all' writes every exchange in the order given", () => {
    const { rows, sent } = stream({ accounts: 50, per: 4, flagAt: new Map(), exchanges: 'all' });
    assert.deepEqual(rows.map((r) => r.ex.id), sent.map((s) => s.ex.id));
  });

  it('holds a bounded number of bytes per account, whatever the exchanges per account', () => {
    const few = stream({ accounts: 2000, per: 2, flagAt: new Map(), sampleOneIn: 0 });
    const many = stream({ accounts: 2000, per: 20, flagAt: new Map(), sampleOneIn: 0 });
    assert.equal(many.p.heldBytes, few.p.heldBytes);
    assert.ok(few.p.heldBytes <= 2000 * 1024 + (1 << 20), `${few.p.heldBytes} bytes for 2,000 accounts`);
    assert.equal(many.p.stats.written, 0);
    assert.equal(many.p.stats.dropped, 2000 * 20);
  });

  it('does not hold a row longer than a ring, and says so', () => {
    const r = new RecentRows(256);
    const ring = r.open();
    const ex = { ...exchange(1, 1), user_agent: 'x'.repeat(300) };
    r.push(ring, ex, extractFeatures(ex));
    assert.equal(r.held(ring), 0);
    assert.equal(r.tooLong, 1);
    assert.throws(() => new RecentRows(100), /256\.\.65536/);
  });
});
