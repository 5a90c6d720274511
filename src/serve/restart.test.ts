import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { NO_CORPORA, client, testServer, world } from './testing.js';
import { openStore } from '../store/store.js';

test('a restart keeps verdicts, campaigns and their ids, statuses, blocks, annotations, the audit log and the quarantine', { skip: NO_CORPORA }, async () => {
  const w = await world();
  let s = await testServer({ accounts: w.accounts });
  const dir = s.dir;
  try {
    let api = client(s.url);
    // two batches with a quiet moment between them: the replay must settle where the live run did
    const half = Math.floor(w.lines.length / 2);
    await api('/api/v1/exchanges', { method: 'POST', as: 'analyst', body: w.lines.slice(0, half).join('\n') + '\nnot json\n' });
    await s.service.settle();
    await api('/api/v1/exchanges', { method: 'POST', as: 'analyst', body: w.lines.slice(half).join('\n') });
    await s.service.settle();
    const campaigns = (await api('/api/v1/campaigns?limit=1000')).json.campaigns as { campaign_id: string; accounts: string[] }[];
    assert.ok(campaigns.length >= 2);
    const [first, second] = campaigns;
    await api(`/api/v1/campaigns/${first.campaign_id}/decision`, { method: 'POST', as: 'analyst', json: { action: 'confirm', note: 'confirmed before restart' } });
    await api(`/api/v1/campaigns/${second.campaign_id}/decision`, { method: 'POST', as: 'analyst', json: { action: 'dismiss', note: 'a class behind one NAT' } });
    const loner = (await api('/api/v1/accounts?status=active&limit=1')).json.accounts[0].account_id;
    await api(`/api/v1/accounts/${loner}/block`, { method: 'POST', as: 'analyst', json: { note: 'by hand' } });
    await api('/api/v1/annotations', { method: 'POST', as: 'analyst', json: { target: `campaign:${first.campaign_id}`, note: 'look at the card' } });

    const snapshot = async () => ({
      accounts: (await api('/api/v1/accounts?limit=1000')).json,
      campaigns: (await api('/api/v1/campaigns?limit=1000')).json,
      page: (await api(`/api/v1/campaigns/${first.campaign_id}`)).json,
      audit: (await api('/api/v1/audit?limit=1000')).json,
      blocklist: (await api('/api/v1/blocklist')).json.accounts,
      quarantine: (await api('/api/v1/quarantine')).json,
    });
    const before = await snapshot();
    assert.ok(before.accounts.accounts.length > 100);
    const exchanges = s.service.health().exchanges;
    await s.close();

    s = await testServer({ dir, accounts: w.accounts });
    api = client(s.url);
    const afterRestart = await snapshot();
    assert.equal(s.service.health().exchanges, exchanges);
    assert.deepEqual(afterRestart.accounts, before.accounts);
    assert.deepEqual(afterRestart.campaigns, before.campaigns);
    assert.deepEqual(afterRestart.page, before.page);
    assert.deepEqual(afterRestart.audit, before.audit);
    assert.deepEqual(afterRestart.blocklist, before.blocklist);
    assert.deepEqual(afterRestart.quarantine, before.quarantine);
    assert.equal(s.service.audit.verify(), null);
    // the replay wrote no second set of automatic actions
    assert.equal(s.service.audit.size, before.audit.entries.length);
    await s.close();

    // the store was rebuilt from the journal: every exchange once, verdicts and campaigns written
    const store = await openStore({ kind: 'duckdb', path: `${dir}/store.duckdb` });
    try {
      assert.equal(await store.exchangeCount(), exchanges);
      const v = await store.verdict(first.accounts[0]);
      assert.equal(v?.campaign_id, first.campaign_id);
      assert.ok(await store.campaign(first.campaign_id));
    } finally {
      await store.close();
    }

    // a journal torn by a crash mid-line loses only that line
    appendFileSync(`${dir}/store.duckdb.journal.jsonl`, '{"id":"torn","ts":"2026-05');
    s = await testServer({ dir, accounts: w.accounts });
    assert.equal(s.service.health().exchanges, exchanges);
    assert.ok(readFileSync(`${dir}/store.duckdb.audit.jsonl`, 'utf8').includes('confirmed before restart'));
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a store that serve did not write is refused rather than overwritten', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(`${tmpdir()}/distillguard-serve-foreign-`);
  writeFileSync(`${dir}/store.duckdb`, 'a scan\'s store');
  try {
    await assert.rejects(testServer({ dir }), /not written by serve/);
    assert.equal(readFileSync(`${dir}/store.duckdb`, 'utf8'), 'a scan\'s store');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
