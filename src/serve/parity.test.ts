import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../engine/scan.js';
import type { Campaign, Verdict } from '../contract/types.js';
import { NO_CORPORA, client, testServer, world, type World } from './testing.js';
import { DirectoryWatcher } from './watch.js';

/** What scan wrote for the world, once per process. */
let scanned: { verdicts: Verdict[]; campaigns: Campaign[] } | undefined;
async function scanOf(w: World) {
  if (!scanned) {
    const out = mkdtempSync(join(tmpdir(), 'distillguard-serve-scan-'));
    await scan({ inputs: [w.logs], accounts: w.accounts, out, store: false });
    scanned = {
      verdicts: readFileSync(join(out, 'verdicts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)),
      campaigns: JSON.parse(readFileSync(join(out, 'campaigns.json'), 'utf8')),
    };
    rmSync(out, { recursive: true, force: true });
  }
  return scanned;
}

function sameAsScan(got: Verdict[], want: Verdict[]): void {
  const byId = new Map(got.map((v) => [v.account_id, v]));
  assert.equal(got.length, want.length, 'one verdict per account seen');
  for (const v of want) {
    const g = byId.get(v.account_id);
    assert.ok(g, `${v.account_id} judged`);
    assert.deepEqual([g.verdict, g.score, g.flagged_at, g.campaign_id], [v.verdict, v.score, v.flagged_at, v.campaign_id], v.account_id);
  }
}

describe('a labelled world gives the verdicts scan gives', { skip: NO_CORPORA }, () => {
  let w: World;
  before(async () => {
    w = await world();
  });

  test('posted to the API in batches', async () => {
    const want = await scanOf(w);
    // the world must be worth comparing: campaigns caught, benign accounts left alone
    const flagged = new Set(want.verdicts.filter((v) => v.verdict !== 'allow').map((v) => v.account_id));
    const campaign = w.labels.filter((l) => l.label === 'campaign');
    const benign = w.labels.filter((l) => l.label === 'benign');
    assert.ok(campaign.filter((l) => flagged.has(l.account_id)).length / campaign.length > 0.5, 'scan catches most campaign accounts');
    assert.ok(benign.filter((l) => flagged.has(l.account_id)).length / benign.length < 0.1);

    const s = await testServer({ accounts: w.accounts, workers: 1 });
    try {
      const api = client(s.url);
      for (let i = 0; i < w.lines.length; i += 3000) {
        const r = await api('/api/v1/exchanges', { method: 'POST', as: 'analyst', body: w.lines.slice(i, i + 3000).join('\n') });
        assert.equal(r.status, 200, r.text);
      }
      await s.service.settle();
      const got: Verdict[] = [];
      let cursor: string | null = null;
      do {
        const page: { json: { accounts: (Verdict & { status: string })[]; next_cursor: string | null } } = await api(`/api/v1/accounts?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
        got.push(...page.json.accounts);
        cursor = page.json.next_cursor;
      } while (cursor);
      sameAsScan(got, want.verdicts);
      const campaigns = (await api('/api/v1/campaigns?limit=1000')).json.campaigns as (Campaign & { status: string })[];
      assert.deepEqual(
        campaigns.map(({ status: _, decision: __, ...c }: Campaign & { status: string; decision?: unknown }) => c).sort((a, b) => (a.campaign_id < b.campaign_id ? -1 : 1)),
        [...want.campaigns].sort((a, b) => (a.campaign_id < b.campaign_id ? -1 : 1)),
      );
    } finally {
      await s.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  test('written into a watched directory as it grows', async () => {
    const want = await scanOf(w);
    const s = await testServer({ accounts: w.accounts });
    const inbox = join(s.dir, 'inbox');
    mkdirSync(inbox);
    const watcher = new DirectoryWatcher(inbox, s.service, join(s.dir, 'watch.json'));
    try {
      const half = Math.floor(w.lines.length / 2);
      writeFileSync(join(inbox, 'a.jsonl'), w.lines.slice(0, half).join('\n') + '\n' + w.lines[half].slice(0, 40));
      await watcher.poll();
      assert.equal(s.service.health().exchanges, half, 'a line still being written waits');
      appendFileSync(join(inbox, 'a.jsonl'), w.lines[half].slice(40) + '\n' + w.lines.slice(half + 1).join('\n') + '\n');
      writeFileSync(join(inbox, 'notes.txt'), 'not a log');
      await watcher.poll();
      await watcher.poll();
      assert.equal(s.service.health().exchanges, w.lines.length);
      await s.service.settle();
      sameAsScan(s.service.verdicts(), want.verdicts);
      // a watcher started again reads nothing twice
      const again = new DirectoryWatcher(inbox, s.service, join(s.dir, 'watch.json'));
      await again.poll();
      assert.equal(s.service.health().exchanges, w.lines.length);
    } finally {
      await watcher.stop();
      await s.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
});
