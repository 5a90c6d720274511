/**
 * The suite every store backend passes (STYLE habit 3). A backend's own test
 * file calls `storeCases('duckdb', harness)`; the harness opens a store by
 * name in scratch space, so the suite can close and reopen it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Campaign, Exchange, Verdict } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';
import { StoreError, type Store, type StoreOptions, type StoredExchange } from './store.js';
import { mulberry32 } from '../util/random.js';

export interface StoreHarness {
  /** Opens (or reopens) the store called `name` in this harness's scratch space. */
  open(name: string, opts?: StoreOptions): Promise<Store>;
  /** Removes the scratch space. */
  cleanup(): Promise<void>;
}

const T0 = Date.parse('2026-11-02T00:00:00Z');

/** Builds an exchange and its features; `i` varies every field, odd rows leave optional fields out. */
export function fixtureExchange(i: number, r: () => number, account = `acct_${i % 37}`, full = i % 2 === 0): { ex: Exchange; f: ExchangeFeatures } {
  const tsMs = T0 + i * 1013 + (i % 5);
  const u32 = () => Math.floor(r() * 4294967296) >>> 0;
  const userTurns = 1 + (i % 3);
  const f: ExchangeFeatures = {
    promptChars: Math.floor(r() * 5000),
    userTurns,
    toolTurns: i % 4,
    systemHash: i % 7 === 0 ? 0 : u32(),
    promptHash: i % 11 === 0 ? 0xffffffff : u32(),
    simHi: u32(),
    simLo: u32(),
    skeletonHash: u32(),
    templateBands: i % 3 === 0 && !full ? new Uint32Array(0) : Uint32Array.from({ length: 1 + (i % 8) }, u32),
    topic: i % 64,
    lang: ['en', 'zh', 'ru', 'und'][i % 4],
    intent: { cot: r(), reconstruct: r(), judge: r(), safetyRewrite: r(), agentic: r(), benchmark: r(), internals: i % 2 ? 0 : 1, datagen: i % 3 ? 0 : 0.75 },
    inputTokens: Math.floor(r() * 100000),
    outputTokens: Math.floor(r() * 100000),
    maxTokens: full ? 4096 : 0,
    hitCap: i % 5 === 0,
    toolsOffered: i % 6,
    toolCalls: i % 3,
  };
  const ex: Exchange = {
    id: `req_${i}`,
    ts: new Date(tsMs).toISOString(),
    tsMs,
    account_id: account,
    ...(full
      ? {
          org_id: `org_${i % 5}`,
          api_key_id: `key_${i % 13}`,
          ip: i % 4 === 0 ? `2001:db8::${i.toString(16)}` : `10.0.${i % 250}.${i % 7}`,
          user_agent: `python-httpx/0.${i % 30}`,
          model: 'frontier-large',
          endpoint: i % 4 === 0 ? 'chat.completions' : 'messages',
          status: i % 10 === 0 ? 429 : 200,
          latency_ms: 100 + i / 8,
        }
      : {}),
  };
  return { ex, f };
}

/** Asserts that a stored row equals what was appended (FLOAT columns hold float32). */
export function assertSameExchange(got: StoredExchange, ex: Exchange, f: ExchangeFeatures, text: { prompt: string; response: string } | null): void {
  const want = {
    id: ex.id,
    ts: new Date(ex.tsMs).toISOString(),
    account_id: ex.account_id,
    org_id: ex.org_id ?? null,
    api_key_id: ex.api_key_id ?? null,
    ip: ex.ip ?? null,
    user_agent: ex.user_agent ?? null,
    model: ex.model ?? null,
    endpoint: ex.endpoint ?? null,
    status: ex.status ?? null,
    latency_ms: ex.latency_ms ?? null,
    single_turn: f.userTurns <= 1,
    features: {
      ...f,
      templateBands: Array.from(f.templateBands),
      intent: Object.fromEntries(Object.entries(f.intent).map(([k, v]) => [k, Math.fround(v)])),
    },
    prompt_text: text?.prompt ?? null,
    response_text: text?.response ?? null,
  };
  assert.deepEqual({ ...got, features: { ...got.features, templateBands: Array.from(got.features.templateBands) } }, want, `exchange ${ex.id}`);
}

/** Up to `n` prompts from the shared corpora, or null when they are absent. */
function corpusPrompts(n: number): string[] | null {
  const root = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));
  const files = ['multilingual-chat', 'wildchat-hard-ru', 'code-benchmarks', 'sharegpt-sample'].map((d) => `${root}${d}/prompts.jsonl`).filter(existsSync);
  if (files.length === 0) return null;
  const out: string[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length && out.length < ((files.indexOf(file) + 1) * n) / files.length; i++) {
      if (!lines[i]) continue;
      const p = (JSON.parse(lines[i]) as { prompt?: unknown }).prompt;
      if (typeof p === 'string') out.push(p);
    }
  }
  return out;
}

/** Strings that break naive SQL, CSV, C-string or UTF-8 handling. */
export const HOSTILE = [
  `'; DROP TABLE exchanges; --`,
  `"quoted", 'single', \`back\`, \\backslash\\ \\0 \\n`,
  'nul\u0000inside\u0000',
  'emoji 😀👩‍👩‍👧‍👦🏳️‍🌈 and CJK 蒸馏 and Cyrillic дистилляция',
  'zero\u200bwidth\u200c\u200d\ufeffjoiners',
  'bidi \u202eesrever\u202c override',
  'line\nbreaks\r\nand\ttabs',
  ',comma,separated,"csv",\n"row"',
  ' ',
  'long '.repeat(60_000),
];

/** A response far larger than a line of any sane log, for the text columns. */
const HUGE = 'y'.repeat(1024 * 1024 + 3);

export function storeCases(backend: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`store (${backend})`, () => {
    let h: StoreHarness;
    before(async () => {
      h = await makeHarness();
    });
    after(async () => {
      await h.cleanup();
    });

    it('applies its migrations once and reopens cleanly with the data still there', async () => {
      const s1 = await h.open('reopen');
      const v1 = await s1.schemaVersion();
      assert.ok(v1 >= 1, 'a fresh store is migrated');
      const r = mulberry32(1);
      for (let i = 0; i < 10; i++) {
        const { ex, f } = fixtureExchange(i, r);
        s1.appendExchange(ex, f);
      }
      await s1.close();
      const s2 = await h.open('reopen');
      assert.equal(await s2.schemaVersion(), v1);
      assert.equal(await s2.exchangeCount(), 10);
      await s2.close();
      const s3 = await h.open('reopen');
      assert.equal(await s3.exchangeCount(), 10);
      await s3.close();
    });

    it('round-trips every field of thousands of exchanges across batch and chunk boundaries', async () => {
      const s = await h.open('roundtrip', { batchSize: 3000, flushIntervalMs: 0 });
      const r = mulberry32(7);
      // Rows 2048..4095 (the second vector) have no missing value, so a chunk
      // without nulls follows one with nulls.
      const rows = Array.from({ length: 7001 }, (_, i) => fixtureExchange(i, r, undefined, i % 2 === 0 || (i >= 2048 && i < 4096)));
      for (const { ex, f } of rows) s.appendExchange(ex, f);
      assert.equal(await s.exchangeCount(), 6000, 'two full batches were written without a flush');
      await s.flush();
      assert.equal(await s.exchangeCount(), 7001);
      const got = await s.exchanges({ limit: 10_000 });
      assert.equal(got.length, rows.length);
      // Sorted by ts then id, which is the fixture's order.
      got.forEach((g, i) => assertSameExchange(g, rows[i].ex, rows[i].f, null));
      const one = await s.exchanges({ accountId: 'acct_3', limit: 5 });
      assert.equal(one.length, 5);
      assert.ok(one.every((e) => e.account_id === 'acct_3'));
      await s.close();
    });

    it('clamps absurd counts and refuses an exchange without a time, then goes on', async () => {
      const s = await h.open('absurd');
      const r = mulberry32(3);
      const { ex, f } = fixtureExchange(0, r);
      s.appendExchange(ex, { ...f, inputTokens: 1e15, outputTokens: Number.NaN, topic: -5 });
      assert.throws(() => s.appendExchange({ ...ex, id: 'bad', tsMs: Number.NaN }, f), (e: unknown) => e instanceof StoreError && /bad/.test(e.message));
      s.appendExchange({ ...ex, id: 'after' }, f);
      await s.flush();
      const got = await s.exchanges();
      assert.deepEqual(got.map((g) => g.id).sort(), ['after', ex.id].sort());
      const first = got.find((g) => g.id === ex.id)!;
      assert.equal(first.features.inputTokens, 2147483647);
      assert.equal(first.features.outputTokens, 0);
      assert.equal(first.features.topic, -5);
      await s.close();
    });

    it('keeps no text when keepText is off, even when text is given', async () => {
      const s = await h.open('notext', { keepText: false });
      assert.equal(s.keepText, false);
      const r = mulberry32(5);
      for (let i = 0; i < 50; i++) {
        const { ex, f } = fixtureExchange(i, r);
        s.appendExchange(ex, f, { prompt: `secret prompt ${i}`, response: `secret answer ${i}` });
      }
      await s.flush();
      const got = await s.exchanges();
      assert.equal(got.length, 50);
      assert.ok(got.every((g) => g.prompt_text === null && g.response_text === null));
      await s.close();
    });

    it('keeps real prompt text from the corpora when keepText is on', async (t) => {
      const prompts = corpusPrompts(400);
      if (!prompts) {
        t.skip('../shared/corpora not found; skipping the corpus text round trip');
        return;
      }
      const s = await h.open('text', { keepText: true, batchSize: 128 });
      const r = mulberry32(11);
      const rows = prompts.map((p, i) => ({ ...fixtureExchange(i, r), text: { prompt: p, response: Array.from(p).reverse().join('') } }));
      for (const { ex, f, text } of rows) s.appendExchange(ex, f, text);
      await s.flush();
      const got = await s.exchanges({ limit: 10_000 });
      assert.equal(got.length, rows.length);
      got.forEach((g, i) => assertSameExchange(g, rows[i].ex, rows[i].f, rows[i].text));
      await s.close();
    });

    it('round-trips hostile strings in every text column and record', async () => {
      const s = await h.open('hostile', { keepText: true });
      const r = mulberry32(13);
      const rows: { ex: Exchange; f: ExchangeFeatures; text: { prompt: string; response: string } }[] = HOSTILE.map((str, i) => {
        const { ex, f } = fixtureExchange(i * 2, r, `acct ${str.slice(0, 64)}`);
        return { ex: { ...ex, id: `${i}:${str.slice(0, 200)}`, user_agent: str, ip: str.slice(0, 40), org_id: str }, f: { ...f, lang: str.slice(0, 10) }, text: { prompt: str, response: str + str.slice(0, 100) } };
      });
      const { ex: hex, f: hf } = fixtureExchange(1, r);
      rows.push({ ex: { ...hex, id: 'huge' }, f: hf, text: { prompt: HUGE, response: HUGE + HOSTILE[2] } });
      for (const { ex, f, text } of rows) s.appendExchange(ex, f, text);
      await s.flush();
      const got = await s.exchanges({ limit: 100 });
      const byId = new Map(got.map((g) => [g.id, g]));
      for (const row of rows) {
        const g = byId.get(row.ex.id);
        assert.ok(g, `row ${JSON.stringify(row.ex.id.slice(0, 30))} came back`);
        assertSameExchange(g, row.ex, row.f, row.text);
      }
      const verdicts: Verdict[] = HOSTILE.map((str, i) => ({
        account_id: `v${i}${str}`,
        verdict: 'review',
        score: 0.5,
        flagged_at: null,
        campaign_id: str,
        reasons: [{ signal: str.slice(0, 100), weight: 1, detail: str }],
      }));
      await s.writeVerdicts(verdicts);
      for (const v of verdicts) assert.deepEqual(await s.verdict(v.account_id), v);
      const campaign: Campaign = { campaign_id: HOSTILE[0], accounts: HOSTILE, exchanges: 3, first_seen: '2026-11-02T00:00:00.000Z', last_seen: '2026-11-02T01:00:00.000Z', score: 0.9, signals: HOSTILE, summary: HOSTILE.join('|') };
      await s.writeCampaigns([campaign]);
      assert.deepEqual(await s.campaign(HOSTILE[0]), campaign);
      await s.writeEvidence(HOSTILE.map((str) => ({ account_id: str, ts: '2026-11-02T00:00:00.000Z', exchange_id: str, excerpt: str, signals: [str] })));
      for (const str of HOSTILE) assert.deepEqual(await s.evidence(str), [{ account_id: str, ts: '2026-11-02T00:00:00.000Z', exchange_id: str, excerpt: str, signals: [str] }]);
      await s.writeQuarantine(HOSTILE.map((str, i) => ({ file: str, line: i + 1, reason: str, raw: str })));
      assert.deepEqual(await s.quarantine(), HOSTILE.map((str, i) => ({ file: str, line: i + 1, reason: str, raw: str })));
      await s.close();
    });

    it('replaces lone UTF-16 surrogates with U+FFFD instead of failing', async () => {
      const s = await h.open('surrogate', { keepText: true });
      const { ex, f } = fixtureExchange(0, mulberry32(17));
      s.appendExchange({ ...ex, user_agent: 'a\ud800b' }, f, { prompt: '\udc00x', response: 'ok' });
      await s.flush();
      const [g] = await s.exchanges();
      assert.equal(g.user_agent, 'a\ufffdb');
      assert.equal(g.prompt_text, '\ufffdx');
      await s.close();
    });

    it('keeps verdict reasons and campaign lists intact and lets the last write win', async () => {
      const s = await h.open('verdicts');
      const reasons = [
        { signal: 'content.cot', weight: 0.61, detail: 'asks for step-by-step reasoning in 93% of 1 204 prompts' },
        { signal: 'linkage.payment', weight: 0.25, detail: 'shares payment instrument pm_9f… with 23 flagged accounts' },
      ];
      const a: Verdict = { account_id: 'a', verdict: 'block', score: 0.97, flagged_at: '2026-11-02T16:03:22.123+02:00', campaign_id: 'c1', reasons };
      const b: Verdict = { account_id: 'b', verdict: 'allow', score: 0.01, flagged_at: null, campaign_id: null, reasons: [] };
      await s.writeVerdicts([a, b, { ...b, score: 0.02 }]);
      assert.deepEqual(await s.verdict('a'), { ...a, flagged_at: '2026-11-02T14:03:22.123Z' });
      assert.deepEqual(await s.verdict('b'), { ...b, score: 0.02 }, 'the last verdict for an account in one call wins');
      assert.equal(await s.verdict('nobody'), null);
      await s.writeVerdicts([{ ...a, verdict: 'review', reasons: reasons.slice(1) }]);
      assert.deepEqual(await s.verdict('a'), { ...a, verdict: 'review', reasons: reasons.slice(1), flagged_at: '2026-11-02T14:03:22.123Z' });

      const c1: Campaign = { campaign_id: 'c1', accounts: ['z', 'a', 'm'], exchanges: 98_000, first_seen: '2026-04-24T00:00:00.000Z', last_seen: '2026-05-01T12:00:00.000Z', score: 0.93, signals: ['content.cot', 'linkage.payment'], summary: '3 accounts harvesting reasoning' };
      const c2: Campaign = { ...c1, campaign_id: 'c2', accounts: ['q'], score: 0.5, signals: [] };
      await s.writeCampaigns([c1, c2]);
      assert.deepEqual(await s.campaigns(), [c1, c2]);
      const c1b = { ...c1, accounts: ['a', 'b'], score: 0.4 };
      await s.writeCampaigns([c1b]);
      assert.deepEqual(await s.campaign('c1'), c1b, 'rewriting a campaign replaces its member list');
      assert.deepEqual(await s.campaigns(), [c2, c1b]);
      assert.equal(await s.campaign('nope'), null);
      await s.close();
    });

    it('refuses bad verdicts, campaigns and records with a message naming the culprit, writing none of the call', async () => {
      const s = await h.open('bad');
      const ok: Verdict = { account_id: 'fine', verdict: 'allow', score: 0, flagged_at: null, campaign_id: null, reasons: [] };
      await assert.rejects(s.writeVerdicts([ok, { ...ok, account_id: 'x1', verdict: 'maybe' as never }]), (e: unknown) => e instanceof StoreError && /x1/.test(e.message));
      await assert.rejects(s.writeVerdicts([{ ...ok, account_id: 'x2', flagged_at: 'yesterday' }]), (e: unknown) => e instanceof StoreError && /x2.*flagged_at/.test(e.message));
      await assert.rejects(s.writeVerdicts([{ ...ok, account_id: 'x3', score: Number.NaN }]), (e: unknown) => e instanceof StoreError && /x3.*score/.test(e.message));
      await assert.rejects(s.writeVerdicts([{ ...ok, account_id: 'x4', reasons: 'none' as never }]), /x4.*reasons/);
      await assert.rejects(s.writeVerdicts(null as never), StoreError);
      assert.equal(await s.verdict('fine'), null, 'nothing of a refused call is written');
      await assert.rejects(s.writeCampaigns([{ campaign_id: 'c', accounts: [1] as never, exchanges: 1, first_seen: '', last_seen: '', score: 1, signals: [], summary: '' }]), /campaign c: accounts/);
      await assert.rejects(s.writeEvidence([{ account_id: 'e', ts: 'soon', excerpt: '', signals: [] }]), /account e: ts/);
      await assert.rejects(s.writeQuarantine([{ file: 'f', line: 'one' as never, reason: '', raw: '' }]), /line/);
      await assert.rejects(s.recordScan({ scan_id: 's', started: 'x', finished: 'y', inputs: [], counts: {}, throughput: 1 }), /scan s: started/);
      await assert.rejects(s.accountTimeline('a', 'week' as never), /bucket/);
      await assert.rejects(s.topAccounts(-1), /topAccounts/);
      // Still usable afterwards.
      await s.writeVerdicts([ok]);
      assert.deepEqual(await s.verdict('fine'), ok);
      await s.close();
    });

    it('aggregates account and campaign timelines per UTC hour and day', async () => {
      const s = await h.open('timeline');
      const base = fixtureExchange(1, mulberry32(19)).f;
      const add = (id: string, account: string, ts: string, inT: number, outT: number, cap: boolean) =>
        s.appendExchange({ id, ts, tsMs: Date.parse(ts), account_id: account }, { ...base, inputTokens: inT, outputTokens: outT, hitCap: cap });
      add('1', 'A', '2026-11-02T10:05:00Z', 10, 100, false);
      add('2', 'A', '2026-11-02T12:59:59.999+02:00', 20, 200, true); // 10:59:59.999Z
      add('3', 'A', '2026-11-02T11:00:00Z', 30, 300, true);
      add('4', 'A', '2026-11-03T09:00:00Z', 40, 400, false);
      add('5', 'B', '2026-11-02T10:30:00Z', 1, 2, true);
      add('6', 'C', '2026-11-02T10:31:00Z', 5, 5, false); // not in the campaign
      await s.flush();
      assert.deepEqual(await s.accountTimeline('A', 'hour'), [
        { bucket: '2026-11-02T10:00:00.000Z', exchanges: 2, accounts: 1, input_tokens: 30, output_tokens: 300, hit_cap: 1 },
        { bucket: '2026-11-02T11:00:00.000Z', exchanges: 1, accounts: 1, input_tokens: 30, output_tokens: 300, hit_cap: 1 },
        { bucket: '2026-11-03T09:00:00.000Z', exchanges: 1, accounts: 1, input_tokens: 40, output_tokens: 400, hit_cap: 0 },
      ]);
      assert.deepEqual(await s.accountTimeline('A', 'day'), [
        { bucket: '2026-11-02T00:00:00.000Z', exchanges: 3, accounts: 1, input_tokens: 60, output_tokens: 600, hit_cap: 2 },
        { bucket: '2026-11-03T00:00:00.000Z', exchanges: 1, accounts: 1, input_tokens: 40, output_tokens: 400, hit_cap: 0 },
      ]);
      assert.deepEqual(await s.accountTimeline('nobody', 'day'), []);
      await s.writeCampaigns([{ campaign_id: 'cx', accounts: ['A', 'B'], exchanges: 5, first_seen: '2026-11-02T10:05:00Z', last_seen: '2026-11-03T09:00:00Z', score: 0.8, signals: [], summary: '' }]);
      assert.deepEqual(await s.campaignTimeline('cx', 'day'), [
        { bucket: '2026-11-02T00:00:00.000Z', exchanges: 4, accounts: 2, input_tokens: 61, output_tokens: 602, hit_cap: 3 },
        { bucket: '2026-11-03T00:00:00.000Z', exchanges: 1, accounts: 1, input_tokens: 40, output_tokens: 400, hit_cap: 0 },
      ]);
      assert.deepEqual((await s.campaignTimeline('cx')).map((p) => [p.bucket.slice(11, 13), p.exchanges, p.accounts]), [['10', 3, 2], ['11', 1, 1], ['09', 1, 1]]);
      await s.close();
    });

    it('lists top accounts by score with their activity', async () => {
      const s = await h.open('top');
      const r = mulberry32(23);
      for (let i = 0; i < 30; i++) {
        const { ex, f } = fixtureExchange(i, r, `acct_${i % 3}`);
        s.appendExchange(ex, f);
      }
      await s.flush();
      const v = (account_id: string, score: number): Verdict => ({ account_id, verdict: score > 0.5 ? 'block' : 'allow', score, flagged_at: score > 0.5 ? '2026-11-02T00:00:05Z' : null, campaign_id: null, reasons: [] });
      await s.writeVerdicts([v('acct_0', 0.2), v('acct_1', 0.9), v('acct_2', 0.9), v('ghost', 0.5)]);
      const top = await s.topAccounts(3);
      assert.deepEqual(top.map((t) => [t.account_id, t.score, t.exchanges]), [['acct_1', 0.9, 10], ['acct_2', 0.9, 10], ['ghost', 0.5, 0]]);
      assert.equal(top[0].first_seen, new Date(T0 + 1 * 1013 + 1).toISOString());
      assert.equal(top[0].last_seen, new Date(T0 + 28 * 1013 + 3).toISOString());
      assert.equal(top[0].flagged_at, '2026-11-02T00:00:05.000Z');
      assert.equal(top[2].first_seen, null);
      assert.equal((await s.topAccounts(0)).length, 0);
      await s.close();
    });

    it('keeps evidence, quarantine and scans in order across reopen', async () => {
      const s = await h.open('records');
      await s.writeEvidence([
        { account_id: 'a', ts: '2026-11-02T00:00:02Z', excerpt: 'second', signals: ['cot'] },
        { account_id: 'a', ts: '2026-11-02T00:00:01Z', exchange_id: 'req_1', excerpt: 'first', signals: ['cot', 'judge'] },
        { account_id: 'b', ts: '2026-11-02T00:00:01Z', excerpt: 'other', signals: [] },
      ]);
      await s.writeQuarantine([{ file: 'logs/a.jsonl', line: 7, reason: 'not JSON', raw: '{oops' }]);
      const scan = { scan_id: 'scan-1', started: '2026-11-02T00:00:00.000Z', finished: '2026-11-02T00:01:00.000Z', inputs: ['logs/'], counts: { exchanges: 1000, flagged: 3 }, throughput: 52_000.5 };
      await s.recordScan(scan);
      await s.recordScan({ ...scan, counts: { exchanges: 1001 } });
      await s.close();
      const s2 = await h.open('records');
      await s2.writeQuarantine([{ file: 'logs/a.jsonl', line: 9, reason: 'missing "id"', raw: '{}' }]);
      assert.deepEqual((await s2.evidence('a')).map((e) => [e.excerpt, e.exchange_id, e.signals]), [['first', 'req_1', ['cot', 'judge']], ['second', null, ['cot']]]);
      assert.deepEqual((await s2.quarantine()).map((q) => q.line), [7, 9]);
      assert.deepEqual(await s2.scans(), [{ ...scan, counts: { exchanges: 1001 } }]);
      await s2.close();
    });

    it('writes a partial batch after the flush interval without being asked', async () => {
      const s = await h.open('interval', { flushIntervalMs: 20 });
      const { ex, f } = fixtureExchange(0, mulberry32(29));
      s.appendExchange(ex, f);
      let n = 0;
      for (let tries = 0; tries < 250 && n === 0; tries++) {
        await new Promise((res) => setTimeout(res, 20));
        n = await s.exchangeCount();
      }
      assert.equal(n, 1);
      await s.close();
    });

    it('refuses use after close and closes twice without error', async () => {
      const s = await h.open('closed');
      await s.close();
      await s.close();
      const { ex, f } = fixtureExchange(0, mulberry32(31));
      assert.throws(() => s.appendExchange(ex, f), StoreError);
      await assert.rejects(s.exchangeCount(), StoreError);
      await assert.rejects(s.flush(), StoreError);
    });
  });
}
