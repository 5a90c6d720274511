/**
 * How long the console's campaign page takes to render, in Debian's Chromium:
 * from asking for the page to the graph painted and the evidence shown.
 *
 * Two measurements in one run:
 *  - served: a simulated world ingested into a real `distillguard serve`,
 *    its largest campaign opened (API time included);
 *  - synthetic: the same page fed a campaign of --synthetic accounts (with
 *    --edges-per-account links each) through an intercepted API call, so the
 *    cost of drawing a campaign larger than the world's is measured on its own.
 *
 *   npm run bench:console -- [--scenario incident] [--scale 0.04] [--days 5] [--synthetic 5000] [--runs 5]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { simulateWorld } from '../src/simulate/index.js';
import { corporaDir } from '../src/features/corpora.js';
import { api, buildConsole, findChromium, ingest, launchChromium, settledCampaigns, startServe, stopServe, type Served } from '../test/browser.js';
import { tmp, worldLines } from '../test/helpers.js';

const { values: o } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'incident' },
    scale: { type: 'string', default: '0.04' },
    days: { type: 'string', default: '5' },
    seed: { type: 'string', default: '11' },
    synthetic: { type: 'string', default: '5000' },
    'edges-per-account': { type: 'string', default: '6' },
    runs: { type: 'string', default: '5' },
    'no-served': { type: 'boolean', default: false },
  },
});
const RUNS = Number(o.runs);
const TOKEN = 'bench-analyst-token-0123456789';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Opens a campaign in a signed-in tab and waits for sigma's first frame and the evidence (or its empty state). */
async function renderOnce(browser: Browser, base: string, id: string, prepare?: (p: Page) => Promise<unknown>): Promise<number> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await ctx.addInitScript((t) => sessionStorage.setItem('distillguard.token', t), TOKEN);
  const page = await ctx.newPage();
  if (prepare) await prepare(page);
  // load the shell first: what is timed is the campaign page, as after a click in the queue
  await page.goto(base);
  await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
  const t0 = Date.now();
  await page.evaluate((h) => { window.location.hash = h; }, `#/campaigns/${encodeURIComponent(id)}`);
  await page.locator('[data-testid=evidence]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=graph][data-rendered=true]').waitFor({ timeout: 60_000 });
  const ms = Date.now() - t0;
  await ctx.close();
  return ms;
}

function syntheticCampaign(n: number, perAccount: number) {
  const ids = Array.from({ length: n }, (_, i) => `acct_synthetic_${i.toString(36).padStart(6, '0')}`);
  const keys = ['ip', 'payment', 'template', 'ua', 'subnet', 'signup'];
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const edges = [];
  for (let i = 1; i < n; i++) for (let k = 0; k < perAccount; k++) {
    edges.push({ source: ids[i]!, target: ids[Math.floor(rnd() * i)]!, key: keys[Math.floor(rnd() * keys.length)]!, detail: 'shared value' });
  }
  const reasons = [{ signal: 'campaign.member', weight: 1, detail: 'member of a synthetic campaign' }];
  const t0 = Date.parse('2026-05-01T00:00:00Z');
  return {
    campaign: {
      campaign_id: 'c_synthetic', accounts: ids, exchanges: n * 300, first_seen: '2026-05-01T00:00:00Z', last_seen: '2026-05-15T00:00:00Z',
      score: 0.99, signals: ['linkage.ip', 'linkage.payment'], summary: `${n} synthetic accounts`, status: 'open', decision: null,
    },
    accounts: ids.map((id, i) => ({ account_id: id, verdict: i % 10 ? 'block' : 'review', score: 0.6 + 0.4 * rnd(), flagged_at: '2026-05-02T00:00:00Z', campaign_id: 'c_synthetic', reasons })),
    graph: { nodes: ids.map((id, i) => ({ id, verdict: i % 10 ? 'block' : 'review', score: 0.6 + 0.4 * rnd(), campaign_id: 'c_synthetic' })), edges },
    timeline: Array.from({ length: 14 * 24 }, (_, i) => ({ t: new Date(t0 + i * 3_600_000).toISOString(), exchanges: Math.floor(rnd() * 500) })),
    evidence: ids.slice(0, 50).map((id) => ({ account_id: id, ts: '2026-05-02T00:00:00Z', excerpt: 'Solve step by step and explain each step: '.repeat(4), signals: ['reasoning'] })),
  };
}

async function main(): Promise<void> {
  const chromiumPath = findChromium();
  if (!chromiumPath) throw new Error('chromium not found (set CHROMIUM)');
  buildConsole();
  const dir = tmp('bench-console');
  const tokens = join(dir, 'tokens.jsonl');
  writeFileSync(tokens, JSON.stringify({ token: TOKEN, role: 'analyst', name: 'Bench' }) + '\n');
  let served: Served | undefined;
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(chromiumPath);
    let base: string;
    const results: Record<string, unknown> = {};
    if (!o['no-served']) {
      const corpus = corporaDir();
      if (!corpus) throw new Error('shared corpora not found');
      const w = join(dir, 'world');
      mkdirSync(w);
      const t = Date.now();
      await simulateWorld({ scenario: o.scenario!, scale: Number(o.scale), seed: Number(o.seed), days: Number(o.days), corpus, out: w });
      const lines = worldLines(w);
      served = await startServe(['--store', join(dir, 'store.duckdb'), '--tokens', tokens, '--accounts', join(w, 'accounts.jsonl'), '--settle-ms', '1000']);
      base = served.url;
      await ingest(base, TOKEN, lines);
      const campaigns = await settledCampaigns(base, TOKEN, 900_000);
      const health = await fetch(new URL('healthz', base)).then((r) => r.json()) as { exchanges?: number; accounts?: number };
      const biggest = [...campaigns].sort((a, b) => b.accounts.length - a.accounts.length)[0]!;
      const apiMs: number[] = [];
      let edges = 0;
      for (let i = 0; i < RUNS; i++) {
        const a0 = performance.now();
        const r = await api<{ graph: { edges: unknown[] } }>(base, TOKEN, `campaigns/${encodeURIComponent(biggest.campaign_id)}`);
        apiMs.push(performance.now() - a0);
        edges = r.data.graph.edges.length;
      }
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) ms.push(await renderOnce(browser, base, biggest.campaign_id));
      results.served = {
        world: `${o.scenario} scale ${o.scale}, ${o.days} days: ${lines.length} exchanges`, store: health, setupSeconds: Math.round((Date.now() - t) / 1000),
        campaign: biggest.campaign_id, accounts: biggest.accounts.length, edges, apiMedianMs: Math.round(median(apiMs)),
        renderMedianMs: median(ms), renderMaxMs: Math.max(...ms),
      };
    } else {
      served = await startServe(['--store', join(dir, 'store.duckdb'), '--tokens', tokens]);
      base = served.url;
    }
    const n = Number(o.synthetic);
    if (n > 0) {
      const body = JSON.stringify(syntheticCampaign(n, Number(o['edges-per-account'])));
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        ms.push(await renderOnce(browser, base, 'c_synthetic', (p) => p.route('**/api/v1/campaigns/c_synthetic', (r) => r.fulfill({ status: 200, contentType: 'application/json', body }))));
      }
      results.synthetic = { accounts: n, edges: (n - 1) * Number(o['edges-per-account']), bodyBytes: body.length, renderMedianMs: median(ms), renderMaxMs: Math.max(...ms) };
    }
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await browser?.close();
    await stopServe(served);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
