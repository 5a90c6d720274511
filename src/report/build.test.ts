import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../contract/types.js';
import { Engine } from '../engine/engine.js';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { ActivityRecorder } from './activity.js';
import { buildReportData, type EngineView } from './build.js';
import { loadCorpusPrompts } from './fixture.js';
import { renderReport } from './html.js';
import { lcg } from '../util/random.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-04-24T00:00:00Z');

test('the activity recorder widens its buckets and never loses a count', () => {
  const rec = new ActivityRecorder({ buckets: 8, totalBuckets: 16 });
  let n = 0;
  for (let h = 0; h < 100; h++) {
    for (let k = 0; k <= h % 3; k++) { rec.append({ account_id: h % 2 ? 'a' : 'b', tsMs: T0 + h * HOUR + k }); n++; }
  }
  const a = rec.account('a')!, b = rec.account('b')!, total = rec.total()!;
  const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((x, y) => x + y, 0);
  assert.equal(sum(a.counts) + sum(b.counts), n);
  assert.equal(sum(total.counts), n);
  assert.ok(a.counts.length <= 8 && total.counts.length <= 16);
  assert.ok(a.bucketMs * 8 >= 100 * HOUR, 'the grid covers the whole span');
  assert.equal(sum(rec.sum(['a', 'b', 'nobody'])!.counts), n);
  assert.equal(rec.account('nobody'), undefined);
  assert.equal(new ActivityRecorder().total(), undefined);
});

test('the activity recorder keeps each of thousands of accounts to its own series, bucket by bucket, across widenings', () => {
  const rec = new ActivityRecorder({ buckets: 8, totalBuckets: 16 });
  const accounts = 2500; // more than two of the recorder's 1,024-account chunks
  const hits: [number, number][] = [];
  const rnd = lcg(9);
  for (let i = 0; i < 40_000; i++) {
    const acct = Math.floor(rnd() * accounts);
    const t = T0 + Math.floor(i / 200) * HOUR + Math.floor(rnd() * HOUR); // in time order over 200 h: the 8 hourly buckets widen 5 times
    hits.push([acct, t]);
    rec.append({ account_id: `a${acct}`, tsMs: t });
  }
  for (const probe of [0, 1, 1023, 1024, 2047, 2048, 2499]) {
    const got = rec.account(`a${probe}`);
    const mine = hits.filter((h) => h[0] === probe);
    if (!mine.length) continue;
    const want = new Array(got!.counts.length).fill(0);
    for (const [, t] of mine) want[Math.floor((t - T0) / got!.bucketMs)]++;
    assert.equal(got!.bucketMs, 32 * HOUR);
    assert.deepEqual(got!.counts, want, `account ${probe}`);
  }
});

test('an exchange older than the first one seen is counted in the first bucket', () => {
  const rec = new ActivityRecorder();
  rec.append({ account_id: 'a', tsMs: T0 + 5 * HOUR });
  rec.append({ account_id: 'a', tsMs: T0 });
  rec.append({ account_id: 'a', tsMs: Number.NaN });
  assert.deepEqual(Array.from(rec.account('a')!.counts), [2]);
});

test('report data built from an engine view carries campaigns, graphs, verdicts and evidence', () => {
  const rec = new ActivityRecorder();
  const states = new Map([
    ['x1', { id: 'x1', n: 3, firstMs: T0, lastMs: T0 + HOUR, hours: new Uint32Array(24).fill(1), evidence: [{ ts: '2026-04-24T00:00:00Z', excerpt: 'Think step by step', intents: ['cot'] }], score: 0.9, verdict: 'block' as const }],
    ['x2', { id: 'x2', n: 2, firstMs: T0, lastMs: T0 + HOUR, score: 0.7, verdict: 'review' as const }],
    ['ok', { id: 'ok', n: 9, firstMs: T0, lastMs: T0 + 2 * HOUR, score: 0.1, verdict: 'allow' as const }],
  ]);
  for (const s of states.values()) for (let i = 0; i < s.n; i++) rec.append({ account_id: s.id, tsMs: s.firstMs + i * 60_000 });
  const engine: EngineView = {
    accounts: states,
    verdictOf: (s) => ({ account_id: s.id, verdict: s.verdict, score: s.score, flagged_at: s.verdict === 'allow' ? null : '2026-04-24T00:30:00Z', campaign_id: s.verdict === 'allow' ? null : 'c_1', reasons: [{ signal: 'content.cot', weight: 0.5, detail: 'asks for reasoning' }] }),
    campaignList: () => [{ campaign_id: 'c_1', accounts: ['x1', 'x2'], exchanges: 5, first_seen: '2026-04-24T00:00:00Z', last_seen: '2026-04-24T01:00:00Z', score: 0.88, signals: ['linkage.identity'], summary: '2 accounts sharing a card' }],
    campaignFindings: () => [{ campaignId: 'c_1', graph: { nodes: [{ id: 'x1', score: 0.9, core: true }, { id: 'x2', score: 0.7, core: false }], edges: [{ source: 'x1', target: 'x2', kind: 'identity', weight: 2 }] } }],
  };
  const data = buildReportData({ scan: { files: ['logs/'], exchanges: 14, accounts: 3, review: 1, block: 1, quarantined: 0, elapsedMs: 10, firstTs: '2026-04-24T00:00:00Z', lastTs: '2026-04-24T02:00:00Z' }, engine, thresholds: { review: 0.6, block: 0.85 }, activity: rec });
  assert.deepEqual(data.accounts.map((a) => a.verdict.account_id), ['x1', 'x2', 'ok']);
  assert.equal(data.campaigns[0]!.graph!.edges.length, 1);
  assert.deepEqual(data.campaigns[0]!.graph!.nodes.map((n) => n.verdict), ['block', 'review']);
  assert.equal(Array.from(data.campaigns[0]!.activity!.counts).reduce((x, y) => x + y, 0), 5);
  assert.deepEqual(data.accounts[0]!.evidence![0]!.intents, ['cot']);
  assert.equal(Array.from(data.scoreHistogram!).reduce((x, y) => x + y, 0), 3);
  const page = renderReport(data);
  assert.match(page, /<svg class="graph"/);
  assert.match(page, /step-by-step reasoning/);
});

test('a scan through the real engine renders a report with its flagged accounts', () => {
  const prompts = loadCorpusPrompts(['gsm8k', 'oasst-prompts'], 80);
  if (!prompts) { console.log('# skipped: ../shared/corpora not found'); return; }
  const rec = new ActivityRecorder();
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, sinks: [rec] });
  let id = 0;
  // 6 accounts: 3 send step-by-step sweeps every 30 s round the clock, 3 chat now and then.
  for (let i = 0; i < 2400; i++) {
    const harvester = i % 2 === 0;
    const acct = harvester ? `h${i % 3}` : `u${i % 3}`;
    const tsMs = T0 + i * 30_000 + (harvester ? 0 : (i * 7919) % 20_000);
    const p = prompts[(i * 31) % prompts.length]!;
    const ex: Exchange = {
      id: `r${id++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: acct,
      user_agent: harvester ? 'python-httpx/0.27' : 'Mozilla/5.0',
      request: { messages: [{ role: 'user', content: harvester ? `Solve step by step, showing all of your reasoning before the answer.\n\n${p}` : p }], max_tokens: harvester ? 8192 : 512 },
      response: { text: 'ok '.repeat(harvester ? 400 : 40), stop_reason: 'end_turn' },
      usage: { input_tokens: 60, output_tokens: harvester ? 1200 : 120 },
    };
    engine.push(ex);
  }
  engine.finish();
  const verdicts = engine.verdicts();
  const data = buildReportData({
    scan: { files: ['mem'], exchanges: engine.stats.exchanges, accounts: verdicts.length, review: verdicts.filter((v) => v.verdict === 'review').length, block: verdicts.filter((v) => v.verdict === 'block').length, quarantined: 0, elapsedMs: 1, firstTs: new Date(engine.stats.firstMs).toISOString(), lastTs: new Date(engine.stats.lastMs).toISOString() },
    engine, thresholds: { review: 0.6, block: 0.85 }, activity: rec,
  });
  assert.equal(data.accounts.length, 6);
  const page = renderReport(data);
  for (const v of verdicts) assert.ok(page.includes(`>${v.account_id}<`) || v.verdict === 'allow', v.account_id);
  assert.equal(Array.from(data.activity!.counts).reduce((x, y) => x + y, 0), 2400);
  assert.ok(!page.includes('could not be drawn'));
});
