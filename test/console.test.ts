/**
 * The analyst's path through the console, in a real browser against a real
 * `distillguard serve`: a labelled world is ingested through the API, an
 * analyst signs in, opens the top campaign, sees its graph and evidence,
 * confirms it with a note, and finds its accounts on the block list and the
 * decision in the audit log; a viewer sees no enabled action and the API
 * refuses the viewer's token. Screenshots go to test-artifacts/console/.
 *
 * Needs Debian's Chromium (`.ci/run` installs it) and the shared corpora; skips
 * with the reason when either is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { readLabels, ROOT, tmp, world, worldLines } from './helpers.js';
import { api, buildConsole, findChromium, ingest, inkPixels, launchChromium, settledCampaigns, startServe, stopServe, type Served } from './browser.js';

const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');

async function signIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
}

const chromiumPath = findChromium();

test('an analyst confirms the top campaign of a labelled world in the console; a viewer cannot act', { timeout: 600_000 }, async (t) => {
  if (!chromiumPath) return t.skip('chromium not found (set CHROMIUM or install Debian\'s chromium; .ci/run does)');
  const w = await world('mixed', 0.03, 5, 5);
  if (!w) return t.skip('shared corpora not found');
  buildConsole();
  mkdirSync(ARTIFACTS, { recursive: true });

  const dir = tmp('console');
  const tokens = join(dir, 'tokens.jsonl');
  writeFileSync(tokens, [
    { token: 'analyst-token-0123456789', role: 'analyst', name: 'Ada Analyst' },
    { token: 'viewer-token-0123456789', role: 'viewer', name: 'Vic Viewer' },
  ].map((x) => JSON.stringify(x)).join('\n') + '\n');
  const ANALYST = 'analyst-token-0123456789', VIEWER = 'viewer-token-0123456789';

  let served: Served | undefined;
  let browser: Browser | undefined;
  try {
    served = await startServe(['--store', join(dir, 'store.duckdb'), '--tokens', tokens, '--accounts', join(w, 'accounts.jsonl'), '--settle-ms', '500', '--workers', '0']);
    const base = served.url;
    const lines = worldLines(w);
    assert.equal(await ingest(base, ANALYST, lines), lines.length);
    const campaigns = await settledCampaigns(base, ANALYST);
    assert.ok(campaigns.length >= 2, `the world's campaigns are found (${campaigns.length})`);

    // The queue's top campaign is a real one: its accounts are the world's campaign accounts.
    const labels = new Map(readLabels(w).map((l) => [l.account_id, l.label]));
    const top = [...campaigns].sort((a, b) => b.score - a.score)[0]!;
    const precision = top.accounts.filter((a) => labels.get(a) === 'campaign').length / top.accounts.length;
    assert.ok(precision >= 0.9, `top campaign ${top.campaign_id}: ${(precision * 100).toFixed(0)}% of its ${top.accounts.length} accounts are labelled campaign`);

    browser = await launchChromium(chromiumPath);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // A token the service does not know is turned away at the door.
    await page.goto(base);
    await page.getByLabel('API token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('does not know this token').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '0-signin-refused.png') });

    await signIn(page, base, ANALYST);
    assert.match(await page.getByTestId('who').innerText(), /Ada Analyst\s+analyst/);
    await page.locator('table.queue tbody tr').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '1-queue.png'), fullPage: true });
    const firstRow = page.locator('table.queue tbody tr').first().locator('a.id');
    assert.equal(await firstRow.getAttribute('title'), top.campaign_id, 'the queue shows the highest-scored campaign first');

    // Sorting by size puts the largest campaign on top; sorting by score again restores the order.
    await page.getByRole('button', { name: /^Accounts/ }).click();
    const sizes = await page.locator('table.queue tbody tr td:nth-child(3)').allInnerTexts();
    assert.equal(Number(sizes[0]!.replace(/,/g, '')), Math.max(...campaigns.map((c) => c.accounts.length)), 'sorted by accounts, largest first');
    await page.getByRole('button', { name: /^Score/ }).click();
    if (await page.locator('th[aria-sort=descending]').innerText() !== 'Score ▼') await page.getByRole('button', { name: /^Score/ }).click();
    assert.equal(await firstRow.getAttribute('title'), top.campaign_id);

    await firstRow.click();
    await page.getByRole('heading', { name: /^Campaign/ }).waitFor();
    await page.locator('[data-testid=graph][data-rendered=true]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '2-campaign.png'), fullPage: true });
    // the canvas's background is #fbfcfd; nodes, edges and labels are what differ from it
    const ink = await inkPixels(page.getByTestId('graph'), [0xfb, 0xfc, 0xfd]);
    assert.ok(ink > 2000, `the graph canvas shows the accounts (${ink} drawn pixels)`);
    assert.equal(await page.getByText('The graph could not be drawn').count(), 0);
    const evidence = page.getByTestId('evidence').locator('li');
    assert.ok(await evidence.count() > 0, 'evidence samples are shown');

    // Confirm: the dialog refuses an empty note, then takes one.
    await page.getByTestId('campaign-actions').getByRole('button', { name: 'Confirm', exact: true }).click();
    const dialog = page.getByRole('dialog');
    assert.equal(await dialog.getByRole('button', { name: 'Confirm and block' }).isDisabled(), true, 'no decision without a note');
    const note = `Shared payment and sign-up addresses across ${top.accounts.length} accounts (console test)`;
    await dialog.getByLabel(/Note/).fill(note);
    await page.screenshot({ path: join(ARTIFACTS, '3-confirm-dialog.png') });
    await dialog.getByRole('button', { name: 'Confirm and block' }).click();
    await page.getByText(/This campaign is confirmed/).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '4-confirmed.png') });

    await page.getByRole('link', { name: 'Block list' }).click();
    await page.getByTestId('blocklist').waitFor();
    const blocked = new Set(await page.getByTestId('blocklist').locator('tbody tr td:first-child a.id').evaluateAll((as) => as.map((a) => a.getAttribute('title'))));
    for (const a of top.accounts) assert.ok(blocked.has(a), `${a} of the confirmed campaign is on the block list`);
    await page.screenshot({ path: join(ARTIFACTS, '5-blocklist.png'), fullPage: true });

    await page.getByRole('link', { name: 'Audit log' }).click();
    const audit = page.getByTestId('audit');
    await audit.waitFor();
    const row = audit.locator('tbody tr', { hasText: note });
    assert.equal(await row.count(), 1, 'the decision is in the audit log with its note');
    assert.match(await row.innerText(), /Ada Analyst/);
    assert.match(await row.innerText(), new RegExp(top.campaign_id));
    await page.screenshot({ path: join(ARTIFACTS, '6-audit.png'), fullPage: true });

    // The queue filtered to confirmed campaigns holds the decided one.
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByLabel('Status').selectOption('confirmed');
    await page.waitForFunction((id) => {
      const ids = [...document.querySelectorAll('table.queue tbody tr a.id')].map((a) => a.getAttribute('title'));
      return ids.length === 1 && ids[0] === id;
    }, top.campaign_id, { timeout: 10_000 });

    // An account of the campaign: reasons, and blocked.
    await page.goto(`${base}#/accounts/${encodeURIComponent(top.accounts[0]!)}`);
    await page.getByRole('heading', { name: /Why, strongest first/ }).waitFor();
    await page.getByTestId('account-actions').getByText('blocked').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '7-account.png'), fullPage: true });
    assert.deepEqual(pageErrors, [], 'no script errors in the console');

    // A viewer reads but every action is disabled, and the service refuses the token anyway.
    const other = campaigns.find((c) => c.campaign_id !== top.campaign_id) ?? top;
    const viewer = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(viewer, base, VIEWER);
    await viewer.getByText('signed in as a viewer').waitFor();
    await viewer.goto(`${base}#/campaigns/${encodeURIComponent(other.campaign_id)}`);
    const actions = viewer.getByTestId('campaign-actions').getByRole('button');
    await actions.first().waitFor();
    assert.ok(await actions.count() >= 2);
    for (const b of await actions.all()) assert.equal(await b.isDisabled(), true, `${await b.innerText()} is disabled for a viewer`);
    await viewer.screenshot({ path: join(ARTIFACTS, '8-viewer-campaign.png') });
    await viewer.goto(`${base}#/accounts/${encodeURIComponent(other.accounts[0]!)}`);
    await viewer.getByRole('heading', { name: /Why, strongest first/ }).waitFor();
    for (const b of await viewer.getByTestId('account-actions').getByRole('button').all()) assert.equal(await b.isDisabled(), true);
    const refused = await api<{ error: { code: string } }>(base, VIEWER, `campaigns/${encodeURIComponent(other.campaign_id)}/decision`, { method: 'POST', body: JSON.stringify({ action: 'confirm', note: 'viewer tries' }) });
    assert.equal(refused.status, 403);
    const still = await api<{ status: string }>(base, ANALYST, `campaigns/${encodeURIComponent(other.campaign_id)}`);
    assert.equal(still.data.status, other.campaign_id === top.campaign_id ? 'confirmed' : 'open');

    // A token the service stops accepting sends the tab back to sign in, saying why.
    await viewer.evaluate(() => sessionStorage.setItem('distillguard.token', 'revoked-token'));
    await viewer.reload();
    await viewer.getByText('no longer accepts your token').waitFor();
    assert.equal(await viewer.getByLabel('API token').count(), 1);
  } catch (e) {
    if (served) process.stderr.write(`serve's stderr:\n${served.stderr().slice(-4000)}\n`);
    throw e;
  } finally {
    await browser?.close();
    await stopServe(served);
    rmSync(dir, { recursive: true, force: true });
    rmSync(w, { recursive: true, force: true });
  }
});
