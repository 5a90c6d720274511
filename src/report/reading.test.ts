/**
 * The report as a person reads it: a page that stays short however many
 * accounts are flagged (cards open on demand, the accounts table paged), ids
 * on one line, links that say which key their accounts share, and the same
 * counts in a campaign's header, summary and graph. The layout checks run in
 * Chromium when it is installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Campaign, Verdict } from '../contract/types.js';
import { buildReportData, type AccountView, type EngineView } from './build.js';
import { makeReportData } from './fixture.js';
import { LIMITS, renderReport } from './html.js';

const CHROMIUM = '/usr/bin/chromium';

function view(id: string, verdict: AccountView['verdict'] = 'block'): AccountView {
  return { id, n: 10, firstMs: 0, lastMs: 1000, score: 0.9, verdict };
}

test('a campaign\'s graph is its accounts as listed, every link named by the key behind it', () => {
  const members = ['m1', 'm2', 'm3', 'm4'];
  const accounts = new Map([...members, 'gone'].map((id) => [id, view(id)] as const));
  const campaign: Campaign = { campaign_id: 'c_1', accounts: members, exchanges: 40, first_seen: '2026-11-02T00:00:00Z', last_seen: '2026-11-02T01:00:00Z', score: 0.9, signals: [], summary: '4 accounts, 40 exchanges since 2026-11-02', shared: [{ kind: 'ip_range', value: '198.51.100.0/24', accounts: 4 }] };
  const engine: EngineView = {
    accounts,
    verdictOf: (s): Verdict => ({ account_id: s.id, verdict: s.verdict, score: s.score, flagged_at: null, campaign_id: 'c_1', reasons: [] }),
    campaignList: () => [campaign],
    // the linkage drew the cluster at its last sweep: with an account since placed elsewhere, without m4
    campaignFindings: () => [{ campaignId: 'c_1', graph: { nodes: ['m1', 'm2', 'm3', 'gone'].map((id) => ({ id, score: 0.9 })), edges: [
      { source: 'm1', target: 'm2', kind: 'infrastructure', weight: 1 },
      { source: 'm2', target: 'm3', kind: 'identity', weight: 1 },
      { source: 'm3', target: 'gone', kind: 'infrastructure', weight: 1 },
    ] } }],
    sharedKey: (a, b, group) => (group === 'identity' ? { kind: 'payment instrument', value: 'sha256:ab12…' } : { kind: 'IP range', value: `198.51.100.0/24 (${a}-${b})` }),
  };
  const data = buildReportData({ scan: { files: [], exchanges: 40, accounts: 5, review: 0, block: 5, quarantined: 0, elapsedMs: 1, firstTs: null, lastTs: null }, engine, thresholds: { review: 0.6, block: 0.85 } });
  const g = data.campaigns[0]!.graph!;
  assert.deepEqual(g.nodes.map((n) => n.id).sort(), members, 'the account placed elsewhere is out, the undrawn member in');
  assert.deepEqual(g.edges.map((e) => e.key), [{ kind: 'IP range', value: '198.51.100.0/24 (m1-m2)' }, { kind: 'payment instrument', value: 'sha256:ab12…' }]);
  const page = renderReport(data);
  assert.match(page, /<title>shared IP range 198\.51\.100\.0\/24 \(m1-m2\) \(infrastructure\)<\/title>/);
  assert.match(page, /<title>shared payment instrument sha256:ab12… \(identity\)<\/title>/);
  assert.match(page, /Drawn links by the key behind them: IP range 1, payment instrument 1/);
  assert.match(page, /4 of the 4 accounts and 2 links drawn/);
  assert.match(page, /IP ranges<\/dt><dd><span class="mono">198\.51\.100\.0\/24<\/span> <span class="note">\(4\)/);
});

test('account cards are closed until opened, campaign cards after the first few too, and a long accounts table is paged', () => {
  const data = makeReportData({ accounts: 600, campaigns: 6, campaignSize: 12 });
  const page = renderReport(data);
  const accountCards = page.match(/<article class="card" id="a\d+"><details>/g) ?? [];
  assert.ok(accountCards.length > LIMITS.accountPage, 'more cards than a page');
  assert.equal((page.match(/<article class="card" id="a\d+"><details open/g) ?? []).length, 0);
  assert.equal((page.match(/<article class="card" id="c\d+"><details open>/g) ?? []).length, LIMITS.openCampaignCards);
  assert.equal((page.match(/<article class="card" id="c\d+"><details>/g) ?? []).length, 6 - LIMITS.openCampaignCards);
  assert.match(page, new RegExp(`<table class="sortable" id="account-table" data-page="${LIMITS.accountPage}">`));
});

test('in Chromium: the page stays short for many flagged accounts, ids do not wrap, and a link to a card opens it', async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip('Chromium is not installed (/usr/bin/chromium)');
  const { chromium } = await import('playwright-core');
  const data = makeReportData({ accounts: 600, campaigns: 6, campaignSize: 12 });
  const long = 'acct_' + 'x7'.repeat(30); // 65 characters, wider than its column
  data.accounts[0]!.verdict.account_id = long;
  const file = join(mkdtempSync(join(tmpdir(), 'dg-report-')), 'report.html');
  writeFileSync(file, renderReport(data));
  const flagged = data.accounts.filter((a) => a.verdict.verdict !== 'allow').length;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 2000 } });
    await page.goto('file://' + file);
    const r = await page.evaluate((id) => {
      const shownRows = [...document.querySelectorAll('#account-table tbody tr')].filter((tr) => !(tr as HTMLElement).hidden).length;
      const cell = [...document.querySelectorAll('#account-table td.id a')].find((a) => a.textContent === id)!;
      (cell.closest('tr') as HTMLElement).hidden = false;
      return {
        shownRows,
        height: document.documentElement.scrollHeight,
        lines: cell.getClientRects().length,
        cellHeight: cell.getBoundingClientRect().height,
        lineHeight: parseFloat(getComputedStyle(cell).lineHeight) || 20,
        pager: document.querySelector('.pager span')?.textContent,
      };
    }, long);
    // two screens of summary and campaigns, a page of the table, a line per closed card
    assert.ok(r.height < 20_000, `page is ${r.height} px tall for ${flagged} flagged accounts`);
    assert.equal(r.shownRows, LIMITS.accountPage);
    assert.equal(r.pager, `rows 1–${LIMITS.accountPage} of ${flagged}`);
    assert.equal(r.lines, 1, 'the long id is one line');
    assert.ok(r.cellHeight < 1.6 * r.lineHeight, `id is ${r.cellHeight} px high`);
    await page.goto('file://' + file + '#a7');
    assert.equal(await page.evaluate(() => (document.querySelector('#a7 > details') as HTMLDetailsElement).open), true);
    await page.goto('file://' + file + `#r${LIMITS.accountPage + 3}`);
    assert.equal(await page.evaluate((id) => !(document.getElementById(id) as HTMLElement).hidden, `r${LIMITS.accountPage + 3}`), true, 'a row on a later page is shown when linked to');
  } finally {
    await browser.close();
  }
});
